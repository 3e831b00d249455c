import {
  applyEdgeChanges,
  applyNodeChanges,
  type EdgeChange,
  type NodeChange,
  type NodePositionChange,
} from '@xyflow/react';
import { create } from 'zustand';
import type { Problem } from '../../model/project-files.js';
import type { Workflow } from '../../model/workflow.js';
import { ApiError } from '../api/api-error.js';
import { unwrap } from '../api/client.js';
import { api } from '../api/instance.js';
import { ifMatch } from '../api/versions.js';
import { type CanvasNode, fromCanvas, toCanvas } from './canvas-model.js';
import type { EditorSnapshot } from './editor-ops.js';
import { History } from './history.js';
import { checkWorkflow, type EditorProject } from './inline-problems.js';
import { stableText } from './stable-text.js';

export interface RunView {
  status: number;
  body: unknown;
  durationMs: number;
  url: string;
  method: string;
  path: string;
  restarted: boolean;
  failure: { error: string; workflow: string | null; node: string | null } | null;
}

interface EditorState extends EditorSnapshot {
  projectId: string | null;
  workflowId: string | null;
  file: string;
  project: EditorProject | null;
  loadError: string | null;
  problems: Problem[];
  /** The saved workflow, as stable text: the editor is dirty when its state reads differently. */
  savedText: string;
  /** Version of the workflow's file the editor's copy is based on; saves send it (If-Match). */
  version: string | null;
  /** Set when a save was refused because the file changed on disk: the version there now. */
  stale: { version: string } | null;
  dirty: boolean;
  canUndo: boolean;
  canRedo: boolean;
  saving: boolean;
  load(projectId: string, workflowId: string): Promise<void>;
  /** Re-reads the rest of the project (other workflows, targets, secrets) and re-checks; the edits stay. */
  refreshProject(): Promise<void>;
  /** Applies an undoable change; changes with the same `mergeKey` in a row are one undo step. */
  change(fn: (state: EditorSnapshot) => EditorSnapshot, mergeKey?: string | null): void;
  onNodesChange(changes: NodeChange<CanvasNode>[]): void;
  onEdgesChange(changes: EdgeChange[]): void;
  undo(): void;
  redo(): void;
  save(): Promise<Workflow>;
  /** After a refused save: drops the edits and loads the workflow as it is on disk. */
  reloadFromDisk(): Promise<void>;
  /** After a refused save: saves the edits over the change on disk, knowingly. */
  overwrite(): Promise<Workflow>;
}

const history = new History<EditorSnapshot>();

export function currentWorkflow(s: EditorSnapshot): Workflow {
  return fromCanvas(s.nodes, s.edges, s.base);
}

