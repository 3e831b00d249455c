import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { readTree } from '../../support/file-tree.js';
import { goldenUpdateRequested } from '../../support/golden.js';

const REPO = fileURLToPath(new URL('../../../', import.meta.url));
const GOLDEN_ROOT = fileURLToPath(new URL('../../golden/', import.meta.url));
const VITEST = fileURLToPath(new URL('../../../node_modules/vitest/vitest.mjs', import.meta.url));

describe('UPDATE_GOLDEN', () => {
  it('is refused under CI with an error that says what to do, and means an update only when it is 1', () => {
    for (const ci of ['1', 'true', 'github-actions'])
      expect(() => goldenUpdateRequested({ CI: ci, UPDATE_GOLDEN: '1' })).toThrow(
        /UPDATE_GOLDEN=1 is refused because CI=.* is set.*Refresh them locally with `UPDATE_GOLDEN=1 npx vitest run/,
      );
    expect(() => goldenUpdateRequested({ CI: 'true', UPDATE_GOLDEN: 'yes' })).toThrow(/refused/);
    expect(goldenUpdateRequested({ CI: 'true' })).toBe(false);
    expect(goldenUpdateRequested({ CI: 'false', UPDATE_GOLDEN: '1' })).toBe(true);
    expect(goldenUpdateRequested({ UPDATE_GOLDEN: '1' })).toBe(true);
    expect(goldenUpdateRequested({ UPDATE_GOLDEN: '0' })).toBe(false);
    expect(goldenUpdateRequested({})).toBe(false);
  });

  it('makes the golden test fail under CI=1 without touching a golden file', {
    timeout: 180_000,
  }, async () => {
    const before = await readTree(GOLDEN_ROOT);
    const run = await promisify(execFile)(
      process.execPath,
      [VITEST, 'run', 'test/compiler/platform/golden.test.ts'],
      { cwd: REPO, env: { ...process.env, CI: '1', UPDATE_GOLDEN: '1', NO_COLOR: '1' }, maxBuffer: 16 << 20 },
    ).then(
      () => ({ failed: false, output: '' }),
      (error: { stdout: string; stderr: string }) => ({ failed: true, output: error.stdout + error.stderr }),
    );
    expect(run.failed).toBe(true);
    expect(run.output).toContain('UPDATE_GOLDEN=1 is refused because CI=1 is set');
    expect(await readTree(GOLDEN_ROOT)).toEqual(before);
  });
});
