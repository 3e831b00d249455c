import { resolve } from 'node:path';
import { LOCK_FILE, type LockFile } from '../compiler/lock.js';
import { planTarget } from '../compiler/plan.js';
import { renderPlan } from '../compiler/render-target.js';
import type { GeneratedFile, TargetPlan } from '../compiler/types.js';
import { CatalystError } from '../errors.js';
import { formatProblems } from '../model/load.js';
import type { Problem, Project, ProjectSource } from '../model/project-files.js';
import {
  cacheKeys,
  knownModules,
  knownProblems,
  nextCache,
  readGenerateCache,
  renderContext,
  renderedHashes,
  withOutputLock,
  writeGenerateCache,
} from './generate-cache.js';
import { generatorVersion } from './generator-version.js';
import { generatorFingerprint, inputFingerprint } from './input-fingerprint.js';
import { loadWithMemo } from './load-memo.js';
import type { PipelineEvent, Stage } from './pipeline-events.js';
import { projectCommit } from './project-commit.js';
import { restoreProjectMemo, saveProjectMemo } from './project-memo.js';
import { reuseOutput } from './reuse-output.js';
import { loadRuntimeAssets } from './runtime-assets.js';
import { hasSourceIndex, readIndexedSource, sourceHashes } from './source-index.js';
import { type WriteResult, writeOutput } from './write-output.js';

/** Where an app's project files come from. */
export type ProjectFiles =
  /** The folder as it is now; the commit is its HEAD, `-dirty` when the tree has changes (generate, run). */
  | { kind: 'worktree'; dir: string }
  /** One commit's files, read from git by the caller (deploy, rollback, restart). */
  | { kind: 'commit'; dir: string; commit: string; source: ProjectSource };

export interface CompileOptions {
  from: ProjectFiles;
  targetId: string;
  outDir: string;
  onEvent?: (event: PipelineEvent) => void;
}

interface AppFacts {
  /** Absolute path of the app folder. */
  outDir: string;
  /** The commit the app was made at (see ProjectFiles); `undefined` outside a repository. */
  commit: string | undefined;
  /** Every file of the app (the lock included), sorted by path, as it is now in `outDir`. */
  files: GeneratedFile[];
  /** The app's `catalyst.lock.json`. */
  lock: LockFile;
  /** Milliseconds per stage that ran. */
  stages: Partial<Record<Stage, number>>;
  /** The app's number of workflows, when known without planning (always for a generated app). */
  workflowCount?: number;
}

/**
 * An app made from a project for one target. `generated`: validated, planned, rendered and
 * written now. `reused`: the app in `outDir` was already made from exactly these inputs
 * (its lock says so and its files still match), so nothing was validated, planned or
 * written — `appPlan` makes the plan from the recorded inputs for callers that need it.
 */
export type CompiledApp =
  | (AppFacts & { kind: 'generated'; plan: TargetPlan; written: WriteResult })
  | (AppFacts & {
      kind: 'reused';
      projectDir: string;
      targetId: string;
      /** The project files the app was made from (fingerprinted: the same bytes as then). */
      source: ProjectSource;
      /** Path → sha256 of each project file's text. */
      hashes: ReadonlyMap<string, string>;
    });

const SAME_INPUTS = 'inputs unchanged since the last generation';

/**
 * The one path from a project to an app: read (or take) the project's files, reuse the
 * app in `outDir` when it was made from exactly these inputs, else validate → plan →
 * render → write. `generate`, `run`, the studio, deploy, rollback and restart all come
 * through here. User errors (invalid project, unknown target, a folder we must not write
 * into) are CatalystErrors; each stage is reported through `onEvent`.
 */
export async function compileApp(options: CompileOptions): Promise<CompiledApp> {
  return withOutputLock(options.from.dir, options.outDir, () => compileLocked(options));
}

