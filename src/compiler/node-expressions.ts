import type { Expr } from '../model/expressions/ast.js';
import { parseExpression } from '../model/expressions/parser.js';
import { parseTemplate } from '../model/expressions/template.js';
import { nodeDefinition } from '../model/nodes/registry.js';
import type { WorkflowNode } from '../model/workflow.js';
import { parseJsonTemplate } from './python/templates.js';

/** Every expression in a node's config, found by the kinds of its fields. */
export function nodeExpressions(node: WorkflowNode): Expr[] {
  const definition = nodeDefinition(node.type);
  if (definition === undefined) return [];
  const found: Expr[] = [];
  const fromTemplates = (value: unknown): void => {
    if (typeof value === 'string') {
      for (const part of parseTemplate(value).parts) if (part.kind === 'expr') found.push(part.expr);
    } else if (Array.isArray(value)) {
      value.forEach(fromTemplates);
    } else if (value !== null && typeof value === 'object') {
      Object.values(value).forEach(fromTemplates);
    }
  };
  for (const field of definition.fields) {
    const value = node.config[field.key];
    if (value === undefined) continue;
    switch (field.kind) {
      case 'expression':
        if (typeof value === 'string') found.push(parseExpression(value));
        break;
      case 'template':
      case 'template-map':
      case 'template-list':
        fromTemplates(value);
        break;
      case 'json-template':
        if (typeof value === 'string') fromTemplates(parseJsonTemplate(value));
        break;
      default:
        break;
    }
  }
  return found;
}

/** The names of the secrets an expression reads (`secrets.NAME`). */
export function secretsOf(expr: Expr): string[] {
  switch (expr.kind) {
    case 'literal':
      return [];
    case 'path':
      return expr.root === 'secrets' && expr.name !== undefined ? [expr.name] : [];
    case 'compare':
    case 'logical':
      return [...secretsOf(expr.left), ...secretsOf(expr.right)];
    case 'not':
      return secretsOf(expr.operand);
  }
}
