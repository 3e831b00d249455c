import { useNodesInitialized, useReactFlow } from '@xyflow/react';
import { TriangleAlert, X } from 'lucide-react';
import { useEffect, useRef } from 'react';
import { useCanvasView } from './canvas-view.js';
import { useEditor } from './editor-store.js';
import { useTouched } from './field-touch.js';
import { useProblemFocus } from './problem-focus.js';
import { type ProblemLine, problemLine, type WorkflowNames } from './problem-words.js';

/** The workflow being edited, as the problem words need it (names of the nodes on the canvas now). */
export function editorNames(): WorkflowNames {
  const { base, nodes } = useEditor.getState();
  return {
    name: base.name,
    nodes: Object.fromEntries(nodes.map((n) => [n.id, { name: n.data.name, type: n.data.type }])),
  };
}

/** The problems of the workflow being edited, each a button that shows where it is. */
export function ProblemsPanel() {
  const open = useProblemFocus((s) => s.panelOpen);
  const close = useProblemFocus((s) => s.closePanel);
  const focus = useProblemFocus((s) => s.focus);
  const problems = useEditor((s) => s.problems);
  // Re-render on renames too: the list names nodes as the canvas does.
  useEditor((s) => s.nodes);
  if (!open) return null;
  const names = editorNames();
  const lines = problems.map((p) => problemLine(p, names));
  return (
    <section
      aria-label="Problems"
      data-testid="problems-panel"
      className="flex max-h-56 shrink-0 flex-col border-b border-red-200 bg-red-50/60"
    >
      <div className="flex items-center gap-2 px-4 pt-2 pb-1">
        <TriangleAlert className="size-4 text-red-600" aria-hidden />
        <h2 className="flex-1 text-sm font-semibold text-red-800">
          {lines.length === 0 ? 'No problems' : `${lines.length} problem${lines.length === 1 ? '' : 's'}`}
        </h2>
        <button
          type="button"
          onClick={close}
          aria-label="Close problems"
          className="rounded p-1 text-red-700 hover:bg-red-100"
        >
          <X className="size-4" aria-hidden />
        </button>
      </div>
      <ul className="overflow-y-auto px-2 pb-2">
        {lines.map((line, i) => (
          <li key={`${line.nodeId}${line.fieldKey}${line.message}`}>
            <button
              type="button"
              data-testid="problem-item"
              data-node-id={line.nodeId ?? ''}
              onClick={() => focus({ nodeId: line.nodeId, field: line.fieldKey, edgeIds: line.edgeIds })}
              className="flex w-full flex-wrap items-baseline gap-x-2 rounded-md px-2 py-1.5 text-left text-sm hover:bg-red-100 focus-visible:bg-red-100 focus-visible:outline-none"
            >
              <ProblemWhere line={line} index={i} />
              <span className="min-w-0 basis-64 flex-1 text-red-700">{line.message}</span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}

function ProblemWhere({ line, index }: { line: ProblemLine; index: number }) {
  if (line.node === null) {
    return (
      <span className="font-medium text-red-900">{line.edgeIds.length > 0 ? 'Edges' : `#${index + 1}`}</span>
    );
  }
  return (
    <span className="font-medium text-red-900">
      {line.node}
      {line.field && <span className="font-normal text-red-800"> › {line.field}</span>}
    </span>
  );
}

/** The field's control: the element with the field's id, or the first control inside it (a map, a list). */
function fieldControl(field: string): HTMLElement | null {
  const el = document.getElementById(`cfg-${field}`);
  if (!el) return null;
  if (el.matches('input, textarea, select, [contenteditable="true"]')) return el;
  return el.querySelector<HTMLElement>('input, textarea, select, [contenteditable="true"]') ?? el;
}

/**
 * Acts on a clicked problem (inside the canvas's React Flow provider): selects its node, centers
 * the view on it, and focuses its field in the inspector once the inspector shows the node.
 */
export function FocusOnProblem() {
  const request = useProblemFocus((s) => s.request);
  const { fitView } = useReactFlow();
  // A workflow just opened (from a problem's link) is acted on once React Flow has measured its
  // nodes: a selection made before that does not survive its start-up.
  const ready = useNodesInitialized();
  const handled = useRef(0);
  useEffect(() => {
    if (!request || !ready || handled.current === request.seq) return;
    handled.current = request.seq;
    const { nodeId, field } = request;
    const { nodes, edges, onNodesChange, onEdgesChange } = useEditor.getState();
    if (nodeId && nodes.some((n) => n.id === nodeId)) {
      onNodesChange(nodes.map((n) => ({ type: 'select' as const, id: n.id, selected: n.id === nodeId })));
      onEdgesChange(
        edges.filter((e) => e.selected).map((e) => ({ type: 'select' as const, id: e.id, selected: false })),
      );
      const view = { nodes: [{ id: nodeId }], maxZoom: 1, padding: 0.6 };
      useCanvasView.setState({ fitted: view }); // kept centred if the canvas is resized
      void fitView({ ...view, duration: 250 });
    }
    if (!field) return;
    // Pointed at by a problem, the field shows its error even on a node not saved yet.
    if (nodeId) useTouched.getState().touch(useEditor.getState().base.id, nodeId, field);
    // The inspector renders the node's form on the next frames; focus the field once it is there.
    let frames = 0;
    let handle = 0;
    const tryFocus = () => {
      const control = fieldControl(field);
      if (control) {
        control.focus();
        control.scrollIntoView({ block: 'nearest' });
      } else if (frames++ < 60) handle = requestAnimationFrame(tryFocus);
    };
    handle = requestAnimationFrame(tryFocus);
    return () => cancelAnimationFrame(handle);
  }, [request, ready, fitView]);
  return null;
}
