import { resolve } from 'node:path';
import { CatalystError } from '../../errors.js';
import { parseJsonText } from '../../model/json-syntax.js';
import { loadProject } from '../../model/load.js';
import { type ProjectManifest, projectManifestSchema } from '../../model/project.js';
import type { LoadedWorkflow, Project, ProjectSource, SourceFile } from '../../model/project-files.js';
import { workflowSchema } from '../../model/workflow.js';
import { withFolderLock } from '../folder-lock.js';
import { commitFileChanges } from '../journal.js';
import {
  assertProjectFolder,
  MANIFEST_FILE,
  manifestText,
  readProjectSource,
  workflowText,
} from '../project-folder.js';
import { recoverProjectFolder } from '../recovery.js';

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
 * run one after another — within this process (the studio serves several requests at
 * once) through a promise chain, across processes through the folder's edit lock — so
 * none is lost.
 */
export async function withProject<T>(dir: string, change: (state: ProjectState) => Promise<T>): Promise<T> {
  const root = resolve(dir);
  const previous = locks.get(root) ?? Promise.resolve();
  const run = previous
    .catch(() => undefined)
    .then(async () => {
      await assertProjectFolder(root); // before the lock creates .catalyst/ in a folder that is no project
      return withFolderLock(root, async () => {
        await recoverProjectFolder(root, true);
        const state = await loadState(root, 'change');
        const staged = new Map<string, string | null>();
        pending.set(state, staged);
        const result = await change(state);
        // Every file the change saved, written as one unit (see journal.ts).
        await commitFileChanges(
          root,
          [...staged].map(([path, text]) => ({ path, text })),
        );
        return result;
      });
    });
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
export async function loadState(dir: string, purpose: 'read' | 'change' = 'read'): Promise<ProjectState> {
  const root = resolve(dir);
  const source = await readProjectSource(root);
  const manifest = projectManifestSchema.safeParse(parseJson(source.manifest));
  const workflows = source.workflows.map((file) => ({
    file,
    parsed: workflowSchema.safeParse(parseJson(file)),
  }));
  const failed = !manifest.success ? source.manifest : workflows.find((w) => !w.parsed.success)?.file;
  if (failed || !manifest.success) throw unreadable(purpose, source, failed ?? source.manifest);
  return {
    dir: root,
    manifest: manifest.data,
    workflows: workflows.map(({ file, parsed }) => ({ file: file.path, workflow: parsed.data! })),
  };
}

function parseJson(file: SourceFile): unknown {
  const result = parseJsonText(file.text);
  return result.ok ? result.value : undefined;
}

/** Says why in validate's own words (the first problem of that file), so both read alike. */
function unreadable(purpose: 'read' | 'change', source: ProjectSource, file: SourceFile): CatalystError {
  const problem = loadProject(source).problems.find((p) => p.file === file.path);
  const why = problem
    ? `${problem.path === '$' ? '' : `${problem.path}: `}${problem.message}`
    : 'it is invalid';
  return new CatalystError(
    'invalid_project',
    `Cannot ${purpose === 'change' ? 'change' : 'load'} the project while ${file.path} cannot be read: ${why}. Fix the file first (\`catalyst validate\` lists every problem).`,
    { file: file.path, ...(problem ? { path: problem.path } : {}) },
  );
}

/**
 * Files a change has saved, by project-relative path (`null`: delete). They are written
 * together when the change returns, so a change that fails half-way writes nothing.
 */
const pending = new WeakMap<ProjectState, Map<string, string | null>>();

function staged(state: ProjectState): Map<string, string | null> {
  const files = pending.get(state);
  if (!files) throw new Error('A project file can only be saved inside withProject');
  return files;
}

/** Saves catalyst.json with a new updatedAt; every operation ends with this. */
export async function saveManifest(state: ProjectState): Promise<ProjectManifest> {
  const { parsed, text } = manifestText({
    ...state.manifest,
    updatedAt: nextTimestamp(state.manifest.updatedAt),
  });
  staged(state).set(MANIFEST_FILE, text);
  state.manifest = parsed;
  return state.manifest;
}

export async function saveWorkflow(state: ProjectState, loaded: LoadedWorkflow): Promise<LoadedWorkflow> {
  const { parsed, text } = workflowText(loaded.workflow);
  staged(state).set(loaded.file, text);
  return { file: loaded.file, workflow: parsed };
}

/** Deletes a workflow file (project-relative) together with the change's other files. */
export function removeWorkflowFile(state: ProjectState, file: string): void {
  staged(state).set(file, null);
}

/** Now, but always later than `previous`, so two quick changes still order by updatedAt. */
function nextTimestamp(previous: string): string {
  const now = Date.now();
  const last = Date.parse(previous);
  return new Date(Number.isNaN(last) || now > last ? now : last + 1).toISOString();
}
