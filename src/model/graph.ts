import type { Project } from './project-files.js';
import type { Workflow } from './workflow.js';

/**
 * Graph questions about workflows (edges between nodes) and projects (calls between
 * workflows). Pure and total: edges to nodes that do not exist are ignored here — validation
 * reports them — so every function answers for any workflow.
 */

/** Kahn's algorithm; among ready nodes the smallest id goes first, so the order is stable. */
export function topologicalOrder(workflow: Workflow): { order: string[] } | { cycle: string[] } {
  const ids = Object.keys(workflow.nodes).sort();
  const children = childMap(workflow);
  const inDegree = new Map(ids.map((id) => [id, 0]));
  for (const targets of children.values()) {
    for (const target of targets) inDegree.set(target, inDegree.get(target)! + 1);
  }
  const ready = ids.filter((id) => inDegree.get(id) === 0);
  const order: string[] = [];
  while (ready.length > 0) {
    const id = ready.shift()!;
    order.push(id);
    for (const child of children.get(id) ?? []) {
      const left = inDegree.get(child)! - 1;
      inDegree.set(child, left);
      if (left === 0) insertSorted(ready, child);
    }
  }
  if (order.length === ids.length) return { order };
  const stuck = new Set(ids.filter((id) => inDegree.get(id)! > 0));
  return { cycle: findCycle(stuck, (id) => children.get(id) ?? []) };
}

/** Ids of the nodes with an edge into `nodeId`, each once, sorted. */
export function parentsOf(workflow: Workflow, nodeId: string): string[] {
  const parents = workflow.edges
    .filter((e) => e.target === nodeId && Object.hasOwn(workflow.nodes, e.source))
    .map((e) => e.source);
  return [...new Set(parents)].sort();
}

/** Ids of the nodes with an edge from `nodeId`, each once, sorted. */
export function childrenOf(workflow: Workflow, nodeId: string): string[] {
  return [...(childMap(workflow).get(nodeId) ?? [])];
}

/** Every node from which `nodeId` can be reached — the nodes that may have run before it. */
export function ancestorsOf(
  workflow: Workflow,
  nodeId: string,
  parents: ReadonlyMap<string, readonly string[]> = parentMap(workflow),
): Set<string> {
  const seen = new Set<string>();
  const stack = [nodeId];
  while (stack.length > 0) {
    for (const parent of parents.get(stack.pop()!) ?? []) {
      if (!seen.has(parent)) {
        seen.add(parent);
        stack.push(parent);
      }
    }
  }
  return seen;
}

/** Each node's parents, over edges whose ends both exist; build once to ask `ancestorsOf` many times. */
export function parentMap(workflow: Workflow): Map<string, string[]> {
  const parents = new Map<string, string[]>();
  for (const edge of workflow.edges) {
    if (!Object.hasOwn(workflow.nodes, edge.source) || !Object.hasOwn(workflow.nodes, edge.target)) continue;
    const list = parents.get(edge.target);
    if (list) list.push(edge.source);
    else parents.set(edge.target, [edge.source]);
  }
  return parents;
}

export interface CallEdge {
  /** Calling workflow's id. */
  from: string;
  /** Called workflow's id (`targetWorkflowId`), whether or not it exists. */
  to: string;
  /** The workflowCall node making the call. */
  nodeId: string;
  callType: 'local' | 'http';
}

/** A call one workflow makes: its workflowCall node, the workflow it names and how. */
export type WorkflowCall = Omit<CallEdge, 'from'>;

/**
 * The calls of each workflow object, remembered: workflows parsed from an unchanged file are
 * the same objects from one load to the next (src/build/load-memo.ts), and nothing changes a
 * workflow after parsing, so the rules and the planner that ask about every workflow's calls
 * on each check walk only the changed workflows' nodes.
 */
const callsOf = new WeakMap<Workflow, readonly WorkflowCall[]>();

