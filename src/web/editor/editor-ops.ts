import type { Connection } from '@xyflow/react';
import type { NodeDefinition } from '../../model/nodes/definition.js';
import { NODE_DEFINITIONS, type NodeType, nodeDefinition } from '../../model/nodes/registry.js';
import type { CanvasEdge, CanvasNode, NodeData, WorkflowBase } from './canvas-model.js';
import { nextEdgeId, nextNodeId } from './node-ids.js';

/** One undoable state of the editor. */
export interface EditorSnapshot {
  nodes: CanvasNode[];
  edges: CanvasEdge[];
  base: WorkflowBase;
}

/** A new node of `type`: its registry defaults, a name that reads well, an id free in this workflow. */
export function newNode(
  type: NodeType,
  position: { x: number; y: number },
  nodes: readonly CanvasNode[],
): CanvasNode {
  const definition = NODE_DEFINITIONS[type] as NodeDefinition;
  const config: Record<string, unknown> = {};
  for (const field of definition.fields) {
    if (field.default !== undefined) config[field.key] = field.default;
    else if (field.required && field.kind === 'template-map') config[field.key] = {};
  }
  const sameType = nodes.filter((n) => n.data.type === type).length;
  return {
    id: nextNodeId(
      type,
      nodes.map((n) => n.id),
    ),
    type: 'catalyst',
    position: { x: Math.round(position.x), y: Math.round(position.y) },
    data: { type, name: sameType === 0 ? definition.label : `${definition.label} ${sameType + 1}`, config },
    selected: true,
  };
}

export function addNode(state: EditorSnapshot, node: CanvasNode): EditorSnapshot {
  return { ...state, nodes: [...state.nodes.map((n) => (n.selected ? { ...n, selected: false } : n)), node] };
}

/** Removes nodes and edges; edges of a removed node go with it. */
export function removeElements(
  state: EditorSnapshot,
  nodeIds: readonly string[],
  edgeIds: readonly string[],
): EditorSnapshot {
  const nodes = new Set(nodeIds);
  const edges = new Set(edgeIds);
  return {
    ...state,
    nodes: state.nodes.filter((n) => !nodes.has(n.id)),
    edges: state.edges.filter((e) => !edges.has(e.id) && !nodes.has(e.source) && !nodes.has(e.target)),
  };
}

/** Why a connection is refused, or null when it may be made. */
export function connectionProblem(state: EditorSnapshot, c: Connection): string | null {
  if (c.source === c.target) return 'A node cannot feed itself.';
  const exists = state.edges.some(
    (e) =>
      e.source === c.source && e.target === c.target && (e.sourceHandle ?? null) === (c.sourceHandle ?? null),
  );
  return exists ? 'These nodes are already connected.' : null;
}

export function connect(state: EditorSnapshot, c: Connection): EditorSnapshot {
  if (connectionProblem(state, c) !== null) return state;
  const edge: CanvasEdge = {
    id: nextEdgeId(
      c.source,
      c.target,
      state.edges.map((e) => e.id),
    ),
    source: c.source,
    target: c.target,
    ...(c.sourceHandle ? { sourceHandle: c.sourceHandle } : {}),
  };
  return { ...state, edges: [...state.edges, edge] };
}

export function updateNodeData(
  state: EditorSnapshot,
  nodeId: string,
  patch: Partial<NodeData>,
): EditorSnapshot {
  return {
    ...state,
    nodes: state.nodes.map((n) => (n.id === nodeId ? { ...n, data: { ...n.data, ...patch } } : n)),
  };
}

/** Sets one config value; `undefined` removes the key, so the registry default applies. */
export function setConfigValue(
  state: EditorSnapshot,
  nodeId: string,
  key: string,
  value: unknown,
): EditorSnapshot {
  const node = state.nodes.find((n) => n.id === nodeId);
  if (!node) return state;
  const config = { ...node.data.config };
  if (value === undefined) delete config[key];
  else config[key] = value;
  return updateNodeData(state, nodeId, { config });
}

export function nodeLabel(type: string): string {
  return nodeDefinition(type)?.label ?? `Unknown type ${type}`;
}
