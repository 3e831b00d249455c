import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { removeDir } from './support.js';

/**
 * scripts/check-newest-fastapi.sh runs these tests on the newest FastAPI pip can install. It
 * needs a package index, so CI does not run it; what it does without one is tested here: a
 * usage error, and an install that fails stops it with a clear message before any test runs.
 */

const SCRIPT = 'scripts/check-newest-fastapi.sh';
const dirs: string[] = [];

afterAll(() => {
  for (const dir of dirs) removeDir(dir);
});

function run(args: string[], env: Record<string, string> = {}) {
  return spawnSync(SCRIPT, args, { encoding: 'utf8', env: { ...process.env, ...env }, timeout: 120_000 });
}

describe('scripts/check-newest-fastapi.sh', () => {
  it('says what --venv needs when it is given no folder (exit 2)', () => {
    const result = run(['--venv']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('--venv needs a folder');
  });

  it('stops with exit 1 and names the packages when pip cannot install them, before running any test', () => {
    const dir = mkdtempSync(join(tmpdir(), 'catalyst-newest-'));
    dirs.push(dir);
    const venv = join(dir, 'venv');
    // No index at all: pip's config files ignored, no index, no local wheels.
    const result = run(['--venv', venv], {
      BASE_PYTHON: '/usr/bin/python3',
      PIP_CONFIG_FILE: '/dev/null',
      PIP_NO_INDEX: '1',
      PIP_FIND_LINKS: '',
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      'pip could not install fastapi uvicorn httpx pytest prometheus-client asyncpg',
    );
    expect(result.stdout).not.toContain('Versions under test');
    // The folder it was given is kept (a reused virtualenv is not deleted).
    expect(existsSync(join(venv, 'bin', 'python'))).toBe(true);
  }, 120_000);
});
