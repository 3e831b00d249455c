import { describe, expect, it } from 'vitest';
import { counterDeltas } from '../../src/monitor/sample.js';

const c = (requestsTotal: number | null, requestsErrors: number | null, appUptime: number | null = null) => ({
  requestsTotal,
  requestsErrors,
  appUptime,
});

describe('counterDeltas', () => {
  it('is the growth of the counters since the previous check', () => {
    expect(counterDeltas(c(100, 3, 60), c(150, 5, 120))).toEqual({ deltaTotal: 50, deltaErrors: 2 });
  });

  it('has no delta without a previous reading or without counters', () => {
    expect(counterDeltas(undefined, c(150, 5))).toEqual({ deltaTotal: null, deltaErrors: null });
    expect(counterDeltas(c(100, 3), c(null, null))).toEqual({ deltaTotal: null, deltaErrors: null });
  });

  it('treats falling counters as a restart: everything reported now is new', () => {
    expect(counterDeltas(c(1000, 40, 3600), c(30, 2, 20))).toEqual({ deltaTotal: 30, deltaErrors: 2 });
  });

  it('treats a falling app uptime as a restart even when the counters grew past their old values', () => {
    expect(counterDeltas(c(10, 1, 500), c(25, 1, 40))).toEqual({ deltaTotal: 25, deltaErrors: 1 });
  });
});
