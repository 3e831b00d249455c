import type { JSONValue } from 'hono/utils/types';

/**
 * The JSON shapes of the run API (DESIGN §13) as the page sees them, exported through
 * contract.ts: a run's trace is exactly `catalyst exec --json`'s.
 */
export interface RunNodeView {
  id: string;
  name: string;
  type: string;
  status: 'ok' | 'skipped' | 'error';
  startedMs: number;
  durationMs: number;
  input: JSONValue;
  output?: JSONValue;
  error?: string;
  /** A local call's node: the callee's trace. */
  calls?: RunTraceView[];
}

export interface RunTraceView {
  workflow: string;
  status: 'ok' | 'error';
  durationMs: number;
  result: JSONValue;
  error?: string;
  nodes: RunNodeView[];
}

/** `POST …/workflows/:workflowId/runs` and `GET …/runs/:runId` answer `{run}`. */
export interface WorkflowRunView {
  id: string;
  workflowId: string;
  startedAt: string;
  input: JSONValue;
  trace: RunTraceView;
  /** The HTTP status the endpoint would have answered (200, a Response node's, 400, 500); unset when it never answered. */
  answerStatus?: number;
  /** Stopped at the studio's time limit (no node data came back). */
  timedOut?: true;
}

/** One row of `GET …/workflows/:workflowId/runs` (`{runs}`, newest first). */
export interface RunSummaryView {
  id: string;
  startedAt: string;
  status: 'ok' | 'error';
  durationMs: number;
  /** As in {@link WorkflowRunView}. */
  answerStatus?: number;
  timedOut?: true;
}
