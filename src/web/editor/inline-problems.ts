import { loadProject } from '../../model/load.js';
import type { ProjectManifest } from '../../model/project.js';
import type { LoadedWorkflow, Problem } from '../../model/project-files.js';
import type { Workflow } from '../../model/workflow.js';

/** The project as the editor checks against: the manifest and every workflow as last loaded. */
export interface EditorProject {
  manifest: ProjectManifest;
  workflows: LoadedWorkflow[];
}

const text = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

/**
 * The model's own validation of the workflow being edited, in memory: the project's files as
 * loaded, with this workflow's file replaced by the editor's state. Runs in the page (the
 * model is pure), so problems show while typing. Only problems of this workflow's file are kept.
 */
export function checkWorkflow(project: EditorProject, file: string, workflow: Workflow): Problem[] {
  const others = project.workflows.filter((w) => w.file !== file);
  const { problems } = loadProject({
    manifest: { path: 'catalyst.json', text: text(project.manifest) },
    workflows: [
      ...others.map((w) => ({ path: w.file, text: text(w.workflow) })),
      { path: file, text: text(workflow) },
    ],
  });
  return problems.filter((p) => p.file === file);
}

export interface NodeProblems {
  /** Config field key → messages shown under that field. */
  fields: Record<string, string[]>;
  /** About the node as a whole (its name, type, edges): shown at the top of its panel. */
  general: string[];
}

export interface ProblemIndex {
  nodes: Map<string, NodeProblems>;
  /** Workflow settings by first key of the path (`name`, `endpoint`, `deploymentTargetId`…). */
  settings: Record<string, string[]>;
  /** Everything else (edges without a node, the file as a whole). */
  other: Problem[];
  count: number;
}

function push(record: Record<string, string[]>, key: string, message: string): void {
  const list = record[key] ?? [];
  if (!list.includes(message)) list.push(message);
  record[key] = list;
}

/** Sorts problems to where the editor shows them: a node's field, the node, the settings, or the list. */
export function indexProblems(problems: readonly Problem[]): ProblemIndex {
  const index: ProblemIndex = { nodes: new Map(), settings: {}, other: [], count: problems.length };
  for (const p of problems) {
    if (p.nodeId !== undefined) {
      const entry = index.nodes.get(p.nodeId) ?? { fields: {}, general: [] };
      if (p.field !== undefined) push(entry.fields, p.field, p.message);
      else if (!entry.general.includes(p.message)) entry.general.push(p.message);
      index.nodes.set(p.nodeId, entry);
      continue;
    }
    const first = /^\$\.([A-Za-z]+)/.exec(p.path)?.[1];
    if (first && first !== 'nodes' && first !== 'edges') push(index.settings, first, p.message);
    else index.other.push(p);
  }
  return index;
}
