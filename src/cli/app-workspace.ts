import { DEPLOY_MIGRATIONS } from '../deploy/records/schema.js';
import { DRAFT_MIGRATIONS } from '../draft/history.js';
import { MONITOR_MIGRATIONS } from '../monitor/db/schema.js';
import { RUN_MIGRATIONS } from '../server/run/run-history.js';
import type { Migration } from '../workspace/migrations.js';
import { openWorkspace, type Workspace, type WorkspaceOptions } from '../workspace/workspace.js';

/**
 * The features that keep tables in the workspace database, composed here at the edge: the
 * workspace imports neither deploy nor the monitor, it runs the migrations it is given (in id
 * order, whatever the order here). A new feature with tables adds its list.
 */
export const FEATURE_MIGRATIONS: readonly (readonly Migration[])[] = [
  DEPLOY_MIGRATIONS,
  MONITOR_MIGRATIONS,
  DRAFT_MIGRATIONS,
  RUN_MIGRATIONS,
];

/** The workspace as the app uses it: every feature's tables migrated. */
export function openAppWorkspace(options: Omit<WorkspaceOptions, 'features'> = {}): Workspace {
  return openWorkspace({ ...options, features: FEATURE_MIGRATIONS });
}
