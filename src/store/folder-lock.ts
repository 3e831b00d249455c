import { mkdir, open, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { CatalystError } from './errors.js';

/** Local state of a project folder, never committed (.gitignore lists it). */
export const LOCAL_DIR = '.catalyst';
const LOCK_FILE = 'edit.lock';

export interface LockOptions {
  /** How long to wait for another process to finish its change. */
  timeoutMs?: number;
}

/**
 * Holds a project folder's edit lock while `work` runs, so two processes (the studio and
 * a CLI command) cannot interleave load-change-write cycles and lose one's change. The
 * lock file holds the owner's pid; a lock whose owner has died is taken over.
 */
export async function withFolderLock<T>(
  root: string,
  work: () => Promise<T>,
  options: LockOptions = {},
): Promise<T> {
  const dir = join(root, LOCAL_DIR);
  const file = join(dir, LOCK_FILE);
  await mkdir(dir, { recursive: true });
  const deadline = Date.now() + (options.timeoutMs ?? 10_000);
  for (let wait = 5; ; wait = Math.min(wait * 2, 100)) {
    const handle = await open(file, 'wx').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'EEXIST') return undefined;
      throw error;
    });
    if (handle) {
      try {
        await handle.writeFile(String(process.pid));
      } finally {
        await handle.close();
      }
      break;
    }
    const owner = Number.parseInt(await readFile(file, 'utf8').catch(() => ''), 10);
    if (Number.isInteger(owner) && owner > 0 && !isAlive(owner)) {
      await rm(file, { force: true });
      continue;
    }
    if (Date.now() > deadline) {
      throw new CatalystError(
        'conflict',
        `The project in ${root} is being changed by another Catalyst process${Number.isInteger(owner) ? ` (pid ${owner})` : ''}: try again in a moment. If no such process runs, delete ${file}.`,
      );
    }
    await sleep(wait);
  }
  try {
    return await work();
  } finally {
    await rm(file, { force: true });
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