async function compileLocked(options: CompileOptions): Promise<CompiledApp> {
  const emit = options.onEvent ?? (() => {});
  const stages: Partial<Record<Stage, number>> = {};
  const projectDir = resolve(options.from.dir);
  const outDir = resolve(options.outDir);
  const { targetId } = options;

  // Validate starts by reading the sources and fingerprinting them: an app already made from
  // exactly these inputs is reused as it is — no validation, plan, render or write
  // (DESIGN: same input, same bytes).
  const checked = await runStage(
    emit,
    stages,
    'validate',
    async () => {
      const { source, hashes, commit } = await readFiles(options.from, outDir);
      const generator = await generatorFingerprint();
      const inputs = inputFingerprint(source, hashes, targetId, commit, generator);
      const cache = await readGenerateCache(projectDir, outDir);
      const reused = await reuseOutput(outDir, inputs, cache);
      if (reused) {
        const workflows = cache?.cache.app?.inputs === inputs ? cache.cache.app.workflows : undefined;
        return { source, hashes, commit, inputs, reused, workflows, project: undefined };
      }
      // Changed inputs: the per-workflow cache spares the unchanged workflow files' own rules.
      const keys = cacheKeys(source, hashes, generator);
      const known = knownProblems(cache?.cache, keys);
      const { project, byWorkflow } = validProject(projectDir, source, hashes, known);
      return {
        source,
        hashes,
        commit,
        inputs,
        reused,
        workflows: undefined,
        project,
        cached: { cache, keys, byWorkflow, generator },
      };
    },
    (c) => ({
      detail: c.project
        ? `${c.project.workflows.length} workflow${c.project.workflows.length === 1 ? '' : 's'}, no problems`
        : `${c.source.workflows.length} workflow file${c.source.workflows.length === 1 ? '' : 's'}, ${SAME_INPUTS}`,
    }),
  );
  const { source, hashes, commit, inputs, reused, workflows, project, cached } = checked;

  if (reused !== undefined || project === undefined || cached === undefined) {
    const { lock, files } = reused!;
    await runStage(
      emit,
      stages,
      'plan',
      () => undefined,
      () => ({ detail: `${lock.target.id} (${lock.target.platform}), ${SAME_INPUTS}` }),
    );
    await runStage(
      emit,
      stages,
      'render',
      () => files,
      (f) => ({ detail: `${f.length} files, reused from ${outDir}`, files: f.length }),
    );
    await runStage(
      emit,
      stages,
      'write',
      () => undefined,
      () => ({ detail: `unchanged, nothing rewritten in ${outDir}`, files: files.length, written: 0 }),
    );
    return {
      kind: 'reused',
      outDir,
      commit,
      files,
      lock,
      stages,
      projectDir,
      targetId,
      source,
      hashes,
      ...(workflows === undefined ? {} : { workflowCount: workflows }),
    };
  }

  const plan = await runStage(
    emit,
    stages,
    'plan',
    () => {
      assertTarget(project, targetId);
      return planOf(project, targetId, commit, inputs);
    },
    (p) => ({
      detail: `${p.workflows.length} workflow${p.workflows.length === 1 ? '' : 's'} for ${p.target.id} (${p.target.platform})${p.commit ? ` at ${p.commit.slice(0, 12)}` : ''}`,
    }),
  );
  const context = renderContext(project, source.manifest.text, targetId, cached.generator);
  const kept = knownModules(cached.cache, cached.keys, context, plan, outDir);
  const files = await runStage(
    emit,
    stages,
    'render',
    async () => renderPlan(plan, await loadRuntimeAssets(), kept),
    (f) => ({
      detail: `${f.length} files${kept.size > 0 ? `; ${plan.workflows.length - kept.size} of ${plan.workflows.length} workflow modules rendered, the others unchanged` : ''}`,
      files: f.length,
    }),
  );
  const rendered = renderedHashes(files);
  const index = cached.cache?.cache.output;
  const written = await runStage(
    emit,
    stages,
    'write',
    () =>
      writeOutput(outDir, files, {
        hashes: rendered,
        ...(index ? { index: new Map(Object.entries(index)) } : {}),
      }),
    (w) => ({
      detail: w.unchanged
        ? `unchanged, nothing rewritten in ${w.outDir}`
        : `${w.written.length} written${w.removed.length > 0 ? `, ${w.removed.length} removed` : ''} in ${w.outDir}`,
      files: files.length,
      written: w.written.length,
    }),
  );
  await writeGenerateCache(
    projectDir,
    outDir,
    nextCache(cached.keys, cached.byWorkflow, context, plan, rendered, written.index ?? new Map()),
    files,
    rendered,
  );
  if (options.from.kind === 'worktree') await saveProjectMemo(projectDir, cached.generator, project, hashes);
  const lockFile = files.find((f) => f.path === LOCK_FILE)!;
  const lock = JSON.parse(lockFile.content) as LockFile;
  return {
    kind: 'generated',
    outDir,
    commit,
    files,
    lock,
    stages,
    plan,
    written,
    workflowCount: plan.workflows.length,
  };
}

