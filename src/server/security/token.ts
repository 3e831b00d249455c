import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export { TOKEN_HEADER, TOKEN_QUERY } from './token-names.js';

/** A fresh per-launch token: 32 random bytes, URL-safe. It lives only in memory and the printed URL. */
export function createToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * Constant-time comparison. Security: hashing both sides first gives equal-length buffers, so
 * neither the content nor the length of the expected token leaks through timing.
 */
export function tokensEqual(given: string | undefined | null, expected: string): boolean {
  if (typeof given !== 'string' || given === '') return false;
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}
