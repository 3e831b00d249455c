import { randomBytes } from 'node:crypto';
import { link, mkdir, readFile, realpath, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { CatalystError } from '../errors.js';
import { storeNotice } from './notices.js';

/** Local state of a project folder, never committed (.gitignore lists it). */
export const LOCAL_DIR = '.catalyst';
const LOCK_FILE = 'edit.lock';

/**
 * No change holds the lock this long (a change is load, edit, write: milliseconds), so an
 * older lock was abandoned — e.g. by a process that was stopped and whose pid now belongs
 * to another program.
 */
export const STALE_LOCK_MS = 5 * 60_000;

export interface LockOptions {
  /** How long to wait for another process to finish its change. */
  timeoutMs?: number;
}

/**
 * Lock files (real paths: one folder may be reached by several) this process holds right
 * now, so its own pid in a lock it does not hold is known to be a leftover.
 */
const held = new Set<string>();

/**
 * Holds a project folder's edit lock while `work` runs, so two processes (the studio and
 * a CLI command) cannot interleave load-change-write cycles and lose one's change. The
 * lock file holds the owner's pid. A lock that is abandoned — empty, its process gone, or
 * older than any change takes — is taken over at once, with a notice.
 */
export async function withFolderLock<T>(
  root: string,
  work: () => Promise<T>,
  options: LockOptions = {},
): Promise<T> {
  const dir = join(root, LOCAL_DIR);
  await mkdir(dir, { recursive: true });
  const release = await acquireLock(join(dir, LOCK_FILE), {
    ...options,
    name: 'the edit lock',
    busy: (file, pid) =>
      `The project in ${root} is being changed by another Catalyst process (pid ${pid}): try again in a moment. If no such process runs, delete ${file}.`,
  });
  try {
    return await work();
  } finally {
    await release();
  }
}

export interface AcquireOptions extends LockOptions {
  /** What the lock is called in the notice when an abandoned one is taken over: `the edit lock`. */
  name: string;
  /** The error message when another live process still holds the lock at the deadline. */
  busy: (file: string, pid: number | undefined) => string;
}

/**
 * Takes the lock file `file` (its folder must exist) as `withFolderLock` does — waiting for a
 * live holder, taking over an abandoned lock with a notice — and returns its release.
 */
export async function acquireLock(file: string, options: AcquireOptions): Promise<() => Promise<void>> {
  const deadline = Date.now() + (options.timeoutMs ?? 10_000);
  for (let wait = 5; ; wait = Math.min(wait * 2, 100)) {
    if (await tryLock(file)) break;
    const lock = await readLock(file);
    if (!lock) continue; // released meanwhile
    if (await removeIfAbandoned(file, lock, `Took over ${options.name}`)) continue;
    if (Date.now() > deadline) throw new CatalystError('conflict', options.busy(file, lock.pid));
    await sleep(wait);
  }
  const real = await realpath(file);
  held.add(real);
  return async () => {
    held.delete(real);
    await rm(file, { force: true });
  };
}

/**
 * Creates the lock with its content already in place: the pid goes into a temp file that
 * is then hard-linked to the lock name (which fails if the lock exists). A lock file is
 * therefore never seen empty, so an empty one is always a leftover.
 */
async function tryLock(file: string): Promise<boolean> {
  const temp = join(dirname(file), `.${basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  await writeFile(temp, `${process.pid}\n`, { flag: 'wx' });
  try {
    await link(temp, file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    await rm(temp, { force: true });
  }
}

interface LockState {
  /** undefined when the file holds no pid (empty or garbled). */
  pid: number | undefined;
  ino: number;
  ageMs: number;
  /** The lock file's real path. */
  real: string;
}

async function readLock(file: string): Promise<LockState | undefined> {
  try {
    const [text, info, real] = await Promise.all([readFile(file, 'utf8'), stat(file), realpath(file)]);
    const pid = /^\s*(\d+)\s*$/.exec(text)?.[1];
    return { pid: pid ? Number(pid) : undefined, ino: info.ino, ageMs: Date.now() - info.mtimeMs, real };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** Why the lock is abandoned, or undefined while its owner may still be working. */
function staleReason(lock: LockState): string | undefined {
  if (lock.pid === undefined) return 'it held no process id (left by a process killed while taking it)';
  if (lock.pid === process.pid && !held.has(lock.real)) {
    return `it names this process (pid ${lock.pid}) but was left by an earlier process with the same id`;
  }
  if (!isAlive(lock.pid)) return `its process (pid ${lock.pid}) is no longer running`;
  if (lock.ageMs > STALE_LOCK_MS) {
    return `it is ${Math.round(lock.ageMs / 60_000)} minutes old, longer than any change takes (pid ${lock.pid} is probably another program now)`;
  }
  return undefined;
}

/**
 * Removes the lock only if it is still the abandoned one we looked at: it is renamed
 * aside first and its inode compared, so a lock another process has just taken is put
 * back instead of deleted.
 */
async function removeIfUnchanged(file: string, seen: LockState): Promise<boolean> {
  // A temp-file name, so a process killed right here leaves nothing the next open does not sweep.
  const aside = join(
    dirname(file),
    `.${basename(file)}-stale.${process.pid}.${randomBytes(4).toString('hex')}.tmp`,
  );
  try {
    await rename(file, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
  const moved = await stat(aside);
  if (moved.ino !== seen.ino) await link(aside, file).catch(() => undefined);
  await rm(aside, { force: true });
  return moved.ino === seen.ino;
}

/**
 * Removes the folder's edit lock if it was abandoned; returns whether a possibly working
 * process holds it.
 */
export async function releaseAbandonedLock(root: string): Promise<{ active: boolean }> {
  const file = join(root, LOCAL_DIR, LOCK_FILE);
  const lock = await readLock(file);
  if (!lock) return { active: false };
  return { active: !(await removeIfAbandoned(file, lock, 'Removed the edit lock')) };
}

/** Removes an abandoned lock (with a notice: `${done} ${file}: why`); false while its owner may still be working. */
async function removeIfAbandoned(file: string, lock: LockState, done: string): Promise<boolean> {
  const stale = staleReason(lock);
  if (!stale) return false;
  if (await removeIfUnchanged(file, lock)) storeNotice(`${done} ${file}: ${stale}.`);
  return true;
}

/** Whether a process with this id exists (EPERM: it exists but belongs to someone else). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
