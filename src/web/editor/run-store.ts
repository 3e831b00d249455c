import { create } from 'zustand';
import type { RunNodeView, RunSummaryView, RunTraceView, WorkflowRunView } from '../../server/contract.js';
import { unwrap } from '../api/client.js';
import { api } from '../api/instance.js';

/** How long the test input waits after the last keystroke before it is pinned. */
const PIN_DELAY_MS = 500;

export function parseTestInput(text: string): { ok: true; value: unknown } | { ok: false; message: string } {
  try {
    return { ok: true, value: JSON.parse(text.trim() === '' ? '{}' : text) };
  } catch (error) {
    return { ok: false, message: `The test input is not JSON: ${(error as Error).message}` };
  }
}

interface RunState {
  projectId: string | null;
  workflowId: string | null;
  /** The test input as typed; pinned per workflow in the workspace (DESIGN §13). */
  inputText: string;
  /** True once the pinned input of this workflow has been read. */
  inputLoaded: boolean;
  running: boolean;
  error: string | null;
  /** The run shown on the canvas: the last one made, or one reopened from the history. */
  run: WorkflowRunView | null;
  history: RunSummaryView[];
  /** Opens the run state of a workflow: its pinned input, its history and its newest run. */
  open(projectId: string, workflowId: string): Promise<void>;
  setInput(text: string): void;
  /** Runs the workflow (saved first by the caller) with the test input. */
  start(): Promise<void>;
  reopen(runId: string): Promise<void>;
}

let pinTimer: ReturnType<typeof setTimeout> | null = null;
let pinPending: (() => void) | null = null;

/** Pins a waiting test input now (before another workflow opens), so no typing is lost. */
function flushPin(): void {
  if (pinTimer) clearTimeout(pinTimer);
  pinTimer = null;
  const pin = pinPending;
  pinPending = null;
  pin?.();
}

function pinLater(projectId: string, workflowId: string, text: string): void {
  if (pinTimer) clearTimeout(pinTimer);
  pinPending = () => {
    const parsed = parseTestInput(text);
    if (!parsed.ok) return; // the panel says why; nothing half-typed is pinned
    void unwrap(
      api.projects[':projectId'].workflows[':workflowId']['test-input'].$put({
        param: { projectId, workflowId },
        json: { input: parsed.value },
      }),
    ).catch(() => {});
  };
  pinTimer = setTimeout(flushPin, PIN_DELAY_MS);
}

/** The studio's Run of the open workflow: test input, the run on the canvas, the history. */
export const useRun = create<RunState>((set, get) => {
  const current = (projectId: string, workflowId: string) =>
    get().projectId === projectId && get().workflowId === workflowId;

  async function loadHistory(projectId: string, workflowId: string): Promise<RunSummaryView[]> {
    const { runs } = await unwrap(
      api.projects[':projectId'].workflows[':workflowId'].runs.$get({ param: { projectId, workflowId } }),
    );
    if (current(projectId, workflowId)) set({ history: runs });
    return runs;
  }

  async function fetchRun(projectId: string, workflowId: string, runId: string): Promise<WorkflowRunView> {
    const { run } = await unwrap(
      api.projects[':projectId'].workflows[':workflowId'].runs[':runId'].$get({
        param: { projectId, workflowId, runId },
      }),
    );
    return run as WorkflowRunView;
  }

  return {
    projectId: null,
    workflowId: null,
    inputText: '{}',
    inputLoaded: false,
    running: false,
    error: null,
    run: null,
    history: [],

    async open(projectId, workflowId) {
      if (current(projectId, workflowId)) return;
      flushPin();
      set({
        projectId,
        workflowId,
        inputText: '{}',
        inputLoaded: false,
        running: false,
        error: null,
        run: null,
        history: [],
      });
      try {
        const [pinned, runs] = await Promise.all([
          unwrap(
            api.projects[':projectId'].workflows[':workflowId']['test-input'].$get({
              param: { projectId, workflowId },
            }),
          ),
          loadHistory(projectId, workflowId),
        ]);
        if (!current(projectId, workflowId)) return;
        set({ inputText: JSON.stringify(pinned.input, null, 2), inputLoaded: true });
        const newest = runs[0];
        if (newest) {
          const run = await fetchRun(projectId, workflowId, newest.id);
          if (current(projectId, workflowId) && get().run === null) set({ run });
        }
      } catch (error) {
        if (current(projectId, workflowId)) set({ error: (error as Error).message, inputLoaded: true });
      }
    },

    setInput(text) {
      const { projectId, workflowId } = get();
      set({ inputText: text });
      if (projectId && workflowId) pinLater(projectId, workflowId, text);
    },

    async start() {
      const { projectId, workflowId, inputText } = get();
      if (!projectId || !workflowId) return;
      const parsed = parseTestInput(inputText);
      if (!parsed.ok) {
        set({ error: parsed.message });
        return;
      }
      set({ running: true, error: null });
      try {
        const { run } = await unwrap(
          api.projects[':projectId'].workflows[':workflowId'].runs.$post({
            param: { projectId, workflowId },
            json: { input: parsed.value },
          }),
        );
        if (!current(projectId, workflowId)) return;
        set({ run: run as WorkflowRunView });
        await loadHistory(projectId, workflowId);
      } catch (error) {
        if (current(projectId, workflowId)) set({ error: (error as Error).message });
      } finally {
        if (current(projectId, workflowId)) set({ running: false });
      }
    },

    async reopen(runId) {
      const { projectId, workflowId } = get();
      if (!projectId || !workflowId) return;
      try {
        const run = await fetchRun(projectId, workflowId, runId);
        if (current(projectId, workflowId)) set({ run, error: null });
      } catch (error) {
        if (current(projectId, workflowId)) set({ error: (error as Error).message });
      }
    },
  };
});

/** The trace entry of a canvas node in the shown run, if it ran (or was skipped). */
export function traceNode(trace: RunTraceView | undefined, nodeId: string): RunNodeView | undefined {
  return trace?.nodes.find((n) => n.id === nodeId);
}
