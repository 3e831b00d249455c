import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type JsonSchema, valueProblems } from '../../../src/model/json-schema.js';
import { validateProject } from '../../../src/model/validate/validate-project.js';
import { buildProject } from '../../fixtures/build-project.js';
import { HOSTILE_KEY, typedProject } from '../../fixtures/typed-project.js';
import { generate, postJson, type RunningApp, removeDir, runPython, startApp, writeApp } from './support.js';

let app: RunningApp;

beforeAll(async () => {
  expect(validateProject(typedProject())).toEqual([]);
  app = await startApp(writeApp(generate(typedProject())));
});

afterAll(async () => {
  await app?.stop();
  if (app) removeDir(app.dir);
});

const GOOD_ORDER = {
  customer: 'Ada',
  email: 'ada@example.com',
  items: [{ sku: 'ABC-1', qty: 2 }],
};

describe('the generated app checks a workflow input (DESIGN §12)', () => {
  it('answers 400 with every problem and its path before any node runs', async () => {
    const res = await postJson(
      `${app.url}/api/order`,
      {
        customer: '',
        email: 'not-an-email',
        items: [{ sku: 'abc', qty: 0 }, { qty: 'two' }, 'x'],
        channel: 'fax',
        coupon: 'FREE',
        [HOSTILE_KEY]: 1.5,
      },
      { headers: { 'content-type': 'application/json', 'x-request-id': 'typed-1' } },
    );
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      error: 'Invalid input',
      workflow: 'order',
      problems: [
        { path: '$.customer', message: 'must be at least 1 character long' },
        { path: '$.email', message: 'must be an email address' },
        { path: '$.items[0].sku', message: 'must match the pattern "^[A-Z]{3}-[0-9]+$"' },
        { path: '$.items[0].qty', message: 'must be at least 1' },
        { path: '$.items[1].sku', message: 'required property is missing' },
        { path: '$.items[1].qty', message: 'must be of type integer, not string' },
        { path: '$.items[2]', message: 'must be of type object, not string' },
        { path: '$.channel', message: 'must be one of "web", "shop"' },
        { path: `$[${JSON.stringify(HOSTILE_KEY)}]`, message: 'must be of type integer, not number' },
        { path: '$.coupon', message: 'property not allowed (additionalProperties is false)' },
      ],
      requestId: 'typed-1',
    });
  });

  it('lists at most 50 problems', async () => {
    const items = Array.from({ length: 80 }, () => ({ sku: 'ABC-1', qty: -1 }));
    const body = await (await postJson(`${app.url}/api/order`, { ...GOOD_ORDER, items })).json();
    expect(body.problems).toHaveLength(50);
    expect(body.problems[49]).toEqual({ path: '$.items[49].qty', message: 'must be at least 1' });
  });

  it('refuses a body that is not an object with its type', async () => {
    const res = await postJson(`${app.url}/api/order`, [1]);
    expect(res.status).toBe(400);
    expect((await res.json()).problems).toEqual([
      { path: '$', message: 'must be of type object, not array' },
    ]);
  });

  it('fills defaults of missing properties, nested ones too, and passes the data on', async () => {
    const res = await postJson(`${app.url}/api/order`, GOOD_ORDER);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      received: { ...GOOD_ORDER, items: [{ sku: 'ABC-1', qty: 2, gift: false }], channel: 'web' },
    });
  });

  it('converts GET query strings to the schema types; text stays text', async () => {
    const res = await fetch(`${app.url}/api/search?q=42&ratio=0.5&exact=true&page=null&code=007`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      q: '42',
      ratio: 0.5,
      exact: true,
      page: null,
      code: '007',
      limit: 10,
    });
    const paged = await (await fetch(`${app.url}/api/search?q=x&limit=3&page=2&ratio=-1e2`)).json();
    expect(paged).toEqual({ q: 'x', limit: 3, page: 2, ratio: -100 });
    const huge = await fetch(`${app.url}/api/search?q=x&ratio=1e999`);
    expect((await huge.json()).problems).toEqual([
      { path: '$.ratio', message: 'must be of type number, not string' },
    ]);
  });

  it('a query string that does not convert is a problem', async () => {
    const res = await fetch(`${app.url}/api/search?limit=lots&exact=yes&page=1.5`);
    expect(res.status).toBe(400);
    expect((await res.json()).problems).toEqual([
      { path: '$.q', message: 'required property is missing' },
      { path: '$.limit', message: 'must be of type integer, not string' },
      { path: '$.exact', message: 'must be of type boolean, not string' },
      { path: '$.page', message: 'must be of type integer or null, not string' },
    ]);
  });
});

