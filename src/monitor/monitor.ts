import { EventEmitter, setMaxListeners } from 'node:events';
import type { Database } from 'better-sqlite3';
import { CachedReads } from './cached-reads.js';
import { type Clock, systemClock } from './clock.js';
import { DEFAULT_RETENTION, HistoryCompactor } from './db/compaction.js';
import type { HistoryPoint, HistoryQuery } from './db/health-history.js';
import type { LeaseHolder } from './db/lease.js';
import { MonitorStore, type StoredChange } from './db/monitor-store.js';
import { readMonitorSettings } from './db/settings-store.js';
import { Following } from './following.js';
import { Leadership } from './leadership.js';
import { type MonitorLogger, stderrLogger } from './logger.js';
import type { CheckOutcome, HealthMonitorEvents, HealthMonitorOptions, MonitorStats } from './monitor-api.js';
import { ConcurrencyPool } from './pool.js';
import { probeHealth } from './probe.js';
import { RepeatingTimer } from './repeating-timer.js';
import { type Entry, entryId, entryLabel, Schedule } from './schedule.js';
import type { MonitorSettings } from './settings.js';
import type { MonitoredTarget, StatusChange, TargetHealth, TargetSource } from './types.js';
import { WebhookNotifier } from './webhook.js';

export type {
  CheckOutcome,
  HealthMonitorEvents,
  HealthMonitorOptions,
  MonitorStats,
  TargetUpdate,
} from './monitor-api.js';

const HOUR = 3_600_000;

/**
 * Checks every deployed target's `/health` on a schedule (schedule.ts) and keeps what it
 * learns in the workspace database; checks run through a bounded pool. Only the monitor
 * holding the workspace lease checks (leadership.ts); the others follow what it stores
 * (following.ts). Reads go through a summary cache (cached-reads.ts). Runs inside the
 * studio (start on launch, stop on shutdown) or for `catalyst status`.
 */
export class HealthMonitor extends EventEmitter<HealthMonitorEvents> {
  readonly store: MonitorStore;
  readonly #db: Database;
  readonly #source: TargetSource;
  readonly #clock: Clock;
  readonly #random: () => number;
  readonly #logger: MonitorLogger;
  readonly #overrides: Partial<MonitorSettings>;
  readonly #compactor: HistoryCompactor;
  readonly #schedule: Schedule;
  readonly #entries: Map<string, Entry>;
  readonly #reads: CachedReads;
  readonly #isStopped: (target: Pick<MonitoredTarget, 'projectId' | 'targetId'>) => boolean;
  readonly #leadership: Leadership;
  readonly #following: Following;
  readonly #refreshTimer: RepeatingTimer;
  readonly #compactTimer: RepeatingTimer;
  readonly #leaseTimer: RepeatingTimer;
  #settings: MonitorSettings;
  #pool: ConcurrencyPool;
  readonly #retired = new Set<ConcurrencyPool>();
  #webhook: WebhookNotifier | null = null;
  #running = false;
  /** The first target list is loaded: targets found later are checked at once. */
  #launched = false;
  #closed = false;
  #checks = 0;
  #skipped = 0;
  /** Aborts checks in flight when the monitor stops, so shutdown never waits for a timeout. */
  readonly #shutdown = new AbortController();

