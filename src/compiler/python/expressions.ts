import type { ArithmeticOp, CompareOp, Expr, PathSegment } from '../../model/expressions/ast.js';
import { childrenOf } from '../../model/expressions/references.js';
import { pyLiteral, pyString } from './escape.js';
import type { Imports } from './imports.js';

const COMPARE_HELPERS: Record<CompareOp, string> = {
  '==': 'rt_eq',
  '!=': 'rt_ne',
  '<': 'rt_lt',
  '<=': 'rt_le',
  '>': 'rt_gt',
  '>=': 'rt_ge',
  in: 'rt_in',
};

const ARITHMETIC_HELPERS: Record<ArithmeticOp, string> = {
  '+': 'rt_add',
  '-': 'rt_sub',
  '*': 'rt_mul',
  '/': 'rt_div',
  '%': 'rt_mod',
};

/**
 * The runtime helper of each library function (model/expressions/functions.ts). `default`
 * is not here: it compiles as `??` does, so its fallback is evaluated only when needed.
 */
const FUNCTION_HELPERS: Record<string, string> = {
  len: 'rt_len',
  lower: 'rt_lower',
  upper: 'rt_upper',
  trim: 'rt_trim',
  split: 'rt_split',
  join: 'rt_join',
  replace: 'rt_replace',
  contains: 'rt_contains',
  startsWith: 'rt_starts_with',
  endsWith: 'rt_ends_with',
  round: 'rt_round',
  floor: 'rt_floor',
  ceil: 'rt_ceil',
  abs: 'rt_abs',
  min: 'rt_min',
  max: 'rt_max',
  sum: 'rt_sum',
  int: 'rt_int',
  float: 'rt_float',
  str: 'rt_text',
  bool: 'rt_truthy',
  keys: 'rt_keys',
  values: 'rt_values',
  json: 'rt_json',
  parseJson: 'rt_parse_json',
  now: 'rt_now',
};

/** Functions whose helper never raises, whatever the arguments. */
const SAFE_FUNCTIONS = new Set(['contains', 'str', 'bool', 'json', 'now', 'default']);

/**
 * A local of the generated function (or of an rt_field lambda) that holds a left operand
 * while `??`, `and` or `or` decide whether to evaluate their right one. Each use reads it
 * right after assigning it, so nested uses cannot disturb one another.
 */
const HELD = '_v';

/**
 * An expression as a Python expression (DESIGN §5), compiled now and never evaluated from
 * text at run time. Names in scope of the generated code: `input` (this node's input) and
 * `context` (the ExecutionContext). Every operation goes through a runtime helper (see
 * runtime/expressions.py for the rules); those of arithmetic and functions may raise
 * ExpressionFailure, so a field holding them is wrapped by `guardField`.
 */
