import '@xyflow/react/dist/style.css';
import {
  Background,
  BackgroundVariant,
  Controls,
  type NodeTypes,
  ReactFlow,
  ReactFlowProvider,
  useReactFlow,
} from '@xyflow/react';
import { Check, Loader2, Sparkles, TriangleAlert, X } from 'lucide-react';
import { useEffect, useMemo } from 'react';
import type { Workflow } from '../../model/workflow.js';
import { Button } from '../components/ui.js';
import { toCanvas } from '../editor/canvas-model.js';
import { CatalystNode } from '../editor/catalyst-node.js';
import { useEditor } from '../editor/editor-store.js';
import { useToasts } from '../stores/toast-store.js';
import { navigate } from '../use-route.js';
import { useDrafts } from './draft-store.js';

const NODE_TYPES: NodeTypes = { catalyst: CatalystNode };
const FIT_OPTIONS = { padding: 0.15, maxZoom: 1 };

/** Keeps the whole draft in view when the window (and so the canvas) changes size. */
function FitOnResize() {
  const { fitView } = useReactFlow();
  useEffect(() => {
    const refit = () => void fitView(FIT_OPTIONS);
    window.addEventListener('resize', refit);
    return () => window.removeEventListener('resize', refit);
  }, [fitView]);
  return null;
}

/** The drafted workflow on a read-only canvas. */
function DraftCanvas({ workflow }: { workflow: Workflow }) {
  const { nodes, edges } = useMemo(() => toCanvas(workflow), [workflow]);
  return (
    <div className="relative min-h-0 flex-1" data-testid="draft-canvas">
      <ReactFlowProvider>
        <ReactFlow
          nodes={nodes}
          edges={edges}
          nodeTypes={NODE_TYPES}
          nodesDraggable={false}
          nodesConnectable={false}
          elementsSelectable={false}
          fitView
          fitViewOptions={FIT_OPTIONS}
          proOptions={{ hideAttribution: true }}
        >
          <Background variant={BackgroundVariant.Dots} gap={16} size={1} />
          <Controls showInteractive={false} />
          <FitOnResize />
        </ReactFlow>
      </ReactFlowProvider>
    </div>
  );
}

/**
 * "Draft from your description — Accept / Discard": the draft on the canvas before anything is
 * written, with the model's notes and the problems left. Accept writes the file and opens the
 * editor on the saved workflow; Discard drops the draft.
 */
export function DraftReview({ projectId, workflowId }: { projectId: string; workflowId?: string }) {
  const session = useDrafts((s) => s.session);
  const reviewing = useDrafts((s) => s.reviewing);
  const toast = useToasts((s) => s.show);
  if (
    !reviewing ||
    !session?.result ||
    session.projectId !== projectId ||
    session.workflowId !== (workflowId ?? null)
  ) {
    return null;
  }
  const result = session.result;
  const accepting = session.phase === 'accepting';
  const accept = () =>
    void useDrafts
      .getState()
      .acceptDraft()
      .then((id) => {
        toast(`${result.file} written (not committed)`);
        const editor = useEditor.getState();
        // Already open on it (a change): show the saved version; else the route change loads it.
        if (editor.projectId === projectId && editor.workflowId === id) void editor.load(projectId, id);
        navigate({ page: 'editor', projectId, workflowId: id });
      })
      .catch(() => {});
  return (
    <div
      className="fixed inset-0 z-40 flex flex-col bg-slate-50"
      role="dialog"
      aria-modal="true"
      aria-label="Draft from your description"
      data-testid="draft-review"
    >
      <div className="shrink-0 border-b border-indigo-200 bg-indigo-50 px-4 py-3">
        <div className="flex flex-wrap items-center gap-3">
          <Sparkles className="size-5 shrink-0 text-indigo-600" aria-hidden />
          <div className="min-w-0 flex-1">
            <p className="truncate text-sm font-semibold text-indigo-950" data-testid="draft-banner">
              Draft from your description — {result.action === 'update' ? 'a change to ' : ''}
              <span className="font-mono">{result.workflow?.name ?? result.file}</span>
            </p>
            <p className="truncate text-xs text-indigo-900/70" title={session.prompt}>
              “{session.prompt}” · {result.file} · {result.rounds} repair round
              {result.rounds === 1 ? '' : 's'} · {result.tokens.input} tokens in / {result.tokens.output} out
              · not written yet
            </p>
          </div>
          <Button
            tone="primary"
            onClick={accept}
            disabled={!result.ok || accepting}
            title={result.ok ? `Write ${result.file}` : 'A draft with problems cannot be written'}
            data-testid="draft-accept"
          >
            {accepting ? (
              <Loader2 className="size-4 animate-spin" aria-hidden />
            ) : (
              <Check className="size-4" aria-hidden />
            )}
            Accept
          </Button>
          <Button
            onClick={() => void useDrafts.getState().discard()}
            disabled={accepting}
            data-testid="draft-discard"
          >
            <X className="size-4" aria-hidden /> Discard
          </Button>
        </div>
        {session.error && (
          <p
            className="mt-2 rounded bg-red-50 px-2 py-1.5 text-sm text-red-700"
            role="alert"
            data-testid="draft-error"
          >
            {session.error}
          </p>
        )}
      </div>
      <div className="flex min-h-0 flex-1 flex-col lg:flex-row">
        {result.workflow ? (
          <DraftCanvas workflow={result.workflow} />
        ) : (
          <div className="flex flex-1 items-center justify-center text-sm text-slate-500">
            The model sent no workflow that could be read.
          </div>
        )}
        <aside className="max-h-[35vh] shrink-0 space-y-4 overflow-y-auto border-t border-slate-200 bg-white p-4 text-sm lg:max-h-none lg:w-80 lg:border-t-0 lg:border-l">
          {result.problems.length > 0 && (
            <section data-testid="draft-problems">
              <h3 className="flex items-center gap-1.5 font-semibold text-red-700">
                <TriangleAlert className="size-4" aria-hidden /> {result.problems.length} problem
                {result.problems.length === 1 ? '' : 's'} left
              </h3>
              <ul className="mt-1.5 space-y-1 text-xs text-slate-700">
                {result.problems.map((p) => (
                  <li key={`${p.path}:${p.message}`}>
                    <code className="text-slate-500">{p.path}</code> {p.message}
                  </li>
                ))}
              </ul>
            </section>
          )}
          <section>
            <h3 className="font-semibold text-slate-900">Notes</h3>
            <p className="mt-1 whitespace-pre-wrap text-slate-700" data-testid="draft-notes">
              {result.notes || 'No notes.'}
            </p>
          </section>
          {result.diff && (
            <details>
              <summary className="cursor-pointer font-semibold text-slate-900">Diff</summary>
              <pre
                className="mt-1 overflow-x-auto rounded bg-slate-900 p-2 text-[11px] leading-4 text-slate-100"
                data-testid="draft-diff"
              >
                {result.diff}
              </pre>
            </details>
          )}
        </aside>
      </div>
    </div>
  );
}
