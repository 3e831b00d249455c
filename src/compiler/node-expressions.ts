import type { Expr } from '../model/expressions/ast.js';
import { parseExpression } from '../model/expressions/parser.js';
import { collectReferences } from '../model/expressions/references.js';
import { parseTemplate } from '../model/expressions/template.js';
import { walkConfig } from '../model/nodes/sites.js';
import type { WorkflowNode } from '../model/workflow.js';

/** Every expression in a node's config, at the sites the model's walk finds. */
export function nodeExpressions(node: WorkflowNode): Expr[] {
  const found: Expr[] = [];
  for (const site of walkConfig(node).sites) {
    if (site.kind === 'expression') {
      found.push(parseExpression(site.text));
      continue;
    }
    for (const part of parseTemplate(site.text).parts) if (part.kind === 'expr') found.push(part.expr);
  }
  return found;
}

/** The secrets a node reads: its secret fields and every `secrets.NAME` in its expressions. */
export function nodeSecrets(node: WorkflowNode): string[] {
  const named = walkConfig(node).secrets.map((s) => s.name);
  return [...named, ...nodeExpressions(node).flatMap(secretsOf)];
}

/** The names of the secrets an expression reads (`secrets.NAME`). */
export function secretsOf(expr: Expr): string[] {
  return collectReferences(expr).secrets.map((ref) => ref.name);
}
