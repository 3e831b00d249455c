import { findCallCycle, workflowCalls } from '../graph.js';
import { didYouMean } from '../near-miss.js';
import type { LoadedWorkflow, Problem, Project } from '../project-files.js';
import type { Workflow } from '../workflow.js';
import { workflowProblem } from './problem.js';

/** Local calls must name a workflow of this project that ends up in the same app. */
export function localCallsResolve(project: Project, loaded: LoadedWorkflow): Problem[] {
  const { workflow } = loaded;
  const byId = workflowsById(project);
  const problems: Problem[] = [];
  for (const call of workflowCalls(workflow)) {
    if (call.callType !== 'local') continue;
    const at = ['nodes', call.nodeId, 'config', 'targetWorkflowId'];
    const tags = { nodeId: call.nodeId, field: 'targetWorkflowId' };
    const caller = `Node '${call.nodeId}' in workflow '${workflow.name}'`;
    const callee = byId.get(call.to);
    if (!callee) {
      const others = project.workflows.map((w) => w.workflow).filter((w) => w.id !== workflow.id);
      const choices = others.map((w) => `${w.id} (${w.name})`).join(', ');
      const hint = didYouMean(
        call.to,
        others.map((w) => w.id),
      );
      const fix =
        others.length === 0
          ? 'this project has no other workflow to call; create it first'
          : `set targetWorkflowId to one of ${choices}${hint}`;
      problems.push(
        workflowProblem(
          loaded,
          at,
          `${caller} calls workflow '${call.to}', which does not exist: ${fix}`,
          tags,
        ),
      );
      continue;
    }
    if (callee.deploymentTargetId === workflow.deploymentTargetId) continue;
    const viaHttp =
      callee.visibility === 'public'
        ? 'set callType to "http" with its deployed URL'
        : `make '${callee.name}' public and set callType to "http"`;
    problems.push(
      workflowProblem(
        loaded,
        at,
        `${caller} calls '${callee.name}' locally, but '${callee.name}' is on target '${callee.deploymentTargetId}' and '${workflow.name}' is on target '${workflow.deploymentTargetId}': a local call only reaches workflows of the same app. Assign both to one target, or ${viaHttp}`,
        tags,
      ),
    );
  }
  return problems;
}

/** Local calls that come back around would recurse until the depth cap; say which ones. */
export function callsAreAcyclic(project: Project): Problem[] {
  const cycle = findCallCycle(project);
  if (!cycle) return [];
  const byId = new Map(project.workflows.map((w) => [w.workflow.id, w]));
  const names = cycle.map((id) => byId.get(id)!.workflow.name).join(' → ');
  const loaded = byId.get(cycle[0]!)!;
  const call = workflowCalls(loaded.workflow).find((c) => c.callType === 'local' && c.to === cycle[1])!;
  return [
    workflowProblem(
      loaded,
      ['nodes', call.nodeId, 'config', 'targetWorkflowId'],
      `Workflows call each other in a cycle: ${names}. Such calls never finish: remove one of them`,
      { nodeId: call.nodeId, field: 'targetWorkflowId' },
    ),
  ];
}

const indexes = new WeakMap<Project['workflows'], Map<string, Workflow>>();

/** Workflows by id, built once per project: this rule runs per workflow, so a fresh map each time was quadratic. */
function workflowsById(project: Project): Map<string, Workflow> {
  let byId = indexes.get(project.workflows);
  if (!byId) {
    byId = new Map(project.workflows.map((w) => [w.workflow.id, w.workflow]));
    indexes.set(project.workflows, byId);
  }
  return byId;
}
