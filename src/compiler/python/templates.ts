import { parseTemplate } from '../../model/expressions/template.js';
import { childPath } from '../../model/json-path.js';
import { jsonTemplateOf } from '../../model/nodes/sites.js';
import { pyLiteral, pyString } from './escape.js';
import { compileExpression, guardField } from './expressions.js';
import type { Imports } from './imports.js';

/**
 * A string template (DESIGN §5) as a Python expression: exactly one `{{ expr }}` keeps the
 * value's type; otherwise text parts (escaped) and `rt_text(value)` joined with `+`.
 * `field` is where the template sits in the node's config (`url`, `fields.total`): a
 * run-time failure of its expressions names it.
 */
export function compileTemplate(text: string, imports: Imports, field: string): string {
  const template = parseTemplate(text);
  const exprs = template.parts.flatMap((part) => (part.kind === 'expr' ? [part.expr] : []));
  const only = template.parts[0];
  if (template.whole && only?.kind === 'expr') {
    return guardField(compileExpression(only.expr, imports), exprs, field, imports);
  }
  const pieces = template.parts.map((part) =>
    part.kind === 'text'
      ? pyString(part.text)
      : `${imports.runtime('rt_text')}(${compileExpression(part.expr, imports)})`,
  );
  if (pieces.length === 0) return '""';
  return guardField(pieces.join(' + '), exprs, field, imports);
}

/**
 * A JSON value whose strings are templates (template-map, template-list, json-template);
 * `path` is the value's place in the config, extended for each key and index.
 */
export function compileTemplateValue(value: unknown, imports: Imports, path: string): string {
  if (typeof value === 'string') return compileTemplate(value, imports, path);
  if (Array.isArray(value)) {
    return `[${value.map((v, i) => compileTemplateValue(v, imports, childPath(path, i))).join(', ')}]`;
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).map(
      ([key, v]) => `${pyString(key)}: ${compileTemplateValue(v, imports, childPath(path, key))}`,
    );
    return `{${entries.join(', ')}}`;
  }
  return pyLiteral(value);
}

/**
 * A json-template field (DESIGN §5, decided by the model's `jsonTemplateOf`): JSON text is
 * parsed now and each string in it is a template; a JSON value from the file is the
 * template itself; `{{ expr }}` alone is the value with its type. `absent` when there is none.
 */
export function compileJsonTemplate(value: unknown, imports: Imports, absent: string, field: string): string {
  const template = jsonTemplateOf(value);
  // Validation refuses invalid JSON text; taken as one string template it still compiles.
  if (template.kind === 'invalid') return compileTemplate(String(value), imports, field);
  return template.kind === 'absent' ? absent : compileTemplateValue(template.value, imports, field);
}
