import type { Database } from 'better-sqlite3';
import { ManualClock } from '../../../src/monitor/manual-clock.js';
import { HealthMonitor, type HealthMonitorOptions } from '../../../src/monitor/monitor.js';
import type { MonitoredTarget } from '../../../src/monitor/types.js';
import { StandInServer } from './stand-in-server.js';
import { tempDb } from './temp-db.js';

export interface MonitorFixture {
  clock: ManualClock;
  server: StandInServer;
  db: Database;
  targets: MonitoredTarget[];
  warnings: string[];
  monitor: HealthMonitor;
  /** One interval passes, then every target is checked once. */
  round(ms?: number): Promise<void>;
  dispose(): Promise<void>;
}

/** A monitor over stand-in apps, a real SQLite file and a manual clock. */
export async function monitorFixture(options: Partial<HealthMonitorOptions> = {}): Promise<MonitorFixture> {
  const clock = new ManualClock(Date.UTC(2026, 5, 1, 12));
  const server = await StandInServer.start({ clock });
  const { db, dispose } = await tempDb();
  const targets: MonitoredTarget[] = [];
  const warnings: string[] = [];
  const monitor = new HealthMonitor({
    db,
    clock,
    targets: () => targets,
    logger: { warn: (m) => warnings.push(m) },
    random: () => 0.5,
    ...options,
  });
  return {
    clock,
    server,
    db,
    targets,
    warnings,
    monitor,
    async round(ms = 60_000) {
      clock.advance(ms);
      await monitor.checkAll();
    },
    async dispose() {
      await monitor.stop();
      await server.close();
      await dispose();
    },
  };
}
