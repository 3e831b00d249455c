import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { childEnv } from '../store/child-env.js';
import { CatalystError } from '../store/errors.js';
import {
  type GitCommit,
  type GitOptions,
  gitCurrentBranch,
  gitLastCommit,
  gitStatus,
  gitTopLevel,
} from '../store/git.js';
import { loadState } from '../store/operations/session.js';

export interface ProjectGitInfo {
  branch: string;
  lastCommit?: GitCommit;
  dirty: boolean;
  /** Paths with uncommitted changes. */
  changedFiles: string[];
  /** `git.repoUrl` from catalyst.json, when set. */
  repoUrl?: string;
}

/** Branch, last commit and dirty state of a project folder (the studio's git panel). */
export async function projectGitInfo(projectDir: string, options?: GitOptions): Promise<ProjectGitInfo> {
  const dir = resolve(projectDir);
  if ((await gitTopLevel(dir, options)) === undefined) {
    throw new CatalystError('git_failed', `${dir} is not a git repository: run \`git init\` there.`);
  }
  const [branch, lastCommit, status, state] = await Promise.all([
    gitCurrentBranch(dir, options),
    gitLastCommit(dir, options),
    gitStatus(dir, options),
    loadState(dir),
  ]);
  const repoUrl = state.manifest.git?.repoUrl;
  return {
    branch,
    ...(lastCommit === undefined ? {} : { lastCommit }),
    dirty: !status.clean,
    changedFiles: status.files.map((f) => f.path),
    ...(repoUrl === undefined ? {} : { repoUrl }),
  };
}

/**
 * Pushes the current branch to `git.repoUrl` (to `git.branch` when set). The URL is passed
 * as an argument to git without a shell; credentials come from the user's git setup,
 * never from Catalyst, and git's prompt is disabled so a missing credential fails fast.
 */
export async function pushProject(projectDir: string, options: GitOptions = {}): Promise<string> {
  const dir = resolve(projectDir);
  const state = await loadState(dir);
  const repoUrl = state.manifest.git?.repoUrl;
  if (repoUrl === undefined) {
    throw new CatalystError(
      'invalid_input',
      'This project has no git.repoUrl in catalyst.json: set it (e.g. `catalyst project set --repo-url URL`) before pushing.',
      { file: 'catalyst.json', path: '$.git.repoUrl' },
    );
  }
  const branch = await gitCurrentBranch(dir, options);
  const remoteBranch = state.manifest.git?.branch ?? branch;
  return new Promise((resolvePush, reject) => {
    execFile(
      'git',
      ['push', repoUrl, `HEAD:refs/heads/${remoteBranch}`],
      {
        cwd: dir,
        env: childEnv(options.env ?? process.env, { inherit: 'user', set: { GIT_TERMINAL_PROMPT: '0' } }),
        encoding: 'utf8',
      },
      (error, stdout, stderr) => {
        if (error) {
          // git's first line says what went wrong; the lines after it are generic advice.
          const first = (stderr || stdout)
            .split('\n')
            .map((l) => l.trim())
            .find((l) => l !== '' && !l.startsWith('hint:'));
          const why = (first ?? error.message).replace(/^(fatal|error): /, '');
          reject(new CatalystError('git_failed', `git push to ${repoUrl} failed: ${why}`));
          return;
        }
        resolvePush(`${branch} → ${repoUrl} ${remoteBranch}`);
      },
    );
  });
}