export function compileExpression(expr: Expr, imports: Imports): string {
  const rt = (name: string) => imports.runtime(name);
  const sub = (e: Expr) => compileExpression(e, imports);
  switch (expr.kind) {
    case 'literal':
      return pyLiteral(expr.value);
    case 'path': {
      let code: string;
      switch (expr.root) {
        case 'input':
          code = 'input';
          break;
        case 'trigger':
          code = 'context.trigger';
          break;
        case 'nodes':
          code = `context.output(${pyString(expr.nodeId ?? '')})`;
          break;
        case 'env':
          code = `${rt('rt_env')}(${pyString(expr.name ?? '')})`;
          break;
        case 'secrets':
          code = `${rt('rt_secret')}(${pyString(expr.name ?? '')})`;
          break;
      }
      return withSegments(code, expr.segments, imports);
    }
    case 'access':
      return withSegments(sub(expr.target), expr.segments, imports);
    case 'compare':
      return `${rt(COMPARE_HELPERS[expr.op])}(${sub(expr.left)}, ${sub(expr.right)})`;
    case 'logical': {
      // Eager helpers read best; when the right side could fail, only Python's own
      // short-circuit keeps `input.n != 0 and 10 / input.n > 1` from dividing by zero.
      if (!canFail(expr.right)) {
        return `${rt(expr.op === 'and' ? 'rt_and' : 'rt_or')}(${sub(expr.left)}, ${sub(expr.right)})`;
      }
      const test = `${rt('rt_truthy')}(${HELD} := ${sub(expr.left)})`;
      return expr.op === 'and'
        ? `(${sub(expr.right)} if ${test} else ${HELD})`
        : `(${HELD} if ${test} else ${sub(expr.right)})`;
    }
    case 'not':
      return `${rt('rt_not')}(${sub(expr.operand)})`;
    case 'arithmetic':
      return `${rt(ARITHMETIC_HELPERS[expr.op])}(${sub(expr.left)}, ${sub(expr.right)})`;
    case 'negate':
      return `${rt('rt_neg')}(${sub(expr.operand)})`;
    case 'conditional':
      return `(${sub(expr.consequent)} if ${compileCondition(expr.test, imports)} else ${sub(expr.alternate)})`;
    case 'coalesce':
      return coalesce(expr.left, expr.right, imports);
    case 'list':
      return `[${expr.items.map(sub).join(', ')}]`;
    case 'object':
      return `{${expr.entries.map((entry) => `${pyString(entry.key)}: ${sub(entry.value)}`).join(', ')}}`;
    case 'call': {
      if (expr.name === 'default') return coalesce(expr.args[0]!, expr.args[1]!, imports);
      const helper = FUNCTION_HELPERS[expr.name];
      // The parser admits only the library's functions; this is the compiler's own check.
      if (helper === undefined) throw new Error(`No runtime helper for function '${expr.name}'`);
      return `${rt(helper)}(${expr.args.map(sub).join(', ')})`;
    }
  }
}

/** `left ?? right`: the right side is evaluated only when the left is null, if that matters. */
function coalesce(left: Expr, right: Expr, imports: Imports): string {
  const l = compileExpression(left, imports);
  const r = compileExpression(right, imports);
  if (!canFail(right)) return `${imports.runtime('rt_coalesce')}(${l}, ${r})`;
  return `(${HELD} if (${HELD} := ${l}) is not None else ${r})`;
}

function withSegments(code: string, segments: readonly PathSegment[], imports: Imports): string {
  let out = code;
  for (const segment of segments) out = `${imports.runtime('rt_get')}(${out}, ${segmentKey(segment)})`;
  return out;
}

function segmentKey(segment: PathSegment): string {
  switch (segment.kind) {
    case 'field':
      return pyString(segment.name);
    case 'key':
      return pyString(segment.key);
    case 'index':
      return String(segment.index);
  }
}

/** True when evaluating `expr` may raise ExpressionFailure (arithmetic, most functions). */
export function canFail(expr: Expr): boolean {
  if (expr.kind === 'arithmetic' || expr.kind === 'negate') return true;
  if (expr.kind === 'call' && !SAFE_FUNCTIONS.has(expr.name)) return true;
  return childrenOf(expr).some(canFail);
}

/** A condition: the expression's truthiness as a Python bool. */
export function compileCondition(expr: Expr, imports: Imports): string {
  const code = compileExpression(expr, imports);
  // Comparisons and `not` already give a bool.
  if (expr.kind === 'compare' || expr.kind === 'not') return code;
  if (expr.kind === 'literal' && typeof expr.value === 'boolean') return code;
  return `${imports.runtime('rt_truthy')}(${code})`;
}

/**
 * The code of a config field (`where`: its path, as validation names it, e.g. `fields.total`).
 * When one of its expressions can fail at run time, the code runs inside `rt_field`, so the
 * failure names the field; the executor adds the workflow and the node (DESIGN §5).
 */
export function guardField(code: string, exprs: readonly Expr[], where: string, imports: Imports): string {
  if (!exprs.some(canFail)) return code;
  return `${imports.runtime('rt_field')}(${pyString(where)}, lambda: ${code})`;
}
