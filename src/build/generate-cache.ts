import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { z } from 'zod';
import { workflowModulePath } from '../compiler/python/workflow-module.js';
import type { GeneratedFile, TargetPlan } from '../compiler/types.js';
import type { Problem, Project, ProjectSource } from '../model/project-files.js';

/**
 * The per-workflow cache of a generated app, in the project's `.catalyst/cache/` (never in the
 * app folder, which stays exactly the generated files, nor beside it, where `generate --out`
 * would litter the user's folder), one file per output folder. With it, regenerating after one workflow file changed validates and renders
 * that workflow alone:
 *
 * - `validation`: per workflow file, the problems of its own rules (`workflowFileProblems`), valid
 *   while the file's text and catalyst.json's text (and the generator) are the same. Cross-workflow
 *   rules always run again.
 * - `modules`: per workflow file, the text of its module, valid while the file's text, its module
 *   name and the render context (generator, target, catalyst.json, every workflow's fields but its
 *   nodes and edges — ids, names, targets, endpoints, schemas…) are the same. Anything else in the
 *   app (main.py, openapi.json, tests, platform files, the lock) is rendered again every time.
 *
 * Unreadable, malformed or stale: ignored, and the work is done in full. Written atomically
 * (temp file + rename), so a killed write leaves the old cache or none.
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

const cacheSchema = z.object({
  version: z.literal(1),
  /** sha256 of the generator fingerprint and catalyst.json's text. */
  validationContext: z.string(),
  /** Workflow file path → sha256 of its text and its own rules' problems. */
  validation: z.record(z.string(), z.object({ text: z.string(), problems: z.array(problemSchema) })),
  /** sha256 of the generator, target, catalyst.json and every workflow's fields but nodes/edges. */
  renderContext: z.string(),
  /** Workflow file path → sha256 of its text, its module name and the module's text. */
  modules: z.record(z.string(), z.object({ text: z.string(), module: z.string(), content: z.string() })),
});

export type GenerateCache = z.infer<typeof cacheSchema>;

function sha(...parts: string[]): string {
  const hash = createHash('sha256');
  // Lengths before values: no two different part lists give the same byte stream.
  for (const part of parts) hash.update(`${Buffer.byteLength(part)}:`).update(part);
  return hash.digest('hex');
}

/** The cache in `outDir`, or `undefined` when there is none or it cannot be trusted to be one. */
export async function readGenerateCache(
  projectDir: string,
  outDir: string,
): Promise<GenerateCache | undefined> {
  const text = await readFile(cachePathOf(projectDir, outDir), 'utf8').catch(() => undefined);
  if (text === undefined) return undefined;
  try {
    const parsed = cacheSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** Hashes of what the cache's entries depend on, for one generation. */
export interface CacheKeys {
  validationContext: string;
  /** Workflow file path → sha256 of its text. */
  texts: Map<string, string>;
}

export function cacheKeys(source: ProjectSource, generator: string): CacheKeys {
  return {
    validationContext: sha(generator, source.manifest.text),
    texts: new Map(source.workflows.map((f) => [f.path, sha(f.text)])),
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
      const { nodes: _nodes, edges: _edges, ...rest } = workflow;
      return [file, JSON.stringify(rest)] as const;
    })
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .flat();
  return sha(generator, targetId, manifestText, ...outline);
}

/** Workflow id → its module's text from the cache, for the workflows whose text, module name and context match. */
export function knownModules(
  cache: GenerateCache | undefined,
  keys: CacheKeys,
  context: string,
  plan: TargetPlan,
): Map<string, string> {
  const known = new Map<string, string>();
  if (cache === undefined || cache.renderContext !== context) return known;
  for (const w of plan.workflows) {
    const entry = cache.modules[w.file];
    if (entry && entry.text === keys.texts.get(w.file) && entry.module === w.moduleName) {
      known.set(w.workflow.id, entry.content);
    }
  }
  return known;
}

/** The cache after a generation: every workflow's own problems and every module as rendered now. */
export function nextCache(
  keys: CacheKeys,
  byWorkflow: ReadonlyMap<string, readonly Problem[]>,
  context: string,
  plan: TargetPlan,
  files: readonly GeneratedFile[],
): GenerateCache {
  const validation: GenerateCache['validation'] = {};
  for (const [path, problems] of byWorkflow) {
    const text = keys.texts.get(path);
    if (text !== undefined) validation[path] = { text, problems: [...problems] };
  }
  const byPath = new Map(files.map((f) => [f.path, f.content]));
  const modules: GenerateCache['modules'] = {};
  for (const w of plan.workflows) {
    const text = keys.texts.get(w.file);
    const content = byPath.get(workflowModulePath(w.moduleName));
    if (text !== undefined && content !== undefined)
      modules[w.file] = { text, module: w.moduleName, content };
  }
  return {
    version: 1,
    validationContext: keys.validationContext,
    validation,
    renderContext: context,
    modules,
  };
}

/** Writes the cache atomically. A failure only costs the next generation its shortcut: never thrown. */
export async function writeGenerateCache(
  projectDir: string,
  outDir: string,
  cache: GenerateCache,
): Promise<void> {
  const path = cachePathOf(projectDir, outDir);
  const temp = `${path}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`;
  try {
    await mkdir(dirname(path), { recursive: true });
    await writeFile(temp, JSON.stringify(cache), 'utf8');
    await rename(temp, path);
  } catch {
    await rm(temp, { force: true }).catch(() => undefined);
  }
}
