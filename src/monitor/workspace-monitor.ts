import type { Workspace } from '../workspace/workspace.js';
import { HealthMonitor, type HealthMonitorOptions } from './monitor.js';
import { workspaceStopCheck, workspaceTargetSource } from './workspace-targets.js';

/**
 * The monitor the studio runs from launch to shutdown: every deployed target of the
 * workspace, settings from the workspace database.
 *
 *   const monitor = createWorkspaceMonitor(workspace);
 *   monitor.on('status-change', (change) => bus.publish(...));
 *   await monitor.start();   // on launch
 *   await monitor.stop();    // on shutdown, before the database closes
 */
export function createWorkspaceMonitor(
  workspace: Pick<Workspace, 'home' | 'db' | 'vault' | 'registry'>,
  options: Omit<HealthMonitorOptions, 'db' | 'targets'> = {},
): HealthMonitor {
  return new HealthMonitor({
    ...options,
    db: workspace.db,
    targets: workspaceTargetSource(workspace),
    isStopped: workspaceStopCheck(workspace),
  });
}
