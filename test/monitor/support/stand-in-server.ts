import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ManualClock } from '../../../src/monitor/manual-clock.js';

/**
 * One simulated app behind a path prefix: what its `/health` answers. Tests flip these
 * fields to make it slow, erroring, non-healthy or broken.
 */
export class StandInApp {
  /** `status` in the health JSON. */
  status = 'healthy';
  httpStatus = 200;
  /** The app's own request counters (DESIGN §7 `requests`). */
  total = 0;
  errors = 0;
  /** Waits this long (real time) before answering. */
  realDelayMs = 0;
  /** Moves the shared ManualClock this far before answering: slow without waiting. */
  virtualDelayMs = 0;
  /** Answers with this raw text instead of the health JSON. */
  rawBody: string | null = null;
  /** Never answers. */
  hang = false;
  /** Health requests received. */
  hits = 0;
  startedAt: number;

  constructor(
    readonly server: StandInServer,
    readonly prefix: string,
  ) {
    this.startedAt = server.now();
  }

  get url(): string {
    return `${this.server.url}${this.prefix}`;
  }

  /** Simulates user traffic the app served since the last check. */
  traffic(total: number, errors = 0): void {
    this.total += total;
    this.errors += errors;
  }

  /** What an app restart does to its state: counters and uptime begin again. */
  reset(): void {
    this.total = 0;
    this.errors = 0;
    this.startedAt = this.server.now();
  }
}

/** Counts requests in flight across several servers (the benchmark's fleet). */
export interface InFlightGauge {
  inFlight: number;
  peak: number;
}

/** A Node http server on 127.0.0.1 serving the `/health` shape of DESIGN §7 for many apps. */
export class StandInServer {
  readonly #apps = new Map<string, StandInApp>();
  readonly #clock: ManualClock | undefined;
  readonly #gauge: InFlightGauge;
  #server: Server;
  #port = 0;
  private constructor(clock: ManualClock | undefined, gauge: InFlightGauge) {
    this.#clock = clock;
    this.#gauge = gauge;
    this.#server = this.#create();
  }

  static async start(options: { clock?: ManualClock; gauge?: InFlightGauge } = {}): Promise<StandInServer> {
    const server = new StandInServer(options.clock, options.gauge ?? { inFlight: 0, peak: 0 });
    await server.#listen(0);
    return server;
  }

  get url(): string {
    return `http://127.0.0.1:${this.#port}`;
  }

  /** The most health requests this server (or its shared gauge) answered at once. */
  get peakInFlight(): number {
    return this.#gauge.peak;
  }

  now(): number {
    return this.#clock ? this.#clock.now() : Date.now();
  }

  /** The app served at `prefix` (e.g. `/t/17`; '' for the root). */
  app(prefix = ''): StandInApp {
    let app = this.#apps.get(prefix);
    if (!app) {
      app = new StandInApp(this, prefix);
      this.#apps.set(prefix, app);
    }
    return app;
  }

  /** Stops listening and drops every open connection, as a crashed app would. */
  async stop(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.#server.close(() => resolve()));
    this.#server.closeAllConnections();
    await closed;
  }

  /** Listens again on the same port; every app restarts (counters and uptime reset). */
  async restart(): Promise<void> {
    for (const app of this.#apps.values()) app.reset();
    this.#server = this.#create();
    await this.#listen(this.#port);
  }

  async close(): Promise<void> {
    if (this.#server.listening) await this.stop();
  }

  #create(): Server {
    const server = createServer((req, res) => void this.#handle(req, res));
    server.keepAliveTimeout = 5_000;
    return server;
  }

  #listen(port: number): Promise<void> {
    return new Promise((resolve, reject) => {
      this.#server.once('error', reject);
      this.#server.listen(port, '127.0.0.1', () => {
        this.#port = (this.#server.address() as AddressInfo).port;
        resolve();
      });
    });
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0]!;
    const prefix = path.endsWith('/health') ? path.slice(0, -'/health'.length) : null;
    const app = prefix === null ? undefined : this.#apps.get(prefix);
    if (!app) {
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"detail":"Not Found"}');
      return;
    }
    app.hits++;
    if (app.hang) return;
    const gauge = this.#gauge;
    gauge.inFlight++;
    gauge.peak = Math.max(gauge.peak, gauge.inFlight);
    try {
      if (app.virtualDelayMs > 0) this.#clock?.advance(app.virtualDelayMs);
      if (app.realDelayMs > 0) await new Promise((r) => setTimeout(r, app.realDelayMs));
    } finally {
      gauge.inFlight--;
    }
    if (res.destroyed) return;
    const body =
      app.rawBody ??
      JSON.stringify({
        status: app.status,
        project: 'stand-in',
        version: '0.1.0',
        target: 'production',
        commit: 'abc1234',
        uptime: Math.max(0, (this.now() - app.startedAt) / 1000),
        workflows: ['main_workflow'],
        requests: { total: app.total, errors: app.errors },
      });
    res
      .writeHead(app.httpStatus, {
        'content-type': app.rawBody === null ? 'application/json' : 'text/html',
        'cache-control': 'no-store',
      })
      .end(body);
  }
}
