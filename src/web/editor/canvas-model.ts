import type { Edge as FlowEdge, Node as FlowNode } from '@xyflow/react';
import type { Edge, Workflow, WorkflowNode } from '../../model/workflow.js';

/** What a canvas node carries: the model node minus what React Flow already holds (id, position). */
export interface NodeData extends Record<string, unknown> {
  type: string;
  name: string;
  description?: string;
  config: Record<string, unknown>;
}

export type CanvasNode = FlowNode<NodeData, 'catalyst'>;
export type CanvasEdge = FlowEdge;

/** The workflow's own settings: everything but its nodes and edges. */
export type WorkflowBase = Omit<Workflow, 'nodes' | 'edges'>;

export function baseOf(workflow: Workflow): WorkflowBase {
  const { nodes: _nodes, edges: _edges, ...base } = workflow;
  return base;
}

/** Model → canvas. Node order follows the file's key order, so reopening shows the same stacking. */
export function toCanvas(workflow: Workflow): {
  nodes: CanvasNode[];
  edges: CanvasEdge[];
  base: WorkflowBase;
} {
  const nodes = Object.values(workflow.nodes).map(
    (node): CanvasNode => ({
      id: node.id,
      type: 'catalyst',
      position: { x: node.position.x, y: node.position.y },
      data: {
        type: node.type,
        name: node.name,
        ...(node.description === undefined ? {} : { description: node.description }),
        config: node.config,
      },
    }),
  );
  const edges = workflow.edges.map(
    (edge): CanvasEdge => ({
      id: edge.id,
      source: edge.source,
      target: edge.target,
      ...(edge.sourceHandle === undefined ? {} : { sourceHandle: edge.sourceHandle }),
      ...(edge.targetHandle === undefined ? {} : { targetHandle: edge.targetHandle }),
    }),
  );
  return { nodes, edges, base: baseOf(workflow) };
}

/**
 * Canvas → model: only what the workflow file holds. Positions are rounded so a drag
 * changes two small integers in the file, and React Flow's own state (selection,
 * measurements, styling) never reaches disk.
 */
export function fromCanvas(
  nodes: readonly CanvasNode[],
  edges: readonly CanvasEdge[],
  base: WorkflowBase,
): Workflow {
  const modelNodes: Record<string, WorkflowNode> = {};
  for (const n of nodes) {
    modelNodes[n.id] = {
      id: n.id,
      type: n.data.type,
      name: n.data.name,
      ...(n.data.description ? { description: n.data.description } : {}),
      position: { x: Math.round(n.position.x), y: Math.round(n.position.y) },
      config: n.data.config,
    };
  }
  const modelEdges = edges.map(
    (e): Edge => ({
      id: e.id,
      source: e.source,
      target: e.target,
      ...(e.sourceHandle ? { sourceHandle: e.sourceHandle } : {}),
      ...(e.targetHandle ? { targetHandle: e.targetHandle } : {}),
    }),
  );
  return { ...base, nodes: modelNodes, edges: modelEdges };
}

/** A node's size on the canvas before React Flow has measured it. */
export const DEFAULT_NODE_SIZE = { width: 240, height: 80 };

/** A node's box on the canvas: its measured size when known. */
export function nodeBox(n: CanvasNode): { x: number; y: number; width: number; height: number } {
  return {
    x: n.position.x,
    y: n.position.y,
    width: n.measured?.width ?? DEFAULT_NODE_SIZE.width,
    height: n.measured?.height ?? DEFAULT_NODE_SIZE.height,
  };
}
