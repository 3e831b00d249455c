/** The thresholds of DESIGN §11, named once. */
export const STATUS_RULES = {
  /** Consecutive failed checks that make a target `down`. */
  downAfterFailures: 2,
  /** How many recent checks the latency average and the error rate look at. */
  window: 5,
  /** Average response time over the window above which a target is `degraded`. */
  slowAverageMs: 1000,
  /** Error rate over the window above which a target is `degraded` (a share, 0–1). */
  maxErrorRate: 0.05,
} as const;

/**
 * `stopped`: the user stopped the target (`catalyst stop`, the studio's Stop). It is not
 * probed while stopped; a crashed app is not stopped but `down`.
 */
export const HEALTH_STATUSES = ['healthy', 'degraded', 'down', 'unknown', 'stopped'] as const;
export type HealthStatus = (typeof HEALTH_STATUSES)[number];
