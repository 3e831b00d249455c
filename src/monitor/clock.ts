/**
 * Time as the monitor sees it. Injected so tests can run a year of 60 s checks in
 * milliseconds; production uses {@link systemClock}.
 */
export interface Clock {
  /** Wall-clock time in epoch milliseconds (sample timestamps, retention windows). */
  now(): number;
  /** A monotonic reading in milliseconds, for measuring latency (immune to clock steps). */
  monotonic(): number;
  setTimeout(fn: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

/** Opaque timer handle; only the clock that made it can clear it. */
export type TimerHandle = object;

export const systemClock: Clock = {
  now: () => Date.now(),
  monotonic: () => performance.now(),
  // Timers hold the process open (a webhook retry must finish before `catalyst status`
  // exits); a started monitor is stopped by whoever started it.
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};
