import { execFileSync } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type Sandbox, sandbox } from './helpers.js';

async function demo(): Promise<Sandbox> {
  const cli = await sandbox();
  expect((await cli.run(['init', 'demo', '--example'])).code).toBe(0);
  return cli;
}

/** Runs a command on the demo project. */
const on = (cli: Sandbox, argv: string[], stdin?: string) => cli.run([...argv, '--project', 'demo'], stdin);

describe('catalyst workflow', () => {
  it('lists, creates, renames, sets and deletes workflows', async () => {
    const cli = await demo();
    const list = await on(cli, ['workflow', 'list']);
    expect(list.code).toBe(0);
    expect(list.stdout).toBe(
      [
        'NAME             ID          VISIBILITY  ENDPOINT        TARGET  FILE',
        'extract_data     wf_extract  internal    -               local   workflows/extract_data.json',
        'main_workflow    wf_main     public      POST /api/main  local   workflows/main_workflow.json',
        'process_results  wf_process  internal    -               local   workflows/process_results.json',
        '',
      ].join('\n'),
    );

    const created = await on(cli, ['workflow', 'create', 'Score Leads', '--public', '--json']);
    expect(created.code).toBe(0);
    const { workflow, file } = JSON.parse(created.stdout);
    expect(file).toBe('workflows/score_leads.json');
    expect(created.stderr).toBe(
      `Created workflow Score Leads (${workflow.id}) in workflows/score_leads.json, served at POST /api/score_leads.\n`,
    );

    const set = await on(cli, [
      'workflow',
      'set',
      'score_leads',
      '--endpoint',
      'get /api/leads',
      '--target',
      'production',
    ]);
    expect(set.stderr).toBe('Updated workflow Score Leads: public at GET /api/leads, target production.\n');
    const cleared = await on(cli, [
      'workflow',
      'set',
      'Score Leads',
      '--no-endpoint',
      '--visibility',
      'internal',
      '--json',
    ]);
    expect(JSON.parse(cleared.stdout).workflow).toMatchObject({
      visibility: 'internal',
      deploymentTargetId: 'production',
    });
    expect(JSON.parse(cleared.stdout).workflow.endpoint).toBeUndefined();

    const badEndpoint = await on(cli, ['workflow', 'set', 'Score Leads', '--endpoint', 'FETCH /x']);
    expect(badEndpoint).toMatchObject({
      code: 1,
      stderr:
        'error: Invalid endpoint "FETCH /x": write METHOD /path, e.g. "POST /api/orders" (methods: GET, POST, PUT, PATCH, DELETE).\n',
    });
    expect((await on(cli, ['workflow', 'set', 'Score Leads'])).code).toBe(2);
    expect((await on(cli, ['workflow', 'create', 'x', '--public', '--visibility', 'internal'])).stderr).toBe(
      'error: --public contradicts --visibility internal\n',
    );

    const renamed = await on(cli, ['workflow', 'rename', 'wf_extract', 'Fetch Orders']);
    expect(renamed.stderr).toBe('Renamed wf_extract to Fetch Orders (workflows/fetch_orders.json).\n');
    // Another spelling of the same slug is refused: it would be the same file and module.
    const collides = await on(cli, ['workflow', 'create', 'Fetch-Orders']);
    expect(collides).toMatchObject({
      code: 1,
      stderr:
        'error: The name "Fetch-Orders" collides with the workflow "Fetch Orders": both would be the file and Python module fetch_orders (workflows/fetch_orders.json). Choose another name, e.g. "Fetch Orders 2".\n',
    });
    expect((await on(cli, ['workflow', 'rename', 'Score Leads', 'fetch orders!'])).code).toBe(1);
    expect((await on(cli, ['validate'])).code).toBe(0);

    const refused = await on(cli, ['workflow', 'delete', 'Fetch Orders', '--json']);
    expect(refused.code).toBe(1);
    expect(JSON.parse(refused.stdout)).toEqual({
      error: {
        code: 'in_use',
        message:
          'Cannot delete workflow Fetch Orders: it is called by main_workflow (node extract). Remove those calls first.',
        file: 'workflows/fetch_orders.json',
      },
    });
    const deleted = await on(cli, ['workflow', 'delete', 'score_leads', '--json']);
    expect(JSON.parse(deleted.stdout)).toEqual({
      deleted: { id: workflow.id, name: 'Score Leads', file: 'workflows/score_leads.json' },
    });
  });
});

