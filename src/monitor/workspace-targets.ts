import { targetRuntimeState } from '../deploy/runtime-state.js';
import type { Workspace } from '../workspace/workspace.js';
import type { MonitoredTarget, TargetSource } from './types.js';

export interface ProjectRef {
  id: string;
  name: string;
}

/**
 * The deployed targets of a workspace, as the monitor sees them: every registered
 * project (plus any `extra` ones, such as the project folder `catalyst status` runs in),
 * each target the deploy records give a URL. Targets recorded as `stopped` (stopped by
 * the user, or a local app whose process is gone) are left out: nothing is meant to
 * answer there.
 */
export function workspaceTargetSource(
  workspace: Pick<Workspace, 'home' | 'db' | 'vault' | 'registry'>,
  extra: readonly ProjectRef[] = [],
): TargetSource {
  return () => {
    const projects = new Map<string, string>();
    for (const p of workspace.registry.list()) projects.set(p.id, p.name);
    for (const p of extra) if (!projects.has(p.id)) projects.set(p.id, p.name);
    const targets: MonitoredTarget[] = [];
    for (const [projectId, projectName] of projects) {
      for (const [targetId, state] of Object.entries(targetRuntimeState(workspace, projectId))) {
        if (!state.url || state.status === 'stopped') continue;
        targets.push({ projectId, targetId, url: state.url, projectName });
      }
    }
    return targets;
  };
}
