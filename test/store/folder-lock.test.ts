import { spawn } from 'node:child_process';
import { access, mkdir, readFile, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { STALE_LOCK_MS, withFolderLock } from '../../src/store/folder-lock.js';
import { onStoreNotice } from '../../src/store/notices.js';
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

    // A live process (the test runner's parent) that took the lock a moment ago is waited for.
    await writeFile(join(dir, '.catalyst', 'edit.lock'), String(process.ppid));
    await expect(withFolderLock(dir, async () => 'never', { timeoutMs: 50 })).rejects.toThrow(
      `The project in ${dir} is being changed by another Catalyst process (pid ${process.ppid}): try again in a moment. If no such process runs, delete ${join(dir, '.catalyst', 'edit.lock')}.`,
    );
  });

  // Each of these used to block every change for 10 s and then fail.
  it.each([
    ['empty', () => '', /it held no process id/],
    ['a dead pid', () => '999999999\n', /its process \(pid 999999999\) is no longer running/],
    ['this process id, left by an earlier process', () => String(process.pid), /left by an earlier process/],
  ])('takes over a lock that is %s at once, with a notice', async (_what, content, why) => {
    const dir = await demoFolder();
    const lock = join(dir, '.catalyst', 'edit.lock');
    await mkdir(join(dir, '.catalyst'), { recursive: true });
    await writeFile(lock, content());
    const notices: string[] = [];
    const stop = onStoreNotice((m) => notices.push(m));
    try {
      // The change succeeds, and while it runs the lock file is this process's.
      const during = await withFolderLock(dir, () => readFile(lock, 'utf8'));
      expect(during).toBe(`${process.pid}\n`);
      expect(Object.keys(await setEnvVar(dir, 'AFTER', 'x'))).toContain('AFTER');
    } finally {
      stop();
    }
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatch(new RegExp(`^Took over the edit lock ${lock}: `));
    expect(notices[0]).toMatch(why);
    await expect(access(lock)).rejects.toThrow(/ENOENT/);
  });

  it('takes over a lock older than any change, even if its pid is in use', async () => {
    const dir = await demoFolder();
    const lock = join(dir, '.catalyst', 'edit.lock');
    await mkdir(join(dir, '.catalyst'), { recursive: true });
    await writeFile(lock, String(process.ppid));
    const old = new Date(Date.now() - STALE_LOCK_MS - 60_000);
    await utimes(lock, old, old);
    const notices: string[] = [];
    const stop = onStoreNotice((m) => notices.push(m));
    try {
      expect(Object.keys(await setEnvVar(dir, 'AFTER', 'x'))).toContain('AFTER');
    } finally {
      stop();
    }
    expect(notices).toEqual([expect.stringMatching(/: it is 6 minutes old, longer than any change takes/)]);
  });

  it('does not create .catalyst/ in a folder that is no project', async () => {
    const dir = join(await tempDir(), 'nothing');
    await expect(setEnvVar(dir, 'X', 'y')).rejects.toThrow(/^Project folder .* does not exist/);
    await expect(access(dir)).rejects.toThrow(/ENOENT/);
  });
});
