import type { MonitorStore, TargetRow } from './db/monitor-store.js';
import type { MonitorLogger } from './logger.js';
import type { StatusChange } from './types.js';

/**
 * A monitor that does not hold the lease passes on what the holder stores: its status
 * changes and its checks since the last lease cycle become events here.
 */
export class Following {
  readonly #store: MonitorStore;
  readonly #logger: MonitorLogger;
  readonly #onChange: (change: StatusChange) => void;
  readonly #onChecked: (row: TargetRow) => void;
  /** The last stored status event already passed on, and each target's last check seen. */
  #lastEventId = 0;
  readonly #ownEvents = new Set<number>();
  readonly #seenChecks = new Map<number, number | null>();

  constructor(options: {
    store: MonitorStore;
    logger: MonitorLogger;
    onChange: (change: StatusChange) => void;
    onChecked: (row: TargetRow) => void;
  }) {
    this.#store = options.store;
    this.#logger = options.logger;
    this.#onChange = options.onChange;
    this.#onChecked = options.onChecked;
  }

  /** Only what is stored from now on is news. */
  startFromNow(): void {
    this.#lastEventId = this.#store.maxEventId();
  }

  /** This monitor just lost the lease: following starts afresh. */
  reset(): void {
    this.#lastEventId = this.#store.maxEventId();
    this.#seenChecks.clear();
  }

  /** An event this monitor stored (and already passed on) itself. */
  own(eventId: number): void {
    this.#ownEvents.add(eventId);
  }

  /** Passes on what was stored since the last call, for the targets with these keys. */
  follow(keys: ReadonlySet<number>): void {
    try {
      for (const { eventId, change } of this.#store.eventsAfter(this.#lastEventId)) {
        this.#lastEventId = eventId;
        if (this.#ownEvents.delete(eventId)) continue;
        this.#onChange(change);
      }
      for (const row of this.#store.targets()) {
        if (!keys.has(row.key)) continue;
        const before = this.#seenChecks.get(row.key);
        this.#seenChecks.set(row.key, row.lastCheckedAt);
        if (before === undefined || before === row.lastCheckedAt) continue;
        this.#onChecked(row);
      }
    } catch (err) {
      this.#logger.warn(`could not read what the monitoring process stored: ${(err as Error).message}`);
    }
  }
}
