import type { HealthStatus } from './status-rules.js';

/** A deployed target the monitor should watch. `url` null = deployed nowhere reachable yet. */
export interface MonitoredTarget {
  projectId: string;
  targetId: string;
  url: string | null;
  /** Shown in tables when known (the project's and target's display names). */
  projectName?: string;
  targetName?: string;
  /** The user stopped it: listed with status `stopped`, never probed until it runs again. */
  stopped?: boolean;
}

/**
 * Where the monitor learns which targets exist. Called on start and once per interval,
 * so deploys and new projects are picked up without a restart.
 */
export type TargetSource = () => MonitoredTarget[] | Promise<MonitoredTarget[]>;

export interface StatusChange {
  projectId: string;
  targetId: string;
  url: string | null;
  at: number;
  from: HealthStatus;
  to: HealthStatus;
  reason: string;
}

/** What the studio cards and `catalyst status` show for one target. */
export interface TargetHealth {
  projectId: string;
  /** The project's display name when the target source gave one. */
  projectName: string | null;
  targetId: string;
  url: string | null;
  status: HealthStatus;
  reason: string;
  statusSince: number | null;
  lastCheckedAt: number | null;
  /** Why the latest check failed, when it did. */
  lastError: string | null;
  /** Share (0–1) of good checks over the last 24 h / 7 d; null without checks. */
  uptime24h: number | null;
  uptime7d: number | null;
  /** Over the answered checks of the last 24 h. */
  avgLatencyMs: number | null;
  p95LatencyMs: number | null;
  /** Share (0–1) of failed requests over 24 h: the app's counters, else failed checks. */
  errorRate: number | null;
  errorRateSource: 'app' | 'probes' | null;
  checks24h: number;
}
