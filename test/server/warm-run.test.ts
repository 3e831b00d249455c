import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAppWorkspace } from '../../src/cli/app-workspace.js';
import { DEMO_WORKFLOW_IDS } from '../../src/model/demo.js';
import type { StudioServices } from '../../src/server/services.js';
import { type RunningStudio, startStudio } from '../../src/server/start.js';
import { createStoreServices } from '../../src/server/store-services.js';
import { createProject } from '../../src/store/project-store.js';
import type { Workspace } from '../../src/workspace/workspace.js';
import { TEST_TOKEN } from './support/studio-fixture.js';

// biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON paths
type Body = any;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** DESIGN §13, first run within 2 s: opening the editor starts the Run's Python process ahead. */
describe('pre-warming the studio Run when the editor opens', () => {
  let home: string;
  let workspace: Workspace;
  let services: StudioServices;
  let studio: RunningStudio;
  let projectId: string;
  let base: string;
  const main = DEMO_WORKFLOW_IDS.main;

  beforeAll(async () => {
    home = await mkdtemp(path.join(os.tmpdir(), 'catalyst-warm-run-'));
    workspace = openAppWorkspace({ home, env: { CATALYST_HOME: home } });
    services = createStoreServices(workspace);
    studio = await startStudio({
      services,
      port: 0,
      token: TEST_TOKEN,
      webRoot: path.join(home, 'no-web'),
      log: () => {},
    });
    const created = await createProject(
      path.join(home, 'projects', 'demo'),
      { name: 'demo', example: true },
      { workspace },
    );
    projectId = created.manifest.id;
    base = `/api/projects/${projectId}/workflows`;
  });
  afterAll(async () => {
    await studio?.close().catch(() => {});
    workspace?.close();
    await rm(home, { recursive: true, force: true });
  });

  async function call(method: string, apiPath: string, body?: unknown): Promise<Body> {
    const res = await fetch(`${studio.origin}${apiPath}`, {
      method,
      headers: {
        'x-catalyst-token': TEST_TOKEN,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, text, body: text ? JSON.parse(text) : undefined };
  }

  const pid = () => services.workflows.runs.pid(projectId, 'local');
  const starts = () => services.workflows.runs.starts(projectId, 'local');

  it('starts one process for two warms, and the first Run uses that process', async () => {
    expect(pid()).toBeUndefined();
    const first = await call('POST', `${base}/${main}/runs/warm`);
    expect(first.status, first.text).toBe(202);
    expect(first.body).toEqual({ warming: true });
    const second = await call('POST', `${base}/${main}/runs/warm`);
    expect(second.status, second.text).toBe(202);

    // Wait (bounded) for the background warm-up: generation, then Python importing the app.
    for (let i = 0; i < 600 && pid() === undefined; i++) await new Promise((r) => setTimeout(r, 100));
    const warmed = pid();
    expect(warmed).toBeDefined();
    expect(alive(warmed!)).toBe(true);
    // A warm after the process is up keeps it.
    await services.workflows.runs.warm(projectId, main);
    expect(pid()).toBe(warmed);
    expect(starts()).toBe(1);

    const run = await call('POST', `${base}/${main}/runs`, { input: { userId: 3 } });
    expect(run.status, run.text).toBe(200);
    expect(run.body.run.trace.status).toBe('ok');
    expect(pid()).toBe(warmed);
    expect(starts()).toBe(1);
  });

  it('answers 404 for a project that is not registered', async () => {
    const res = await call('POST', `/api/projects/proj_missing/workflows/${main}/runs/warm`);
    expect(res.status, res.text).toBe(404);
    expect(res.text).not.toMatch(/\n\s+at /);
  });
});
