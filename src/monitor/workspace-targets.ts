import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { deployRecords } from '../deploy/deploy-workspace.js';
import { targetRuntimeState } from '../deploy/runtime-state.js';
import { projectManifestSchema } from '../model/project.js';
import type { Workspace } from '../workspace/workspace.js';
import type { MonitoredTarget, TargetSource } from './types.js';

/**
 * The deployed targets of a workspace, as the monitor sees them: for every registered
 * project (plus `extraDirs`, such as the folder `catalyst status` runs in), each target
 * with a URL — the one its last deploy recorded, else the `url` set in catalyst.json
 * (a target deployed outside Catalyst). Targets the user stopped come with `stopped`:
 * listed as stopped, never probed (nothing is meant to answer there). A local app that
 * crashed is not stopped, so it is probed and shows as down. A project folder that cannot
 * be read still contributes its deploy records.
 */
export function workspaceTargetSource(
  workspace: Pick<Workspace, 'home' | 'db' | 'vault' | 'registry'>,
  extraDirs: readonly string[] = [],
): TargetSource {
  return async () => {
    const projects = new Map<string, { name: string; dir: string | null }>();
    for (const p of workspace.registry.list()) projects.set(p.id, { name: p.name, dir: p.path });
    const manifests = new Map<string, Awaited<ReturnType<typeof readManifest>>>();
    for (const dir of [
      ...new Set([...workspace.registry.list().map((p) => p.path), ...extraDirs.map((d) => resolve(d))]),
    ]) {
      const manifest = await readManifest(dir);
      if (!manifest) continue;
      manifests.set(manifest.id, manifest);
      if (!projects.has(manifest.id)) projects.set(manifest.id, { name: manifest.name, dir });
    }

    const targets: MonitoredTarget[] = [];
    for (const [projectId, project] of projects) {
      const runtime = targetRuntimeState(workspace, projectId);
      const declared = manifests.get(projectId)?.deploymentTargets ?? {};
      const ids = new Set([...Object.keys(runtime), ...Object.keys(declared)]);
      for (const targetId of [...ids].sort()) {
        const state = runtime[targetId];
        const url = state?.url ?? declared[targetId]?.url;
        if (!url) continue;
        const targetName = declared[targetId]?.name;
        targets.push({
          projectId,
          targetId,
          url,
          projectName: project.name,
          ...(targetName ? { targetName } : {}),
          ...(state?.status === 'stopped' ? { stopped: true } : {}),
        });
      }
    }
    return targets;
  };
}

/**
 * Whether the user stopped a target, from its deploy record: one indexed read, asked by
 * the monitor before each probe (`HealthMonitorOptions.isStopped`).
 */
export function workspaceStopCheck(
  workspace: Pick<Workspace, 'home' | 'db' | 'vault'>,
): (target: { projectId: string; targetId: string }) => boolean {
  const { states } = deployRecords(workspace);
  return ({ projectId, targetId }) => states.get(projectId, targetId)?.status === 'stopped';
}

async function readManifest(dir: string) {
  try {
    const parsed = projectManifestSchema.safeParse(
      JSON.parse(await readFile(join(dir, 'catalyst.json'), 'utf8')),
    );
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
