import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { openAppWorkspace } from '../../../src/cli/app-workspace.js';
import { stopPythonApp } from '../../../src/deploy/local/python-process.js';
import { SqliteLocalProcessStore } from '../../../src/deploy/records/local-apps.js';
import type { Clock } from '../../../src/monitor/clock.js';
import type { MonitorSettings } from '../../../src/monitor/settings.js';
import type { StudioEvent } from '../../../src/server/events/event-bus.js';
import type { StudioServices } from '../../../src/server/services.js';
import { type RunningStudio, startStudio } from '../../../src/server/start.js';
import { createStoreServices } from '../../../src/server/store-services.js';
import { createProject } from '../../../src/store/project-store.js';
import type { Workspace } from '../../../src/workspace/workspace.js';
import { TEST_TOKEN } from './studio-fixture.js';

export interface RuntimeFixture {
  studio: RunningStudio;
  services: StudioServices;
  workspace: Workspace;
  home: string;
  logs: string[];
  /** Every event the studio published since start. */
  events: StudioEvent[];
  call(method: string, apiPath: string, body?: unknown): Promise<Response>;
  demo(name?: string): Promise<{ id: string; folder: string }>;
  /** Resolves with the first published event `match` accepts (already published ones count). */
  waitForEvent<T extends StudioEvent>(match: (e: StudioEvent) => e is T, timeoutMs?: number): Promise<T>;
  close(): Promise<void>;
}

/**
 * A studio on port 0 in a temp CATALYST_HOME, like `startFixture`, with monitor setting
 * overrides (a short interval) and a close() that also stops every app it deployed.
 */
export async function startRuntimeFixture(
  options: { monitor?: Partial<MonitorSettings>; webRoot?: string; clock?: Clock } = {},
): Promise<RuntimeFixture> {
  const home = await mkdtemp(path.join(os.tmpdir(), 'catalyst-runtime-'));
  const workspace = openAppWorkspace({ home, env: { CATALYST_HOME: home } });
  const logs: string[] = [];
  const log = (line: string) => logs.push(line);
  const services = createStoreServices(workspace, {
    log,
    ...(options.monitor ? { settings: options.monitor } : {}),
    // A manual clock jumps from timer to timer: a fixed phase keeps checks on its steps.
    ...(options.clock ? { clock: options.clock, random: () => 0.5 } : {}),
  });
  const studio = await startStudio({
    services,
    port: 0,
    token: TEST_TOKEN,
    webRoot: options.webRoot ?? path.join(home, 'no-web'),
    log,
  });
  const events: StudioEvent[] = [];
  const waiters = new Set<() => void>();
  studio.bus.subscribe((event) => {
    events.push(event);
    for (const wake of waiters) wake();
  });
  return {
    studio,
    services,
    workspace,
    home,
    logs,
    events,
    call(method, apiPath, body) {
      return fetch(`${studio.origin}${apiPath}`, {
        method,
        headers: {
          'x-catalyst-token': TEST_TOKEN,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    },
    async demo(name = 'demo') {
      const created = await createProject(
        path.join(home, 'projects', name),
        { name, example: true },
        { workspace },
      );
      return { id: created.manifest.id, folder: created.dir };
    },
    waitForEvent(match, timeoutMs = 20_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const hit = events.find(match);
          if (hit === undefined) return;
          done();
          resolve(hit);
        };
        const timer = setTimeout(() => {
          done();
          reject(new Error(`no matching studio event within ${timeoutMs} ms`));
        }, timeoutMs);
        const done = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      });
    },
    async close() {
      await studio.close();
      for (const app of new SqliteLocalProcessStore(workspace.db).all()) {
        if (app.kind === 'process') await stopPythonApp(app.pid);
      }
      workspace.close();
      await rm(home, { recursive: true, force: true });
    },
  };
}
