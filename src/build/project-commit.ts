import { realpath } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { gitState } from '../store/git.js';
import { cacheDirOf } from './generate-cache.js';

/**
 * The commit an app is generated at: the project's HEAD sha, with `-dirty` appended when
 * the working tree has uncommitted changes (as `git describe --dirty` does), so a lock
 * never claims a commit whose files differ from what was compiled. Changes inside the
 * output folder itself do not count — otherwise generating into the project would make
 * the next generation "dirty" — nor do the generation caches in `.catalyst/cache/`. `undefined` outside a repository or before the first commit.
 */
export async function projectCommit(projectDir: string, outDir?: string): Promise<string | undefined> {
  const git = await gitState(resolve(projectDir), { status: true });
  if (!git?.sha || !git.status) return undefined;
  const { root, sha, status } = git;
  // git prints the real path of the top level; compare against the real path of the output.
  const out = outDir === undefined ? undefined : await realOrResolved(outDir);
  const outRel = out === undefined ? undefined : relative(root, out).split(sep).join('/');
  const insideOut = (path: string) =>
    outRel !== undefined &&
    outRel !== '' &&
    !outRel.startsWith('..') &&
    (path === outRel || path.startsWith(`${outRel}/`));
  // Nor do the generation caches (see generate-cache.ts), should .catalyst/ not be ignored.
  const cacheRel = relative(root, await realOrResolved(cacheDirOf(projectDir)))
    .split(sep)
    .join('/');
  const dirty = status.files.some((f) => {
    const path = f.path.replace(/\/$/, '');
    return !insideOut(path) && path !== cacheRel && !path.startsWith(`${cacheRel}/`);
  });
  return dirty ? `${sha}-dirty` : sha;
}

/** The real path of `path`, resolving symlinks of its nearest existing ancestor (the output folder may not exist yet). */
async function realOrResolved(path: string): Promise<string> {
  const full = resolve(path);
  const real = await realpath(full).catch(() => undefined);
  if (real !== undefined) return real;
  const parent = dirname(full);
  return parent === full ? full : join(await realOrResolved(parent), basename(full));
}
