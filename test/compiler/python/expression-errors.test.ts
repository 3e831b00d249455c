import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expressionsProject } from '../../fixtures/expressions-project.js';
import { generate, postJson, type RunningApp, removeDir, startApp, writeApp } from './support.js';

/**
 * Run-time failures of expressions (DESIGN §5): division by zero, or `+` of a string and a
 * number, stops the workflow with a 500 whose error names the workflow, the node and the field.
 */
const project = expressionsProject();

let app: RunningApp;

beforeAll(async () => {
  app = await startApp(writeApp(generate(project)));
});

afterAll(async () => {
  await app?.stop();
  if (app) removeDir(app.dir);
});

describe('expressions v2 in a running app', () => {
  it('computes arithmetic, ?:, ??, literals and calls, evaluating the lazy side only when needed', async () => {
    const res = await postJson(`${app.url}/showcase`, {
      qty: 6,
      price: 2.5,
      name: '  ada ',
      parts: 3,
      first: '',
      second: '7.9',
      csv: 'x,y',
      items: [3, 9, 4],
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      total: 15,
      size: 'bulk',
      name: 'ADA',
      label: 'n/a → n/a',
      share: 33.3,
      fallback: 7,
      lazy: 6,
      tags: 'x',
      summary: { count: 3, max: 9, at: true },
    });
    const empty = await (await postJson(`${app.url}/showcase`, { qty: 1, parts: 0, first: 'one' })).json();
    expect(empty).toEqual({
      total: null,
      size: 'single',
      name: 'NOBODY',
      label: 'n/a → n/a',
      share: false,
      fallback: 'one',
      lazy: 1,
      tags: '',
      summary: { count: 0, max: null, at: true },
    });
  });
});

describe('an expression that fails at run time', () => {
  it('answers 200 with the computed value when it can be computed', async () => {
    const res = await postJson(`${app.url}/calc`, { a: 3, b: 2 });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ratio: 1.5 });
    const greet = await postJson(`${app.url}/greet`, { name: 'Ada', n: 2 });
    expect(await greet.json()).toEqual({ greeting: 'Hi Ada', twice: [4] });
  });

  it('answers 500 naming the workflow, the node and the field for a division by zero', async () => {
    const res = await postJson(`${app.url}/calc`, { a: 1, b: 0 });
    expect(res.status).toBe(500);
    const body = await res.json();
    expect(body).toMatchObject({
      error: "field 'fields.ratio': division by zero",
      workflow: 'calc',
      node: 'Ratio',
    });
    expect(typeof body.requestId).toBe('string');
    await expect
      .poll(() => app.log())
      .toContain(`node "Ratio" of workflow "calc" failed: field 'fields.ratio': division by zero`);
  });

  it('names the field inside a json-template and in a condition for a string plus a number', async () => {
    const body = await (await postJson(`${app.url}/greet`, { name: 5, n: 2 })).json();
    expect(body).toMatchObject({
      error:
        "field 'body.greeting': '+' cannot join a string and a number: write str(x) to join as text, or float(x) to add as numbers",
      workflow: 'greet',
      node: 'Reply',
    });
    const condition = await postJson(`${app.url}/greet`, { name: 'Ada', n: 'two' });
    expect(condition.status).toBe(500);
    expect(await condition.json()).toMatchObject({
      error:
        "field 'expression': '*' needs two numbers, got a string and a number: convert text with float() or int() first",
      workflow: 'greet',
      node: 'Enough',
    });
  });
});
