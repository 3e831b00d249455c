import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileApp } from '../../src/build/compile-app.js';
import { cachePathOf } from '../../src/build/generate-cache.js';
import type { PipelineEvent } from '../../src/build/pipeline-events.js';
import type { Project } from '../../src/model/project-files.js';
import { allNodesProject } from '../fixtures/all-nodes-project.js';
import { demoProject, find, sourceOf } from '../model/fixtures.js';
import { readTree } from '../support/file-tree.js';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'catalyst-incremental-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

async function writeProject(dir: string, project: Project): Promise<void> {
  const source = sourceOf(project);
  for (const f of [source.manifest, ...source.workflows]) {
    await mkdir(dirname(join(dir, f.path)), { recursive: true });
    await writeFile(join(dir, f.path), f.text);
  }
}

async function generate(projectDir: string, outDir: string, targetId: string, events: PipelineEvent[] = []) {
  return compileApp({
    from: { kind: 'worktree', dir: projectDir },
    targetId,
    outDir,
    onEvent: (e) => events.push(e),
  });
}

const renderDetail = (events: PipelineEvent[]) =>
  events.flatMap((e) => (e.stage === 'render' && e.status === 'done' ? [e.detail] : []))[0];

/** Generates the project from scratch into a new folder: what the incremental output must equal. */
async function fromScratch(projectDir: string, targetId: string, name: string) {
  const out = join(root, `scratch-${name}`);
  await generate(projectDir, out, targetId);
  return readTree(out);
}

let counter = 0;
async function setUp(project: Project, targetId: string) {
  const dir = join(root, `project-${++counter}`);
  await writeProject(dir, project);
  const out = join(root, `out-${counter}`);
  const first = await generate(dir, out, targetId);
  expect(first.kind).toBe('generated');
  return { dir, out };
}

const FIXTURES: Array<[string, () => Project, string]> = [
  ['demo', demoProject, 'production'],
  ['all nodes', allNodesProject, allNodesProject().workflows[0]!.workflow.deploymentTargetId],
];

describe('regenerating after one workflow file changed', () => {
  for (const [name, make, targetId] of FIXTURES) {
    it(`${name}: renders only that workflow's module, and the app equals a generation from scratch`, async () => {
      const project = make();
      const { dir, out } = await setUp(project, targetId);
      const inTarget = project.workflows.filter((w) => w.workflow.deploymentTargetId === targetId);
      const changed = inTarget[inTarget.length - 1]!;
      const node = Object.values(changed.workflow.nodes)[0]!;
      node.name = `${node.name} (renamed node)`;
      await writeProject(dir, project);

      const events: PipelineEvent[] = [];
      const again = await generate(dir, out, targetId, events);
      expect(again.kind).toBe('generated');
      if (inTarget.length > 1) {
        expect(renderDetail(events)).toMatch(
          new RegExp(`; 1 of ${inTarget.length} workflow modules rendered, the others unchanged$`),
        );
      }
      expect(await readTree(out)).toEqual(await fromScratch(dir, targetId, `${name}-one`));
    });
  }

  it("a callee's name changes: its callers are rendered again, same bytes as from scratch", async () => {
    const project = demoProject();
    const { dir, out } = await setUp(project, 'production');
    find(project, 'wf_extract').name = 'extract_renamed';
    await writeProject(dir, project);
    const events: PipelineEvent[] = [];
    await generate(dir, out, 'production', events);
    expect(renderDetail(events)).not.toMatch(/unchanged$/);
    const tree = await readTree(out);
    expect(tree).toEqual(await fromScratch(dir, 'production', 'renamed'));
    expect(Object.keys(tree).some((p) => p.includes('extract_renamed'))).toBe(true);
  });

  it('a deleted or corrupt cache means full work, with the same output', async () => {
    const project = demoProject();
    const { dir, out } = await setUp(project, 'production');
    const cache = cachePathOf(dir, out);
    const intact = await readFile(cache, 'utf8');
    const edit = (n: number) => {
      find(project, 'wf_process').nodes[Object.keys(find(project, 'wf_process').nodes)[0]!]!.name =
        `edit ${n}`;
      return writeProject(dir, project);
    };
    const cases: Array<[string, () => Promise<void>]> = [
      ['deleted', () => rm(cache)],
      ['not JSON (a killed write)', () => writeFile(cache, intact.slice(0, intact.length >> 1))],
      ['the wrong shape', () => writeFile(cache, JSON.stringify({ version: 2, modules: 'nope' }))],
      ['an older version', () => writeFile(cache, JSON.stringify({ ...JSON.parse(intact), version: 1 }))],
      ['empty', () => writeFile(cache, '')],
    ];
    for (const [i, [label, breakIt]] of cases.entries()) {
      await edit(i);
      await breakIt();
      const events: PipelineEvent[] = [];
      const again = await generate(dir, out, 'production', events);
      expect(again.kind, label).toBe('generated');
      expect(renderDetail(events), label).toMatch(/^\d+ files$/);
      expect(await readTree(out), label).toEqual(await fromScratch(dir, 'production', `broken-${i}`));
      // The cache is whole again afterwards.
      expect(JSON.parse(await readFile(cache, 'utf8')).version, label).toBe(2);
    }
  });

  it('a stale module in the cache is never used once its workflow file changed', async () => {
    const project = demoProject();
    const { dir, out } = await setUp(project, 'production');
    const cache = cachePathOf(dir, out);
    // The changed workflow's entry still holds its old text's hash; its module in the app folder
    // is made a marker whose hash the entry records, so using the entry would show.
    const parsed = JSON.parse(await readFile(cache, 'utf8'));
    const mainFile = project.workflows.find((w) => w.workflow.id === 'wf_main')!.file;
    const entry = parsed.modules[mainFile];
    await writeFile(join(out, 'workflows', `${entry.module}.py`), 'STALE');
    entry.hash = `sha256:${createHash('sha256').update('STALE').digest('hex')}`;
    await writeFile(cache, JSON.stringify(parsed));
    const main = find(project, 'wf_main');
    main.nodes[Object.keys(main.nodes)[0]!]!.name = 'changed';
    await writeProject(dir, project);
    const events: PipelineEvent[] = [];
    await generate(dir, out, 'production', events);
    expect(renderDetail(events)).toMatch(/; 1 of \d+ workflow modules rendered, the others unchanged$/);
    const tree = await readTree(out);
    expect(Object.values(tree).some((content) => content === 'STALE')).toBe(false);
    expect(tree).toEqual(await fromScratch(dir, 'production', 'stale'));
  });
});
