import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/monitor/clock.js';
import { ManualClock } from '../../src/monitor/manual-clock.js';
import { healthUrl, probeHealth } from '../../src/monitor/probe.js';
import { StandInServer } from './support/stand-in-server.js';

let clock: ManualClock;
let server: StandInServer;

beforeEach(async () => {
  clock = new ManualClock();
  server = await StandInServer.start({ clock });
});
afterEach(async () => {
  await server.close();
});

describe('probeHealth against a real HTTP server', () => {
  it('reads status, counters and uptime from a healthy answer', async () => {
    const app = server.app();
    app.traffic(120, 3);
    clock.advance(90_000);
    app.virtualDelayMs = 42;
    const result = await probeHealth(app.url, { clock, timeoutMs: 5000 });
    expect(result).toEqual({
      at: clock.now() - 42,
      ok: true,
      httpStatus: 200,
      latencyMs: 42,
      reportedStatus: 'healthy',
      requestsTotal: 120,
      requestsErrors: 3,
      appUptime: 90.042,
      error: null,
    });
  });

  it('counts a 503 that carries the health JSON as an answer with its reported status', async () => {
    const app = server.app('/svc');
    app.httpStatus = 503;
    app.status = 'degraded';
    const result = await probeHealth(app.url, { clock, timeoutMs: 5000 });
    expect(result).toMatchObject({ ok: true, httpStatus: 503, reportedStatus: 'degraded', error: null });
  });

  it('fails on an HTTP error without health JSON, naming the URL', async () => {
    const result = await probeHealth(`${server.url}/nothing-here`, { clock, timeoutMs: 5000 });
    expect(result).toMatchObject({
      ok: false,
      httpStatus: 404,
      error: `HTTP 404 from ${server.url}/nothing-here/health`,
    });
  });

  it('answers that are not health JSON are answered but flagged', async () => {
    const app = server.app();
    app.rawBody = '<html>hello</html>';
    const result = await probeHealth(app.url, { clock, timeoutMs: 5000 });
    expect(result).toMatchObject({
      ok: true,
      httpStatus: 200,
      reportedStatus: null,
      requestsTotal: null,
      error: 'the answer is not the health JSON of a Catalyst app',
    });
  });

  it('reports a refused connection', async () => {
    const app = server.app();
    await server.stop();
    const result = await probeHealth(app.url, { clock, timeoutMs: 5000 });
    expect(result).toMatchObject({ ok: false, httpStatus: null, error: 'connection refused' });
  });

  it('gives up after the timeout, measured on the injected clock', async () => {
    const app = server.app();
    app.hang = true;
    const pending = probeHealth(app.url, { clock, timeoutMs: 5000 });
    while (app.hits === 0) await new Promise((r) => setTimeout(r, 5));
    clock.advance(4999);
    clock.advance(1);
    const result = await pending;
    expect(result).toMatchObject({ ok: false, latencyMs: 5000, error: 'no answer within 5 s' });
  });

  it('times out in real time with the system clock', async () => {
    const app = server.app();
    app.hang = true;
    const started = Date.now();
    const result = await probeHealth(app.url, { clock: systemClock, timeoutMs: 300 });
    expect(result.error).toBe('no answer within 300 ms');
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('stops reading an oversized answer', async () => {
    const big = createServer((_req, res) =>
      res.end(JSON.stringify({ status: 'healthy', pad: 'x'.repeat(100_000) })),
    );
    await new Promise<void>((r) => big.listen(0, '127.0.0.1', r));
    try {
      const url = `http://127.0.0.1:${(big.address() as AddressInfo).port}`;
      const result = await probeHealth(url, { clock, timeoutMs: 5000 });
      expect(result).toMatchObject({ ok: true, reportedStatus: null });
    } finally {
      big.closeAllConnections();
      await new Promise((r) => big.close(r));
    }
  });

  it('fails when the app drops the connection mid-answer', async () => {
    const cut = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
      res.write('{"status": "hea');
      setTimeout(() => res.socket?.destroy(), 10);
    });
    await new Promise<void>((r) => cut.listen(0, '127.0.0.1', r));
    try {
      const url = `http://127.0.0.1:${(cut.address() as AddressInfo).port}`;
      const result = await probeHealth(url, { clock, timeoutMs: 5000 });
      expect(result).toMatchObject({ ok: false, error: 'connection reset' });
    } finally {
      cut.closeAllConnections();
      await new Promise((r) => cut.close(r));
    }
  });

  it('builds the health URL under any base path', () => {
    expect(healthUrl('https://a.example')).toBe('https://a.example/health');
    expect(healthUrl('https://a.example/')).toBe('https://a.example/health');
    expect(healthUrl('https://a.example/apps/x')).toBe('https://a.example/apps/x/health');
  });

  it('reports an invalid URL instead of throwing', async () => {
    const result = await probeHealth('not a url', { clock, timeoutMs: 5000 });
    expect(result).toMatchObject({ ok: false, error: 'invalid URL' });
  });
});
