import { parseJsonText } from './json-syntax.js';
import { projectManifestSchema } from './project.js';
import type { LoadedWorkflow, Problem, Project, ProjectSource, SourceFile } from './project-files.js';
import { schemaProblems } from './validate/schema-issues.js';
import { checkProject, sortProblems } from './validate/validate-project.js';
import { workflowSchema } from './workflow.js';

export { formatProblems } from './validate/format-problems.js';
export { validateProject } from './validate/validate-project.js';

export interface LoadResult {
  /** Set whenever every file parsed and passed its schema, even if semantic problems remain. */
  project?: Project;
  problems: Problem[];
  /**
   * Per workflow file path: the problems of its own rules (`workflowFileProblems`), when the
   * semantic rules ran. A caller may keep them and pass them back as `known` (LoadOptions).
   */
  byWorkflow?: Map<string, Problem[]>;
}

export interface LoadOptions {
  /**
   * Per workflow file path: that file's own problems from an earlier load of the same file
   * text under the same catalyst.json text; its own rules are not run again. The answer is
   * the same as without it.
   */
  known?: ReadonlyMap<string, readonly Problem[]>;
}

/**
 * Reads a project from its files: JSON syntax, then the schemas, then the semantic rules —
 * reporting every problem it can find at once. Never throws: whatever the input, the answer
 * is a list of problems a user can act on.
 */
export function loadProject(source: ProjectSource, options: LoadOptions = {}): LoadResult {
  try {
    return load(source, options);
  } catch (err) {
    // A bug of ours must still reach the user as a problem, not as a stack trace.
    const message = err instanceof Error ? err.message : String(err);
    return {
      problems: [
        {
          file: source?.manifest?.path ?? 'catalyst.json',
          path: '$',
          message: `Catalyst could not check this project (${message}): please report this as a bug`,
        },
      ],
    };
  }
}

function load(source: ProjectSource, { known }: LoadOptions): LoadResult {
  const problems: Problem[] = [];
  const manifestFile = source.manifest;
  const manifestJson = readJson(manifestFile, problems);
  let manifest: Project['manifest'] | undefined;
  if (manifestJson.ok) {
    const parsed = projectManifestSchema.safeParse(manifestJson.value);
    if (parsed.success) manifest = parsed.data;
    else
      problems.push(...schemaProblems(parsed.error.issues, manifestJson.value, { file: manifestFile.path }));
  }

  const workflows: LoadedWorkflow[] = [];
  for (const file of source.workflows) {
    const json = readJson(file, problems);
    if (!json.ok) continue;
    const parsed = workflowSchema.safeParse(json.value);
    if (parsed.success) {
      workflows.push({ file: file.path, workflow: parsed.data });
      continue;
    }
    problems.push(...workflowSchemaProblems(file.path, json.value, parsed.error.issues));
  }

  if (!manifest) return { problems: sortProblems(problems) };
  const complete = problems.length === 0;
  const project: Project = { manifest, workflows };
  const checked = checkProject(project, { complete, ...(known ? { known } : {}) });
  problems.push(...checked.problems);
  const { byWorkflow } = checked;
  return complete
    ? { project, problems: sortProblems(problems), byWorkflow }
    : { problems: sortProblems(problems), byWorkflow };
}

function readJson(file: SourceFile, problems: Problem[]): { ok: true; value: unknown } | { ok: false } {
  const result = parseJsonText(file.text);
  if (result.ok) return result;
  problems.push({
    file: file.path,
    path: '$',
    message: `Invalid JSON at line ${result.line}, column ${result.column}: ${result.message}`,
  });
  return { ok: false };
}

function workflowSchemaProblems(
  file: string,
  value: unknown,
  issues: Parameters<typeof schemaProblems>[0],
): Problem[] {
  const raw = (value !== null && typeof value === 'object' ? value : {}) as Record<string, unknown>;
  const workflowId = typeof raw['id'] === 'string' ? raw['id'] : undefined;
  return schemaProblems(issues, value, {
    file,
    tag: ([first, second]) => ({
      ...(workflowId !== undefined && { workflowId }),
      ...(first === 'nodes' && typeof second === 'string' && { nodeId: second }),
    }),
  });
}
