import type { Clock, TimerHandle } from './clock.js';
import type { MonitoredTarget } from './types.js';

/** One monitored target and where it is in its schedule. */
export interface Entry {
  target: MonitoredTarget & { url: string };
  key: number;
  nextAt: number;
  timer: TimerHandle | null;
  busy: boolean;
  /** The user stopped it: listed, never probed. */
  stopped: boolean;
}

export function entryId(target: Pick<MonitoredTarget, 'projectId' | 'targetId'>): string {
  return `${target.projectId}\u0000${target.targetId}`;
}

export function entryLabel(target: Pick<MonitoredTarget, 'projectId' | 'targetId'>): string {
  return `${target.projectId}/${target.targetId}`;
}

export interface ScheduleOptions {
  clock: Clock;
  random: () => number;
  intervalMs: () => number;
  /** Whether checks run at all now (the monitor runs and holds the lease). */
  active: () => boolean;
  /** A target's turn came. */
  due: (entry: Entry) => void;
}

/**
 * The monitored targets and their timers. Each target gets a random phase within the
 * interval, so 500 targets spread over the minute instead of firing together, then keeps
 * that phase at a fixed rate.
 */
export class Schedule {
  readonly entries = new Map<string, Entry>();
  readonly #options: ScheduleOptions;

  constructor(options: ScheduleOptions) {
    this.#options = options;
  }

  /** A random phase within the interval from now: a first round, a new interval, a new lease. */
  spread(entry: Entry): void {
    const { clock, random, intervalMs } = this.#options;
    this.at(entry, clock.now() + random() * intervalMs());
  }

  /** After an urgent check: the regular checks start within the second half of the interval. */
  resumeAfterCheck(entry: Entry): void {
    const { clock, random, intervalMs } = this.#options;
    this.cancel(entry);
    this.at(entry, clock.now() + (0.5 + 0.5 * random()) * intervalMs());
  }

  at(entry: Entry, at: number): void {
    const { clock } = this.#options;
    // Whole milliseconds: a random phase must not make a clock that jumps to its timers
    // (ManualClock) stamp samples with fractional instants.
    entry.nextAt = Math.round(at);
    entry.timer = clock.setTimeout(() => this.#fire(entry), Math.max(0, entry.nextAt - clock.now()));
  }

  cancel(entry: Entry): void {
    if (entry.timer) this.#options.clock.clearTimeout(entry.timer);
    entry.timer = null;
  }

  cancelAll(): void {
    for (const entry of this.entries.values()) this.cancel(entry);
  }

  /** Fixed rate: the next check keeps the target's phase, whatever this one costs. */
  #fire(entry: Entry): void {
    entry.timer = null;
    if (!this.#options.active() || entry.stopped) return;
    const now = this.#options.clock.now();
    const interval = this.#options.intervalMs();
    let next = entry.nextAt + interval;
    while (next <= now) next += interval;
    this.at(entry, next);
    this.#options.due(entry);
  }
}
