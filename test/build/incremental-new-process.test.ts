import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syntheticProject, syntheticWorkflow, workflowId } from '../../bench/codegen/synthetic-project.js';
import { forgetBuildMemory } from '../../src/build/build-memory.js';
import { compileApp } from '../../src/build/compile-app.js';
import { cacheDirOf } from '../../src/build/generate-cache.js';
import { generatorFingerprint } from '../../src/build/input-fingerprint.js';
import { parsedWorkflow } from '../../src/build/load-memo.js';
import { projectMemoPath, restoreProjectMemo } from '../../src/build/project-memo.js';
import { readIndexedSource } from '../../src/build/source-index.js';
import { isCatalystError } from '../../src/errors.js';
import { readTree } from '../support/file-tree.js';

/**
 * A new process (e.g. a second `catalyst generate`) starts from what the last successful
 * generation kept in `.catalyst/cache/project-memo.bin`: it reads, parses and plans only the
 * files that changed, and makes the very bytes a full generation makes. A memo that is damaged,
 * of another format or version, made by another generator, or older than the files, is never
 * trusted beyond what it can prove: the output stays that of a full generation.
 * `forgetBuildMemory()` drops everything the process remembers — the disk is kept — which is
 * where a new process starts.
 */

const TARGET = 'production';
const WORKFLOWS = 6;
let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'catalyst-new-process-'));
});
afterAll(async () => {
  forgetBuildMemory();
  await rm(root, { recursive: true, force: true });
});

const text = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;
/** Waits past source-index.ts's racy-clean margin (a setup step, not a timed assertion). */
const settle = () => new Promise((r) => setTimeout(r, 300));
const sha = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

const generate = (dir: string, out: string) =>
  compileApp({ from: { kind: 'worktree', dir }, targetId: TARGET, outDir: out });

let counter = 0;
/** A settled project folder, generated once (so its memo is on disk), and this process's memory dropped. */
async function generatedProject(): Promise<{ dir: string; out: string }> {
  const dir = join(root, `project-${++counter}`);
  const out = join(root, `app-${counter}`);
  const project = syntheticProject(WORKFLOWS);
  await mkdir(join(dir, 'workflows'), { recursive: true });
  await writeFile(join(dir, 'catalyst.json'), text(project.manifest));
  for (const { file, workflow } of project.workflows) await writeFile(join(dir, file), text(workflow));
  await settle();
  await generate(dir, out);
  forgetBuildMemory();
  return { dir, out };
}

const changedFile = 'workflows/wf_0004.json';
async function changeOne(dir: string, variant: number): Promise<string> {
  const changed = text(syntheticWorkflow(4, variant));
  await writeFile(join(dir, changedFile), changed);
  return changed;
}

/** The bytes a full generation makes: into a fresh folder, with no memory and no cache at all. */
async function fullGeneration(dir: string): Promise<Record<string, string>> {
  const copy = join(root, `full-${++counter}`);
  await mkdir(join(copy, 'workflows'), { recursive: true });
  for (const path of [
    'catalyst.json',
    ...(await readdir(join(dir, 'workflows'))).map((n) => `workflows/${n}`),
  ])
    await writeFile(join(copy, path), await readFile(join(dir, path)));
  forgetBuildMemory();
  const out = join(root, `full-app-${counter}`);
  await generate(copy, out);
  forgetBuildMemory();
  // Inputs are fingerprinted with the project's files, not its folder: the lock is the same.
  return readTree(out);
}

/** What a new process learns from the memo: the files it had to read and the workflows it had parsed. */
async function restartAndRead(dir: string) {
  forgetBuildMemory();
  restoreProjectMemo(dir, await generatorFingerprint());
  const indexed = await readIndexedSource(dir);
  const unchanged = [...indexed.hashes].filter(
    ([path]) => path.startsWith('workflows/') && path !== changedFile,
  );
  return {
    read: indexed.read,
    parsedUnchanged: unchanged.filter(([, hash]) => parsedWorkflow(hash) !== undefined).length,
  };
}

/** The memo file's parts (see project-memo.ts) and a way to write a changed header with a valid checksum. */
async function memoParts(dir: string) {
  const bytes = await readFile(projectMemoPath(dir));
  const rest = bytes.subarray(32);
  const headerLength = rest.readUInt32LE(0);
  const header = JSON.parse(rest.subarray(4, 4 + headerLength).toString('utf8')) as Record<string, unknown>;
  const body = rest.subarray(4 + headerLength);
  const write = async (changed: Record<string, unknown>) => {
    const h = Buffer.from(JSON.stringify(changed), 'utf8');
    const length = Buffer.alloc(4);
    length.writeUInt32LE(h.length, 0);
    const next = Buffer.concat([length, h, body]);
    await writeFile(projectMemoPath(dir), Buffer.concat([createHash('sha256').update(next).digest(), next]));
  };
  return { bytes, header, write };
}

