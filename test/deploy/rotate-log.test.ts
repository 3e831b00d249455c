import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { rotateLog } from '../../src/deploy/local/rotate-log.js';

describe('local app log rotation', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'catalyst-log-'));
  });
  afterEach(async () => rm(dir, { recursive: true, force: true }));

  it('moves a log past the limit to .1 (replacing the older one) and leaves smaller logs alone', async () => {
    const file = path.join(dir, 'local.log');
    expect(rotateLog(file, 10)).toBe(false);
    await writeFile(file, 'short\n');
    expect(rotateLog(file, 10)).toBe(false);
    await writeFile(file, 'first run, long enough\n');
    expect(rotateLog(file, 10)).toBe(true);
    await writeFile(file, 'second run, long enough\n');
    expect(rotateLog(file, 10)).toBe(true);
    expect(await readFile(`${file}.1`, 'utf8')).toBe('second run, long enough\n');
    await expect(readFile(file, 'utf8')).rejects.toThrow('ENOENT');
  });
});
