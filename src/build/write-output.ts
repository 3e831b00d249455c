import { randomBytes } from 'node:crypto';
import {
  existsSync,
  linkSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmdirSync,
  rmSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import {
  link,
  lstat,
  mkdir,
  readdir,
  readFile,
  readlink,
  rename,
  rm,
  stat,
  symlink,
  writeFile,
} from 'node:fs/promises';
import { homedir } from 'node:os';
import { basename, dirname, join, parse, resolve, sep } from 'node:path';
import { LOCK_FILE, lockedPaths } from '../compiler/lock.js';
import type { GeneratedFile } from '../compiler/types.js';
import { CatalystError } from '../errors.js';
import { existingAncestor, makeDir, systemFolderOf } from '../store/folder-safety.js';
import { testKillPoint } from '../store/test-kill-point.js';
import { fileIdentity } from './generate-cache.js';

export interface WriteResult {
  outDir: string;
  /** Generated paths whose bytes changed or are new, sorted. */
  written: string[];
  /** Paths a previous generation made that this one no longer does; removed. */
  removed: string[];
  /** True when every file was already byte-identical: nothing was touched. */
  unchanged: boolean;
  /** The output index of the folder as it is now (given `hashes`), for the next write. */
  index?: OutputIndex;
}

/**
 * The output index: app file path → the `sha256:` hash of the text written there and the
 * file's identity on disk right after (`dev:ino:size:mtimeNs:ctimeNs`). A file whose identity
 * is unchanged still holds that text — the make/ninja assumption that a write changes size,
 * mtime or ctime — so the next write compares hashes instead of reading the old app.
 */
export type OutputIndex = Map<string, { hash: string; identity: string }>;

export interface WriteOptions {
  /** Path → `sha256:` hash of each file to write (the lock's hashes, the lock's own added). */
  hashes?: ReadonlyMap<string, string>;
  /** The index the last write into this folder returned; with `hashes`, enables the in-place write. */
  index?: ReadonlyMap<string, { hash: string; identity: string }>;
}

/** Top-level marker of an in-place write in progress (see writeInPlace). */
export const WRITE_JOURNAL = '.catalyst-write.json';
/** Temp files of an in-place write, beside their targets. */
const TEMP_MARK = '.catalyst-tmp-';
/** An in-place write changes at most this many files (more: the whole-tree swap). */
const MAX_IN_PLACE = 64;

/**
 * Writes a generated app into `outDir` so that it never passes half-written for a complete app
 * (the whole-tree swap is never seen half-written at all; an in-place write has no lock while
 * it is under way):
 *
 * 1. Refuse a non-empty folder without `catalyst.lock.json` (or our WRITE_JOURNAL) — it was
 *    not made by us and may hold the user's own files.
 * 2. If every generated file is byte-identical to what is there (and nothing generated
 *    before is gone), touch nothing: mtimes stay, so watchers and builds stay quiet.
 * 3. Otherwise assemble the new tree in a temp folder beside `outDir` — unchanged files
 *    hard-linked (same bytes, same mtime), changed ones written, and any file the user
 *    added (not listed in the old lock) carried over — then swap: old folder to a trash
 *    name, new folder into place, trash deleted. A failed swap puts the old folder back.
 * 4. With an output index from the last write (`options`) and only a few files to change, the
 *    write is in place instead (see writeInPlace): what changed is found from hashes and file
 *    identities without reading the old app, and only the changed files are written.
 */
export async function writeOutput(
  outDir: string,
  files: readonly GeneratedFile[],
  options: WriteOptions = {},
): Promise<WriteResult> {
  const target = resolve(outDir);
  for (const f of files) {
    // Paths come from the compiler; one that could leave the folder is a bug, never written.
    if (f.path.startsWith('/') || f.path.split('/').some((part) => part === '..' || part === '')) {
      throw new Error(
        `Refusing generated path ${JSON.stringify(f.path)}: it must stay inside the app folder`,
      );
    }
  }
  await assertOutputFolder(target);
  const { hashes, index } = options;
  if (hashes !== undefined && index !== undefined) {
    const done = await writeInPlace(target, files, hashes, index);
    if (done) return done;
  }
  const existing = await inspectExisting(target);
  const newPaths = new Set(files.map((f) => f.path));
  const changed: string[] = [];
  for (const f of files) {
    if (existing.contents.get(f.path) !== f.content) changed.push(f.path);
  }
  const removed = existing.generated.filter((p) => !newPaths.has(p) && existing.contents.has(p)).sort();
  if (existing.exists && changed.length === 0 && removed.length === 0 && !existing.interrupted) {
    return { outDir: target, written: [], removed: [], unchanged: true, ...indexOf(target, files, hashes) };
  }

  const parent = dirname(target);
  await makeDir(parent);
  const suffix = `${process.pid}-${randomBytes(4).toString('hex')}`;
  const temp = join(parent, `.${basename(target)}.catalyst-new-${suffix}`);
  const trash = join(parent, `.${basename(target)}.catalyst-old-${suffix}`);
  try {
    await mkdir(temp);
    const changedSet = new Set(changed);
    const dirs = new Set(files.map((f) => dirname(join(temp, f.path))));
    for (const dir of [...dirs].sort()) mkdirSync(dir, { recursive: true });
    for (const [i, f] of files.entries()) {
      // Synchronous writes cost a fraction of fs/promises' per file (no thread-pool round trips);
      // yielding every few dozen files keeps a server's event loop responsive. No fsync per file:
      // the app becomes visible only through the folder rename below, and a crash before it
      // leaves the old app in place (the temp folder is ignored and replaced next time).
      if (i > 0 && i % WRITES_PER_TURN === 0) await new Promise((r) => setImmediate(r));
      const dest = join(temp, f.path);
      if (!changedSet.has(f.path) && tryLinkSync(join(target, f.path), dest)) continue;
      writeFileSync(dest, f.content, 'utf8');
    }
    const generatedBefore = new Set(existing.generated);
    for (const userFile of existing.all) {
      if (newPaths.has(userFile) || generatedBefore.has(userFile)) continue;
      await carryOver(join(target, userFile), join(temp, userFile));
    }
    if (existing.exists) await rename(target, trash);
    try {
      await rename(temp, target);
    } catch (error) {
      if (existing.exists) await rename(trash, target);
      throw error;
    }
  } catch (error) {
    await rm(temp, { recursive: true, force: true }).catch(() => undefined);
    throw new CatalystError(
      'io_failed',
      `Could not write the app to ${target}: ${(error as Error).message}. Nothing there was changed.`,
      {
        cause: error,
      },
    );
  }
  await rm(trash, { recursive: true, force: true }).catch(() => undefined);
  return {
    outDir: target,
    written: changed.sort(),
    removed,
    unchanged: false,
    ...indexOf(target, files, hashes),
  };
}

/** The output index of `files` as they are on disk now; nothing when hashes are not known. */
function indexOf(
  dir: string,
  files: readonly GeneratedFile[],
  hashes: ReadonlyMap<string, string> | undefined,
): { index?: OutputIndex } {
  if (hashes === undefined) return {};
  const index: OutputIndex = new Map();
  for (const f of files) {
    const hash = hashes.get(f.path);
    const identity = fileIdentity(join(dir, f.path));
    if (hash === undefined || identity === undefined) return {};
    index.set(f.path, { hash, identity });
  }
  return { index };
}

/**
 * The in-place write, when the folder is exactly what the index says the last write left (its
 * lock's identity matches, no write journal) and at most MAX_IN_PLACE files differ. Files whose
 * identity and hash match the index are not read or touched. Never seen as a complete app
 * half-written — the lock is what makes a folder a complete app (reuse checks every file
 * against it, and a folder with a journal is never reused):
 *
 * 1. the journal (WRITE_JOURNAL: every path the old and the new app generate) is written;
 * 2. every changed file's new text is written to a temp file beside it — a failure here removes
 *    them and the journal: nothing was changed;
 * 3. the lock is removed: from here until step 5 the folder has no lock and is no app;
 * 4. temp files are renamed over their targets, removed files deleted (emptied folders too);
 * 5. the new lock is renamed into place, then the journal deleted.
 *
 * A process killed after step 1 leaves the journal: the next write sees it, takes the folder as
 * ours, and does the full write — reading everything, the journal naming the generated files,
 * temp files dropped. `undefined` when the in-place write does not apply.
 */
async function writeInPlace(
  target: string,
  files: readonly GeneratedFile[],
  hashes: ReadonlyMap<string, string>,
  index: ReadonlyMap<string, { hash: string; identity: string }>,
): Promise<WriteResult | undefined> {
  const lockEntry = index.get(LOCK_FILE);
  if (lockEntry === undefined || fileIdentity(join(target, LOCK_FILE)) !== lockEntry.identity)
    return undefined;
  if (existsSync(join(target, WRITE_JOURNAL))) return undefined;
  const next: OutputIndex = new Map();
  const changed: GeneratedFile[] = [];
  for (const f of files) {
    const hash = hashes.get(f.path);
    if (hash === undefined) return undefined;
    const old = index.get(f.path);
    if (old !== undefined && old.hash === hash && fileIdentity(join(target, f.path)) === old.identity) {
      next.set(f.path, old);
      continue;
    }
    changed.push(f);
  }
  const removed = [...index.keys()]
    .filter((p) => !hashes.has(p) && fileIdentity(join(target, p)) !== undefined)
    .sort();
  if (changed.length === 0 && removed.length === 0) {
    return { outDir: target, written: [], removed: [], unchanged: true, index: next };
  }
  if (changed.length + removed.length > MAX_IN_PLACE) return undefined;
  // The lock goes last, through a temp file like the others, even when its bytes are the same.
  const lock = files.find((f) => f.path === LOCK_FILE);
  if (lock === undefined) return undefined;
  const toWrite = [...changed.filter((f) => f.path !== LOCK_FILE), lock];
  const suffix = `${process.pid}-${randomBytes(4).toString('hex')}`;
  const tempOf = (path: string) => join(target, dirname(path), `.${basename(path)}${TEMP_MARK}${suffix}`);
  const journal = join(target, WRITE_JOURNAL);
  const journalTemp = `${journal}${TEMP_MARK}${suffix}`;
  const temps: string[] = [];
  const madeDirs: string[] = [];
  try {
    const generated = [...new Set([...index.keys(), ...files.map((f) => f.path)])].sort();
    writeFileSync(journalTemp, JSON.stringify({ pid: process.pid, generated }), 'utf8');
    renameSync(journalTemp, journal);
    testKillPoint('output:journal-written');
    for (const f of toWrite) {
      const made = mkdirSync(dirname(join(target, f.path)), { recursive: true });
      if (made !== undefined) madeDirs.push(dirname(f.path));
      temps.push(tempOf(f.path));
      writeFileSync(tempOf(f.path), f.content, 'utf8');
      testKillPoint('output:temp-written');
    }
  } catch (error) {
    for (const t of [...temps, journalTemp, journal]) rmSync(t, { force: true });
    for (const dir of madeDirs) pruneEmptyFolders(target, dir);
    throw new CatalystError(
      'io_failed',
      `Could not write the app to ${target}: ${(error as Error).message}. Nothing there was changed.`,
      { cause: error },
    );
  }
  try {
    unlinkSync(join(target, LOCK_FILE));
    testKillPoint('output:lock-removed');
    for (const path of removed) {
      rmSync(join(target, path), { force: true });
      pruneEmptyFolders(target, dirname(path));
    }
    for (const f of toWrite) {
      if (f.path === LOCK_FILE) continue;
      renameSync(tempOf(f.path), join(target, f.path));
      testKillPoint('output:file-renamed');
    }
    renameSync(tempOf(LOCK_FILE), join(target, LOCK_FILE));
    testKillPoint('output:lock-written');
  } catch (error) {
    for (const t of temps) rmSync(t, { force: true });
    throw new CatalystError(
      'io_failed',
      `Could not finish writing the app to ${target}: ${(error as Error).message}. The folder has no ${LOCK_FILE} now, so it is not taken for a complete app; generate again to finish it.`,
      { cause: error },
    );
  }
  unlinkSync(journal);
  for (const f of toWrite) {
    const identity = fileIdentity(join(target, f.path));
    if (identity !== undefined) next.set(f.path, { hash: hashes.get(f.path)!, identity });
  }
  const written = changed.map((f) => f.path).sort();
  return { outDir: target, written, removed, unchanged: false, index: next };
}

/** Removes `rel` (a folder inside `root`) and its parents while they are empty. */
function pruneEmptyFolders(root: string, rel: string): void {
  for (let dir = rel; dir !== '.' && dir !== ''; dir = dirname(dir)) {
    try {
      rmdirSync(join(root, dir));
    } catch {
      return;
    }
  }
}

export interface OutputFolderContext {
  /** The project being generated: neither it nor a folder holding it may be the output. */
  projectDir?: string;
  /** Defaults to the user's home folder. */
  home?: string;
}

/**
 * Refuses at once, before anything is read below it, an output folder that must never be
 * written or swapped: the root of the file system, a system folder, the home folder, the
 * project or a folder holding it, and a non-empty folder whose top level has no
 * catalyst.lock.json (so not an earlier generated app — it may hold the user's own files) nor
 * the journal of an interrupted in-place write (WRITE_JOURNAL).
 */
export async function assertOutputFolder(outDir: string, context: OutputFolderContext = {}): Promise<void> {
  const target = resolve(outDir);
  const anchor = await existingAncestor(target);
  const refuse = (why: string) =>
    new CatalystError(
      'io_failed',
      `Refusing to write the app to ${target}: ${why} Choose a new folder for --out, e.g. ./build/app.`,
    );
  const real = anchor.realTarget;
  if (parse(target).root === target || parse(real).root === real)
    throw refuse('it is the root of the file system.');
  const system = systemFolderOf(target) ?? systemFolderOf(real);
  if (system) throw refuse(`${system} is a system folder of the operating system.`);
  const home = resolve(context.home ?? homedir());
  if (target === home || real === home) throw refuse('it is your home folder.');
  if (context.projectDir !== undefined) {
    const project = resolve(context.projectDir);
    if (target === project) throw refuse('it is the project folder itself.');
    if (project.startsWith(`${target}${sep}`)) throw refuse('it holds the project folder.');
  }
  if (anchor.path !== target) return;
  if (!anchor.isDirectory) {
    throw new CatalystError(
      'io_failed',
      `Cannot write the app to ${target}: it is a file, not a folder. Choose another --out.`,
    );
  }
  const top = await readdir(target);
  if (top.length > 0 && !top.includes(LOCK_FILE) && !top.includes(WRITE_JOURNAL)) throw notOurs(target);
}

function notOurs(dir: string): CatalystError {
  return new CatalystError(
    'io_failed',
    `Refusing to write into ${dir}: the folder is not empty and has no ${LOCK_FILE}, so Catalyst did not create it. ` +
      'This protects your own files: choose an empty or new folder for --out, or empty this one first.',
  );
}

interface Existing {
  exists: boolean;
  /** Every file below the folder (relative, `/`-separated), user files included. */
  all: string[];
  /** Paths the previous generation made, from its lock. */
  generated: string[];
  /** Text of the previously generated files that are still there. */
  contents: Map<string, string>;
  /** An in-place write was interrupted (its journal is there): the folder must be rewritten. */
  interrupted?: boolean;
}

async function inspectExisting(dir: string): Promise<Existing> {
  const info = await stat(dir).catch(() => undefined);
  if (!info) return { exists: false, all: [], generated: [], contents: new Map() };
  if (!info.isDirectory()) {
    throw new CatalystError(
      'io_failed',
      `Cannot write the app to ${dir}: it is a file, not a folder. Choose another --out.`,
    );
  }
  // The top level decides whether the folder is ours before anything below it is listed.
  const top = await readdir(dir);
  if (top.length === 0) return { exists: true, all: [], generated: [], contents: new Map() };
  const interrupted = top.includes(WRITE_JOURNAL);
  if (!top.includes(LOCK_FILE) && !interrupted) throw notOurs(dir);
  // Our own journal and temp files are never carried over as the user's files.
  const all = (await listFiles(dir)).filter((p) => p !== WRITE_JOURNAL && !basename(p).includes(TEMP_MARK));
  const lockText = await readFile(join(dir, LOCK_FILE), 'utf8').catch(() => undefined);
  const generated = [
    ...new Set([
      ...((lockText === undefined ? undefined : lockedPaths(lockText)) ?? [LOCK_FILE]),
      ...(interrupted ? await journalPaths(join(dir, WRITE_JOURNAL)) : []),
    ]),
  ];
  const contents = new Map<string, string>();
  const present = new Set(all);
  for (const [i, path] of generated.entries()) {
    if (i > 0 && i % WRITES_PER_TURN === 0) await new Promise((r) => setImmediate(r));
    if (present.has(path)) contents.set(path, readFileSync(join(dir, path), 'utf8'));
  }
  return { exists: true, all, generated, contents, interrupted };
}

/** The generated paths an interrupted in-place write's journal names (none when unreadable). */
async function journalPaths(path: string): Promise<string[]> {
  try {
    const parsed = JSON.parse(await readFile(path, 'utf8')) as { generated?: unknown };
    if (!Array.isArray(parsed.generated)) return [];
    return parsed.generated.filter(
      (p): p is string =>
        typeof p === 'string' &&
        !p.startsWith('/') &&
        !p.split('/').some((part) => part === '..' || part === ''),
    );
  } catch {
    return [];
  }
}

async function listFiles(dir: string, prefix = ''): Promise<string[]> {
  const out: string[] = [];
  const entries = await readdir(join(dir, prefix), { withFileTypes: true });
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const rel = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
    if (entry.isDirectory()) out.push(...(await listFiles(dir, rel)));
    else out.push(rel);
  }
  return out;
}

/** Files written between two turns of the event loop. */
const WRITES_PER_TURN = 64;

function tryLinkSync(from: string, to: string): boolean {
  try {
    linkSync(from, to);
    return true;
  } catch {
    return false;
  }
}

/** A hard link keeps the unchanged file's inode and mtime; where links are not allowed, the caller writes a copy. */
async function tryLink(from: string, to: string): Promise<boolean> {
  try {
    await link(from, to);
    return true;
  } catch {
    return false;
  }
}

async function carryOver(from: string, to: string): Promise<void> {
  await mkdir(dirname(to), { recursive: true });
  const info = await lstat(from);
  if (info.isSymbolicLink()) await symlink(await readlink(from), to);
  else if (!(await tryLink(from, to))) await writeFile(to, await readFile(from));
}
