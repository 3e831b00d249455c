import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import type { Database } from 'better-sqlite3';
import { CatalystError } from '../../errors.js';
import { open, type Sealed, seal } from './cipher.js';
import { keyFilePath, keyKindOf, resolveVaultKey, SECRET_KEY_ENV, type VaultKey } from './key.js';

const SALT_SETTING = 'vault.salt';
const CHECK_SETTING = 'vault.check';
/** Which kind of key the workspace's secrets are encrypted with (older workspaces lack it). */
const KIND_SETTING = 'vault.keyKind';
const CHECK_AAD = 'catalyst-vault-check';
const CHECK_TEXT = 'catalyst vault key check v1';

export interface StoredSecret {
  name: string;
  updatedAt: string;
}

interface SecretRow {
  iv: Buffer;
  tag: Buffer;
  ciphertext: Buffer;
  updated_at: string;
}

/**
 * Secret values, encrypted per value and scoped per project id. Values are only ever
 * decrypted by `reveal` — used by an explicit `secret reveal` and by deploy — so no other
 * code path can leak them into output, logs or files.
 */
export class Vault {
  private cachedKey: VaultKey | undefined;

  constructor(
    private readonly db: Database,
    private readonly home: string,
    private readonly env: NodeJS.ProcessEnv,
  ) {}

  set(projectId: string, name: string, value: string): StoredSecret {
    const key = this.key();
    this.assertSameKey(key, name);
    const updatedAt = new Date().toISOString();
    const sealed = seal(key.key, value, aad(projectId, name));
    this.db
      .prepare(
        `INSERT INTO secrets (project_id, name, iv, tag, ciphertext, updated_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (project_id, name) DO UPDATE SET iv = excluded.iv, tag = excluded.tag,
           ciphertext = excluded.ciphertext, updated_at = excluded.updated_at`,
      )
      .run(projectId, name, sealed.iv, sealed.tag, sealed.ciphertext, updatedAt);
    return { name, updatedAt };
  }

  has(projectId: string, name: string): boolean {
    return (
      this.db.prepare('SELECT 1 FROM secrets WHERE project_id = ? AND name = ?').get(projectId, name) !==
      undefined
    );
  }

  /** Names and dates only — listing never needs the key. */
  list(projectId: string): StoredSecret[] {
    return (
      this.db
        .prepare('SELECT name, updated_at FROM secrets WHERE project_id = ? ORDER BY name')
        .all(projectId) as { name: string; updated_at: string }[]
    ).map((r) => ({ name: r.name, updatedAt: r.updated_at }));
  }

  delete(projectId: string, name: string): boolean {
    return (
      this.db.prepare('DELETE FROM secrets WHERE project_id = ? AND name = ?').run(projectId, name).changes >
      0
    );
  }

  deleteProject(projectId: string): number {
    return this.db.prepare('DELETE FROM secrets WHERE project_id = ?').run(projectId).changes;
  }

  /** Decrypts one value. Only explicit reveal commands and deploy call this. */
  reveal(projectId: string, name: string): string {
    const row = this.db
      .prepare('SELECT iv, tag, ciphertext, updated_at FROM secrets WHERE project_id = ? AND name = ?')
      .get(projectId, name) as SecretRow | undefined;
    if (!row) {
      throw new CatalystError(
        'not_found',
        `Secret ${name} has no value in this workspace: set it with \`catalyst secret set ${name}\` (the value is read from stdin).`,
      );
    }
    const key = this.key();
    const value = open(key.key, row satisfies Sealed, aad(projectId, name));
    if (value === undefined) {
      // The workspace's check value tells the two causes apart.
      const why =
        this.keyMatches(key) === false
          ? `${key.source} is not the key this workspace's secrets are encrypted with. Use the original key (${SECRET_KEY_ENV} or the workspace key file), or set the secret again.`
          : `${key.source} is this workspace's key, so the stored value was altered. Set the secret again.`;
      throw new CatalystError(
        'vault',
        `Cannot decrypt secret ${name}: the key is wrong or the value was tampered with: ${why}`,
      );
    }
    return value;
  }

