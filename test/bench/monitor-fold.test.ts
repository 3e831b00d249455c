import { describe, expect, it } from 'vitest';
import { monitorMeasurements } from '../../bench/monitor-bench.js';

describe("folding bench/monitor.ts's JSON into the table", () => {
  it('judges the worst interval against 100 % and shows the known numbers', () => {
    const ms = monitorMeasurements({
      benchmark: 'monitor',
      targets: 500,
      intervalS: 10,
      rounds: 3,
      coveredPerInterval: [500, 500, 480],
      everyTargetEveryInterval: false,
      cpuPercent: 4.2,
      rssMaxMb: 88,
      newThing: 7,
    });
    expect(ms.map((m) => [m.metric, m.median, m.unit, m.pass])).toEqual([
      ['targets checked in the worst 10 s interval (of 500)', 96, '%', false],
      ['monitor CPU', 4.2, '% of a core', undefined],
      ['monitor peak RSS', 88, 'MB', undefined],
    ]);
    expect(ms[0]!.note).toBe('per interval: 500, 500, 480 of 500');
  });

  it('passes coverage only when every interval checked every target', () => {
    const [coverage] = monitorMeasurements({ targets: 10, intervalS: 5, coveredPerInterval: [10, 10] });
    expect(coverage).toMatchObject({ median: 100, pass: true });
  });

  it("uses the monitor benchmark's own yes/no when it reports no per-interval coverage", () => {
    const [coverage] = monitorMeasurements({
      targets: 500,
      intervalS: 5,
      everyTargetEveryInterval: false,
      checks: 999,
    });
    expect(coverage).toMatchObject({
      metric: 'every target checked within each 5 s interval (of 500)',
      median: 0,
      pass: false,
    });
  });
});