describe('the generated app checks a workflow result and local calls', () => {
  it('a result that breaks the outputSchema is a 500 naming the schema and the paths', async () => {
    const res = await postJson(
      `${app.url}/api/broken`,
      {},
      {
        headers: { 'content-type': 'application/json', 'x-request-id': 'typed-2' },
      },
    );
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({
      error:
        'The result of workflow "broken" does not match its outputSchema: $.total must be of type number, not string; $.lines[1] must be of type string, not integer',
      workflow: 'broken',
      node: null,
      requestId: 'typed-2',
    });
    await expect
      .poll(() => app.log())
      .toContain('request typed-2: The result of workflow "broken" does not match its outputSchema');
  });

  it("a local call's input is checked against the callee's inputSchema, failing the calling node", async () => {
    const res = await postJson(`${app.url}/api/parent`, { qty: 'many' });
    expect(res.status).toBe(500);
    const body = await res.json();
    expect(body).toEqual({
      error:
        'Input for workflow "child" does not match its inputSchema: $.qty must be of type integer, not string',
      workflow: 'parent',
      node: 'Call child',
      requestId: expect.any(String),
    });
  });

  it("a local callee's result that breaks its outputSchema fails the calling node", async () => {
    const body = await (await postJson(`${app.url}/api/uses_broken`, {})).json();
    expect(body).toEqual({
      error:
        'The result of workflow "broken" does not match its outputSchema: $.total must be of type number, not string; $.lines[1] must be of type string, not integer',
      workflow: 'uses broken',
      node: 'Call broken',
      requestId: expect.any(String),
    });
  });

  it('a local call that fits gets its defaults filled', async () => {
    const res = await postJson(`${app.url}/api/parent`, { qty: 4 });
    expect(await res.json()).toEqual({
      result: { qty: 8, unit: 'pcs' },
      workflow: 'child',
      call_type: 'local',
    });
  });
});

