/** How a monitor's checks of its targets fell over one measured window. */
export interface ScheduleVerdict {
  /** The latest first check of a target, after the start (ms). */
  maxFirstMs: number;
  /** The longest gap between two checks of one target (ms). */
  maxGapMs: number;
  /** The longest time from a target's last check to the end (ms). */
  maxTailMs: number;
  /** Every target was checked within every interval of the window, start to end. */
  everyInterval: boolean;
}

/**
 * Judges the check times (epoch ms) of each target over [start, end]: every target must be
 * checked once per interval — its first check within one interval of the start (its random
 * phase), then one at least every interval, the last within one interval of the end — with a
 * slack of 2 % of the interval (at least 250 ms) for timers. Not "rounds checks each": a target
 * whose phase is near a whole interval has its last check right at the window's end, in or
 * out by milliseconds, though it was never late.
 */
export function judgeSchedule(
  perTarget: readonly (readonly number[])[],
  start: number,
  end: number,
  intervalMs: number,
): ScheduleVerdict {
  const slackMs = Math.max(250, intervalMs * 0.02);
  let maxFirstMs = 0;
  let maxGapMs = 0;
  let maxTailMs = 0;
  for (const ats of perTarget) {
    if (ats.length === 0) {
      maxFirstMs = maxTailMs = Number.POSITIVE_INFINITY;
      continue;
    }
    maxFirstMs = Math.max(maxFirstMs, ats[0]! - start);
    for (let i = 1; i < ats.length; i++) maxGapMs = Math.max(maxGapMs, ats[i]! - ats[i - 1]!);
    maxTailMs = Math.max(maxTailMs, end - ats.at(-1)!);
  }
  const within = (ms: number) => ms <= intervalMs + slackMs;
  return {
    maxFirstMs,
    maxGapMs,
    maxTailMs,
    everyInterval: perTarget.length > 0 && within(maxFirstMs) && within(maxGapMs) && within(maxTailMs),
  };
}
