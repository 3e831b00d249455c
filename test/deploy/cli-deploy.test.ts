import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import type { DeploymentRecord } from '../../src/deploy/records/deployments.js';
import { listDeployments } from '../../src/deploy/runtime-state.js';
import { loadProject } from '../../src/model/load.js';
import { formatProblems } from '../../src/model/validate/format-problems.js';
import { gitLastCommit, gitResolve, gitStatus } from '../../src/store/git.js';
import { readProjectSource } from '../../src/store/project-folder.js';
import { makeSandbox, type Sandbox } from '../fixtures/deploy-sandbox.js';
import { createCloudProject } from './cloud-project.js';

describe('catalyst deploy / deployments / rollback / stop', () => {
  let box: Sandbox;
  let dir: string;
  let projectId: string;
  const workflowFile = () => path.join(dir, 'workflows', 'echo_rail.json');

  async function cli(argv: string[], env: NodeJS.ProcessEnv = {}) {
    let stdout = '';
    let stderr = '';
    const code = await main(['--project', dir, ...argv], {
      cwd: box.root,
      env: {
        ...box.env,
        CATALYST_HOME: box.home,
        CATALYST_SECRET_KEY: 'a test passphrase of enough length',
        ...env,
      },
      stdin: Readable.from([]),
      stdout: { write: (s: string) => (stdout += s) },
      stderr: { write: (s: string) => (stderr += s) },
      isTTY: false,
    });
    return { code, stdout, stderr };
  }

  async function editWorkflow(change: (text: string) => string) {
    await writeFile(workflowFile(), change(await readFile(workflowFile(), 'utf8')));
  }

  beforeAll(async () => {
    box = await makeSandbox();
    ({ dir, projectId } = await createCloudProject(box));
  });
  afterAll(async () => box.cleanup());

  it('needs --target (usage error, exit 2)', async () => {
    const run = await cli(['deploy']);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('error: deploy needs --target <id> (see `catalyst target list`)\n');
  });

  it('--no-commit refuses uncommitted changes and records nothing', async () => {
    const head = await gitResolve(dir, 'HEAD');
    await editWorkflow((t) => t.replace('"Shape"', '"Shape it"'));
    const run = await cli(['deploy', '--target', 'rail', '--no-commit']);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      'error: The project has uncommitted changes (1 file: workflows/echo_rail.json). Commit them first, or deploy without --no-commit to let Catalyst commit them.\n',
    );
    expect(await gitResolve(dir, 'HEAD')).toBe(head);
    expect(listDeployments(box.workspace, projectId)).toEqual([]);
  });

  it('commits uncommitted changes with a clear message, says so, and deploys that commit', async () => {
    const run = await cli(['deploy', '--target', 'rail']);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('');
    const last = await gitLastCommit(dir);
    expect(last?.subject).toBe('catalyst: deploy rail');
    expect((await gitStatus(dir)).clean).toBe(true);
    const note = `Committed uncommitted changes (1 file: workflows/echo_rail.json) as ${last?.short} "catalyst: deploy rail"`;
    const lines = run.stderr.trimEnd().split('\n');
    expect(lines[0]).toBe(note);
    expect(lines).toContain('$ railway up --detach --service acme-rail');
    const [record] = listDeployments(box.workspace, projectId);
    expect(record?.commit).toBe(last?.sha);
    expect(record?.logs.split('\n')[0]).toBe(note);
    // Railway's service URL is recorded from `railway domain` and shown with the result.
    expect(lines.at(-1)).toBe(
      `✓ ${record?.id}: rail at ${last?.short} — https://acme-rail-production.up.railway.app`,
    );
  });

  it('refuses an invalid project with every problem, commits nothing', async () => {
    const head = await gitResolve(dir, 'HEAD');
    await editWorkflow((t) =>
      t.replace('"edges": []', '"edges": [{ "id": "e1", "source": "shape", "target": "ghost" }]'),
    );
    const { problems } = loadProject(await readProjectSource(dir));
    expect(problems.length).toBe(1);
    const run = await cli(['deploy', '--target', 'rail']);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      `error: The project is invalid; nothing was deployed. Fix this problem and deploy again:\n  ${formatProblems(problems)}\n`,
    );
    expect(run.stderr).toContain('workflows/echo_rail.json  $.edges[0].target');
    expect(await gitResolve(dir, 'HEAD')).toBe(head);
    expect((await gitStatus(dir)).clean).toBe(false);
    expect(listDeployments(box.workspace, projectId)).toHaveLength(1);
    await editWorkflow((t) => t.replace(/"edges": \[[^\]]*\]/, '"edges": []'));
  });

  it('a failed deploy exits 1 and says why; --json prints the record', async () => {
    const run = await cli(['--json', 'deploy', '--target', 'rail'], { FAKE_CLI_SCENARIO: 'deploy-fails' });
    expect(run.code).toBe(1);
    const record = JSON.parse(run.stdout) as DeploymentRecord;
    expect(record.status).toBe('failed');
    expect(record.error).toBe('Railway deploy of service acme-rail failed (railway exited with code 1)');
    expect(run.stderr).toContain('Failed to upload code with status code 503 Service Unavailable\n');
    expect(run.stderr.trimEnd().split('\n').at(-1)).toBe(`✗ ${record.id} failed: ${record.error}`);
  });

  it('lists deployments as a table and as JSON, filtered by target', async () => {
    const all = listDeployments(box.workspace, projectId);
    const table = await cli(['deployments']);
    expect(table.code).toBe(0);
    const rows = table.stdout.trimEnd().split('\n');
    expect(rows[0]).toMatch(/^ID\s+TARGET\s+STATUS\s+COMMIT\s+STARTED\s+DURATION\s+ROLLBACK OF$/);
    expect(rows.slice(1).map((r) => r.split(/\s+/).slice(0, 3))).toEqual(
      all.map((d) => [d.id, 'rail', d.status]),
    );
    expect(rows[1]).toContain(all[0]?.commit.slice(0, 7));

    const json = await cli(['--json', 'deployments', '--target', 'rail']);
    expect(JSON.parse(json.stdout)).toEqual(all);
    const none = await cli(['deployments', '--target', 'k8s']);
    expect(none.stdout).toBe('');
    expect(none.stderr).toBe('No deployments of acme to k8s yet.\n');
  });

  it('rolls back to an earlier deployment by id', async () => {
    const [, success] = listDeployments(box.workspace, projectId);
    expect(success?.status).toBe('success');
    const run = await cli(['--json', 'rollback', '--to', success?.id ?? '']);
    expect(run.code).toBe(0);
    const record = JSON.parse(run.stdout) as DeploymentRecord;
    expect(record).toMatchObject({ status: 'success', rollbackOf: success?.id, commit: success?.commit });
    const usage = await cli(['rollback']);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toBe('error: rollback needs --to <deployment id> (see `catalyst deployments`)\n');
  });

  it('stop refuses a cloud target with what to do instead', async () => {
    const run = await cli(['stop', '--target', 'rail']);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      "error: Target rail runs on railway; only local (docker) targets can be stopped by Catalyst. Use the platform's console to stop it.\n",
    );
  });

  it('restart refuses a cloud target', async () => {
    const run = await cli(['restart', '--target', 'rail']);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      'error: Target rail runs on railway; only local (docker) targets can be restarted by Catalyst. Deploy again with `catalyst deploy --target rail`.\n',
    );
  });
});
