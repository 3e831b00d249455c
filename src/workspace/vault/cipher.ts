import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/** One encrypted value: AES-256-GCM with a fresh 12-byte IV and a 16-byte auth tag. */
export interface Sealed {
  iv: Buffer;
  tag: Buffer;
  ciphertext: Buffer;
}

const ALGORITHM = 'aes-256-gcm';
export const KEY_BYTES = 32;
const IV_BYTES = 12;
/** Security: a shorter tag would be accepted by Node unless asked for (a 4-byte tag is guessable). */
const TAG_BYTES = 16;

/**
 * `aad` binds the ciphertext to where it is stored (project and name), so a value copied
 * into another project's row, or renamed in the database, fails to decrypt.
 */
export function seal(key: Buffer, plaintext: string, aad: string): Sealed {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv(ALGORITHM, key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return { iv, tag: cipher.getAuthTag(), ciphertext };
}

/** Returns the plaintext, or undefined when the key is wrong or anything was altered — never garbage. */
export function open(key: Buffer, sealed: Sealed, aad: string): string | undefined {
  if (sealed.iv.length !== IV_BYTES || sealed.tag.length !== TAG_BYTES) return undefined;
  try {
    const decipher = createDecipheriv(ALGORITHM, key, sealed.iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.from(aad, 'utf8'));
    decipher.setAuthTag(sealed.tag);
    return Buffer.concat([decipher.update(sealed.ciphertext), decipher.final()]).toString('utf8');
  } catch {
    return undefined;
  }
}
