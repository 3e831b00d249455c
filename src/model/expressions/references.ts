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
  if (expr.kind === 'path') {
    const span = expr.nameSpan ?? expr.span;
    if (expr.nodeId !== undefined) refs.nodes.push({ id: expr.nodeId, span });
    else if (expr.root === 'env' && expr.name !== undefined) refs.env.push({ name: expr.name, span });
    else if (expr.root === 'secrets' && expr.name !== undefined) refs.secrets.push({ name: expr.name, span });
    return;
  }
  for (const child of childrenOf(expr)) visit(child, refs);
}

/** The expressions directly inside `expr`, in source order. */
export function childrenOf(expr: Expr): Expr[] {
  switch (expr.kind) {
    case 'literal':
    case 'path':
      return [];
    case 'compare':
    case 'logical':
    case 'arithmetic':
    case 'coalesce':
      return [expr.left, expr.right];
    case 'not':
    case 'negate':
      return [expr.operand];
    case 'conditional':
      return [expr.test, expr.consequent, expr.alternate];
    case 'list':
      return expr.items;
    case 'object':
      return expr.entries.map((entry) => entry.value);
    case 'call':
      return expr.args;
    case 'access':
      return [expr.target];
  }
}
