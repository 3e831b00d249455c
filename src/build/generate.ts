import type { FileKind, GeneratedFile } from '../compiler/types.js';
import { appPlan, type CompiledApp, compileApp, runStage } from './compile-app.js';
import type { GenerateSummary, PipelineEvent } from './pipeline-events.js';
import { findPython } from './python-interpreter.js';
import { verifyApp } from './verify.js';

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
  /** The app, generated now or reused as it was; `appPlan(app)` gives its plan. */
  app: CompiledApp;
}

/**
 * validate → plan → render → write → verify for one target of the project's work tree.
 * User errors (invalid project, unknown target, a folder we must not write into) are
 * CatalystErrors; a failed verification is reported in `summary.verify`, not thrown, so
 * every failing step is shown.
 */
export async function generateApp(options: GenerateOptions): Promise<GenerateResult> {
  const emit = options.onEvent ?? (() => {});
  const started = performance.now();
  const app = await compileApp({
    from: { kind: 'worktree', dir: options.projectDir },
    targetId: options.targetId,
    outDir: options.outDir,
    onEvent: emit,
  });
  const { outDir, files } = app;
  const stages = { ...app.stages };
  let verify: GenerateSummary['verify'];
  if (options.verify) {
    verify = await runStage(
      emit,
      stages,
      'verify',
      async () => {
        const result = await verifyApp(outDir, appPlan(app), await findPython(options.env), options.env);
        for (const step of result.steps) emit({ stage: 'verify', status: 'step', step });
        return result;
      },
      (v) => ({ detail: v.ok ? `passed with ${v.python}` : 'FAILED' }),
    );
  }

  const written = app.kind === 'generated' ? app.written : undefined;
  const warnings =
    (app.workflowCount ?? appPlan(app).workflows.length) === 0
      ? [noWorkflowsWarning(app.lock.target.id)]
      : [];
  const lines = countLines(files);
  const summary: GenerateSummary = {
    project: app.lock.project,
    target: app.lock.target,
    outDir,
    commit: app.commit ?? null,
    files: files.length,
    written: written?.written.length ?? 0,
    removed: written?.removed.length ?? 0,
    unchanged: written?.unchanged ?? true,
    lines,
    totalLines: Object.values(lines).reduce((a, b) => a + b, 0),
    stages,
    totalMs: Math.round(performance.now() - started),
    ...(verify ? { verify } : {}),
    warnings,
  };
  return { summary, app };
}

/** Said by `generate` (stderr and --json `warnings`), the studio and a deploy's log. */
export function noWorkflowsWarning(targetId: string): string {
  return `Target ${targetId} has no workflows: the app serves only /health, /metrics and /`;
}

export function countLines(files: readonly GeneratedFile[]): Record<FileKind, number> {
  const lines: Record<FileKind, number> = { python: 0, config: 0, docs: 0, test: 0, other: 0 };
  for (const f of files) lines[f.kind] += linesOf(f.content);
  return lines;
}

/** Line counts of texts seen before: a regeneration keeps the unchanged modules' very strings. */
const counted = new Map<string, number>();
const MAX_COUNTED = 20_000;

function linesOf(text: string): number {
  if (text === '') return 0;
  const known = counted.get(text);
  if (known !== undefined) return known;
  // Counting line breaks in place: splitting megabytes of text into arrays is much slower.
  let breaks = 0;
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) breaks++;
  const lines = text.endsWith('\n') ? breaks : breaks + 1;
  if (counted.size >= MAX_COUNTED) counted.clear();
  counted.set(text, lines);
  return lines;
}
