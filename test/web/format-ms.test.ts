import { describe, expect, it } from 'vitest';
import { formatMs } from '../../src/web/format.js';

describe('durations on badges and in the run history', () => {
  it('shows short runs in ms and long ones in seconds, short enough for a narrow select', () => {
    expect(formatMs(0.04)).toBe('0 ms');
    expect(formatMs(0.36)).toBe('0.4 ms');
    expect(formatMs(9.94)).toBe('9.9 ms');
    expect(formatMs(12.4)).toBe('12 ms');
    expect(formatMs(999.4)).toBe('999 ms');
    expect(formatMs(1000)).toBe('1.0 s');
    expect(formatMs(3009)).toBe('3.0 s');
    expect(formatMs(60_400)).toBe('60 s');
  });
});
