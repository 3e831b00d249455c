import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Validator } from '@seriousme/openapi-schema-validator';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOpenApi, OPENAPI_FILE } from '../../../src/compiler/openapi.js';
import { planTarget } from '../../../src/compiler/plan.js';
import type { GeneratedFile } from '../../../src/compiler/types.js';
import type { Project } from '../../../src/model/project-files.js';
import { validateProject } from '../../../src/model/validate/validate-project.js';
import { buildProject } from '../../fixtures/build-project.js';
import { generate, type RunningApp, removeDir, startApp, writeApp } from './support.js';

const ORDER_INPUT = {
  type: 'object',
  required: ['customer', 'items'],
  additionalProperties: false,
  properties: {
    customer: { type: 'string', format: 'email', description: 'Who ordered' },
    items: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        required: ['sku', 'qty'],
        properties: {
          sku: { type: 'string', pattern: '^[A-Z]{3}-[0-9]+$' },
          qty: { type: 'integer', minimum: 1 },
        },
      },
    },
    note: { type: ['string', 'null'], maxLength: 200, default: null },
  },
};
const ORDER_OUTPUT = {
  type: 'object',
  required: ['total'],
  properties: { total: { type: 'number' }, status: { enum: ['accepted', 'held'] } },
};
const SEARCH_INPUT = {
  type: 'object',
  required: ['q'],
  properties: {
    q: { type: 'string', minLength: 1 },
    limit: { type: 'integer', minimum: 1, maximum: 100, default: 10 },
    region: { type: 'string' },
  },
};

/** Public workflows of every kind the document describes, one internal one it must leave out. */
function shopProject(): Project {
  const answer = { id: 'answer', type: 'transform', config: { fields: { total: 1 } } };
  const project = buildProject({ name: 'shop', description: 'Orders and search' }, [
    {
      id: 'wf_order',
      name: 'Place order',
      description: 'Places an order and answers with its total — in € or ¥',
      visibility: 'public',
      endpoint: { method: 'POST', path: '/api/orders' },
      nodes: [answer],
    },
    {
      id: 'wf_search',
      name: 'search',
      visibility: 'public',
      endpoint: { method: 'GET', path: '/api/regions/{region}/search' },
      nodes: [answer],
    },
    { id: 'wf_free', name: 'free form', visibility: 'public', nodes: [answer] },
    {
      id: 'wf_lookup',
      name: 'lookup',
      visibility: 'public',
      endpoint: { method: 'GET', path: '/api/lookup' },
      nodes: [answer],
    },
    {
      id: 'wf_cancel',
      name: 'cancel',
      visibility: 'public',
      endpoint: { method: 'DELETE', path: '/api/orders' },
      nodes: [answer],
    },
    {
      id: 'wf_broken',
      name: 'broken',
      visibility: 'public',
      endpoint: { method: 'POST', path: '/api/broken' },
      nodes: [answer],
    },
    { id: 'wf_hidden', name: 'hidden', visibility: 'internal', nodes: [answer] },
  ]);
  const byId = (id: string) => project.workflows.find((w) => w.workflow.id === id)!.workflow;
  Object.assign(byId('wf_order'), { inputSchema: ORDER_INPUT, outputSchema: ORDER_OUTPUT });
  Object.assign(byId('wf_search'), { inputSchema: SEARCH_INPUT });
  // Its result never has `missing`: the app answers 500 instead of a wrong result.
  Object.assign(byId('wf_broken'), { outputSchema: { type: 'object', required: ['missing'] } });
  return project;
}

function fileOf(files: GeneratedFile[], path: string): string {
  const file = files.find((f) => f.path === path);
  if (!file) throw new Error(`no ${path} among ${files.map((f) => f.path).join(', ')}`);
  return file.content;
}

