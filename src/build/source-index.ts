import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CatalystError } from '../errors.js';
import type { ProjectSource, SourceFile } from '../model/project-files.js';
import {
  assertProjectFolder,
  MANIFEST_FILE,
  WORKFLOWS_DIR,
  workflowFileNames,
} from '../store/project-folder.js';
import { recoverProjectFolder } from '../store/recovery.js';
import { identityOf } from './generate-cache.js';

/**
 * A make/ninja-style index of a project's source files, kept in this process (the studio and
 * `run` regenerate in one long-lived process): path → the file's identity on disk (device,
 * inode, size, mtime and ctime, to the nanosecond the file system keeps), its text and the sha256 of its text. A file
 * whose identity is unchanged is not read again.
 *
 * A new process starts from the index the last successful generation kept on disk
 * (project-memo.ts: identities and hashes, no texts); an unchanged file's text is then read only
 * if something asks for it.
 *
 * The assumption, as ninja's and git's: a write changes size, mtime or ctime (ctime cannot be
 * set back by a user, unlike mtime). Because the kernel's file clock is coarse (a few ms), a
 * file changed again within the same clock tick as our read could keep all five values; an
 * entry is therefore trusted only when the file's ctime is older than `RACY_SLACK_MS` before
 * the read began ("racily clean", as git calls it) — a younger file is read every time.
 */
export interface IndexedSource {
  source: ProjectSource;
  /** Project-relative path → sha256 (hex) of the file's text, catalyst.json included. */
  hashes: Map<string, string>;
  /** Files read from disk this time (the others came from the index). */
  read: number;
}

interface Entry {
  identity: string;
  /** Unset for an entry restored from the disk (project-memo.ts) until someone asks for the text. */
  text?: string;
  hash: string;
  trusted: boolean;
}

/** What a new process may learn of a file from the disk (project-memo.ts): its identity and hash. */
export interface IndexedFile {
  identity: string;
  hash: string;
}

const RACY_SLACK_MS = 200;
/** Projects remembered by one process (the studio may open several); the oldest is dropped. */
const MAX_PROJECTS = 8;
const indexes = new Map<string, Map<string, Entry>>();

/** Files read between two turns of the event loop, so a server stays responsive. */
const READS_PER_TURN = 64;

export function textHash(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/**
 * The project's source (as `readProjectSource` reads it: catalyst.json and `workflows/*.json`,
 * sorted, hidden files skipped, after recovering an interrupted change), with the text of
 * every file whose identity is unchanged since this process last read it taken from the index.
 */
export async function readIndexedSource(dir: string): Promise<IndexedSource> {
  const root = resolve(dir);
  await assertProjectFolder(root);
  await recoverProjectFolder(root);
  const before = indexes.get(root);
  const index = new Map<string, Entry>();
  const started = Date.now();
  let read = 0;
  const load = (path: string): { file: SourceFile; hash: string } => {
    const full = join(root, path);
    let entry: Entry;
    const info = orCannotRead(full, path, () => statSync(full));
    const identity = identityOf(info);
    const known = before?.get(path);
    if (known?.trusted && known.identity === identity) entry = known;
    else {
      const text = orCannotRead(full, path, () => readFileSync(full, 'utf8'));
      read++;
      entry = { identity, text, hash: textHash(text), trusted: info.ctimeMs < started - RACY_SLACK_MS };
    }
    index.set(path, entry);
    if (entry.text !== undefined) return { file: { path, text: entry.text }, hash: entry.hash };
    // Restored from the disk and unchanged since: read only when the text is asked for (a
    // project loaded with every unchanged workflow known never asks).
    const lazy = entry;
    const file = {
      path,
      get text(): string {
        lazy.text ??= readText(full, path, lazy.hash);
        return lazy.text;
      },
    };
    return { file, hash: entry.hash };
  };
  const manifest = load(MANIFEST_FILE);
  const hashes = new Map<string, string>([[manifest.file.path, manifest.hash]]);
  const workflows: SourceFile[] = [];
  for (const [i, name] of (await workflowFileNames(root)).entries()) {
    if (i > 0 && i % READS_PER_TURN === 0 && read > 0) await new Promise((r) => setImmediate(r));
    const { file, hash } = load(`${WORKFLOWS_DIR}/${name}`);
    hashes.set(file.path, hash);
    workflows.push(file);
  }
  indexes.delete(root);
  indexes.set(root, index);
  while (indexes.size > MAX_PROJECTS) indexes.delete(indexes.keys().next().value!);
  return {
    source: { manifest: { path: manifest.file.path, text: manifest.file.text }, workflows },
    hashes,
    read,
  };
}

/** `io` on the project file `path` (at `full`); its failure as the user's error. */
function orCannotRead<T>(full: string, path: string, io: () => T): T {
  try {
    return io();
  } catch (error) {
    throw new CatalystError('io_failed', `Cannot read ${full}: ${(error as Error).message}`, {
      file: path,
      cause: error,
    });
  }
}

/** The text of a file known by its hash: a file changed since its identity was taken is an error. */
function readText(full: string, path: string, hash: string): string {
  const text = orCannotRead(full, path, () => readFileSync(full, 'utf8'));
  if (textHash(text) !== hash)
    throw new CatalystError('io_failed', `${full} changed while it was being read; run the command again.`, {
      file: path,
    });
  return text;
}

/** Whether this process has an index of the project in `dir` (then the disk memo is not needed). */
export function hasSourceIndex(dir: string): boolean {
  return indexes.has(resolve(dir));
}

/**
 * The trusted entries of this process's index of the project in `dir` (path → identity and
 * hash), to keep on disk for the next process (project-memo.ts).
 */
export function trustedSourceFiles(dir: string): Map<string, IndexedFile> {
  const out = new Map<string, IndexedFile>();
  for (const [path, entry] of indexes.get(resolve(dir)) ?? [])
    if (entry.trusted) out.set(path, { identity: entry.identity, hash: entry.hash });
  return out;
}

/**
 * Starts this process's index of the project in `dir` from what an earlier process kept on disk
 * (project-memo.ts): a file whose identity is still the same is taken to have the same text, as
 * within one process, and is read only when its text is asked for.
 */
export function seedSourceIndex(dir: string, files: ReadonlyMap<string, IndexedFile>): void {
  const index = new Map<string, Entry>();
  for (const [path, { identity, hash }] of files) index.set(path, { identity, hash, trusted: true });
  const root = resolve(dir);
  indexes.delete(root);
  indexes.set(root, index);
  while (indexes.size > MAX_PROJECTS) indexes.delete(indexes.keys().next().value!);
}

/** sha256 (hex) of every file of a source that was not read through the index. */
export function sourceHashes(source: ProjectSource): Map<string, string> {
  return new Map([source.manifest, ...source.workflows].map((f) => [f.path, textHash(f.text)]));
}

/** Forgets every project's index, as a new process would start (see build-memory.ts). */
export function forgetSourceIndexes(): void {
  indexes.clear();
}
