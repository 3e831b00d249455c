import '@xyflow/react/dist/style.css';
import {
  Background,
  BackgroundVariant,
  type Connection,
  Controls,
  type DefaultEdgeOptions,
  type FitViewOptions,
  MarkerType,
  MiniMap,
  type NodeTypes,
  Panel,
  ReactFlow,
  useReactFlow,
  useStore,
} from '@xyflow/react';
import { LayoutGrid } from 'lucide-react';
import { type DragEvent, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { isNodeType, nodeDefinition } from '../../model/nodes/registry.js';
import { tidyUp } from './auto-layout.js';
import type { CanvasEdge, CanvasNode } from './canvas-model.js';
import { useCanvasView } from './canvas-view.js';
import { CatalystNode } from './catalyst-node.js';
import { addNode, connect, newNode, removeElements } from './editor-ops.js';
import { useEditor } from './editor-store.js';
import { NODE_DRAG_TYPE } from './palette.js';
import { useProblemFocus } from './problem-focus.js';

/** At module scope: a new object each render would make React Flow remount every node. */
const NODE_TYPES: NodeTypes = { catalyst: CatalystNode };
const DELETE_KEYS = ['Delete', 'Backspace'];
const MIN_ZOOM = 0.2;
const FIT_OPTIONS = { padding: 0.12, maxZoom: 1, minZoom: MIN_ZOOM };
/** Every edge ends in an arrowhead, so the direction of the flow reads at a glance. */
const EDGE_OPTIONS: DefaultEdgeOptions = {
  style: { strokeWidth: 2, stroke: '#94a3b8' },
  markerEnd: { type: MarkerType.ArrowClosed, color: '#94a3b8', width: 18, height: 18 },
};

export function FlowCanvas() {
  const nodes = useEditor((s) => s.nodes);
  const edges = useEditor((s) => s.edges);
  // The edges of the problem picked in the problems panel (a cycle) are drawn red.
  const highlight = useProblemFocus((s) => s.highlight);
  const shownEdges = useMemo(
    () =>
      highlight.length === 0
        ? edges
        : edges.map((e) =>
            highlight.includes(e.id)
              ? {
                  ...e,
                  className: 'problem-edge',
                  animated: true,
                  style: { stroke: '#dc2626', strokeWidth: 3 },
                }
              : e,
          ),
    [edges, highlight],
  );
  const onNodesChange = useEditor((s) => s.onNodesChange);
  const onEdgesChange = useEditor((s) => s.onEdgesChange);
  const change = useEditor((s) => s.change);
  const { screenToFlowPosition, fitView } = useReactFlow();
  // Fit a workflow that has nodes when it opens; an empty one keeps zoom 1, so drops land where they look.
  const [fitOnOpen] = useState(() => useEditor.getState().nodes.length > 0);
  const keepFitted = useKeepFitted(fitOnOpen, (view) => void fitView(view));

  const onConnect = useCallback((c: Connection) => change((s) => connect(s, c)), [change]);
  const onDelete = useCallback(
    ({ nodes: gone, edges: cut }: { nodes: CanvasNode[]; edges: CanvasEdge[] }) =>
      change((s) =>
        removeElements(
          s,
          gone.map((n) => n.id),
          cut.map((e) => e.id),
        ),
      ),
    [change],
  );
  const onDragOver = useCallback((event: DragEvent) => {
    if (!event.dataTransfer.types.includes(NODE_DRAG_TYPE)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'move';
  }, []);
  const onDrop = useCallback(
    (event: DragEvent) => {
      const type = event.dataTransfer.getData(NODE_DRAG_TYPE);
      if (!isNodeType(type)) return;
      event.preventDefault();
      // Centre the node's header on the pointer.
      const at = screenToFlowPosition({ x: event.clientX - 120, y: event.clientY - 24 });
      change((s) => addNode(s, newNode(type, at, s.nodes)));
    },
    [change, screenToFlowPosition],
  );

  return (
    <div className="relative min-w-0 flex-1" data-testid="canvas">
      <ReactFlow<CanvasNode, CanvasEdge>
        nodes={nodes}
        edges={shownEdges}
        nodeTypes={NODE_TYPES}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onConnect={onConnect}
        onDelete={onDelete}
        onDragOver={onDragOver}
        onDrop={onDrop}
        deleteKeyCode={DELETE_KEYS}
        // Shift + drag on the pane draws a selection box.
        selectionKeyCode="Shift"
        defaultEdgeOptions={EDGE_OPTIONS}
        // React Flow's default floor (0.5) leaves a wide workflow cut off in a narrow window.
        minZoom={MIN_ZOOM}
        fitView={fitOnOpen}
        fitViewOptions={FIT_OPTIONS}
        onMoveStart={keepFitted.onMoveStart}
        proOptions={{ hideAttribution: true }}
      >
        <Panel position="top-left">
          <button
            type="button"
            onClick={() => {
              change(tidyUp);
              keepFitted.fitted();
              requestAnimationFrame(() => void fitView(FIT_OPTIONS));
            }}
            disabled={nodes.length === 0}
            title="Lay the nodes out left to right (undo puts them back)"
            className="flex items-center gap-1.5 rounded-md bg-white px-2 py-1 text-xs font-medium text-slate-700 shadow-sm ring-1 ring-slate-200 hover:bg-slate-50 disabled:opacity-50"
          >
            <LayoutGrid className="size-3.5" aria-hidden />
            Tidy up
          </button>
        </Panel>
        <Background variant={BackgroundVariant.Dots} gap={18} size={1.2} color="#cbd5e1" />
        <Controls showInteractive={false} fitViewOptions={FIT_OPTIONS} onFitView={keepFitted.fitted} />
        <MiniMap
          pannable
          zoomable
          style={{ width: 160, height: 100 }}
          nodeColor={(n) => nodeDefinition((n as CanvasNode).data.type)?.color ?? '#94a3b8'}
          className="!rounded-md !ring-1 !ring-slate-200"
        />
      </ReactFlow>
    </div>
  );
}

/**
 * Keeps a fitted view fitted: while the user has not panned or zoomed since the studio fitted
 * the view (see canvas-view.ts), a change of the canvas's size fits it again, so no node is left
 * cut off at the edge and a problem's node stays in the middle. Once the user moves the view,
 * their view is kept. The size is React Flow's own (its store), so the fit is computed for the
 * size the canvas has now.
 */
function useKeepFitted(
  fittedAtStart: boolean,
  fit: (view: FitViewOptions) => void,
): { onMoveStart: (event: MouseEvent | TouchEvent | null) => void; fitted: () => void } {
  useEffect(() => useCanvasView.setState({ fitted: fittedAtStart ? FIT_OPTIONS : null }), [fittedAtStart]);
  const fitRef = useRef(fit);
  fitRef.current = fit;
  const width = useStore((s) => s.width);
  const height = useStore((s) => s.height);
  const seen = useRef({ width, height });
  useEffect(() => {
    const before = seen.current;
    seen.current = { width, height };
    if (before.width === width && before.height === height) return;
    const view = useCanvasView.getState().fitted;
    if (view === null || width === 0 || height === 0 || before.width === 0) return;
    const frame = requestAnimationFrame(() => fitRef.current(view));
    return () => cancelAnimationFrame(frame);
  }, [width, height]);
  return useMemo(
    () => ({
      // Moves the code makes (fitView) come without an event; the user's come with one.
      onMoveStart: (event: MouseEvent | TouchEvent | null) => {
        if (event) useCanvasView.setState({ fitted: null });
      },
      fitted: () => useCanvasView.setState({ fitted: FIT_OPTIONS }),
    }),
    [],
  );
}
