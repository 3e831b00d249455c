import { parseTemplate } from '../../model/expressions/template.js';
import { pyLiteral, pyString } from './escape.js';
import { compileExpression } from './expressions.js';
import type { Imports } from './imports.js';

/**
 * A string template (DESIGN §5) as a Python expression: exactly one `{{ expr }}` keeps the
 * value's type; otherwise text parts (escaped) and `rt_text(value)` joined with `+`.
 */
export function compileTemplate(text: string, imports: Imports): string {
  const template = parseTemplate(text);
  const only = template.parts[0];
  if (template.whole && only?.kind === 'expr') return compileExpression(only.expr, imports);
  const pieces = template.parts.map((part) =>
    part.kind === 'text'
      ? pyString(part.text)
      : `${imports.runtime('rt_text')}(${compileExpression(part.expr, imports)})`,
  );
  if (pieces.length === 0) return '""';
  return pieces.join(' + ');
}

/** A JSON value whose strings are templates (template-map, template-list, json-template). */
export function compileTemplateValue(value: unknown, imports: Imports): string {
  if (typeof value === 'string') return compileTemplate(value, imports);
  if (Array.isArray(value)) return `[${value.map((v) => compileTemplateValue(v, imports)).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).map(
      ([key, v]) => `${pyString(key)}: ${compileTemplateValue(v, imports)}`,
    );
    return `{${entries.join(', ')}}`;
  }
  return pyLiteral(value);
}

/**
 * A json-template field: the JSON text is parsed now, then each string in it is a
 * template. Text that is not JSON is taken as one string template, so `{{ input }}` passes
 * the value itself.
 */
export function compileJsonTemplate(text: string, imports: Imports): string {
  return compileTemplateValue(jsonOrText(text), imports);
}

function jsonOrText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
