import type { Connection } from '@xyflow/react';
import type { NodeDefinition } from '../../model/nodes/definition.js';
import { NODE_DEFINITIONS, type NodeType, nodeDefinition } from '../../model/nodes/registry.js';
import {
  type CanvasEdge,
  type CanvasNode,
  DEFAULT_NODE_SIZE,
  type NodeData,
  nodeBox,
  type WorkflowBase,
} from './canvas-model.js';
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

/** The room kept between a placed node and its neighbours. */
const PLACE_GAP = 24;

/**
 * Where a node added at `at` (its top-left) goes so that it covers no other node: there when
 * that spot is free, else straight below the nodes in its way, each time under the one it
 * would overlap — so a node added from the palette in the middle of the view lands next to a
 * row of nodes, never on top of one.
 */
export function freeSpot(
  at: { x: number; y: number },
  nodes: readonly CanvasNode[],
): { x: number; y: number } {
  const boxes = nodes.map(nodeBox);
  const { width, height } = DEFAULT_NODE_SIZE;
  let y = at.y;
  for (;;) {
    const hit = boxes.find(
      (b) =>
        at.x < b.x + b.width + PLACE_GAP &&
        at.x + width + PLACE_GAP > b.x &&
        y < b.y + b.height + PLACE_GAP &&
        y + height + PLACE_GAP > b.y,
    );
    if (!hit) return { x: at.x, y };
    y = hit.y + hit.height + PLACE_GAP; // strictly lower each time: ends below the lowest node
  }
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
