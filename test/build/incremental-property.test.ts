import { mkdir, mkdtemp, readdir, readFile, rename, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syntheticProject, workflowName } from '../../bench/codegen/synthetic-project.js';
import { forgetBuildMemory } from '../../src/build/build-memory.js';
import { compileApp } from '../../src/build/compile-app.js';
import {
  cacheKeys,
  knownModules,
  knownProblems,
  nextCache,
  renderContext,
  renderedHashes,
} from '../../src/build/generate-cache.js';
import { generatorVersion } from '../../src/build/generator-version.js';
import { generatorFingerprint, inputFingerprint } from '../../src/build/input-fingerprint.js';
import { projectMemoPath } from '../../src/build/project-memo.js';
import { loadRuntimeAssets } from '../../src/build/runtime-assets.js';
import { readIndexedSource, sourceHashes } from '../../src/build/source-index.js';
import { planTarget } from '../../src/compiler/plan.js';
import { renderPlan } from '../../src/compiler/render-target.js';
import { CatalystError } from '../../src/errors.js';
import { loadProject } from '../../src/model/load.js';
import type { ProjectManifest } from '../../src/model/project.js';
import type { Workflow } from '../../src/model/workflow.js';
import { readProjectSource } from '../../src/store/project-folder.js';
import { demoProject, sourceOf } from '../model/fixtures.js';
import { listFiles, readTree } from '../support/file-tree.js';

/**
 * Seeded random edits to a project and its generated app — workflows changed, added, removed,
 * renamed and moved, catalyst.json edited, files touched without change, generated files edited
 * or deleted by hand, the process "restarted" (its memory of earlier generations dropped, the
 * disk cache kept, as a new process finds it; also with the project memo of an earlier state or
 * with a damaged one) — each
 * followed by an incremental regeneration into the same folder. After every step the folder
 * must hold exactly, byte for byte, what a full generation from the project's files makes.
 */

const TARGET = 'production';
let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'catalyst-incremental-property-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** mulberry32: a small seeded generator, so a failing sequence can be replayed. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Waits past source-index.ts's racy-clean margin (a setup step, not a timed assertion). */
const settle = () => new Promise((r) => setTimeout(r, 300));

const text = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

/** A full generation, from the pure parts only: the store's reader, the model, the compiler. */
async function fullGeneration(dir: string): Promise<Record<string, string>> {
  const source = await readProjectSource(dir);
  const { project, problems } = loadProject(source);
  expect(problems).toEqual([]);
  const inputs = inputFingerprint(
    source,
    sourceHashes(source),
    TARGET,
    undefined,
    await generatorFingerprint(),
  );
  const plan = { ...planTarget(project!, TARGET, { generatorVersion: generatorVersion() }), inputs };
  const files = renderPlan(plan, await loadRuntimeAssets());
  return Object.fromEntries(files.map((f) => [f.path, f.content]));
}

const generate = (dir: string, out: string) =>
  compileApp({ from: { kind: 'worktree', dir }, targetId: TARGET, outDir: out });

const OPS = [
  'change',
  'add',
  'remove',
  'rename',
  'move',
  'manifest',
  'touch',
  'edit output',
  'delete output',
  'restart',
  'restart, old memo',
  'restart, damaged memo',
  'invalid',
] as const;
type Op = (typeof OPS)[number];

