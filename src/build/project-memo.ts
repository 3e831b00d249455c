import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { knownWorkflowFacts, rememberWorkflowFacts, type WorkflowFacts } from '../compiler/plan.js';
import type { Project } from '../model/project-files.js';
import type { Workflow } from '../model/workflow.js';
import { cacheDirOf } from './generate-cache.js';
import { parsedWorkflow, rememberParsedWorkflow } from './load-memo.js';
import { type IndexedFile, seedSourceIndex, trustedSourceFiles } from './source-index.js';

/**
 * What a process learnt of a project's files, kept in the project's `.catalyst/cache/` for the
 * next process (a second `catalyst generate`), so that it regenerates in proportion to what
 * changed as a long-lived process does (build-memory.ts): the source index's identities and
 * hashes (source-index.ts: an unchanged file is not read), the workflow parsed and
 * schema-checked from each text (load-memo.ts: not parsed again) and the facts planning learnt
 * from it (compiler/plan.ts). Cross-workflow rules, planning across workflows and everything
 * else still run over the whole project, exactly as without it.
 *
 * Written after a successful generation of the work tree, atomically (temp file + rename); the
 * file starts with the sha256 of the rest. Missing, corrupt, of another format or version, or
 * made by another generator (its fingerprint covers the model and the compiler): ignored — the
 * files are read, parsed and planned as by a process that never had one. A stale entry cannot
 * give a wrong app: an entry is used only for a file whose identity is the same, and a parsed
 * workflow only for the very text (sha256) it was parsed from.
 */
const FORMAT = 'catalyst-project-memo';
const VERSION = 2;
const MEMO_FILE = 'project-memo.bin';

interface MemoFile {
  path: string;
  identity: string;
  hash: string;
  /** The parsed workflow, encoded by `encodeWorkflow` (workflow files only). */
  workflow?: Uint8Array;
  facts?: WorkflowFacts;
}

interface Memo {
  format: typeof FORMAT;
  version: typeof VERSION;
  generator: string;
  files: MemoFile[];
}

export function projectMemoPath(projectDir: string): string {
  return join(cacheDirOf(projectDir), MEMO_FILE);
}

/**
 * Serialized workflows of this process by the sha256 of their text (what it restored or wrote),
 * so writing the memo again serializes only the workflows that changed.
 */
const serialized = new Map<string, Uint8Array>();
const MAX_SERIALIZED = 50_000;
/**
 * Per project: the generator and the entries (`entryKey`) of the memo on disk. A memo that
 * would hold no entry the one on disk lacks is not written again: the entries it would drop
 * are those of files changed too recently to be trusted, and their old entries on disk are
 * harmless — an entry is used only while its file keeps the identity it names.
 */
const written = new Map<string, { generator: string; entries: Set<string> }>();

/**
 * Starts this process's memory of the project in `projectDir` from its memo on disk, when this
 * process has none yet and the memo was made by this generator. Never throws: a memo that
 * cannot be used is ignored.
 */
export function restoreProjectMemo(projectDir: string, generator: string): void {
  const root = resolve(projectDir);
  let memo: Memo | undefined;
  try {
    memo = readMemo(projectMemoPath(root), generator);
  } catch {
    memo = undefined;
  }
  if (memo === undefined) return;
  const files = new Map<string, IndexedFile>();
  const restored: Array<[string, Uint8Array, WorkflowFacts | undefined]> = [];
  for (const f of memo.files) {
    files.set(f.path, { identity: f.identity, hash: f.hash });
    if (f.workflow !== undefined) restored.push([f.hash, f.workflow, f.facts]);
  }
  try {
    for (const [hash, bytes, facts] of restored) {
      if (parsedWorkflow(hash) !== undefined) continue;
      const workflow = decodeWorkflow(bytes);
      rememberParsedWorkflow(hash, workflow);
      if (facts !== undefined) rememberWorkflowFacts(workflow, facts);
      remember(hash, bytes);
    }
  } catch {
    return;
  }
  seedSourceIndex(root, files);
  written.set(root, { generator, entries: new Set(memo.files.map(entryKey)) });
}

