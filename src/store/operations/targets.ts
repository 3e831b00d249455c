import { z } from 'zod';
import { CatalystError } from '../../errors.js';
import { childPath } from '../../model/json-path.js';
import {
  type DeploymentTarget,
  deploymentTargetSchema,
  platformConfigSchema,
  platformSchema,
} from '../../model/project.js';
import { assertVersions, type ExpectedVersions } from '../file-version.js';
import { parseInput } from './input.js';
import { findTarget, listWords } from './lookup.js';
import { saveManifest, withProject } from './session.js';

export type TargetInput = z.input<typeof deploymentTargetSchema>;

export interface TargetChanges {
  name?: string;
  platform?: string;
  /** null removes the URL. */
  url?: string | null;
  /** Merged into the current settings; a key set to null is removed. */
  platformConfig?: Record<string, unknown>;
  /** CORS (DESIGN §12): merged into the current one like platformConfig; null removes CORS. */
  cors?: Record<string, unknown> | null;
}

export async function addTarget(
  dir: string,
  input: TargetInput,
  expected?: ExpectedVersions,
): Promise<DeploymentTarget> {
  return withProject(dir, async (state) => {
    await assertVersions(state, expected);
    const target = parseInput(deploymentTargetSchema, input, 'deployment target');
    if (state.manifest.deploymentTargets[target.id]) {
      throw new CatalystError(
        'conflict',
        `Deployment target "${target.id}" already exists: choose another id.`,
        {
          file: 'catalyst.json',
          path: childPath('$.deploymentTargets', target.id),
        },
      );
    }
    state.manifest.deploymentTargets = { ...state.manifest.deploymentTargets, [target.id]: target };
    await saveManifest(state);
    return state.manifest.deploymentTargets[target.id]!;
  });
}

const changesSchema = z.object({
  name: z.string().optional(),
  platform: platformSchema.optional(),
  url: z.union([z.string(), z.null()]).optional(),
  platformConfig: z.record(z.string(), z.unknown()).optional(),
  cors: z.union([z.record(z.string(), z.unknown()), z.null()]).optional(),
});

export async function updateTarget(
  dir: string,
  id: string,
  changes: TargetChanges,
  expected?: ExpectedVersions,
): Promise<DeploymentTarget> {
  return withProject(dir, async (state) => {
    await assertVersions(state, expected);
    const current = findTarget(state, id);
    const patch = parseInput(changesSchema, changes, `changes to target ${id}`);
    const next: Record<string, unknown> = { ...current };
    if (patch.name !== undefined) next['name'] = patch.name;
    if (patch.platform !== undefined) next['platform'] = patch.platform;
    if (patch.url === null) delete next['url'];
    else if (patch.url !== undefined) next['url'] = patch.url;
    if (patch.platformConfig) {
      const config: Record<string, unknown> = { ...current.platformConfig };
      for (const [key, value] of Object.entries(patch.platformConfig)) {
        if (value === null) delete config[key];
        else config[key] = value;
      }
      next['platformConfig'] = parseInput(platformConfigSchema, config, `platform settings of target ${id}`);
    }
    if (patch.cors === null) delete next['cors'];
    else if (patch.cors) {
      const cors: Record<string, unknown> = { ...current.cors };
      for (const [key, value] of Object.entries(patch.cors)) {
        if (value === null) delete cors[key];
        else cors[key] = value;
      }
      next['cors'] = cors;
    }
    const target = parseInput(deploymentTargetSchema, next, `target ${id}`);
    state.manifest.deploymentTargets = { ...state.manifest.deploymentTargets, [id]: target };
    await saveManifest(state);
    return state.manifest.deploymentTargets[id]!;
  });
}

/** Refused while workflows are assigned to the target: they would point at nothing. */
export async function removeTarget(
  dir: string,
  id: string,
  expected?: ExpectedVersions,
): Promise<DeploymentTarget> {
  return withProject(dir, async (state) => {
    await assertVersions(state, expected);
    const target = findTarget(state, id);
    const assigned = state.workflows
      .filter((w) => w.workflow.deploymentTargetId === id)
      .map((w) => w.workflow.name);
    if (assigned.length > 0) {
      throw new CatalystError(
        'in_use',
        `Cannot remove target ${id}: ${assigned.length === 1 ? 'workflow' : 'workflows'} ${listWords(assigned)} ${assigned.length === 1 ? 'is' : 'are'} assigned to it. Assign ${assigned.length === 1 ? 'it' : 'them'} to another target first (\`catalyst workflow set NAME --target OTHER\`).`,
        { file: 'catalyst.json', path: childPath('$.deploymentTargets', id) },
      );
    }
    const { [id]: _removed, ...rest } = state.manifest.deploymentTargets;
    state.manifest.deploymentTargets = rest;
    await saveManifest(state);
    return target;
  });
}
