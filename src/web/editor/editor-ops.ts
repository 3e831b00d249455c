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

/** What Copy keeps: the selected nodes and the edges between them (deep copies). */
export interface Clipboard {
  nodes: CanvasNode[];
  edges: CanvasEdge[];
}

/** The selected nodes with their inner edges; null when nothing is selected. */
export function copySelection(state: EditorSnapshot): Clipboard | null {
  const picked = state.nodes.filter((n) => n.selected);
  if (picked.length === 0) return null;
  const ids = new Set(picked.map((n) => n.id));
  return structuredClone({
    nodes: picked.map(
      (n): CanvasNode => ({ id: n.id, type: n.type, position: { ...n.position }, data: n.data }),
    ),
    edges: state.edges
      .filter((e) => ids.has(e.source) && ids.has(e.target))
      .map(
        (e): CanvasEdge => ({
          id: e.id,
          source: e.source,
          target: e.target,
          ...(e.sourceHandle ? { sourceHandle: e.sourceHandle } : {}),
          ...(e.targetHandle ? { targetHandle: e.targetHandle } : {}),
        }),
      ),
  });
}

/**
 * Adds a copy of `clip` moved by `offset`: every node gets a new id free in this workflow, the
 * inner edges are remapped to the new ids; the pasted nodes become the selection.
 */
export function pasteClipboard(
  state: EditorSnapshot,
  clip: Clipboard,
  offset = { x: 40, y: 40 },
): EditorSnapshot {
  const taken = state.nodes.map((n) => n.id);
  const renamed = new Map<string, string>();
  const pasted = clip.nodes.map((n): CanvasNode => {
    const id = nextNodeId(n.data.type, taken);
    taken.push(id);
    renamed.set(n.id, id);
    return {
      ...structuredClone(n),
      id,
      position: { x: Math.round(n.position.x + offset.x), y: Math.round(n.position.y + offset.y) },
      selected: true,
    };
  });
  const edgeIds = state.edges.map((e) => e.id);
  const edges = clip.edges.flatMap((e): CanvasEdge[] => {
    const source = renamed.get(e.source);
    const target = renamed.get(e.target);
    if (!source || !target) return [];
    const id = nextEdgeId(source, target, edgeIds);
    edgeIds.push(id);
    return [{ ...e, id, source, target }];
  });
  return {
    ...state,
    nodes: [...state.nodes.map((n) => (n.selected ? { ...n, selected: false } : n)), ...pasted],
    edges: [...state.edges.map((e) => (e.selected ? { ...e, selected: false } : e)), ...edges],
  };
}
