import { describe, expect, it } from 'vitest';
import { demoProject } from '../../src/model/demo.js';
import { describeDifference, exampleDifference, firstDifference } from '../../src/model/examples.js';
import { loadProject } from '../../src/model/load.js';
import type { Project } from '../../src/model/project-files.js';
import { actualText, MATCH_CASES } from '../fixtures/example-match-cases.js';
import { sourceOf } from './fixtures.js';

const demo = (): Project => demoProject({ id: 'proj_demo', name: 'demo', now: '2026-01-05T10:00:00.000Z' });
const MAIN_FILE = 'workflows/main_workflow.json';

describe('subset matching of examples (the shared table)', () => {
  for (const c of MATCH_CASES) {
    it(c.name, () => {
      const found = firstDifference(c.expected, JSON.parse(actualText(c)));
      expect(found ? { path: found.path, expected: found.expected, actual: found.actual } : null).toEqual(
        c.diff,
      );
    });
  }
});

describe('an example against an answer', () => {
  it('compares the status first (200 when not given), then the body as a subset', () => {
    const answer = { status: 200, body: { result: { total: 81, userId: 42 } } };
    expect(exampleDifference({}, answer)).toBeUndefined();
    expect(exampleDifference({ status: 400 }, answer)).toEqual({
      path: 'status',
      expected: 400,
      actual: 200,
    });
    expect(exampleDifference({ body: { result: { total: 82 } } }, { ...answer, status: 500 })).toEqual({
      path: 'status',
      expected: 200,
      actual: 500,
    });
    const diff = exampleDifference({ body: { result: { total: 82 } } }, answer)!;
    expect(describeDifference(diff)).toBe('$.result.total: expected 82, got 81');
    const missing = firstDifference({ result: { tax: 1 } }, answer.body)!;
    expect(describeDifference(missing)).toBe('$.result.tax: expected 1, got nothing (the key is missing)');
  });
});

describe('validation of examples', () => {
  /** Problems of the demo with main_workflow's examples replaced, loaded from its JSON text. */
  function problemsWith(examples: unknown): Array<{ file: string; path: string; message: string }> {
    const source = sourceOf(demo());
    const main = source.workflows.find((w) => w.path === MAIN_FILE)!;
    main.text = JSON.stringify({ ...JSON.parse(main.text), examples }, null, 2);
    return loadProject(source).problems.map(({ file, path, message }) => ({ file, path, message }));
  }

  it("the demo's own examples are valid", () => {
    expect(loadProject(sourceOf(demo())).problems).toEqual([]);
    expect(demo().workflows.find((w) => w.file === MAIN_FILE)!.workflow.examples).toHaveLength(2);
  });

  it('an input that fails the inputSchema is a problem at the example input, unless it expects 400', () => {
    expect(problemsWith([{ name: 'bad', input: { userId: 'abc' }, expect: { status: 200 } }])).toEqual([
      {
        file: MAIN_FILE,
        path: '$.examples[0].input',
        message:
          'Example \'bad\' has an input that does not match the inputSchema of workflow \'main_workflow\': $.userId must be of type integer, not string. Fix the input, or set "expect": {"status": 400} if the example is meant to be refused',
      },
    ]);
    expect(problemsWith([{ name: 'refused', input: { userId: 0 }, expect: { status: 400 } }])).toEqual([]);
  });

  it('a mock of a node the workflow does not have, with did-you-mean', () => {
    expect(
      problemsWith([{ name: 'm', input: { userId: 1 }, expect: {}, mocks: { extrct: { result: {} } } }]),
    ).toEqual([
      {
        file: MAIN_FILE,
        path: '$.examples[0].mocks.extrct',
        message:
          "Example 'm' mocks node 'extrct', which workflow 'main_workflow' does not have (did you mean 'extract'?); its nodes: shape, extract, process",
      },
    ]);
  });

  it('expect.status must be an HTTP status code', () => {
    for (const status of [1000, 99, 200.5, '200']) {
      const problems = problemsWith([{ name: 's', input: { userId: 1 }, expect: { status } }]);
      expect(problems, String(status)).toHaveLength(1);
      expect(problems[0]).toMatchObject({ file: MAIN_FILE, path: '$.examples[0].expect.status' });
      expect(problems[0]!.message).toMatch(/^expect\.status must be (an HTTP status code|a whole number)/);
    }
  });

  it('names are required and unique; unknown keys in an example are refused', () => {
    const problems = problemsWith([
      { name: 'twice', input: { userId: 1 }, expect: {} },
      { name: 'twice', input: { userId: 2 }, expect: {} },
    ]);
    expect(problems).toEqual([
      {
        file: MAIN_FILE,
        path: '$.examples[1].name',
        message:
          "Example 'twice' is listed twice in workflow 'main_workflow': give each example its own name",
      },
    ]);
    expect(problemsWith([{ name: ' ', input: {}, expect: {} }])[0]).toMatchObject({
      path: '$.examples[0].name',
      message: 'An example needs a name, e.g. "big order"',
    });
    expect(problemsWith([{ name: 'x', input: { userId: 1 }, expect: { stauts: 200 } }])[0]).toMatchObject({
      path: '$.examples[0].expect',
    });
    expect(problemsWith([{ name: 'x', expect: {} }])[0]).toMatchObject({ path: '$.examples[0].input' });
  });
});