/**
 * The file: the sha256 of the rest (32 bytes), the header's length (4 bytes, little-endian),
 * the header (JSON: format, version, generator, files with their workflow's place in the body),
 * then the serialized workflows one after another (copied, not serialized again, when written).
 */
function readMemo(path: string, generator: string): Memo | undefined {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch {
    return undefined;
  }
  if (bytes.length < 36) return undefined;
  const rest = bytes.subarray(32);
  if (!createHash('sha256').update(rest).digest().equals(bytes.subarray(0, 32))) return undefined;
  const headerLength = rest.readUInt32LE(0);
  if (4 + headerLength > rest.length) return undefined;
  const header = JSON.parse(rest.subarray(4, 4 + headerLength).toString('utf8')) as Partial<Header> | null;
  const body = rest.subarray(4 + headerLength);
  if (header === null || typeof header !== 'object') return undefined;
  if (header.format !== FORMAT || header.version !== VERSION || header.generator !== generator)
    return undefined;
  if (!Array.isArray(header.files)) return undefined;
  const files: MemoFile[] = [];
  for (const f of header.files as unknown[]) {
    if (typeof f !== 'object' || f === null) return undefined;
    const { path, identity, hash, at, length, facts } = f as Partial<HeaderFile>;
    if (typeof path !== 'string' || typeof identity !== 'string' || typeof hash !== 'string')
      return undefined;
    const file: MemoFile = { path, identity, hash };
    if (at !== undefined || length !== undefined) {
      if (!Number.isSafeInteger(at) || !Number.isSafeInteger(length)) return undefined;
      if (at! < 0 || length! <= 0 || at! + length! > body.length) return undefined;
      file.workflow = body.subarray(at!, at! + length!);
    }
    if (facts !== undefined) {
      if (!isFacts(facts)) return undefined;
      file.facts = facts;
    }
    files.push(file);
  }
  return { format: FORMAT, version: VERSION, generator, files };
}

interface HeaderFile {
  path: string;
  identity: string;
  hash: string;
  /** Where the serialized workflow is in the body. */
  at?: number;
  length?: number;
  facts?: WorkflowFacts;
}

interface Header {
  format: typeof FORMAT;
  version: typeof VERSION;
  generator: string;
  files: HeaderFile[];
}

