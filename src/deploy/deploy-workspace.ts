import type { Workspace } from '../workspace/workspace.js';
import { DeploymentRecords } from './records/deployments.js';
import { SqliteLocalProcessStore } from './records/local-apps.js';
import { TargetStates } from './records/target-state.js';

/** The parts of the workspace deploy uses. */
export type DeployWorkspace = Pick<Workspace, 'home' | 'db' | 'vault'>;

/** Options every deploy entry point takes. */
export interface DeployDeps {
  workspace: DeployWorkspace;
  /** Environment for platform CLIs and local apps (its PATH picks the CLI); defaults to process.env. */
  env?: NodeJS.ProcessEnv;
  /** Progress and CLI output, line by line, secret values scrubbed. */
  onLog?: (line: string) => void;
}

/** The deploy tables of a workspace (opened with `DEPLOY_MIGRATIONS` among its features). */
export function deployRecords(workspace: DeployWorkspace) {
  return {
    deployments: new DeploymentRecords(workspace.db),
    states: new TargetStates(workspace.db),
    processes: new SqliteLocalProcessStore(workspace.db),
  };
}
