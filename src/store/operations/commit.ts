import { resolve } from 'node:path';
import {
  type GitOptions,
  type GitStatus,
  gitAdd,
  gitAddTracked,
  gitCommit,
  gitPrefix,
  gitStatus,
} from '../git.js';
import { GITIGNORE_FILE, MANIFEST_FILE, WORKFLOWS_DIR } from '../project-folder.js';

/** What a deploy would commit in a project folder, and what it leaves alone. */
export interface ProjectChanges {
  /** Paths relative to the project folder: changes to tracked files, and new files of the project. */
  committable: GitStatus['files'];
  /** Untracked files that are not the project's own (a `.env`, notes, temp files), sorted. */
  leftOut: string[];
}

/** The project's own files, as git paths relative to the folder: catalyst.json, .gitignore, workflows/*.json. */
export function isProjectFile(path: string): boolean {
  if (path === MANIFEST_FILE || path === GITIGNORE_FILE) return true;
  const name = path.startsWith(`${WORKFLOWS_DIR}/`) ? path.slice(WORKFLOWS_DIR.length + 1) : undefined;
  return name !== undefined && !name.includes('/') && name.endsWith('.json') && !name.startsWith('.');
}

/**
 * Sorts the folder's changes (DESIGN §10): changes to files git already tracks and the
 * project's own new files are committable; any other untracked file is left out.
 */
export async function projectChanges(dir: string, options?: GitOptions): Promise<ProjectChanges> {
  const root = resolve(dir);
  // git status names paths from the repository's top, which may be above the project.
  const prefix = await gitPrefix(root, options);
  const committable: GitStatus['files'] = [];
  const leftOut: string[] = [];
  for (const file of (await gitStatus(root, options)).files) {
    if (!file.path.startsWith(prefix)) continue;
    const path = file.path.slice(prefix.length);
    if (file.status !== '??' || isProjectFile(path)) committable.push({ ...file, path });
    else leftOut.push(path);
  }
  return { committable, leftOut: leftOut.sort() };
}

/**
 * Commits the project's changes (operations never commit by themselves; deploy does, so a
 * deployment always names a commit): tracked files and the project's own new files, never
 * another untracked file (security: a `.env` with a token stays out of git). Returns
 * undefined when there was nothing to commit.
 */
export async function commitAll(
  dir: string,
  message: string,
  options?: GitOptions,
  changes?: ProjectChanges,
): Promise<string | undefined> {
  const root = resolve(dir);
  const { committable } = changes ?? (await projectChanges(root, options));
  if (committable.length === 0) return undefined;
  await gitAddTracked(root, options);
  await gitAdd(
    root,
    committable.filter((f) => f.status === '??').map((f) => f.path),
    options,
  );
  return gitCommit(root, message, options);
}
