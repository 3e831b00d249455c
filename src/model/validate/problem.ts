import { jsonPath } from '../json-path.js';
import type { LoadedWorkflow, Problem, Project } from '../project-files.js';

/** A rule that looks at one workflow file (with the manifest for context). */
export type WorkflowRule = (project: Project, loaded: LoadedWorkflow) => Problem[];
/** A rule that looks across the project. */
export type ProjectRule = (project: Project) => Problem[];

export const MANIFEST_FILE = 'catalyst.json';

/** A problem inside a workflow file, tagged with the workflow (and node and field, when known). */
export function workflowProblem(
  loaded: LoadedWorkflow,
  segments: ReadonlyArray<PropertyKey>,
  message: string,
  at: { nodeId?: string; field?: string; edgeIds?: string[] } = {},
): Problem {
  return { file: loaded.file, path: jsonPath(segments), message, workflowId: loaded.workflow.id, ...at };
}

export function manifestProblem(segments: ReadonlyArray<PropertyKey>, message: string): Problem {
  return { file: MANIFEST_FILE, path: jsonPath(segments), message };
}

/** Ids listed bare and comma-separated, so a user can copy one. */
export function listOf(items: Iterable<string>): string {
  return [...items].join(', ');
}
