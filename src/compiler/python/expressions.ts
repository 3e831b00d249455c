import type { CompareOp, Expr, PathSegment } from '../../model/expressions/ast.js';
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

/**
 * An expression as a Python expression (DESIGN §5), compiled now and never evaluated from
 * text at run time. Names in scope of the generated code: `input` (this node's input) and
 * `context` (the ExecutionContext). Every operation goes through a runtime helper that
 * cannot raise (see runtime/expressions.py for the rules).
 */
export function compileExpression(expr: Expr, imports: Imports): string {
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
          code = `${imports.runtime('rt_env')}(${pyString(expr.name ?? '')})`;
          break;
        case 'secrets':
          code = `${imports.runtime('rt_secret')}(${pyString(expr.name ?? '')})`;
          break;
      }
      for (const segment of expr.segments) {
        code = `${imports.runtime('rt_get')}(${code}, ${segmentKey(segment)})`;
      }
      return code;
    }
    case 'compare': {
      const helper = imports.runtime(COMPARE_HELPERS[expr.op]);
      return `${helper}(${compileExpression(expr.left, imports)}, ${compileExpression(expr.right, imports)})`;
    }
    case 'logical': {
      const helper = imports.runtime(expr.op === 'and' ? 'rt_and' : 'rt_or');
      return `${helper}(${compileExpression(expr.left, imports)}, ${compileExpression(expr.right, imports)})`;
    }
    case 'not':
      return `${imports.runtime('rt_not')}(${compileExpression(expr.operand, imports)})`;
  }
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

/** A condition: the expression's truthiness as a Python bool. */
export function compileCondition(expr: Expr, imports: Imports): string {
  const code = compileExpression(expr, imports);
  // Comparisons and `not` already give a bool.
  if (expr.kind === 'compare' || expr.kind === 'not') return code;
  if (expr.kind === 'literal' && typeof expr.value === 'boolean') return code;
  return `${imports.runtime('rt_truthy')}(${code})`;
}
