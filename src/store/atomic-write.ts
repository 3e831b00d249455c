import { randomBytes } from 'node:crypto';
import { open, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { CatalystError } from '../errors.js';
import { testKillPoint } from './test-kill-point.js';

export interface AtomicWriteOptions {
  /** File mode for a new file; an existing file keeps its own mode. */
  mode?: number;
}

/** Names of the temp files atomicWrite creates: `.<name>.<pid>.<8 hex>.tmp` (the pid is group 1). */
export const TEMP_FILE_PATTERN = /^\..+\.(\d+)\.[0-9a-f]{8}\.tmp$/;

/**
 * Replaces `file` with `text` so that readers see either the old or the new content,
 * never a torn file: write a temp file in the same directory (same file system, so the
 * rename is atomic), fsync it, rename it over the target, then fsync the directory so the
 * rename survives a crash. On any failure the previous file is left as it was and the
 * temp file is removed. The temp name starts with `.` and ends with `.tmp`, so a temp file
 * left by a killed process is never read as a workflow.
 */
export async function atomicWrite(
  file: string,
  text: string,
  options: AtomicWriteOptions = {},
): Promise<void> {
  const dir = dirname(file);
  const temp = join(dir, `.${basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const mode = (await existingMode(file)) ?? options.mode ?? 0o644;
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    handle = await open(temp, 'wx', mode);
    await handle.writeFile(text, 'utf8');
    await handle.sync();
    await handle.close();
    handle = undefined;
    testKillPoint(`atomic-write:before-rename:${basename(file)}`);
    await rename(temp, file);
  } catch (error) {
    await handle?.close().catch(() => undefined);
    await rm(temp, { force: true }).catch(() => undefined);
    throw new CatalystError(
      'io_failed',
      `Could not write ${file}: ${reason(error)}. The previous version is unchanged.`,
      {
        cause: error,
      },
    );
  }
  await syncDirectory(dir);
}

async function existingMode(file: string): Promise<number | undefined> {
  try {
    return (await stat(file)).mode & 0o777;
  } catch {
    return undefined;
  }
}

/** Best effort: some file systems refuse to fsync a directory; the data itself is already synced. */
async function syncDirectory(dir: string): Promise<void> {
  try {
    const handle = await open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // ignored on purpose, see above
  }
}

function reason(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code ? `${code} (${error.message.replace(/^[A-Z]+: /, '')})` : error.message;
  }
  return String(error);
}
