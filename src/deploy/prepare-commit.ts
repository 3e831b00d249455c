import { CatalystError } from '../store/errors.js';
import { type GitOptions, gitResolve, gitStatus, gitTopLevel } from '../store/git.js';
import { commitAll } from '../store/operations/commit.js';

/** The message of the commit Catalyst makes when a deploy finds uncommitted changes. */
export function autoCommitMessage(targetId: string): string {
  return `catalyst: deploy ${targetId}`;
}

const LISTED_FILES = 5;

/**
 * Makes sure what is deployed is a commit: a dirty tree is committed (or, with
 * `noCommit`, refused). Returns the full sha of HEAD afterwards.
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
  const status = await gitStatus(dir, options.git);
  if (!status.clean) {
    const count = status.files.length;
    const shown = status.files.slice(0, LISTED_FILES).map((f) => f.path);
    const more = count > LISTED_FILES ? `, and ${count - LISTED_FILES} more` : '';
    const files = `${count} ${count === 1 ? 'file' : 'files'}: ${shown.join(', ')}${more}`;
    if (options.noCommit) {
      throw new CatalystError(
        'conflict',
        `The project has uncommitted changes (${files}). Commit them first, or deploy without --no-commit to let Catalyst commit them.`,
      );
    }
    const message = autoCommitMessage(targetId);
    const sha = await commitAll(dir, message, options.git);
    if (sha !== undefined)
      options.log(`Committed uncommitted changes (${files}) as ${sha.slice(0, 7)} "${message}"`);
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
