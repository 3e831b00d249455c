import { ExpressionError, type Template, type TemplatePart } from './ast.js';
import { errorAt, shiftError } from './errors.js';
import { parseExpression, remember } from './parser.js';

/**
 * Splits a template string into text and `{{ expr }}` parts (DESIGN §5). A `}}` inside a
 * quoted string of the expression does not close it, so `{{ input.a == "}}" }}` works.
 * Every error's span (and the position in its message) is relative to `text`.
 */
export function parseTemplate(text: string): Template {
  return remember(templates, text, parseFresh);
}

/** Parsed templates by their text; see the expression cache in parser.ts. */
const templates = new Map<string, Template>();

function parseFresh(text: string): Template {
  const parts: TemplatePart[] = [];
  let pos = 0;
  while (pos < text.length) {
    const open = text.indexOf('{{', pos);
    if (open === -1) {
      parts.push({ kind: 'text', text: text.slice(pos) });
      break;
    }
    if (open > pos) parts.push({ kind: 'text', text: text.slice(pos, open) });
    const innerStart = open + 2;
    const close = findClose(text, innerStart);
    if (close === -1) {
      throw errorAt("Unterminated '{{'", { start: open, end: text.length }, "close it with '}}'");
    }
    const inner = text.slice(innerStart, close);
    const source = inner.trim();
    if (source === '') {
      throw errorAt(
        "Empty '{{ }}'",
        { start: open, end: close + 2 },
        'put an expression inside, e.g. {{ input.name }}',
      );
    }
    const offset = innerStart + (inner.length - inner.trimStart().length);
    try {
      parts.push({ kind: 'expr', expr: parseExpression(source), source, offset });
    } catch (err) {
      throw err instanceof ExpressionError ? shiftError(err, offset) : err;
    }
    pos = close + 2;
  }
  const whole = parts.length === 1 && parts[0]!.kind === 'expr';
  return { parts, whole };
}

/** True when the text holds `{{` at all — such text must then parse as a template. */
export function templateHasExpressions(text: string): boolean {
  return text.includes('{{');
}

/**
 * Index of the `}}` that closes a `{{` whose expression starts at `from`, skipping quoted
 * strings and the braces of object literals, so `{{ {"a": {"b": 1}} }}` closes at the end.
 * When a quote or a brace is never closed, the first `}}` closes it, so the expression
 * parser can report the mistake at its exact place.
 */
function findClose(text: string, from: number): number {
  let pos = from;
  let depth = 0;
  while (pos < text.length) {
    const ch = text[pos]!;
    if (ch === '}' && depth > 0) depth--;
    else if (ch === '}' && text[pos + 1] === '}') return pos;
    else if (ch === '{') depth++;
    if (ch === '"' || ch === "'") {
      const end = stringEnd(text, pos);
      if (end === -1) return text.indexOf('}}', from);
      pos = end;
      continue;
    }
    pos++;
  }
  // Unbalanced braces: the first `}}` closes, and the expression parser says what is wrong.
  return text.indexOf('}}', from);
}

/** Index just past the closing quote of the string starting at `start`, or -1. */
function stringEnd(text: string, start: number): number {
  const quote = text[start];
  for (let pos = start + 1; pos < text.length; pos++) {
    if (text[pos] === '\\') pos++;
    else if (text[pos] === quote) return pos + 1;
  }
  return -1;
}
