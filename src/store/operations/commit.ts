import { resolve } from 'node:path';
import { type GitOptions, gitAdd, gitCommit, gitStatus } from '../git.js';

/**
 * Commits everything in the project folder (operations never commit by themselves; deploy
 * does, so a deployment always names a commit). Returns undefined when nothing changed.
 */
export async function commitAll(
  dir: string,
  message: string,
  options?: GitOptions,
): Promise<string | undefined> {
  const root = resolve(dir);
  if ((await gitStatus(root, options)).clean) return undefined;
  await gitAdd(root, [], options);
  return gitCommit(root, message, options);
}
