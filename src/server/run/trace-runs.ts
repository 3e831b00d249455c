import { join } from 'node:path';
import { appPlan } from '../../build/compile-app.js';
import { type ExecTrace, execTrace } from '../../build/exec-workflow.js';
import { generateApp } from '../../build/generate.js';
import { findPython } from '../../build/python-interpreter.js';
import { HarnessTimeout } from '../../build/workflow-harness.js';
import type { TargetPlan } from '../../compiler/types.js';
import { CatalystError } from '../../errors.js';
import { childEnv } from '../../store/child-env.js';
import { openProject } from '../../store/project-folder.js';
import type { RunHistory, WorkflowRun, WorkflowRunSummary } from './run-history.js';
import { DEFAULT_RUN_TIMEOUT_MS, RUN_TIMEOUT_ENV } from './run-timeout.js';
import { type WarmRequest, WarmRuns } from './warm-runs.js';

/** What the studio's traced runs need of the workflow services. */
export interface TraceRunDeps {
  /** The registered folder of a project (not_found otherwise). */
  folderOf(projectId: string): string;
  /** Secret values for the app's environment (throws when one has no value). */
  secretEnv(projectId: string, plan: TargetPlan): Record<string, string>;
  /** How long one Run may take before its Python process is killed (run-timeout.ts). */
  runTimeoutMs: number;
}

/** The studio's Run with every node's data (DESIGN §13), its history and pinned inputs. */
export interface TraceRuns {
  /** Generates the workflow's target, runs it in the target's warm harness, keeps the run. */
  run(projectId: string, workflowId: string, input: unknown): Promise<WorkflowRun>;
  list(projectId: string, workflowId: string): WorkflowRunSummary[];
  get(projectId: string, workflowId: string, runId: string): WorkflowRun;
  testInput(projectId: string, workflowId: string): { input: unknown };
  pinTestInput(projectId: string, workflowId: string, input: unknown): { input: unknown };
  /**
   * Pre-warms the workflow's Run when its editor opens (DESIGN §13: the first run within 2 s):
   * generates its target and starts the warm harness in the background, so the first Run finds
   * the process up. Idempotent — a warm already under way for the project is reused, and an
   * up-to-date process is kept. Never rejects: a failure shows at the Run, in the run's words.
   */
  warm(projectId: string, workflowId: string): Promise<void>;
  /** The pid of the warm process of a project + target, if one runs (tests, diagnostics). */
  pid(projectId: string, targetId: string): number | undefined;
  /** How many warm processes were started for a project + target so far (tests, diagnostics). */
  starts(projectId: string, targetId: string): number;
  close(): Promise<void>;
}

/** Where traced runs generate: apart from `.catalyst/run` (served by uvicorn) and `exec`. */
export function traceDir(projectDir: string, targetId: string): string {
  return join(projectDir, '.catalyst', 'studio-run', targetId);
}

/** Shortest secret value hidden by the server's own pass (shorter ones would mangle any text). */
const MIN_SECRET = 3;

/** Every occurrence of a secret's value in a string of `value` → `[secret NAME]`. */
export function hideSecretValues<T>(value: T, secrets: Record<string, string>): T {
  const pairs = Object.entries(secrets)
    .filter(([, v]) => v.length >= MIN_SECRET)
    .sort(([, a], [, b]) => b.length - a.length);
  if (pairs.length === 0) return value;
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') {
      let out = v;
      for (const [name, secret] of pairs) out = out.split(secret).join(`[secret ${name}]`);
      return out;
    }
    if (Array.isArray(v)) return v.map(walk);
    if (v !== null && typeof v === 'object') {
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [walk(k) as string, walk(x)]));
    }
    return v;
  };
  return walk(value) as T;
}

/**
 * The trace of a run that was stopped at the time limit: the process is killed, so no node
 * data comes back; the run still goes into the history as failed.
 */
function timedOutTrace(workflow: string, timeoutMs: number, durationMs: number): ExecTrace {
  const limit = `${timeoutMs / 1000} s`;
  return {
    workflow,
    status: 'error',
    durationMs,
    result: null,
    error: `Run of ${workflow} stopped after ${limit}: it did not finish (a node may loop or wait forever). The next Run starts a fresh Python process. The limit is ${limit}; set ${RUN_TIMEOUT_ENV} (seconds) before starting the studio to change it.`,
    nodes: [],
  };
}

