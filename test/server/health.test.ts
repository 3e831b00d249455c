import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HealthEvent } from '../../src/server/deploy/runtime-events.js';
import type { StudioEvent } from '../../src/server/events/event-bus.js';
import { addTarget } from '../../src/store/project-store.js';
import { type RuntimeFixture, startRuntimeFixture } from './support/runtime-fixture.js';
import { type StandInApp, startStandInApp } from './support/stand-in-app.js';

// biome-ignore lint/suspicious/noExplicitAny: tests poke at arbitrary JSON paths
type Body = any;

async function json(res: Response | Promise<Response>): Promise<{ status: number; body: Body }> {
  const r = await res;
  return { status: r.status, body: await r.json() };
}

const healthOf =
  (targetId: string, pred: (e: HealthEvent) => boolean = () => true) =>
  (e: StudioEvent): e is HealthEvent =>
    e.type === 'health' && e.targetId === targetId && pred(e);

describe('studio health API (the monitor runs inside the studio)', () => {
  let f: RuntimeFixture;
  let demo: { id: string; folder: string };
  let standIn: StandInApp;
  let appUrl: string;

  beforeAll(async () => {
    // A short interval so the monitor measures a few checks in a second.
    f = await startRuntimeFixture({ monitor: { intervalMs: 250, timeoutMs: 2_000 } });
    demo = await f.demo();
    standIn = await startStandInApp();
  });
  afterAll(async () => {
    await f.close();
    await standIn.close();
  });

  it('measures a really deployed app: summary, chart points and the first status change', async () => {
    const deployed = await json(
      f.call('POST', `/api/projects/${demo.id}/targets/local/deploy`, { runId: 'd1' }),
    );
    expect(deployed.body.deployment.status).toBe('success');
    appUrl = deployed.body.deployment.url;
    // The deploy's end makes the monitor re-read its targets; four checks later the numbers are real.
    await f.waitForEvent(healthOf('local', () => f.events.filter(healthOf('local')).length >= 4));

    const { status, body } = await json(f.call('GET', `/api/projects/${demo.id}/targets/local/health`));
    expect(status).toBe(200);
    const h = body.health;
    expect(h).toMatchObject({
      targetId: 'local',
      url: appUrl,
      status: 'healthy',
      lastError: null,
      uptime24hPercent: 100,
      uptime7dPercent: 100,
      errorRatePercent: 0,
      // The generated app reports its request counters; the error rate comes from them.
      errorRateSource: 'app',
    });
    expect(h.checks24h).toBeGreaterThanOrEqual(4);
    expect(h.avgResponseMs).toBeGreaterThan(0);
    expect(h.avgResponseMs).toBeLessThan(1000);
    expect(h.p95ResponseMs).toBeGreaterThanOrEqual(Math.floor(h.avgResponseMs));
    expect(Date.now() - Date.parse(h.lastCheckedAt)).toBeLessThan(5_000);

    const history = await json(
      f.call('GET', `/api/projects/${demo.id}/targets/local/health/history?range=1h`),
    );
    expect(history.status).toBe(200);
    expect(history.body).toMatchObject({ range: '1h', bucketMs: 60_000 });
    const checks = history.body.points.reduce((n: number, p: Body) => n + p.checks, 0);
    expect(checks).toBeGreaterThanOrEqual(h.checks24h);
    for (const p of history.body.points) {
      expect(p.uptimePercent).toBe(100);
      expect(p.avgResponseMs).toBeGreaterThan(0);
    }

    const changes = await json(f.call('GET', `/api/projects/${demo.id}/targets/local/health/events`));
    expect(changes.body.changes).toEqual([
      { at: expect.any(String), from: 'unknown', to: 'healthy', reason: expect.any(String) },
    ]);

    // The dashboard card carries the same numbers.
    const cards = await json(f.call('GET', '/api/projects'));
    expect(cards.body.projects[0].health).toMatchObject({
      status: 'healthy',
      uptimePercent: 100,
      errorRatePercent: 0,
    });
  });

  it('pushes a target going down and coming back as live health events, and keeps them as status changes', async () => {
    await addTarget(demo.folder, {
      id: 'edge',
      name: 'Edge',
      platform: 'fly',
      url: standIn.url,
      platformConfig: {},
    });
    await f.waitForEvent(healthOf('edge', (e) => e.health.status === 'healthy'));
    await standIn.down();
    const down = await f.waitForEvent(healthOf('edge', (e) => e.health.status === 'down'));
    expect(down.change).toMatchObject({ to: 'down' });
    const summary = await json(f.call('GET', `/api/projects/${demo.id}/targets/edge/health`));
    expect(summary.body.health.status).toBe('down');
    expect(summary.body.health.lastError).toEqual(expect.any(String));
    expect(summary.body.health.uptime24hPercent).toBeLessThan(100);

    await standIn.up();
    const back = await f.waitForEvent(
      healthOf('edge', (e) => e.change?.to === 'healthy' && f.events.indexOf(e) > f.events.indexOf(down)),
    );
    expect(back.health.status).toBe('healthy');

    const changes = await json(f.call('GET', `/api/projects/${demo.id}/targets/edge/health/events`));
    const path = changes.body.changes.map((c: Body) => c.to).reverse();
    expect(path[0]).toBe('healthy');
    expect(path).toContain('down');
    expect(path.at(-1)).toBe('healthy');

    const detail = await json(f.call('GET', `/api/projects/${demo.id}`));
    const edge = detail.body.project.runtime.find((r: Body) => r.targetId === 'edge');
    expect(edge).toMatchObject({ status: 'never', url: standIn.url, health: { status: 'healthy' } });
  });

  it('reports an app that says it is not healthy as degraded', async () => {
    standIn.state.status = 'degraded';
    const degraded = await f.waitForEvent(healthOf('edge', (e) => e.health.status === 'degraded'));
    expect(degraded.change).toMatchObject({ from: 'healthy', to: 'degraded' });
    standIn.state.status = 'healthy';
  });

  it('refuses bad queries and unknown projects in the API error shape; unmeasured targets say null', async () => {
    const range = await json(f.call('GET', `/api/projects/${demo.id}/targets/local/health/history?range=2y`));
    expect(range.status).toBe(400);
    expect(range.body.error).toBe('range must be one of 1h, 24h, 7d, 30d');
    expect(range.body.problems).toEqual([
      { path: 'range', message: 'range must be one of 1h, 24h, 7d, 30d', field: 'range' },
    ]);
    const limit = await json(f.call('GET', `/api/projects/${demo.id}/targets/local/health/events?limit=x`));
    expect(limit.status).toBe(400);
    const unknown = await json(f.call('GET', '/api/projects/proj_nothere/targets/local/health'));
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toBe('No project proj_nothere in this workspace: it may have been removed.');
    const never = await json(f.call('GET', `/api/projects/${demo.id}/targets/production/health`));
    expect(never.body).toEqual({ health: null });
    const empty = await json(f.call('GET', `/api/projects/${demo.id}/targets/production/health/history`));
    expect(empty.body).toMatchObject({ range: '24h', bucketMs: 900_000, points: [] });
  });
});
