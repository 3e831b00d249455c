import type { Expr, PathSegment } from './ast.js';

/**
 * An expression as source text that parses back to the same tree, with only the
 * parentheses the grammar needs. For showing expressions (studio, messages, generated
 * comments) in one canonical spelling: `output.x` prints as `nodes.x`, strings and object
 * keys in `"…"`.
 */
export function printExpression(expr: Expr): string {
  return print(expr, LEVEL.conditional);
}

/** Binding strength, loosest first (the parser's precedence); comparisons are never chained. */
const LEVEL = {
  conditional: 1,
  coalesce: 2,
  or: 3,
  and: 4,
  not: 5,
  compare: 6,
  additive: 7,
  multiplicative: 8,
  unary: 9,
  primary: 10,
} as const;
const MEMBER_RE = /^[A-Za-z0-9_-]+$/;

function print(expr: Expr, minLevel: number): string {
  const level = levelOf(expr);
  const text = printBare(expr);
  return level < minLevel ? `(${text})` : text;
}

function printBare(expr: Expr): string {
  switch (expr.kind) {
    case 'literal':
      if (typeof expr.value === 'string') return JSON.stringify(expr.value);
      return Object.is(expr.value, -0) ? '-0' : String(expr.value);
    case 'path': {
      const head = expr.nodeId ?? expr.name;
      const named = head === undefined ? '' : member(head);
      return `${expr.root}${named}${expr.segments.map(segment).join('')}`;
    }
    case 'compare':
      return `${print(expr.left, LEVEL.additive)} ${expr.op} ${print(expr.right, LEVEL.additive)}`;
    case 'logical':
    case 'coalesce': {
      const own = levelOf(expr);
      const op = expr.kind === 'coalesce' ? '??' : expr.op;
      // Left-associative: `a or b or c` is `(a or b) or c`, so only the right side needs a tighter level.
      return `${print(expr.left, own)} ${op} ${print(expr.right, own + 1)}`;
    }
    case 'arithmetic': {
      const own = levelOf(expr);
      return `${print(expr.left, own)} ${expr.op} ${print(expr.right, own + 1)}`;
    }
    case 'not':
      return `not ${print(expr.operand, LEVEL.not)}`;
    case 'negate': {
      // `-5` reads back as the literal -5, so the negation of a number literal keeps its parentheses.
      const { operand } = expr;
      const numberLiteral = operand.kind === 'literal' && typeof operand.value === 'number';
      return `-${numberLiteral && !((operand.value as number) < 0 || Object.is(operand.value, -0)) ? `(${printBare(operand)})` : print(operand, LEVEL.unary)}`;
    }
    case 'conditional':
      return `${print(expr.test, LEVEL.coalesce)} ? ${print(expr.consequent, LEVEL.conditional)} : ${print(expr.alternate, LEVEL.conditional)}`;
    case 'list':
      return `[${expr.items.map((item) => print(item, LEVEL.conditional)).join(', ')}]`;
    case 'object': {
      const entries = expr.entries.map(
        (entry) => `${JSON.stringify(entry.key)}: ${print(entry.value, LEVEL.conditional)}`,
      );
      return `{${entries.join(', ')}}`;
    }
    case 'call':
      return `${expr.name}(${expr.args.map((arg) => print(arg, LEVEL.conditional)).join(', ')})`;
    case 'access': {
      // The parser gives segments to calls and parenthesised expressions only.
      const target = expr.target.kind === 'call' ? printBare(expr.target) : `(${printBare(expr.target)})`;
      return `${target}${expr.segments.map(segment).join('')}`;
    }
  }
}

function levelOf(expr: Expr): number {
  switch (expr.kind) {
    case 'literal':
    case 'path':
    case 'list':
    case 'object':
    case 'call':
    case 'access':
      return LEVEL.primary;
    case 'compare':
      return LEVEL.compare;
    case 'logical':
      return LEVEL[expr.op];
    case 'not':
      return LEVEL.not;
    case 'coalesce':
      return LEVEL.coalesce;
    case 'conditional':
      return LEVEL.conditional;
    case 'arithmetic':
      return expr.op === '+' || expr.op === '-' ? LEVEL.additive : LEVEL.multiplicative;
    case 'negate':
      return LEVEL.unary;
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
