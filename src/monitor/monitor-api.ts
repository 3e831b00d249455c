import type { Database } from 'better-sqlite3';
import type { Clock } from './clock.js';
import type { RetentionPolicy } from './db/compaction.js';
import type { DerivedStatus } from './derive-status.js';
import type { MonitorLogger } from './logger.js';
import type { Sample } from './sample.js';
import type { MonitorSettings } from './settings.js';
import type { MonitoredTarget, StatusChange, TargetSource } from './types.js';

/** The shapes of the {@link HealthMonitor}'s public API: its options, events and stats. */

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
