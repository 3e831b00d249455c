import { CatalystError } from '../errors.js';
import { type GitOptions, gitResolve, gitTopLevel } from '../store/git.js';
import { commitAll, projectChanges } from '../store/operations/commit.js';

/** The message of the commit Catalyst makes when a deploy finds uncommitted changes. */
export function autoCommitMessage(targetId: string): string {
  return `catalyst: deploy ${targetId}`;
}

const LISTED_FILES = 10;

/** "3 files: a, b, c" — at most LISTED_FILES names, then how many more. */
function listFiles(paths: readonly string[]): string {
  const shown = paths.slice(0, LISTED_FILES);
  const more = paths.length > LISTED_FILES ? `, and ${paths.length - LISTED_FILES} more` : '';
  return `${shown.join(', ')}${more}`;
}

/**
 * Makes sure what is deployed is a commit: the project's changes are committed (or, with
 * `noCommit`, refused). Only the project's own files and files git already tracks are
 * committed; other untracked files are named in the log and left out. Returns the full
 * sha of HEAD afterwards.
 */
export async function prepareCommit(
  dir: string,
  targetId: string,
  options: { noCommit: boolean; log: (line: string) => void; git?: GitOptions },
): Promise<string> {
  if ((await gitTopLevel(dir, options.git)) === undefined) {
    throw new CatalystError(
      'git_failed',
      `${dir} is not a git repository: run \`git init\` there and commit the project, then deploy again.`,
    );
  }
  const changes = await projectChanges(dir, options.git);
  const { committable, leftOut } = changes;
  if (committable.length > 0) {
    const count = committable.length;
    const files = `${count} ${count === 1 ? 'file' : 'files'}: ${listFiles(committable.map((f) => f.path))}`;
    if (options.noCommit) {
      throw new CatalystError(
        'conflict',
        `The project has uncommitted changes (${files}). Commit them first, or deploy without --no-commit to let Catalyst commit them.`,
      );
    }
    const message = autoCommitMessage(targetId);
    const sha = await commitAll(dir, message, options.git, changes);
    if (sha !== undefined)
      options.log(`Committed uncommitted changes (${files}) as ${sha.slice(0, 7)} "${message}"`);
  }
  if (leftOut.length > 0) {
    options.log(
      `Left out of the commit: ${listFiles(leftOut)} (not the project's files; \`git add\` them yourself if they belong in git)`,
    );
  }
  try {
    return await gitResolve(dir, 'HEAD', options.git);
  } catch {
    throw new CatalystError(
      'git_failed',
      `${dir} has no commits yet: commit the project, then deploy again.`,
    );
  }
}
