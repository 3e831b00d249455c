import { execFileSync } from 'node:child_process';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateApp } from '../../src/build/generate.js';
import type { GenerateSummary, PipelineEvent } from '../../src/build/pipeline-events.js';
import { PLATFORMS } from '../../src/model/project.js';
import { listFiles, readTree } from '../support/file-tree.js';
import { runCli, sandbox } from './cli-harness.js';

let box: Awaited<ReturnType<typeof sandbox>>;
let project: string;

function head(dir: string): string {
  return execFileSync('git', ['rev-parse', 'HEAD'], { cwd: dir, encoding: 'utf8' }).trim();
}

async function newDemo(name: string): Promise<string> {
  const dir = join(box.root, name);
  const init = await runCli(['init', dir, '--example', '--name', name], box.env, box.root);
  expect(init.code, init.stderr).toBe(0);
  return dir;
}

beforeAll(async () => {
  box = await sandbox();
  project = await newDemo('demo');
});
afterAll(async () => {
  await box.cleanup();
});

describe('catalyst generate', () => {
  it('--verify on the demo passes end to end: compiles, boots, answers /health, runs its tests', async () => {
    const out = join(box.root, 'out-verify');
    const run = await runCli(
      ['--project', project, 'generate', '--target', 'local', '--out', out, '--verify'],
      box.env,
      box.root,
    );
    expect(run.code, run.stderr).toBe(0);
    const stages = run.stderr
      .split('\n')
      .filter((l) => l.startsWith('✓ '))
      .map((l) => l.split(/\s+/)[1]);
    expect(stages).toEqual(['validate', 'plan', 'render', 'write', 'verify']);
    expect(run.stderr).toMatch(/^ {2}✓ compile .*every Python file compiles$/m);
    expect(run.stderr).toMatch(/^ {2}✓ boot .*GET \/health answered healthy/m);
    expect(run.stderr).toMatch(/^ {2}✓ tests .*passed/m);
    expect(run.stdout).toContain(`Generated demo → local (docker) in ${out}\n`);
    expect(run.stdout).toContain('  verify: passed\n');
    // Verification leaves nothing behind in the app folder.
    const files = await listFiles(out);
    expect(files.filter((f) => f.includes('__pycache__') || f.includes('.pytest_cache'))).toEqual([]);
  });

  it('a target with no workflows generates with a warning on stderr and in --json warnings', async () => {
    const dir = await newDemo('empty-target');
    const add = await runCli(
      ['--project', dir, 'target', 'add', 'spare', '--platform', 'docker'],
      box.env,
      box.root,
    );
    expect(add.code, add.stderr).toBe(0);
    const warning = 'Target spare has no workflows: the app serves only /health, /metrics and /';
    const text = await runCli(
      ['--project', dir, 'generate', '--target', 'spare', '--out', join(box.root, 'out-spare')],
      box.env,
      box.root,
    );
    expect(text.code, text.stderr).toBe(0);
    expect(text.stderr).toContain(`${warning}\n`);
    expect(text.stdout).not.toContain(warning);
    const json = await runCli(
      [
        '--project',
        dir,
        '--json',
        'generate',
        '--target',
        'spare',
        '--out',
        join(box.root, 'out-spare-json'),
      ],
      box.env,
      box.root,
    );
    expect(json.code, json.stderr).toBe(0);
    expect(JSON.parse(json.stdout).warnings).toEqual([warning]);
    expect(json.stderr).toContain(warning);
    // A target with workflows has none.
    const local = await runCli(
      [
        '--project',
        dir,
        '--json',
        'generate',
        '--target',
        'local',
        '--out',
        join(box.root, 'out-local-json'),
      ],
      box.env,
      box.root,
    );
    expect(JSON.parse(local.stdout).warnings).toEqual([]);
    expect(local.stderr).not.toContain('has no workflows');
  });

  it('--json prints the summary: files, lines by kind, time per stage, the commit', async () => {
    const out = join(box.root, 'out-json');
    const run = await runCli(
      ['--project', project, '--json', 'generate', '--target', 'local', '--out', out],
      box.env,
      box.root,
    );
    expect(run.code, run.stderr).toBe(0);
    const summary = JSON.parse(run.stdout) as GenerateSummary;
    expect(summary.project.name).toBe('demo');
    expect(summary.target).toEqual({ id: 'local', platform: 'docker' });
    expect(summary.commit).toBe(head(project));
    expect(summary.files).toBe((await listFiles(out)).length);
    expect(summary.written).toBe(summary.files);
    expect(summary.unchanged).toBe(false);
    expect(Object.keys(summary.stages)).toEqual(['validate', 'plan', 'render', 'write']);
    expect(summary.lines.python).toBeGreaterThan(0);
    expect(summary.lines.config).toBeGreaterThan(0);
    expect(summary.totalLines).toBe(Object.values(summary.lines).reduce((a, b) => a + b, 0));
    const lock = JSON.parse(await readFile(join(out, 'catalyst.lock.json'), 'utf8'));
    expect(lock.commit).toBe(head(project));
  });

  it('same input gives byte-identical output in two folders, and a second run into one folder rewrites nothing', async () => {
    const a = join(box.root, 'twice-a');
    const b = join(box.root, 'twice-b');
    for (const out of [a, b, a]) {
      const run = await runCli(
        ['--project', project, 'generate', '--target', 'local', '--out', out],
        box.env,
        box.root,
      );
      expect(run.code, run.stderr).toBe(0);
    }
    expect(await readTree(a)).toEqual(await readTree(b));
    const again = await runCli(
      ['--project', project, '--json', 'generate', '--target', 'local', '--out', a],
      box.env,
      box.root,
    );
    const summary = JSON.parse(again.stdout) as GenerateSummary;
    expect(summary).toMatchObject({ unchanged: true, written: 0 });
    expect(again.stderr).toContain(`✓ write`);
    expect(again.stderr).toContain(`unchanged, nothing rewritten in ${a}`);
  });

  it('emits start/done events for each stage in order, with timings and file counts', async () => {
    const events: PipelineEvent[] = [];
    await generateApp({
      projectDir: project,
      targetId: 'local',
      outDir: join(box.root, 'events'),
      onEvent: (e) => events.push(e),
    });
    expect(events.map((e) => `${e.stage}:${e.status}`)).toEqual([
      'validate:start',
      'validate:done',
      'plan:start',
      'plan:done',
      'render:start',
      'render:done',
      'write:start',
      'write:done',
    ]);
    const render = events.find((e) => e.stage === 'render' && e.status === 'done');
    expect(render).toMatchObject({ files: expect.any(Number), ms: expect.any(Number) });
  });

  it('marks the commit -dirty when the project has uncommitted changes, but not for changes inside the output folder', async () => {
    const dir = await newDemo('dirty');
    const inside = join(dir, 'generated');
    const first = await runCli(
      ['--project', dir, '--json', 'generate', '--target', 'local', '--out', inside],
      box.env,
      box.root,
    );
    expect(JSON.parse(first.stdout).commit).toBe(head(dir));
    const second = await runCli(
      ['--project', dir, '--json', 'generate', '--target', 'local', '--out', inside],
      box.env,
      box.root,
    );
    expect(JSON.parse(second.stdout)).toMatchObject({ commit: head(dir), unchanged: true });
    const manifest = JSON.parse(await readFile(join(dir, 'catalyst.json'), 'utf8'));
    manifest.description = 'changed, not committed';
    await writeFile(join(dir, 'catalyst.json'), JSON.stringify(manifest, null, 2));
    const dirty = await runCli(
      ['--project', dir, '--json', 'generate', '--target', 'local', '--out', inside],
      box.env,
      box.root,
    );
    expect(JSON.parse(dirty.stdout).commit).toBe(`${head(dir)}-dirty`);
  });

  it('no secret value reaches any generated file, on any platform', async () => {
    const dir = await newDemo('secretive');
    const value = 'sk-test-VERY-SECRET-4f1c9e';
    const set = await runCli(['--project', dir, 'secret', 'set', 'API_TOKEN'], box.env, box.root, value);
    expect(set.code, set.stderr).toBe(0);
    // Make the demo use the secret, so every platform config has to reference it.
    const mainFile = join(dir, 'workflows', 'main_workflow.json');
    const workflow = JSON.parse(await readFile(mainFile, 'utf8'));
    workflow.nodes.shape.config.fields.token = '{{ secrets.API_TOKEN }}';
    await writeFile(mainFile, JSON.stringify(workflow, null, 2));
    for (const platform of PLATFORMS) {
      const manifest = JSON.parse(await readFile(join(dir, 'catalyst.json'), 'utf8'));
      manifest.deploymentTargets.local.platform = platform;
      await writeFile(join(dir, 'catalyst.json'), JSON.stringify(manifest, null, 2));
      const out = join(box.root, `secret-${platform}`);
      const run = await runCli(
        ['--project', dir, 'generate', '--target', 'local', '--out', out],
        box.env,
        box.root,
      );
      expect(run.code, run.stderr).toBe(0);
      const files = await readTree(out);
      const leaks = Object.entries(files).filter(
        ([, text]) => text.includes(value) || text.includes('VERY-SECRET'),
      );
      expect(
        leaks.map(([path]) => path),
        platform,
      ).toEqual([]);
      expect(files['.env.example']).toContain('\nAPI_TOKEN=\n');
    }
  });

  it('an unknown target is a user error (exit 1) that lists the targets', async () => {
    const run = await runCli(
      ['--project', project, 'generate', '--target', 'staging', '--out', join(box.root, 'x')],
      box.env,
      box.root,
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      'error: Target "staging" does not exist in catalyst.json (its targets are local, production). Pass one of them with --target, or add one with `catalyst target add`.\n',
    );
  });

  it('missing --target or --out is a usage error (exit 2)', async () => {
    const noTarget = await runCli(
      ['--project', project, 'generate', '--out', join(box.root, 'x')],
      box.env,
      box.root,
    );
    expect(noTarget).toMatchObject({
      code: 2,
      stderr: 'error: generate needs --target <id> (see `catalyst target list`)\n',
    });
    const noOut = await runCli(['--project', project, 'generate', '--target', 'local'], box.env, box.root);
    expect(noOut).toMatchObject({
      code: 2,
      stderr: 'error: generate needs --out <dir>: the folder to write the app into\n',
    });
  });

  it('an invalid project is a user error that names each problem, and nothing is written', async () => {
    const dir = await newDemo('broken');
    const mainFile = join(dir, 'workflows', 'main_workflow.json');
    const workflow = JSON.parse(await readFile(mainFile, 'utf8'));
    workflow.edges.push({ id: 'e_bad', source: 'shape', target: 'ghost' });
    await writeFile(mainFile, JSON.stringify(workflow, null, 2));
    const out = join(box.root, 'broken-out');
    const run = await runCli(
      ['--project', dir, 'generate', '--target', 'local', '--out', out],
      box.env,
      box.root,
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`error: The project in ${dir} has 1 problem; fix it and generate again:\n`);
    expect(run.stderr).toMatch(/workflows\/main_workflow\.json\s+\$\.edges\[2\]\.target\s+.*ghost/);
    await expect(readdir(out)).rejects.toThrow();
  });
});
