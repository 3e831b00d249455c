import { access, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { TEMP_FILE_PATTERN } from './atomic-write.js';
import { isAlive, LOCAL_DIR, releaseAbandonedLock, withFolderLock } from './folder-lock.js';
import { journalPath, replayJournal } from './journal.js';
import { storeNotice } from './notices.js';

/** Folders of a project that atomic writes put temp files in. */
const WRITE_DIRS = ['.', 'workflows', LOCAL_DIR];

/**
 * Repairs what a killed Catalyst process left in a project folder; every store entry point
 * (reads, changes, CLI, studio, deploy) calls it before reading. Temp files of dead
 * processes are removed, and an interrupted multi-file change is finished from its journal.
 * `lockHeld`: the caller already holds the folder's edit lock.
 */
export async function recoverProjectFolder(root: string, lockHeld = false): Promise<void> {
  await sweepTempFiles(root);
  if (lockHeld) return finishInterruptedChange(root);
  const { active } = await releaseAbandonedLock(root);
  // A journal while a live process holds the lock is that process's change in flight.
  if (active || !(await exists(journalPath(root)))) return;
  await withFolderLock(root, () => finishInterruptedChange(root));
}

async function finishInterruptedChange(root: string): Promise<void> {
  const journal = await replayJournal(root);
  if (!journal) return;
  storeNotice(
    `Finished a change to the project in ${root} that was interrupted (process ${journal.pid} stopped part-way): ${journal.files
      .map((f) => `${f.text === null ? 'removed' : 'wrote'} ${f.path}`)
      .join(', ')}.`,
  );
}

/** Temp files whose writer is gone; a live writer's temp file is left alone. */
async function sweepTempFiles(root: string): Promise<void> {
  for (const dir of WRITE_DIRS) await sweepDeadWritersTemps(join(root, dir), TEMP_FILE_PATTERN);
}

/**
 * Removes the files in `dir` whose name `pattern` matches with a writer's pid as its first
 * group, when that process is gone (a write killed between writing its temp file and renaming
 * it leaves one); this process's and a live process's are left alone. A missing folder has none.
 */
export async function sweepDeadWritersTemps(dir: string, pattern: RegExp): Promise<void> {
  const names = await readdir(dir).catch(() => [] as string[]);
  for (const name of names) {
    const pid = pattern.exec(name)?.[1];
    if (pid === undefined || Number(pid) === process.pid || isAlive(Number(pid))) continue;
    await rm(join(dir, name), { force: true });
  }
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}
