import { describe, expect, it } from 'vitest';
import { PATTERN_SUBSET, SUPPORTED_KEYWORDS, valueProblems } from '../../../src/model/json-schema.js';
import { loadProject } from '../../../src/model/load.js';
import type { Problem, Project } from '../../../src/model/project-files.js';
import { validateProject } from '../../../src/model/validate/validate-project.js';
import { demoProject, find, sourceOf } from '../fixtures.js';

/** What a user reads of each problem. */
function problems(project: Project): Array<Pick<Problem, 'file' | 'path' | 'message'>> {
  return validateProject(project).map(({ file, path, message }) => ({ file, path, message }));
}

const MAIN = 'workflows/main_workflow.json';
const EXTRACT = 'workflows/extract_data.json';
const SUPPORTED = SUPPORTED_KEYWORDS.join(', ');

function withInputSchema(schema: unknown): Project {
  const project = demoProject();
  find(project, 'wf_extract').inputSchema = schema as never;
  return project;
}

describe('inputSchema / outputSchema keywords (DESIGN §12)', () => {
  it('a valid schema of every supported keyword has no problem, also when loaded from its file', () => {
    const project = withInputSchema({
      type: 'object',
      title: 'Lookup',
      description: 'What to look up',
      required: ['userId'],
      additionalProperties: false,
      properties: {
        userId: { type: ['string', 'null'], minLength: 1, maxLength: 40, pattern: '^[a-z0-9_-]+$' },
        qty: { type: 'integer', minimum: 1, maximum: 9, default: 1 },
        ratio: { type: 'number', exclusiveMinimum: 0, exclusiveMaximum: 1 },
        tags: { type: 'array', items: { enum: ['a', 'b'] }, minItems: 0, maxItems: 3, default: ['a'] },
        kind: { const: 'lookup' },
        email: { type: 'string', format: 'email' },
        site: { type: 'string', format: 'uri' },
        day: { type: 'string', format: 'date', default: '2026-02-28' },
        at: { type: 'string', format: 'date-time' },
        id: { type: 'string', format: 'uuid' },
      },
    });
    find(project, 'wf_extract').outputSchema = { type: 'object' };
    expect(problems(project)).toEqual([]);
    expect(loadProject(sourceOf(project)).problems).toEqual([]);
  });

  it('an unsupported keyword is named with its path and the supported list', () => {
    const project = withInputSchema({
      type: 'object',
      properties: { qty: { type: 'integer', multipleOf: 2 } },
    });
    expect(problems(project)).toEqual([
      {
        file: EXTRACT,
        path: '$.inputSchema.properties.qty.multipleOf',
        message: `Unsupported JSON Schema keyword 'multipleOf'; supported: ${SUPPORTED}`,
      },
    ]);
  });

  it('reports every bad keyword at once, in outputSchema too, through loadProject from the file', () => {
    const project = withInputSchema({
      type: 'objekt',
      required: ['a', 3],
      properties: { a: { minLength: -1, format: 'ipv4' }, b: 'string' },
      additionalProperties: { type: 'string' },
      items: [{ type: 'string' }],
    });
    find(project, 'wf_extract').outputSchema = { $ref: '#/x', oneOf: [] } as never;
    const found = loadProject(sourceOf(project)).problems.map(({ file, path, message }) => ({
      file,
      path,
      message,
    }));
    expect(found).toEqual([
      {
        file: EXTRACT,
        path: '$.inputSchema.type',
        message:
          '\'type\' must be one of array, boolean, integer, null, number, object, string, or a list of them without repeats, not "objekt"',
      },
      {
        file: EXTRACT,
        path: '$.inputSchema.properties.a.minLength',
        message: "'minLength' must be a whole number of at least 0, not -1",
      },
      {
        file: EXTRACT,
        path: '$.inputSchema.properties.a.format',
        message: 'Unsupported format "ipv4"; supported: email, uri, date, date-time, uuid',
      },
      {
        file: EXTRACT,
        path: '$.inputSchema.properties.b',
        message: 'A JSON Schema must be an object, e.g. {"type": "string"}, not the string "string"',
      },
      {
        file: EXTRACT,
        path: '$.inputSchema.required[1]',
        message: "'required' must list property names (strings), not 3",
      },
      {
        file: EXTRACT,
        path: '$.inputSchema.additionalProperties',
        message:
          "'additionalProperties' must be true or false (a schema there is not supported), not an object",
      },
      {
        file: EXTRACT,
        path: '$.inputSchema.items',
        message: "'items' must be one schema for every item (a list of schemas is not supported)",
      },
      {
        file: EXTRACT,
        path: '$.outputSchema["$ref"]',
        message: `Unsupported JSON Schema keyword '$ref'; supported: ${SUPPORTED}`,
      },
      {
        file: EXTRACT,
        path: '$.outputSchema.oneOf',
        message: `Unsupported JSON Schema keyword 'oneOf'; supported: ${SUPPORTED}`,
      },
    ]);
  });

  it('a schema that is not an object is refused by the file schema', () => {
    const project = withInputSchema(['string']);
    expect(loadProject(sourceOf(project)).problems).toContainEqual(
      expect.objectContaining({
        file: EXTRACT,
        path: '$.inputSchema',
        message: 'A JSON Schema must be an object, e.g. {"type": "object", "properties": {}}',
      }),
    );
  });

  it('min above max, for numbers, lengths and items', () => {
    const project = withInputSchema({
      properties: {
        n: { minimum: 5, maximum: 1 },
        s: { minLength: 4, maxLength: 2 },
        l: { minItems: 3, maxItems: 0 },
      },
    });
    expect(problems(project).map((p) => [p.path, p.message])).toEqual([
      [
        '$.inputSchema.properties.n.maximum',
        "'minimum' (5) is greater than 'maximum' (1): no value could pass",
      ],
      [
        '$.inputSchema.properties.s.maxLength',
        "'minLength' (4) is greater than 'maxLength' (2): no value could pass",
      ],
      [
        '$.inputSchema.properties.l.maxItems',
        "'minItems' (3) is greater than 'maxItems' (0): no value could pass",
      ],
    ]);
  });

  it('a default that fails its own schema', () => {
    const project = withInputSchema({
      properties: {
        qty: { type: 'integer', minimum: 1, default: 0 },
        tags: { type: 'array', items: { type: 'string' }, default: ['a', 2] },
      },
    });
    expect(problems(project).map((p) => [p.path, p.message])).toEqual([
      [
        '$.inputSchema.properties.qty.default',
        "'default' does not match its own schema: $ must be at least 1",
      ],
      [
        '$.inputSchema.properties.tags.default',
        "'default' does not match its own schema: $[1] must be of type string, not integer",
      ],
    ]);
  });

  it.each([
    ['(?<year>[0-9]{4})', 'the group (?<y…: named groups, lookbehinds and inline flags differ'],
    ['(?<=a)b', 'the group (?<=…: named groups, lookbehinds and inline flags differ'],
    ['(?<!a)b', 'the group (?<!…: named groups, lookbehinds and inline flags differ'],
    ['\\cA', 'the escape \\c'],
    ['\\p{L}+', 'the escape \\p'],
    ['(a)\\1', 'the escape \\1'],
    ['[[a]', 'a [ inside a class (escape it as \\[)'],
    ['[a&&b]', 'the sequence && inside a class'],
    ['[^]', 'an empty class [] or [^]'],
  ])('the pattern %s is outside the portable subset', (pattern, reason) => {
    const [problem] = problems(withInputSchema({ properties: { s: { pattern } } }));
    expect(problem).toEqual({
      file: EXTRACT,
      path: '$.inputSchema.properties.s.pattern',
      message: `Pattern ${JSON.stringify(pattern)} is outside the portable regex subset that means the same in JavaScript and Python (${reason}); use ${PATTERN_SUBSET}`,
    });
  });

  it.each(['a{', '(a', '[a', 'a**', '\\', 'a{2}+'])('the pattern %s is not a regex at all', (pattern) => {
    const [problem] = problems(withInputSchema({ properties: { s: { pattern } } }));
    expect(problem?.path).toBe('$.inputSchema.properties.s.pattern');
    expect(problem?.message).toMatch(
      new RegExp(
        `^Pattern ${JSON.stringify(pattern).replace(/[\\^$.*+?()[\]{}|]/g, '\\$&')} is not a valid regular expression \\(.+\\)$`,
      ),
    );
  });
});

