import type { ProjectSource, SourceFile } from '../model/project-files.js';
import { type GitOptions, gitListFiles, gitShowFile } from '../store/git.js';
import { MANIFEST_FILE, WORKFLOWS_DIR } from '../store/project-folder.js';

/**
 * A project's files as they were at `commit`, read from git objects — the work tree is
 * never touched, so a rollback can regenerate an old app while the user keeps editing.
 * Mirrors `readProjectSource`: `workflows/*.json` directly in the folder, hidden files skipped.
 */
export async function sourceAtCommit(
  dir: string,
  commit: string,
  options?: GitOptions,
): Promise<ProjectSource> {
  const manifest: SourceFile = {
    path: MANIFEST_FILE,
    text: await gitShowFile(dir, commit, MANIFEST_FILE, options),
  };
  const paths = (await gitListFiles(dir, commit, WORKFLOWS_DIR, options)).filter((p) => {
    const name = p.slice(WORKFLOWS_DIR.length + 1);
    return !name.includes('/') && !name.startsWith('.') && name.endsWith('.json');
  });
  const workflows: SourceFile[] = [];
  for (const p of paths) workflows.push({ path: p, text: await gitShowFile(dir, commit, p, options) });
  return { manifest, workflows };
}