/** The memo file's bytes as chunks (checksum first): the workflows are not copied into one buffer. */
function memoChunks(memo: Memo): Uint8Array[] {
  const chunks: Uint8Array[] = [];
  let at = 0;
  const files = memo.files.map(({ workflow, ...f }): HeaderFile => {
    if (workflow === undefined) return f;
    chunks.push(workflow);
    const placed = { ...f, at, length: workflow.length };
    at += workflow.length;
    return placed;
  });
  const header: Header = { format: memo.format, version: memo.version, generator: memo.generator, files };
  const headerBytes = Buffer.from(JSON.stringify(header), 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32LE(headerBytes.length, 0);
  chunks.unshift(length, headerBytes);
  const checksum = createHash('sha256');
  for (const chunk of chunks) checksum.update(chunk);
  chunks.unshift(checksum.digest());
  return chunks;
}

function isFacts(value: unknown): value is WorkflowFacts {
  if (typeof value !== 'object' || value === null) return false;
  const f = value as Partial<WorkflowFacts>;
  const strings = (v: unknown) => Array.isArray(v) && v.every((s) => typeof s === 'string');
  return (
    strings(f.order) &&
    strings(f.secrets) &&
    Array.isArray(f.requirements) &&
    f.requirements.every((r) => typeof r === 'object' && r !== null && typeof r.name === 'string')
  );
}

/**
 * Keeps on disk what this process knows of the project after a successful generation of its
 * work tree: `project` was loaded from the files with these `hashes` (path → sha256 of the
 * text). Only files whose index entry is trusted and has the same hash are kept. A failure only
 * costs the next process its shortcut: never thrown.
 */
export async function saveProjectMemo(
  projectDir: string,
  generator: string,
  project: Project,
  hashes: ReadonlyMap<string, string>,
): Promise<void> {
  const root = resolve(projectDir);
  const trusted = trustedSourceFiles(root);
  const byFile = new Map(project.workflows.map((w) => [w.file, w.workflow]));
  const files: MemoFile[] = [];
  for (const [path, entry] of trusted) {
    if (hashes.get(path) !== entry.hash) continue;
    const file: MemoFile = { path, identity: entry.identity, hash: entry.hash };
    const workflow = byFile.get(path);
    if (workflow !== undefined) {
      let bytes = serialized.get(entry.hash);
      if (bytes === undefined) {
        bytes = encodeWorkflow(workflow);
        remember(entry.hash, bytes);
      }
      file.workflow = bytes;
      const facts = knownWorkflowFacts(workflow);
      if (facts !== undefined) file.facts = facts;
    }
    files.push(file);
  }
  const onDisk = written.get(root);
  if (onDisk?.generator === generator && files.every((f) => onDisk.entries.has(entryKey(f)))) return;
  const memo: Memo = { format: FORMAT, version: VERSION, generator, files };
  const path = projectMemoPath(root);
  const temp = `${path}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`;
  written.delete(root);
  try {
    const chunks = memoChunks(memo);
    await mkdir(dirname(path), { recursive: true });
    const handle = await open(temp, 'w');
    try {
      await handle.writev(chunks);
    } finally {
      await handle.close();
    }
    await rename(temp, path);
    written.set(root, { generator, entries: new Set(files.map(entryKey)) });
  } catch {
    await rm(temp, { force: true }).catch(() => undefined);
  }
}

const JSON_TAG = 0x4a; // 'J'
const V8_TAG = 0x56; // 'V'

/**
 * A parsed workflow as bytes that give back an equal object: JSON (read back fastest, and into
 * objects as fast to use as the parser's) when JSON keeps it exactly — plain objects and arrays
 * of strings, booleans, null and finite numbers other than -0 — else `v8.serialize`.
 */
function encodeWorkflow(workflow: Workflow): Uint8Array {
  let exact = true;
  const text = JSON.stringify(workflow, function (this: unknown, key: string, value: unknown) {
    if (key === '__proto__') exact = false;
    if (typeof value === 'number') {
      if (!Number.isFinite(value) || Object.is(value, -0)) exact = false;
    } else if (typeof value === 'object' && value !== null) {
      if (!Array.isArray(value) && Object.getPrototypeOf(value) !== Object.prototype) exact = false;
    } else if (typeof value !== 'string' && typeof value !== 'boolean' && value !== null) exact = false;
    return value;
  });
  if (exact) return Buffer.concat([Buffer.of(JSON_TAG), Buffer.from(text, 'utf8')]);
  return Buffer.concat([Buffer.of(V8_TAG), serialize(workflow)]);
}

function decodeWorkflow(bytes: Uint8Array): Workflow {
  const body = Buffer.from(bytes.buffer, bytes.byteOffset + 1, bytes.byteLength - 1);
  if (bytes[0] === JSON_TAG) return JSON.parse(body.toString('utf8')) as Workflow;
  if (bytes[0] === V8_TAG) return deserialize(body) as Workflow;
  throw new Error('Unknown workflow encoding');
}

/** What a memo entry says of a file (its workflow bytes follow from the hash). */
function entryKey(f: MemoFile): string {
  return `${f.path}\0${f.identity}\0${f.hash}\0${f.facts ? 1 : 0}`;
}

function remember(hash: string, bytes: Uint8Array): void {
  if (serialized.size >= MAX_SERIALIZED) serialized.clear();
  serialized.set(hash, bytes);
}

/** Forgets what this process restored or wrote, as a new process would start (see build-memory.ts). */
export function forgetProjectMemos(): void {
  serialized.clear();
  written.clear();
}
