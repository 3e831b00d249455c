import { readdir, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { deployTarget } from '../../src/deploy/deploy-target.js';
import type { DeploymentRecord } from '../../src/deploy/records/deployments.js';
import { targetRuntimeState } from '../../src/deploy/runtime-state.js';
import { targetLogs, targetStatus } from '../../src/deploy/target-control.js';
import { gitResolve } from '../../src/store/git.js';
import { type FakeCall, makeSandbox, type Sandbox } from '../fixtures/deploy-sandbox.js';
import { type CloudTargetId, createCloudProject, SECRETS } from './cloud-project.js';

const VALUES = Object.values(SECRETS);

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}

interface RenderRequest {
  method: string;
  url: string;
  authorization: string;
  body: string;
}

describe('cloud platforms through their CLIs (stand-ins on PATH)', () => {
  let box: Sandbox;
  let dir: string;
  let projectId: string;
  let head: string;
  let renderApi: Server;
  let renderUrl: string;
  const renderRequests: RenderRequest[] = [];

  beforeAll(async () => {
    box = await makeSandbox();
    ({ dir, projectId } = await createCloudProject(box));
    head = await gitResolve(dir, 'HEAD');
    renderApi = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => {
        body += c.toString();
      });
      req.on('end', () => {
        renderRequests.push({
          method: req.method ?? '',
          url: req.url ?? '',
          authorization: req.headers.authorization ?? '',
          body,
        });
        // The service itself (GET) names its public URL, as Render's API does.
        const service =
          req.method === 'GET' && req.url === '/v1/services/srv-abc123'
            ? JSON.stringify({ id: 'srv-abc123', serviceDetails: { url: 'https://acme-rend.onrender.com' } })
            : '{}';
        res.writeHead(200, { 'content-type': 'application/json' }).end(service);
      });
    });
    await new Promise<void>((r) => renderApi.listen(0, '127.0.0.1', () => r()));
    const address = renderApi.address();
    renderUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  });
  afterAll(async () => {
    await new Promise((r) => renderApi.close(r));
    await box.cleanup();
  });
  beforeEach(async () => {
    await rm(box.fakeLog, { force: true });
    renderRequests.length = 0;
  });

  async function deploy(targetId: CloudTargetId, scenario = 'success', extraEnv: NodeJS.ProcessEnv = {}) {
    const lines: string[] = [];
    const record = await deployTarget(
      { projectDir: dir, targetId },
      {
        workspace: box.workspace,
        env: {
          ...box.env,
          FAKE_CLI_SCENARIO: scenario,
          RENDER_API_KEY: 'rnd_test_key',
          CATALYST_RENDER_API_URL: renderUrl,
          // The vault passphrase is in Catalyst's environment; no platform CLI may inherit it.
          CATALYST_SECRET_KEY: 'a test passphrase of enough length',
          ...extraEnv,
        },
        onLog: (l) => lines.push(l),
      },
    );
    return { record, lines, calls: await box.calls() };
  }

  const appDir = (targetId: string) => path.join(dir, '.catalyst', 'deploy', targetId, head.slice(0, 12));
  const commands = (calls: FakeCall[]) => calls.map((c) => [c.tool, ...c.args].join(' '));

  /** Secrets travel only on stdin of `allowed` commands: never argv, env, logs or generated files. */
  async function expectSecretsContained(
    targetId: string,
    record: DeploymentRecord,
    calls: FakeCall[],
    allowedStdin: string[],
  ) {
    for (const call of calls) {
      expect(call.env.CATALYST_SECRET_KEY).toBeUndefined();
      const command = [call.tool, ...call.args].join(' ');
      for (const value of VALUES) {
        expect(command).not.toContain(value);
        expect(JSON.stringify(call.env)).not.toContain(value);
        if (!allowedStdin.includes(command)) expect(call.stdin).not.toContain(value);
      }
    }
    for (const value of VALUES) expect(record.logs).not.toContain(value);
    for (const file of await filesUnder(appDir(targetId))) {
      const text = await readFile(file, 'utf8');
      for (const value of VALUES) expect(text, file).not.toContain(value);
    }
  }

  describe('railway', () => {
    it('sets each secret with --set-from-stdin, then `railway up --detach`', async () => {
      const { record, calls } = await deploy('rail');
      expect(record.error).toBeNull();
      expect(record.status).toBe('success');
      expect(commands(calls)).toEqual([
        'railway whoami',
        'railway status',
        'railway variables --service acme-rail --skip-deploys --set-from-stdin API_TOKEN',
        'railway variables --service acme-rail --skip-deploys --set-from-stdin DB_URL',
        'railway up --detach --service acme-rail',
        'railway domain --service acme-rail',
      ]);
      // The service's public domain is the target's URL (not the Build Logs link on railway.com).
      expect(record.url).toBe('https://acme-rail-production.up.railway.app');
      expect(targetRuntimeState(box.workspace, projectId).rail).toMatchObject({
        status: 'deployed',
        url: 'https://acme-rail-production.up.railway.app',
      });
      expect(calls[2]?.stdin).toBe(SECRETS.API_TOKEN);
      expect(calls[3]?.stdin).toBe(SECRETS.DB_URL);
      expect(calls[4]?.cwd).toBe(appDir('rail'));
      expect(calls[0]?.cwd).toBe(dir);
      await expectSecretsContained('rail', record, calls, [
        commands(calls)[2] ?? '',
        commands(calls)[3] ?? '',
      ]);
      expect(record.logs).toContain('$ railway up --detach --service acme-rail');
      expect(record.logs).toContain('  Build Logs: https://railway.com/project/p1/service/s1?id=d1');
    });

    it('not logged in: a failed deployment that says to run `railway login`, with the CLI output kept', async () => {
      const { record, calls } = await deploy('rail', 'not-logged-in');
      expect(record.status).toBe('failed');
      expect(record.error).toBe('railway CLI is not logged in: run `railway login`');
      expect(record.logs).toContain('Unauthorized. Please login with `railway login`');
      expect(commands(calls)).toEqual(['railway whoami']);
      expect(targetRuntimeState(box.workspace, projectId).rail?.status).toBe('error');
    });

    it('not linked: says to run `railway link` in the project folder', async () => {
      const { record } = await deploy('rail', 'not-linked');
      expect(record.status).toBe('failed');
      expect(record.error).toBe(
        `this project folder is not linked to a Railway project: run \`railway link\` in ${dir}`,
      );
      expect(record.logs).toContain('No linked project found. Run railway link to connect to a project');
    });

    it('a failing `railway up` ends as failed with its output', async () => {
      const { record } = await deploy('rail', 'deploy-fails');
      expect(record.status).toBe('failed');
      expect(record.error).toBe('Railway deploy of service acme-rail failed (railway exited with code 1)');
      expect(record.logs).toContain('Failed to upload code with status code 503 Service Unavailable');
    });

    it('a CLI that echoes the secret back has it masked in the stored logs', async () => {
      const { record, lines } = await deploy('rail', 'echo-secret');
      expect(record.status).toBe('failed');
      expect(record.logs).toContain('Failed to set variable: invalid value ***');
      for (const value of VALUES) {
        expect(record.logs).not.toContain(value);
        expect(lines.join('\n')).not.toContain(value);
      }
    });

    it('CLI missing: says how to install it and log in', async () => {
      const { record } = await deploy('rail', 'success', {
        PATH: `${path.dirname(process.execPath)}:/usr/bin:/bin`,
      });
      expect(record.status).toBe('failed');
      expect(record.error).toBe(
        'railway CLI not found: install it (npm i -g @railway/cli) and run `railway login`',
      );
    });
  });

  describe('fly', () => {
    it('imports secrets as NAME=VALUE lines on stdin (staged), then `fly deploy`', async () => {
      const { record, calls } = await deploy('flyio');
      expect(record.status).toBe('success');
      expect(record.url).toBe('https://acme-flyio.fly.dev');
      expect(commands(calls)).toEqual([
        'fly auth whoami',
        'fly status --app acme-flyio',
        'fly secrets import --app acme-flyio --stage',
        'fly deploy --app acme-flyio --config fly.toml --remote-only',
      ]);
      expect(calls[2]?.stdin).toBe(`API_TOKEN=${SECRETS.API_TOKEN}\nDB_URL=${SECRETS.DB_URL}\n`);
      expect(calls[3]?.cwd).toBe(appDir('flyio'));
      await expectSecretsContained('flyio', record, calls, ['fly secrets import --app acme-flyio --stage']);
      expect(targetRuntimeState(box.workspace, projectId).flyio).toMatchObject({
        status: 'deployed',
        url: 'https://acme-flyio.fly.dev',
        deployedCommit: head,
      });
    });

    it('accepts `flyctl` when `fly` is not on PATH', async () => {
      const { mkdtemp, symlink } = await import('node:fs/promises');
      const only = await mkdtemp(path.join(box.root, 'flyctl-only-'));
      const { FAKE_CLI_DIR } = await import('../fixtures/deploy-sandbox.js');
      await symlink(path.join(FAKE_CLI_DIR, 'flyctl'), path.join(only, 'flyctl'));
      await symlink(path.join(FAKE_CLI_DIR, 'fake-cli.mjs'), path.join(only, 'fake-cli.mjs'));
      const { record, calls } = await deploy('flyio', 'success', {
        PATH: `${only}:${path.dirname(process.execPath)}:/usr/bin:/bin`,
      });
      expect(record.status).toBe('success');
      expect(calls.map((c) => c.tool)).toEqual(['flyctl', 'flyctl', 'flyctl', 'flyctl']);
    });

    it('not logged in', async () => {
      const { record } = await deploy('flyio', 'not-logged-in');
      expect(record.status).toBe('failed');
      expect(record.error).toBe('fly CLI is not logged in: run `fly auth login`');
      expect(record.logs).toContain(
        "Error: No access token available. Please login with 'flyctl auth login'",
      );
    });

    it('app missing: says to create it', async () => {
      const { record } = await deploy('flyio', 'not-linked');
      expect(record.error).toBe('Fly app acme-flyio was not found: run `fly apps create acme-flyio`');
      expect(record.logs).toContain('Error: failed to get app: Could not find App "acme-flyio"');
    });

    it('a failing `fly deploy` ends as failed with its output', async () => {
      const { record } = await deploy('flyio', 'deploy-fails');
      expect(record.status).toBe('failed');
      expect(record.error).toBe('Fly deploy of app acme-flyio failed (fly exited with code 1)');
      expect(record.logs).toContain(
        'Error: failed to fetch an image or build from source: error building: exit code: 1',
      );
    });

    it('a secret echoed back by `fly secrets import` is masked', async () => {
      const { record } = await deploy('flyio', 'echo-secret');
      expect(record.status).toBe('failed');
      expect(record.logs).toContain('Error: invalid secret line: API_TOKEN=***');
      for (const value of VALUES) expect(record.logs).not.toContain(value);
    });
  });

  describe('render', () => {
    it('sets secrets through the REST API body, then `render deploys create` at the commit', async () => {
      const { record, calls } = await deploy('rend');
      expect(record.error).toBeNull();
      expect(record.status).toBe('success');
      expect(commands(calls)).toEqual([
        'render whoami --output json',
        `render deploys create srv-abc123 --commit ${head} --wait --confirm --output text`,
      ]);
      expect(renderRequests).toEqual([
        {
          method: 'PUT',
          url: '/v1/services/srv-abc123/env-vars/API_TOKEN',
          authorization: 'Bearer rnd_test_key',
          body: JSON.stringify({ value: SECRETS.API_TOKEN }),
        },
        {
          method: 'PUT',
          url: '/v1/services/srv-abc123/env-vars/DB_URL',
          authorization: 'Bearer rnd_test_key',
          body: JSON.stringify({ value: SECRETS.DB_URL }),
        },
        { method: 'GET', url: '/v1/services/srv-abc123', authorization: 'Bearer rnd_test_key', body: '' },
      ]);
      // serviceDetails.url of the service is the target's URL, so the monitor checks it.
      expect(record.url).toBe('https://acme-rend.onrender.com');
      expect(targetRuntimeState(box.workspace, projectId).rend).toMatchObject({
        status: 'deployed',
        url: 'https://acme-rend.onrender.com',
      });
      await expectSecretsContained('rend', record, calls, []);
    });

    it('not logged in', async () => {
      const { record } = await deploy('rend', 'not-logged-in');
      expect(record.error).toBe('render CLI is not logged in: run `render login`');
      expect(record.logs).toContain('Error: no API key found, run `render login` to authenticate');
    });

    it('no API key for secrets: says where to get one', async () => {
      const { record } = await deploy('rend', 'success', { RENDER_API_KEY: '' });
      expect(record.status).toBe('failed');
      expect(record.error).toBe(
        'Render needs an API key to set secrets (API_TOKEN, DB_URL): create one in the Render dashboard (Account Settings → API Keys) and set RENDER_API_KEY',
      );
    });

    it('a failing deploy ends as failed with its output', async () => {
      const { record } = await deploy('rend', 'deploy-fails');
      expect(record.error).toBe('Render deploy of service srv-abc123 failed (render exited with code 1)');
      expect(record.logs).toContain('Error: deploy dep-d1 of srv-abc123 ended with status build_failed');
    });
  });

  describe('cloud-run', () => {
    const P = '--project demo-project';
    it('stores secrets in Secret Manager from stdin, builds, then `gcloud run services replace`', async () => {
      const { record, calls } = await deploy('gcr');
      expect(record.error).toBeNull();
      expect(record.url).toBe('https://acme-gcr-abc123-uw.a.run.app');
      expect(commands(calls)).toEqual([
        'gcloud auth list --filter=status:ACTIVE --format=value(account)',
        `gcloud secrets describe API_TOKEN ${P}`,
        `gcloud secrets create API_TOKEN --replication-policy=automatic ${P}`,
        `gcloud secrets versions add API_TOKEN --data-file=- ${P}`,
        `gcloud secrets describe DB_URL ${P}`,
        `gcloud secrets create DB_URL --replication-policy=automatic ${P}`,
        `gcloud secrets versions add DB_URL --data-file=- ${P}`,
        `gcloud builds submit --tag us-docker.pkg.dev/demo-project/apps/acme-gcr ${P}`,
        `gcloud run services replace service.yaml ${P} --region us-central1`,
        `gcloud run services describe acme-gcr --format=value(status.url) ${P} --region us-central1`,
      ]);
      expect(calls[3]?.stdin).toBe(SECRETS.API_TOKEN);
      expect(calls[6]?.stdin).toBe(SECRETS.DB_URL);
      expect(calls[8]?.cwd).toBe(appDir('gcr'));
      const serviceYaml = await readFile(path.join(appDir('gcr'), 'service.yaml'), 'utf8');
      expect(serviceYaml).toContain('secretKeyRef');
      await expectSecretsContained('gcr', record, calls, [
        commands(calls)[3] ?? '',
        commands(calls)[6] ?? '',
      ]);
    });

    it('not logged in (gcloud lists no active account)', async () => {
      const { record } = await deploy('gcr', 'not-logged-in');
      expect(record.error).toBe('gcloud CLI is not logged in: run `gcloud auth login`');
      expect(record.logs).toContain('No credentialed accounts.');
    });

    it('a revision that does not become ready ends as failed with gcloud output', async () => {
      const { record } = await deploy('gcr', 'deploy-fails');
      expect(record.error).toBe('Cloud Run deploy of service acme-gcr failed (gcloud exited with code 1)');
      expect(record.logs).toContain(
        "ERROR: (gcloud.run.services.replace) Revision 'demo-prod-00002-abc' is not ready",
      );
    });

    it('a secret echoed back by gcloud is masked', async () => {
      const { record } = await deploy('gcr', 'echo-secret');
      expect(record.logs).toContain('INVALID_ARGUMENT: bad payload ***');
      for (const value of VALUES) expect(record.logs).not.toContain(value);
    });
  });

  describe('azure', () => {
    const show = 'az containerapp show --name acme-aca --resource-group rg-acme';
    it('updates an existing app with the YAML (secrets inside) on stdin', async () => {
      const { record, calls } = await deploy('aca');
      expect(record.error).toBeNull();
      expect(record.url).toBe('https://acme-aca.happyhill-1234.eastus.azurecontainerapps.io');
      expect(commands(calls)).toEqual([
        'az account show --output none',
        'az acr build --registry acme --image acme-aca:1 .',
        'az account show --query id --output tsv',
        `${show} --output none`,
        'az containerapp update --name acme-aca --resource-group rg-acme --yaml /dev/stdin',
        `${show} --query properties.configuration.ingress.fqdn --output tsv`,
      ]);
      expect(calls[1]?.cwd).toBe(appDir('aca'));
      const stdin = calls[4]?.stdin ?? '';
      expect(stdin).toContain(`value: ${SECRETS.API_TOKEN}`);
      expect(stdin).toContain('name: api-token');
      expect(stdin).toContain('secretRef: db-url');
      expect(stdin).toContain('/subscriptions/00000000-1111-2222-3333-444444444444/resourceGroups/rg-acme/');
      expect(stdin).not.toContain('keyVaultUrl');
      await expectSecretsContained('aca', record, calls, [commands(calls)[4] ?? '']);
    });

    it('creates the app in its environment when it does not exist yet', async () => {
      const { record, calls } = await deploy('aca', 'app-missing');
      expect(record.status).toBe('success');
      expect(commands(calls)[4]).toBe(
        'az containerapp create --name acme-aca --resource-group rg-acme --environment env-acme --yaml /dev/stdin',
      );
    });

    it('not logged in', async () => {
      const { record } = await deploy('aca', 'not-logged-in');
      expect(record.error).toBe('az CLI is not logged in: run `az login`');
      expect(record.logs).toContain("Please run 'az login' to setup account.");
    });

    it('a rejected update ends as failed with az output', async () => {
      const { record } = await deploy('aca', 'deploy-fails');
      expect(record.error).toBe('Azure Container Apps update of acme-aca failed (az exited with code 1)');
      expect(record.logs).toContain(
        "(ContainerAppImageRequired) Container with name 'app' must have an image.",
      );
    });
  });

  describe('kubernetes', () => {
    it('applies the Secret from stdin, then k8s/, then waits for the rollout', async () => {
      const { record, calls } = await deploy('k8s');
      expect(record.error).toBeNull();
      expect(commands(calls)).toEqual([
        'kubectl config current-context',
        'kubectl apply --namespace apps -f -',
        'kubectl apply --namespace apps -f k8s/',
        'kubectl rollout status deployment/acme-k8s --namespace apps --timeout=300s',
      ]);
      expect(JSON.parse(calls[1]?.stdin ?? '')).toEqual({
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: 'acme-k8s-secrets', labels: { 'app.kubernetes.io/managed-by': 'catalyst' } },
        type: 'Opaque',
        stringData: { API_TOKEN: SECRETS.API_TOKEN, DB_URL: SECRETS.DB_URL },
      });
      expect(calls[2]?.cwd).toBe(appDir('k8s'));
      const deployment = await readFile(path.join(appDir('k8s'), 'k8s', 'deployment.yaml'), 'utf8');
      expect(deployment).toContain('name: acme-k8s-secrets');
      await expectSecretsContained('k8s', record, calls, ['kubectl apply --namespace apps -f -']);
      expect(record.logs).toContain('deployment "acme-k8s" successfully rolled out');
    });

    it('no current context', async () => {
      const { record } = await deploy('k8s', 'not-logged-in');
      expect(record.error).toBe(
        'kubectl has no current context: run `kubectl config use-context CONTEXT` (list them with `kubectl config get-contexts`)',
      );
      expect(record.logs).toContain('error: current-context is not set');
    });

    it('a rollout past its deadline ends as failed with kubectl output', async () => {
      const { record } = await deploy('k8s', 'deploy-fails');
      expect(record.error).toBe('Deployment acme-k8s did not become ready (kubectl exited with code 1)');
      expect(record.logs).toContain('error: deployment "acme-k8s" exceeded its progress deadline');
    });

    it('a Secret echoed back by kubectl is masked', async () => {
      const { record } = await deploy('k8s', 'echo-secret');
      expect(record.status).toBe('failed');
      expect(record.logs).toContain('"API_TOKEN":"***"');
      for (const value of VALUES) expect(record.logs).not.toContain(value);
    });
  });

  describe('status and logs ask the platform', () => {
    const deps = () => ({ workspace: box.workspace, env: box.env });
    it('fly status', async () => {
      expect(await targetStatus(dir, 'flyio', deps())).toEqual({
        state: 'deployed',
        detail: 'App\n  Name     = acme-flyio\n  Owner    = personal\n  Hostname = acme-flyio.fly.dev',
      });
    });
    it('cloud-run status carries the service URL', async () => {
      expect(await targetStatus(dir, 'gcr', deps())).toEqual({
        state: 'deployed',
        url: 'https://acme-gcr-abc123-uw.a.run.app',
      });
    });
    it('logs: each platform CLI is asked for the latest N lines after the deploy preflight, and only N come back', async () => {
      const texts: string[] = [];
      for (const id of ['rail', 'flyio', 'rend', 'gcr', 'aca', 'k8s'] as const)
        texts.push(await targetLogs(dir, id, deps(), { lines: 3 }));
      const logCalls = commands(await box.calls()).filter((c) => / logs /.test(` ${c} `));
      expect(logCalls).toEqual([
        'railway logs --service acme-rail --lines 3',
        'fly logs --app acme-flyio --no-tail',
        'render logs --resources srv-abc123 --output text --confirm --limit 3',
        'gcloud run services logs read acme-gcr --limit=3 --project demo-project --region us-central1',
        'az containerapp logs show --name acme-aca --resource-group rg-acme --tail 3',
        'kubectl logs deployment/acme-k8s --namespace apps --tail=3',
      ]);
      // The preflight ran first (e.g. railway is asked who is logged in before its logs).
      expect(commands(await box.calls()).slice(0, 3)).toEqual([
        'railway whoami',
        'railway status',
        logCalls[0],
      ]);
      // The fake prints 5 lines; fly has no line flag, so the last 3 are cut here.
      expect(texts[1]).toBe('fly acme-flyio line 3\nfly acme-flyio line 4\nfly acme-flyio line 5');
      expect(texts[0]).toBe('railway acme-rail line 3\nrailway acme-rail line 4\nrailway acme-rail line 5');
    });

    it('logs: a CLI that is not logged in gets the preflight message, not an empty log', async () => {
      await expect(
        targetLogs(dir, 'rail', {
          workspace: box.workspace,
          env: { ...box.env, FAKE_CLI_SCENARIO: 'not-logged-in' },
        }),
      ).rejects.toThrow('railway CLI is not logged in: run `railway login`');
    });

    it('logs: a secret value the platform prints is scrubbed', async () => {
      const env = { ...box.env, FAKE_CLI_SCENARIO: 'echo-secret', FAKE_CLI_LEAK: SECRETS.API_TOKEN };
      const text = await targetLogs(dir, 'k8s', { workspace: box.workspace, env }, { lines: 2 });
      expect(text).toBe('kubectl acme-k8s line 4 token=***\nkubectl acme-k8s line 5 token=***');
      for (const value of VALUES) expect(text).not.toContain(value);
    });

    it('logs --follow streams the platform CLI until aborted', async () => {
      const controller = new AbortController();
      const seen: string[] = [];
      const done = targetLogs(dir, 'flyio', deps(), {
        lines: 10,
        follow: {
          signal: controller.signal,
          onLine: (l) => {
            seen.push(l);
            if (seen.length === 3) controller.abort();
          },
        },
      });
      expect(await done).toBe('');
      expect(seen.slice(0, 3)).toEqual([
        'fly acme-flyio line 1',
        'fly acme-flyio line 2',
        'fly acme-flyio line 3',
      ]);
      expect(commands(await box.calls()).at(-1)).toBe('fly logs --app acme-flyio');
    });
  });
});
