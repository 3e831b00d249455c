import { describe, expect, it } from 'vitest';
import { parseRetryAfter } from '../../src/draft/resilience.js';

describe('retry-after', () => {
  it('reads seconds and HTTP dates, caps long waits, ignores anything else', () => {
    const now = Date.parse('2026-12-05T12:00:00Z');
    expect(parseRetryAfter('0', now)).toBe(0);
    expect(parseRetryAfter('2', now)).toBe(2000);
    expect(parseRetryAfter('1.5', now)).toBe(1500);
    expect(parseRetryAfter('3600', now)).toBe(60_000);
    expect(parseRetryAfter('Sat, 05 Dec 2026 12:00:05 GMT', now)).toBe(5000);
    expect(parseRetryAfter('Sat, 05 Dec 2026 11:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter('-1', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });
});
