import { readFile } from 'node:fs/promises';
import path from 'node:path';

export interface GitHead {
  branch: string | null;
  /** Full sha of HEAD; null before the first commit. */
  sha: string | null;
}

/**
 * Branch and commit of a repository read straight from `.git` (HEAD, the loose ref, else
 * packed-refs). The dashboard lists up to thousands of projects; spawning two git processes
 * per card would take seconds, reading three small files takes microseconds. Returns nulls
 * for anything unusual (no repository, a worktree `.git` file) rather than guessing.
 */
export async function readGitHead(folder: string): Promise<GitHead> {
  const gitDir = path.join(folder, '.git');
  const head = (await readFile(path.join(gitDir, 'HEAD'), 'utf8').catch(() => '')).trim();
  if (head === '') return { branch: null, sha: null };
  if (/^[0-9a-f]{40,64}$/.test(head)) return { branch: null, sha: head };
  const ref = /^ref: (refs\/heads\/.+)$/.exec(head)?.[1];
  if (!ref) return { branch: null, sha: null };
  const branch = ref.slice('refs/heads/'.length);
  const loose = (await readFile(path.join(gitDir, ref), 'utf8').catch(() => '')).trim();
  if (/^[0-9a-f]{40,64}$/.test(loose)) return { branch, sha: loose };
  const packed = await readFile(path.join(gitDir, 'packed-refs'), 'utf8').catch(() => '');
  for (const line of packed.split('\n')) {
    const [sha, name] = line.trim().split(' ');
    if (name === ref && sha && /^[0-9a-f]{40,64}$/.test(sha)) return { branch, sha };
  }
  return { branch, sha: null };
}

const SHORT_SHA_LENGTH = 7;

export function shortSha(sha: string | null): string | null {
  return sha === null ? null : sha.slice(0, SHORT_SHA_LENGTH);
}
