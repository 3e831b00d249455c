import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import { createApp } from './app.js';
import { EventBus } from './events/event-bus.js';
import { ProjectWatcher } from './events/watcher.js';
import { startMonitorService } from './health/monitor-service.js';
import { createToken } from './security/token.js';
import type { StudioServices } from './services.js';

export const DEFAULT_PORT = 4317;
/** Security: loopback only unless the user asks for another interface. */
export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_WEB_ROOT = path.resolve(fileURLToPath(new URL('../../dist/web', import.meta.url)));

export interface StudioOptions {
  services: StudioServices;
  port?: number;
  host?: string;
  webRoot?: string;
  /** Fixed token for tests; normally a fresh random one per launch. */
  token?: string;
  log?: (line: string) => void;
}

export interface RunningStudio {
  /** The URL to open, carrying the token. */
  url: string;
  origin: string;
  port: number;
  host: string;
  token: string;
  bus: EventBus;
  close(): Promise<void>;
}

export async function startStudio(options: StudioOptions): Promise<RunningStudio> {
  const host = options.host ?? DEFAULT_HOST;
  const token = options.token ?? createToken();
  const bus = new EventBus();
  let port = options.port ?? DEFAULT_PORT;
  const app = createApp({
    services: options.services,
    bus,
    webRoot: options.webRoot ?? DEFAULT_WEB_ROOT,
    token,
    host,
    port: () => port,
    ...(options.log ? { log: options.log } : {}),
  });
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, port, hostname: host }, () => resolve(s));
    s.once('error', reject);
  });
  port = (server.address() as AddressInfo).port;
  const watcher = new ProjectWatcher(options.services, bus);
  await watcher.refresh();
  bus.subscribe((event) => {
    // A new or removed project changes what must be watched.
    if (event.type === 'projects') void watcher.refresh().catch(() => {});
  });
  const monitor = await startMonitorService(options.services.health, bus, options.log);
  const urlHost = host.includes(':') ? `[${host}]` : host;
  const origin = `http://${urlHost}:${port}`;
  return {
    url: `${origin}/?token=${token}`,
    origin,
    port,
    host,
    token,
    bus,
    close: async () => {
      watcher.close();
      await monitor.stop();
      await options.services.workflows.close();
      // SSE streams stay open forever; drop them so close() does not wait on them.
      (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
