import { ReactFlowProvider, useReactFlow } from '@xyflow/react';
import {
  ChevronRight,
  Loader2,
  PanelRightClose,
  PanelRightOpen,
  Redo2,
  RefreshCw,
  Save,
  TriangleAlert,
  Undo2,
} from 'lucide-react';
import { useEffect, useRef, useState } from 'react';
import type { NodeType } from '../../model/nodes/registry.js';
import { ApiError } from '../api/api-error.js';
import { api } from '../api/instance.js';
import { Badge, Button } from '../components/ui.js';
import { DescribeChangeButton } from '../draft/describe-change.js';
import { routeHref } from '../router.js';
import { useProject } from '../stores/project-store.js';
import { useToasts } from '../stores/toast-store.js';
import { ConfigPanel } from './config-panel.js';
import { addNode, type Clipboard, copySelection, freeSpot, newNode, pasteClipboard } from './editor-ops.js';
import { useEditor } from './editor-store.js';
import { SaveAsExample } from './examples-panel.js';
import { FlowCanvas } from './flow-canvas.js';
import { indexProblems } from './inline-problems.js';
import { LeaveDialog } from './leave-dialog.js';
import { useLeaveGuard } from './leave-guard.js';
import { NodeDataPanel } from './node-data-panel.js';
import { Palette } from './palette.js';
import { useProblemFocus } from './problem-focus.js';
import { problemLine, problemSentence } from './problem-words.js';
import { editorNames, FocusOnProblem, ProblemsPanel } from './problems-panel.js';
import { RunPanel } from './run-panel.js';
import { useRun } from './run-store.js';
import { useSidePanels } from './side-panels.js';
import { WorkflowTab } from './workflow-tab.js';

type Tab = 'node' | 'data' | 'workflow' | 'run';

function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  return !!el && (el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName));
}

function useShortcuts(save: () => void) {
  const clipboard = useRef<Clipboard | null>(null);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const mod = e.ctrlKey || e.metaKey;
      if (!mod) return;
      const key = e.key.toLowerCase();
      if (key === 's') {
        e.preventDefault();
        save();
        return;
      }
      // Inside a text field the browser's own undo edits the text.
      if (isTyping(e.target)) return;
      const { undo, redo, change } = useEditor.getState();
      if (key === 'c' && !e.shiftKey) {
        // Only when nothing is selected as text, so copying words on the page still works.
        if (window.getSelection()?.toString()) return;
        const copied = copySelection(useEditor.getState());
        if (copied) clipboard.current = copied;
      } else if (key === 'v' && !e.shiftKey) {
        const clip = clipboard.current;
        if (!clip) return;
        e.preventDefault();
        change((s) => pasteClipboard(s, clip));
        // The next paste lands another step further.
        clipboard.current = copySelection(useEditor.getState()) ?? clip;
      } else if (key === 'a' && !e.shiftKey) {
        // Select every node on the canvas (selection is not an undo step).
        e.preventDefault();
        const { nodes, onNodesChange } = useEditor.getState();
        onNodesChange(nodes.map((n) => ({ type: 'select', id: n.id, selected: true })));
      } else if (key === 'd' && !e.shiftKey) {
        e.preventDefault();
        const copied = copySelection(useEditor.getState());
        if (copied) change((s) => pasteClipboard(s, copied));
      } else if (key === 'z' && !e.shiftKey) {
        e.preventDefault();
        undo();
      } else if ((key === 'z' && e.shiftKey) || key === 'y') {
        e.preventDefault();
        redo();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [save]);
}

/**
 * Keeps the rest of the project current while editing (a workflow added in another tab or
 * by the CLI shows up in the call dropdown): the studio's live events reload the open
 * project, and each reload refreshes the editor's copy. The load this page starts on opening
 * is not a change: the editor's own load has just read the same model.
 */
function useProjectChanges(projectId: string) {
  useEffect(() => {
    let opened = false;
    void useProject
      .getState()
      .load(projectId)
      .finally(() => {
        opened = true;
      });
    return useProject.subscribe((state, previous) => {
      if (opened && state.project !== previous.project && state.project?.id === projectId) {
        void useEditor.getState().refreshProject();
      }
    });
  }, [projectId]);
}

function OtherProblems() {
  const problems = useEditor((s) => s.problems);
  const other = indexProblems(problems).other;
  if (other.length === 0) return null;
  return (
    <ul
      className="mt-4 space-y-1 rounded-md bg-red-50 px-3 py-2 text-xs text-red-700"
      data-testid="workflow-problems"
    >
      {other.map((p) => (
        <li key={`${p.path}${p.message}`}>
          <span className="font-mono">{p.path}</span> — {p.message}
        </li>
      ))}
    </ul>
  );
}