  private key(): VaultKey {
    if (this.cachedKey === undefined) {
      this.assertKeyAvailable();
      this.cachedKey = resolveVaultKey(this.home, this.env, this.salt());
    }
    return this.cachedKey;
  }

  /**
   * Without CATALYST_SECRET_KEY the key file is used, and made when missing — but not in a
   * workspace that already holds secrets: there a missing key file means they were
   * encrypted with a passphrase (or the file was lost), and a new key would open nothing.
   */
  private assertKeyAvailable(): void {
    if (keyKindOf(this.env) === 'passphrase' || this.setting(CHECK_SETTING) === undefined) return;
    const file = keyFilePath(this.home);
    if (existsSync(file)) return;
    const kind = this.setting(KIND_SETTING);
    throw new CatalystError(
      'vault',
      kind === 'file'
        ? `The secret key file ${file} is missing, and this workspace's secrets are encrypted with it. Restore it from a backup (no new key file was made).`
        : `This workspace's secrets are encrypted with a passphrase and ${SECRET_KEY_ENV} is not set: set ${SECRET_KEY_ENV} to that passphrase and try again${kind === undefined ? ` (or restore the key file ${file} if they were encrypted with it)` : ''}. No key file was made.`,
    );
  }

  /** The per-workspace scrypt salt, created on first use. */
  private salt(): Buffer {
    const existing = this.setting(SALT_SETTING);
    if (existing) return Buffer.from(existing, 'hex');
    this.db
      .prepare('INSERT OR IGNORE INTO settings (key, value) VALUES (?, ?)')
      .run(SALT_SETTING, randomBytes(16).toString('hex'));
    return Buffer.from(this.setting(SALT_SETTING)!, 'hex');
  }

  /**
   * Refuses to store a value under a key other than the one the workspace already uses,
   * so one workspace never ends up with secrets that need two different keys.
   */
  private assertSameKey(key: VaultKey, name: string): void {
    // The first key used becomes the workspace's key (INSERT OR IGNORE: first writer wins).
    this.db
      .prepare('INSERT OR IGNORE INTO settings (key, value) VALUES (?, ?)')
      .run(CHECK_SETTING, JSON.stringify(toHex(seal(key.key, CHECK_TEXT, CHECK_AAD))));
    if (!this.keyMatches(key)) {
      throw new CatalystError(
        'vault',
        `Cannot store secret ${name}: ${key.source} is not the key this workspace's secrets are encrypted with. Use the original ${SECRET_KEY_ENV} (or unset it to use the workspace key file).`,
      );
    }
    this.db.prepare('INSERT OR IGNORE INTO settings (key, value) VALUES (?, ?)').run(KIND_SETTING, key.kind);
  }

  /** Whether `key` opens the workspace's check value; undefined before any secret was stored. */
  private keyMatches(key: VaultKey): boolean | undefined {
    const check = this.setting(CHECK_SETTING);
    if (check === undefined) return undefined;
    return open(key.key, fromHex(JSON.parse(check)), CHECK_AAD) === CHECK_TEXT;
  }

  private setting(key: string): string | undefined {
    const row = this.db.prepare('SELECT value FROM settings WHERE key = ?').get(key) as
      | { value: string }
      | undefined;
    return row?.value;
  }
}

function aad(projectId: string, name: string): string {
  return `catalyst-secret:${projectId}:${name}`;
}

function toHex(s: Sealed): Record<keyof Sealed, string> {
  return { iv: s.iv.toString('hex'), tag: s.tag.toString('hex'), ciphertext: s.ciphertext.toString('hex') };
}

function fromHex(s: Record<keyof Sealed, string>): Sealed {
  return {
    iv: Buffer.from(s.iv, 'hex'),
    tag: Buffer.from(s.tag, 'hex'),
    ciphertext: Buffer.from(s.ciphertext, 'hex'),
  };
}