describe('a new process regenerates from the project memo', () => {
  it('reads and parses only the changed workflow, and makes the bytes of a full generation', async () => {
    const { dir, out } = await generatedProject();
    await changeOne(dir, 1);
    // Without the memo a new process reads every file (catalyst.json and each workflow).
    expect(await restartAndRead(dir)).toEqual({ read: 1, parsedUnchanged: WORKFLOWS - 1 });
    forgetBuildMemory();
    const app = await generate(dir, out);
    expect(app.kind).toBe('generated');
    expect(await readTree(out)).toEqual(await fullGeneration(dir));
    // The memo now holds the changed workflow too (once it is older than the racy-clean margin).
    await settle();
    await changeOne(dir, 2);
    forgetBuildMemory();
    await generate(dir, out);
    expect(await readTree(out)).toEqual(await fullGeneration(dir));
    // Nothing half-written is left in the cache folder.
    expect((await readdir(cacheDirOf(dir))).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  it('is not rewritten for a just-edited file; its old entry is harmless and the next process reads the file', async () => {
    const { dir, out } = await generatedProject();
    await generate(dir, out); // this process now starts from the memo on disk
    const before = await readFile(projectMemoPath(dir));
    const changed = await changeOne(dir, 1);
    // Too recent to trust: the memo would only lose that file's entry, so it is left as it is.
    await generate(dir, out);
    expect((await readFile(projectMemoPath(dir))).equals(before)).toBe(true);
    // A new process sees the file's identity differ from the old entry: it reads that file alone.
    expect(await restartAndRead(dir)).toEqual({ read: 1, parsedUnchanged: WORKFLOWS - 1 });
    expect(parsedWorkflow(sha(changed))).toBeUndefined();
    forgetBuildMemory();
    await generate(dir, out);
    expect(await readTree(out)).toEqual(await fullGeneration(dir));
    // Once the file is older than the margin, the next generation has its entry to add: written.
    await settle();
    await writeFile(join(dir, 'workflows', 'wf_0001.json'), text(syntheticWorkflow(1, 1)));
    await generate(dir, out);
    expect((await readFile(projectMemoPath(dir))).equals(before)).toBe(false);
    expect(await restartAndRead(dir)).toEqual({ read: 1, parsedUnchanged: WORKFLOWS - 2 });
    expect(parsedWorkflow(sha(changed))).toBeDefined();
  });

  it("removes the temp files of killed cache and memo writes, not a live process's", async () => {
    const { dir, out } = await generatedProject();
    const gone = spawnSync(process.execPath, ['-e', '0']).pid!; // exited: its pid names no process
    const cache = cacheDirOf(dir);
    const killed = [
      `project-memo.bin.${gone}-0123abcd.tmp`,
      `generate-0123456789abcdef.json.${gone}-89abcdef.tmp`,
    ];
    const live = `project-memo.bin.${process.ppid}-0badf00d.tmp`;
    for (const name of [...killed, live]) await writeFile(join(cache, name), 'half-written');
    await changeOne(dir, 1);
    await generate(dir, out);
    const left = await readdir(cache);
    for (const name of killed) expect(left).not.toContain(name);
    expect(left).toContain(live);
    expect(await readTree(out)).toEqual(await fullGeneration(dir));
  });

  it('keeps a parsed workflow exactly, even values JSON would not give back (-0)', async () => {
    const { dir, out } = await generatedProject();
    // wf_0002 written with a -0 in its config; it settles, and a generation keeps it in the memo.
    const file = join(dir, 'workflows', 'wf_0002.json');
    const edited = (await readFile(file, 'utf8')).replace('"variant": 0', '"variant": -0');
    expect(edited).toContain('"variant": -0');
    await writeFile(file, edited);
    await settle();
    await generate(dir, out);
    await changeOne(dir, 1);
    expect(await restartAndRead(dir)).toEqual({ read: 1, parsedUnchanged: WORKFLOWS - 1 });
    const restored = parsedWorkflow(sha(edited))!;
    const fields = restored.nodes['shape']!.config['fields'] as Record<string, unknown>;
    expect(Object.is(fields['variant'], -0)).toBe(true);
    forgetBuildMemory();
    await generate(dir, out);
    expect(await readTree(out)).toEqual(await fullGeneration(dir));
  });

  it('a memo older than the files gives the app of the files as they are', async () => {
    const { dir, out } = await generatedProject();
    const old = await readFile(projectMemoPath(dir));
    // Later edits: one workflow changed, one added, catalyst.json rewritten with the same text.
    await changeOne(dir, 3);
    const added = syntheticProject(WORKFLOWS + 1).workflows[WORKFLOWS]!;
    await writeFile(join(dir, added.file), text(added.workflow));
    await writeFile(join(dir, 'catalyst.json'), await readFile(join(dir, 'catalyst.json')));
    await settle();
    await generate(dir, out);
    // The old memo is put back, as if the last process had kept it and nothing since.
    await writeFile(projectMemoPath(dir), old);
    forgetBuildMemory();
    const { read } = await restartAndRead(dir);
    expect(read).toBe(3);
    forgetBuildMemory();
    await generate(dir, out);
    expect(await readTree(out)).toEqual(await fullGeneration(dir));
  });

  const damaged: Array<[string, (dir: string) => Promise<void>]> = [
    [
      'one byte changed',
      async (dir) => {
        const bytes = await readFile(projectMemoPath(dir));
        bytes[Math.floor(bytes.length / 2)]! ^= 0xff;
        await writeFile(projectMemoPath(dir), bytes);
      },
    ],
    [
      'cut short',
      async (dir) => {
        const bytes = await readFile(projectMemoPath(dir));
        await writeFile(projectMemoPath(dir), bytes.subarray(0, Math.floor(bytes.length / 2)));
      },
    ],
    ['empty', (dir) => writeFile(projectMemoPath(dir), '')],
    ['not a memo at all', (dir) => writeFile(projectMemoPath(dir), text({ format: 'something else' }))],
    [
      'another format (valid checksum)',
      async (dir) => {
        const { header, write } = await memoParts(dir);
        await write({ ...header, format: 'someone-elses-cache' });
      },
    ],
    [
      'an older version (valid checksum)',
      async (dir) => {
        const { header, write } = await memoParts(dir);
        await write({ ...header, version: 0 });
      },
    ],
    [
      'made by another generator (valid checksum)',
      async (dir) => {
        const { header, write } = await memoParts(dir);
        await write({ ...header, generator: `${String(header.generator)}-older` });
      },
    ],
    [
      'a workflow placed outside the file (valid checksum)',
      async (dir) => {
        const { header, write } = await memoParts(dir);
        const files = (header.files as Array<Record<string, unknown>>).map((f) =>
          f.at === undefined ? f : { ...f, at: 1e9 },
        );
        await write({ ...header, files });
      },
    ],
    [
      'a folder in its place',
      async (dir) => {
        await rm(projectMemoPath(dir));
        await mkdir(projectMemoPath(dir));
      },
    ],
  ];
  for (const [what, damage] of damaged) {
    it(`a memo that is ${what} is ignored: every file is read and parsed, the app is a full generation's`, async () => {
      const { dir, out } = await generatedProject();
      await damage(dir);
      await changeOne(dir, 1);
      expect(await restartAndRead(dir)).toEqual({ read: 1 + WORKFLOWS, parsedUnchanged: 0 });
      forgetBuildMemory();
      await generate(dir, out);
      expect(await readTree(out)).toEqual(await fullGeneration(dir));
    });
  }

  it('rules across workflows still see the whole project: the same error as without a memo', async () => {
    const { dir, out } = await generatedProject();
    // The changed workflow takes the id of an unchanged one (known only from the memo).
    await writeFile(join(dir, changedFile), text({ ...syntheticWorkflow(4, 1), id: workflowId(1) }));
    const before = await readTree(out);
    const failure = async () => {
      const error = await generate(dir, out).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(isCatalystError(error), String(error)).toBe(true);
      return (error as Error).message;
    };
    forgetBuildMemory();
    expect((await restartAndRead(dir)).parsedUnchanged).toBe(WORKFLOWS - 1);
    const withMemo = await failure();
    await rm(projectMemoPath(dir));
    forgetBuildMemory();
    const withoutMemo = await failure();
    expect(withMemo).toBe(withoutMemo);
    expect(withMemo).toContain(workflowId(1));
    expect(await readTree(out)).toEqual(before);
  });
});