/** The inspector collapsed to a rail (narrow windows start so): the canvas keeps the room. */
function CollapsedInspector() {
  return (
    <aside
      className="flex w-10 shrink-0 flex-col items-center border-l border-slate-200 bg-white py-2"
      aria-label="Inspector"
      data-testid="inspector"
      data-open="false"
    >
      <button
        type="button"
        aria-label="Show inspector"
        aria-expanded={false}
        title="Show the inspector (node settings, data, workflow, run)"
        onClick={() => useSidePanels.getState().toggle('inspector')}
        className="rounded p-1.5 text-slate-500 hover:bg-slate-100 hover:text-slate-800"
      >
        <PanelRightOpen className="size-4" aria-hidden />
      </button>
    </aside>
  );
}

function SidePanel() {
  const open = useSidePanels((s) => s.open.inspector);
  // Collapsed, the inspector stays mounted (hidden), so a run's answer or a typed input survives.
  return (
    <>
      {!open && <CollapsedInspector />}
      <Inspector hidden={!open} />
    </>
  );
}

function Inspector({ hidden }: { hidden: boolean }) {
  const selected = useEditor((s) => {
    const chosen = s.nodes.filter((n) => n.selected);
    return chosen.length === 1 ? chosen[0]!.id : null;
  });
  const [tab, setTab] = useState<Tab>('workflow');
  // A clicked problem opens its node's settings, where its field gets the focus.
  const request = useProblemFocus((s) => s.request);
  useEffect(() => {
    if (request?.nodeId) setTab('node');
  }, [request]);
  // Looking at node data, the next clicked node opens on its data too; otherwise on its settings.
  useEffect(
    () => setTab((current) => (selected ? (current === 'data' ? 'data' : 'node') : 'workflow')),
    [selected],
  );
  const tabs: Array<[Tab, string]> = [
    ['node', 'Node'],
    ['data', 'Data'],
    ['workflow', 'Workflow'],
    ['run', 'Run'],
  ];
  return (
    <aside
      className="flex w-80 shrink-0 flex-col border-l border-slate-200 bg-white"
      aria-label="Inspector"
      data-testid="inspector"
      data-open="true"
      hidden={hidden}
    >
      <div className="flex items-center border-b border-slate-200 px-2" role="tablist">
        <button
          type="button"
          aria-label="Hide inspector"
          aria-expanded
          title="Hide the inspector"
          onClick={() => useSidePanels.getState().toggle('inspector')}
          className="rounded p-1 text-slate-400 hover:bg-slate-100 hover:text-slate-700"
        >
          <PanelRightClose className="size-4" aria-hidden />
        </button>
        {tabs.map(([id, label]) => (
          <button
            key={id}
            type="button"
            role="tab"
            aria-selected={tab === id}
            onClick={() => setTab(id)}
            className={`border-b-2 px-3 py-2.5 text-sm font-medium ${tab === id ? 'border-indigo-600 text-indigo-700' : 'border-transparent text-slate-500 hover:text-slate-800'}`}
          >
            {label}
          </button>
        ))}
      </div>
      <div className="flex-1 overflow-y-auto p-4">
        {tab === 'node' &&
          (selected ? (
            <ConfigPanel nodeId={selected} />
          ) : (
            <p className="text-sm text-slate-500">Select a node to edit its settings.</p>
          ))}
        {tab === 'data' &&
          (selected ? (
            <NodeDataPanel nodeId={selected} />
          ) : (
            <p className="text-sm text-slate-500">
              Select a node to see its input and output in the shown run.
            </p>
          ))}
        {tab === 'workflow' && <WorkflowTab />}
        {/* Kept mounted, so the last run's answer is still there after looking at a node. */}
        <div hidden={tab !== 'run'}>
          <RunPanel actions={(run) => <SaveAsExample key={run.id} run={run} />} />
        </div>
        {tab !== 'run' && <OtherProblems />}
      </div>
    </aside>
  );
}

/**
 * A save was refused because the file changed on disk after the editor loaded it (the CLI,
 * another tab, a text editor). Nothing was written; the user picks which version wins.
 */
