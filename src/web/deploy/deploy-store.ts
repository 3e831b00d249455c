import { create } from 'zustand';
import type { DeployEvent } from '../../server/contract.js';
import { unwrap } from '../api/client.js';
import { api } from '../api/instance.js';

export type DeployAction = DeployEvent['action'];

/** One deploy, rollback, stop or restart the page started, with the log lines streamed so far. */
export interface DeployRun {
  runId: string;
  projectId: string;
  targetId: string;
  action: DeployAction;
  /** What the dialog's title says: "Deploying local", "Rolling back to 3f2a91c". */
  title: string;
  lines: string[];
  state: 'running' | 'success' | 'failed';
  deploymentId: string | null;
  /** The reason a run failed, as the server said it. */
  error: string | null;
}

type Start =
  | { action: 'deploy' | 'stop' | 'restart'; projectId: string; targetId: string; title: string }
  | { action: 'rollback'; projectId: string; targetId: string; deploymentId: string; title: string };

interface DeployState {
  runs: Record<string, DeployRun>;
  /** The deploy dialog, when open: for which project, showing which run (null: the target picker). */
  dialog: { projectId: string; runId: string | null } | null;
  /** Starts a run; its id is known at once (to show its log), `done` settles when it ends. */
  start(request: Start): { runId: string; done: Promise<DeployRun> };
  accept(event: DeployEvent): void;
  openDialog(projectId: string, runId?: string | null): void;
  /** Opens the dialog on a past deployment's stored log. */
  showDeployment(projectId: string, deploymentId: string): Promise<void>;
  closeDialog(): void;
}

function newRunId(): string {
  return `run-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}

async function call(request: Start, runId: string): Promise<{ ok: boolean; deploymentId: string | null }> {
  const json = { runId };
  if (request.action === 'rollback') {
    const { deployment } = await unwrap(
      api.projects[':projectId'].deployments[':deploymentId'].rollback.$post({
        param: { projectId: request.projectId, deploymentId: request.deploymentId },
        json,
      }),
    );
    return { ok: deployment.status === 'success', deploymentId: deployment.id };
  }
  const target = api.projects[':projectId'].targets[':targetId'];
  const param = { projectId: request.projectId, targetId: request.targetId };
  if (request.action === 'deploy') {
    const { deployment } = await unwrap(target.deploy.$post({ param, json }));
    return { ok: deployment.status === 'success', deploymentId: deployment.id };
  }
  if (request.action === 'stop') await unwrap(target.stop.$post({ param, json }));
  else await unwrap(target.restart.$post({ param, json }));
  return { ok: true, deploymentId: null };
}

/**
 * Deploy actions of this page. Log lines arrive as `deploy` events on the live stream
 * (matched by `runId`); the API call's own answer settles the run too, so a run ends even
 * when the stream was reconnecting at that moment.
 */
export const useDeploys = create<DeployState>((set, get) => ({
  runs: {},
  dialog: null,
  start(request) {
    const runId = newRunId();
    const run: DeployRun = {
      runId,
      projectId: request.projectId,
      targetId: request.targetId,
      action: request.action,
      title: request.title,
      lines: [],
      state: 'running',
      deploymentId: null,
      error: null,
    };
    set((s) => ({ runs: { ...s.runs, [runId]: run } }));
    const settle = (patch: Partial<DeployRun>) =>
      set((s) => {
        const current = s.runs[runId];
        return current ? { runs: { ...s.runs, [runId]: { ...current, ...patch } } } : {};
      });
    const done = call(request, runId).then(
      ({ ok, deploymentId }) => settle({ state: ok ? 'success' : 'failed', deploymentId }),
      (error: Error) => settle({ state: 'failed', error: error.message }),
    );
    return { runId, done: done.then(() => get().runs[runId]!) };
  },
  accept(event) {
    set((s) => {
      const run = s.runs[event.runId];
      if (!run) return {};
      const next: DeployRun =
        event.phase === 'log'
          ? { ...run, lines: [...run.lines, event.line ?? ''] }
          : {
              ...run,
              state: event.phase,
              deploymentId: event.deploymentId ?? run.deploymentId,
              error: event.phase === 'failed' ? (event.line ?? run.error) : run.error,
            };
      return { runs: { ...s.runs, [event.runId]: next } };
    });
  },
  openDialog(projectId, runId = null) {
    set({ dialog: { projectId, runId } });
  },
  async showDeployment(projectId, deploymentId) {
    const { deployment: d } = await unwrap(
      api.projects[':projectId'].deployments[':deploymentId'].$get({ param: { projectId, deploymentId } }),
    );
    const runId = `log-${d.id}`;
    const run: DeployRun = {
      runId,
      projectId,
      targetId: d.targetId,
      action: d.rollbackOf ? 'rollback' : 'deploy',
      title: `Deployment of v${d.version} (${d.commit.slice(0, 7)}) to ${d.targetId}`,
      lines: d.logs === '' ? [] : d.logs.split('\n'),
      state: d.status === 'running' ? 'running' : d.status === 'failed' ? 'failed' : 'success',
      deploymentId: d.id,
      error: d.failureReason,
    };
    set((s) => ({ runs: { ...s.runs, [runId]: run }, dialog: { projectId, runId } }));
  },
  closeDialog() {
    set({ dialog: null });
  },
}));
