import type { ProjectManifest } from './project.js';
import type { Workflow } from './workflow.js';

/** A file of a project folder as text; `path` is relative to the project root, with `/`. */
export interface SourceFile {
  path: string;
  text: string;
}

/** What the store reads from a project folder and hands to the pure model. */
export interface ProjectSource {
  manifest: SourceFile;
  workflows: SourceFile[];
}

export interface LoadedWorkflow {
  /** e.g. `workflows/main_workflow.json` */
  file: string;
  workflow: Workflow;
}

/** A parsed, schema-checked project (it may still have semantic problems). */
export interface Project {
  manifest: ProjectManifest;
  workflows: LoadedWorkflow[];
}

/**
 * One validation problem. `path` is a JSON path inside `file`: `$.nodes.lookup.config.input`,
 * `$.edges[2].target`, `$.nodes["odd id"]`. `$` alone means the whole file.
 */
export interface Problem {
  file: string;
  path: string;
  message: string;
  workflowId?: string;
  nodeId?: string;
  /** Config field key, when the problem is in a node's config. */
  field?: string;
  /** The edges a problem is about, by id (a cycle: every edge along it, in order). */
  edgeIds?: string[];
}