  constructor(options: HealthMonitorOptions) {
    super();
    // Every check in flight listens to the shutdown signal; there can be `concurrency` of them.
    setMaxListeners(0, this.#shutdown.signal);
    this.#db = options.db;
    this.store = new MonitorStore(options.db);
    this.#source = options.targets;
    this.#clock = options.clock ?? systemClock;
    this.#random = options.random ?? Math.random;
    this.#logger = options.logger ?? stderrLogger;
    this.#overrides = options.settings ?? {};
    this.#compactor = new HistoryCompactor(options.db, options.retention ?? DEFAULT_RETENTION);
    this.#reads = new CachedReads(options.db, this.store, this.#clock);
    this.#settings = this.#loadSettings();
    this.#pool = new ConcurrencyPool(this.#settings.concurrency);
    this.#webhook = this.#makeWebhook();
    this.#isStopped = options.isStopped ?? (() => false);
    const intervalMs = () => this.#settings.intervalMs;
    const running = () => this.#running;
    this.#schedule = new Schedule({
      clock: this.#clock,
      random: this.#random,
      intervalMs,
      active: () => this.#running && this.#leadership.leading,
      due: (entry) => {
        if (entry.busy) this.#skipped++;
        else void this.#check(entry);
      },
    });
    this.#entries = this.#schedule.entries;
    this.#leadership = new Leadership({
      db: options.db,
      lease: options.lease,
      clock: this.#clock,
      logger: this.#logger,
      intervalMs,
      changed: (leading) => this.#leadingChanged(leading),
    });
    this.#following = new Following({
      store: this.store,
      logger: this.#logger,
      onChange: (change) => this.#passOn(change),
      onChecked: (row) =>
        this.#emitSafely('update', { projectId: row.projectId, targetId: row.targetId, change: null }),
    });
    this.#refreshTimer = new RepeatingTimer(this.#clock, intervalMs, running, () => {
      // Settings changed elsewhere (the CLI, the studio) apply within one interval.
      try {
        this.reloadSettings();
      } catch (err) {
        this.#logger.warn(`could not read the monitor settings: ${(err as Error).message}`);
      }
      return this.refresh();
    });
    const compactEveryMs = options.compactEveryMs ?? HOUR;
    this.#compactTimer = new RepeatingTimer(
      this.#clock,
      () => compactEveryMs,
      running,
      () => this.#compact(),
    );
    // Each lease cycle: the holder renews; the others try to take it, else pass on what the holder stored.
    this.#leaseTimer = new RepeatingTimer(
      this.#clock,
      () => this.#leadership.everyMs(),
      running,
      () => {
        if (!this.#leadership.claim())
          this.#following.follow(new Set([...this.#entries.values()].map((e) => e.key)));
      },
    );
  }

  /**
   * Whether this monitor holds the workspace lease and so probes and records. The others
   * only read what it records (and take over when it stops or its process is gone).
   */
  get leading(): boolean {
    return this.#leadership.leading;
  }

  /** The monitor that holds the lease now, when it is not this one. */
  leader(): LeaseHolder | undefined {
    return this.#leadership.holder();
  }

  get settings(): MonitorSettings {
    return this.#settings;
  }

  get stats(): MonitorStats {
    return {
      targets: this.#entries.size,
      checks: this.#checks,
      skipped: this.#skipped,
      active: this.#pool.active,
      queued: this.#pool.queued,
      peakConcurrency: this.#pool.peak,
    };
  }

  /** Loads the targets, compacts old history and starts the schedule. */
  async start(): Promise<void> {
    if (this.#running) return;
    if (this.#closed) throw new Error('this health monitor was stopped; create a new one');
    this.#running = true;
    this.#following.startFromNow();
    this.#leadership.claim();
    this.#compact();
    await this.refresh();
    this.#launched = true;
    this.#refreshTimer.start();
    this.#compactTimer.start();
    this.#leaseTimer.start();
  }

  /** Stops scheduling, waits for checks in flight and pending webhook deliveries. */
  async stop(): Promise<void> {
    this.#running = false;
    this.#closed = true;
    this.#schedule.cancelAll();
    this.#refreshTimer.stop();
    this.#compactTimer.stop();
    this.#leaseTimer.stop();
    this.#shutdown.abort();
    await this.idle();
    this.#leadership.release();
  }

  /** Resolves when no check is running or queued and the webhook has caught up. */
  async idle(): Promise<void> {
    await Promise.all([...this.#retired, this.#pool].map((pool) => pool.idle()));
    this.#retired.clear();
    await this.#webhook?.idle();
  }

  /**
   * Re-reads the target source: new targets are scheduled (and, after launch, checked at
   * once), removed ones stop being checked. The studio calls it after a deploy, naming the
   * deployed target in `checkNow`: that one is checked at once even when its URL stayed the
   * same (a redeploy), so its first health check does not wait up to an interval.
   */
  async refresh(options: { checkNow?: { projectId: string; targetId: string } } = {}): Promise<void> {
    let targets: MonitoredTarget[];
    try {
      targets = await this.#source();
    } catch (err) {
      this.#logger.warn(`could not list deployed targets: ${(err as Error).message}`);
      return;
    }
    // After launch, a target that appears (a deploy), moves (a new URL) or runs again after
    // a stop is news: check it now rather than up to an interval later. At launch the
    // phases spread the first round.
    const urgent = new Set<Entry>();
    const seen = new Set<string>();
    const stoppedRows = this.store.stoppedKeys();
    const now = this.#clock.now();
    for (const target of targets) {
      if (!target.url) continue;
      const id = entryId(target);
      seen.add(id);
      let entry = this.#entries.get(id);
      const moved = !entry || entry.target.url !== target.url;
      if (moved) {
        const key = this.store.upsertTarget(target).key;
        entry ??= {
          target: { ...target, url: target.url },
          key,
          nextAt: 0,
          timer: null,
          busy: false,
          stopped: false,
        };
        this.#reads.forget(target);
      }
      entry = entry!;
      entry.target = { ...target, url: target.url };
      this.#entries.set(id, entry);
      if (target.stopped || this.#askStopped(target)) {
        this.#halt(entry);
        if (!stoppedRows.has(entry.key)) this.#noteChange(this.store.markStopped(entry.key, now));
        continue;
      }
      const resumed = entry.stopped || stoppedRows.has(entry.key);
      entry.stopped = false;
      if (stoppedRows.has(entry.key)) this.#noteChange(this.store.markResumed(entry.key, now));
      const asked =
        options.checkNow?.projectId === target.projectId && options.checkNow.targetId === target.targetId;
      if ((moved || resumed || asked) && this.#launched) urgent.add(entry);
    }
    for (const [id, entry] of this.#entries) {
      if (!seen.has(id)) {
        this.#schedule.cancel(entry);
        this.#entries.delete(id);
        this.#reads.forget(entry.target);
        continue;
      }
      if (!this.#running || !this.leading || entry.stopped) continue;
      if (urgent.has(entry)) {
        void this.#check(entry);
        this.#schedule.resumeAfterCheck(entry);
      } else if (!entry.timer) {
        // A target of the first round (or first seen by checkAll before start): a random phase.
        this.#schedule.spread(entry);
      }
    }
  }

  /**
   * The user just stopped this target (the studio calls it when its Stop finishes): marked
   * `stopped` at once and never probed again, without waiting for the next refresh.
   */
  syncStopped(projectId: string, targetId: string): void {
    if (!this.#isStopped({ projectId, targetId })) return;
    const entry = this.#entries.get(entryId({ projectId, targetId }));
    const key = entry?.key ?? this.store.target(projectId, targetId)?.key;
    if (entry) this.#halt(entry);
    if (key !== undefined) this.#noteChange(this.store.markStopped(key, this.#clock.now()));
  }

  /** Re-reads the workspace settings; a new interval re-spreads every target's phase. */
  reloadSettings(): void {
    const before = this.#settings;
    this.#settings = this.#loadSettings();
    if (this.#settings.concurrency !== before.concurrency) {
      // Checks already running finish in the old pool; idle() still waits for them.
      this.#retired.add(this.#pool);
      this.#pool = new ConcurrencyPool(this.#settings.concurrency);
    }
    if (this.#settings.webhookUrl !== before.webhookUrl) this.#webhook = this.#makeWebhook();
    if (this.#settings.intervalMs !== before.intervalMs && this.#running && this.leading) {
      for (const entry of this.#entries.values()) {
        if (entry.stopped) continue;
        this.#schedule.cancel(entry);
        this.#schedule.spread(entry);
      }
    }
  }

  /**
   * Checks every deployed target once, now (bounded concurrency); for `catalyst status` and
   * "check now". With `confirmFailures`, a target whose check failed is checked once more
   * straight away, so a one-shot status can tell `down` (two failures in a row) from a blip.
   * Checks nothing, and resolves to [], while another monitor holds the workspace lease:
   * {@link health} then shows what that one recorded.
   */
  async checkAll(options: { confirmFailures?: boolean } = {}): Promise<CheckOutcome[]> {
    if (!this.#running) await this.refresh();
    if (!this.#leadership.claim()) return [];
    const entries = [...this.#entries.values()].filter((entry) => !entry.stopped);
    const outcomes = await Promise.all(
      entries.map(async (entry) => {
        const first = await this.#check(entry);
        if (!options.confirmFailures || !first || first.sample.ok || first.status.status === 'down')
          return first;
        return (await this.#check(entry)) ?? first;
      }),
    );
    return outcomes.filter((o): o is CheckOutcome => o !== undefined);
  }

  /** Health of every monitored target, sorted by project then target. */
  health(): TargetHealth[] {
    return [...this.#entries.values()]
      .sort((a, b) => compare(a.target, b.target))
      .map((entry) => this.healthOf(entry.target.projectId, entry.target.targetId)!);
  }

  /** Health of one target (also one no longer monitored, from its stored history). */
  healthOf(projectId: string, targetId: string): TargetHealth | undefined {
    const projectName = this.#entries.get(entryId({ projectId, targetId }))?.target.projectName ?? null;
    return this.#reads.healthOf(projectId, targetId, projectName);
  }

  /** Chart points of one target (response time, uptime, error rate per bucket). */
  history(projectId: string, targetId: string, query: HistoryQuery): HistoryPoint[] {
    return this.#reads.history(projectId, targetId, query);
  }

  /** Status changes of one target (or of all when omitted), newest first. */
  statusChanges(target?: { projectId: string; targetId: string }, limit = 100): StatusChange[] {
    return this.#reads.statusChanges(target, limit);
  }

  #loadSettings(): MonitorSettings {
    return { ...readMonitorSettings(this.#db), ...this.#overrides };
  }

  #makeWebhook(): WebhookNotifier | null {
    const url = this.#settings.webhookUrl;
    return url ? new WebhookNotifier({ url, clock: this.#clock, logger: this.#logger }) : null;
  }

  /** One check of one target through the pool; undefined when it is already being checked. */
  async #check(entry: Entry): Promise<CheckOutcome | undefined> {
    if (entry.busy || entry.stopped) return undefined;
    entry.busy = true;
    try {
      return await this.#pool.run(async () => {
        if (this.#closed || !this.leading || entry.stopped) return undefined;
        // Stopped since the last refresh (another terminal, another monitor): never probed.
        if (this.#stoppedNow(entry)) return undefined;
        const probe = await probeHealth(entry.target.url, {
          clock: this.#clock,
          timeoutMs: this.#settings.timeoutMs,
          signal: this.#shutdown.signal,
        });
        // Stopped while the check ran: its result is not stored (the database may be closing,
        // or the user stopped the target: nothing is recorded for it while stopped).
        if (this.#closed || entry.stopped || this.#stoppedNow(entry)) return undefined;
        this.#checks++;
        return this.#record(entry, probe);
      });
    } finally {
      entry.busy = false;
    }
  }

  #record(entry: Entry, probe: Awaited<ReturnType<typeof probeHealth>>): CheckOutcome | undefined {
    let recorded: ReturnType<MonitorStore['recordCheck']>;
    try {
      recorded = this.store.recordCheck(entry.key, probe);
    } catch (err) {
      this.#logger.warn(
        `could not store the check of ${entryLabel(entry.target)}: ${(err as Error).message}`,
      );
      return undefined;
    }
    if (recorded === null) {
      // Its stored status is `stopped` (marked by another monitor meanwhile): nothing stored.
      this.#halt(entry);
      return undefined;
    }
    this.#reads.forget(entry.target);
    const outcome: CheckOutcome = { target: entry.target, ...recorded };
    this.#emitSafely('sample', outcome);
    const change = outcome.change ? { ...outcome.change, url: entry.target.url } : null;
    if (change) {
      this.#emitSafely('status-change', change);
      // A target's first answer being fine is not news worth a notification.
      if (!(change.from === 'unknown' && change.to === 'healthy')) this.#webhook?.notify(change);
    }
    this.#emitSafely('update', {
      projectId: entry.target.projectId,
      targetId: entry.target.targetId,
      change,
    });
    return outcome;
  }

  /** Whether the user stopped the entry's target since the last refresh; if so it is marked so now. */
  #stoppedNow(entry: Entry): boolean {
    if (!this.#askStopped(entry.target)) return false;
    this.#halt(entry);
    this.#noteChange(this.store.markStopped(entry.key, this.#clock.now()));
    return true;
  }

  #askStopped(target: MonitoredTarget): boolean {
    try {
      return this.#isStopped(target);
    } catch (err) {
      this.#logger.warn(`could not read the state of ${entryLabel(target)}: ${(err as Error).message}`);
      return false;
    }
  }

  /** No more checks for a stopped target (a check in flight is discarded when it ends). */
  #halt(entry: Entry): void {
    entry.stopped = true;
    this.#schedule.cancel(entry);
    this.#reads.forget(entry.target);
  }

  /** A stop or a restart this monitor stored: passed on like a check's status change (no webhook: the user did it). */
  #noteChange(stored: StoredChange | null): void {
    if (!stored) return;
    this.#following.own(stored.eventId);
    this.#passOn(stored.change);
  }

  /** A status change stored by this monitor (a stop, a restart) or, following, by the lease holder. */
  #passOn(change: StatusChange): void {
    this.#reads.forget(change);
    this.#emitSafely('status-change', change);
    this.#emitSafely('update', { projectId: change.projectId, targetId: change.targetId, change });
  }

  /**
   * Taking the lease starts this monitor's schedule; losing it (another monitor found it
   * expired) stops it, and from then on this one only follows.
   */
  #leadingChanged(won: boolean): void {
    if (won) {
      if (this.#running && this.#launched) {
        for (const entry of this.#entries.values()) {
          if (entry.stopped || entry.timer) continue;
          this.#schedule.spread(entry);
        }
      }
    } else {
      this.#schedule.cancelAll();
      this.#following.reset();
    }
    this.#emitSafely('leading', won);
  }

  /** A listener that throws (a closed SSE stream, say) must not stop the schedule or crash the process. */
  #emitSafely<K extends keyof HealthMonitorEvents>(event: K, ...args: HealthMonitorEvents[K]): void {
    try {
      (this.emit as (e: K, ...a: HealthMonitorEvents[K]) => boolean)(event, ...args);
    } catch (err) {
      this.#logger.warn(`a ${event} listener failed: ${(err as Error).message}`);
    }
  }

  #compact(): void {
    // Only the lease holder writes history; the rollups are its job.
    if (!this.leading) return;
    try {
      this.#compactor.run(this.#clock.now());
    } catch (err) {
      this.#logger.warn(`could not compact health history: ${(err as Error).message}`);
    }
  }
}

function compare(a: MonitoredTarget, b: MonitoredTarget): number {
  return a.projectId.localeCompare(b.projectId) || a.targetId.localeCompare(b.targetId);
}
