import { execFileSync } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  addSecret,
  commitAll,
  deleteEnvVar,
  deleteSecret,
  listSecrets,
  loadState,
  revealSecret,
  setEnvVar,
  setSecret,
  updateSecret,
} from '../../src/store/project-store.js';
import { openWorkspace, type Workspace } from '../../src/workspace/workspace.js';
import { demoFolder, tempDir } from './helpers.js';

const VALUE = 'sk-live-Zq9v7Xw2-this-must-never-leak';

async function withWorkspace(test: (ws: Workspace, dir: string) => Promise<void>) {
  const dir = await demoFolder();
  const ws = openWorkspace({ home: join(await tempDir(), 'ws'), env: {} });
  try {
    await test(ws, dir);
  } finally {
    ws.close();
  }
}

/** Every file under dir, .git included, as one string. */
async function everything(dir: string): Promise<string> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) out.push((await readFile(join(entry.parentPath, entry.name))).toString('latin1'));
  }
  return out.join('\n');
}

describe('secrets', () => {
  it('keeps the value in the vault and only name and description in catalyst.json, git and listings', async () => {
    await withWorkspace(async (ws, dir) => {
      const meta = await setSecret(dir, ws, { name: 'API_TOKEN', value: VALUE, description: 'upstream' });
      expect(meta).toEqual({ name: 'API_TOKEN', description: 'upstream', updatedAt: meta.updatedAt });
      const { manifest } = await loadState(dir);
      expect(manifest.secrets['API_TOKEN']).toEqual(meta);
      expect(await revealSecret(dir, ws, 'API_TOKEN')).toBe(VALUE);
      const listing = await listSecrets(dir, ws);
      expect(listing).toEqual([{ ...meta, hasValue: true }]);
      expect(JSON.stringify(listing)).not.toContain(VALUE);

      await commitAll(dir, 'Add API_TOKEN');
      const history = execFileSync('git', ['log', '-p', '--all'], { cwd: dir, encoding: 'utf8' });
      expect(history).toContain('API_TOKEN');
      expect(history).not.toContain(VALUE);
      expect(await everything(dir)).not.toContain(VALUE);
    });
  });

  it('updates the description without touching the value, and the value alone', async () => {
    await withWorkspace(async (ws, dir) => {
      await setSecret(dir, ws, { name: 'API_TOKEN', value: 'one' });
      const described = await setSecret(dir, ws, { name: 'API_TOKEN', description: 'new words' });
      expect(described.description).toBe('new words');
      expect(await revealSecret(dir, ws, 'API_TOKEN')).toBe('one');
      await updateSecret(dir, ws, { name: 'API_TOKEN', value: 'two' });
      expect(await revealSecret(dir, ws, 'API_TOKEN')).toBe('two');
      expect((await loadState(dir)).manifest.secrets['API_TOKEN']?.description).toBe('new words');
      const cleared = await setSecret(dir, ws, { name: 'API_TOKEN', description: null });
      expect(cleared.description).toBeUndefined();
    });
  });

  it('refuses bad names, empty and missing values, duplicates and clashes with env vars', async () => {
    await withWorkspace(async (ws, dir) => {
      await expect(setSecret(dir, ws, { name: 'api-token', value: 'x' })).rejects.toThrow(
        'Invalid secret: name: Invalid name: use upper-case letters, digits and _, not starting with a digit (e.g. OPENAI_API_KEY)',
      );
      await expect(setSecret(dir, ws, { name: 'NEW_ONE' })).rejects.toThrow(
        'Secret NEW_ONE is new: give it a value.',
      );
      await expect(setSecret(dir, ws, { name: 'NEW_ONE', value: '' })).rejects.toThrow(
        'Invalid secret: value: The value is empty',
      );
      await expect(setSecret(dir, ws, { name: 'LOG_LEVEL', value: 'x' })).rejects.toThrow(
        'LOG_LEVEL is already an env var of this project; a secret and an env var cannot share a name (both become environment variables of the app).',
      );
      await addSecret(dir, ws, { name: 'DB_URL', value: 'postgres://x' });
      await expect(addSecret(dir, ws, { name: 'DB_URL', value: 'y' })).rejects.toThrow(
        'Secret DB_URL already exists: update it instead.',
      );
      await expect(updateSecret(dir, ws, { name: 'NOPE', value: 'y' })).rejects.toThrow(
        'No secret NOPE in project demo (secrets: API_TOKEN, DB_URL).',
      );
    });
  });

  it('lists declared secrets without a value in this workspace, and deletes metadata and value', async () => {
    await withWorkspace(async (ws, dir) => {
      expect(await listSecrets(dir, ws)).toEqual([
        { name: 'API_TOKEN', description: expect.any(String), hasValue: false },
      ]);
      await expect(revealSecret(dir, ws, 'API_TOKEN')).rejects.toThrow(
        'Secret API_TOKEN has no value in this workspace: set it with `catalyst secret set API_TOKEN` (the value is read from stdin).',
      );
      await setSecret(dir, ws, { name: 'API_TOKEN', value: VALUE });
      const { manifest } = await loadState(dir);
      await deleteSecret(dir, ws, 'API_TOKEN');
      expect((await loadState(dir)).manifest.secrets).toEqual({});
      expect(ws.vault.has(manifest.id, 'API_TOKEN')).toBe(false);
      await expect(deleteSecret(dir, ws, 'API_TOKEN')).rejects.toThrow(
        'No secret API_TOKEN in project demo (secrets: none).',
      );
    });
  });
});

describe('env vars', () => {
  it('sets, overwrites and deletes env vars', async () => {
    const dir = await demoFolder();
    expect(await setEnvVar(dir, 'REGION', 'eu')).toEqual({ LOG_LEVEL: 'info', REGION: 'eu' });
    expect(await setEnvVar(dir, 'LOG_LEVEL', 'debug')).toEqual({ LOG_LEVEL: 'debug', REGION: 'eu' });
    expect(await deleteEnvVar(dir, 'REGION')).toEqual({ LOG_LEVEL: 'debug' });
    await expect(deleteEnvVar(dir, 'REGION')).rejects.toThrow(
      'No env var REGION in project demo (env vars: LOG_LEVEL).',
    );
    await expect(setEnvVar(dir, 'log level', 'x')).rejects.toThrow(
      'Invalid env var: name: Invalid name: use upper-case letters, digits and _, not starting with a digit (e.g. OPENAI_API_KEY)',
    );
    await expect(setEnvVar(dir, 'API_TOKEN', 'x')).rejects.toThrow(
      'API_TOKEN is already a secret of this project; a secret and an env var cannot share a name (both become environment variables of the app).',
    );
  });

  it('serialises concurrent changes to one project, losing none', async () => {
    const dir = await demoFolder();
    await Promise.all(Array.from({ length: 10 }, (_, i) => setEnvVar(dir, `VAR_${i}`, String(i))));
    const { envVars } = (await loadState(dir)).manifest;
    expect(Object.keys(envVars)).toHaveLength(11);
  });
});