async function run(seed: number, steps: number, seen: Map<Op, number>): Promise<void> {
  const next = random(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  const dir = join(root, `project-${seed}`);
  const out = join(root, `app-${seed}`);
  const start = syntheticProject(6);
  let manifest: ProjectManifest = start.manifest;
  // File path → workflow; ids stay wf0000…wf(n-1) (only the last is removed, so calls resolve).
  const files = new Map<string, Workflow>(start.workflows.map((w) => [w.file, w.workflow]));
  await mkdir(join(dir, 'workflows'), { recursive: true });
  await writeFile(join(dir, 'catalyst.json'), text(manifest));
  for (const [file, wf] of files) await writeFile(join(dir, file), text(wf));
  // Files younger than the index's racy-clean margin are always read; these become older.
  await settle();
  await generate(dir, out);
  expect(await readTree(out)).toEqual(await fullGeneration(dir));
  // The project memo of the first generation, put back by a later 'restart, old memo'.
  const firstMemo = await readFile(projectMemoPath(dir));

  const fileOf = (index: number) =>
    [...files].find(([, w]) => w.id === `wf${String(index).padStart(4, '0')}`)!;
  for (let step = 0; step < steps; step++) {
    const op = pick(OPS);
    const label = `seed ${seed}, step ${step}: ${op}`;
    seen.set(op, (seen.get(op) ?? 0) + 1);
    const count = files.size;
    switch (op) {
      case 'change': {
        const [file, wf] = pick([...files]);
        const nodes = structuredClone(wf.nodes);
        const id = pick(Object.keys(nodes));
        nodes[id]!.name = `${nodes[id]!.name} ${step}`;
        files.set(file, { ...wf, nodes });
        await writeFile(join(dir, file), text(files.get(file)));
        break;
      }
      case 'add': {
        const wf = syntheticProject(count + 1).workflows[count]!;
        files.set(wf.file, wf.workflow);
        await writeFile(join(dir, wf.file), text(wf.workflow));
        break;
      }
      case 'remove': {
        if (count <= 2) break;
        const [file] = fileOf(count - 1);
        files.delete(file);
        await rm(join(dir, file));
        break;
      }
      case 'rename': {
        const [file, wf] = pick([...files]);
        files.set(file, { ...wf, name: `${workflowName(Number(wf.id.slice(2)))}_r${step}` });
        await writeFile(join(dir, file), text(files.get(file)));
        break;
      }
      case 'move': {
        const [file, wf] = pick([...files]);
        const moved = `workflows/moved_${step}.json`;
        files.delete(file);
        files.set(moved, wf);
        await rename(join(dir, file), join(dir, moved));
        break;
      }
      case 'manifest': {
        manifest = { ...manifest, envVars: { ...manifest.envVars, [`SETTING_${step}`]: `value ${step}` } };
        await writeFile(join(dir, 'catalyst.json'), text(manifest));
        break;
      }
      case 'touch': {
        const later = new Date(Date.now() + 1000 * (step + 1));
        for (const file of [pick([...files.keys()]), 'catalyst.json'])
          await utimes(join(dir, file), later, later);
        break;
      }
      case 'edit output': {
        const path = pick(await listFiles(out));
        await writeFile(join(out, path), `# edited by hand at step ${step}\n`, { flag: 'a' });
        break;
      }
      case 'delete output': {
        await rm(join(out, pick(await listFiles(out))));
        break;
      }
      case 'restart':
        // A new process: nothing in memory, the disk cache (generate cache, project memo) kept.
        forgetBuildMemory();
        break;
      case 'restart, old memo':
        // A new process finding the project memo of the first generation (files changed since).
        await writeFile(projectMemoPath(dir), firstMemo);
        forgetBuildMemory();
        break;
      case 'restart, damaged memo': {
        const memo = await readFile(projectMemoPath(dir));
        memo[Math.floor(next() * memo.length)]! ^= 0x5a;
        await writeFile(projectMemoPath(dir), memo);
        forgetBuildMemory();
        break;
      }
      case 'invalid': {
        // A broken file: a clear error and the app folder untouched; then the file is put back.
        const [file, wf] = pick([...files]);
        const before = await readTree(out);
        await writeFile(join(dir, file), '{ "id": ');
        await expect(generate(dir, out), label).rejects.toBeInstanceOf(CatalystError);
        expect(await readTree(out), label).toEqual(before);
        await writeFile(join(dir, file), text(wf));
        break;
      }
    }
    await generate(dir, out);
    expect(await readTree(out), label).toEqual(await fullGeneration(dir));
  }
  // Nothing of ours is left beside the app either (temp folders of the whole-tree swap).
  expect((await readdir(root)).filter((n) => n.includes('catalyst-'))).toEqual([]);
  // A generation into an empty folder, in a process that remembers nothing, gives the same bytes.
  forgetBuildMemory();
  const fresh = join(root, `fresh-${seed}`);
  await generate(dir, fresh);
  expect(await readTree(out)).toEqual(await readTree(fresh));
}

describe('incremental regeneration equals a full generation', () => {
  it('after seeded random edits of the project and of the app', async () => {
    const seen = new Map<Op, number>();
    for (const seed of [1, 2, 3]) await run(seed, 30, seen);
    // Every kind of edit happened at least once.
    expect(OPS.filter((op) => !seen.has(op))).toEqual([]);
  }, 240_000);

  it('the app folder is written in place: unchanged files keep their inode and change time', async () => {
    const dir = join(root, 'in-place');
    const out = join(root, 'in-place-app');
    const project = syntheticProject(8);
    await mkdir(join(dir, 'workflows'), { recursive: true });
    await writeFile(join(dir, 'catalyst.json'), text(project.manifest));
    for (const { file, workflow } of project.workflows) await writeFile(join(dir, file), text(workflow));
    await generate(dir, out);
    const identity = async () => {
      const ids: Record<string, string> = {};
      for (const path of await listFiles(out)) {
        const s = await stat(join(out, path));
        ids[path] = `${s.ino}:${s.ctimeMs}`;
      }
      return ids;
    };
    const folderBefore = (await stat(out)).ino;
    const before = await identity();
    const changed = project.workflows[7]!;
    changed.workflow.nodes['shape']!.name = 'Shape input, changed';
    await writeFile(join(dir, changed.file), text(changed.workflow));
    const again = await generate(dir, out);
    expect(again.kind).toBe('generated');
    if (again.kind !== 'generated') return;
    expect(again.written.written).toEqual(['catalyst.lock.json', 'workflows/wf_0007.py']);
    expect((await stat(out)).ino).toBe(folderBefore);
    const after = await identity();
    for (const path of Object.keys(before)) {
      if (again.written.written.includes(path)) expect(after[path], path).not.toBe(before[path]);
      else expect(after[path], path).toBe(before[path]);
    }
    expect(await readTree(out)).toEqual(await fullGeneration(dir));

    // A generated file edited by hand with the same size and its mtime set back (as closely as
    // utimes allows; the source index test below isolates the ctime exactly): the output index
    // sees it, and the next generation writes it again.
    const module = join(out, 'workflows', 'wf_0003.py');
    const { mtime } = await stat(module);
    const original = await readFile(module, 'utf8');
    const edited = original.replace('import', 'IMPORT');
    expect(edited).not.toBe(original);
    expect(edited.length).toBe(original.length);
    await writeFile(module, edited);
    await utimes(module, mtime, mtime);
    changed.workflow.nodes['shape']!.name = 'Shape input, changed again';
    await writeFile(join(dir, changed.file), text(changed.workflow));
    const third = await generate(dir, out);
    expect(third.kind === 'generated' && third.written.written).toEqual([
      'catalyst.lock.json',
      'workflows/wf_0003.py',
      'workflows/wf_0007.py',
    ]);
    expect(await readFile(module, 'utf8')).toBe(original);
  });
});

describe('the source index', () => {
  it('reads again only files whose identity changed, even a same-size edit with the old mtime', async () => {
    const dir = join(root, 'index');
    const project = syntheticProject(4);
    await mkdir(join(dir, 'workflows'), { recursive: true });
    await writeFile(join(dir, 'catalyst.json'), text(project.manifest));
    for (const { file, workflow } of project.workflows) await writeFile(join(dir, file), text(workflow));
    // A whole-second mtime, so it can be set back exactly after the edit below.
    const mtime = Math.floor(Date.now() / 1000) - 60;
    const file = project.workflows[2]!.file;
    const path = join(dir, file);
    await utimes(path, mtime, mtime);
    await settle();
    const first = await readIndexedSource(dir);
    expect(first.read).toBe(5);
    const again = await readIndexedSource(dir);
    expect(again.read).toBe(0);
    expect(again.source).toEqual(first.source);

    // Same size, same mtime (set back by hand), other bytes: the ctime tells.
    const old = await stat(path);
    const original = first.source.workflows.find((w) => w.path === file)!.text;
    const edited = original.replace('"Shape input"', '"Shape inpux"');
    expect(edited.length).toBe(original.length);
    await writeFile(path, edited);
    await utimes(path, mtime, mtime);
    expect((await stat(path)).mtimeMs).toBe(old.mtimeMs);
    expect((await stat(path)).size).toBe(old.size);
    const third = await readIndexedSource(dir);
    expect(third.read).toBe(1);
    expect(third.source.workflows.find((w) => w.path === file)!.text).toBe(edited);
    expect(third.hashes.get(file)).toBe(sourceHashes(third.source).get(file));

    // Removed and added files are seen; forgetting the index reads everything again.
    await rm(path);
    await writeFile(join(dir, 'workflows', 'zz_new.json'), text(project.workflows[2]!.workflow));
    const fourth = await readIndexedSource(dir);
    expect(fourth.source.workflows.map((w) => w.path)).toEqual([
      ...project.workflows.filter((w) => w.file !== file).map((w) => w.file),
      'workflows/zz_new.json',
    ]);
    expect(fourth.read).toBe(1);
    forgetBuildMemory();
    expect((await readIndexedSource(dir)).read).toBe(5);
  });
});

describe('the generate cache', () => {
  it('is not used for what another generator made: validation and modules are done again', async () => {
    const project = demoProject();
    const source = sourceOf(project);
    const hashes = sourceHashes(source);
    const { project: loaded, byWorkflow } = loadProject(source);
    const plan = planTarget(loaded!, TARGET, { generatorVersion: generatorVersion() });
    const files = renderPlan(plan, await loadRuntimeAssets());
    const rendered = renderedHashes(files);
    const made = (generator: string) => ({
      keys: cacheKeys(source, hashes, generator),
      context: renderContext(loaded!, source.manifest.text, TARGET, generator),
    });
    const a = made('1.0.0+aaaa');
    const cache = nextCache(a.keys, byWorkflow!, a.context, plan, rendered, new Map());
    const texts = new Map(files.map((f) => [rendered.get(f.path)!, f.content]));
    const loadedCache = { cache, texts };
    // The same generator: every workflow's problems and module are known.
    expect(knownProblems(cache, a.keys)?.size).toBe(project.workflows.length);
    expect(knownModules(loadedCache, a.keys, a.context, plan, root).size).toBe(plan.workflows.length);
    // Another one (a new version or a locally edited compiler): nothing is.
    const b = made('1.0.1+bbbb');
    expect(knownProblems(cache, b.keys)).toBeUndefined();
    expect(knownModules(loadedCache, b.keys, b.context, plan, root).size).toBe(0);
  });
});
