import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { open, seal } from '../../src/workspace/vault/cipher.js';
import { openWorkspace } from '../../src/workspace/workspace.js';
import { runCli, sandbox } from '../build/cli-harness.js';
import { tempDir } from '../store/helpers.js';

const PASSPHRASE = 'correct horse battery staple';

async function home() {
  return join(await tempDir(), 'ws');
}

describe('secret vault', () => {
  it('round-trips values with a key file created 0600, scoped per project', async () => {
    const dir = await home();
    const ws = openWorkspace({ home: dir, env: {} });
    try {
      ws.vault.set('proj_a', 'API_TOKEN', 'tok-α-123');
      ws.vault.set('proj_b', 'API_TOKEN', 'other');
      expect(ws.vault.reveal('proj_a', 'API_TOKEN')).toBe('tok-α-123');
      expect(ws.vault.reveal('proj_b', 'API_TOKEN')).toBe('other');
      expect(ws.vault.has('proj_a', 'API_TOKEN')).toBe(true);
      expect(ws.vault.has('proj_c', 'API_TOKEN')).toBe(false);
      expect(ws.vault.list('proj_a').map((s) => s.name)).toEqual(['API_TOKEN']);
      const keyFile = join(dir, 'secret.key');
      expect((await stat(keyFile)).mode & 0o777).toBe(0o600);
      expect((await readFile(keyFile, 'utf8')).trim()).toMatch(/^[0-9a-f]{64}$/);
      // Stored encrypted: the plaintext is nowhere in the database file.
      ws.db.pragma('wal_checkpoint(TRUNCATE)');
      expect((await readFile(join(dir, 'catalyst.db'))).includes(Buffer.from('tok-α-123'))).toBe(false);
      const row = ws.db.prepare('SELECT iv, tag FROM secrets WHERE project_id = ?').get('proj_a') as {
        iv: Buffer;
        tag: Buffer;
      };
      expect(row.iv).toHaveLength(12);
      expect(row.tag).toHaveLength(16);
      expect(ws.vault.delete('proj_a', 'API_TOKEN')).toBe(true);
      expect(() => ws.vault.reveal('proj_a', 'API_TOKEN')).toThrow(
        'Secret API_TOKEN has no value in this workspace: set it with `catalyst secret set API_TOKEN` (the value is read from stdin).',
      );
      expect(ws.vault.deleteProject('proj_b')).toBe(1);
    } finally {
      ws.close();
    }
  });

  it('uses CATALYST_SECRET_KEY stretched with the workspace salt', async () => {
    const dir = await home();
    const ws = openWorkspace({ home: dir, env: { CATALYST_SECRET_KEY: PASSPHRASE } });
    ws.vault.set('proj_a', 'DB_URL', 'postgres://x');
    ws.close();
    const again = openWorkspace({ home: dir, env: { CATALYST_SECRET_KEY: PASSPHRASE } });
    expect(again.vault.reveal('proj_a', 'DB_URL')).toBe('postgres://x');
    const salt = again.db.prepare("SELECT value FROM settings WHERE key = 'vault.salt'").get() as {
      value: string;
    };
    expect(salt.value).toMatch(/^[0-9a-f]{32}$/);
    again.close();
    await expect(stat(join(dir, 'secret.key'))).rejects.toThrow(/ENOENT/);
  });

  it('refuses a wrong key with a clear error, never garbage', async () => {
    const dir = await home();
    const ws = openWorkspace({ home: dir, env: { CATALYST_SECRET_KEY: PASSPHRASE } });
    ws.vault.set('proj_a', 'API_TOKEN', 'secret-value');
    ws.close();
    const wrong = openWorkspace({ home: dir, env: { CATALYST_SECRET_KEY: 'a different passphrase!' } });
    try {
      expect(() => wrong.vault.reveal('proj_a', 'API_TOKEN')).toThrow(
        "Cannot decrypt secret API_TOKEN: the key is wrong or the value was tampered with: CATALYST_SECRET_KEY is not the key this workspace's secrets are encrypted with. Use the original key (CATALYST_SECRET_KEY or the workspace key file), or set the secret again.",
      );
      // Nor can a second key start writing into the same workspace.
      expect(() => wrong.vault.set('proj_a', 'OTHER', 'x')).toThrow(
        "Cannot store secret OTHER: CATALYST_SECRET_KEY is not the key this workspace's secrets are encrypted with. Use the original CATALYST_SECRET_KEY (or unset it to use the workspace key file).",
      );
    } finally {
      wrong.close();
    }
  });

  it('detects a tampered value, and a value moved to another project or name', async () => {
    const dir = await home();
    const ws = openWorkspace({ home: dir, env: {} });
    try {
      ws.vault.set('proj_a', 'API_TOKEN', 'secret-value');
      ws.vault.set('proj_a', 'OTHER', 'other-value');
      const before = ws.db.prepare("SELECT ciphertext FROM secrets WHERE name = 'API_TOKEN'").get() as {
        ciphertext: Buffer;
      };
      const tampered = Buffer.from(before.ciphertext);
      tampered[0] = tampered[0]! ^ 0x01;
      ws.db.prepare("UPDATE secrets SET ciphertext = ? WHERE name = 'API_TOKEN'").run(tampered);
      expect(() => ws.vault.reveal('proj_a', 'API_TOKEN')).toThrow(
        `Cannot decrypt secret API_TOKEN: the key is wrong or the value was tampered with: the key file ${join(dir, 'secret.key')} is this workspace's key, so the stored value was altered. Set the secret again.`,
      );
      // The ciphertext is bound to its project and name: copying it elsewhere does not decrypt.
      ws.db.prepare("UPDATE secrets SET project_id = 'proj_b' WHERE name = 'OTHER'").run();
      expect(() => ws.vault.reveal('proj_b', 'OTHER')).toThrow(/^Cannot decrypt secret OTHER:/);
    } finally {
      ws.close();
    }
  });

  it('refuses a short passphrase', async () => {
    const ws = openWorkspace({ home: await home(), env: { CATALYST_SECRET_KEY: 'short' } });
    try {
      expect(() => ws.vault.set('proj_a', 'X', 'v')).toThrow(
        'CATALYST_SECRET_KEY is too short (5 characters): use a passphrase of at least 16 characters, or unset it to use the workspace key file.',
      );
    } finally {
      ws.close();
    }
  });

  it('refuses a key file others can read, naming the chmod to run, and a damaged one', async () => {
    const dir = await home();
    const ws = openWorkspace({ home: dir, env: {} });
    ws.vault.set('proj_a', 'X', 'v');
    ws.close();
    const keyFile = join(dir, 'secret.key');
    await chmod(keyFile, 0o644);
    const loose = openWorkspace({ home: dir, env: {} });
    try {
      expect(() => loose.vault.reveal('proj_a', 'X')).toThrow(
        `Refusing to use the secret key file ${keyFile}: its permissions are 0644, so other users can read it. Run \`chmod 600 ${keyFile}\` and try again.`,
      );
    } finally {
      loose.close();
    }
    await chmod(keyFile, 0o600);
    await writeFile(keyFile, 'not a key\n');
    const damaged = openWorkspace({ home: dir, env: {} });
    try {
      expect(() => damaged.vault.reveal('proj_a', 'X')).toThrow(
        `The secret key file ${keyFile} is damaged (expected 64 hex characters). Restore it from a backup; without it the stored secrets cannot be decrypted.`,
      );
    } finally {
      damaged.close();
    }
  });

  it('refuses a value whose GCM tag was cut short, even when the short tag is a true prefix', async () => {
    const dir = await home();
    const ws = openWorkspace({ home: dir, env: {} });
    try {
      ws.vault.set('proj_a', 'API_TOKEN', 'secret-value');
      const row = ws.db.prepare("SELECT tag FROM secrets WHERE name = 'API_TOKEN'").get() as { tag: Buffer };
      ws.db.prepare("UPDATE secrets SET tag = ? WHERE name = 'API_TOKEN'").run(row.tag.subarray(0, 4));
      expect(() => ws.vault.reveal('proj_a', 'API_TOKEN')).toThrow(
        /^Cannot decrypt secret API_TOKEN: the key is wrong or the value was tampered with: .* so the stored value was altered\./,
      );
    } finally {
      ws.close();
    }
    const key = randomBytes(32);
    const sealed = seal(key, 'v', 'aad');
    expect(open(key, sealed, 'aad')).toBe('v');
    for (const length of [4, 8, 12, 15]) {
      expect(open(key, { ...sealed, tag: sealed.tag.subarray(0, length) }, 'aad')).toBeUndefined();
    }
  });

  it('secret reveal in a passphrase workspace without the passphrase names CATALYST_SECRET_KEY and makes no key file', async () => {
    const box = await sandbox();
    try {
      const project = join(box.root, 'p');
      expect((await runCli(['init', project, '--name', 'p'], box.env, box.root)).code).toBe(0);
      const set = await runCli(
        ['--project', project, 'secret', 'set', 'API_TOKEN'],
        box.env,
        box.root,
        'tok-1',
      );
      expect(set.code, set.stderr).toBe(0);
      const { CATALYST_SECRET_KEY: _, ...withoutKey } = box.env;
      for (const argv of [
        ['secret', 'reveal', 'API_TOKEN'],
        ['secret', 'set', 'OTHER'],
      ]) {
        const run = await runCli(['--project', project, ...argv], withoutKey, box.root, 'x');
        expect(run.code).toBe(1);
        expect(run.stdout).toBe('');
        expect(run.stderr).toBe(
          "error: This workspace's secrets are encrypted with a passphrase and CATALYST_SECRET_KEY is not set: set CATALYST_SECRET_KEY to that passphrase and try again. No key file was made.\n",
        );
      }
      expect(existsSync(join(box.env.CATALYST_HOME!, 'secret.key'))).toBe(false);
      const reveal = await runCli(['--project', project, 'secret', 'reveal', 'API_TOKEN'], box.env, box.root);
      expect(reveal.stdout).toBe('tok-1\n');
    } finally {
      await box.cleanup();
    }
  });

  it('says the key file is missing in a key-file workspace, without making a new one', async () => {
    const dir = await home();
    const ws = openWorkspace({ home: dir, env: {} });
    ws.vault.set('proj_a', 'X', 'v');
    ws.close();
    await rm(join(dir, 'secret.key'));
    const again = openWorkspace({ home: dir, env: {} });
    try {
      expect(() => again.vault.reveal('proj_a', 'X')).toThrow(
        `The secret key file ${join(dir, 'secret.key')} is missing, and this workspace's secrets are encrypted with it. Restore it from a backup (no new key file was made).`,
      );
      expect(existsSync(join(dir, 'secret.key'))).toBe(false);
    } finally {
      again.close();
    }
  });
});
