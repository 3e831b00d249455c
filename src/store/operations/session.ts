import { resolve } from 'node:path';
import type { z } from 'zod';
import { jsonPath } from '../../model/json-path.js';
import { type ProjectManifest, projectManifestSchema } from '../../model/project.js';
import type { LoadedWorkflow, Project, SourceFile } from '../../model/project-files.js';
import { workflowSchema } from '../../model/workflow.js';
import { CatalystError } from '../errors.js';
import { readProjectSource, writeManifest, writeWorkflowFile } from '../project-folder.js';

/** A project loaded for a change: every file parsed and schema-checked. */
export interface ProjectState {
  dir: string;
  manifest: ProjectManifest;
  workflows: LoadedWorkflow[];
}

export function asProject(state: ProjectState): Project {
  return { manifest: state.manifest, workflows: state.workflows };
}

const locks = new Map<string, Promise<unknown>>();

/**
 * Runs one change on a project folder: load, change, write. Changes to the same folder
 * from this process (the studio serves several requests at once) run one after another,
 * so none is lost.
 */
export async function withProject<T>(dir: string, change: (state: ProjectState) => Promise<T>): Promise<T> {
  const root = resolve(dir);
  const previous = locks.get(root) ?? Promise.resolve();
  const run = previous.catch(() => undefined).then(async () => change(await loadState(root)));
  locks.set(root, run);
  try {
    return await run;
  } finally {
    if (locks.get(root) === run) locks.delete(root);
  }
}

/**
 * Loads strictly: a change is refused while any file cannot be parsed, because writing
 * the project back could otherwise drop what the unreadable file held. Semantic problems
 * (a missing node, a bad expression) do not block changes — they are how users fix them.
 */
export async function loadState(dir: string): Promise<ProjectState> {
  const source = await readProjectSource(dir);
  const manifest = parseFile(source.manifest, projectManifestSchema);
  const workflows = source.workflows.map((file) => ({
    file: file.path,
    workflow: parseFile(file, workflowSchema),
  }));
  return { dir, manifest, workflows };
}

function parseFile<T>(file: SourceFile, schema: z.ZodType<T>): T {
  let json: unknown;
  try {
    json = JSON.parse(file.text);
  } catch (error) {
    throw unreadable(file.path, '$', `it is not valid JSON (${(error as Error).message})`);
  }
  const result = schema.safeParse(json);
  if (!result.success) {
    const [issue] = result.error.issues;
    const path = jsonPath(issue?.path ?? []);
    throw unreadable(file.path, path, `${path}: ${issue?.message ?? 'invalid'}`);
  }
  return result.data;
}

function unreadable(file: string, path: string, why: string): CatalystError {
  return new CatalystError(
    'invalid_project',
    `Cannot change the project while ${file} cannot be read: ${why}. Fix the file first (\`catalyst validate\` lists every problem).`,
    { file, path },
  );
}

/** Writes catalyst.json with a new updatedAt; every operation ends with this. */
export async function saveManifest(state: ProjectState): Promise<ProjectManifest> {
  state.manifest = await writeManifest(state.dir, {
    ...state.manifest,
    updatedAt: nextTimestamp(state.manifest.updatedAt),
  });
  return state.manifest;
}

export async function saveWorkflow(state: ProjectState, loaded: LoadedWorkflow): Promise<LoadedWorkflow> {
  const workflow = await writeWorkflowFile(state.dir, loaded.file, loaded.workflow);
  return { file: loaded.file, workflow };
}

/** Now, but always later than `previous`, so two quick changes still order by updatedAt. */
function nextTimestamp(previous: string): string {
  const now = Date.now();
  const last = Date.parse(previous);
  return new Date(Number.isNaN(last) || now > last ? now : last + 1).toISOString();
}
