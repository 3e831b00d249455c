import { randomBytes } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
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

export interface WriteResult {
  outDir: string;
  /** Generated paths whose bytes changed or are new, sorted. */
  written: string[];
  /** Paths a previous generation made that this one no longer does; removed. */
  removed: string[];
  /** True when every file was already byte-identical: nothing was touched. */
  unchanged: boolean;
}

/**
 * Writes a generated app into `outDir` so that it is never seen half-written:
 *
 * 1. Refuse a non-empty folder without `catalyst.lock.json` — it was not made by us and
 *    may hold the user's own files.
 * 2. If every generated file is byte-identical to what is there (and nothing generated
 *    before is gone), touch nothing: mtimes stay, so watchers and builds stay quiet.
 * 3. Otherwise assemble the new tree in a temp folder beside `outDir` — unchanged files
 *    hard-linked (same bytes, same mtime), changed ones written, and any file the user
 *    added (not listed in the old lock) carried over — then swap: old folder to a trash
 *    name, new folder into place, trash deleted. A failed swap puts the old folder back.
 */
export async function writeOutput(outDir: string, files: readonly GeneratedFile[]): Promise<WriteResult> {
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
  const existing = await inspectExisting(target);
  const newPaths = new Set(files.map((f) => f.path));
  const changed: string[] = [];
  for (const f of files) {
    if (existing.contents.get(f.path) !== f.content) changed.push(f.path);
  }
  const removed = existing.generated.filter((p) => !newPaths.has(p) && existing.contents.has(p)).sort();
  if (existing.exists && changed.length === 0 && removed.length === 0) {
    return { outDir: target, written: [], removed: [], unchanged: true };
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
  return { outDir: target, written: changed.sort(), removed, unchanged: false };
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
 * catalyst.lock.json (so not an earlier generated app — it may hold the user's own files).
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
  if (top.length > 0 && !top.includes(LOCK_FILE)) throw notOurs(target);
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
  if (!top.includes(LOCK_FILE)) throw notOurs(dir);
  const all = await listFiles(dir);
  const lockText = await readFile(join(dir, LOCK_FILE), 'utf8');
  const generated = lockedPaths(lockText) ?? [LOCK_FILE];
  const contents = new Map<string, string>();
  const present = new Set(all);
  for (const [i, path] of generated.entries()) {
    if (i > 0 && i % WRITES_PER_TURN === 0) await new Promise((r) => setImmediate(r));
    if (present.has(path)) contents.set(path, readFileSync(join(dir, path), 'utf8'));
  }
  return { exists: true, all, generated, contents };
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
