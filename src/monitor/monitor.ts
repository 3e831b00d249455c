import { randomUUID } from 'node:crypto';
import { EventEmitter, setMaxListeners } from 'node:events';
import type { Database } from 'better-sqlite3';
import { type Clock, systemClock, type TimerHandle } from './clock.js';
import { DEFAULT_RETENTION, HistoryCompactor, type RetentionPolicy } from './db/compaction.js';
import { HealthHistory, type HistoryPoint, type HistoryQuery } from './db/health-history.js';
import { HealthSummaries } from './db/health-summary.js';
import { type LeaseHolder, MonitorLease, processAlive } from './db/lease.js';
import { MonitorStore, type StoredChange, type TargetRow } from './db/monitor-store.js';
import { readMonitorSettings } from './db/settings-store.js';
import type { DerivedStatus } from './derive-status.js';
import { type MonitorLogger, stderrLogger } from './logger.js';
import { ConcurrencyPool } from './pool.js';
import { probeHealth } from './probe.js';
import type { Sample } from './sample.js';
import type { MonitorSettings } from './settings.js';
import type { MonitoredTarget, StatusChange, TargetHealth, TargetSource } from './types.js';
import { WebhookNotifier } from './webhook.js';

export interface HealthMonitorOptions {
  /** The workspace database, migrated (its `monitor_*` tables and `settings`). */
  db: Database;
  targets: TargetSource;
  clock?: Clock;
  /** Picks each target's phase in the interval; injectable for reproducible schedules. */
  random?: () => number;
  logger?: MonitorLogger;
  /** Overrides of the workspace settings (e.g. a benchmark's short interval). */
  settings?: Partial<MonitorSettings>;
  retention?: RetentionPolicy;
  /** How often old samples are folded into rollups while running. */
  compactEveryMs?: number;
  /**
   * Whether the user stopped a target since the target source last said so. Asked right
   * before each probe, so a target stopped between two refreshes (`catalyst stop` in
   * another terminal) is not probed once more.
   */
  isStopped?: (target: Pick<MonitoredTarget, 'projectId' | 'targetId'>) => boolean;
  /** The workspace lease: only the monitor holding it probes (see {@link HealthMonitor.leading}). */
  lease?: {
    /** Who this is, as others show it: "the studio", "catalyst status --watch". */
    label?: string;
    pid?: number;
    isAlive?: (pid: number) => boolean;
    /** How often the holder renews it and the others look for news and try to take it. */
    everyMs?: number;
  };
}

/** Something about a target changed in the database: a check, a status change, a stop. */
export interface TargetUpdate {
  projectId: string;
  targetId: string;
  change: StatusChange | null;
}

export interface CheckOutcome {
  target: MonitoredTarget;
  sample: Sample;
  status: DerivedStatus;
  change: StatusChange | null;
}

export interface HealthMonitorEvents {
  /** A check this monitor made (only the lease holder checks). */
  sample: [CheckOutcome];
  /** Every status change: from this monitor's checks, a stop or restart, or (following) another monitor's. */
  'status-change': [StatusChange];
  /** A target's stored state changed, whoever changed it: what a page showing it should reload. */
  update: [TargetUpdate];
  /** This monitor took the lease (true) or lost it (false). */
  leading: [boolean];
}

export interface MonitorStats {
  targets: number;
  checks: number;
  /** Rounds skipped because the previous check of that target was still running or queued. */
  skipped: number;
  active: number;
  queued: number;
  peakConcurrency: number;
}

interface Entry {
  target: MonitoredTarget & { url: string };
  key: number;
  nextAt: number;
  timer: TimerHandle | null;
  busy: boolean;
  /** The user stopped it: listed, never probed. */
  stopped: boolean;
}

const HOUR = 3_600_000;
const SUMMARY_MAX_AGE_MS = 60_000;
/** A lease not renewed for this many of its cycles is free (its holder hangs or its clock stopped). */
const LEASE_CYCLES = 6;

