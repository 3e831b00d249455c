import { execFile } from 'node:child_process';
import { readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { CatalystError } from '../errors.js';
import { childEnv } from './child-env.js';

/**
 * A small wrapper over the git CLI. Arguments go to execFile as an array — never through
 * a shell — so names a user typed cannot become shell syntax.
 */

export interface GitOptions {
  /** Environment for git; defaults to this process's. */
  env?: NodeJS.ProcessEnv;
}

export interface GitCommit {
  sha: string;
  short: string;
  subject: string;
  author: string;
  /** ISO 8601, author date. */
  date: string;
}

export interface GitStatus {
  clean: boolean;
  /** Changed paths relative to the repository root, with porcelain status codes (`M`, `A`, `D`, `??`, `R`). */
  files: { path: string; status: string }[];
}

/** Used when no identity is configured, so a fresh machine can still commit. */
export const FALLBACK_IDENTITY = { name: 'Catalyst', email: 'catalyst@localhost' } as const;

const MAX_BUFFER = 64 * 1024 * 1024;

interface RunResult {
  stdout: string;
  stderr: string;
  code: number;
}

function run(dir: string, args: string[], options: GitOptions = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    execFile(
      'git',
      args,
      {
        cwd: dir,
        env: childEnv(options.env ?? process.env, {
          inherit: 'user',
          set: { GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C' },
        }),
        maxBuffer: MAX_BUFFER,
        encoding: 'utf8',
      },
      (error, stdout, stderr) => {
        if (error && (error as NodeJS.ErrnoException).code === 'ENOENT') {
          reject(
            new CatalystError(
              'git_failed',
              'git is not installed or not on PATH: install git (e.g. `apt-get install git`) and try again',
              { cause: error },
            ),
          );
          return;
        }
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ stdout, stderr, code });
      },
    );
  });
}

/** Runs git and throws a CatalystError naming the command and git's own first error line. */
async function git(dir: string, args: string[], options?: GitOptions): Promise<string> {
  const result = await run(dir, args, options);
  if (result.code !== 0) {
    throw new CatalystError(
      'git_failed',
      `git ${subcommand(args)} failed in ${dir}: ${firstLine(result.stderr || result.stdout)}`,
    );
  }
  return result.stdout;
}

/** The git subcommand of an argument list, past any `-c key=value` pairs. */
function subcommand(args: string[]): string {
  let i = 0;
  while (args[i] === '-c') i += 2;
  return args[i] ?? 'git';
}

function firstLine(text: string): string {
  const line = text
    .split('\n')
    .map((l) => l.trim())
    .find((l) => l !== '' && !l.startsWith('hint:'));
  return (line ?? 'unknown error').replace(/^(fatal|error): /, '');
}

export async function gitInit(dir: string, options?: GitOptions): Promise<void> {
  await git(dir, ['init', '--quiet', '--initial-branch=main'], options);
}

/** The root of the repository `dir` is in, or undefined outside any repository. */
export async function gitTopLevel(dir: string, options?: GitOptions): Promise<string | undefined> {
  const result = await run(dir, ['rev-parse', '--show-toplevel'], options);
  return result.code === 0 ? result.stdout.trim() : undefined;
}

/**
 * Stages the given paths (relative to `dir`; a folder stages what is in it), deletions
 * included. Paths are literal: a `*` in a file name is no pattern.
 */
export async function gitAdd(dir: string, paths: readonly string[], options?: GitOptions): Promise<void> {
  if (paths.length === 0) return;
  const env = { ...(options?.env ?? process.env), GIT_LITERAL_PATHSPECS: '1' };
  await git(dir, ['add', '--all', '--', ...paths], { ...options, env });
}

/** Stages changes and deletions of the files git already tracks under `dir`; adds no new file. */
export async function gitAddTracked(dir: string, options?: GitOptions): Promise<void> {
  await git(dir, ['add', '--update', '--', '.'], options);
}

/** Where `dir` is inside its repository: `''` at the top, else a path ending in `/`. */
export async function gitPrefix(dir: string, options?: GitOptions): Promise<string> {
  return (await git(dir, ['rev-parse', '--show-prefix'], options)).trim();
}

/**
 * Commits what is staged and returns the new commit's sha. When git has no user.name /
 * user.email, the fallback identity is passed with `-c` (lowest precedence: GIT_AUTHOR_*
 * variables still win).
 */
