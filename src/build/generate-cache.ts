import { createHash, randomBytes } from 'node:crypto';
import {
  closeSync,
  fstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  type Stats,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { z } from 'zod';
import { LOCK_FILE, type LockFile, sha256 } from '../compiler/lock.js';
import { workflowModulePath } from '../compiler/python/workflow-module.js';
import type { GeneratedFile, TargetPlan } from '../compiler/types.js';
import { isCatalystError } from '../errors.js';
import type { Problem, Project, ProjectSource } from '../model/project-files.js';
import { acquireLock } from '../store/folder-lock.js';
import { sweepDeadWritersTemps } from '../store/recovery.js';
import type { OutputIndex } from './write-output.js';

/**
 * The per-workflow cache of a generated app, in the project's `.catalyst/cache/` (never in the
 * app folder, which stays exactly the generated files, nor beside it, where `generate --out`
 * would litter the user's folder), one file per output folder. With it, regenerating after one
 * workflow file changed validates, renders and writes that workflow alone:
 *
 * - `validation`: per workflow file, the problems of its own rules (`workflowFileProblems`), valid
 *   while the file's text and catalyst.json's text (and the generator) are the same. Cross-workflow
 *   rules always run again.
 * - `modules`: per workflow file, the hash of its module's text, valid while the file's text, its
 *   module name and the render context (generator, target, catalyst.json, every workflow's fields
 *   but its nodes and edges — ids, names, targets, endpoints, schemas…) are the same. The text is
 *   the module file in the app folder, used only when its bytes still have that hash (or, in the
 *   process that wrote it, kept in memory). Anything else in the app (main.py, openapi.json,
 *   tests, platform files, the lock) is rendered again every time.
 * - `output`: the output index (write-output.ts): what each app file's hash and identity on disk
 *   were when written, so the next write neither reads nor rewrites the files that did not change.
 *
 * Unreadable, malformed or stale: ignored, and the work is done in full. Written atomically
 * (temp file + rename), so a killed write leaves the old cache or none. The process that wrote
 * it keeps it in memory while the file on disk is unchanged (same identity). A cache not used
 * for 30 days is removed by the next cache write in the project.
 */
export function cachePathOf(projectDir: string, outDir: string): string {
  const key = createHash('sha256').update(resolve(outDir)).digest('hex').slice(0, 16);
  return join(cacheDirOf(projectDir), `generate-${key}.json`);
}

/** The folder of the project's generation caches (inside `.catalyst/`, which git ignores). */
export function cacheDirOf(projectDir: string): string {
  return join(resolve(projectDir), '.catalyst', 'cache');
}

const problemSchema = z.object({
  file: z.string(),
  path: z.string(),
  message: z.string(),
  workflowId: z.string().optional(),
  nodeId: z.string().optional(),
  field: z.string().optional(),
  edgeIds: z.array(z.string()).optional(),
});

const outputEntrySchema = z.object({ hash: z.string(), identity: z.string() });

const cacheSchema = z.object({
  version: z.literal(2),
  /** sha256 of the generator fingerprint and catalyst.json's text. */
  validationContext: z.string(),
  /** Workflow file path → sha256 of its text and its own rules' problems. */
  validation: z.record(z.string(), z.object({ text: z.string(), problems: z.array(problemSchema) })),
  /** sha256 of the generator, target, catalyst.json and every workflow's fields but nodes/edges. */
  renderContext: z.string(),
  /**
   * Workflow file path → sha256 of its text, its module name and the `sha256:` hash of the
   * module's text; the text itself is the module file in the app folder (read back and checked
   * against the hash) or, in the process that wrote it, kept in memory.
   */
  modules: z.record(z.string(), z.object({ text: z.string(), module: z.string(), hash: z.string() })),
  /** The output index: app file path → its `sha256:` hash and identity on disk when written (see write-output.ts). */
  output: z.record(z.string(), outputEntrySchema),
  /** The input fingerprint of the app in the folder and its number of workflows. */
  app: z.object({ inputs: z.string(), workflows: z.number() }).optional(),
});

export type GenerateCache = z.infer<typeof cacheSchema>;

function sha(...parts: string[]): string {
  const hash = createHash('sha256');
  // Lengths before values: no two different part lists give the same byte stream.
  for (const part of parts) hash.update(`${Buffer.byteLength(part)}:`).update(part);
  return hash.digest('hex');
}

/**
 * What this process wrote last, per cache file: the cache itself, the identity of the file it
 * wrote (so a cache changed on disk since — another process, a hand edit — is read again) and
 * the text of the app's files by `sha256:` hash (module texts without reading them back).
 */
interface Remembered {
  identity: string;
  cache: GenerateCache;
  texts: Map<string, string>;
}
const remembered = new Map<string, Remembered>();
/** Cache files remembered by one process; the oldest is dropped. */
const MAX_REMEMBERED = 8;

/** `dev:ino:size:mtime:ctime` of a file, or `undefined` when it cannot be read. */
export function fileIdentity(path: string): string | undefined {
  try {
    return identityOf(statSync(path));
  } catch {
    return undefined;
  }
}

/** A file's identity from its stat: what a write changes (see source-index.ts). */
export function identityOf(info: Stats): string {
  return `${info.dev}:${info.ino}:${info.size}:${info.mtimeMs}:${info.ctimeMs}`;
}

export interface LoadedCache {
  cache: GenerateCache;
  /** `sha256:` hash → text, for app files this process wrote with this cache (may be empty). */
  texts: ReadonlyMap<string, string>;
}

const DAY_MS = 24 * 60 * 60 * 1000;
/** A generate cache not used for this long is removed (its app folder is likely gone). */
export const UNUSED_CACHE_MS = 30 * DAY_MS;
const GENERATE_CACHE = /^generate-[0-9a-f]{16}\.json$/;

/**
 * The cache file's identity, after marking it used: a cache whose mtime is over a day old gets
 * the current time (a reused app rewrites nothing, so its cache's mtime says when it was last
 * used to within a day). What this process remembers of it follows the new identity.
 */
function markUsed(path: string): string | undefined {
  let info: Stats;
  try {
    info = statSync(path);
  } catch {
    return undefined;
  }
  const now = Date.now();
  if (now - info.mtimeMs <= DAY_MS) return identityOf(info);
  const before = identityOf(info);
  try {
    utimesSync(path, new Date(now), new Date(now));
    info = statSync(path);
  } catch {
    return before; // read-only project folder: used, just not marked
  }
  const after = identityOf(info);
  const known = remembered.get(path);
  if (known?.identity === before) remembered.set(path, { ...known, identity: after });
  return after;
}

/**
 * Removes the generate caches in `dir` not used for {@link UNUSED_CACHE_MS} — one per app
 * folder ever generated into (each deployed commit's folder, each `generate --out`), which
 * would otherwise pile up. A removed cache only costs that folder's next generation its
 * shortcut. Never thrown.
 */
function pruneUnusedCaches(dir: string, keep: string): void {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  const now = Date.now();
  for (const name of names) {
    if (!GENERATE_CACHE.test(name)) continue;
    const file = join(dir, name);
    if (file === keep) continue;
    try {
      if (now - statSync(file).mtimeMs > UNUSED_CACHE_MS) {
        rmSync(file, { force: true });
        remembered.delete(file);
      }
    } catch {
      // Gone already, or not ours to remove: left.
    }
  }
}

/** The cache for `outDir`, or `undefined` when there is none or it cannot be trusted to be one. */
export async function readGenerateCache(
  projectDir: string,
  outDir: string,
): Promise<LoadedCache | undefined> {
  const path = cachePathOf(projectDir, outDir);
  const identity = markUsed(path);
  if (identity === undefined) return undefined;
  const known = remembered.get(path);
  if (known && known.identity === identity) return { cache: known.cache, texts: known.texts };
  remembered.delete(path);
  const text = await readFile(path, 'utf8').catch(() => undefined);
  if (text === undefined) return undefined;
  try {
    const parsed = cacheSchema.safeParse(JSON.parse(text));
    return parsed.success ? { cache: parsed.data, texts: new Map() } : undefined;
  } catch {
    return undefined;
  }
}

/** Hashes of what the cache's entries depend on, for one generation. */
export interface CacheKeys {
  validationContext: string;
  /** Workflow file path → sha256 of its text. */
  texts: ReadonlyMap<string, string>;
}

/** `hashes`: project-relative path → sha256 of the file's text (see source-index.ts). */
export function cacheKeys(
  source: ProjectSource,
  hashes: ReadonlyMap<string, string>,
  generator: string,
): CacheKeys {
  return {
    validationContext: sha(generator, source.manifest.text),
    texts: new Map(source.workflows.map((f) => [f.path, hashes.get(f.path)!])),
  };
}

/** Workflow file path → its own problems, for the files whose text and context match the cache. */
export function knownProblems(
  cache: GenerateCache | undefined,
  keys: CacheKeys,
): Map<string, Problem[]> | undefined {
  if (cache === undefined || cache.validationContext !== keys.validationContext) return undefined;
  const known = new Map<string, Problem[]>();
  for (const [path, entry] of Object.entries(cache.validation)) {
    if (keys.texts.get(path) === entry.text) known.set(path, entry.problems);
  }
  return known;
}

/** A workflow's fields but nodes and edges, as JSON, per (never changed) workflow object. */
const outlines = new WeakMap<object, string>();

/**
 * What every module's text may depend on besides its own workflow: the generator, the target,
 * catalyst.json and every workflow's fields except its nodes and edges (which only its own module
 * reads). A rename, a changed schema or endpoint anywhere changes it, and every module is rendered.
 */
export function renderContext(
  project: Project,
  manifestText: string,
  targetId: string,
  generator: string,
): string {
  const outline = project.workflows
    .map(({ file, workflow }) => {
      let text = outlines.get(workflow);
      if (text === undefined) {
        const { nodes: _nodes, edges: _edges, ...rest } = workflow;
        text = JSON.stringify(rest);
        outlines.set(workflow, text);
      }
      return [file, text] as const;
    })
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .flat();
  return sha(generator, targetId, manifestText, ...outline);
}

/**
 * Workflow id → its module's text from the cache, for the workflows whose text, module name and
 * context match: taken from memory, or read from the app folder when its bytes still hash to
 * what the cache recorded (a module edited or deleted by hand is rendered again).
 */
export function knownModules(
  loaded: LoadedCache | undefined,
  keys: CacheKeys,
  context: string,
  plan: TargetPlan,
  outDir: string,
): Map<string, string> {
  const known = new Map<string, string>();
  if (loaded === undefined || loaded.cache.renderContext !== context) return known;
  for (const w of plan.workflows) {
    const entry = loaded.cache.modules[w.file];
    if (!entry || entry.text !== keys.texts.get(w.file) || entry.module !== w.moduleName) continue;
    let content = loaded.texts.get(entry.hash);
    if (content === undefined) {
      // A module file whose identity is the one the output index recorded when it was written
      // with this hash is read without hashing it again (as write-output.ts trusts it).
      const modulePath = workflowModulePath(w.moduleName);
      const read = tryRead(join(outDir, modulePath));
      if (read === undefined) continue;
      const written = loaded.cache.output[modulePath];
      const same = written?.hash === entry.hash && read.identity === written.identity;
      if (!same && `sha256:${createHash('sha256').update(read.bytes).digest('hex')}` !== entry.hash) continue;
      content = read.bytes.toString('utf8');
    }
    known.set(w.workflow.id, content);
  }
  return known;
}

/** A file's bytes and its identity (as `fileIdentity`) from the same open file. */
function tryRead(path: string): { bytes: Buffer; identity: string } | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const info = fstatSync(fd);
    const identity = identityOf(info);
    return { bytes: readFileSync(fd), identity };
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Path → `sha256:` hash of every file of a rendered app, from its lock (the lock's own hash added). */
export function renderedHashes(files: readonly GeneratedFile[]): Map<string, string> {
  const lock = files.find((f) => f.path === LOCK_FILE);
  const hashes = new Map<string, string>();
  if (lock === undefined) return hashes;
  for (const [path, hash] of Object.entries((JSON.parse(lock.content) as LockFile).files))
    hashes.set(path, hash);
  hashes.set(LOCK_FILE, sha256(lock.content));
  return hashes;
}

/** The cache after a generation: every workflow's own problems, every module's hash and the output index. */
export function nextCache(
  keys: CacheKeys,
  byWorkflow: ReadonlyMap<string, readonly Problem[]>,
  context: string,
  plan: TargetPlan,
  hashes: ReadonlyMap<string, string>,
  output: OutputIndex,
): GenerateCache {
  const validation: GenerateCache['validation'] = {};
  for (const [path, problems] of byWorkflow) {
    const text = keys.texts.get(path);
    if (text !== undefined) validation[path] = { text, problems: [...problems] };
  }
  const modules: GenerateCache['modules'] = {};
  for (const w of plan.workflows) {
    const text = keys.texts.get(w.file);
    const hash = hashes.get(workflowModulePath(w.moduleName));
    if (text !== undefined && hash !== undefined) modules[w.file] = { text, module: w.moduleName, hash };
  }
  return {
    version: 2,
    validationContext: keys.validationContext,
    validation,
    renderContext: context,
    modules,
    output: Object.fromEntries(output),
    ...(plan.inputs === undefined ? {} : { app: { inputs: plan.inputs, workflows: plan.workflows.length } }),
  };
}

/**
 * `<file>.<pid>-<8 hex>.tmp` (a cache or memo write) or `.<file>.<pid>.<8 hex>.tmp` (taking an
 * output lock): in flight, or left by a killed process pid. The next cache write removes those
 * of processes that are gone.
 */
const CACHE_TEMP = /\.(\d+)[.-][0-9a-f]{8}\.tmp$/;

/**
 * Writes the cache atomically and remembers it (with the app's texts) for this process. A
 * failure only costs the next generation its shortcut: never thrown.
 */
export async function writeGenerateCache(
  projectDir: string,
  outDir: string,
  cache: GenerateCache,
  files: readonly GeneratedFile[],
  hashes: ReadonlyMap<string, string>,
): Promise<void> {
  const path = cachePathOf(projectDir, outDir);
  const temp = `${path}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`;
  remembered.delete(path);
  try {
    // The cache itself synchronously: one small file, several times cheaper than three trips
    // through the thread pool.
    mkdirSync(dirname(path), { recursive: true });
    await sweepDeadWritersTemps(dirname(path), CACHE_TEMP).catch(() => undefined);
    pruneUnusedCaches(dirname(path), path);
    writeFileSync(temp, JSON.stringify(cache), 'utf8');
    renameSync(temp, path);
  } catch {
    try {
      rmSync(temp, { force: true });
    } catch {
      // Left behind: a stray temp file, never read as the cache.
    }
    return;
  }
  const identity = fileIdentity(path);
  if (identity === undefined) return;
  const texts = new Map<string, string>();
  for (const f of files) {
    const hash = hashes.get(f.path);
    if (hash !== undefined) texts.set(hash, f.content);
  }
  remembered.set(path, { identity, cache, texts });
  while (remembered.size > MAX_REMEMBERED) remembered.delete(remembered.keys().next().value!);
}

/** How long a generation waits for another process generating into the same folder. */
const OUTPUT_LOCK_TIMEOUT_MS = 120_000;

/**
 * Runs `work` — one generation of the project into `outDir` — holding that pair's lock in the
 * project's cache folder (`generate-<key>.lock`, beside its cache), so two processes (the
 * studio and `catalyst generate`, `exec` or `test`) never write one app folder and its cache at
 * once: the second waits for the first. A project folder where the lock cannot be made (read
 * only) generates unlocked, as its cache cannot be written either.
 */
export async function withOutputLock<T>(
  projectDir: string,
  outDir: string,
  work: () => Promise<T>,
): Promise<T> {
  const file = cachePathOf(projectDir, outDir).replace(/\.json$/, '.lock');
  let release: (() => Promise<void>) | undefined;
  try {
    mkdirSync(dirname(file), { recursive: true });
    release = await acquireLock(file, {
      timeoutMs: OUTPUT_LOCK_TIMEOUT_MS,
      name: 'the generate lock',
      busy: (lock, pid) =>
        `Another Catalyst process (pid ${pid}) has been generating into ${resolve(outDir)} for over ${OUTPUT_LOCK_TIMEOUT_MS / 1000} s: try again when it is done. If no such process runs, delete ${lock}.`,
    });
  } catch (error) {
    if (isCatalystError(error)) throw error;
    release = undefined;
  }
  try {
    return await work();
  } finally {
    await release?.().catch(() => undefined);
  }
}

/** Forgets the caches this process wrote, as a new process would start (see build-memory.ts). */
export function forgetRememberedCaches(): void {
  remembered.clear();
}
