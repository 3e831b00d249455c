import { type DeployWorkspace, deployRecords } from './deploy-workspace.js';
import { isAppAlive } from './local/python-process.js';
import type { DeploymentRecord } from './records/deployments.js';
import type { TargetRuntime } from './records/target-state.js';

/**
 * Runtime state of every target of a project that has ever been deployed, by target id —
 * what the studio merges into catalyst.json's targets (`status`, `lastDeployedAt`,
 * `deployedVersion`, `url`). A local app whose process died without `catalyst stop` shows `error`.
 */
export function targetRuntimeState(
  workspace: DeployWorkspace,
  projectId: string,
): Record<string, TargetRuntime> {
  const { states, processes } = deployRecords(workspace);
  reapInterrupted(workspace, projectId);
  const out: Record<string, TargetRuntime> = {};
  for (const state of states.list(projectId)) {
    const local = processes.get(projectId, state.targetId);
    const died = local !== undefined && local.kind === 'process' && !isAppAlive(local.pid);
    // Only `catalyst stop` makes a target `stopped`. A local app whose process died on its
    // own crashed: `error`, so the health monitor keeps probing it and reports it down.
    out[state.targetId] = died && state.status === 'deployed' ? { ...state, status: 'error' } : state;
  }
  return out;
}

/** Deployment history of a project, newest first (optionally one target's). */
export function listDeployments(
  workspace: DeployWorkspace,
  projectId: string,
  options: { targetId?: string; limit?: number } = {},
): DeploymentRecord[] {
  reapInterrupted(workspace, projectId);
  return deployRecords(workspace).deployments.list(projectId, options);
}

export function getDeployment(workspace: DeployWorkspace, id: string): DeploymentRecord | undefined {
  return deployRecords(workspace).deployments.get(id);
}

/** Deployments whose process died show as failed, and their targets as `error`, not `deploying` forever. */
function reapInterrupted(workspace: DeployWorkspace, projectId: string): void {
  const { deployments, states } = deployRecords(workspace);
  for (const targetId of deployments.reapInterrupted(projectId)) states.interrupted(projectId, targetId);
}

/**
 * Projects with any runtime state: a target ever deployed, or a deployment still running.
 * For every other project {@link targetRuntimeState} is empty, so a list of 1,000 projects
 * (the studio dashboard) asks only for these instead of running its queries 1,000 times.
 */
export function projectsWithRuntime(workspace: DeployWorkspace): Set<string> {
  deployRecords(workspace);
  const rows = workspace.db
    .prepare(
      `SELECT project_id FROM deploy_target_state
       UNION SELECT project_id FROM deployments WHERE status = 'running'`,
    )
    .all() as Array<{ project_id: string }>;
  return new Set(rows.map((r) => r.project_id));
}
