import type { Clock } from '../../monitor/clock.js';
import { HealthMonitor } from '../../monitor/monitor.js';
import type { MonitorSettings } from '../../monitor/settings.js';
import type { TargetHealth } from '../../monitor/types.js';
import { workspaceStopCheck, workspaceTargetSource } from '../../monitor/workspace-targets.js';
import type { Workspace } from '../../workspace/workspace.js';
import {
  type HealthPointView,
  type StatusChangeView,
  statusChangeView,
  type TargetHealthView,
  targetHealthView,
} from '../deploy/runtime-views.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Chart windows and their bucket widths: about 60–170 points each. */
export const HEALTH_RANGES = {
  '1h': { spanMs: HOUR, bucketMs: MINUTE },
  '24h': { spanMs: DAY, bucketMs: 15 * MINUTE },
  '7d': { spanMs: 7 * DAY, bucketMs: HOUR },
  '30d': { spanMs: 30 * DAY, bucketMs: 6 * HOUR },
} as const;
export type HealthRange = keyof typeof HEALTH_RANGES;

/** What the studio reads of the monitor's measurements, and the monitor it runs. */
export interface HealthServices {
  /** The one monitor of this studio; `monitor-service.ts` starts and stops it. */
  readonly monitor: HealthMonitor;
  /** Raw health of one target, undefined when it was never monitored. */
  of(projectId: string, targetId: string): TargetHealth | undefined;
  summary(projectId: string, targetId: string): TargetHealthView | null;
  history(
    projectId: string,
    targetId: string,
    range: HealthRange,
  ): { range: HealthRange; bucketMs: number; from: string; to: string; points: HealthPointView[] };
  changes(projectId: string, targetId: string, limit: number): StatusChangeView[];
}

export interface HealthServiceOptions {
  /** Overrides of the workspace's monitor settings (tests, benchmarks). */
  settings?: Partial<MonitorSettings>;
  log?: (line: string) => void;
  now?: () => number;
  /** The monitor's clock (tests drive it by hand: `ManualClock`); also the charts' "now". */
  clock?: Clock;
  /** Picks each target's phase in the interval (tests: a fixed phase lands checks on known instants). */
  random?: () => number;
}

/** `folderOf` refuses an unknown project with the studio's not-found error. */
export function createHealthServices(
  workspace: Pick<Workspace, 'home' | 'db' | 'vault' | 'registry'>,
  folderOf: (projectId: string) => string,
  options: HealthServiceOptions = {},
): HealthServices {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const clock = options.clock;
  const now = options.now ?? (clock ? () => clock.now() : Date.now);
  const monitor = new HealthMonitor({
    db: workspace.db,
    targets: workspaceTargetSource(workspace),
    isStopped: workspaceStopCheck(workspace),
    lease: { label: 'the studio' },
    logger: { warn: (message: string) => log(`monitor: ${message}`) },
    ...(options.settings ? { settings: options.settings } : {}),
    ...(clock ? { clock } : {}),
    ...(options.random ? { random: options.random } : {}),
  });
  return {
    monitor,
    of: (projectId, targetId) => monitor.healthOf(projectId, targetId),
    summary(projectId, targetId) {
      folderOf(projectId);
      const health = monitor.healthOf(projectId, targetId);
      return health === undefined ? null : targetHealthView(health);
    },
    history(projectId, targetId, range) {
      folderOf(projectId);
      const { spanMs, bucketMs } = HEALTH_RANGES[range];
      const to = now();
      // Bucket edges on multiples of the width, so a point keeps its place as time moves on.
      const from = Math.floor((to - spanMs) / bucketMs) * bucketMs;
      const points = monitor.history(projectId, targetId, { from, to: to + 1, bucketMs }).map((p) => ({
        at: new Date(p.at).toISOString(),
        checks: p.checks,
        uptimePercent: p.uptime * 100,
        avgResponseMs: p.avgLatencyMs === null ? null : Math.round(p.avgLatencyMs),
        maxResponseMs: p.maxLatencyMs,
        errorRatePercent: p.errorRate === null ? null : p.errorRate * 100,
      }));
      return { range, bucketMs, from: new Date(from).toISOString(), to: new Date(to).toISOString(), points };
    },
    changes(projectId, targetId, limit) {
      folderOf(projectId);
      return monitor.statusChanges({ projectId, targetId }, limit).map(statusChangeView);
    },
  };
}
