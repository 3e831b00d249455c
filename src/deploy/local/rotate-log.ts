import { renameSync, statSync } from 'node:fs';

/** Local app logs are kept across deploys; past this size the old log moves to `<file>.1`. */
export const MAX_LOG_BYTES = 5 * 1024 * 1024;

/** Keeps one previous generation, so logs stay bounded without losing the last run's tail. */
export function rotateLog(file: string, maxBytes = MAX_LOG_BYTES): boolean {
  let size: number;
  try {
    size = statSync(file).size;
  } catch {
    return false;
  }
  if (size < maxBytes) return false;
  renameSync(file, `${file}.1`);
  return true;
}
