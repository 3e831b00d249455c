import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A controllable stand-in for a deployed app: answers `GET /health` like a generated app
 * (status and request counters), and can go down and come back on the same port.
 */
export interface StandInApp {
  url: string;
  /** What `/health` reports next. */
  state: { status: string; requestsTotal: number; requestsErrors: number; delayMs: number };
  down(): Promise<void>;
  up(): Promise<void>;
  close(): Promise<void>;
}

export async function startStandInApp(): Promise<StandInApp> {
  const state = { status: 'healthy', requestsTotal: 0, requestsErrors: 0, delayMs: 0 };
  const started = Date.now();
  const sockets = new Set<import('node:net').Socket>();
  const make = () => {
    const server = http.createServer((req, res) => {
      const answer = () => {
        if (req.url !== '/health') {
          res.writeHead(404).end();
          return;
        }
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            status: state.status,
            uptime: (Date.now() - started) / 1000,
            requests: { total: state.requestsTotal, errors: state.requestsErrors },
          }),
        );
      };
      if (state.delayMs > 0) setTimeout(answer, state.delayMs);
      else answer();
    });
    server.on('connection', (s) => {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
    });
    return server;
  };
  let server = make();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  let running = true;
  const stop = async () => {
    if (!running) return;
    running = false;
    for (const s of sockets) s.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return {
    url: `http://127.0.0.1:${port}`,
    state,
    down: stop,
    async up() {
      if (running) return;
      server = make();
      await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
      running = true;
    },
    close: stop,
  };
}
