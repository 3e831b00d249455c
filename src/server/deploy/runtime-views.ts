import type { DeploymentRecord } from '../../deploy/records/deployments.js';
import type { TargetRuntime, TargetRuntimeStatus } from '../../deploy/records/target-state.js';
import type { Platform } from '../../model/project.js';
import type { StatusChange, TargetHealth } from '../../monitor/types.js';
import type { HealthStatus, HealthView } from '../views.js';

/**
 * What deploy and the monitor know of a target at run time, in the shapes the studio shows.
 * Never stored in catalyst.json (DESIGN §3): merged into the project views on every read.
 */

/** One deployment as the history table shows it; logs only on request (they can be long). */
export interface DeploymentView {
  id: string;
  targetId: string;
  version: string;
  /** Full sha; the page shortens it. */
  commit: string;
  status: 'running' | 'success' | 'failed' | 'rolled-back';
  startedAt: string;
  durationMs: number | null;
  failureReason: string | null;
  url: string | null;
  /** The deployment this one returned to, for rollbacks. */
  rollbackOf: string | null;
}

/** A target's deploy state and health, one per target of the project. */
export interface TargetRuntimeView {
  targetId: string;
  platform: Platform;
  /** `never` until the first deploy. */
  status: TargetRuntimeStatus | 'never';
  lastDeployedAt: string | null;
  deployedVersion: string | null;
  deployedCommit: string | null;
  url: string | null;
  /** Local targets can be stopped and restarted from the studio. */
  controllable: boolean;
  health: HealthView;
}

/** Everything the detail view's health panel shows of one target. */
export interface TargetHealthView {
  targetId: string;
  url: string | null;
  status: HealthStatus;
  reason: string;
  statusSince: string | null;
  lastCheckedAt: string | null;
  lastError: string | null;
  /** Percent, 0–100. */
  uptime24hPercent: number | null;
  uptime7dPercent: number | null;
  avgResponseMs: number | null;
  p95ResponseMs: number | null;
  /** Percent, 0–100; from the app's own counters when it reports them, else failed checks. */
  errorRatePercent: number | null;
  errorRateSource: 'app' | 'probes' | null;
  checks24h: number;
}

export interface StatusChangeView {
  at: string;
  from: HealthStatus;
  to: HealthStatus;
  reason: string;
}

export interface HealthPointView {
  at: string;
  checks: number;
  /** Percent, 0–100. */
  uptimePercent: number;
  avgResponseMs: number | null;
  maxResponseMs: number | null;
  errorRatePercent: number | null;
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
const pct = (share: number | null) => (share === null ? null : share * 100);

export const NO_HEALTH: HealthView = {
  status: 'unknown',
  uptimePercent: null,
  avgResponseMs: null,
  errorRatePercent: null,
  lastCheckedAt: null,
};

export function deploymentView(r: DeploymentRecord): DeploymentView {
  return {
    id: r.id,
    targetId: r.targetId,
    version: r.version,
    commit: r.commit,
    status: r.status,
    startedAt: r.startedAt,
    durationMs: r.durationMs,
    failureReason: r.error,
    url: r.url,
    rollbackOf: r.rollbackOf,
  };
}

/** The card-sized health of a target: uptime over the last 24 h. */
export function healthView(h: TargetHealth | undefined): HealthView {
  if (h === undefined) return NO_HEALTH;
  return {
    status: h.status,
    uptimePercent: pct(h.uptime24h),
    avgResponseMs: h.avgLatencyMs,
    errorRatePercent: pct(h.errorRate),
    lastCheckedAt: iso(h.lastCheckedAt),
  };
}

/**
 * The card-sized health of a target with its deploy state: `stopped` whenever the deploy
 * record says the user stopped it — also in the moment before the monitor has marked it
 * (a `catalyst stop` in a terminal while the studio runs).
 */
export function runtimeHealthView(
  h: TargetHealth | undefined,
  runtime: TargetRuntime | undefined,
): HealthView {
  const view = healthView(h);
  return runtime?.status === 'stopped' ? { ...view, status: 'stopped' } : view;
}

export function targetHealthView(h: TargetHealth): TargetHealthView {
  return {
    targetId: h.targetId,
    url: h.url,
    status: h.status,
    reason: h.reason,
    statusSince: iso(h.statusSince),
    lastCheckedAt: iso(h.lastCheckedAt),
    lastError: h.lastError,
    uptime24hPercent: pct(h.uptime24h),
    uptime7dPercent: pct(h.uptime7d),
    avgResponseMs: h.avgLatencyMs,
    p95ResponseMs: h.p95LatencyMs,
    errorRatePercent: pct(h.errorRate),
    errorRateSource: h.errorRateSource,
    checks24h: h.checks24h,
  };
}

export function statusChangeView(c: StatusChange): StatusChangeView {
  return { at: new Date(c.at).toISOString(), from: c.from, to: c.to, reason: c.reason };
}

export function targetRuntimeView(
  target: { id: string; platform: Platform; url?: string | undefined },
  runtime: TargetRuntime | undefined,
  health: TargetHealth | undefined,
): TargetRuntimeView {
  return {
    targetId: target.id,
    platform: target.platform,
    status: runtime?.status ?? 'never',
    lastDeployedAt: runtime?.lastDeployedAt ?? null,
    deployedVersion: runtime?.deployedVersion ?? null,
    deployedCommit: runtime?.deployedCommit ?? null,
    url: runtime?.url ?? target.url ?? null,
    controllable: target.platform === 'docker',
    health: runtimeHealthView(health, runtime),
  };
}