/** The workflowCall nodes of one workflow that name a `targetWorkflowId`, in node order. */
export function workflowCalls(workflow: Workflow): readonly WorkflowCall[] {
  const known = callsOf.get(workflow);
  if (known) return known;
  const calls: WorkflowCall[] = [];
  for (const [nodeId, node] of Object.entries(workflow.nodes)) {
    if (node.type !== 'workflowCall') continue;
    const { targetWorkflowId, callType } = node.config;
    if (typeof targetWorkflowId !== 'string' || targetWorkflowId === '') continue;
    calls.push({ to: targetWorkflowId, nodeId, callType: callType === 'http' ? 'http' : 'local' });
  }
  callsOf.set(workflow, calls);
  return calls;
}

/** Calls made by workflowCall nodes that name a `targetWorkflowId`, in file and node order. */
export function callEdges(project: Project): CallEdge[] {
  const edges: CallEdge[] = [];
  for (const { workflow } of project.workflows) {
    for (const call of workflowCalls(workflow)) edges.push({ from: workflow.id, ...call });
  }
  return edges;
}

/**
 * A cycle of local calls, as workflow ids with the first repeated at the end (`[a, b, a]`),
 * starting at the smallest id in it; undefined when local calls form no cycle. HTTP calls
 * leave the app, so they cannot deadlock it and are not followed.
 */
export function findCallCycle(project: Project): string[] | undefined {
  const known = new Set(project.workflows.map((w) => w.workflow.id));
  const callees = new Map<string, Set<string>>();
  for (const edge of callEdges(project)) {
    if (edge.callType !== 'local' || !known.has(edge.to)) continue;
    if (!callees.has(edge.from)) callees.set(edge.from, new Set());
    callees.get(edge.from)!.add(edge.to);
  }
  const cycle = findCycle(known, (id) => [...(callees.get(id) ?? [])].sort());
  return cycle.length === 0 ? undefined : [...cycle, cycle[0]!];
}

/** Sorted, de-duplicated children of each node, over edges whose ends both exist. */
function childMap(workflow: Workflow): Map<string, string[]> {
  const map = new Map<string, Set<string>>();
  for (const edge of workflow.edges) {
    if (!Object.hasOwn(workflow.nodes, edge.source) || !Object.hasOwn(workflow.nodes, edge.target)) continue;
    if (!map.has(edge.source)) map.set(edge.source, new Set());
    map.get(edge.source)!.add(edge.target);
  }
  return new Map([...map].map(([id, targets]) => [id, [...targets].sort()]));
}

/**
 * One cycle among `within` (without the repeat at the end), rotated to start at its
 * smallest id; empty when there is none. Depth-first from each id in sorted order.
 */
function findCycle(within: ReadonlySet<string>, next: (id: string) => readonly string[]): string[] {
  const done = new Set<string>();
  for (const start of [...within].sort()) {
    if (done.has(start)) continue;
    const path: string[] = [];
    const onPath = new Set<string>();
    const cycle = visit(start);
    if (cycle) return rotateToSmallest(cycle);

    function visit(id: string): string[] | undefined {
      path.push(id);
      onPath.add(id);
      for (const child of next(id)) {
        if (!within.has(child) || done.has(child)) continue;
        if (onPath.has(child)) return path.slice(path.indexOf(child));
        const found = visit(child);
        if (found) return found;
      }
      path.pop();
      onPath.delete(id);
      done.add(id);
      return undefined;
    }
  }
  return [];
}

function rotateToSmallest(cycle: string[]): string[] {
  const smallest = [...cycle].sort()[0]!;
  const at = cycle.indexOf(smallest);
  return [...cycle.slice(at), ...cycle.slice(0, at)];
}

function insertSorted(list: string[], id: string): void {
  const at = list.findIndex((other) => other > id);
  if (at === -1) list.push(id);
  else list.splice(at, 0, id);
}