describe('openapi.json', () => {
  it('is made from a valid project (the schemas are in the supported subset)', () => {
    expect(validateProject(shopProject())).toEqual([]);
  });

  it('is a valid OpenAPI 3.1 document by a real validator', async () => {
    const text = fileOf(generate(shopProject()), OPENAPI_FILE);
    const validator = new Validator();
    const result = await validator.validate(JSON.parse(text));
    expect(result).toEqual({ valid: true });
    expect(validator.version).toBe('3.1');
  });

  it('the validator refuses a broken document (the check above can fail)', async () => {
    const doc = buildOpenApi(planTarget(shopProject(), 'production', { generatorVersion: '0' }));
    const paths = doc['paths'] as Record<string, Record<string, Record<string, unknown>>>;
    // A parameter must say where it goes (`in`).
    paths['/api/orders']!['post']!['parameters'] = [{ name: 'id', schema: { type: 'string' } }];
    expect((await new Validator().validate(doc)).valid).toBe(false);
  });

  it('describes every public workflow from its schemas, and nothing internal', () => {
    const doc = JSON.parse(fileOf(generate(shopProject()), OPENAPI_FILE));
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.info).toEqual({ title: 'shop', version: '0.1.0', description: 'Orders and search' });
    expect(Object.keys(doc.paths)).toEqual([
      '/api/broken',
      '/api/free_form',
      '/api/lookup',
      '/api/orders',
      '/api/regions/{region}/search',
      '/health',
    ]);
    expect(Object.keys(doc.paths['/api/orders'])).toEqual(['post', 'delete']);

    const order = doc.paths['/api/orders'].post;
    expect(order.operationId).toBe('place_order');
    expect(order.summary).toBe('Places an order and answers with its total — in € or ¥');
    expect(order.parameters).toBeUndefined();
    expect(order.requestBody.content['application/json'].schema).toEqual(ORDER_INPUT);
    expect(order.responses['200'].content['application/json'].schema).toEqual(ORDER_OUTPUT);
    expect(order.responses['400']).toEqual({ $ref: '#/components/responses/BadRequest' });
    expect(order.responses['500']).toEqual({ $ref: '#/components/responses/WorkflowFailed' });

    // GET: the schema's properties are query parameters; a path parameter takes its schema.
    const search = doc.paths['/api/regions/{region}/search'].get;
    expect(search.summary).toBe('search');
    expect(search.requestBody).toBeUndefined();
    expect(search.parameters).toEqual([
      { name: 'region', in: 'path', required: true, schema: { type: 'string' } },
      { name: 'q', in: 'query', required: true, schema: { type: 'string', minLength: 1 } },
      { name: 'limit', in: 'query', required: false, schema: SEARCH_INPUT.properties.limit },
    ]);
    expect(search.responses['400']).toEqual({ $ref: '#/components/responses/InvalidInput' });

    // No schemas: any JSON in and out; only a body that is not JSON is refused.
    const free = doc.paths['/api/free_form'].post;
    expect(free.operationId).toBe('free_form');
    expect(free.requestBody.content['application/json'].schema).toEqual({});
    expect(free.responses['200'].content['application/json'].schema).toEqual({});
    expect(free.responses['400']).toEqual({ $ref: '#/components/responses/BadJson' });
    const lookup = doc.paths['/api/lookup'].get;
    expect(lookup.responses['400']).toBeUndefined();
    expect(lookup.parameters).toMatchObject([{ name: 'query', in: 'query', style: 'form', explode: true }]);

    expect(doc.paths['/health'].get.responses['200'].content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/Health',
    });
  });

  it('gives the error shapes of DESIGN §7 as components', () => {
    const { components } = JSON.parse(fileOf(generate(shopProject()), OPENAPI_FILE));
    expect(components.schemas.InvalidInput.required).toEqual(['error', 'workflow', 'problems', 'requestId']);
    expect(components.schemas.InvalidInput.properties.problems.items.required).toEqual(['path', 'message']);
    expect(components.schemas.Error.required).toEqual(['error']);
    expect(components.schemas.WorkflowFailure.required).toEqual(['error', 'workflow', 'node', 'requestId']);
    expect(components.responses.BadRequest.content['application/json'].schema).toEqual({
      oneOf: [{ $ref: '#/components/schemas/InvalidInput' }, { $ref: '#/components/schemas/Error' }],
    });
  });

  it('is byte-identical when the same project is generated twice', () => {
    const first = fileOf(generate(shopProject()), OPENAPI_FILE);
    const second = fileOf(generate(shopProject()), OPENAPI_FILE);
    expect(second).toBe(first);
  });

  it('keeps a property named __proto__ as a parameter, not a prototype', () => {
    const project = shopProject();
    const search = project.workflows.find((w) => w.workflow.id === 'wf_search')!.workflow;
    const input = JSON.parse('{"type": "object", "properties": {"__proto__": {"type": "string"}}}');
    Object.assign(search, { inputSchema: input });
    const doc = JSON.parse(fileOf(generate(project), OPENAPI_FILE));
    const params = doc.paths['/api/regions/{region}/search'].get.parameters;
    expect(params.map((p: { name: string }) => p.name)).toEqual(['region', '__proto__']);
  });
});

