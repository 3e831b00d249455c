/**
 * The one way user text becomes Python source (DESIGN §7): a double-quoted string literal
 * whose content is exactly the input. Security: everything that could end the literal or
 * the line (quotes, backslashes, line breaks) is escaped, as is every character a Python
 * tokenizer or a UTF-8 encoder could trip on (controls, NUL, lone surrogates, line and
 * paragraph separators, BOM), so any text yields a literal that compiles to that text.
 */
export function pyString(text: string): string {
  let out = '"';
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    // A surrogate pair is one printable character; a lone surrogate is escaped below.
    if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        const pair = text.slice(i, i + 2);
        out += isPrintable(pair) ? pair : `\\U${text.codePointAt(i)!.toString(16).padStart(8, '0')}`;
        i++;
        continue;
      }
    }
    out += escapeUnit(text[i]!, unit);
  }
  return `${out}"`;
}

const SIMPLE: Record<string, string> = {
  '"': '\\"',
  '\\': '\\\\',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
};

function escapeUnit(ch: string, unit: number): string {
  const simple = SIMPLE[ch];
  if (simple !== undefined) return simple;
  if (unit >= 0x20 && unit < 0x7f) return ch;
  if (unit < 0x100 && !isPrintable(ch)) return `\\x${hex(unit, 2)}`;
  if (isPrintable(ch)) return ch;
  return `\\u${hex(unit, 4)}`;
}

/** Letters, marks, numbers, punctuation, symbols and the plain space: safe to write as is. */
function isPrintable(ch: string): boolean {
  return /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u.test(ch);
}

function hex(value: number, width: number): string {
  return value.toString(16).padStart(width, '0');
}

/**
 * A JSON-like value (from a node's config) as a Python literal: None/True/False, numbers,
 * strings through `pyString`, lists and dicts in their original order.
 */
export function pyLiteral(value: unknown): string {
  if (value === null || value === undefined) return 'None';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'number') return pyNumber(value);
  if (typeof value === 'string') return pyString(value);
  if (Array.isArray(value)) return `[${value.map(pyLiteral).join(', ')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    return `{${entries.map(([k, v]) => `${pyString(k)}: ${pyLiteral(v)}`).join(', ')}}`;
  }
  throw new Error(`Cannot write ${typeof value} as a Python literal`);
}

/** A finite number as Python writes it; integers stay integers (`1`, not `1.0`). */
export function pyNumber(value: number): string {
  if (!Number.isFinite(value)) throw new Error(`Cannot write ${value} as a Python number`);
  if (Number.isInteger(value) && Math.abs(value) < 1e21) return BigInt(value).toString();
  // JS writes 1e21 / 1.5e-7; Python reads both forms.
  return String(value);
}