/**
 * The app's plan (secrets, env vars, workflows). A reused app was made from exactly these
 * inputs by a successful generation, so they load without problems; loading and planning
 * happen here, only for callers that need the plan (`generate` alone never does).
 */
export function appPlan(app: CompiledApp): TargetPlan {
  if (app.kind === 'generated') return app.plan;
  const { project } = validProject(app.projectDir, app.source, app.hashes);
  assertTarget(project, app.targetId);
  return planOf(project, app.targetId, app.commit, app.lock.inputs);
}

/** Runs one pipeline stage: reports its start and end (with a detail line) and records its time. */
export async function runStage<T>(
  emit: (event: PipelineEvent) => void,
  stages: Partial<Record<Stage, number>>,
  name: Stage,
  work: () => Promise<T> | T,
  detail: (result: T) => Omit<Extract<PipelineEvent, { status: 'done' }>, 'stage' | 'status' | 'ms'>,
): Promise<T> {
  emit({ stage: name, status: 'start' });
  const t0 = performance.now();
  const result = await work();
  const ms = Math.round(performance.now() - t0);
  stages[name] = ms;
  emit({ stage: name, status: 'done', ms, ...detail(result) });
  return result;
}

async function readFiles(
  from: ProjectFiles,
  outDir: string,
): Promise<{ source: ProjectSource; hashes: Map<string, string>; commit: string | undefined }> {
  if (from.kind === 'commit')
    return { source: from.source, hashes: sourceHashes(from.source), commit: from.commit };
  const dir = resolve(from.dir);
  // git runs in child processes while the files are read here (through this process's index
  // of the project's files, started from the one the last process kept on disk: an unchanged
  // file is not read again).
  const commitAsked = projectCommit(dir, outDir);
  if (!hasSourceIndex(dir)) {
    const generator = await generatorFingerprint().catch(() => undefined);
    if (generator !== undefined) restoreProjectMemo(dir, generator);
  }
  const { source, hashes } = await readIndexedSource(dir).catch(async (error: unknown) => {
    await commitAsked.catch(() => undefined);
    throw error;
  });
  return { source, hashes, commit: await commitAsked };
}

function planOf(
  project: Project,
  targetId: string,
  commit: string | undefined,
  inputs: string | undefined,
): TargetPlan {
  const plan = planTarget(project, targetId, {
    generatorVersion: generatorVersion(),
    ...(commit ? { commit } : {}),
  });
  return inputs === undefined ? plan : { ...plan, inputs };
}

function validProject(
  dir: string,
  source: ProjectSource,
  hashes: ReadonlyMap<string, string>,
  known?: ReadonlyMap<string, readonly Problem[]>,
): { project: Project; byWorkflow: Map<string, Problem[]> } {
  const opened = loadWithMemo(source, hashes, known ? { known } : {});
  if (!opened.project || !opened.byWorkflow || opened.problems.length > 0) {
    const count = opened.problems.length;
    throw new CatalystError(
      'invalid_project',
      `The project in ${dir} has ${count} problem${count === 1 ? '' : 's'}; fix ${count === 1 ? 'it' : 'them'} and generate again:\n${formatProblems(opened.problems)}`,
    );
  }
  return { project: opened.project, byWorkflow: opened.byWorkflow };
}

function assertTarget(project: Project, targetId: string): void {
  const targets = Object.keys(project.manifest.deploymentTargets).sort();
  if (targets.includes(targetId)) return;
  const known = targets.length === 0 ? 'it has none' : `its targets are ${targets.join(', ')}`;
  throw new CatalystError(
    'not_found',
    `Target "${targetId}" does not exist in catalyst.json (${known}). Pass one of them with --target, or add one with \`catalyst target add\`.`,
    { file: 'catalyst.json', path: '$.deploymentTargets' },
  );
}
