import type { ProbeResult } from './probe.js';

/**
 * One stored check. `deltaTotal`/`deltaErrors` are the app's request counters' growth
 * since the previous check that reported counters, worked out when the sample is
 * recorded — so rollups can sum them after the raw rows are gone.
 */
export interface Sample extends ProbeResult {
  deltaTotal: number | null;
  deltaErrors: number | null;
}

type Counters = Pick<ProbeResult, 'requestsTotal' | 'requestsErrors' | 'appUptime'>;

/**
 * Counter growth between two checks. A counter that went down, or an app uptime that
 * went down, means the app restarted: its counters began again at zero, so everything it
 * reports now is new. (Uptime is compared only with itself, never with our clock: the
 * app's clock and ours need not agree.)
 */
export function counterDeltas(
  previous: Counters | undefined,
  current: Counters,
): { deltaTotal: number | null; deltaErrors: number | null } {
  const { requestsTotal: total, requestsErrors: errors } = current;
  if (total === null || errors === null) return { deltaTotal: null, deltaErrors: null };
  if (!previous || previous.requestsTotal === null || previous.requestsErrors === null) {
    return { deltaTotal: null, deltaErrors: null };
  }
  const restarted =
    total < previous.requestsTotal ||
    errors < previous.requestsErrors ||
    (current.appUptime !== null && previous.appUptime !== null && current.appUptime < previous.appUptime);
  if (restarted) return { deltaTotal: total, deltaErrors: Math.min(errors, total) };
  const deltaTotal = total - previous.requestsTotal;
  return { deltaTotal, deltaErrors: Math.min(errors - previous.requestsErrors, deltaTotal) };
}
