import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setEnvVar } from '../../src/store/project-store.js';
import { allFiles } from './support/files.js';
import { type StudioFixture, startFixture, TEST_TOKEN } from './support/studio-fixture.js';

/** The loose shape these tests read; the page itself uses the typed client (see typed-client.test.ts). */
// biome-ignore lint/suspicious/noExplicitAny: tests poke at arbitrary JSON paths
type Body = any;

async function json(res: Response | Promise<Response>): Promise<{ status: number; body: Body }> {
  const r = await res;
  return { status: r.status, body: await r.json() };
}

describe('studio API', () => {
  let f: StudioFixture;
  let demo: { id: string; folder: string };
  beforeAll(async () => {
    f = await startFixture();
    demo = await f.demo();
  });
  afterAll(() => f.close());

  it('lists projects with workflow count, platform, git head and honest empty health', async () => {
    const { status, body } = await json(f.call('GET', '/api/projects'));
    expect(status).toBe(200);
    const [card] = body.projects;
    expect(card).toMatchObject({
      id: demo.id,
      name: 'demo',
      workflowCount: 3,
      platform: 'docker',
      liveUrl: null,
      lastDeployedAt: null,
      loadError: null,
      git: { branch: 'main', repoUrl: null },
      health: {
        status: 'unknown',
        uptimePercent: null,
        avgResponseMs: null,
        errorRatePercent: null,
        lastCheckedAt: null,
      },
    });
    expect(card.git.commit).toMatch(/^[0-9a-f]{7}$/);
  });

  it('describes a project: workflows with visibility, endpoint and calls (LOCAL)', async () => {
    const { body } = await json(f.call('GET', `/api/projects/${demo.id}`));
    const byName = Object.fromEntries(body.project.workflows.map((w: Body) => [w.name, w]));
    expect(body.project.workflows.map((w: Body) => w.name)).toEqual([
      'main_workflow',
      'extract_data',
      'process_results',
    ]);
    expect(byName.main_workflow).toMatchObject({
      visibility: 'public',
      endpoint: { method: 'POST', path: '/api/main', isDefault: false },
    });
    expect(byName.main_workflow.calls.map((c: Body) => [c.workflowName, c.callType])).toEqual([
      ['extract_data', 'local'],
      ['process_results', 'local'],
    ]);
    expect(byName.extract_data).toMatchObject({ visibility: 'internal', endpoint: null, calls: [] });
    expect(body.project.deployments).toEqual([]);
  });

  it('answers 404 with the reason for an unknown project', async () => {
    const { status, body } = await json(f.call('GET', '/api/projects/proj_nope'));
    expect(status).toBe(404);
    expect(body).toEqual({
      error: 'No project proj_nope in this workspace: it may have been removed.',
      code: 'not_found',
    });
  });

  it('creates a project in $CATALYST_HOME/projects/<slug> by default', async () => {
    const { status, body } = await json(
      f.call('POST', '/api/projects', { name: 'Shop API', description: 'Orders' }),
    );
    expect(status).toBe(201);
    expect(body.project).toMatchObject({
      name: 'Shop API',
      description: 'Orders',
      workflowCount: 0,
      platform: 'docker',
    });
    expect(body.project.folder).toBe(path.join(f.home, 'projects', 'shop_api'));
    expect((await stat(path.join(body.project.folder, 'catalyst.json'))).isFile()).toBe(true);
  });

  it('creates a project whose name is any one-line text (folder from its slug)', async () => {
    const name = `Bob's "Orders" (EU) / ünï`;
    const { status, body } = await json(f.call('POST', '/api/projects', { name }));
    expect(status).toBe(201);
    expect(body.project.name).toBe(name);
    expect(body.project.folder).toBe(path.join(f.home, 'projects', 'bob_s_orders_eu_n'));
    const manifest = JSON.parse(await readFile(path.join(body.project.folder, 'catalyst.json'), 'utf8'));
    expect(manifest.name).toBe(name);
  });

  it('refuses a bad project name with a message on the name field', async () => {
    const { status, body } = await json(f.call('POST', '/api/projects', { name: 'two\nlines' }));
    expect(status).toBe(400);
    expect(body.problems).toEqual([
      {
        path: 'name',
        field: 'name',
        message: 'Project name has a line break, tab or other control character: use plain text on one line',
      },
    ]);
  });

  it('refuses a folder that already holds a project (409 on the folder field)', async () => {
    const { status, body } = await json(
      f.call('POST', '/api/projects', { name: 'again', folder: demo.folder }),
    );
    expect(status).toBe(409);
    expect(body.problems[0].field).toBe('folder');
    expect(body.error).toBe(
      `${demo.folder} already holds a Catalyst project (catalyst.json exists). Choose another folder.`,
    );
  });

  it('refuses a taken project name without a folder on the name field (409), not as a folder message', async () => {
    for (const name of ['demo', 'DEMO']) {
      const { status, body } = await json(f.call('POST', '/api/projects', { name }));
      expect(status).toBe(409);
      expect(body.problems).toEqual([
        {
          path: '$.name',
          field: 'name',
          message: `A project named demo already exists (${demo.folder}): choose another name, or give it a folder of its own.`,
        },
      ]);
    }
  });

  it('adds, edits and removes a target; refuses bad autoscaling on its field', async () => {
    const base = `/api/projects/${demo.id}/targets`;
    const target = {
      id: 'staging',
      name: 'Staging',
      platform: 'railway',
      url: 'https://demo.up.railway.app',
      platformConfig: {
        region: 'us-west2',
        autoscaling: { enabled: true, minInstances: 1, maxInstances: 3 },
      },
    };
    const added = await json(f.call('POST', base, target));
    expect(added.status).toBe(201);
    expect(added.body.project.targets.map((t: Body) => t.id)).toEqual(['local', 'production', 'staging']);

    const bad = await json(
      f.call('PUT', `${base}/staging`, {
        ...target,
        platformConfig: { autoscaling: { enabled: true, minInstances: 5, maxInstances: 2 } },
      }),
    );
    expect(bad.status).toBe(400);
    expect(bad.body.problems).toEqual([
      {
        path: 'platformConfig.autoscaling.minInstances',
        field: 'minInstances',
        message: 'minInstances must not exceed maxInstances',
      },
    ]);

    const edited = await json(
      f.call('PUT', `${base}/staging`, { ...target, name: 'Stage', platformConfig: {} }),
    );
    expect(edited.status).toBe(200);
    const staging = edited.body.project.targets.find((t: Body) => t.id === 'staging');
    expect(staging).toEqual({
      id: 'staging',
      name: 'Stage',
      platform: 'railway',
      url: target.url,
      platformConfig: {},
    });

    const duplicate = await json(f.call('POST', base, target));
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.error).toBe('Deployment target "staging" already exists: choose another id.');
    expect(duplicate.body.problems[0].field).toBe('id');

    const removed = await json(f.call('DELETE', `${base}/staging`));
    expect(removed.body.project.targets.map((t: Body) => t.id)).toEqual(['local', 'production']);
  });

  it('changes workflow settings: visibility and endpoint', async () => {
    const res = await json(
      f.call('PATCH', `/api/projects/${demo.id}/workflows/wf_process`, {
        visibility: 'public',
        endpoint: { method: 'GET', path: '/api/results' },
      }),
    );
    expect(res.status).toBe(200);
    const wf = res.body.project.workflows.find((w: Body) => w.id === 'wf_process');
    expect(wf).toMatchObject({ visibility: 'public', endpoint: { method: 'GET', path: '/api/results' } });
    const bad = await json(
      f.call('PATCH', `/api/projects/${demo.id}/workflows/wf_process`, {
        endpoint: { method: 'GET', path: 'no-slash' },
      }),
    );
    expect(bad.status).toBe(400);
    expect(bad.body.problems[0]).toMatchObject({ field: 'path', path: 'endpoint.path' });
    await f.call('PATCH', `/api/projects/${demo.id}/workflows/wf_process`, {
      visibility: 'internal',
      endpoint: null,
    });
  });

  it('adds, edits and deletes env vars; a bad name is refused on the name field', async () => {
    const set = await f.call('PUT', `/api/projects/${demo.id}/env/LOG_LEVEL`, { value: 'debug' });
    expect(set.status).toBe(200);
    let detail = (await json(f.call('GET', `/api/projects/${demo.id}`))).body.project;
    expect(detail.envVars).toContainEqual({ name: 'LOG_LEVEL', value: 'debug' });
    await f.call('DELETE', `/api/projects/${demo.id}/env/LOG_LEVEL`);
    detail = (await json(f.call('GET', `/api/projects/${demo.id}`))).body.project;
    expect(detail.envVars.find((v: Body) => v.name === 'LOG_LEVEL')).toBeUndefined();
    const bad = await json(f.call('PUT', `/api/projects/${demo.id}/env/lower`, { value: 'x' }));
    expect(bad.status).toBe(400);
    expect(bad.body.problems[0]).toMatchObject({ field: 'name' });
  });

  it('never sends a secret value back: not in any response, log or project file', async () => {
    const value = 'sk-live-9f8e7d6c5b4a-never-shown';
    const responses: string[] = [];
    const record = async (res: Promise<Response>) => {
      const r = await res;
      const text = await r.text();
      responses.push(text);
      return { status: r.status, text };
    };
    const set = await record(
      f.call('PUT', `/api/projects/${demo.id}/secrets/OPENAI_API_KEY`, { value, description: 'LLM key' }),
    );
    expect(set.status).toBe(200);
    expect(JSON.parse(set.text)).toEqual({ name: 'OPENAI_API_KEY' });
    await record(f.call('PUT', `/api/projects/${demo.id}/secrets/OPENAI_API_KEY`, { value: `${value}-2` }));
    const detail = await record(f.call('GET', `/api/projects/${demo.id}`));
    expect(JSON.parse(detail.text).project.secrets).toContainEqual({
      name: 'OPENAI_API_KEY',
      description: 'LLM key',
      updatedAt: expect.stringMatching(/^\d{4}-/),
    });
    await record(f.call('GET', '/api/projects'));
    await record(f.call('GET', `/api/projects/${demo.id}/problems`));
    const empty = await record(f.call('PUT', `/api/projects/${demo.id}/secrets/EMPTY`, { value: '' }));
    expect(empty.status).toBe(400);
    for (const text of [...responses, ...f.logs]) expect(text).not.toContain(value);
    for (const file of await allFiles(demo.folder)) {
      expect((await readFile(file)).includes(value), file).toBe(false);
    }
    // The vault holds it, encrypted: the raw database file does not contain the text either.
    for (const file of await allFiles(f.home)) {
      if (file.startsWith(demo.folder)) continue;
      expect((await readFile(file)).includes(value), file).toBe(false);
    }
    const deleted = await f.call('DELETE', `/api/projects/${demo.id}/secrets/OPENAI_API_KEY`);
    expect(deleted.status).toBe(200);
  });

  it('generates a target into .catalyst/generated/<target> and serves the files and a zip', async () => {
    const res = await json(
      f.call('POST', `/api/projects/${demo.id}/targets/local/generate`, { runId: 'run-1' }),
    );
    expect(res.status).toBe(200);
    expect(res.body.summary.targetId).toBe('local');
    expect(res.body.summary.stages.map((s: Body) => s.stage)).toEqual([
      'validate',
      'plan',
      'render',
      'write',
    ]);
    expect(res.body.summary.linesByKind.python).toBeGreaterThan(100);

    const listing = await json(f.call('GET', `/api/projects/${demo.id}/targets/local/generated`));
    const paths = listing.body.files.map((x: Body) => x.path);
    expect(paths).toContain('main.py');
    expect(paths).toContain('workflows/main_workflow.py');
    expect(listing.body.summary.files).toBe(paths.length);

    const file = await json(
      f.call('GET', `/api/projects/${demo.id}/targets/local/generated/file?path=main.py`),
    );
    const onDisk = await readFile(path.join(demo.folder, '.catalyst/generated/local/main.py'), 'utf8');
    expect(file.body).toEqual({ path: 'main.py', content: onDisk });

    const outside = await json(
      f.call('GET', `/api/projects/${demo.id}/targets/local/generated/file?path=../../catalyst.json`),
    );
    expect(outside.status).toBe(400);
    expect(outside.body.error).toBe(
      'Invalid file path "../../catalyst.json": it points outside the generated app.',
    );

    const zip = await f.call('GET', `/api/projects/${demo.id}/targets/local/generated/zip`);
    expect(zip.headers.get('content-type')).toBe('application/zip');
    const entries = unzipSync(new Uint8Array(await zip.arrayBuffer()));
    expect(new TextDecoder().decode(entries['demo-local/main.py'])).toBe(onDisk);
    expect(Object.keys(entries)).toHaveLength(paths.length);
  });

  it('queues generations of one target instead of writing the folder twice at once', async () => {
    const runs = await Promise.all(
      ['run-a', 'run-b', 'run-c'].map((runId) =>
        json(f.call('POST', `/api/projects/${demo.id}/targets/local/generate`, { runId })),
      ),
    );
    expect(runs.map((r) => r.status)).toEqual([200, 200, 200]);
    const listing = await json(f.call('GET', `/api/projects/${demo.id}/targets/local/generated`));
    expect(listing.body.files.length).toBe(runs[0]!.body.summary.files);
    const leftovers = (await readdir(path.join(demo.folder, '.catalyst/generated'))).filter(
      (n) => n !== 'local',
    );
    expect(leftovers).toEqual([]);
  });

  it('refuses to generate an unknown target with the pipeline message', async () => {
    const res = await json(
      f.call('POST', `/api/projects/${demo.id}/targets/nope/generate`, { runId: 'run-2' }),
    );
    expect(res.status).toBe(404);
    expect(res.body.error).toContain('Target "nope" does not exist in catalyst.json');
  });

  it('pushes an event when the project changes outside the studio (CLI, editor)', async () => {
    const listenersBefore = f.studio.bus.size;
    const controller = new AbortController();
    const res = await fetch(`${f.studio.origin}/api/events?token=${TEST_TOKEN}`, {
      signal: controller.signal,
    });
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    let seen = '';
    const waitFor = async (needle: string) => {
      const deadline = Date.now() + 10_000;
      while (!seen.includes(needle)) {
        if (Date.now() > deadline) throw new Error(`no "${needle}" in: ${seen}`);
        const { value, done } = await reader.read();
        if (done) throw new Error('stream ended');
        seen += value;
      }
    };
    await waitFor('event: ready');
    await setEnvVar(demo.folder, 'FROM_CLI', '1');
    await waitFor(`"projectId":"${demo.id}"`);
    expect(seen).toContain('event: project');
    expect(f.studio.bus.size).toBe(listenersBefore + 1);
    controller.abort();
    // The closed page's subscription is dropped, not leaked.
    await expect.poll(() => f.studio.bus.size).toBe(listenersBefore);
  });
});
