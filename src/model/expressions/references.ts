import type { Expr, Span } from './ast.js';

export interface References {
  /** `nodes.<id>` (and `output.<id>`), with the span of the id. */
  nodes: Array<{ id: string; span: Span }>;
  env: Array<{ name: string; span: Span }>;
  secrets: Array<{ name: string; span: Span }>;
}

/** Every node, env var and secret an expression reads, in source order (repeats kept). */
export function collectReferences(expr: Expr): References {
  const refs: References = { nodes: [], env: [], secrets: [] };
  visit(expr, refs);
  return refs;
}

function visit(expr: Expr, refs: References): void {
  switch (expr.kind) {
    case 'literal':
      return;
    case 'path': {
      const span = expr.nameSpan ?? expr.span;
      if (expr.nodeId !== undefined) refs.nodes.push({ id: expr.nodeId, span });
      else if (expr.root === 'env' && expr.name !== undefined) refs.env.push({ name: expr.name, span });
      else if (expr.root === 'secrets' && expr.name !== undefined)
        refs.secrets.push({ name: expr.name, span });
      return;
    }
    case 'compare':
    case 'logical':
      visit(expr.left, refs);
      visit(expr.right, refs);
      return;
    case 'not':
      visit(expr.operand, refs);
      return;
  }
}
