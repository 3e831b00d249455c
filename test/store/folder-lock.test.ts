import { spawn } from 'node:child_process';
import { access, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { withFolderLock } from '../../src/store/folder-lock.js';
import { loadState, setEnvVar } from '../../src/store/project-store.js';
import { demoFolder, tempDir } from './helpers.js';

const STORE = new URL('../../src/store/project-store.ts', import.meta.url).pathname;
const TSX = new URL('../../node_modules/tsx/dist/cli.mjs', import.meta.url).pathname;

/** A separate process that sets `count` env vars on the project, one change at a time. */
function writer(dir: string, prefix: string, count: number): Promise<number | null> {
  const script = `
    import { setEnvVar } from ${JSON.stringify(STORE)};
    for (let i = 0; i < ${count}; i++) await setEnvVar(${JSON.stringify(dir)}, '${prefix}_' + i, String(i));
  `;
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [TSX, '--input-type=module', '-e', script], { stdio: 'inherit' });
    child.on('exit', resolve);
  });
}

describe('edit lock across processes', () => {
  it('loses no change when two processes edit one project at the same time', async () => {
    const dir = await demoFolder();
    const codes = await Promise.all([writer(dir, 'A', 15), writer(dir, 'B', 15)]);
    expect(codes).toEqual([0, 0]);
    const { envVars } = (await loadState(dir)).manifest;
    expect(Object.keys(envVars).filter((k) => k !== 'LOG_LEVEL')).toHaveLength(30);
    // The lock is released after each change.
    await expect(access(join(dir, '.catalyst', 'edit.lock'))).rejects.toThrow(/ENOENT/);
  });

  it('takes over the lock of a process that died, and times out on a live one', async () => {
    const dir = await demoFolder();
    await withFolderLock(dir, async () => undefined);
    await writeFile(join(dir, '.catalyst', 'edit.lock'), '999999999');
    expect(Object.keys(await setEnvVar(dir, 'AFTER', 'x'))).toContain('AFTER');

    await writeFile(join(dir, '.catalyst', 'edit.lock'), String(process.pid));
    await expect(withFolderLock(dir, async () => 'never', { timeoutMs: 50 })).rejects.toThrow(
      `The project in ${dir} is being changed by another Catalyst process (pid ${process.pid}): try again in a moment. If no such process runs, delete ${join(dir, '.catalyst', 'edit.lock')}.`,
    );
  });

  it('does not create .catalyst/ in a folder that is no project', async () => {
    const dir = join(await tempDir(), 'nothing');
    await expect(setEnvVar(dir, 'X', 'y')).rejects.toThrow(/^Project folder .* does not exist/);
    await expect(access(dir)).rejects.toThrow(/ENOENT/);
  });
});
