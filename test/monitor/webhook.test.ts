import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { updateMonitorSettings } from '../../src/monitor/db/settings-store.js';
import { ManualClock } from '../../src/monitor/manual-clock.js';
import { HealthMonitor } from '../../src/monitor/monitor.js';
import { WebhookNotifier } from '../../src/monitor/webhook.js';
import { type MonitorFixture, monitorFixture } from './support/monitor-fixture.js';
import { WebhookReceiver } from './support/webhook-receiver.js';

let receiver: WebhookReceiver;
beforeEach(async () => {
  receiver = await WebhookReceiver.start();
});
afterEach(async () => {
  await receiver.close();
});

describe('status change notifications', () => {
  let f: MonitorFixture;
  afterEach(async () => {
    await f.dispose();
  });

  it('POSTs each status change to the workspace webhook, but not a first healthy answer', async () => {
    f = await monitorFixture();
    updateMonitorSettings(f.db, { webhookUrl: receiver.url });
    const monitor = new HealthMonitor({
      db: f.db,
      clock: f.clock,
      targets: () => f.targets,
      logger: { warn: (m) => f.warnings.push(m) },
    });
    const app = f.server.app('/prod');
    f.targets.push({ projectId: 'proj_a', targetId: 'production', url: app.url });
    const round = async () => {
      f.clock.advance(60_000);
      await monitor.checkAll();
      await monitor.idle();
    };
    try {
      await round();
      expect(receiver.received).toEqual([]);
      await f.server.stop();
      await round();
      await round();
      expect(receiver.received).toEqual([
        {
          method: 'POST',
          contentType: 'application/json',
          body: {
            type: 'catalyst.health.status-changed',
            projectId: 'proj_a',
            targetId: 'production',
            url: app.url,
            from: 'healthy',
            to: 'down',
            reason: '2 checks in a row failed: connection refused',
            at: new Date(f.clock.now()).toISOString(),
          },
        },
      ]);
      expect(f.warnings).toEqual([]);
    } finally {
      await monitor.stop();
    }
  });
});

describe('WebhookNotifier', () => {
  const change = {
    projectId: 'proj_a',
    targetId: 'production',
    url: 'https://a.example',
    at: Date.UTC(2026, 5, 1),
    from: 'healthy' as const,
    to: 'down' as const,
    reason: '2 checks in a row failed: connection refused',
  };

  it('retries a failing receiver a bounded number of times, then logs and gives up', async () => {
    const clock = new ManualClock();
    const warnings: string[] = [];
    receiver.status = 500;
    const notifier = new WebhookNotifier({
      url: receiver.url,
      clock,
      logger: { warn: (m) => warnings.push(m) },
      retryDelaysMs: [1000, 5000],
    });
    notifier.notify(change);
    await receiver.until(1);
    await new Promise((r) => setTimeout(r, 20));
    clock.advance(1000);
    await receiver.until(2);
    await new Promise((r) => setTimeout(r, 20));
    clock.advance(5000);
    await receiver.until(3);
    await notifier.idle();
    expect(receiver.received).toHaveLength(3);
    expect(warnings).toEqual([
      `could not notify webhook ${receiver.url} of proj_a/production (healthy → down): HTTP 500; gave up after 3 attempts`,
    ]);
    expect(notifier.stats).toEqual({ delivered: 0, failed: 1, queued: 0 });
  });

  it('logs an unreachable receiver', async () => {
    const warnings: string[] = [];
    const url = receiver.url;
    await receiver.close();
    receiver = await WebhookReceiver.start();
    const notifier = new WebhookNotifier({
      url,
      clock: new ManualClock(),
      logger: { warn: (m) => warnings.push(m) },
      retryDelaysMs: [],
    });
    notifier.notify(change);
    await notifier.idle();
    expect(warnings).toEqual([
      `could not notify webhook ${url} of proj_a/production (healthy → down): ECONNREFUSED; gave up after 1 attempt`,
    ]);
  });

  it('never queues without bound behind a receiver that does not answer', async () => {
    const clock = new ManualClock();
    const warnings: string[] = [];
    const silent = createServer(() => {});
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(silent.address() as AddressInfo).port}/hook`;
    try {
      const notifier = new WebhookNotifier({
        url,
        clock,
        logger: { warn: (m) => warnings.push(m) },
        timeoutMs: 1000,
        retryDelaysMs: [],
        maxQueued: 2,
      });
      for (const targetId of ['a', 'b', 'c', 'd']) notifier.notify({ ...change, targetId });
      // a is being sent, b and c wait; d pushes out b.
      expect(warnings).toEqual([
        `webhook ${url} is not keeping up; dropped the change of proj_a/b (healthy → down)`,
      ]);
      expect(notifier.stats.queued).toBe(2);
      const done = notifier.idle();
      let settled = false;
      void done.then(() => {
        settled = true;
      });
      while (!settled) {
        await new Promise((r) => setTimeout(r, 10));
        clock.advance(1000);
      }
      expect(warnings.slice(1)).toEqual(
        ['a', 'c', 'd'].map(
          (t) =>
            `could not notify webhook ${url} of proj_a/${t} (healthy → down): no answer within 1000 ms; gave up after 1 attempt`,
        ),
      );
      expect(notifier.stats).toEqual({ delivered: 0, failed: 4, queued: 0 });
    } finally {
      silent.closeAllConnections();
      await new Promise((r) => silent.close(r));
    }
  });
});