/**
 * Checks every deployed target's `/health` on a schedule and keeps what it learns in the
 * workspace database. Each target gets a random phase within the interval, so 500 targets
 * spread over the minute instead of firing together; checks then run through a bounded
 * pool. Runs inside the studio (start on launch, stop on shutdown) or for `catalyst status`.
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
  readonly #compactEveryMs: number;
  readonly #summaries: HealthSummaries;
  readonly #history: HealthHistory;
  readonly #entries = new Map<string, Entry>();
  /**
   * Summaries are a few queries each (p95 sorts a day of latencies); the dashboard asks
   * often, so each is kept until its target is checked again or it is a minute old.
   */
  readonly #summaryCache = new Map<string, { health: TargetHealth; at: number; stamp: string }>();
  readonly #isStopped: (target: Pick<MonitoredTarget, 'projectId' | 'targetId'>) => boolean;
  readonly #lease: MonitorLease;
  readonly #leaseEveryMs: number | undefined;
  #leading = false;
  #leaseTimer: TimerHandle | null = null;
  /** Following: the last stored status event already passed on, and each target's last check seen. */
  #lastEventId = 0;
  readonly #ownEvents = new Set<number>();
  readonly #seenChecks = new Map<number, number | null>();
  #settings: MonitorSettings;
  #pool: ConcurrencyPool;
  readonly #retired = new Set<ConcurrencyPool>();
  #webhook: WebhookNotifier | null = null;
  #running = false;
  /** The first target list is loaded: targets found later are checked at once. */
  #launched = false;
  #closed = false;
  #refreshTimer: TimerHandle | null = null;
  #compactTimer: TimerHandle | null = null;
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
    this.#summaries = new HealthSummaries(options.db);
    this.#history = new HealthHistory(options.db);
    this.#source = options.targets;
    this.#clock = options.clock ?? systemClock;
    this.#random = options.random ?? Math.random;
    this.#logger = options.logger ?? stderrLogger;
    this.#overrides = options.settings ?? {};
    this.#compactor = new HistoryCompactor(options.db, options.retention ?? DEFAULT_RETENTION);
    this.#compactEveryMs = options.compactEveryMs ?? HOUR;
    this.#settings = this.#loadSettings();
    this.#pool = new ConcurrencyPool(this.#settings.concurrency);
    this.#webhook = this.#makeWebhook();
    this.#isStopped = options.isStopped ?? (() => false);
    this.#leaseEveryMs = options.lease?.everyMs;
    this.#lease = new MonitorLease(options.db, {
      owner: randomUUID(),
      pid: options.lease?.pid ?? process.pid,
      label: options.lease?.label ?? 'a health monitor',
      isAlive: options.lease?.isAlive ?? processAlive,
    });
  }

  /**
   * Whether this monitor holds the workspace lease and so probes and records. The others
   * only read what it records (and take over when it stops or its process is gone).
   */
  get leading(): boolean {
    return this.#leading;
  }

  /** The monitor that holds the lease now, when it is not this one. */
  leader(): LeaseHolder | undefined {
    if (this.#leading) return undefined;
    return this.#lease.holder(this.#clock.now());
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
    this.#lastEventId = this.store.maxEventId();
    this.#claim();
    this.#compact();
    await this.refresh();
    this.#launched = true;
    this.#scheduleRefresh();
    this.#scheduleCompaction();
    this.#scheduleLease();
  }

  /** Stops scheduling, waits for checks in flight and pending webhook deliveries. */
  async stop(): Promise<void> {
    this.#running = false;
    this.#closed = true;
    for (const entry of this.#entries.values()) this.#unschedule(entry);
    if (this.#refreshTimer) this.#clock.clearTimeout(this.#refreshTimer);
    if (this.#compactTimer) this.#clock.clearTimeout(this.#compactTimer);
    if (this.#leaseTimer) this.#clock.clearTimeout(this.#leaseTimer);
    this.#shutdown.abort();
    await this.idle();
    // Another monitor of the workspace takes over at its next lease cycle.
    if (this.#leading) {
      this.#leading = false;
      try {
        this.#lease.release();
      } catch (err) {
        this.#logger.warn(`could not release the monitor lease: ${(err as Error).message}`);
      }
    }
  }

  /** Resolves when no check is running or queued and the webhook has caught up. */
  async idle(): Promise<void> {
    await Promise.all([...this.#retired, this.#pool].map((pool) => pool.idle()));
    this.#retired.clear();
    await this.#webhook?.idle();
  }

  /**
   * Re-reads the target source: new targets are scheduled (and, after launch, checked at
   * once), removed ones stop being checked. The studio calls it after a deploy.
   */
  async refresh(): Promise<void> {
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
        this.#summaryCache.delete(id);
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
      if ((moved || resumed) && this.#launched) urgent.add(entry);
    }
    for (const [id, entry] of this.#entries) {
      if (!seen.has(id)) {
        this.#unschedule(entry);
        this.#entries.delete(id);
        this.#summaryCache.delete(id);
        continue;
      }
      if (!this.#running || !this.#leading || entry.stopped) continue;
      if (urgent.has(entry)) {
        void this.#check(entry);
        // Its regular checks then start within the second half of the interval.
        this.#unschedule(entry);
        this.#schedule(entry, this.#clock.now() + (0.5 + 0.5 * this.#random()) * this.#settings.intervalMs);
      } else if (!entry.timer) {
        // A target of the first round (or first seen by checkAll before start): a random phase.
        this.#schedule(entry, this.#clock.now() + this.#random() * this.#settings.intervalMs);
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
    if (this.#settings.intervalMs !== before.intervalMs && this.#running && this.#leading) {
      for (const entry of this.#entries.values()) {
        if (entry.stopped) continue;
        this.#unschedule(entry);
        this.#schedule(entry, this.#clock.now() + this.#random() * this.#settings.intervalMs);
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
    if (!this.#claim()) return [];
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
    const id = entryId({ projectId, targetId });
    const now = this.#clock.now();
    // The row is one indexed read; it tells whether anyone (another monitor too) stored news since.
    const row = this.store.target(projectId, targetId);
    if (!row) return undefined;
    const stamp = rowStamp(row);
    const cached = this.#summaryCache.get(id);
    if (cached && cached.stamp === stamp && now - cached.at < SUMMARY_MAX_AGE_MS && now >= cached.at)
      return cached.health;
    const health = this.#summaries.forTarget(row, now, this.#entries.get(id)?.target.projectName ?? null);
    this.#summaryCache.set(id, { health, at: now, stamp });
    return health;
  }

  /** Chart points of one target (response time, uptime, error rate per bucket). */
  history(projectId: string, targetId: string, query: HistoryQuery): HistoryPoint[] {
    const row = this.store.target(projectId, targetId);
    return row ? this.#history.series(row.key, query) : [];
  }

  /** Status changes of one target (or of all when omitted), newest first. */
  statusChanges(target?: { projectId: string; targetId: string }, limit = 100): StatusChange[] {
    if (!target) return this.store.events({ limit });
    const row = this.store.target(target.projectId, target.targetId);
    return row ? this.store.events({ key: row.key, limit }) : [];
  }

  #loadSettings(): MonitorSettings {
    return { ...readMonitorSettings(this.#db), ...this.#overrides };
  }

  #makeWebhook(): WebhookNotifier | null {
    const url = this.#settings.webhookUrl;
    return url ? new WebhookNotifier({ url, clock: this.#clock, logger: this.#logger }) : null;
  }

  #schedule(entry: Entry, at: number): void {
    // Whole milliseconds: a random phase must not make a clock that jumps to its timers
    // (ManualClock) stamp samples with fractional instants.
    entry.nextAt = Math.round(at);
    entry.timer = this.#clock.setTimeout(
      () => this.#fire(entry),
      Math.max(0, entry.nextAt - this.#clock.now()),
    );
  }

  #unschedule(entry: Entry): void {
    if (entry.timer) this.#clock.clearTimeout(entry.timer);
    entry.timer = null;
  }

  /** Fixed rate: the next check keeps the target's phase, whatever this one costs. */
  #fire(entry: Entry): void {
    entry.timer = null;
    if (!this.#running || !this.#leading || entry.stopped) return;
    const now = this.#clock.now();
    let next = entry.nextAt + this.#settings.intervalMs;
    while (next <= now) next += this.#settings.intervalMs;
    this.#schedule(entry, next);
    if (entry.busy) {
      this.#skipped++;
      return;
    }
    void this.#check(entry);
  }

  /** One check of one target through the pool; undefined when it is already being checked. */
  async #check(entry: Entry): Promise<CheckOutcome | undefined> {
    if (entry.busy || entry.stopped) return undefined;
    entry.busy = true;
    try {
      return await this.#pool.run(async () => {
        if (this.#closed || !this.#leading || entry.stopped) return undefined;
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
    this.#summaryCache.delete(entryId(entry.target));
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
    this.#unschedule(entry);
    this.#summaryCache.delete(entryId(entry.target));
  }

  /** A stop or a restart this monitor stored: passed on like a check's status change (no webhook: the user did it). */
  #noteChange(stored: StoredChange | null): void {
    if (!stored) return;
    this.#ownEvents.add(stored.eventId);
    const { change } = stored;
    this.#summaryCache.delete(entryId(change));
    this.#emitSafely('status-change', change);
    this.#emitSafely('update', { projectId: change.projectId, targetId: change.targetId, change });
  }

  /**
   * Takes or renews the lease. Taking it starts this monitor's schedule; losing it (another
   * monitor found it expired) stops it, and from then on this one only follows.
   */
  #claim(): boolean {
    let won: boolean;
    try {
      won = this.#lease.acquire(this.#clock.now(), this.#leaseTtlMs());
    } catch (err) {
      this.#logger.warn(`could not take the monitor lease: ${(err as Error).message}`);
      won = false;
    }
    if (won === this.#leading) return won;
    this.#leading = won;
    if (won) {
      if (this.#running && this.#launched) {
        for (const entry of this.#entries.values()) {
          if (entry.stopped || entry.timer) continue;
          this.#schedule(entry, this.#clock.now() + this.#random() * this.#settings.intervalMs);
        }
      }
    } else {
      for (const entry of this.#entries.values()) this.#unschedule(entry);
      this.#lastEventId = this.store.maxEventId();
      this.#seenChecks.clear();
    }
    this.#emitSafely('leading', won);
    return won;
  }

  #leaseEvery(): number {
    return this.#leaseEveryMs ?? Math.min(5_000, this.#settings.intervalMs);
  }

  #leaseTtlMs(): number {
    return Math.max(LEASE_CYCLES * this.#leaseEvery(), 2 * this.#settings.intervalMs);
  }

  /** Each lease cycle: the holder renews; the others try to take it, else pass on what the holder stored. */
  #scheduleLease(): void {
    this.#leaseTimer = this.#clock.setTimeout(() => {
      if (!this.#running) return;
      if (!this.#claim()) this.#follow();
      this.#scheduleLease();
    }, this.#leaseEvery());
  }

  /** Following: the holder's status changes and checks since the last cycle become events here. */
  #follow(): void {
    try {
      for (const { eventId, change } of this.store.eventsAfter(this.#lastEventId)) {
        this.#lastEventId = eventId;
        if (this.#ownEvents.delete(eventId)) continue;
        this.#summaryCache.delete(entryId(change));
        this.#emitSafely('status-change', change);
        this.#emitSafely('update', { projectId: change.projectId, targetId: change.targetId, change });
      }
      const byKey = new Map([...this.#entries.values()].map((e) => [e.key, e]));
      for (const row of this.store.targets()) {
        const entry = byKey.get(row.key);
        if (!entry) continue;
        const before = this.#seenChecks.get(row.key);
        this.#seenChecks.set(row.key, row.lastCheckedAt);
        if (before === undefined || before === row.lastCheckedAt) continue;
        this.#emitSafely('update', { projectId: row.projectId, targetId: row.targetId, change: null });
      }
    } catch (err) {
      this.#logger.warn(`could not read what the monitoring process stored: ${(err as Error).message}`);
    }
  }

  /** A listener that throws (a closed SSE stream, say) must not stop the schedule or crash the process. */
  #emitSafely<K extends keyof HealthMonitorEvents>(event: K, ...args: HealthMonitorEvents[K]): void {
    try {
      (this.emit as (e: K, ...a: HealthMonitorEvents[K]) => boolean)(event, ...args);
    } catch (err) {
      this.#logger.warn(`a ${event} listener failed: ${(err as Error).message}`);
    }
  }

  #scheduleRefresh(): void {
    this.#refreshTimer = this.#clock.setTimeout(() => {
      if (!this.#running) return;
      // Settings changed elsewhere (the CLI, the studio) apply within one interval.
      try {
        this.reloadSettings();
      } catch (err) {
        this.#logger.warn(`could not read the monitor settings: ${(err as Error).message}`);
      }
      void this.refresh().finally(() => {
        if (this.#running) this.#scheduleRefresh();
      });
    }, this.#settings.intervalMs);
  }

  #scheduleCompaction(): void {
    this.#compactTimer = this.#clock.setTimeout(() => {
      if (!this.#running) return;
      this.#compact();
      this.#scheduleCompaction();
    }, this.#compactEveryMs);
  }

  #compact(): void {
    // Only the lease holder writes history; the rollups are its job.
    if (!this.#leading) return;
    try {
      this.#compactor.run(this.#clock.now());
    } catch (err) {
      this.#logger.warn(`could not compact health history: ${(err as Error).message}`);
    }
  }
}

function entryId(target: Pick<MonitoredTarget, 'projectId' | 'targetId'>): string {
  return `${target.projectId}\u0000${target.targetId}`;
}

/** What a cached summary was built from: a new check or status anywhere changes it. */
function rowStamp(row: TargetRow): string {
  return `${row.status}|${row.statusSince}|${row.lastCheckedAt}|${row.url}`;
}

function entryLabel(target: Pick<MonitoredTarget, 'projectId' | 'targetId'>): string {
  return `${target.projectId}/${target.targetId}`;
}

function compare(a: MonitoredTarget, b: MonitoredTarget): number {
  return a.projectId.localeCompare(b.projectId) || a.targetId.localeCompare(b.targetId);
}
