import { join } from 'node:path';
import { Readable } from 'node:stream';
import { main } from '../../src/cli/main.js';
import { bareGitEnv, tempDir } from '../store/helpers.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export interface Sandbox {
  /** Working folder for commands. */
  cwd: string;
  /** Environment: its own CATALYST_HOME, no git identity. */
  env: NodeJS.ProcessEnv;
  /** Runs `catalyst ...argv` in-process. */
  run(argv: string[], stdin?: string | AsyncIterable<string>): Promise<CliRun>;
}

export async function sandbox(extraEnv: NodeJS.ProcessEnv = {}): Promise<Sandbox> {
  const cwd = await tempDir('catalyst-cli-');
  const env = { ...bareGitEnv(join(cwd, '.home')), CATALYST_HOME: join(cwd, '.catalyst-home'), ...extraEnv };
  return {
    cwd,
    env,
    async run(argv, stdin) {
      let stdout = '';
      let stderr = '';
      const input = typeof stdin === 'string' ? Readable.from([stdin]) : (stdin ?? Readable.from([]));
      const code = await main(argv, {
        cwd,
        env,
        stdin: input,
        stdout: { write: (s: string) => (stdout += s) },
        stderr: { write: (s: string) => (stderr += s) },
        isTTY: false,
      });
      return { code, stdout, stderr };
    },
  };
}
