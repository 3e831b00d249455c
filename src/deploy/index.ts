/**
 * What the CLI and the studio use of deploy: ship a target, roll back, stop a local app,
 * read history and runtime state, and the project's git state.
 */

export { type DeployRequest, deployTarget } from './deploy-target.js';
export type { DeployDeps, DeployWorkspace } from './deploy-workspace.js';
export type { DeployContext, Deployer, DeployResult, TargetContext, TargetStatus } from './deployer.js';
export { type ProjectGitInfo, projectGitInfo, pushProject } from './git-info.js';
export { autoCommitMessage } from './prepare-commit.js';
export {
  DEPLOYMENT_STATUSES,
  type DeploymentRecord,
  type DeploymentStatus,
  deploymentRecordSchema,
} from './records/deployments.js';
export { TARGET_STATUSES, type TargetRuntime, type TargetRuntimeStatus } from './records/target-state.js';
export { type RollbackRequest, rollbackTo } from './rollback.js';
export { getDeployment, listDeployments, targetRuntimeState } from './runtime-state.js';
export { stopTarget, targetLogs, targetStatus } from './target-control.js';