describe('a local call against the callee input schema', () => {
  function callProject(extractSchema: unknown, input: unknown): Project {
    const project = withInputSchema(extractSchema);
    find(project, 'wf_main').nodes['extract']!.config['input'] = input;
    return project;
  }

  const SCHEMA = {
    type: 'object',
    required: ['userId', 'qty'],
    additionalProperties: false,
    properties: {
      userId: { type: 'string' },
      qty: { type: 'integer', minimum: 1 },
      mode: { enum: ['fast', 'slow'], default: 'fast' },
      meta: { type: 'object', required: ['source'], properties: { source: { type: 'string' } } },
    },
  };

  it('a missing required field and literals of the wrong type are problems of the calling node', () => {
    const project = callProject(
      SCHEMA,
      '{"userId": 42, "mode": "medium", "extra": true, "meta": {"x": "{{ input }}"}}',
    );
    const found = validateProject(project);
    const prefix =
      "Node 'extract' passes input that does not match the input schema of workflow 'extract_data': ";
    expect(
      found.map(({ file, path, message, nodeId, field }) => ({ file, path, message, nodeId, field })),
    ).toEqual(
      [
        ['$.userId', 'must be of type string, not integer'],
        ['$.qty', 'required property is missing'],
        ['$.mode', 'must be one of "fast", "slow"'],
        ['$.meta.source', 'required property is missing'],
        ['$.extra', 'property not allowed (additionalProperties is false)'],
      ].map(([at, message]) => ({
        file: MAIN,
        path: '$.nodes.extract.config.input',
        message: `${prefix}${at} ${message}`,
        nodeId: 'extract',
        field: 'input',
      })),
    );
  });

  it('template values are checked at run time only; a default stands in for a missing field', () => {
    const project = callProject(SCHEMA, { userId: '{{ nodes.shape.user }}', qty: '{{ input.qty }}' });
    expect(problems(project)).toEqual([]);
  });

  it('an input that is not an object template (absent, or one template) is not checked here', () => {
    expect(problems(callProject(SCHEMA, undefined))).toEqual([]);
    expect(problems(callProject(SCHEMA, '{{ input }}'))).toEqual([]);
  });

  it('the demo call has no problem until the callee requires what it does not pass', () => {
    expect(
      problems(callProject({ type: 'object', required: ['userId'] }, '{"userId": "{{ nodes.shape.user }}"}')),
    ).toEqual([]);
    expect(
      problems(
        callProject(
          { type: 'object', required: ['userId', 'region'] },
          '{"userId": "{{ nodes.shape.user }}"}',
        ),
      ),
    ).toEqual([
      {
        file: MAIN,
        path: '$.nodes.extract.config.input',
        message:
          "Node 'extract' passes input that does not match the input schema of workflow 'extract_data': $.region required property is missing",
      },
    ]);
  });
});

describe('the evaluator the model uses for defaults and call inputs', () => {
  it('treats 1.0 as an integer, booleans apart from numbers, and formats as calendar checks', () => {
    expect(valueProblems({ type: 'integer' }, 1.0)).toEqual([]);
    expect(valueProblems({ enum: [1] }, true)).toEqual([{ path: '$', message: 'must be one of 1' }]);
    expect(valueProblems({ format: 'date' }, '2025-02-29')).toEqual([
      { path: '$', message: 'must be a date like 2026-01-05' },
    ]);
    expect(valueProblems({ format: 'date' }, '2024-02-29')).toEqual([]);
  });
});
