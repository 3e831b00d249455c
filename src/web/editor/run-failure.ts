import type { Workflow } from '../../model/workflow.js';

export interface RunFailure {
  error: string;
  /** Names, as the app's 500 body gives them. */
  workflow: string | null;
  node: string | null;
}

/**
 * The canvas nodes to mark for a failed run. The app names the workflow and node (by name)
 * that failed; a failure inside a locally called workflow passes up unchanged, so here it is
 * the call node(s) that lead to that workflow that are marked.
 */
export function failedNodeIds(
  workflow: Workflow,
  failure: RunFailure,
  workflowsById: ReadonlyMap<string, { name: string }>,
): string[] {
  const nodes = Object.values(workflow.nodes);
  if (failure.workflow === null || failure.workflow === workflow.name) {
    return failure.node === null ? [] : nodes.filter((n) => n.name === failure.node).map((n) => n.id);
  }
  return nodes
    .filter(
      (n) =>
        n.type === 'workflowCall' &&
        n.config['callType'] !== 'http' &&
        workflowsById.get(String(n.config['targetWorkflowId']))?.name === failure.workflow,
    )
    .map((n) => n.id);
}
