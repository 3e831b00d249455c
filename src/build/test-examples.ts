import { join } from 'node:path';
import type { TargetPlan } from '../compiler/types.js';
import { CatalystError } from '../errors.js';
import { describeDifference, type ExampleDifference, exampleDifference } from '../model/examples.js';
import { childEnv } from '../store/child-env.js';
import { findTarget, findWorkflow } from '../store/operations/lookup.js';
import { loadState } from '../store/operations/session.js';
import { appPlan } from './compile-app.js';
import { generateApp } from './generate.js';
import type { PipelineEvent } from './pipeline-events.js';
import { findPython } from './python-interpreter.js';
import { startHarness } from './workflow-harness.js';

/** One example's outcome, as `catalyst test --json` prints it (DESIGN §12). */
export interface ExampleResult {
  workflow: string;
  example: string;
  ok: boolean;
  diff?: { path: string; expected: unknown; actual: unknown };
}

export interface ExampleReport {
  passed: number;
  failed: number;
  results: ExampleResult[];
}

/** The report plus what the human text shows beyond `--json`. */
export interface ExampleRun extends ExampleReport {
  /** Per failed result (same index as `results`): the difference in words, and the run's error if it failed. */
  notes: Map<number, string>;
  /** Targets whose app ran, in order. */
  targets: string[];
}

export interface TestExamplesOptions {
  projectDir: string;
  /** Only this target's workflows; default every target that has examples. */
  targetId?: string;
  /** Only this workflow (name, slug or id). */
  workflow?: string;
  /** Catalyst's environment: the app gets its basics, the project's env vars and `secrets`. */
  env: NodeJS.ProcessEnv;
  /** Values of the secrets the target's workflows use (never written anywhere). */
  secrets(plan: TargetPlan): Record<string, string>;
  onEvent?: (event: PipelineEvent) => void;
}

/** Where `test` generates: its own folder beside run's and exec's. */
export function testDir(projectDir: string, targetId: string): string {
  return join(projectDir, '.catalyst', 'test', targetId);
}

/**
 * Runs every example of the chosen workflows against their target's generated app: one
 * warm harness process per target serves all of its examples, each run with its mocks
 * and compared with its `expect` (status, then body as a subset).
 */
export async function testExamples(options: TestExamplesOptions): Promise<ExampleRun> {
  const state = await loadState(options.projectDir);
  const chosen = options.workflow === undefined ? undefined : findWorkflow(state, options.workflow).workflow;
  if (options.targetId !== undefined) findTarget(state, options.targetId);
  if (chosen && options.targetId !== undefined && chosen.deploymentTargetId !== options.targetId)
    throw new CatalystError(
      'invalid_input',
      `Workflow "${chosen.name}" belongs to target ${chosen.deploymentTargetId}, not ${options.targetId}: drop --target or name a workflow of ${options.targetId}.`,
    );
  const withExamples = state.workflows
    .map((w) => w.workflow)
    .filter((w) => (w.examples?.length ?? 0) > 0)
    .filter((w) => (chosen ? w.id === chosen.id : true))
    .filter((w) => (options.targetId === undefined ? true : w.deploymentTargetId === options.targetId));
  const targets = [...new Set(withExamples.map((w) => w.deploymentTargetId))].sort();
  const run: ExampleRun = { passed: 0, failed: 0, results: [], notes: new Map(), targets };
  for (const targetId of targets) await runTarget(options, state.dir, targetId, chosen?.id, run);
  return run;
}

async function runTarget(
  options: TestExamplesOptions,
  projectDir: string,
  targetId: string,
  onlyWorkflowId: string | undefined,
  run: ExampleRun,
): Promise<void> {
  const outDir = testDir(projectDir, targetId);
  const generated = await generateApp({
    projectDir,
    targetId,
    outDir,
    env: options.env,
    ...(options.onEvent ? { onEvent: options.onEvent } : {}),
  });
  const plan = appPlan(generated.app);
  const env = childEnv(options.env, {
    envVars: plan.envVars,
    set: { ...options.secrets(plan), PYTHONDONTWRITEBYTECODE: '1' },
  });
  const harness = await startHarness({ python: await findPython(options.env), dir: outDir, env });
  try {
    for (const planned of plan.workflows) {
      const { workflow } = planned;
      if (onlyWorkflowId !== undefined && workflow.id !== onlyWorkflowId) continue;
      for (const example of workflow.examples ?? []) {
        const answer = await harness.respond({
          workflow: planned.moduleName,
          input: example.input,
          mocks: example.mocks ?? {},
        });
        const diff = exampleDifference(example.expect, answer);
        const result: ExampleResult = { workflow: workflow.name, example: example.name, ok: !diff };
        if (diff) {
          result.diff = { path: diff.path, expected: diff.expected, actual: diff.actual };
          run.notes.set(run.results.length, note(diff, answer.status, answer.body));
          run.failed++;
        } else run.passed++;
        run.results.push(result);
      }
    }
  } finally {
    await harness.close();
  }
}

/** The difference in words, and the run's error when the answer was one. */
function note(diff: ExampleDifference, status: number, body: unknown): string {
  const text = describeDifference(diff);
  const error =
    status >= 400 && isObject(body) && typeof body['error'] === 'string' ? body['error'] : undefined;
  return error === undefined || diff.path !== 'status' ? text : `${text} (error: ${error})`;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