describe('catalyst target', () => {
  it('lists, adds, updates and removes targets', async () => {
    const cli = await demo();
    const added = await on(cli, [
      'target',
      'add',
      'edge',
      '--platform',
      'fly',
      '--region',
      'ams',
      '--autoscaling',
      '1-4',
      '--config',
      '{"serviceName": "demo-edge"}',
      '--json',
    ]);
    expect(added.code).toBe(0);
    expect(JSON.parse(added.stdout).target).toEqual({
      id: 'edge',
      name: 'Edge',
      platform: 'fly',
      platformConfig: {
        region: 'ams',
        autoscaling: { enabled: true, minInstances: 1, maxInstances: 4 },
        serviceName: 'demo-edge',
      },
    });
    const list = await on(cli, ['target', 'list']);
    expect(list.stdout).toBe(
      [
        'ID          NAME        PLATFORM  REGION    WORKFLOWS  URL',
        'local       Local       Docker    -         3          -',
        'production  Production  Railway   us-west1  0          -',
        'edge        Edge        Fly.io    ams       0          -',
        '',
      ].join('\n'),
    );
    const updated = await on(cli, [
      'target',
      'update',
      'edge',
      '--url',
      'https://demo-edge.fly.dev',
      '--no-autoscaling',
      '--json',
    ]);
    expect(JSON.parse(updated.stdout).target).toEqual({
      id: 'edge',
      name: 'Edge',
      platform: 'fly',
      url: 'https://demo-edge.fly.dev',
      platformConfig: { region: 'ams', serviceName: 'demo-edge' },
    });
    expect((await on(cli, ['target', 'add', 'x'])).stderr).toBe(
      'error: --platform is required (one of railway, fly, render, cloud-run, azure, kubernetes, docker)\n',
    );
    expect((await on(cli, ['target', 'add', 'x', '--platform', 'fly', '--autoscaling', 'lots'])).stderr).toBe(
      'error: Invalid --autoscaling "lots": write MIN-MAX, e.g. 1-3.\n',
    );
    expect((await on(cli, ['target', 'add', 'x', '--platform', 'fly', '--config', '[1]'])).stderr).toBe(
      'error: --config must be a JSON object, e.g. {"namespace": "apps"}\n',
    );
    const refused = await on(cli, ['target', 'remove', 'local']);
    expect(refused).toEqual({
      code: 1,
      stdout: '',
      stderr:
        'error: Cannot remove target local: workflows extract_data, main_workflow and process_results are assigned to it. Assign them to another target first (`catalyst workflow set NAME --target OTHER`).\n',
    });
    expect((await on(cli, ['target', 'remove', 'edge'])).stderr).toBe('Removed target edge.\n');
  });
});

