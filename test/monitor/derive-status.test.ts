import { describe, expect, it } from 'vitest';
import { deriveStatus, type StatusSample, windowErrorRate } from '../../src/monitor/derive-status.js';

const ok = (latencyMs = 20, extra: Partial<StatusSample> = {}): StatusSample => ({
  ok: true,
  latencyMs,
  reportedStatus: 'healthy',
  requestsTotal: null,
  deltaTotal: null,
  deltaErrors: null,
  error: null,
  httpStatus: 200,
  ...extra,
});
const failed = (error = 'connection refused'): StatusSample => ({
  ok: false,
  latencyMs: 1,
  reportedStatus: null,
  requestsTotal: null,
  deltaTotal: null,
  deltaErrors: null,
  error,
  httpStatus: null,
});

describe('deriveStatus (DESIGN §11)', () => {
  it('is unknown before any sample', () => {
    expect(deriveStatus([])).toEqual({ status: 'unknown', reason: 'not checked yet' });
  });

  it('stays unknown after a first check that failed', () => {
    expect(deriveStatus([failed()])).toEqual({
      status: 'unknown',
      reason: 'the first check failed: connection refused',
    });
    expect(deriveStatus([failed(), failed()]).status).toBe('down');
  });

  it('is healthy when answering fast with no errors', () => {
    expect(deriveStatus([ok(10), ok(30)])).toEqual({
      status: 'healthy',
      reason: 'answering in 20 ms on average',
    });
  });

  it('is down after two consecutive failed checks, not after one', () => {
    const history = [ok(), ok(), ok(20, { requestsTotal: 10, deltaTotal: 10, deltaErrors: 0 })];
    expect(deriveStatus([...history, failed()]).status).toBe('healthy');
    expect(deriveStatus([...history, failed(), failed('no answer within 5 s')])).toEqual({
      status: 'down',
      reason: '2 checks in a row failed: no answer within 5 s',
    });
  });

  it('is degraded when the average latency of the last 5 answers exceeds 1000 ms', () => {
    // (1000 + 1000 + 1000 + 1000 + 1005) / 5 = 1001 > 1000; the older 5000 ms falls out of the window.
    const slow = [ok(5000), ok(1000), ok(1000), ok(1000), ok(1000), ok(1005)];
    expect(deriveStatus(slow)).toEqual({
      status: 'degraded',
      reason: 'slow: 1001 ms average over the last 5 answers (limit 1000 ms)',
    });
    // Exactly 1000 ms on average is not above the limit.
    expect(deriveStatus([ok(5000), ok(1000), ok(1000), ok(1000), ok(1000), ok(1000)]).status).toBe('healthy');
  });

  it('is degraded when the app counters show more than 5 % errors over the window', () => {
    const s = [
      ok(20, { requestsTotal: 1, deltaTotal: 100, deltaErrors: 2 }),
      ok(20, { requestsTotal: 1, deltaTotal: 100, deltaErrors: 10 }),
    ];
    // 12 / 200 = 6 %
    expect(deriveStatus(s)).toEqual({
      status: 'degraded',
      reason: 'error rate 6 % (12 of 200 requests) over the last 2 checks (limit 5 %)',
    });
    // 10 / 200 = 5 % is not above the limit.
    expect(
      deriveStatus([
        ok(20, { requestsTotal: 1, deltaTotal: 100, deltaErrors: 0 }),
        ok(20, { requestsTotal: 1, deltaTotal: 100, deltaErrors: 10 }),
      ]).status,
    ).toBe('healthy');
  });

  it('is degraded when the app reports a status other than healthy', () => {
    expect(deriveStatus([ok(20), ok(20, { reportedStatus: 'degraded', httpStatus: 503 })])).toEqual({
      status: 'degraded',
      reason: 'app reports "degraded"',
    });
  });

  it('is degraded when the answer is not health JSON', () => {
    expect(
      deriveStatus([
        ok(20, { reportedStatus: null, error: 'the answer is not the health JSON of a Catalyst app' }),
      ]),
    ).toEqual({
      status: 'degraded',
      reason: 'the answer is not the health JSON of a Catalyst app (HTTP 200)',
    });
  });

  it('keeps an app that reports counters healthy through one failed check, even before a first delta', () => {
    expect(deriveStatus([ok(20, { requestsTotal: 7 }), failed()])).toEqual({
      status: 'healthy',
      reason: 'answering in 20 ms on average',
    });
  });

  it('uses failed probes as the error rate when the app reports no counters', () => {
    expect(deriveStatus([ok(), ok(), ok(), ok(), failed()])).toEqual({
      status: 'degraded',
      reason: '1 of 5 checks failed: connection refused',
    });
    expect(windowErrorRate([ok(), failed(), ok(), ok()])).toEqual({
      rate: 0.25,
      source: 'probes',
      errors: 1,
      total: 4,
    });
  });

  it('joins several reasons', () => {
    const s = [ok(3000, { reportedStatus: 'starting', requestsTotal: 10, deltaTotal: 10, deltaErrors: 5 })];
    expect(deriveStatus(s).reason).toBe(
      'app reports "starting"; slow: 3000 ms average over the last answer (limit 1000 ms); ' +
        'error rate 50 % (5 of 10 requests) over the last check (limit 5 %)',
    );
  });
});
