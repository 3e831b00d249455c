import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { bareGitEnv, tempDir } from '../store/helpers.js';

const BIN = new URL('../../bin/catalyst.js', import.meta.url).pathname;

/**
 * Runs the CLI on a real pseudo-terminal (Python's pty module), types `keys` once the
 * prompt appears, and returns everything the terminal showed plus the exit status.
 */
const PTY_DRIVER = `
import json, os, pty, select, sys, time
keys = sys.argv[1].encode()
pid, fd = pty.fork()
if pid == 0:
    os.execvp(sys.argv[2], sys.argv[2:])
shown, typed, deadline = b"", False, time.time() + 60
while time.time() < deadline:
    ready, _, _ = select.select([fd], [], [], 0.1)
    if ready:
        try:
            data = os.read(fd, 4096)
        except OSError:
            break
        if not data:
            break
        shown += data
    if not typed and b"(input hidden): " in shown:
        time.sleep(0.2)
        os.write(fd, keys)
        typed = True
_, status = os.waitpid(pid, 0)
print(json.dumps({"shown": shown.decode("utf8", "replace"), "code": os.waitstatus_to_exitcode(status)}))
`;

function onTerminal(argv: string[], keys: string, cwd: string, env: NodeJS.ProcessEnv) {
  return new Promise<{ shown: string; code: number }>((resolve, reject) => {
    execFile(
      '/usr/bin/python3',
      ['-c', PTY_DRIVER, keys, process.execPath, BIN, ...argv],
      { cwd, env },
      (error, stdout) => (error ? reject(error) : resolve(JSON.parse(stdout))),
    );
  });
}

describe('secret set on a terminal', () => {
  it('reads the value with echo off, and Ctrl-C cancels', async () => {
    const cwd = await tempDir('catalyst-tty-');
    const env = { ...bareGitEnv(join(cwd, '.home')), CATALYST_HOME: join(cwd, '.ws') };
    const quiet = { write: () => true };
    expect(await main(['init', 'p'], { cwd, env, stdout: quiet, stderr: quiet })).toBe(0);

    const typed = await onTerminal(['secret', 'set', 'TOKEN', '--project', 'p'], 'typed-s3cret\r', cwd, env);
    expect(typed.code).toBe(0);
    expect(typed.shown).toContain('Value of TOKEN (input hidden): ');
    expect(typed.shown).toContain('Saved secret TOKEN');
    expect(typed.shown).not.toContain('typed-s3cret');

    let revealed = '';
    await main(['secret', 'reveal', 'TOKEN', '--project', 'p'], {
      cwd,
      env,
      stdout: { write: (s: string) => (revealed += s) },
      stderr: quiet,
    });
    expect(revealed).toBe('typed-s3cret\n');

    const cancelled = await onTerminal(['secret', 'set', 'OTHER', '--project', 'p'], 'abc\u0003', cwd, env);
    expect(cancelled.code).toBe(1);
    expect(cancelled.shown).toContain('error: Cancelled: the secret was not changed.');
  });
});