function ChangedOnDisk({ onOverwrite }: { onOverwrite: () => void }) {
  const { stale, saving, file, reloadFromDisk } = useEditor();
  if (!stale) return null;
  return (
    <div
      role="alert"
      data-testid="changed-on-disk"
      className="flex shrink-0 flex-wrap items-center gap-x-4 gap-y-2 border-b border-amber-200 bg-amber-50 px-4 py-2.5"
    >
      <TriangleAlert className="size-4 shrink-0 text-amber-600" aria-hidden />
      <div className="min-w-0 flex-1 basis-72 text-sm">
        <p className="font-semibold text-amber-900">Changed on disk — reload or overwrite</p>
        <p className="text-amber-800">
          <span className="font-mono">{file}</span> was changed outside this editor after you opened it. Your
          edits were not saved. Reload shows the version on disk (your edits are dropped); Overwrite saves
          your version over it.
        </p>
      </div>
      <div className="flex shrink-0 gap-2">
        <Button size="sm" onClick={() => void reloadFromDisk()} disabled={saving}>
          <RefreshCw className="size-3.5" aria-hidden /> Reload
        </Button>
        <Button size="sm" tone="danger" onClick={onOverwrite} disabled={saving}>
          <Save className="size-3.5" aria-hidden /> Overwrite
        </Button>
      </div>
    </div>
  );
}

/**
 * The palette adds a clicked node in the middle of what the canvas shows, moved down clear of the
 * nodes there (a dragged one lands where it is dropped).
 */
function PaletteAndCanvas() {
  const { screenToFlowPosition } = useReactFlow();
  const add = (type: NodeType) => {
    const pane = document.querySelector('[data-testid="canvas"]')?.getBoundingClientRect();
    const centre = pane
      ? { x: pane.left + pane.width / 2 - 120, y: pane.top + pane.height / 2 - 40 }
      : { x: 0, y: 0 };
    useEditor
      .getState()
      .change((s) => addNode(s, newNode(type, freeSpot(screenToFlowPosition(centre), s.nodes), s.nodes)));
  };
  return (
    <>
      <Palette onAdd={add} />
      <FlowCanvas />
      <FocusOnProblem />
    </>
  );
}

