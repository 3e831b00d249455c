import { describe, expect, it } from 'vitest';
import type { ArithmeticOp, CompareOp, Expr, PathSegment } from '../../../src/model/expressions/ast.js';
import { FUNCTIONS } from '../../../src/model/expressions/functions.js';
import { parseExpression } from '../../../src/model/expressions/parser.js';
import { printExpression } from '../../../src/model/expressions/print.js';

/** Drops spans, so trees from different spellings can be compared. */
function strip(expr: Expr): unknown {
  return JSON.parse(
    JSON.stringify(expr, (key, value) => (key === 'span' || key.endsWith('Span') ? undefined : value)),
  );
}

/** A small seeded generator (mulberry32): the same trees on every run. */
function random(seed: number) {
  let state = seed;
  const next = () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)]!;
  return { int, pick };
}

const NAMES = ['a', 'user_id', 'fetch-user', '2nd', 'and', 'in', 'x1'];
const KEYS = ['a b', 'content-type', 'quote"d', "it's", 'line\nbreak', 'tab\t', '}}', 'é ✓', ''];
const STRINGS = ['', 'plain', 'with "double"', "with 'single'", 'back\\slash', '{{ not a template }}', 'ünï'];
const NUMBERS = [0, 1, -1, 42, 3.25, -0.5, 1e21, 123456789, -0, 1e-7];
const OPS: CompareOp[] = ['==', '!=', '<', '<=', '>', '>=', 'in'];
const SPAN = { start: 0, end: 0 };

const ARITHMETIC: ArithmeticOp[] = ['+', '-', '*', '/', '%'];
const OBJECT_KEYS = ['k', 'a b', 'and', '', 'quote"d', '}}'];

/** Random trees over the whole grammar; every call is of a library function with an allowed count. */
function generate(rng: ReturnType<typeof random>, depth: number): Expr {
  const choice = depth <= 0 ? rng.int(2) : rng.int(14);
  const sub = () => generate(rng, depth - 1);
  switch (choice) {
    case 0: {
      const value = rng.pick<string | number | boolean | null>([...STRINGS, ...NUMBERS, true, false, null]);
      return { kind: 'literal', value, span: SPAN };
    }
    case 1:
      return generatePath(rng);
    case 2:
      return { kind: 'compare', op: rng.pick(OPS), left: sub(), right: sub(), span: SPAN };
    case 3:
      return { kind: 'logical', op: rng.pick(['and', 'or'] as const), left: sub(), right: sub(), span: SPAN };
    case 4:
      return { kind: 'not', operand: sub(), span: SPAN };
    case 5:
    case 6:
      return { kind: 'arithmetic', op: rng.pick(ARITHMETIC), left: sub(), right: sub(), span: SPAN };
    case 7:
      return { kind: 'negate', operand: sub(), span: SPAN };
    case 8:
      return { kind: 'conditional', test: sub(), consequent: sub(), alternate: sub(), span: SPAN };
    case 9:
      return { kind: 'coalesce', left: sub(), right: sub(), span: SPAN };
    case 10:
      return { kind: 'list', items: Array.from({ length: rng.int(4) }, sub), span: SPAN };
    case 11: {
      const keys = [...new Set(Array.from({ length: rng.int(4) }, () => rng.pick(OBJECT_KEYS)))];
      const entries = keys.map((key) => ({ key, keySpan: SPAN, value: sub() }));
      return { kind: 'object', entries, span: SPAN };
    }
    case 12:
      return generateCall(rng, depth);
    default: {
      const target = rng.int(2) === 0 ? generateCall(rng, depth) : sub();
      const segments = generateSegments(rng, 1 + rng.int(2));
      return { kind: 'access', target, segments, span: SPAN };
    }
  }
}

function generateCall(rng: ReturnType<typeof random>, depth: number): Expr {
  const fn = rng.pick([...FUNCTIONS.values()]);
  const max = Math.min(fn.maxArgs, fn.minArgs + 2);
  const count = fn.minArgs + rng.int(max - fn.minArgs + 1);
  const args = Array.from({ length: count }, () => generate(rng, depth - 1));
  return { kind: 'call', name: fn.name, nameSpan: SPAN, args, span: SPAN };
}

