import { describe, expect, it } from 'vitest';
import {
  type EvaluationData,
  evaluateExpression,
  evaluateTemplate,
} from '../../../src/model/expressions/evaluate.js';
import { parseExpression } from '../../../src/model/expressions/parser.js';
import { parseTemplate } from '../../../src/model/expressions/template.js';
import { PATH_CASES, V2_CASES } from '../../fixtures/expression-cases.js';

const data = (input: unknown): EvaluationData => ({ input, trigger: null, nodes: {}, env: {}, secrets: {} });

/** A case's outcome in the shape of the shared table: the value, or `{error: "field 'f': …"}`. */
function outcome(source: string, input: unknown): unknown {
  try {
    return evaluateExpression(parseExpression(source), data(input));
  } catch (error) {
    return { error: `field 'f': ${(error as Error).message}` };
  }
}

describe('the preview evaluator follows the runtime (the table the Python test checks)', () => {
  it.each(PATH_CASES)('%s', (source, input, expected) => {
    expect(outcome(source, input)).toEqual(expected);
  });

  // parseJson's own words come from the JSON parser of each side; only that it fails is shared.
  const own = (expected: unknown) =>
    typeof expected === 'object' &&
    expected !== null &&
    'error' in expected &&
    String((expected as { error: string }).error).includes('parseJson() got a string that is not JSON');

  it.each(V2_CASES.filter(([, , expected]) => !own(expected)))('%s', (source, input, expected) => {
    expect(outcome(source, input)).toEqual(expected);
  });

  it.each(V2_CASES.filter(([, , expected]) => own(expected)))('%s fails as not JSON', (source, input) => {
    expect(outcome(source, input)).toEqual({
      error: expect.stringMatching(/^field 'f': parseJson\(\) got a string that is not JSON \(.+\)$/),
    });
  });

  it('now() is ISO 8601 UTC with milliseconds', () => {
    expect(outcome('now()', {})).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });
});

describe('roots and templates', () => {
  const full: EvaluationData = {
    input: { a: 1 },
    trigger: { userId: 42 },
    nodes: { shape: { user: { id: 42 } } },
    env: { REGION: 'eu' },
    secrets: { API_KEY: '[secret API_KEY]' },
  };

  it('reads every root, and a missing node, env var or secret is null', () => {
    expect(evaluateExpression(parseExpression('trigger.userId'), full)).toBe(42);
    expect(evaluateExpression(parseExpression('nodes.shape.user.id'), full)).toBe(42);
    expect(evaluateExpression(parseExpression('output.shape.user'), full)).toEqual({ id: 42 });
    expect(evaluateExpression(parseExpression('env.REGION'), full)).toBe('eu');
    expect(evaluateExpression(parseExpression('secrets.API_KEY'), full)).toBe('[secret API_KEY]');
    expect(evaluateExpression(parseExpression('nodes.gone.x'), full)).toBeNull();
    expect(evaluateExpression(parseExpression('env.NOPE'), full)).toBeNull();
    expect(evaluateExpression(parseExpression('input.constructor'), full)).toBeNull();
  });

  it('a whole {{ expr }} keeps its type; anything else is text', () => {
    expect(evaluateTemplate(parseTemplate('{{ nodes.shape.user }}'), full)).toEqual({ id: 42 });
    expect(evaluateTemplate(parseTemplate('id={{ trigger.userId }} {{ input.none }}!'), full)).toBe(
      'id=42 !',
    );
    expect(evaluateTemplate(parseTemplate('u: {{ nodes.shape.user }}'), full)).toBe('u: {"id":42}');
    expect(evaluateTemplate(parseTemplate('plain'), full)).toBe('plain');
  });
});
