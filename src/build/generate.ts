import { resolve } from 'node:path';
import { planTarget } from '../compiler/plan.js';
import { renderPlan } from '../compiler/render-target.js';
import type { FileKind, GeneratedFile, TargetPlan } from '../compiler/types.js';
import { formatProblems, loadProject } from '../model/load.js';
import type { Project, ProjectSource } from '../model/project-files.js';
import { CatalystError } from '../store/errors.js';
import { readProjectSource } from '../store/project-folder.js';
import { generatorVersion } from './generator-version.js';
import { generatorFingerprint, inputFingerprint } from './input-fingerprint.js';
import type { GenerateSummary, PipelineEvent, Stage } from './pipeline-events.js';
import { projectCommit } from './project-commit.js';
import { findPython } from './python-interpreter.js';
import { reuseOutput } from './reuse-output.js';
import { loadRuntimeAssets } from './runtime-assets.js';
import { verifyApp } from './verify.js';
import { type WriteResult, writeOutput } from './write-output.js';

export interface GenerateOptions {
  projectDir: string;
  targetId: string;
  outDir: string;
  verify?: boolean;
  onEvent?: (event: PipelineEvent) => void;
  /** Environment for finding Python (`CATALYST_PYTHON`, `PATH`); defaults to this process's. */
  env?: NodeJS.ProcessEnv;
}

export interface GenerateResult {
  summary: GenerateSummary;
  plan: TargetPlan;
  files: GeneratedFile[];
}

/**
 * validate → plan → render → write → verify for one target. User errors (invalid
 * project, unknown target, a folder we must not write into) are CatalystErrors; a failed
 * verification is reported in `summary.verify`, not thrown, so every failing step is shown.
 */
