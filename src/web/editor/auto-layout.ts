import dagre from '@dagrejs/dagre';
import { type CanvasEdge, type CanvasNode, nodeBox } from './canvas-model.js';
import type { EditorSnapshot } from './editor-ops.js';

/**
 * "Tidy up": lays the graph out left to right with dagre (rank gap 120, node gap 60) and returns
 * the new top-left position of every node, rounded. Sizes are the measured ones when known.
 */
export function layoutPositions(
  nodes: readonly CanvasNode[],
  edges: readonly CanvasEdge[],
): Map<string, { x: number; y: number }> {
  const g = new dagre.graphlib.Graph();
  g.setGraph({ rankdir: 'LR', ranksep: 120, nodesep: 60, marginx: 0, marginy: 0 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const n of nodes) {
    const { width, height } = nodeBox(n);
    g.setNode(n.id, { width, height });
  }
  for (const e of edges) if (g.hasNode(e.source) && g.hasNode(e.target)) g.setEdge(e.source, e.target);
  dagre.layout(g);
  const out = new Map<string, { x: number; y: number }>();
  for (const n of nodes) {
    const p = g.node(n.id);
    out.set(n.id, { x: Math.round(p.x - p.width / 2), y: Math.round(p.y - p.height / 2) });
  }
  return out;
}

/** The editor change behind the Tidy up button: every node moved to its laid-out place. */
export function tidyUp(state: EditorSnapshot): EditorSnapshot {
  const at = layoutPositions(state.nodes, state.edges);
  return { ...state, nodes: state.nodes.map((n) => ({ ...n, position: at.get(n.id) ?? n.position })) };
}
