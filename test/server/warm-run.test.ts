import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_WORKFLOW_IDS } from '../../src/model/demo.js';
import { alive, RunStudio } from '../fixtures/run-studio.js';

/** DESIGN §13, first run within 2 s: opening the editor starts the Run's Python process ahead. */
describe('pre-warming the studio Run when the editor opens', () => {
  let s: RunStudio;
  let base: string;
  const main = DEMO_WORKFLOW_IDS.main;

  beforeAll(async () => {
    s = await RunStudio.create('warm-run');
    base = s.workflows;
  });
  afterAll(() => s.dispose());

  const call = (method: string, apiPath: string, body?: unknown) => s.call(method, apiPath, body);
  const pid = () => s.pid();
  const starts = () => s.starts();

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
    await s.services.workflows.runs.warm(s.projectId, main);
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