/** The canvas editor of one workflow (`#/projects/:projectId/workflows/:workflowId`). */
export function EditorPage({
  projectId,
  workflowId,
  node,
  field,
}: {
  projectId: string;
  workflowId: string;
  /** From a problem's link (`?node=…&field=…`): the node to select and the field to focus. */
  node?: string;
  field?: string;
}) {
  const toast = useToasts((s) => s.show);
  const { load, loadError, project, base, dirty, saving, canUndo, canRedo, undo, redo, problems } =
    useEditor();
  const guard = useLeaveGuard(dirty);

  useEffect(() => {
    void load(projectId, workflowId);
    void useRun.getState().open(projectId, workflowId);
    // Starts the Run's Python process now, so the first Run does not wait for it (DESIGN §13).
    void api.projects[':projectId'].workflows[':workflowId'].runs.warm
      .$post({ param: { projectId, workflowId } })
      .catch(() => undefined);
  }, [projectId, workflowId, load]);
  useProjectChanges(projectId);

  const openProblems = useProblemFocus((s) => s.openPanel);
  const closeProblems = useProblemFocus((s) => s.closePanel);
  const panelOpen = useProblemFocus((s) => s.panelOpen);
  const report = (saving: Promise<{ name: string }>) =>
    saving.then(
      (w) => {
        // An invalid workflow is saved (work in progress), but never silently: the toast says so.
        const left = useEditor.getState().problems;
        if (left.length === 0) return toast(`${w.name} saved`);
        const words = left.length === 1 ? `: ${problemSentence(problemLine(left[0]!, editorNames()))}` : '';
        toast(`Saved with ${left.length} problem${left.length === 1 ? '' : 's'}${words}`, 'warn', {
          label: 'Show problems',
          run: openProblems,
        });
      },
      // A stale save shows the changed-on-disk bar instead of a passing toast.
      (e: Error) => {
        if (!(e instanceof ApiError && e.isStale)) toast(e.message, 'error');
      },
    );
  const save = () => void report(useEditor.getState().save());
  const overwrite = () => void report(useEditor.getState().overwrite());
  useShortcuts(save);

  // Opened from a problem's link: select its node and focus its field once this visit's load is
  // done (the store may still hold the workflow from an earlier visit; load() clears it first).
  useEffect(() => {
    if (!node) return;
    const go = () => useProblemFocus.getState().focus({ nodeId: node, field: field ?? null });
    if (useEditor.getState().project !== null && useEditor.getState().base.id === workflowId) {
      go();
      return;
    }
    // Each load finishing during this visit rebuilds the canvas (the page may load twice): select
    // again, until the user does something of their own.
    let cleared = useEditor.getState().project === null;
    const stop = useEditor.subscribe((s, prev) => {
      if (s.project === null) cleared = true;
      else if (cleared && s.base.id === workflowId && (s.project !== prev.project || s.base !== prev.base))
        go();
    });
    const done = () => {
      stop();
      window.removeEventListener('pointerdown', done, true);
      window.removeEventListener('keydown', done, true);
    };
    window.addEventListener('pointerdown', done, true);
    window.addEventListener('keydown', done, true);
    return done;
  }, [workflowId, node, field]);
  // The problems panel belongs to one workflow: leaving it (or the editor) closes the panel.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs its cleanup when the workflow changes
  useEffect(() => () => useProblemFocus.getState().closePanel(), [workflowId]);

  if (loadError) {
    return (
      <main className="mx-auto max-w-3xl px-6 py-8">
        <p className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700" role="alert">
          {loadError}
        </p>
      </main>
    );
  }
  if (!project || base.id !== workflowId) {
    return (
      <main className="mx-auto max-w-7xl px-6 py-5">
        <p className="flex items-center gap-2 text-sm text-slate-500">
          <Loader2 className="size-4 animate-spin" aria-hidden /> Loading workflow…
        </p>
      </main>
    );
  }
  const endpoint =
    base.visibility === 'public' ? (base.endpoint ?? { method: 'POST', path: '(default)' }) : null;

  return (
    <main className="flex h-[calc(100vh-3.5rem)] flex-col" data-testid="editor">
      <div className="flex h-12 shrink-0 items-center gap-3 border-b border-slate-200 bg-white px-4">
        <nav className="flex min-w-0 items-center gap-1 text-sm" aria-label="Breadcrumb">
          <a
            href={routeHref({ page: 'project', projectId })}
            className="truncate text-slate-500 hover:text-slate-800"
          >
            {project.manifest.name}
          </a>
          <ChevronRight className="size-3.5 shrink-0 text-slate-400" aria-hidden />
          <span className="truncate font-mono font-semibold text-slate-900" data-testid="editor-title">
            {base.name || '(unnamed)'}
          </span>
        </nav>
        <Badge tone={base.visibility === 'public' ? 'green' : 'grey'}>{base.visibility}</Badge>
        {endpoint && (
          <code className="truncate rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-700">
            {endpoint.method} {endpoint.path}
          </code>
        )}
        {dirty && (
          <span
            className="flex items-center gap-1.5 text-xs font-medium text-amber-600"
            data-testid="unsaved"
          >
            <span className="size-2 rounded-full bg-amber-500" aria-hidden /> Unsaved
          </span>
        )}
        <span className="flex-1" />
        {problems.length > 0 && (
          <button
            type="button"
            className="flex shrink-0 items-center gap-1 rounded px-1.5 py-1 text-xs font-medium text-red-600 hover:bg-red-50"
            data-testid="problem-count"
            aria-expanded={panelOpen}
            onClick={panelOpen ? closeProblems : openProblems}
            title="Show where the problems are"
          >
            <TriangleAlert className="size-3.5" aria-hidden /> {problems.length} problem
            {problems.length === 1 ? '' : 's'}
          </button>
        )}
        <DescribeChangeButton projectId={projectId} workflowId={workflowId} />
        <Button
          size="sm"
          tone="ghost"
          onClick={undo}
          disabled={!canUndo}
          aria-label="Undo"
          title="Undo (Ctrl+Z)"
        >
          <Undo2 className="size-4" aria-hidden />
        </Button>
        <Button
          size="sm"
          tone="ghost"
          onClick={redo}
          disabled={!canRedo}
          aria-label="Redo"
          title="Redo (Ctrl+Shift+Z)"
        >
          <Redo2 className="size-4" aria-hidden />
        </Button>
        <Button size="sm" tone="primary" onClick={save} disabled={!dirty || saving} title="Save (Ctrl+S)">
          <Save className="size-3.5" aria-hidden /> {saving ? 'Saving…' : 'Save'}
        </Button>
      </div>
      <ChangedOnDisk onOverwrite={overwrite} />
      <ProblemsPanel />
      <div className="flex min-h-0 flex-1">
        <ReactFlowProvider>
          <PaletteAndCanvas />
        </ReactFlowProvider>
        <SidePanel />
      </div>
      {guard.pending && <LeaveDialog onStay={guard.stay} onLeave={guard.leave} />}
    </main>
  );
}
