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

describe('POST …/workflows/:workflowId/test runs the examples like catalyst test --json (real Python)', () => {
  let home: string;
  let workspace: Workspace;
  let services: StudioServices;
  let studio: RunningStudio;
  let base: string;
  const main = DEMO_WORKFLOW_IDS.main;

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

  beforeAll(async () => {
    home = await mkdtemp(path.join(os.tmpdir(), 'catalyst-example-runs-'));
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
    base = `/api/projects/${created.manifest.id}/workflows`;
  });
  afterAll(async () => {
    await studio.close().catch(() => {});
    workspace.close();
    await rm(home, { recursive: true, force: true });
  });

  it('passes the demo’s two examples, one of them with a mocked call', async () => {
    const res = await call('POST', `${base}/${main}/test`);
    expect(res.status, res.text).toBe(200);
    expect(res.body).toEqual({
      passed: 2,
      failed: 0,
      results: [
        { workflow: 'main_workflow', example: 'user 42 totals three orders', ok: true },
        { workflow: 'main_workflow', example: 'extract_data mocked: one big order', ok: true },
      ],
    });
  });

  it('reports a broken example with its first difference (path, expected, actual)', async () => {
    const got = await call('GET', `${base}/${main}`);
    const workflow = got.body.workflow;
    workflow.examples[0].expect.body.result.total = 83;
    workflow.examples.push({ name: 'wrong status', input: { userId: 5 }, expect: { status: 201 } });
    const saved = await fetch(`${studio.origin}${base}/${main}`, {
      method: 'PUT',
      headers: {
        'x-catalyst-token': TEST_TOKEN,
        'content-type': 'application/json',
        'if-match': got.body.version,
      },
      body: JSON.stringify(workflow),
    });
    expect(saved.status, await saved.text()).toBe(200);
    const res = await call('POST', `${base}/${main}/test`);
    expect(res.status, res.text).toBe(200);
    expect(res.body.passed, res.text).toBe(1);
    expect(res.body.failed).toBe(2);
    expect(res.body.results[0]).toEqual({
      workflow: 'main_workflow',
      example: 'user 42 totals three orders',
      ok: false,
      diff: { path: '$.result.total', expected: 83, actual: 82 },
    });
    expect(res.body.results[2]).toMatchObject({
      ok: false,
      diff: { path: 'status', expected: 201, actual: 200 },
    });
  });

  it('answers 404 for a workflow that is not in the project, naming it', async () => {
    const res = await call('POST', `${base}/wf_nope/test`);
    expect(res.status).toBe(404);
    expect(res.text).toContain('wf_nope');
  });
});
