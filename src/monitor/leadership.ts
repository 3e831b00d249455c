import { randomUUID } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import type { Clock } from './clock.js';
import { type LeaseHolder, MonitorLease, processAlive } from './db/lease.js';
import type { MonitorLogger } from './logger.js';
import type { HealthMonitorOptions } from './monitor-api.js';

/** A lease not renewed for this many of its cycles is free (its holder hangs or its clock stopped). */
const LEASE_CYCLES = 6;

/**
 * This monitor's use of the workspace lease: only the holder probes and records, the
 * others follow what it stores and take over when it stops or its process is gone.
 */
export class Leadership {
  readonly #lease: MonitorLease;
  readonly #clock: Clock;
  readonly #logger: MonitorLogger;
  readonly #everyMs: number | undefined;
  readonly #intervalMs: () => number;
  /** Called when this monitor took the lease (true) or lost it (false). */
  readonly #changed: (leading: boolean) => void;
  #leading = false;

  constructor(options: {
    db: Database;
    lease: HealthMonitorOptions['lease'];
    clock: Clock;
    logger: MonitorLogger;
    intervalMs: () => number;
    changed: (leading: boolean) => void;
  }) {
    this.#clock = options.clock;
    this.#logger = options.logger;
    this.#everyMs = options.lease?.everyMs;
    this.#intervalMs = options.intervalMs;
    this.#changed = options.changed;
    this.#lease = new MonitorLease(options.db, {
      owner: randomUUID(),
      pid: options.lease?.pid ?? process.pid,
      label: options.lease?.label ?? 'a health monitor',
      isAlive: options.lease?.isAlive ?? processAlive,
    });
  }

  get leading(): boolean {
    return this.#leading;
  }

  /** The monitor that holds the lease now, when it is not this one. */
  holder(): LeaseHolder | undefined {
    if (this.#leading) return undefined;
    return this.#lease.holder(this.#clock.now());
  }

  /** Takes or renews the lease; whether this monitor holds it now. */
  claim(): boolean {
    let won: boolean;
    try {
      won = this.#lease.acquire(this.#clock.now(), this.#ttlMs());
    } catch (err) {
      this.#logger.warn(`could not take the monitor lease: ${(err as Error).message}`);
      won = false;
    }
    if (won === this.#leading) return won;
    this.#leading = won;
    this.#changed(won);
    return won;
  }

  /** On stop: another monitor of the workspace takes over at its next lease cycle. */
  release(): void {
    if (!this.#leading) return;
    this.#leading = false;
    try {
      this.#lease.release();
    } catch (err) {
      this.#logger.warn(`could not release the monitor lease: ${(err as Error).message}`);
    }
  }

  /** How often the holder renews and the others look for news and try to take it. */
  everyMs(): number {
    return this.#everyMs ?? Math.min(5_000, this.#intervalMs());
  }

  #ttlMs(): number {
    return Math.max(LEASE_CYCLES * this.everyMs(), 2 * this.#intervalMs());
  }
}
