import { parseJsonText } from '../model/json-syntax.js';
import { type LoadOptions, type LoadResult, loadProject } from '../model/load.js';
import { projectManifestSchema } from '../model/project.js';
import type { LoadedWorkflow, ProjectSource } from '../model/project-files.js';
import { checkProject } from '../model/validate/validate-project.js';
import { type Workflow, workflowSchema } from '../model/workflow.js';

/**
 * Parsed workflows of this process by the sha256 of their file's text: a workflow file whose
 * text was parsed and schema-checked before is not parsed again. The objects are shared
 * between loads, so nothing downstream may change them (the model and compiler never do).
 */
const parsed = new Map<string, Workflow>();
/** Past this many entries the memo starts over (a process that loads many projects). */
const MAX_PARSED = 50_000;

/**
 * `loadProject`'s answer, with the workflow files whose text (by `hashes`) was parsed before
 * taken from the memo; their own rules come from `known` as with `loadProject`. Whenever
 * anything is wrong the whole project is loaded again by `loadProject`, so problems are
 * exactly its problems; a valid project gives the same project.
 */
export function loadWithMemo(
  source: ProjectSource,
  hashes: ReadonlyMap<string, string>,
  options: LoadOptions = {},
): LoadResult {
  try {
    const fast = loadFast(source, hashes, options);
    if (fast) return fast;
  } catch {
    // loadProject turns a failure of ours into a problem; it runs below.
  }
  return loadProject(source, options);
}

function loadFast(
  source: ProjectSource,
  hashes: ReadonlyMap<string, string>,
  { known }: LoadOptions,
): LoadResult | undefined {
  const manifestJson = parseJsonText(source.manifest.text);
  if (!manifestJson.ok) return undefined;
  const manifest = projectManifestSchema.safeParse(manifestJson.value);
  if (!manifest.success) return undefined;
  const workflows: LoadedWorkflow[] = [];
  const fresh = new Map<string, Workflow>();
  for (const file of source.workflows) {
    const hash = hashes.get(file.path);
    let workflow = hash === undefined ? undefined : parsed.get(hash);
    if (workflow === undefined) {
      const json = parseJsonText(file.text);
      if (!json.ok) return undefined;
      const checked = workflowSchema.safeParse(json.value);
      if (!checked.success) return undefined;
      workflow = checked.data;
      if (hash !== undefined) fresh.set(hash, workflow);
    }
    workflows.push({ file: file.path, workflow });
  }
  const project = { manifest: manifest.data, workflows };
  const checked = checkProject(project, { complete: true, ...(known ? { known } : {}) });
  if (checked.problems.length > 0) return undefined;
  if (parsed.size + fresh.size > MAX_PARSED) parsed.clear();
  for (const [hash, workflow] of fresh) parsed.set(hash, workflow);
  return { project, problems: [], byWorkflow: checked.byWorkflow };
}

/** Forgets the parsed workflows, as a new process would start (see build-memory.ts). */
export function forgetParsedWorkflows(): void {
  parsed.clear();
}

/** The workflow parsed from a text with this sha256, when this process has it. */
export function parsedWorkflow(hash: string): Workflow | undefined {
  return parsed.get(hash);
}

/**
 * Remembers a workflow parsed (and schema-checked) from a text with this sha256 by an earlier
 * process with the same generator (project-memo.ts).
 */
export function rememberParsedWorkflow(hash: string, workflow: Workflow): void {
  if (parsed.size >= MAX_PARSED) parsed.clear();
  parsed.set(hash, workflow);
}
