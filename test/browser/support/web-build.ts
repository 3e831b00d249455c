import { execFile } from 'node:child_process';
import { mkdir, readdir, rmdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(fileURLToPath(new URL('../../..', import.meta.url)));
export const WEB_ROOT = path.join(REPO_ROOT, 'dist/web');
const LOCK = path.join(REPO_ROOT, 'dist/.web-build.lock');

async function newestMtime(dir: string): Promise<number> {
  let newest = 0;
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? await newestMtime(p) : (await stat(p)).mtimeMs);
  }
  return newest;
}

async function isStale(): Promise<boolean> {
  const built = await stat(path.join(WEB_ROOT, 'index.html')).then(
    (s) => s.mtimeMs,
    () => 0,
  );
  const sources = Math.max(
    await newestMtime(path.join(REPO_ROOT, 'src/web')),
    await newestMtime(path.join(REPO_ROOT, 'src/server')),
    (await stat(path.join(REPO_ROOT, 'vite.config.ts'))).mtimeMs,
    // How the bundle is built (below) is a source too.
    (await stat(fileURLToPath(import.meta.url))).mtimeMs,
  );
  return built < sources;
}

/**
 * Builds the SPA when dist/web is older than its sources. Browser test files run in
 * parallel, so a directory lock makes the second one wait for the first one's build.
 */
export async function ensureWebBuilt(): Promise<void> {
  await mkdir(path.dirname(LOCK), { recursive: true });
  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      await mkdir(LOCK);
      break;
    } catch {
      if (Date.now() > deadline)
        throw new Error(`Timed out waiting for ${LOCK}; remove it if no build is running.`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  try {
    if (!(await isStale())) return;
    await new Promise<void>((resolve, reject) => {
      execFile(
        process.execPath,
        [path.join(REPO_ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'],
        // The bundle users get: vitest sets NODE_ENV=test, which would build React's development
        // mode (StrictMode runs every effect twice there, so a page's requests are doubled).
        { cwd: REPO_ROOT, maxBuffer: 16 * 1024 * 1024, env: { ...process.env, NODE_ENV: 'production' } },
        (error, _stdout, stderr) => (error ? reject(new Error(`vite build failed:\n${stderr}`)) : resolve()),
      );
    });
  } finally {
    await rmdir(LOCK);
  }
}
