import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in-process with captured streams; stdin holds `input` (empty by default). */
export async function runCli(
  argv: string[],
  env: NodeJS.ProcessEnv,
  cwd: string,
  input = '',
): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const stdin = Object.assign(
    (async function* () {
      if (input !== '') yield input;
    })(),
    { isTTY: false },
  );
  const code = await main(argv, {
    cwd,
    env,
    stdin,
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    isTTY: false,
  });
  return { code, stdout, stderr };
}

/** A temp folder with a workspace home, removed by `cleanup`. */
export async function sandbox(): Promise<{ root: string; env: NodeJS.ProcessEnv; cleanup(): Promise<void> }> {
  const root = await mkdtemp(join(tmpdir(), 'catalyst-build-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    CATALYST_HOME: join(root, 'home'),
    CATALYST_SECRET_KEY: 'a test passphrase that is long enough',
    GIT_AUTHOR_NAME: 'Test',
    GIT_AUTHOR_EMAIL: 'test@example.com',
    GIT_COMMITTER_NAME: 'Test',
    GIT_COMMITTER_EMAIL: 'test@example.com',
  };
  return { root, env, cleanup: () => rm(root, { recursive: true, force: true }) };
}
