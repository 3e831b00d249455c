import { didYouMean } from '../near-miss.js';
import type { LoadedWorkflow, Problem, Project } from '../project-files.js';
import { listOf, workflowProblem } from './problem.js';

export function workflowTargetExists(project: Project, loaded: LoadedWorkflow): Problem[] {
  const { workflow } = loaded;
  const targets = Object.keys(project.manifest.deploymentTargets);
  if (targets.includes(workflow.deploymentTargetId)) return [];
  const fix =
    targets.length === 0
      ? 'add a deployment target to catalyst.json first'
      : `set deploymentTargetId to one of ${listOf(targets)}${didYouMean(workflow.deploymentTargetId, targets)}`;
  return [
    workflowProblem(
      loaded,
      ['deploymentTargetId'],
      `Workflow '${workflow.name}' is assigned to target '${workflow.deploymentTargetId}', which does not exist: ${fix}`,
    ),
  ];
}

/** Ids are how calls name workflows, so two files cannot share one. Reported on the later file. */
export function workflowIdsUnique(project: Project): Problem[] {
  const first = new Map<string, LoadedWorkflow>();
  const problems: Problem[] = [];
  for (const loaded of project.workflows) {
    const earlier = first.get(loaded.workflow.id);
    if (!earlier) {
      first.set(loaded.workflow.id, loaded);
      continue;
    }
    problems.push(
      workflowProblem(
        loaded,
        ['id'],
        `Workflow id '${loaded.workflow.id}' is already used by ${earlier.file}: give this workflow its own id`,
      ),
    );
  }
  return problems;
}

/**
 * Names show up side by side in one app (its routes list, health report, logs), so two
 * workflows of one target cannot share one. Equal slugs are fine: the compiler suffixes `_2`.
 */
export function workflowNamesUniquePerTarget(project: Project): Problem[] {
  const first = new Map<string, LoadedWorkflow>();
  const problems: Problem[] = [];
  for (const loaded of project.workflows) {
    const { name, deploymentTargetId } = loaded.workflow;
    const key = JSON.stringify([deploymentTargetId, name]);
    const earlier = first.get(key);
    if (!earlier) {
      first.set(key, loaded);
      continue;
    }
    problems.push(
      workflowProblem(
        loaded,
        ['name'],
        `Workflow name '${name}' is already used by ${earlier.file} on target '${deploymentTargetId}': rename one of them`,
      ),
    );
  }
  return problems;
}
