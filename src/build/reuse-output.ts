import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileKind } from '../compiler/file-kind.js';
import { LOCK_FILE, type LockFile } from '../compiler/lock.js';
import type { GeneratedFile } from '../compiler/types.js';
import { fileIdentity, type LoadedCache } from './generate-cache.js';
import { WRITE_JOURNAL } from './write-output.js';

export interface ReusedOutput {
  lock: LockFile;
  /** Every generated file as it is on disk (the lock included), sorted by path. */
  files: GeneratedFile[];
}

/** Files read and hashed between two turns of the event loop, so a server stays responsive. */
const READS_PER_TURN = 64;

/**
 * The app already in `outDir` when it was made from exactly these inputs (its lock records the
 * same fingerprint) and every file the lock lists is still there with the bytes the lock hashed.
 * `undefined` otherwise — a missing or hand-edited generated file means a real regeneration.
 * Reads the files and hashes them: cheap next to validating, planning and rendering again; with
 * the generate cache's output index, files not touched since written are not hashed (and, in the
 * process that wrote them, not read).
 */
export async function reuseOutput(
  outDir: string,
  inputs: string,
  cached?: LoadedCache,
): Promise<ReusedOutput | undefined> {
  // An in-place write was interrupted there: the full write must run (and tidy up) first.
  if (existsSync(join(outDir, WRITE_JOURNAL))) return undefined;
  // The lock this process's cache says it wrote with other inputs, untouched since (same
  // identity as written): it cannot match, so it is not read.
  const written = cached?.cache.output[LOCK_FILE];
  const recorded = cached?.cache.app?.inputs;
  if (
    written !== undefined &&
    recorded !== undefined &&
    recorded !== inputs &&
    fileIdentity(join(outDir, LOCK_FILE)) === written.identity
  )
    return undefined;
  const lockText = await readFile(join(outDir, LOCK_FILE), 'utf8').catch(() => undefined);
  if (lockText === undefined) return undefined;
  let lock: LockFile;
  try {
    lock = JSON.parse(lockText) as LockFile;
  } catch {
    return undefined;
  }
  if (typeof lock !== 'object' || lock === null || lock.inputs !== inputs) return undefined;
  if (typeof lock.files !== 'object' || lock.files === null) return undefined;
  const files: GeneratedFile[] = [];
  for (const [i, [path, hash]] of Object.entries(lock.files).entries()) {
    // Synchronous reads: several times cheaper than fs/promises for many small files.
    if (i > 0 && i % READS_PER_TURN === 0) await new Promise((r) => setImmediate(r));
    const full = join(outDir, path);
    // A file the output index says was written with this hash and not touched since is not hashed again.
    const indexed = cached?.cache.output[path];
    const trusted = indexed !== undefined && indexed.hash === hash && fileIdentity(full) === indexed.identity;
    const known = trusted ? cached!.texts.get(hash) : undefined;
    if (known !== undefined) {
      files.push({ path, kind: fileKind(path), content: known });
      continue;
    }
    let bytes: Buffer;
    try {
      bytes = readFileSync(full);
    } catch {
      return undefined;
    }
    if (!trusted && `sha256:${createHash('sha256').update(bytes).digest('hex')}` !== hash) return undefined;
    files.push({ path, kind: fileKind(path), content: bytes.toString('utf8') });
  }
  files.push({ path: LOCK_FILE, kind: fileKind(LOCK_FILE), content: lockText });
  return { lock, files: files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)) };
}
