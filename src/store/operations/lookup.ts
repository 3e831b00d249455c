import { CatalystError } from '../../errors.js';
import type { DeploymentTarget } from '../../model/project.js';
import type { LoadedWorkflow } from '../../model/project-files.js';
import { slugify } from '../../model/slug.js';
import type { ProjectState } from './session.js';

/** Finds a workflow by id, else by exact name, else by slug — what a user would type. */
export function findWorkflow(state: ProjectState, ref: string): LoadedWorkflow {
  const byId = state.workflows.find((w) => w.workflow.id === ref);
  if (byId) return byId;
  for (const match of [
    (w: LoadedWorkflow) => w.workflow.name === ref,
    (w: LoadedWorkflow) => slugify(w.workflow.name) === slugify(ref),
  ]) {
    const found = state.workflows.filter(match);
    if (found.length === 1) return found[0]!;
    if (found.length > 1) {
      throw new CatalystError(
        'conflict',
        `"${ref}" matches several workflows (${found.map((w) => w.workflow.id).join(', ')}): use the workflow id.`,
      );
    }
  }
  const known = state.workflows.map((w) => w.workflow.name).join(', ') || 'none';
  throw new CatalystError(
    'not_found',
    `No workflow "${ref}" in project ${state.manifest.name} (workflows: ${known}).`,
  );
}

export function findTarget(state: ProjectState, id: string): DeploymentTarget {
  const target = state.manifest.deploymentTargets[id];
  if (!target) throw missingTarget(state, id);
  return target;
}

export function missingTarget(state: ProjectState, id: string): CatalystError {
  const known = Object.keys(state.manifest.deploymentTargets).join(', ') || 'none';
  return new CatalystError(
    'not_found',
    `No deployment target "${id}" in project ${state.manifest.name} (targets: ${known}).`,
    { file: 'catalyst.json', path: '$.deploymentTargets' },
  );
}

/** `a, b and c` for messages. */
export function listWords(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}