describe('catalyst env and project', () => {
  it('sets, lists and deletes env vars', async () => {
    const cli = await demo();
    expect((await on(cli, ['env', 'set', 'REGION', 'eu-west'])).stderr).toBe('Set REGION.\n');
    expect((await on(cli, ['env', 'list'])).stdout).toBe(
      'NAME       VALUE\nLOG_LEVEL  info\nREGION     eu-west\n',
    );
    expect(JSON.parse((await on(cli, ['env', 'delete', 'REGION', '--json'])).stdout)).toEqual({
      envVars: { LOG_LEVEL: 'info' },
    });
    expect((await on(cli, ['env', 'delete', 'REGION'])).stderr).toBe(
      'error: No env var REGION in project demo (env vars: LOG_LEVEL).\n',
    );
  });

  it('shows, updates, registers and unregisters the project', async () => {
    const cli = await demo();
    const dir = join(cli.cwd, 'demo');
    const show = await on(cli, ['project', 'show']);
    expect(show.stdout).toMatch(
      new RegExp(
        [
          '^demo \\(proj_[0-9a-f]{8}\\) v0\\.1\\.0',
          'Demo: a public workflow that calls two internal workflows locally',
          `folder: ${dir}`,
          'git: main, clean, last commit [0-9a-f]{7} Create project demo',
          '',
          'targets:',
          '  local       Docker   3 workflows',
          '  production  Railway  0 workflows',
          '',
          'workflows:',
          '  extract_data     internal  -               → local',
          '  main_workflow    public    POST /api/main  → local',
          '  process_results  internal  -               → local',
          '',
          'env vars: LOG_LEVEL',
          'secrets: API_TOKEN',
          '$',
        ].join('\\n'),
      ),
    );
    const updated = await on(cli, [
      'project',
      'update',
      '--name',
      'Shop',
      '--version',
      '0.2.0',
      '--repo-url',
      'https://github.com/acme/shop',
      '--json',
    ]);
    expect(JSON.parse(updated.stdout).project).toMatchObject({
      name: 'Shop',
      version: '0.2.0',
      git: { repoUrl: 'https://github.com/acme/shop' },
    });
    expect(
      JSON.parse((await cli.run(['project', 'list', '--json'])).stdout).projects.map(
        (p: { name: string }) => p.name,
      ),
    ).toEqual(['Shop']);
    expect((await on(cli, ['project', 'update', '--no-repo-url', '--json'])).stdout).not.toContain('repoUrl');
    const show2 = JSON.parse((await on(cli, ['project', 'show', '--json'])).stdout);
    expect(show2.git).toMatchObject({ branch: 'main', clean: false, changedFiles: ['catalyst.json'] });

    expect((await cli.run(['project', 'unregister', 'demo'])).stderr).toBe(
      `Unregistered ${dir} (the folder is unchanged).\n`,
    );
    expect((await cli.run(['project', 'list'])).stderr).toBe(
      'No registered projects: create one with `catalyst init DIR`.\n',
    );
    expect((await cli.run(['project', 'register', 'demo'])).stderr).toBe(`Registered Shop (${dir}).\n`);
    const gone = await cli.run(['project', 'unregister', show2.manifest.id, '--delete-folder', '--json']);
    expect(JSON.parse(gone.stdout)).toEqual({
      id: show2.manifest.id,
      path: dir,
      unregistered: true,
      deletedFolder: true,
      deletedSecrets: 0,
    });
    expect(await readdir(cli.cwd)).not.toContain('demo');
  });
});