export async function gitCommit(dir: string, message: string, options?: GitOptions): Promise<string> {
  const identity: string[] = [];
  if (!(await configValue(dir, 'user.name', options)))
    identity.push('-c', `user.name=${FALLBACK_IDENTITY.name}`);
  if (!(await configValue(dir, 'user.email', options)))
    identity.push('-c', `user.email=${FALLBACK_IDENTITY.email}`);
  const staged = await run(dir, ['diff', '--cached', '--quiet'], options);
  if (staged.code === 0)
    throw new CatalystError('git_failed', `Nothing to commit in ${dir}: no changes are staged.`);
  await git(dir, [...identity, 'commit', '--quiet', '--no-verify', '-m', message], options);
  return (await git(dir, ['rev-parse', 'HEAD'], options)).trim();
}

async function configValue(dir: string, key: string, options?: GitOptions): Promise<string | undefined> {
  const result = await run(dir, ['config', '--get', key], options);
  const value = result.stdout.trim();
  return result.code === 0 && value !== '' ? value : undefined;
}

export async function gitStatus(dir: string, options?: GitOptions): Promise<GitStatus> {
  const out = await git(dir, ['status', '--porcelain=v1', '-z', '--untracked-files=all'], options);
  const entries = out.split('\0');
  const files: GitStatus['files'] = [];
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i]!;
    if (entry.length < 4) continue;
    const code = entry.slice(0, 2);
    files.push({ path: entry.slice(3), status: code.trim() || code });
    // A rename or copy is followed by its source path as a separate entry.
    if (code.startsWith('R') || code.startsWith('C')) i++;
  }
  return { clean: files.length === 0, files };
}

const FIELD = '\x1f';
const RECORD = '\x1e';

/** Newest first; an empty list for a repository without commits. */
export async function gitLog(
  dir: string,
  options: GitOptions & { limit?: number } = {},
): Promise<GitCommit[]> {
  if (!(await hasCommits(dir, options))) return [];
  const format = ['%H', '%h', '%s', '%an', '%aI'].join(FIELD) + RECORD;
  const args = ['log', `--format=${format}`];
  if (options.limit !== undefined) args.push('-n', String(options.limit));
  const out = await git(dir, args, options);
  return out
    .split(RECORD)
    .map((r) => r.replace(/^\n/, ''))
    .filter((r) => r !== '')
    .map((r) => {
      const [sha = '', short = '', subject = '', author = '', date = ''] = r.split(FIELD);
      return { sha, short, subject, author, date };
    });
}

export async function gitLastCommit(dir: string, options?: GitOptions): Promise<GitCommit | undefined> {
  const [last] = await gitLog(dir, { ...options, limit: 1 });
  return last;
}

async function hasCommits(dir: string, options?: GitOptions): Promise<boolean> {
  const result = await run(dir, ['rev-parse', '--verify', '--quiet', 'HEAD'], options);
  return result.code === 0;
}

export async function gitCurrentBranch(dir: string, options?: GitOptions): Promise<string> {
  // symbolic-ref works before the first commit, unlike rev-parse --abbrev-ref.
  return (await git(dir, ['symbolic-ref', '--short', 'HEAD'], options)).trim();
}

/** A file's content at a revision, without touching the work tree. */
export async function gitShowFile(
  dir: string,
  rev: string,
  path: string,
  options?: GitOptions,
): Promise<string> {
  const result = await run(dir, ['show', `${rev}:${path}`], options);
  if (result.code !== 0) {
    throw new CatalystError(
      'git_failed',
      `Cannot read ${path} at ${rev} in ${dir}: ${firstLine(result.stderr)}`,
    );
  }
  return result.stdout;
}

/** Paths of the files under `subdir` (recursively) at a revision, sorted; `''` lists the whole tree. */
export async function gitListFiles(
  dir: string,
  rev: string,
  subdir = '',
  options?: GitOptions,
): Promise<string[]> {
  const args = ['ls-tree', '-r', '--name-only', '-z', rev];
  if (subdir !== '') args.push('--', subdir.replace(/\/?$/, '/'));
  const result = await run(dir, args, options);
  if (result.code !== 0) {
    throw new CatalystError(
      'git_failed',
      `Cannot list files at ${rev} in ${dir}: ${firstLine(result.stderr)}`,
    );
  }
  return result.stdout
    .split('\0')
    .filter((p) => p !== '')
    .sort();
}

/** Resolves a revision (sha, short sha, branch, `HEAD~1`) to a full sha. */
export async function gitResolve(dir: string, rev: string, options?: GitOptions): Promise<string> {
  const result = await run(dir, ['rev-parse', '--verify', '--quiet', `${rev}^{commit}`], options);
  if (result.code !== 0) throw new CatalystError('not_found', `No commit ${rev} in ${dir}`);
  return result.stdout.trim();
}

