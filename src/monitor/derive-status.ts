import { HEALTHY_REPORT } from './health-body.js';
import type { Sample } from './sample.js';
import { type HealthStatus, STATUS_RULES } from './status-rules.js';

export type StatusSample = Pick<
  Sample,
  | 'ok'
  | 'latencyMs'
  | 'reportedStatus'
  | 'requestsTotal'
  | 'deltaTotal'
  | 'deltaErrors'
  | 'error'
  | 'httpStatus'
>;

export interface DerivedStatus {
  status: HealthStatus;
  /** One line saying why, shown next to the status and stored with status changes. */
  reason: string;
}

export interface WindowErrorRate {
  rate: number;
  /** `app`: from the app's request counters; `probes`: share of failed health checks. */
  source: 'app' | 'probes';
  errors: number;
  total: number;
}

/**
 * The status of DESIGN §11 from a target's most recent samples (oldest first).
 * Pure, so the rules can be tested against hand-made histories.
 */
export function deriveStatus(recent: readonly StatusSample[]): DerivedStatus {
  if (recent.length === 0) return { status: 'unknown', reason: 'not checked yet' };
  const failures = trailingFailures(recent);
  if (failures >= STATUS_RULES.downAfterFailures) {
    const last = recent[recent.length - 1]!;
    return { status: 'down', reason: `${failures} checks in a row failed: ${last.error ?? 'no answer'}` };
  }

  const window = recent.slice(-STATUS_RULES.window);
  const answered = window.filter((s) => s.ok);
  if (answered.length === 0) {
    // Only possible with a single sample: a first check that failed says nothing yet about
    // how the app answers; one more failure makes it down.
    return { status: 'unknown', reason: `the first check failed: ${window[0]?.error ?? 'no answer'}` };
  }
  const reasons: string[] = [];

  const lastAnswer = answered[answered.length - 1];
  if (lastAnswer && lastAnswer.reportedStatus !== HEALTHY_REPORT) {
    reasons.push(
      lastAnswer.reportedStatus === null
        ? `${lastAnswer.error ?? 'unexpected answer'} (HTTP ${lastAnswer.httpStatus})`
        : `app reports "${lastAnswer.reportedStatus}"`,
    );
  }

  const average = averageLatency(answered);
  if (average !== null && average > STATUS_RULES.slowAverageMs) {
    reasons.push(
      `slow: ${Math.round(average)} ms average over ${lastN(answered.length, 'answer')} ` +
        `(limit ${STATUS_RULES.slowAverageMs} ms)`,
    );
  }

  const errors = windowErrorRate(window);
  if (errors && errors.rate > STATUS_RULES.maxErrorRate) {
    reasons.push(
      errors.source === 'app'
        ? `error rate ${formatPercent(errors.rate)} (${errors.errors} of ${errors.total} requests) ` +
            `over ${lastN(window.length, 'check')} (limit ${formatPercent(STATUS_RULES.maxErrorRate)})`
        : `${errors.errors} of ${errors.total} checks failed` +
            (window[window.length - 1]?.ok === false ? `: ${window[window.length - 1]!.error}` : ''),
    );
  }

  if (reasons.length > 0) return { status: 'degraded', reason: reasons.join('; ') };
  return {
    status: 'healthy',
    reason: average === null ? 'answering' : `answering in ${Math.round(average)} ms on average`,
  };
}

export function trailingFailures(samples: readonly Pick<StatusSample, 'ok'>[]): number {
  let n = 0;
  for (let i = samples.length - 1; i >= 0 && !samples[i]!.ok; i--) n++;
  return n;
}

function averageLatency(answered: readonly StatusSample[]): number | null {
  if (answered.length === 0) return null;
  return answered.reduce((sum, s) => sum + s.latencyMs, 0) / answered.length;
}

/**
 * Error rate over a window: from the app's own counters when any check in it reported
 * them (failed probes are then not requests the app saw; a first reading has no delta
 * yet and adds nothing), else the share of failed checks.
 */
export function windowErrorRate(window: readonly StatusSample[]): WindowErrorRate | null {
  if (window.length === 0) return null;
  if (window.some((s) => s.requestsTotal !== null)) {
    const total = window.reduce((sum, s) => sum + (s.deltaTotal ?? 0), 0);
    const errors = window.reduce((sum, s) => sum + (s.deltaErrors ?? 0), 0);
    return { rate: total === 0 ? 0 : errors / total, source: 'app', errors, total };
  }
  const failed = window.filter((s) => !s.ok).length;
  return { rate: failed / window.length, source: 'probes', errors: failed, total: window.length };
}

export function formatPercent(share: number): string {
  const pct = share * 100;
  return `${Number.isInteger(pct) ? pct : pct.toFixed(1)} %`;
}

function lastN(n: number, noun: string): string {
  return n === 1 ? `the last ${noun}` : `the last ${n} ${noun}s`;
}
