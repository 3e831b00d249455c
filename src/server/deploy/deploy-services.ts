import { deployTarget } from '../../deploy/deploy-target.js';
import type { DeployDeps } from '../../deploy/deploy-workspace.js';
import type { TargetRuntime } from '../../deploy/records/target-state.js';
import { restartTarget } from '../../deploy/restart-target.js';
import { rollbackTo } from '../../deploy/rollback.js';
import { getDeployment, listDeployments, targetRuntimeState } from '../../deploy/runtime-state.js';
import { stopTarget, targetLogs } from '../../deploy/target-control.js';
import { CatalystError } from '../../errors.js';
import type { Workspace } from '../../workspace/workspace.js';
import { type DeploymentView, deploymentView } from './runtime-views.js';

/** How many deployments the detail view lists; older ones stay in the database and the CLI. */
export const HISTORY_LIMIT = 50;

export type LogLine = (line: string) => void;

/** Deploy, roll back, stop and restart from the studio, on the same core the CLI uses. */
export interface DeployServices {
  list(projectId: string, options?: { targetId?: string; limit?: number }): DeploymentView[];
  /** One deployment of the project, undefined when the id is not one of its own. */
  get(projectId: string, deploymentId: string): DeploymentView | undefined;
  /** A deployment with its logs (secret values were scrubbed when they were written); not-found when it is not the project's. */
  withLogs(projectId: string, deploymentId: string): DeploymentView & { logs: string };
  runtime(projectId: string): Record<string, TargetRuntime>;
  /** Ships the target at the committed tree (committing it first when dirty); failures end as `failed`. */
  deploy(projectId: string, targetId: string, onLog: LogLine): Promise<DeploymentView>;
  rollback(projectId: string, deploymentId: string, onLog: LogLine): Promise<DeploymentView>;
  stop(projectId: string, targetId: string, onLog: LogLine): Promise<void>;
  restart(projectId: string, targetId: string, onLog: LogLine): Promise<string>;
  /** The running app's latest log lines (local log file or the platform CLI), secret values masked. */
  logs(projectId: string, targetId: string, lines: number): Promise<string[]>;
}

/**
 * `folderOf` resolves a registered project (throwing the studio's not-found error); `env`
 * is what platform CLIs and local apps see (the studio's own environment by default).
 */
export function createDeployServices(
  workspace: Pick<Workspace, 'home' | 'db' | 'vault'>,
  folderOf: (projectId: string) => string,
  env: NodeJS.ProcessEnv = process.env,
): DeployServices {
  const deps = (onLog?: LogLine): DeployDeps => ({ workspace, env, ...(onLog ? { onLog } : {}) });
  return {
    list(projectId, options = {}) {
      folderOf(projectId);
      return listDeployments(workspace, projectId, { limit: HISTORY_LIMIT, ...options }).map(deploymentView);
    },
    get(projectId, deploymentId) {
      const record = getDeployment(workspace, deploymentId);
      return record === undefined || record.projectId !== projectId ? undefined : deploymentView(record);
    },
    withLogs(projectId, deploymentId) {
      folderOf(projectId);
      const record = getDeployment(workspace, deploymentId);
      if (record === undefined || record.projectId !== projectId) {
        throw new CatalystError(
          'not_found',
          `No deployment ${deploymentId} in this project: list them with \`catalyst deployments\`.`,
        );
      }
      return { ...deploymentView(record), logs: record.logs };
    },
    runtime(projectId) {
      return targetRuntimeState(workspace, projectId);
    },
    async deploy(projectId, targetId, onLog) {
      const record = await deployTarget({ projectDir: folderOf(projectId), targetId }, deps(onLog));
      return deploymentView(record);
    },
    async rollback(projectId, deploymentId, onLog) {
      const record = await rollbackTo({ projectDir: folderOf(projectId), toId: deploymentId }, deps(onLog));
      return deploymentView(record);
    },
    async stop(projectId, targetId, onLog) {
      await stopTarget(folderOf(projectId), targetId, deps(onLog));
    },
    async restart(projectId, targetId, onLog) {
      return restartTarget(folderOf(projectId), targetId, deps(onLog));
    },
    async logs(projectId, targetId, lines) {
      const text = await targetLogs(folderOf(projectId), targetId, deps(), { lines });
      return text === '' ? [] : text.split('\n');
    },
  };
}
