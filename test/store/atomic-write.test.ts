import { spawn } from 'node:child_process';
import { mkdir, readdir, readFile, stat, watch, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CatalystError } from '../../src/errors.js';
import { atomicWrite } from '../../src/store/atomic-write.js';
import { stableJson } from '../../src/store/stable-json.js';
import { tempDir } from './helpers.js';

describe('atomicWrite', () => {
  it('replaces the file and leaves no temp file behind', async () => {
    const dir = await tempDir();
    const file = join(dir, 'catalyst.json');
    await writeFile(file, 'old\n');
    await atomicWrite(file, 'new\n');
    expect(await readFile(file, 'utf8')).toBe('new\n');
    expect(await readdir(dir)).toEqual(['catalyst.json']);
  });

  it('keeps the mode of an existing file', async () => {
    const dir = await tempDir();
    const file = join(dir, 'x.json');
    await writeFile(file, 'a', { mode: 0o600 });
    await atomicWrite(file, 'b');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
  });

  it('leaves the previous content intact and removes the temp file when the rename fails', async () => {
    const dir = await tempDir();
    // A non-empty directory where the file should go: the write succeeds, the rename cannot.
    const target = join(dir, 'catalyst.json');
    await mkdir(target);
    await writeFile(join(target, 'keep'), 'previous');
    const error = await atomicWrite(target, '{"new": true}\n').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CatalystError);
    expect((error as CatalystError).message).toMatch(
      new RegExp(`^Could not write ${target}: E[A-Z]+ .*The previous version is unchanged\\.$`),
    );
    expect(await readdir(dir)).toEqual(['catalyst.json']);
    expect(await readFile(join(target, 'keep'), 'utf8')).toBe('previous');
  });

  it('fails cleanly when the folder does not exist', async () => {
    const dir = await tempDir();
    await expect(atomicWrite(join(dir, 'missing', 'x.json'), 'x')).rejects.toThrow(
      /^Could not write .*ENOENT/,
    );
  });

  /** Runs atomicWrite(file, 'x' × size) in a child process; `shell` wraps the command. */
  function writeInChild(file: string, size: number, shell: string) {
    const script = `
      import { atomicWrite } from ${JSON.stringify(new URL('../../src/store/atomic-write.ts', import.meta.url).pathname)};
      try { await atomicWrite(${JSON.stringify(file)}, 'x'.repeat(${size})); console.log('finished'); }
      catch (error) { console.log(error.message); }
    `;
    const tsx = new URL('../../node_modules/tsx/dist/cli.mjs', import.meta.url).pathname;
    const child = spawn('bash', ['-c', shell, process.execPath, tsx, '--input-type=module', '-e', script], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    const done = new Promise<{ signal: string | null; out: string }>((resolve) =>
      child.on('exit', (_code, signal) => resolve({ signal, out })),
    );
    return { child, done };
  }

  it('fails mid-write (file size limit reached) without touching the previous file, and removes the temp', async () => {
    const dir = await tempDir();
    const file = join(dir, 'catalyst.json');
    await writeFile(file, '{"version": "old"}\n');
    const { done } = writeInChild(file, 8 * 1024 * 1024, 'ulimit -f 1024; exec "$0" "$@"');
    const { out } = await done;
    expect(out.trim()).toBe(
      `Could not write ${file}: EFBIG (file too large, write). The previous version is unchanged.`,
    );
    expect(await readFile(file, 'utf8')).toBe('{"version": "old"}\n');
    expect(await readdir(dir)).toEqual(['catalyst.json']);
  });

  it('survives a process killed in the middle of a write: the old file is intact, the temp is hidden', async () => {
    const dir = await tempDir();
    const file = join(dir, 'catalyst.json');
    await writeFile(file, '{"version": "old"}\n');
    const watcher = watch(dir);
    const { child, done } = writeInChild(file, 256 * 1024 * 1024, 'exec "$0" "$@"');
    // Kill the writer the moment its temp file appears, long before 256 MB are written.
    for await (const event of watcher) {
      if (event.filename?.endsWith('.tmp')) {
        child.kill('SIGKILL');
        break;
      }
    }
    const { signal, out } = await done;
    expect(signal).toBe('SIGKILL');
    expect(out).not.toContain('finished');
    expect(await readFile(file, 'utf8')).toBe('{"version": "old"}\n');
    const left = (await readdir(dir)).filter((n) => n !== 'catalyst.json');
    // The killed process left its partial temp file: hidden and *.tmp, so readers skip it.
    expect(left).toHaveLength(1);
    expect(left[0]).toMatch(/^\.catalyst\.json\.\d+\.[0-9a-f]{8}\.tmp$/);
  });
});

describe('stableJson', () => {
  it('writes 2-space JSON with a trailing newline, keys in the given order', () => {
    expect(stableJson({ b: 1, a: { d: [1, 2], c: 'x' } })).toBe(
      '{\n  "b": 1,\n  "a": {\n    "d": [\n      1,\n      2\n    ],\n    "c": "x"\n  }\n}\n',
    );
  });
});
