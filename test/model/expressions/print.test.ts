import { describe, expect, it } from 'vitest';
import type { CompareOp, Expr, PathSegment } from '../../../src/model/expressions/ast.js';
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
const NUMBERS = [0, 1, -1, 42, 3.25, -0.5, 1e21, 123456789];
const OPS: CompareOp[] = ['==', '!=', '<', '<=', '>', '>=', 'in'];
const SPAN = { start: 0, end: 0 };

function generate(rng: ReturnType<typeof random>, depth: number): Expr {
  const choice = depth <= 0 ? rng.int(2) : rng.int(5);
  switch (choice) {
    case 0: {
      const value = rng.pick<string | number | boolean | null>([...STRINGS, ...NUMBERS, true, false, null]);
      return { kind: 'literal', value, span: SPAN };
    }
    case 1:
      return generatePath(rng);
    case 2:
      return {
        kind: 'compare',
        op: rng.pick(OPS),
        left: generate(rng, depth - 1),
        right: generate(rng, depth - 1),
        span: SPAN,
      };
    case 3:
      return {
        kind: 'logical',
        op: rng.pick(['and', 'or'] as const),
        left: generate(rng, depth - 1),
        right: generate(rng, depth - 1),
        span: SPAN,
      };
    default:
      return { kind: 'not', operand: generate(rng, depth - 1), span: SPAN };
  }
}

function generatePath(rng: ReturnType<typeof random>): Expr {
  const root = rng.pick(['input', 'trigger', 'nodes', 'env', 'secrets'] as const);
  const segments: PathSegment[] = Array.from({ length: rng.int(3) }, (): PathSegment => {
    const kind = rng.int(3);
    if (kind === 0) return { kind: 'field', name: rng.pick(NAMES), span: SPAN };
    if (kind === 1) return { kind: 'index', index: rng.int(5) - 1, span: SPAN };
    return { kind: 'key', key: rng.pick(KEYS), span: SPAN };
  });
  const path: Expr = { kind: 'path', root, rootSpan: SPAN, segments, span: SPAN };
  if (root === 'nodes') return { ...path, nodeId: rng.pick([...NAMES, 'odd id']), nameSpan: SPAN };
  if (root === 'env' || root === 'secrets')
    return { ...path, name: rng.pick(['LOG_LEVEL', 'API_KEY']), nameSpan: SPAN };
  return path;
}

describe('printExpression', () => {
  it('prints text that parses back to the same tree, for 1,000 generated trees', () => {
    const rng = random(20261121);
    for (let i = 0; i < 1000; i++) {
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
  ];

  it.each(table)('%s → %s', (source, printed) => {
    expect(printExpression(parseExpression(source))).toBe(printed);
  });
});
