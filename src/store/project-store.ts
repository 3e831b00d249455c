/**
 * Every change a user can make to a project folder — the operations the CLI and the
 * studio's HTTP API both call. Each is a plain async function of a project folder (and the
 * workspace, for secrets) that validates its input with the model's schemas, writes
 * atomically, bumps `updatedAt` and returns the updated data. Refusals are CatalystErrors.
 * Nothing here commits on its own: `commitAll` does, when a caller (deploy) asks.
 */
export { commitAll } from './operations/commit.js';
export { describeProject, type ProjectDescription, type WorkflowSummary } from './operations/describe.js';
export { deleteEnvVar, setEnvVar } from './operations/env-vars.js';
export {
  type CreatedProject,
  type CreateProjectInput,
  type CreateProjectOptions,
  createProject,
  type DeletedProject,
  deleteProject,
  type ProjectChanges,
  registerProject,
  updateProject,
} from './operations/projects.js';
export {
  addSecret,
  deleteSecret,
  listSecrets,
  revealSecret,
  type SecretInput,
  type SecretListing,
  setSecret,
  updateSecret,
} from './operations/secrets.js';
export { loadState, type ProjectState } from './operations/session.js';
export {
  addSharedFunction,
  deleteSharedFunction,
  type SharedFunctionChanges,
  type SharedFunctionInput,
  type SharedFunctionUse,
  sharedFunctionUses,
  updateSharedFunction,
} from './operations/shared-functions.js';
export {
  addTarget,
  removeTarget,
  type TargetChanges,
  type TargetInput,
  updateTarget,
} from './operations/targets.js';
export {
  assignWorkflowToTarget,
  createWorkflow,
  deleteWorkflow,
  renameWorkflow,
  setWorkflowEndpoint,
  setWorkflowVisibility,
  updateWorkflow,
  type WorkflowChanges,
  type WorkflowInput,
} from './operations/workflows.js';