/** The editor of one workflow: canvas state, undo history, inline problems and saving. */
export const useEditor = create<EditorState>((set, get) => {
  /** Sets a new snapshot and what follows from it: problems (unless only positions moved) and dirtiness. */
  function show(next: EditorSnapshot, revalidate = true): void {
    const { project, file, savedText } = get();
    const workflow = currentWorkflow(next);
    set({
      nodes: next.nodes,
      edges: next.edges,
      base: next.base,
      dirty: stableText(workflow) !== savedText,
      canUndo: history.canUndo,
      canRedo: history.canRedo,
      ...(revalidate && project ? { problems: checkWorkflow(project, file, workflow) } : {}),
    });
  }

  const snapshot = (): EditorSnapshot => {
    const { nodes, edges, base } = get();
    return { nodes, edges, base };
  };

  return {
    nodes: [],
    edges: [],
    base: { id: '', name: '', deploymentTargetId: '', visibility: 'internal' },
    projectId: null,
    workflowId: null,
    file: '',
    project: null,
    loadError: null,
    problems: [],
    savedText: '',
    version: null,
    stale: null,
    dirty: false,
    canUndo: false,
    canRedo: false,
    saving: false,

    async load(projectId, workflowId) {
      set({ projectId, workflowId, project: null, loadError: null, stale: null });
      try {
        const { model } = await unwrap(api.projects[':projectId'].model.$get({ param: { projectId } }));
        if (get().projectId !== projectId || get().workflowId !== workflowId) return;
        const loaded = model.workflows.find((w) => w.workflow.id === workflowId);
        if (!loaded) {
          set({
            loadError: `No workflow ${workflowId} in this project: it may have been deleted or renamed.`,
          });
          return;
        }
        const workflow = loaded.workflow as Workflow;
        const project: EditorProject = {
          manifest: model.manifest,
          workflows: model.workflows as EditorProject['workflows'],
        };
        history.clear();
        set({ project, file: loaded.file, savedText: stableText(workflow), version: loaded.version });
        show(toCanvas(workflow));
      } catch (error) {
        set({ loadError: (error as Error).message });
      }
    },

    async refreshProject() {
      const { projectId, workflowId, project } = get();
      if (!projectId || !workflowId || !project) return;
      try {
        const { model } = await unwrap(api.projects[':projectId'].model.$get({ param: { projectId } }));
        const current = get();
        if (current.projectId !== projectId || current.workflowId !== workflowId || !current.project) return;
        const mine = current.project.workflows.find((w) => w.workflow.id === workflowId);
        const others = (model.workflows as EditorProject['workflows']).filter(
          (w) => w.workflow.id !== workflowId,
        );
        set({ project: { manifest: model.manifest, workflows: mine ? [...others, mine] : others } });
        show(snapshot());
      } catch {
        // The next change or reload tries again; the editor keeps working on what it has.
      }
    },

    change(fn, mergeKey = null) {
      const before = snapshot();
      const next = fn(before);
      if (next === before) return;
      history.record(before, mergeKey);
      show(next);
    },

    onNodesChange(changes) {
      // Removal goes through the editor's own delete (one undo step with the node's edges).
      const kept = changes.filter((c) => c.type !== 'remove');
      if (kept.length === 0) return;
      const moving = kept.filter(
        (c): c is NodePositionChange => c.type === 'position' && c.dragging === true,
      );
      const before = snapshot();
      const next = { ...before, nodes: applyNodeChanges(kept, before.nodes) };
      if (moving.length > 0) {
        history.record(before, `move:${moving.map((c) => c.id).join(',')}`);
      }
      show(next, false);
    },

    onEdgesChange(changes) {
      const kept = changes.filter((c) => c.type !== 'remove');
      if (kept.length === 0) return;
      const before = snapshot();
      show({ ...before, edges: applyEdgeChanges(kept, before.edges) }, false);
    },

    undo() {
      const previous = history.undo(snapshot());
      if (previous) show(previous);
    },

    redo() {
      const next = history.redo(snapshot());
      if (next) show(next);
    },

    async save() {
      const { projectId, workflowId, project } = get();
      if (!projectId || !workflowId || !project) throw new Error('Nothing to save yet.');
      const workflow = currentWorkflow(snapshot());
      set({ saving: true });
      try {
        const { description, endpoint, ...rest } = workflow;
        const saved = await unwrap(
          api.projects[':projectId'].workflows[':workflowId'].$put(
            {
              param: { projectId, workflowId },
              json: {
                ...rest,
                ...(description ? { description } : {}),
                endpoint: endpoint ?? null,
              },
            },
            ifMatch(get().version),
          ),
        );
        const savedWorkflow = saved.workflow as Workflow;
        const others = project.workflows.filter((w) => w.workflow.id !== workflowId);
        set({
          file: saved.file,
          savedText: stableText(savedWorkflow),
          version: saved.version,
          stale: null,
          project: { ...project, workflows: [...others, { file: saved.file, workflow: savedWorkflow }] },
        });
        show(snapshot());
        return savedWorkflow;
      } catch (error) {
        // Someone else (the CLI, another tab) changed the file: the page offers reload or overwrite.
        if (error instanceof ApiError && error.isStale) set({ stale: { version: error.currentVersion! } });
        throw error;
      } finally {
        set({ saving: false });
      }
    },

    async reloadFromDisk() {
      const { projectId, workflowId } = get();
      if (!projectId || !workflowId) return;
      history.clear();
      await get().load(projectId, workflowId);
    },

    async overwrite() {
      const { stale } = get();
      if (stale) set({ version: stale.version });
      return get().save();
    },
  };
});