describe('catalyst secret', () => {
  const VALUE = 'ghp_S3cr3tV4lue-never-print-me';

  it('reads the value from stdin, keeps it out of every output, the folder and git; reveal shows it', async () => {
    const cli = await demo();
    const outputs: string[] = [];
    const record = async (argv: string[], stdin?: string) => {
      const result = await on(cli, argv, stdin);
      outputs.push(result.stdout, result.stderr);
      return result;
    };

    const set = await record(['secret', 'set', 'API_TOKEN', '--description', 'GitHub token'], `${VALUE}\n`);
    expect(set).toEqual({
      code: 0,
      stdout: '',
      stderr: 'Saved secret API_TOKEN (value encrypted in the workspace vault, not in the project folder).\n',
    });
    const setJson = await record(['secret', 'set', 'DB_URL', '--json'], 'postgres://u:p@h/db');
    expect(JSON.parse(setJson.stdout)).toEqual({ secret: { name: 'DB_URL', updatedAt: expect.any(String) } });
    const list = await record(['secret', 'list']);
    expect(list.stdout).toMatch(
      /^NAME\s+VALUE\s+UPDATED\s+DESCRIPTION\nAPI_TOKEN\s+set\s+\S+\s+GitHub token\nDB_URL\s+set\s+\S+\n$/,
    );
    const listJson = await record(['secret', 'list', '--json']);
    expect(
      JSON.parse(listJson.stdout).secrets.map((s: { name: string; hasValue: boolean }) => [
        s.name,
        s.hasValue,
      ]),
    ).toEqual([
      ['API_TOKEN', true],
      ['DB_URL', true],
    ]);
    await record(['secret', 'set', 'API_TOKEN', '--keep-value', '--description', 'renamed']);
    for (const command of [
      ['project', 'show'],
      ['project', 'show', '--json'],
      ['validate'],
      ['validate', '--json'],
      ['env', 'list', '--json'],
      ['workflow', 'list', '--json'],
      ['target', 'list', '--json'],
    ]) {
      await record(command);
    }
    execFileSync('git', ['add', '-A'], { cwd: join(cli.cwd, 'demo') });
    execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-qm', 'secrets'], {
      cwd: join(cli.cwd, 'demo'),
    });
    const history = execFileSync('git', ['log', '-p'], { cwd: join(cli.cwd, 'demo'), encoding: 'utf8' });
    expect(history).toContain('API_TOKEN');

    for (const text of [...outputs, history]) expect(text).not.toContain(VALUE);
    for (const name of await readdir(join(cli.cwd, 'demo'), { recursive: true })) {
      const path = join(cli.cwd, 'demo', name);
      const content = await readFile(path).catch(() => Buffer.alloc(0));
      expect(content.includes(Buffer.from(VALUE))).toBe(false);
    }

    const reveal = await on(cli, ['secret', 'reveal', 'API_TOKEN']);
    expect(reveal).toEqual({ code: 0, stdout: `${VALUE}\n`, stderr: '' });
    expect(JSON.parse((await on(cli, ['secret', 'reveal', 'API_TOKEN', '--json'])).stdout)).toEqual({
      name: 'API_TOKEN',
      value: VALUE,
    });
    expect((await on(cli, ['secret', 'delete', 'DB_URL'])).stderr).toBe('Deleted secret DB_URL.\n');
    expect((await on(cli, ['secret', 'reveal', 'DB_URL'])).stderr).toBe(
      'error: No secret DB_URL in project demo (secrets: API_TOKEN).\n',
    );
  });

  it('refuses an empty stdin (exit 2), a value on argv (exit 2), and a wrong key (exit 1)', async () => {
    const cli = await demo();
    expect(await on(cli, ['secret', 'set', 'API_TOKEN'], '')).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'error: no value on stdin for secret API_TOKEN: pipe it in, e.g. `printf %s "$VALUE" | catalyst secret set API_TOKEN`\n',
    });
    const onArgv = await on(cli, ['secret', 'set', 'API_TOKEN', VALUE]);
    expect(onArgv.code).toBe(2);
    expect(onArgv.stderr).toContain('error: too many arguments');

    cli.env['CATALYST_SECRET_KEY'] = 'first passphrase, long enough';
    expect((await on(cli, ['secret', 'set', 'API_TOKEN'], VALUE)).code).toBe(0);
    cli.env['CATALYST_SECRET_KEY'] = 'second passphrase, also long';
    const wrong = await on(cli, ['secret', 'reveal', 'API_TOKEN']);
    expect(wrong).toEqual({
      code: 1,
      stdout: '',
      stderr:
        "error: Cannot decrypt secret API_TOKEN: the key is wrong or the value was tampered with: CATALYST_SECRET_KEY is not the key this workspace's secrets are encrypted with. Use the original key (CATALYST_SECRET_KEY or the workspace key file), or set the secret again.\n",
    });
    cli.env['CATALYST_SECRET_KEY'] = 'too short';
    expect((await on(cli, ['secret', 'reveal', 'API_TOKEN'])).stderr).toBe(
      'error: CATALYST_SECRET_KEY is too short (9 characters): use a passphrase of at least 16 characters, or unset it to use the workspace key file.\n',
    );
  });
});
