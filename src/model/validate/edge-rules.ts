import { topologicalOrder } from '../graph.js';
import { nodeDefinition } from '../nodes/registry.js';
import type { LoadedWorkflow, Problem, Project } from '../project-files.js';
import { workflowProblem } from './problem.js';

export function edgeEndsExist(_project: Project, loaded: LoadedWorkflow): Problem[] {
  const { workflow } = loaded;
  const problems: Problem[] = [];
  workflow.edges.forEach((edge, index) => {
    for (const end of ['source', 'target'] as const) {
      const nodeId = edge[end];
      if (Object.hasOwn(workflow.nodes, nodeId)) continue;
      const verb = end === 'source' ? 'starts at' : 'ends at';
      problems.push(
        workflowProblem(
          loaded,
          ['edges', index, end],
          `Edge '${edge.id}' in workflow '${workflow.name}' ${verb} node '${nodeId}', which does not exist: connect it to an existing node or remove the edge`,
        ),
      );
    }
  });
  return problems;
}

export function edgeIdsUnique(_project: Project, loaded: LoadedWorkflow): Problem[] {
  const { workflow } = loaded;
  const first = new Map<string, number>();
  const problems: Problem[] = [];
  workflow.edges.forEach((edge, index) => {
    const earlier = first.get(edge.id);
    if (earlier === undefined) {
      first.set(edge.id, index);
      return;
    }
    problems.push(
      workflowProblem(
        loaded,
        ['edges', index, 'id'],
        `Edge id '${edge.id}' in workflow '${workflow.name}' is also used by $.edges[${earlier}]: give each edge its own id`,
      ),
    );
  });
  return problems;
}

/**
 * A node with several outputs (a condition: `true`/`false`) needs every edge to say which one
 * it leaves from; a node with one output needs no handle, and a handle it does not have
 * would silently never fire.
 */
export function edgeHandlesMatchOutputs(_project: Project, loaded: LoadedWorkflow): Problem[] {
  const { workflow } = loaded;
  const problems: Problem[] = [];
  workflow.edges.forEach((edge, index) => {
    const source = workflow.nodes[edge.source];
    const definition = source && nodeDefinition(source.type);
    if (!source || !definition) return;
    const outputs = definition.outputs;
    const choices = outputs.map((o) => `"${o}"`).join(' or ');
    const leaves = `Edge '${edge.id}' leaves ${source.type} node '${edge.source}' in workflow '${workflow.name}'`;
    if (edge.sourceHandle === undefined) {
      if (outputs.length > 1) {
        problems.push(
          workflowProblem(
            loaded,
            ['edges', index],
            `${leaves} without a sourceHandle: set sourceHandle to ${choices}`,
            {
              nodeId: edge.source,
            },
          ),
        );
      }
      return;
    }
    if (outputs.includes(edge.sourceHandle)) return;
    const fix = outputs.length > 1 ? `use ${choices}` : 'remove sourceHandle';
    problems.push(
      workflowProblem(
        loaded,
        ['edges', index, 'sourceHandle'],
        `${leaves} from handle '${edge.sourceHandle}', which it does not have: ${fix}`,
        { nodeId: edge.source },
      ),
    );
  });
  return problems;
}

export function workflowIsAcyclic(_project: Project, loaded: LoadedWorkflow): Problem[] {
  const { workflow } = loaded;
  const result = topologicalOrder(workflow);
  if ('order' in result) return [];
  const { cycle } = result;
  const closing = workflow.edges.findIndex((e) => e.source === cycle.at(-1) && e.target === cycle[0]);
  const shown = [...cycle, cycle[0]!].join(' → ');
  // Every edge along the cycle, so the studio can show the loop (not only the closing edge).
  const edgeIds = cycle.flatMap((from, i) => {
    const to = cycle[(i + 1) % cycle.length];
    const edge = workflow.edges.find((e) => e.source === from && e.target === to);
    return edge ? [edge.id] : [];
  });
  return [
    workflowProblem(
      loaded,
      closing === -1 ? ['edges'] : ['edges', closing],
      `Workflow '${workflow.name}' has a cycle: ${shown}. Remove one of these edges so every node runs after the nodes it needs`,
      { nodeId: cycle[0]!, edgeIds },
    ),
  ];
}