export function createTraceRuns(history: RunHistory, deps: TraceRunDeps): TraceRuns {
  const warm = new WarmRuns();

  async function workflowOf(projectId: string, workflowId: string) {
    const folder = deps.folderOf(projectId);
    const opened = await openProject(folder);
    const found = opened.project?.workflows.find((w) => w.workflow.id === workflowId);
    if (!opened.project) {
      const first = opened.problems[0];
      throw new CatalystError(
        'invalid_project',
        `Cannot open ${folder}: ${first ? `${first.file} ${first.path}: ${first.message}` : 'its files cannot be read'}. Fix the file (\`catalyst validate\` lists every problem).`,
      );
    }
    if (!found) {
      throw new CatalystError(
        'not_found',
        `No workflow ${workflowId} in this project: it may have been deleted.`,
      );
    }
    return { folder, workflow: found.workflow };
  }

  /** Generates the workflow's target into its trace folder: what its warm harness runs. */
  async function prepare(projectId: string, workflowId: string) {
    const { folder, workflow } = await workflowOf(projectId, workflowId);
    const targetId = workflow.deploymentTargetId;
    const dir = traceDir(folder, targetId);
    const generated = await generateApp({ projectDir: folder, targetId, outDir: dir });
    const plan = appPlan(generated.app);
    const planned = plan.workflows.find((w) => w.workflow.id === workflowId);
    if (!planned) throw new Error(`workflow ${workflowId} is not in the plan of target ${targetId}`);
    const secrets = deps.secretEnv(projectId, plan);
    const env = childEnv(process.env, {
      envVars: plan.envVars,
      set: { ...secrets, PYTHONDONTWRITEBYTECODE: '1' },
    });
    const request: WarmRequest = {
      key: `${projectId}/${targetId}`,
      dir,
      python: await findPython(process.env),
      files: generated.app.files,
      env,
      // Loading the app is bounded too (code at import time may never finish), but a short
      // Run limit must not fail a start that is only slow.
      startTimeoutMs: Math.max(deps.runTimeoutMs, DEFAULT_RUN_TIMEOUT_MS),
    };
    return { plan, planned, secrets, request };
  }

  /** Pre-warms under way, by project: a run waits for its project's (they write the same folder). */
  const warming = new Map<string, Promise<void>>();

  const runs: TraceRuns = {
    async run(projectId, workflowId, input) {
      await warming.get(projectId);
      const { plan, planned, secrets, request } = await prepare(projectId, workflowId);
      const startedAt = new Date().toISOString();
      const began = performance.now();
      let trace: ExecTrace;
      let ending: Pick<WorkflowRun, 'answerStatus' | 'timedOut'>;
      try {
        const raw = await warm.with(request, ({ harness }) =>
          harness.run({ workflow: planned.moduleName, input, trace: true }, { timeoutMs: deps.runTimeoutMs }),
        );
        // The runtime already shows secrets as [secret NAME]; this pass also covers the input as sent.
        trace = hideSecretValues(execTrace(raw, plan.project), secrets);
        // What the endpoint answers (runtime/endpoint.py): the run's own status, else 200 or 500.
        ending = { answerStatus: raw.statusCode ?? (raw.status === 'ok' ? 200 : 500) };
      } catch (error) {
        if (!(error instanceof HarnessTimeout)) throw error;
        const spent = Math.round(performance.now() - began);
        trace = timedOutTrace(planned.workflow.name, error.timeoutMs, spent);
        ending = { timedOut: true };
        // Its process was killed: start the next one now, so the next Run does not wait for it.
        void runs.warm(projectId, workflowId);
      }
      return history.add(projectId, {
        workflowId,
        startedAt,
        input: hideSecretValues(input ?? null, secrets),
        trace,
        ...ending,
      });
    },

    list(projectId, workflowId) {
      deps.folderOf(projectId);
      return history.list(projectId, workflowId);
    },

    get(projectId, workflowId, runId) {
      deps.folderOf(projectId);
      const run = history.get(projectId, workflowId, runId);
      if (!run) {
        throw new CatalystError(
          'not_found',
          `No run ${runId} of workflow ${workflowId}: only the last 50 runs are kept.`,
        );
      }
      return run;
    },

    testInput(projectId, workflowId) {
      deps.folderOf(projectId);
      return history.testInput(projectId, workflowId) ?? { input: {} };
    },

    pinTestInput(projectId, workflowId, input) {
      deps.folderOf(projectId);
      history.pinTestInput(projectId, workflowId, input ?? null);
      return { input: input ?? null };
    },

    warm(projectId, workflowId) {
      deps.folderOf(projectId);
      const under = warming.get(projectId);
      if (under) return under;
      const job = (async () => {
        const { request } = await prepare(projectId, workflowId);
        await warm.with(request, async () => undefined);
      })()
        // The Run that follows generates again and reports whatever failed here.
        .catch(() => undefined)
        .finally(() => {
          if (warming.get(projectId) === job) warming.delete(projectId);
        });
      warming.set(projectId, job);
      return job;
    },

    pid: (projectId, targetId) => warm.pid(`${projectId}/${targetId}`),
    starts: (projectId, targetId) => warm.starts(`${projectId}/${targetId}`),
    async close() {
      await Promise.all(warming.values());
      await warm.close();
    },
  };
  return runs;
}
