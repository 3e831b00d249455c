import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type StudioFixture, startFixture } from './support/studio-fixture.js';

// biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON paths
type Body = any;

async function json(res: Promise<Response>): Promise<{ status: number; body: Body }> {
  const r = await res;
  return { status: r.status, body: await r.json() };
}

/** The canvas editor's API on the real store, build pipeline and Python. */
describe('workflow routes', () => {
  let f: StudioFixture;
  let demo: { id: string; folder: string };
  beforeAll(async () => {
    f = await startFixture();
    demo = await f.demo();
  });
  afterAll(() => f.close());

  const base = () => `/api/projects/${demo.id}`;

  it('gives the editor the whole project model', async () => {
    const { status, body } = await json(f.call('GET', `${base()}/model`));
    expect(status).toBe(200);
    expect(body.model.workflows.map((w: Body) => w.file)).toEqual([
      'workflows/extract_data.json',
      'workflows/main_workflow.json',
      'workflows/process_results.json',
    ]);
    expect(body.model.manifest.id).toBe(demo.id);
    expect(body.model.problems).toEqual([]);
  });

  it('validates an unsaved workflow against the project without writing it', async () => {
    const file = path.join(demo.folder, 'workflows/main_workflow.json');
    const before = await readFile(file, 'utf8');
    const main = JSON.parse(before);
    main.nodes.shape.config.fields.user = '{{ nodes.ghost.id }}';
    const { status, body } = await json(
      f.call('POST', `${base()}/workflows/wf_main/validate`, { workflow: main }),
    );
    expect(status).toBe(200);
    expect(body.problems).toEqual([
      {
        file: 'workflows/main_workflow.json',
        path: '$.nodes.shape.config.fields.user',
        message:
          "Field 'fields.user' of node 'shape' in workflow 'main_workflow' reads nodes.ghost, but workflow 'main_workflow' has no node 'ghost': use one of extract, process",
        workflowId: 'wf_main',
        nodeId: 'shape',
        field: 'fields',
      },
    ]);
    expect(await readFile(file, 'utf8')).toBe(before);
  });

  it('creates, saves (stable, small diff), renames keeping the id, and deletes a workflow', async () => {
    const created = await json(
      f.call('POST', `${base()}/workflows`, {
        name: 'Score Lead',
        visibility: 'public',
        endpoint: { method: 'POST', path: '/api/score' },
      }),
    );
    expect(created.status).toBe(201);
    expect(created.body.file).toBe('workflows/score_lead.json');
    const id = created.body.workflow.id;
    expect(id).toMatch(/^wf_[0-9a-f]{8}$/);

    const saved = await json(
      f.call('PUT', `${base()}/workflows/${id}`, {
        name: 'Score Lead',
        deploymentTargetId: 'local',
        visibility: 'public',
        endpoint: { method: 'POST', path: '/api/score' },
        nodes: {
          pick: {
            id: 'pick',
            type: 'transform',
            name: 'Pick',
            position: { x: 0, y: 0 },
            config: { fields: { a: '{{ input.a }}' } },
          },
        },
        edges: [],
      }),
    );
    expect(saved.status).toBe(200);
    const text = await readFile(path.join(demo.folder, 'workflows/score_lead.json'), 'utf8');
    expect(text.endsWith('\n')).toBe(true);
    expect(JSON.parse(text).nodes.pick.config.fields).toEqual({ a: '{{ input.a }}' });

    const renamed = await json(f.call('POST', `${base()}/workflows/${id}/rename`, { name: 'Rank Lead' }));
    expect(renamed.body).toMatchObject({
      file: 'workflows/rank_lead.json',
      workflow: { id, name: 'Rank Lead' },
    });
    await expect(stat(path.join(demo.folder, 'workflows/score_lead.json'))).rejects.toThrow();

    const bad = await json(f.call('PUT', `${base()}/workflows/${id}`, { ...saved.body.workflow, name: '' }));
    expect(bad.status).toBe(400);
    expect(bad.body.error).toBe('Workflow name is required');

    const deleted = await json(f.call('DELETE', `${base()}/workflows/${id}`));
    expect(deleted.body.deleted).toEqual({ id, name: 'Rank Lead', file: 'workflows/rank_lead.json' });
  });

  it('refuses to delete a workflow another one calls, saying which', async () => {
    const { status, body } = await json(f.call('DELETE', `${base()}/workflows/wf_extract`));
    expect(status).toBe(409);
    expect(body.error).toBe(
      'Cannot delete workflow extract_data: it is called by main_workflow (node extract). Remove those calls first.',
    );
  });

  it('keeps a JSON-value template field as written (object form and exact {{ expr }}), and runs it', async () => {
    const created = await json(
      f.call('POST', `${base()}/workflows`, {
        name: `Quote "EU" (Bob's)`,
        visibility: 'public',
        endpoint: { method: 'POST', path: '/api/quote' },
      }),
    );
    expect(created.status).toBe(201);
    const id = created.body.workflow.id;
    const reply = (body: unknown) => ({
      ...created.body.workflow,
      deploymentTargetId: 'local',
      nodes: {
        reply: {
          id: 'reply',
          type: 'response',
          name: `Reply "as is" (Bob's)`,
          position: { x: 0, y: 0 },
          config: { body },
        },
      },
      edges: [],
    });
    const objectForm = { price: '{{ input.price }}', items: ['{{ input.item }}', 2], fixed: { ok: true } };
    const saved = await json(f.call('PUT', `${base()}/workflows/${id}`, reply(objectForm)));
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    const model = await json(f.call('GET', `${base()}/model`));
    const back = model.body.model.workflows.find((w: Body) => w.workflow.id === id);
    expect(back.workflow.nodes.reply.config.body).toEqual(objectForm);
    expect(model.body.model.problems).toEqual([]);
    const onDisk = JSON.parse(await readFile(path.join(demo.folder, created.body.file), 'utf8'));
    expect(onDisk.nodes.reply.config.body).toEqual(objectForm);

    const run = await json(
      f.call('POST', `${base()}/workflows/${id}/runs`, { input: { price: 9.5, item: 'x' } }),
    );
    expect(run.body.run.trace).toMatchObject({
      status: 'ok',
      result: { price: 9.5, items: ['x', 2], fixed: { ok: true } },
    });

    const whole = await json(f.call('PUT', `${base()}/workflows/${id}`, reply('{{ input }}')));
    expect(whole.status).toBe(200);
    const again = await json(
      f.call('POST', `${base()}/workflows/${id}/runs`, { input: { price: 1, tags: [null] } }),
    );
    expect(again.body.run.trace).toMatchObject({ status: 'ok', result: { price: 1, tags: [null] } });
    await f.call('DELETE', `${base()}/workflows/${id}`);
  });
});
