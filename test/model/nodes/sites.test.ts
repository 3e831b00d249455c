import { describe, expect, it } from 'vitest';
import { configSites, jsonTemplateOf, walkConfig } from '../../../src/model/nodes/sites.js';
import { node } from '../fixtures.js';

describe('configSites', () => {
  it('finds every value of a transform, nested ones included', () => {
    const sites = configSites(
      node('t', 'transform', {
        fields: {
          user: '{{ input.userId }}',
          'odd key': 'x',
          nested: { list: ['a', { deep: '{{ input.b }}' }], n: 3 },
        },
      }),
    );
    expect(sites).toEqual([
      { field: 'fields', jsonPath: 'fields.user', kind: 'template', text: '{{ input.userId }}' },
      { field: 'fields', jsonPath: 'fields["odd key"]', kind: 'template', text: 'x' },
      { field: 'fields', jsonPath: 'fields.nested.list[0]', kind: 'template', text: 'a' },
      { field: 'fields', jsonPath: 'fields.nested.list[1].deep', kind: 'template', text: '{{ input.b }}' },
    ]);
  });

  it('finds the expression of a condition', () => {
    expect(configSites(node('c', 'condition', { expression: 'input.a > 1' }))).toEqual([
      { field: 'expression', jsonPath: 'expression', kind: 'expression', text: 'input.a > 1' },
    ]);
  });

  it('walks an HTTP request: url, header values and the JSON body, but not method or timeout', () => {
    const sites = configSites(
      node('h', 'httpRequest', {
        method: 'POST',
        url: 'https://x/{{ input.id }}',
        headers: { 'X-Key': '{{ secrets.K }}' },
        body: '{"user": {"id": "{{ input.id }}"}, "tags": ["{{ input.tag }}", 2]}',
        timeout: 5,
      }),
    );
    expect(sites).toEqual([
      { field: 'url', jsonPath: 'url', kind: 'template', text: 'https://x/{{ input.id }}' },
      { field: 'headers', jsonPath: 'headers["X-Key"]', kind: 'template', text: '{{ secrets.K }}' },
      { field: 'body', jsonPath: 'body.user.id', kind: 'template', text: '{{ input.id }}', inJsonText: true },
      {
        field: 'body',
        jsonPath: 'body.tags[0]',
        kind: 'template',
        text: '{{ input.tag }}',
        inJsonText: true,
      },
    ]);
  });

  it('walks postgres params by index and leaves the SQL alone', () => {
    const sites = configSites(
      node('p', 'postgresQuery', {
        connectionSecret: 'DB',
        query: 'SELECT {{ not a template }}',
        params: ['{{ input.id }}', 7],
      }),
    );
    expect(sites).toEqual([
      { field: 'params', jsonPath: 'params[0]', kind: 'template', text: '{{ input.id }}' },
    ]);
  });

  it('gives code and text fields no sites, and unknown types none at all', () => {
    expect(configSites(node('c', 'code', { code: 'return "{{ input }}"' }))).toEqual([]);
    expect(configSites(node('x', 'mystery', { url: '{{ input }}' }))).toEqual([]);
  });

  it('skips values of the wrong type: the config schema reports those', () => {
    expect(configSites(node('h', 'httpRequest', { url: 42, body: 7 }))).toEqual([]);
  });
});

describe('fields hidden by showWhen', () => {
  it('skips httpUrl on a local call, by default and when set', () => {
    const config = { targetWorkflowId: 'wf', httpUrl: '{{ broken', input: '{"a": "{{ input.a }}"}' };
    const expected = [
      { field: 'input', jsonPath: 'input.a', kind: 'template', text: '{{ input.a }}', inJsonText: true },
    ];
    expect(configSites(node('w', 'workflowCall', config))).toEqual(expected);
    expect(configSites(node('w', 'workflowCall', { ...config, callType: 'local' }))).toEqual(expected);
  });

  it('walks httpUrl on an http call', () => {
    const sites = configSites(
      node('w', 'workflowCall', { callType: 'http', httpUrl: 'https://x/{{ input.p }}' }),
    );
    expect(sites).toEqual([
      { field: 'httpUrl', jsonPath: 'httpUrl', kind: 'template', text: 'https://x/{{ input.p }}' },
    ]);
  });
});

describe('walkConfig', () => {
  it('reports JSON text that does not parse', () => {
    const walk = walkConfig(node('w', 'workflowCall', { targetWorkflowId: 'wf', input: '{"a": ' }));
    expect(walk.sites).toEqual([]);
    expect(walk.invalidJson).toEqual([
      { field: 'input', line: 1, column: 7, message: 'expected a value, found the end of the file' },
    ]);
  });

  it('lists the secrets a node names', () => {
    const walk = walkConfig(
      node('v', 'vectorSearch', { urlSecret: 'QDRANT_URL', apiKeySecret: 'QDRANT_KEY' }),
    );
    expect(walk.secrets).toEqual([
      { field: 'urlSecret', name: 'QDRANT_URL' },
      { field: 'apiKeySecret', name: 'QDRANT_KEY' },
    ]);
  });
});

describe('jsonTemplateOf (DESIGN §5: a json-template field holds any JSON value)', () => {
  it('parses JSON text, takes a JSON value from the file as is, and {{ expr }} alone as a template', () => {
    expect(jsonTemplateOf('{"a": "{{ input }}"}')).toEqual({
      kind: 'value',
      value: { a: '{{ input }}' },
      inJsonText: true,
    });
    expect(jsonTemplateOf({ price: '{{ input.result.price }}' })).toEqual({
      kind: 'value',
      value: { price: '{{ input.result.price }}' },
      inJsonText: false,
    });
    expect(jsonTemplateOf(['{{ input.a }}', 2])).toEqual({
      kind: 'value',
      value: ['{{ input.a }}', 2],
      inJsonText: false,
    });
    expect(jsonTemplateOf(42)).toEqual({ kind: 'value', value: 42, inJsonText: false });
    expect(jsonTemplateOf(' {{ input.result }}\n')).toEqual({
      kind: 'value',
      value: '{{ input.result }}',
      inJsonText: false,
    });
    expect(jsonTemplateOf('{oops')).toMatchObject({ kind: 'invalid', line: 1 });
    expect(jsonTemplateOf('  ')).toEqual({ kind: 'absent' });
    expect(jsonTemplateOf(undefined)).toEqual({ kind: 'absent' });
  });

  it('walks the object form in the file: errors point at the string inside it', () => {
    const sites = configSites(
      node('r', 'response', { body: { price: '{{ input.result.price }}', n: [1, '{{ input.x }}'] } }),
    );
    expect(sites).toEqual([
      { field: 'body', jsonPath: 'body.price', kind: 'template', text: '{{ input.result.price }}' },
      { field: 'body', jsonPath: 'body.n[1]', kind: 'template', text: '{{ input.x }}' },
    ]);
    expect(configSites(node('r', 'response', { body: '{{ input.result }}' }))).toEqual([
      { field: 'body', jsonPath: 'body', kind: 'template', text: '{{ input.result }}' },
    ]);
  });
});
