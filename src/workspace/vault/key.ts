import { randomBytes, scryptSync } from 'node:crypto';
import { closeSync, fchmodSync, openSync, readFileSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { CatalystError } from '../../errors.js';
import { KEY_FILE } from '../home.js';
import { KEY_BYTES } from './cipher.js';

export const SECRET_KEY_ENV = 'CATALYST_SECRET_KEY';
export const MIN_PASSPHRASE_LENGTH = 16;
/** scrypt cost: ~100 ms here, once per process. */
const SCRYPT = { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 } as const;

/** Where a workspace's key comes from: the CATALYST_SECRET_KEY passphrase or the key file. */
export type KeyKind = 'passphrase' | 'file';

export interface VaultKey {
  key: Buffer;
  kind: KeyKind;
  /** Words for error messages: where the key came from. */
  source: string;
}

/** The kind of key `env` gives: a passphrase when CATALYST_SECRET_KEY is set. */
export function keyKindOf(env: NodeJS.ProcessEnv): KeyKind {
  const passphrase = env[SECRET_KEY_ENV];
  return passphrase !== undefined && passphrase !== '' ? 'passphrase' : 'file';
}

export function keyFilePath(home: string): string {
  return join(home, KEY_FILE);
}

/**
 * The vault key: scrypt(CATALYST_SECRET_KEY, per-workspace salt) when the variable is set,
 * else the workspace's random key file (created on first use, mode 0600).
 */
export function resolveVaultKey(home: string, env: NodeJS.ProcessEnv, salt: Buffer): VaultKey {
  const passphrase = env[SECRET_KEY_ENV];
  if (passphrase !== undefined && keyKindOf(env) === 'passphrase') {
    if (passphrase.length < MIN_PASSPHRASE_LENGTH) {
      throw new CatalystError(
        'vault',
        `${SECRET_KEY_ENV} is too short (${passphrase.length} characters): use a passphrase of at least ${MIN_PASSPHRASE_LENGTH} characters, or unset it to use the workspace key file.`,
      );
    }
    return {
      key: scryptSync(passphrase, salt, KEY_BYTES, SCRYPT),
      kind: 'passphrase',
      source: SECRET_KEY_ENV,
    };
  }
  const file = keyFilePath(home);
  return { key: readOrCreateKeyFile(file), kind: 'file', source: `the key file ${file}` };
}

function readOrCreateKeyFile(file: string): Buffer {
  const created = createKeyFile(file);
  if (created) return created;
  // Security: a key file others can read is as good as no encryption, so refuse it.
  const mode = statSync(file).mode & 0o777;
  if ((mode & 0o077) !== 0) {
    throw new CatalystError(
      'vault',
      `Refusing to use the secret key file ${file}: its permissions are ${mode.toString(8).padStart(4, '0')}, so other users can read it. Run \`chmod 600 ${file}\` and try again.`,
    );
  }
  const text = readFileSync(file, 'utf8').trim();
  if (!/^[0-9a-f]{64}$/i.test(text)) {
    throw new CatalystError(
      'vault',
      `The secret key file ${file} is damaged (expected 64 hex characters). Restore it from a backup; without it the stored secrets cannot be decrypted.`,
    );
  }
  return Buffer.from(text, 'hex');
}

/** Creates the key file exclusively (two processes cannot both create it); undefined when it exists. */
function createKeyFile(file: string): Buffer | undefined {
  let fd: number;
  try {
    fd = openSync(file, 'wx', 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return undefined;
    throw new CatalystError(
      'vault',
      `Cannot create the secret key file ${file}: ${(error as Error).message}`,
    );
  }
  try {
    fchmodSync(fd, 0o600); // the umask may have narrowed nothing, but be explicit
    const key = randomBytes(KEY_BYTES);
    writeSync(fd, `${key.toString('hex')}\n`);
    return key;
  } finally {
    closeSync(fd);
  }
}
