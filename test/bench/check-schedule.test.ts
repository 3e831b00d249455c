import { describe, expect, it } from 'vitest';
import { judgeSchedule } from '../../bench/lib/check-schedule.js';

/** A 5 s interval over a 10 s window starting at 0. */
const I = 5000;

describe("the monitor bench's verdict on when targets were checked", () => {
  it('passes a target whose phase is near a whole interval, whose second check falls just past the end', () => {
    // Checked at 4.98 s; its next check (9.98 s + latency) missed the window that ended at 9.97 s.
    const v = judgeSchedule([[100, 5100], [4980]], 0, 9970, I);
    expect(v).toMatchObject({ maxFirstMs: 4980, maxGapMs: 5000, maxTailMs: 4990, everyInterval: true });
  });

  it('fails a target first checked too late, checked with a gap over the interval, or not for the last interval', () => {
    expect(judgeSchedule([[5400, 9000]], 0, 10_000, I).everyInterval).toBe(false);
    expect(judgeSchedule([[100, 5500, 9000]], 0, 10_000, I).everyInterval).toBe(false);
    // Stopped being checked: its last check was 7.9 s before the end.
    expect(judgeSchedule([[100, 2100]], 0, 10_000, I)).toMatchObject({
      maxTailMs: 7900,
      everyInterval: false,
    });
  });

  it('allows 2 % of the interval (at least 250 ms) for timers, and fails a target never checked', () => {
    expect(judgeSchedule([[5240, 10_200]], 0, 10_200, I).everyInterval).toBe(true);
    expect(judgeSchedule([[5260]], 0, 5300, I).everyInterval).toBe(false);
    expect(judgeSchedule([[100, 5100], []], 0, 9000, I)).toMatchObject({
      maxFirstMs: Number.POSITIVE_INFINITY,
      everyInterval: false,
    });
    expect(judgeSchedule([], 0, 9000, I).everyInterval).toBe(false);
  });
});
