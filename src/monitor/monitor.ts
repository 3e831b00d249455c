import { EventEmitter, setMaxListeners } from 'node:events';
import type { Database } from 'better-sqlite3';
import { type Clock, systemClock, type TimerHandle } from './clock.js';
import { DEFAULT_RETENTION, HistoryCompactor, type RetentionPolicy } from './db/compaction.js';
import { HealthHistory, type HistoryPoint, type HistoryQuery } from './db/health-history.js';
import { HealthSummaries } from './db/health-summary.js';
import { MonitorStore } from './db/monitor-store.js';
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
}

export interface CheckOutcome {
  target: MonitoredTarget;
  sample: Sample;
  status: DerivedStatus;
  change: StatusChange | null;
}

export interface HealthMonitorEvents {
  sample: [CheckOutcome];
  'status-change': [StatusChange];
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
}

const HOUR = 3_600_000;
const SUMMARY_MAX_AGE_MS = 60_000;

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
  readonly #summaryCache = new Map<string, { health: TargetHealth; at: number }>();
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
    this.#compact();
    await this.refresh();
    this.#launched = true;
    this.#scheduleRefresh();
    this.#scheduleCompaction();
  }

  /** Stops scheduling, waits for checks in flight and pending webhook deliveries. */
  async stop(): Promise<void> {
    this.#running = false;
    this.#closed = true;
    for (const entry of this.#entries.values()) this.#unschedule(entry);
    if (this.#refreshTimer) this.#clock.clearTimeout(this.#refreshTimer);
    if (this.#compactTimer) this.#clock.clearTimeout(this.#compactTimer);
    this.#shutdown.abort();
    await this.idle();
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
    // After launch, a target that appears (a deploy) or moves (a new URL) is news: check it
    // now rather than up to an interval later. At launch the phases spread the first round.
    const urgent = new Set<Entry>();
    const seen = new Set<string>();
    for (const target of targets) {
      if (!target.url) continue;
      const id = entryId(target);
      seen.add(id);
      const existing = this.#entries.get(id);
      if (existing && existing.target.url === target.url) {
        existing.target = { ...target, url: target.url };
        continue;
      }
      const key = this.store.upsertTarget(target).key;
      const entry = existing ?? {
        target: { ...target, url: target.url },
        key,
        nextAt: 0,
        timer: null,
        busy: false,
      };
      entry.target = { ...target, url: target.url };
      this.#entries.set(id, entry);
      this.#summaryCache.delete(id);
      if (this.#launched) urgent.add(entry);
    }
    for (const [id, entry] of this.#entries) {
      if (!seen.has(id)) {
        this.#unschedule(entry);
        this.#entries.delete(id);
        this.#summaryCache.delete(id);
        continue;
      }
      if (!this.#running) continue;
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
    if (this.#settings.intervalMs !== before.intervalMs && this.#running) {
      for (const entry of this.#entries.values()) {
        this.#unschedule(entry);
        this.#schedule(entry, this.#clock.now() + this.#random() * this.#settings.intervalMs);
      }
    }
  }

  /**
   * Checks every deployed target once, now (bounded concurrency); for `catalyst status` and
   * "check now". With `confirmFailures`, a target whose check failed is checked once more
   * straight away, so a one-shot status can tell `down` (two failures in a row) from a blip.
   */
  async checkAll(options: { confirmFailures?: boolean } = {}): Promise<CheckOutcome[]> {
    if (!this.#running) await this.refresh();
    const entries = [...this.#entries.values()];
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
    const cached = this.#summaryCache.get(id);
    if (cached && now - cached.at < SUMMARY_MAX_AGE_MS && now >= cached.at) return cached.health;
    const row = this.store.target(projectId, targetId);
    if (!row) return undefined;
    const health = this.#summaries.forTarget(row, now, this.#entries.get(id)?.target.projectName ?? null);
    this.#summaryCache.set(id, { health, at: now });
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
    entry.nextAt = at;
    entry.timer = this.#clock.setTimeout(() => this.#fire(entry), Math.max(0, at - this.#clock.now()));
  }

  #unschedule(entry: Entry): void {
    if (entry.timer) this.#clock.clearTimeout(entry.timer);
    entry.timer = null;
  }

  /** Fixed rate: the next check keeps the target's phase, whatever this one costs. */
  #fire(entry: Entry): void {
    entry.timer = null;
    if (!this.#running) return;
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
    if (entry.busy) return undefined;
    entry.busy = true;
    try {
      return await this.#pool.run(async () => {
        if (this.#closed) return undefined;
        const probe = await probeHealth(entry.target.url, {
          clock: this.#clock,
          timeoutMs: this.#settings.timeoutMs,
          signal: this.#shutdown.signal,
        });
        // Stopped while the check ran: its result is not stored (the database may be closing).
        if (this.#closed) return undefined;
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
    this.#summaryCache.delete(entryId(entry.target));
    const outcome: CheckOutcome = { target: entry.target, ...recorded };
    this.#emitSafely('sample', outcome);
    if (outcome.change) {
      const change = { ...outcome.change, url: entry.target.url };
      this.#emitSafely('status-change', change);
      // A target's first answer being fine is not news worth a notification.
      if (!(change.from === 'unknown' && change.to === 'healthy')) this.#webhook?.notify(change);
    }
    return outcome;
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

function entryLabel(target: Pick<MonitoredTarget, 'projectId' | 'targetId'>): string {
  return `${target.projectId}/${target.targetId}`;
}

function compare(a: MonitoredTarget, b: MonitoredTarget): number {
  return a.projectId.localeCompare(b.projectId) || a.targetId.localeCompare(b.targetId);
}
