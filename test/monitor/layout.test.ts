import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const monitorFile = readFileSync(path.resolve('src/monitor/monitor.ts'), 'utf8');

describe('monitor.ts holds the HealthMonitor, not its parts', () => {
  it('leaves timers, the lease, following and the summary cache to their own files', () => {
    // Each part lives in a file named for it; monitor.ts only wires them together.
    for (const part of [
      './schedule.js',
      './repeating-timer.js',
      './leadership.js',
      './following.js',
      './cached-reads.js',
    ]) {
      expect(monitorFile).toContain(`from '${part}'`);
    }
    expect(monitorFile).not.toMatch(/clock\.setTimeout|new MonitorLease|SUMMARY_MAX_AGE_MS|#seenChecks/);
  });
});
