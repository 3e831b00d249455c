import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateProject } from '../../../src/model/load.js';
import { buildProject } from '../../fixtures/build-project.js';
import { generate, postJson, type RunningApp, removeDir, startApp, writeApp } from './support.js';

/**
 * DESIGN §5 (issue 11 item 13): a json-template field (`workflowCall.input`, `response.body`,
 * `httpRequest.body`) may hold any JSON value in the file. An object is a template object;
 * a string that is exactly one `{{ expr }}` is the value with its type.
 */
function project() {
  return buildProject({ name: 'json-templates' }, [
    {
      id: 'wf_object',
      name: 'object form',
      visibility: 'public',
      nodes: [
        {
          id: 'call',
          type: 'workflowCall',
          config: {
            callType: 'local',
            targetWorkflowId: 'wf_price',
            input: { qty: '{{ input.qty }}', tags: ['fixed', '{{ input.tag }}'], note: 'n={{ input.qty }}' },
          },
        },
        {
          id: 'reply',
          type: 'response',
          config: {
            statusCode: 201,
            body: { price: '{{ input.result.price }}', seen: '{{ input.result.seen }}', kind: 'quote', n: 3 },
          },
        },
      ],
      edges: [['call', 'reply']],
    },
    {
      id: 'wf_whole',
      name: 'whole form',
      visibility: 'public',
      nodes: [
        {
          id: 'call',
          type: 'workflowCall',
          config: { callType: 'local', targetWorkflowId: 'wf_price', input: '{{ input }}' },
        },
        { id: 'reply', type: 'response', config: { body: '{{ input.result }}' } },
      ],
      edges: [['call', 'reply']],
    },
    {
      id: 'wf_number',
      name: 'number form',
      visibility: 'public',
      nodes: [{ id: 'reply', type: 'response', config: { body: '  {{ input.qty }}\n' } }],
    },
    {
      id: 'wf_price',
      name: 'price',
      visibility: 'internal',
      nodes: [
        {
          id: 'price',
          type: 'transform',
          config: { fields: { price: '{{ input.qty }}', seen: '{{ input }}' } },
        },
      ],
    },
    {
      id: 'wf_http',
      name: 'http body',
      visibility: 'internal',
      nodes: [
        {
          id: 'post',
          type: 'httpRequest',
          config: {
            method: 'POST',
            url: 'http://127.0.0.1:9/x',
            body: { id: '{{ input.id }}', list: [1, '{{ input.n }}'] },
          },
        },
      ],
    },
  ]);
}

describe('json-template fields hold any JSON value (model)', () => {
  it('validation accepts the object form, the exact {{ expr }} form and a number', () => {
    expect(validateProject(project())).toEqual([]);
  });

  it('still refuses text that is neither JSON nor a {{ expr }}, naming the field', () => {
    const p = project();
    p.workflows[2]!.workflow.nodes['reply']!.config['body'] = '{"a": ';
    const problems = validateProject(p);
    expect(problems.map((x) => x.path)).toEqual(['$.nodes.reply.config.body']);
    expect(problems[0]!.message).toContain(
      "Field 'body' of node 'reply' in workflow 'number form' is not valid JSON",
    );
  });

  it('an expression error inside the object form points at the string in the file', () => {
    const p = project();
    p.workflows[0]!.workflow.nodes['reply']!.config['body'] = { price: '{{ input.result. }}' };
    const problems = validateProject(p);
    expect(problems.map((x) => x.path)).toEqual(['$.nodes.reply.config.body.price']);
  });
});

describe('json-template fields hold any JSON value (the generated app answers)', () => {
  let app: RunningApp;
  beforeAll(async () => {
    app = await startApp(writeApp(generate(project())));
  });
  afterAll(async () => {
    await app?.stop();
    if (app) removeDir(app.dir);
  });

  it('object form: the body and the call input are template objects', async () => {
    const res = await postJson(`${app.url}/api/object_form`, { qty: 4, tag: 't' });
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({
      price: 4,
      seen: { qty: 4, tags: ['fixed', 't'], note: 'n=4' },
      kind: 'quote',
      n: 3,
    });
  });

  it('exact {{ expr }} form: the value itself, with its type', async () => {
    const res = await postJson(`${app.url}/api/whole_form`, { qty: 2, extra: [true, null] });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ price: 2, seen: { qty: 2, extra: [true, null] } });
    const number = await postJson(`${app.url}/api/number_form`, { qty: 21 });
    expect(await number.json()).toBe(21);
  });
});