/** What Catalyst reads of a repository: where it is, HEAD, and (when asked) the last commit and changes. */
export interface GitState {
  /** The repository's top folder, as git prints it (its real path). */
  root: string;
  /** The checked-out branch; null on a detached HEAD. */
  branch: string | null;
  /** Full sha of HEAD; null before the first commit. */
  sha: string | null;
  /** HEAD's commit, when asked for (`lastCommit: true`) and there is one. */
  lastCommit?: GitCommit;
  /** Uncommitted changes, when asked for (`status: true`: git walks the work tree). */
  status?: GitStatus;
}

type Head = Pick<GitState, 'root' | 'branch' | 'sha'>;

/**
 * The one reader of git state (the dashboard's cards, `project show`, the commit a lock
 * records): undefined when `dir` is in no repository. Branch and HEAD are read straight
 * from `.git` (HEAD, the loose ref, else packed-refs): the dashboard lists up to thousands
 * of projects, and two git processes per card would take seconds where three small files
 * take microseconds. Anything unusual (a worktree's `.git` file, a ref outside
 * refs/heads) is asked of git itself. Only `lastCommit` and `status` always run git.
 */
export async function gitState(
  dir: string,
  want: GitOptions & { lastCommit?: boolean; status?: boolean } = {},
): Promise<GitState | undefined> {
  // git status starts before anything is awaited: it walks the work tree in its own process
  // while HEAD is read here and while the caller goes on before awaiting this (the generator
  // indexes the project's files meanwhile). Porcelain paths are relative to the repository's
  // top whatever the folder git runs in. Outside a repository it fails, and is not asked.
  const statusAsked = want.status ? settled(gitStatus(path.resolve(dir), want)) : undefined;
  const fromFiles = await headFromFiles(path.resolve(dir));
  const head = fromFiles === 'ask-git' ? await headFromGit(dir, want) : fromFiles;
  if (head === undefined) return undefined;
  // Independent questions: both git processes run at once.
  const [lastCommit, status] = await Promise.all([
    want.lastCommit && head.sha !== null ? gitLastCommit(head.root, want) : undefined,
    statusAsked?.then(outcome),
  ]);
  return { ...head, ...(lastCommit ? { lastCommit } : {}), ...(status ? { status } : {}) };
}

type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

/** A promise that never rejects (so one started early and not awaited is no unhandled rejection). */
function settled<T>(promise: Promise<T>): Promise<Settled<T>> {
  return promise.then(
    (value) => ({ ok: true, value }),
    (error: unknown) => ({ ok: false, error }),
  );
}

function outcome<T>(s: Settled<T>): T {
  if (s.ok) return s.value;
  throw s.error;
}

const SHA = /^[0-9a-f]{40,64}$/;

/** HEAD from the nearest `.git` folder at or above `dir`; 'ask-git' when its layout is not the plain one. */
async function headFromFiles(dir: string): Promise<Head | undefined | 'ask-git'> {
  let folder = dir;
  for (;;) {
    const gitDir = path.join(folder, '.git');
    const found = await stat(gitDir).catch(() => undefined);
    if (found) return found.isDirectory() ? readHead(folder, gitDir) : 'ask-git';
    const parent = path.dirname(folder);
    if (parent === folder) return undefined;
    folder = parent;
  }
}

async function readHead(folder: string, gitDir: string): Promise<Head | 'ask-git'> {
  const head = (await readFile(path.join(gitDir, 'HEAD'), 'utf8').catch(() => '')).trim();
  const root = await realpath(folder).catch(() => folder);
  if (SHA.test(head)) return { root, branch: null, sha: head };
  const ref = /^ref: (refs\/heads\/.+)$/.exec(head)?.[1];
  if (!ref) return 'ask-git';
  const branch = ref.slice('refs/heads/'.length);
  const loose = (await readFile(path.join(gitDir, ref), 'utf8').catch(() => '')).trim();
  if (SHA.test(loose)) return { root, branch, sha: loose };
  const packed = await readFile(path.join(gitDir, 'packed-refs'), 'utf8').catch(() => '');
  for (const line of packed.split('\n')) {
    const [sha, name] = line.trim().split(' ');
    if (name === ref && sha && SHA.test(sha)) return { root, branch, sha };
  }
  // A branch without a commit yet (a fresh `git init`).
  return { root, branch, sha: null };
}

async function headFromGit(dir: string, options?: GitOptions): Promise<Head | undefined> {
  const root = await gitTopLevel(dir, options);
  if (root === undefined) return undefined;
  const [branch, sha] = await Promise.all([
    run(dir, ['symbolic-ref', '--quiet', '--short', 'HEAD'], options),
    run(dir, ['rev-parse', '--verify', '--quiet', 'HEAD'], options),
  ]);
  return {
    root,
    branch: branch.code === 0 ? branch.stdout.trim() : null,
    sha: sha.code === 0 ? sha.stdout.trim() : null,
  };
}