describe('generated validators', () => {
  it('are byte-identical when generated twice; a project without schemas has no validator', () => {
    const first = generate(typedProject());
    const second = generate(typedProject());
    expect(second.map((f) => [f.path, f.content])).toEqual(first.map((f) => [f.path, f.content]));
    const order = first.find((f) => f.path === 'workflows/order.py')!.content;
    expect(order).toContain('TYPED = Typed("order", check_input=');
    const plain = generate(
      buildProject({ name: 'plain' }, [
        {
          id: 'wf_p',
          name: 'p',
          visibility: 'public',
          nodes: [{ id: 'n', type: 'code', config: { code: 'return 1' } }],
        },
      ]),
    );
    expect(plain.find((f) => f.path === 'workflows/p.py')!.content).not.toMatch(
      /TYPED|_check_|runtime\.schema/,
    );
  });

  /**
   * One case per keyword and format: the property's schema, a value, and the problems
   * expected. Every case runs in one Python process against the generated validator, and
   * through the model's evaluator, which must agree.
   */
  const CASES: Array<[schema: JsonSchema, value: unknown, expected: string[]]> = [
    [{ type: 'string' }, 'x', []],
    [{ type: 'string' }, 3, ['must be of type string, not integer']],
    [{ type: ['string', 'null'] }, null, []],
    [{ type: ['string', 'null'] }, 1.5, ['must be of type string or null, not number']],
    [{ type: 'integer' }, 2.0, []],
    [{ type: 'integer' }, 2.5, ['must be of type integer, not number']],
    [{ type: 'integer' }, true, ['must be of type integer, not boolean']],
    [{ type: 'number' }, 3, []],
    [{ type: 'number' }, false, ['must be of type number, not boolean']],
    [{ type: 'boolean' }, 0, ['must be of type boolean, not integer']],
    [{ type: 'null' }, 'null', ['must be of type null, not string']],
    [{ type: 'object' }, [], ['must be of type object, not array']],
    [{ type: 'array' }, {}, ['must be of type array, not object']],
    [{ enum: ['a', 'b'] }, 'c', ['must be one of "a", "b"']],
    [{ enum: ['a', 'b'] }, ['a'], ['must be one of "a", "b"']],
    [{ enum: [1, null, { k: [1] }] }, 1.0, []],
    [{ enum: [1, null, { k: [1] }] }, { k: [1] }, []],
    [{ enum: [1, null, { k: [1] }] }, true, ['must be one of 1, null, {"k":[1]}']],
    [{ const: 5 }, 5.0, []],
    [{ const: 5 }, '5', ['must be 5']],
    [{ const: false }, 0, ['must be false']],
    [{ minimum: 3 }, 2, ['must be at least 3']],
    [{ minimum: 3 }, 3, []],
    [{ minimum: 3 }, 'text', []],
    [{ maximum: 3 }, 3.5, ['must be at most 3']],
    [{ exclusiveMinimum: 0 }, 0, ['must be greater than 0']],
    [{ exclusiveMaximum: 10 }, 10, ['must be less than 10']],
    [{ exclusiveMaximum: 10 }, 9.99, []],
    [{ minLength: 2 }, 'a', ['must be at least 2 characters long']],
    [{ minLength: 2 }, 'é😀', []],
    [{ maxLength: 3 }, 'abcd', ['must be at most 3 characters long']],
    [{ maxLength: 3 }, 7, []],
    [{ pattern: '^[a-z]+$' }, 'abc', []],
    [{ pattern: '^[a-z]+$' }, 'abc\n', ['must match the pattern "^[a-z]+$"']],
    [{ pattern: '^[a-z]+$' }, 'Abc', ['must match the pattern "^[a-z]+$"']],
    [{ pattern: '\\d' }, '\u0661', ['must match the pattern "\\\\d"']],
    [{ pattern: 'b"c' }, 'ab"cd', []],
    [{ minItems: 1 }, [], ['must have at least 1 item']],
    [{ maxItems: 2 }, [1, 2, 3], ['must have at most 2 items']],
    [{ type: 'array', items: { type: 'integer' } }, [1, 'x'], ['[1] must be of type integer, not string']],
    [{ format: 'email' }, 'a@b.co', []],
    [{ format: 'email' }, 'a@b', ['must be an email address']],
    [{ format: 'uri' }, 'https://x.example/a?b=1', []],
    [{ format: 'uri' }, 'not a uri', ['must be a URI with a scheme, e.g. https://example.com']],
    [{ format: 'date' }, '2024-02-29', []],
    [{ format: 'date' }, '2025-02-29', ['must be a date like 2026-01-05']],
    [{ format: 'date' }, '2025-1-01', ['must be a date like 2026-01-05']],
    [{ format: 'date' }, '2026-04-31', ['must be a date like 2026-01-05']],
    [{ format: 'date' }, '2026-12-31', []],
    [{ format: 'date-time' }, '2026-02-30T10:00:00Z', ['must be a date-time like 2026-01-05T10:00:00Z']],
    [{ format: 'date-time' }, '2026-01-05T10:00:00Z', []],
    [{ format: 'date-time' }, '2026-01-05t10:00:00.123456789+05:30', []],
    [{ format: 'date-time' }, '2026-01-05T25:00:00Z', ['must be a date-time like 2026-01-05T10:00:00Z']],
    [{ format: 'date-time' }, '2026-01-05T10:00:00+24:00', ['must be a date-time like 2026-01-05T10:00:00Z']],
    [{ format: 'date-time' }, '2026-01-05', ['must be a date-time like 2026-01-05T10:00:00Z']],
    [{ format: 'uuid' }, '123e4567-e89b-12d3-a456-426614174000', []],
    [{ format: 'uuid' }, '123e4567e89b12d3a456426614174000', ['must be a UUID']],
    [{ format: 'email' }, 42, []],
    [
      {
        type: 'object',
        required: ['a', 'z'],
        additionalProperties: false,
        properties: { a: { type: 'string' }, b: { type: 'integer', default: 1 } },
      },
      { 'x y': 1, c: 2 },
      [
        '.a required property is missing',
        '.z required property is missing',
        '["x y"] property not allowed (additionalProperties is false)',
        '.c property not allowed (additionalProperties is false)',
      ],
    ],
    [{ type: 'object', required: ['b'], properties: { b: { default: 0 } } }, {}, []],
    [{ title: 'Anything', description: 'no checks' }, { any: ['thing'] }, []],
  ];

  it('check every keyword and format as the model evaluator does, in one Python process', () => {
    const properties = Object.fromEntries(CASES.map(([schema], i) => [`p${i}`, schema]));
    const project = buildProject({ name: 'table' }, [
      {
        id: 'wf_table',
        name: 'table',
        visibility: 'internal',
        inputSchema: { type: 'object', properties },
        nodes: [{ id: 'n', type: 'code', config: { code: 'return input' } }],
      },
    ]);
    expect(validateProject(project)).toEqual([]);
    const dir = writeApp(generate(project));
    try {
      const inputs = CASES.map(([, value], i) => ({ [`p${i}`]: value }));
      const script = [
        'import json',
        'from workflows.table import TYPED',
        'results = []',
        'for data in json.load(open("cases.json", encoding="utf-8")):',
        '    found = []',
        '    TYPED.check_input(data, "$", found)',
        '    results.append([f"{path} {message}" for path, message in found])',
        'print(json.dumps(results))',
      ].join('\n');
      writeFileSync(join(dir, 'cases.json'), JSON.stringify(inputs));
      const run = runPython(['-c', script], dir);
      expect(run.stderr).toBe('');
      const python: string[][] = JSON.parse(run.stdout);
      const rootSchema: JsonSchema = { type: 'object', properties };
      CASES.forEach(([schema, value, expected], i) => {
        const want = expected.map((m) => `$.p${i}${/^[.[]/.test(m) ? '' : ' '}${m}`);
        const label = `${JSON.stringify(schema)} on ${JSON.stringify(value)}`;
        expect(python[i], label).toEqual(want);
        expect(
          valueProblems(rootSchema, inputs[i]).map((p) => `${p.path} ${p.message}`),
          label,
        ).toEqual(want);
      });
    } finally {
      removeDir(dir);
    }
  });
});
