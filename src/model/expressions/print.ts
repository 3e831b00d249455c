import type { Expr, PathSegment } from './ast.js';

/**
 * An expression as source text that parses back to the same tree, with only the
 * parentheses the grammar needs. For showing expressions (studio, messages, generated
 * comments) in one canonical spelling: `output.x` prints as `nodes.x`, strings in `"…"`.
 */
export function printExpression(expr: Expr): string {
  return print(expr, 0);
}

/** Binding strength, loosest first; comparisons take only primaries as operands. */
const LEVEL = { or: 1, and: 2, not: 3, compare: 4, primary: 5 } as const;
const MEMBER_RE = /^[A-Za-z0-9_-]+$/;

function print(expr: Expr, minLevel: number): string {
  const level = levelOf(expr);
  const text = printBare(expr);
  return level < minLevel ? `(${text})` : text;
}

function printBare(expr: Expr): string {
  switch (expr.kind) {
    case 'literal':
      return typeof expr.value === 'string' ? JSON.stringify(expr.value) : String(expr.value);
    case 'path': {
      const head = expr.nodeId ?? expr.name;
      const named = head === undefined ? '' : member(head);
      return `${expr.root}${named}${expr.segments.map(segment).join('')}`;
    }
    case 'compare':
      return `${print(expr.left, LEVEL.primary)} ${expr.op} ${print(expr.right, LEVEL.primary)}`;
    case 'logical': {
      const own = LEVEL[expr.op];
      // Left-associative: `a or b or c` is `(a or b) or c`, so only the right side needs a tighter level.
      return `${print(expr.left, own)} ${expr.op} ${print(expr.right, own + 1)}`;
    }
    case 'not':
      return `not ${print(expr.operand, LEVEL.not)}`;
  }
}

function levelOf(expr: Expr): number {
  switch (expr.kind) {
    case 'literal':
    case 'path':
      return LEVEL.primary;
    case 'compare':
      return LEVEL.compare;
    case 'logical':
      return LEVEL[expr.op];
    case 'not':
      return LEVEL.not;
  }
}

function member(name: string): string {
  return MEMBER_RE.test(name) ? `.${name}` : `[${JSON.stringify(name)}]`;
}

function segment(s: PathSegment): string {
  switch (s.kind) {
    case 'field':
      return member(s.name);
    case 'index':
      return `[${s.index}]`;
    case 'key':
      return `[${JSON.stringify(s.key)}]`;
  }
}