function generateSegments(rng: ReturnType<typeof random>, count: number): PathSegment[] {
  return Array.from({ length: count }, (): PathSegment => {
    const kind = rng.int(3);
    if (kind === 0) return { kind: 'field', name: rng.pick(NAMES), span: SPAN };
    if (kind === 1) return { kind: 'index', index: rng.int(5) - 1, span: SPAN };
    return { kind: 'key', key: rng.pick(KEYS), span: SPAN };
  });
}

function generatePath(rng: ReturnType<typeof random>): Expr {
  const root = rng.pick(['input', 'trigger', 'nodes', 'env', 'secrets'] as const);
  const segments = generateSegments(rng, rng.int(3));
  const path: Expr = { kind: 'path', root, rootSpan: SPAN, segments, span: SPAN };
  if (root === 'nodes') return { ...path, nodeId: rng.pick([...NAMES, 'odd id']), nameSpan: SPAN };
  if (root === 'env' || root === 'secrets')
    return { ...path, name: rng.pick(['LOG_LEVEL', 'API_KEY']), nameSpan: SPAN };
  return path;
}

describe('printExpression', () => {
  it('prints text that parses back to the same tree, for 3,000 generated trees', () => {
    const rng = random(20261121);
    for (let i = 0; i < 3000; i++) {
      const expr = generate(rng, 4);
      const text = printExpression(expr);
      expect(strip(parseExpression(text)), text).toEqual(strip(expr));
    }
  });

  it('is a fixed point on its own output', () => {
    const rng = random(7);
    for (let i = 0; i < 300; i++) {
      const text = printExpression(generate(rng, 4));
      expect(printExpression(parseExpression(text))).toBe(text);
    }
  });

  const table: Array<[string, string]> = [
    ['input.a and (input.b or input.c)', 'input.a and (input.b or input.c)'],
    ['(input.a and input.b) or input.c', 'input.a and input.b or input.c'],
    ['((input.a))', 'input.a'],
    ['not (input.a == 1)', 'not input.a == 1'],
    ['(not input.a) == true', '(not input.a) == true'],
    ['not (input.a and input.b)', 'not (input.a and input.b)'],
    ["output['my-id'].x", 'nodes.my-id.x'],
    ['nodes["odd id"]["a b"][0]', 'nodes["odd id"]["a b"][0]'],
    ["'it\\'s'", '"it\'s"'],
    ['"x" not in input.tags', 'not "x" in input.tags'],
    ['input.a or (input.b or input.c)', 'input.a or (input.b or input.c)'],
    ['-(5)', '-(5)'],
    ['- 5', '-5'],
    ['-(-0)', '--0'],
    ['- (1 + 2)', '-(1 + 2)'],
    ['(-input.a) * -2', '-input.a * -2'],
    ['1 - (2 - 3)', '1 - (2 - 3)'],
    ['(1 - 2) - 3', '1 - 2 - 3'],
    ['(1 + 2) * 3 % 4', '(1 + 2) * 3 % 4'],
    ['(input.a + 1) > 2', 'input.a + 1 > 2'],
    ['(1 == 2) == 3', '(1 == 2) == 3'],
    ['(input.a ?? input.b) ?? 1', 'input.a ?? input.b ?? 1'],
    ['input.a ?? (input.b ?? 1)', 'input.a ?? (input.b ?? 1)'],
    ['(1 ? 2 : 3) ? 4 : 5', '(1 ? 2 : 3) ? 4 : 5'],
    ['1 ? 2 : (3 ? 4 : 5)', '1 ? 2 : 3 ? 4 : 5'],
    ["{a: 1, 'b c': [1,2]}", '{"a": 1, "b c": [1, 2]}'],
    ['(input.a).b', '(input.a).b'],
    ["split(input.s, ',')[0]", 'split(input.s, ",")[0]'],
    ['output.x ?? default(input.y, now())', 'nodes.x ?? default(input.y, now())'],
  ];

  it.each(table)('%s → %s', (source, printed) => {
    expect(printExpression(parseExpression(source))).toBe(printed);
  });
});
