import { describe, expect, it } from 'vitest';
import { configSites, parseJsonTemplate, walkConfig } from '../../../src/model/nodes/sites.js';
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

describe('parseJsonTemplate', () => {
  it('parses JSON text and refuses the rest', () => {
    expect(parseJsonTemplate('{"a": "{{ input }}"}')).toEqual({ value: { a: '{{ input }}' } });
    expect(parseJsonTemplate('{oops')).toBeUndefined();
    expect(parseJsonTemplate('  ')).toBeUndefined();
    expect(parseJsonTemplate(undefined)).toBeUndefined();
  });
});
