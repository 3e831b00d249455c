import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/monitor/manual-clock.js';
import type { HealthEvent } from '../../src/server/deploy/runtime-events.js';
import type { StudioEvent } from '../../src/server/events/event-bus.js';
import { type RuntimeFixture, startRuntimeFixture } from './support/runtime-fixture.js';

// biome-ignore lint/suspicious/noExplicitAny: tests poke at arbitrary JSON paths
type Body = any;

const MINUTE = 60_000;

async function json(res: Response | Promise<Response>): Promise<Body> {
  const r = await res;
  expect(r.status).toBe(200);
  return r.json();
}

/** A `health` event of the target with that status, published after the first `after` events. */
const healthOf =
  (f: RuntimeFixture, targetId: string, status: string, after = 0) =>
  (e: StudioEvent): e is HealthEvent =>
    e.type === 'health' &&
    e.targetId === targetId &&
    e.health.status === status &&
    f.events.indexOf(e) >= after;

describe('Stop from the studio (a real local deploy, the monitor on a manual clock)', () => {
  let f: RuntimeFixture;
  let clock: ManualClock;
  let demo: { id: string; folder: string };
  let url: string;

  const samples = () =>
    (f.workspace.db.prepare('SELECT count(*) AS n FROM monitor_samples').get() as { n: number }).n;

  /**
   * Time passes in 5 s steps (the monitor's checks fall on them: a fixed phase); every check
   * it starts finishes before the next step, so each answer is measured in no time.
   */
  async function pass(ms: number): Promise<void> {
    const monitor = f.services.health.monitor;
    for (let t = 0; t < ms; t += 5_000) {
      clock.advance(5_000);
      await new Promise((r) => setTimeout(r, 0));
      await monitor.idle();
    }
  }

  beforeAll(async () => {
    clock = new ManualClock(Date.now());
    f = await startRuntimeFixture({ clock, monitor: { intervalMs: MINUTE } });
    demo = await f.demo();
  });
  afterAll(() => f?.close());

  it('is healthy once deployed and checked', async () => {
    const deployed = await json(
      f.call('POST', `/api/projects/${demo.id}/targets/local/deploy`, { runId: 'd1' }),
    );
    url = deployed.deployment.url;
    // The deploy makes the monitor check the new target at once.
    await f.waitForEvent(healthOf(f, 'local', 'healthy'));
    await pass(3 * MINUTE);
    const { health } = await json(f.call('GET', `/api/projects/${demo.id}/targets/local/health`));
    expect(health).toMatchObject({ status: 'healthy', url });
    expect(health.checks24h).toBeGreaterThanOrEqual(3);
    expect(f.services.health.monitor.leading).toBe(true);
  });

  it('shows stopped at once in the API, the card and the target panel, with no live URL', async () => {
    const stop = await json(f.call('POST', `/api/projects/${demo.id}/targets/local/stop`, { runId: 's1' }));
    expect(stop).toEqual({ status: 'stopped' });
    // No clock moved and no check ran: the answers right after the stop already say it.
    const { health } = await json(f.call('GET', `/api/projects/${demo.id}/targets/local/health`));
    expect(health).toMatchObject({
      status: 'stopped',
      reason: expect.stringContaining('stopped by the user'),
    });
    const { projects } = await json(f.call('GET', '/api/projects'));
    const card = projects.find((p: Body) => p.id === demo.id);
    expect(card).toMatchObject({ targetStatus: 'stopped', liveUrl: null, health: { status: 'stopped' } });
    const { project } = await json(f.call('GET', `/api/projects/${demo.id}`));
    expect(project.liveUrl).toBeNull();
    expect(project.health.status).toBe('stopped');
    expect(project.runtime.find((r: Body) => r.targetId === 'local')).toMatchObject({
      status: 'stopped',
      health: { status: 'stopped' },
    });
    const { changes } = await json(f.call('GET', `/api/projects/${demo.id}/targets/local/health/events`));
    expect(changes[0]).toMatchObject({ from: 'healthy', to: 'stopped' });
    // Pages were told.
    await f.waitForEvent(healthOf(f, 'local', 'stopped'));
  });

  it('is neither probed nor given samples while stopped', async () => {
    const before = samples();
    const checks = f.services.health.monitor.stats.checks;
    await pass(10 * MINUTE);
    expect(samples()).toBe(before);
    expect(f.services.health.monitor.stats.checks).toBe(checks);
    const { health } = await json(f.call('GET', `/api/projects/${demo.id}/targets/local/health`));
    expect(health.status).toBe('stopped');
  });

  it('is checked again at once after a restart, and healthy from the new run alone', async () => {
    const before = f.events.length;
    const restarted = await json(
      f.call('POST', `/api/projects/${demo.id}/targets/local/restart`, { runId: 'r1' }),
    );
    await f.waitForEvent(healthOf(f, 'local', 'healthy', before));
    const { health } = await json(f.call('GET', `/api/projects/${demo.id}/targets/local/health`));
    expect(health).toMatchObject({ status: 'healthy', url: restarted.url });
    const { changes } = await json(f.call('GET', `/api/projects/${demo.id}/targets/local/health/events`));
    expect(changes.slice(0, 2).map((c: Body) => `${c.from}→${c.to}`)).toEqual([
      'unknown→healthy',
      'stopped→unknown',
    ]);
  });
});