describe('the running app serves the document', () => {
  let app: RunningApp;
  let written: Buffer;

  beforeAll(async () => {
    app = await startApp(writeApp(generate(shopProject())));
    written = readFileSync(join(app.dir, OPENAPI_FILE));
  });

  afterAll(async () => {
    await app?.stop();
    if (app) removeDir(app.dir);
  });

  it('GET /openapi.json answers the written file byte for byte (non-ASCII text too)', async () => {
    expect(written.toString('utf8')).toContain('in € or ¥');
    const res = await fetch(`${app.url}/openapi.json`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(Buffer.from(await res.arrayBuffer()).equals(written)).toBe(true);
  });

  it('/docs is Swagger UI for /openapi.json; FastAPI’s own /redoc is gone', async () => {
    const res = await fetch(`${app.url}/docs`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await res.text();
    expect(html).toContain('SwaggerUIBundle');
    expect(html).toMatch(/url: ?'\/openapi.json'/);
    expect((await fetch(`${app.url}/redoc`)).status).toBe(404);
  });

  it('answers in the shapes the document gives, by a JSON Schema validator', async () => {
    const doc = JSON.parse(written.toString('utf8'));
    const ajv = new Ajv2020({ strict: false });
    const shape = (name: string) => ajv.compile(doc.components.schemas[name]);
    const answer = async (res: Promise<Response>) => {
      const r = await res;
      return { status: r.status, body: await r.json() };
    };
    const postTo = (path: string, body: string) =>
      fetch(`${app.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });

    const ok = await answer(
      postTo('/api/orders', JSON.stringify({ customer: 'a@b.co', items: [{ sku: 'ABC-1', qty: 2 }] })),
    );
    expect(ok.status).toBe(200);
    expect(
      ajv.validate(
        doc.paths['/api/orders'].post.responses['200'].content['application/json'].schema,
        ok.body,
      ),
    ).toBe(true);

    const invalid = await answer(postTo('/api/orders', '{}'));
    expect(invalid.status).toBe(400);
    expect(shape('InvalidInput')(invalid.body)).toBe(true);
    const badJson = await answer(postTo('/api/orders', '{not json'));
    expect(badJson.status).toBe(400);
    expect(shape('Error')(badJson.body)).toBe(true);
    expect(shape('InvalidInput')(badJson.body)).toBe(false);
    const failed = await answer(postTo('/api/broken', '{}'));
    expect(failed.status).toBe(500);
    expect(shape('WorkflowFailure')(failed.body)).toBe(true);
    const health = await answer(fetch(`${app.url}/health`));
    expect(shape('Health')(health.body)).toBe(true);
  });
});
