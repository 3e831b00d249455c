import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sandbox } from './helpers.js';

describe('catalyst init, validate and exit codes', () => {
  it('init --example creates and registers the demo; validate passes', async () => {
    const cli = await sandbox();
    const init = await cli.run(['init', 'demo', '--example', '--json']);
    expect(init.code).toBe(0);
    const data = JSON.parse(init.stdout);
    const dir = join(cli.cwd, 'demo');
    expect(data).toEqual({
      project: { id: expect.stringMatching(/^proj_[0-9a-f]{8}$/), name: 'demo', dir },
      workflows: [
        { id: 'wf_extract', name: 'extract_data', file: 'workflows/extract_data.json' },
        { id: 'wf_main', name: 'main_workflow', file: 'workflows/main_workflow.json' },
        { id: 'wf_process', name: 'process_results', file: 'workflows/process_results.json' },
      ],
      targets: ['local', 'production'],
      commit: expect.stringMatching(/^[0-9a-f]{40}$/),
      registered: true,
    });
    expect(init.stderr).toBe(
      `Created project demo in ${dir} (commit ${data.commit.slice(0, 7)}).\n` +
        'Demo: main_workflow (POST /api/main) calls extract_data, then process_results, locally.\n' +
        `Next: catalyst validate --project ${dir}\n`,
    );

    const validate = await cli.run(['validate', '--project', 'demo']);
    expect(validate).toEqual({ code: 0, stdout: '', stderr: '✓ demo is valid (3 workflows, 2 targets).\n' });
    const json = await cli.run(['--json', 'validate', '--project', 'demo']);
    expect(JSON.parse(json.stdout)).toEqual({ valid: true, project: 'demo', dir, problems: [] });

    const list = await cli.run(['project', 'list', '--json']);
    expect(JSON.parse(list.stdout).projects).toEqual([
      { id: data.project.id, name: 'demo', path: dir, registeredAt: expect.any(String), available: true },
    ]);
  });

  it('init takes its folder from DIR, else --project, else the current folder', async () => {
    const cli = await sandbox();
    const viaProject = await cli.run(['init', '--project', 'from-flag', '--name', 'Flagged', '--json']);
    expect(JSON.parse(viaProject.stdout).project).toMatchObject({
      name: 'Flagged',
      dir: join(cli.cwd, 'from-flag'),
    });
    expect(JSON.parse(viaProject.stdout).workflows).toEqual([]);
    // The sandbox folder's own name (catalyst-cli-XXXXXX) is a valid project name.
    const here = await cli.run(['init', '--json']);
    expect(JSON.parse(here.stdout).project.dir).toBe(cli.cwd);
  });

  it('maps errors to exit codes: user errors 1, usage errors 2', async () => {
    const cli = await sandbox();
    await cli.run(['init', 'p']);
    const again = await cli.run(['init', 'p']);
    expect(again).toEqual({
      code: 1,
      stdout: '',
      stderr: `error: ${join(cli.cwd, 'p')} already holds a Catalyst project (catalyst.json exists).\n`,
    });
    const againJson = await cli.run(['init', 'p', '--json']);
    expect(againJson.code).toBe(1);
    expect(JSON.parse(againJson.stdout)).toEqual({
      error: {
        code: 'conflict',
        message: `${join(cli.cwd, 'p')} already holds a Catalyst project (catalyst.json exists).`,
        file: 'catalyst.json',
      },
    });

    const notProject = await cli.run(['validate']);
    expect(notProject).toEqual({
      code: 1,
      stdout: '',
      stderr: `error: No catalyst.json in ${cli.cwd}: run \`catalyst init\` to create a project there, or pass --project DIR to point at one.\n`,
    });

    const unknown = await cli.run(['frobnicate']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("error: unknown command 'frobnicate'");
    const missing = await cli.run(['workflow', 'rename', 'x', '--project', 'p']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("error: missing required argument 'new-name'");
    const badOption = await cli.run([
      'target',
      'add',
      'x',
      '--platform',
      'heroku',
      '--project',
      'p',
      '--json',
    ]);
    expect(badOption.code).toBe(2);
    expect(badOption.stderr).toContain("error: option '--platform <platform>' argument 'heroku' is invalid.");
    expect(JSON.parse(badOption.stdout).error.code).toBe('usage');
    const nothing = await cli.run(['project', 'update', '--project', 'p']);
    expect(nothing).toEqual({
      code: 2,
      stdout: '',
      stderr: 'error: nothing to change: pass --name, --description, --version, --repo-url or --branch\n',
    });
    const none = await cli.run([]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('Usage: catalyst [options] [command]');
    const version = await cli.run(['--version']);
    expect(version).toEqual({
      code: 0,
      stdout: `${JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')).version}\n`,
      stderr: '',
    });
    const help = await cli.run(['workflow', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('rename <workflow> <new-name>');
  });

  it('turns an unexpected error into one line and a hint, the stack only with CATALYST_DEBUG=1', async () => {
    const cli = await sandbox();
    await cli.run(['init', 'p']);
    const failing = {
      // biome-ignore lint/correctness/useYield: a stream that fails before yielding anything
      async *[Symbol.asyncIterator]() {
        throw new Error('stdin exploded\nsecond line');
      },
    };
    const result = await cli.run(['secret', 'set', 'TOKEN', '--project', 'p'], failing);
    expect(result).toEqual({
      code: 1,
      stdout: '',
      stderr: 'unexpected error: stdin exploded\nrun with CATALYST_DEBUG=1 for the stack\n',
    });
    cli.env['CATALYST_DEBUG'] = '1';
    const debug = await cli.run(['secret', 'set', 'TOKEN', '--project', 'p'], failing);
    expect(debug.stderr).toMatch(
      /^unexpected error: stdin exploded\nError: stdin exploded\nsecond line\n\s+at /,
    );
  });
});

describe('catalyst validate on a broken demo', () => {
  async function brokenDemo() {
    const cli = await sandbox();
    await cli.run(['init', 'demo', '--example']);
    const dir = join(cli.cwd, 'demo');
    // biome-ignore lint/suspicious/noExplicitAny: edits arbitrary JSON
    const edit = async (file: string, change: (json: Record<string, any>) => void) => {
      const path = join(dir, file);
      const json = JSON.parse(await readFile(path, 'utf8'));
      change(json);
      await writeFile(path, JSON.stringify(json, null, 2));
    };
    return { cli, dir, edit };
  }

  async function problems(cli: Awaited<ReturnType<typeof sandbox>>) {
    const result = await cli.run(['validate', '--project', 'demo', '--json']);
    expect(result.code).toBe(1);
    return JSON.parse(result.stdout).problems.map((p: { file: string; path: string; message: string }) => [
      p.file,
      p.path,
      p.message,
    ]);
  }

  it('reports a call to a workflow that was removed', async () => {
    const { cli, dir } = await brokenDemo();
    await rm(join(dir, 'workflows', 'extract_data.json'));
    expect(await problems(cli)).toEqual([
      [
        'workflows/main_workflow.json',
        '$.nodes.extract.config.targetWorkflowId',
        "Node 'extract' in workflow 'main_workflow' calls workflow 'wf_extract', which does not exist: set targetWorkflowId to one of wf_process (process_results)",
      ],
    ]);
    const human = await cli.run(['validate', '--project', 'demo']);
    expect(human.code).toBe(1);
    expect(human.stdout).toBe(
      "workflows/main_workflow.json  $.nodes.extract.config.targetWorkflowId  Node 'extract' in workflow 'main_workflow' calls workflow 'wf_extract', which does not exist: set targetWorkflowId to one of wf_process (process_results)\n",
    );
    expect(human.stderr).toBe('✗ demo: 1 problem.\n');
  });

  it('reports a local call across targets after `workflow set --target`', async () => {
    const { cli } = await brokenDemo();
    expect(
      (await cli.run(['workflow', 'set', 'process_results', '--target', 'production', '--project', 'demo']))
        .code,
    ).toBe(0);
    expect(await problems(cli)).toEqual([
      [
        'workflows/main_workflow.json',
        '$.nodes.process.config.targetWorkflowId',
        "Node 'process' in workflow 'main_workflow' calls 'process_results' locally, but 'process_results' is on target 'production' and 'main_workflow' is on target 'local': a local call only reaches workflows of the same app. Assign both to one target, or make 'process_results' public and set callType to \"http\"",
      ],
    ]);
  });

  it('reports a call cycle, malformed JSON, an undeclared secret and an unknown target', async () => {
    const { cli, edit } = await brokenDemo();
    await edit('workflows/process_results.json', (w) => {
      w['nodes'].back = {
        id: 'back',
        type: 'workflowCall',
        name: 'Back',
        position: { x: 0, y: 0 },
        config: { callType: 'local', targetWorkflowId: 'wf_main' },
      };
    });
    expect(await problems(cli)).toEqual([
      [
        'workflows/main_workflow.json',
        '$.nodes.process.config.targetWorkflowId',
        'Workflows call each other in a cycle: main_workflow → process_results → main_workflow. Such calls never finish: remove one of them',
      ],
    ]);
    const refused = await cli.run(['workflow', 'delete', 'wf_process', '--project', 'demo']);
    expect(refused.stderr).toBe(
      'error: Cannot delete workflow process_results: it is called by main_workflow (node process). Remove those calls first.\n',
    );

    const fresh = await brokenDemo();
    await fresh.edit('workflows/process_results.json', (w) => {
      w['nodes'].report.config.fields.token = '{{ secrets.MISSING_TOKEN }}';
    });
    await fresh.edit('workflows/main_workflow.json', (w) => {
      w['deploymentTargetId'] = 'staging';
      w['visibility'] = 'internal';
    });
    await writeFile(join(fresh.dir, 'workflows', 'extract_data.json'), '{"id": "wf_extract",');
    const found = await problems(fresh.cli);
    expect(found).toContainEqual([
      'workflows/extract_data.json',
      '$',
      'Invalid JSON at line 1, column 21: expected a property name in double quotes, found the end of the file',
    ]);
    expect(found).toContainEqual([
      'workflows/process_results.json',
      '$.nodes.report.config.fields.token',
      "Field 'fields.token' of node 'report' in workflow 'process_results' reads secrets.MISSING_TOKEN, which the project does not declare: add it with 'catalyst secret set MISSING_TOKEN' (declared: API_TOKEN)",
    ]);
    expect(found).toContainEqual([
      'workflows/main_workflow.json',
      '$.deploymentTargetId',
      "Workflow 'main_workflow' is assigned to target 'staging', which does not exist: set deploymentTargetId to one of local, production",
    ]);
  });
});
