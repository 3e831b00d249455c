import { z } from 'zod';
import { childPath } from './json-path.js';

/**
 * A workflow's examples (DESIGN §12): its test cases. `catalyst test` runs them through the
 * generated app's harness and the generated `tests/test_examples.py` asserts the same under
 * pytest, with the same subset matching (runtime/examples.py mirrors `firstDifference`; both
 * are tested on the table in test/fixtures/example-match-cases.ts).
 */

export const EXAMPLE_NAME_MAX = 120;

/** What an example expects when it says nothing about the status: success. */
export const DEFAULT_EXPECTED_STATUS = 200;

export const exampleSchema = z
  .object({
    name: z
      .string()
      .trim()
      .min(1, 'An example needs a name, e.g. "big order"')
      .max(EXAMPLE_NAME_MAX, `An example's name is at most ${EXAMPLE_NAME_MAX} characters`),
    input: z.unknown().refine((value) => value !== undefined, {
      message: 'An example needs an input: the trigger data, e.g. {"userId": 42}',
    }),
    expect: z
      .object({
        status: z
          .number({ error: 'expect.status must be an HTTP status code such as 200, 400 or 500' })
          .int('expect.status must be a whole number, an HTTP status code such as 200')
          .min(100, 'expect.status must be an HTTP status code from 100 to 599')
          .max(599, 'expect.status must be an HTTP status code from 100 to 599')
          .optional(),
        body: z.unknown().optional(),
      })
      .strict(),
    /** Node id → the output that replaces that node's run (only in test runs). */
    mocks: z.record(z.string(), z.unknown()).optional(),
  })
  .strict();
export type Example = z.infer<typeof exampleSchema>;

export const examplesSchema = z.array(exampleSchema);

/** Where an answer first differs from what an example expects. */
export interface ExampleDifference {
  /** `status`, or a JSON path into the body: `$`, `$.result.total`, `$.items[2]`. */
  path: string;
  expected: unknown;
  /** The actual value; `null` too when the key is missing (then `missing` is set). */
  actual: unknown;
  missing?: true;
}

/**
 * The first place where `actual` does not match `expected`, or undefined when it matches.
 * Subset matching: an object matches when every key it lists matches (recursively; other
 * keys of `actual` are ignored), an array when it has the same length and each element
 * matches, a scalar when equal — numbers by value (`1` equals `1.0`), booleans apart from
 * numbers. Keys are visited in `expected`'s order, so "first" is stable.
 */
export function firstDifference(
  expected: unknown,
  actual: unknown,
  path = '$',
): ExampleDifference | undefined {
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual) || actual.length !== expected.length) return { path, expected, actual };
    for (const [i, item] of expected.entries()) {
      const found = firstDifference(item, actual[i], childPath(path, i));
      if (found) return found;
    }
    return undefined;
  }
  if (isObject(expected)) {
    if (!isObject(actual)) return { path, expected, actual };
    for (const [key, value] of Object.entries(expected)) {
      const at = childPath(path, key);
      if (!Object.hasOwn(actual, key)) return { path: at, expected: value, actual: null, missing: true };
      const found = firstDifference(value, actual[key], at);
      if (found) return found;
    }
    return undefined;
  }
  // Strict equality keeps booleans apart from numbers; 1 and 1.0 are one number in JavaScript.
  return expected === actual ? undefined : { path, expected, actual };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** What an example's run answered: the public endpoint's status and body. */
export interface ExampleAnswer {
  status: number;
  body: unknown;
}

/** The first way `answer` fails the example's `expect`: the status first, then the body. */
export function exampleDifference(
  expect: Example['expect'],
  answer: ExampleAnswer,
): ExampleDifference | undefined {
  const status = expect.status ?? DEFAULT_EXPECTED_STATUS;
  if (answer.status !== status) return { path: 'status', expected: status, actual: answer.status };
  if (expect.body === undefined) return undefined;
  return firstDifference(expect.body, answer.body);
}

/** `$.result.total: expected 82, got 81` (values as JSON, long ones shortened). */
export function describeDifference(diff: ExampleDifference): string {
  const got = diff.missing ? 'nothing (the key is missing)' : showValue(diff.actual);
  return `${diff.path}: expected ${showValue(diff.expected)}, got ${got}`;
}

const SHOW_MAX = 200;

function showValue(value: unknown): string {
  const text = JSON.stringify(value) ?? 'null';
  return text.length <= SHOW_MAX ? text : `${text.slice(0, SHOW_MAX - 1)}…`;
}