export async function generateApp(options: GenerateOptions): Promise<GenerateResult> {
  const emit = options.onEvent ?? (() => {});
  const stages: Partial<Record<Stage, number>> = {};
  const started = performance.now();
  async function stage<T>(
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

  const projectDir = resolve(options.projectDir);
  const outDir = resolve(options.outDir);

  // Validate starts by reading the sources and fingerprinting them: an app already made from
  // exactly these inputs (its lock says so and its files still match) is reused as it is —
  // no validation, plan, render or write (DESIGN: same input, same bytes).
  const sameInputs = 'inputs unchanged since the last generation';
  const checked = await stage(
    'validate',
    async () => {
      // git runs in child processes while the files are read here.
      const commitAsked = projectCommit(projectDir, outDir);
      const source = await readProjectSource(projectDir).catch(async (error: unknown) => {
        await commitAsked.catch(() => undefined);
        throw error;
      });
      const commit = await commitAsked;
      const inputs = inputFingerprint(source, options.targetId, commit, await generatorFingerprint());
      const reused = await reuseOutput(outDir, inputs);
      return {
        source,
        commit,
        inputs,
        reused,
        project: reused ? undefined : validProject(projectDir, source),
      };
    },
    (c) => ({
      detail: c.project
        ? `${c.project.workflows.length} workflow${c.project.workflows.length === 1 ? '' : 's'}, no problems`
        : `${c.source.workflows.length} workflow file${c.source.workflows.length === 1 ? '' : 's'}, ${sameInputs}`,
    }),
  );
  const { commit, inputs, reused, project } = checked;
  const planOpts = { generatorVersion: generatorVersion(), ...(commit ? { commit } : {}) };

  let plan: TargetPlan;
  let files: GeneratedFile[];
  let written: WriteResult;
  if (reused || !project) {
    const lock = reused!.lock;
    // Callers that need the plan (secrets, env) get it on first use; `generate` alone never does.
    plan = lazyPlan(() => {
      const loaded = validProject(projectDir, checked.source);
      return { ...planTarget(loaded, options.targetId, planOpts), inputs };
    });
    await stage(
      'plan',
      () => undefined,
      () => ({ detail: `${lock.target.id} (${lock.target.platform}), ${sameInputs}` }),
    );
    files = await stage(
      'render',
      () => reused!.files,
      (f) => ({ detail: `${f.length} files, reused from ${outDir}`, files: f.length }),
    );
    written = { outDir, written: [], removed: [], unchanged: true };
    await stage(
      'write',
      () => written,
      () => ({ detail: `unchanged, nothing rewritten in ${outDir}`, files: files.length, written: 0 }),
    );
  } else {
    plan = await stage(
      'plan',
      () => {
        assertTarget(project, options.targetId);
        return { ...planTarget(project, options.targetId, planOpts), inputs };
      },
      (p) => ({
        detail: `${p.workflows.length} workflow${p.workflows.length === 1 ? '' : 's'} for ${p.target.id} (${p.target.platform})${p.commit ? ` at ${p.commit.slice(0, 12)}` : ''}`,
      }),
    );
    files = await stage(
      'render',
      async () => renderPlan(plan, await loadRuntimeAssets()),
      (f) => ({
        detail: `${f.length} files`,
        files: f.length,
      }),
    );
    written = await stage(
      'write',
      () => writeOutput(outDir, files),
      (w) => ({
        detail: w.unchanged
          ? `unchanged, nothing rewritten in ${w.outDir}`
          : `${w.written.length} written${w.removed.length > 0 ? `, ${w.removed.length} removed` : ''} in ${w.outDir}`,
        files: files.length,
        written: w.written.length,
      }),
    );
  }
  let verify: GenerateSummary['verify'];
  if (options.verify) {
    verify = await stage(
      'verify',
      async () => {
        const result = await verifyApp(outDir, plan, await findPython(options.env), options.env);
        for (const step of result.steps) emit({ stage: 'verify', status: 'step', step });
        return result;
      },
      (v) => ({ detail: v.ok ? `passed with ${v.python}` : 'FAILED' }),
    );
  }

  const lines = countLines(files);
  const summary: GenerateSummary = {
    project: reused ? reused.lock.project : projectOf(plan),
    target: reused ? reused.lock.target : { id: plan.target.id, platform: plan.target.platform },
    outDir,
    commit: commit ?? null,
    files: files.length,
    written: written.written.length,
    removed: written.removed.length,
    unchanged: written.unchanged,
    lines,
    totalLines: Object.values(lines).reduce((a, b) => a + b, 0),
    stages,
    totalMs: Math.round(performance.now() - started),
    ...(verify ? { verify } : {}),
  };
  return { summary, plan, files };
}

function projectOf(plan: TargetPlan): GenerateSummary['project'] {
  const m = plan.project.manifest;
  return { id: m.id, name: m.name, version: m.version };
}

/**
 * The plan of a reused app, made on first use (validation and planning are synchronous): its
 * inputs are the ones a successful generation was made from, so they load without problems.
 */
function lazyPlan(make: () => TargetPlan): TargetPlan {
  let plan: TargetPlan | undefined;
  const get = (): TargetPlan => {
    plan ??= make();
    return plan;
  };
  return new Proxy({} as TargetPlan, {
    get: (_, key) => Reflect.get(get(), key),
    has: (_, key) => Reflect.has(get(), key),
    ownKeys: () => Reflect.ownKeys(get()),
    getOwnPropertyDescriptor: (_, key) => Reflect.getOwnPropertyDescriptor(get(), key),
  });
}

function validProject(dir: string, source: ProjectSource): Project {
  const opened = loadProject(source);
  if (!opened.project || opened.problems.length > 0) {
    const count = opened.problems.length;
    throw new CatalystError(
      'invalid_project',
      `The project in ${dir} has ${count} problem${count === 1 ? '' : 's'}; fix ${count === 1 ? 'it' : 'them'} and generate again:\n${formatProblems(opened.problems)}`,
    );
  }
  return opened.project;
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

export function countLines(files: readonly GeneratedFile[]): Record<FileKind, number> {
  const lines: Record<FileKind, number> = { python: 0, config: 0, docs: 0, test: 0, other: 0 };
  for (const f of files) {
    if (f.content === '') continue;
    // Counting line breaks in place: splitting megabytes of text into arrays is much slower.
    let breaks = 0;
    for (let at = f.content.indexOf('\n'); at !== -1; at = f.content.indexOf('\n', at + 1)) breaks++;
    lines[f.kind] += f.content.endsWith('\n') ? breaks : breaks + 1;
  }
  return lines;
}
