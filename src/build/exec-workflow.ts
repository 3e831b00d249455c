import { join } from 'node:path';
import type { TargetPlan } from '../compiler/types.js';
import type { Project } from '../model/project-files.js';
import { childEnv } from '../store/child-env.js';
import { findWorkflow } from '../store/operations/lookup.js';
import { loadState } from '../store/operations/session.js';
import { appPlan } from './compile-app.js';
import { generateApp } from './generate.js';
import type { PipelineEvent } from './pipeline-events.js';
import { findPython } from './python-interpreter.js';
import { type HarnessRunTrace, startHarness } from './workflow-harness.js';

/** One node of `catalyst exec`'s trace (DESIGN §13), in the order the nodes started. */
export interface ExecNode {
  id: string;
  name: string;
  type: string;
  status: 'ok' | 'skipped' | 'error';
  startedMs: number;
  durationMs: number;
  input: unknown;
  output?: unknown;
  error?: string;
  /** A local call's node: the callee's trace. */
  calls?: ExecTrace[];
}

export interface ExecTrace {
  workflow: string;
  status: 'ok' | 'error';
  durationMs: number;
  result: unknown;
  error?: string;
  nodes: ExecNode[];
}

export interface ExecOptions {
  projectDir: string;
  /** Name, slug or id. */
  workflow: string;
  input: unknown;
  /** Catalyst's environment: the app gets its basics, the project's env vars and `secrets`. */
  env: NodeJS.ProcessEnv;
  /** Values of the secrets the target's workflows use (from the vault; never written anywhere). */
  secrets(plan: TargetPlan): Record<string, string>;
  onEvent?: (event: PipelineEvent) => void;
  /** The app's own output while it runs (its log lines, a code node's prints). */
  onOutput?: (chunk: string) => void;
}

/** Where exec generates: beside `run`'s folder, so a served app is never rewritten under it. */
export function execDir(projectDir: string, targetId: string): string {
  return join(projectDir, '.catalyst', 'exec', targetId);
}

/**
 * Runs one workflow once through its generated code: generates its target's app into
 * `.catalyst/exec/<target>` (reused when nothing changed), runs it with the runtime's
 * harness and returns its trace, secrets shown as `[secret NAME]`.
 */
export async function execWorkflow(options: ExecOptions): Promise<ExecTrace> {
  const state = await loadState(options.projectDir);
  const chosen = findWorkflow(state, options.workflow).workflow;
  const targetId = chosen.deploymentTargetId;
  const outDir = execDir(state.dir, targetId);
  const generated = await generateApp({
    projectDir: state.dir,
    targetId,
    outDir,
    env: options.env,
    ...(options.onEvent ? { onEvent: options.onEvent } : {}),
  });
  const plan = appPlan(generated.app);
  const planned = plan.workflows.find((w) => w.workflow.id === chosen.id);
  if (!planned) throw new Error(`workflow ${chosen.id} is not in the plan of target ${targetId}`);
  const env = childEnv(options.env, {
    envVars: plan.envVars,
    set: { ...options.secrets(plan), PYTHONDONTWRITEBYTECODE: '1' },
  });
  const harness = await startHarness({
    python: await findPython(options.env),
    dir: outDir,
    env,
    ...(options.onOutput ? { onOutput: options.onOutput } : {}),
  });
  try {
    const run = await harness.run({ workflow: planned.moduleName, input: options.input, trace: true });
    return execTrace(run, plan.project);
  } finally {
    await harness.close();
  }
}

/** The runtime's trace in exec's shape: exactly its keys, in its order, with each node's type. */
export function execTrace(run: HarnessRunTrace, project: Project): ExecTrace {
  const workflow = project.workflows.find((w) => w.workflow.id === run.workflowId)?.workflow;
  const nodes: ExecNode[] = (run.nodes ?? []).map((n) => ({
    id: n.id,
    name: n.name,
    type: workflow?.nodes[n.id]?.type ?? 'unknown',
    status: n.status,
    startedMs: n.startedMs,
    durationMs: n.durationMs,
    input: n.input,
    ...(n.status === 'ok' ? { output: n.output ?? null } : {}),
    ...(n.error !== undefined ? { error: n.error } : {}),
    ...(n.calls?.length ? { calls: n.calls.map((c) => execTrace(c, project)) } : {}),
  }));
  return {
    workflow: run.workflow,
    status: run.status,
    durationMs: run.durationMs,
    result: run.result,
    ...(run.error !== undefined ? { error: run.error } : {}),
    nodes,
  };
}
