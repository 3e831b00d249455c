import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { createProject } from '../../src/store/project-store.js';

const created: string[] = [];

/** A fresh temp folder, removed after the current test. */
export async function tempDir(prefix = 'catalyst-test-'): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  created.push(dir);
  return dir;
}

afterEach(async () => {
  await Promise.all(created.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

/**
 * An environment in which git has no identity and no user configuration at all — as on a
 * fresh machine — so the store's fallback identity is what commits.
 */
export function bareGitEnv(home: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { PATH: process.env['PATH'], HOME: home, GIT_CONFIG_NOSYSTEM: '1' };
  env['GIT_CONFIG_GLOBAL'] = join(home, 'no-gitconfig');
  return env;
}

/** A fresh demo project (catalyst init --example) in a temp folder; returns its folder. */
export async function demoFolder(): Promise<string> {
  const dir = join(await tempDir(), 'demo');
  await createProject(dir, { example: true });
  return dir;
}

// biome-ignore lint/suspicious/noExplicitAny: tests look into arbitrary JSON files
export async function readJson(path: string): Promise<any> {
  return JSON.parse(await readFile(path, 'utf8'));
}
