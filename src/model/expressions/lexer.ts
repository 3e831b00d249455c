import type { Span } from './ast.js';
import { errorAt } from './errors.js';

/**
 * Tokens of the expression language (DESIGN §5). Keywords (`and`, `true`, …) are `name`
 * tokens; the parser gives them meaning, so `nodes.in` can still name a node called `in`.
 */
export type Token =
  | { type: 'number'; value: number; text: string; span: Span }
  | { type: 'string'; value: string; text: string; span: Span }
  | { type: 'name'; value: string; text: string; span: Span }
  | { type: 'punct'; value: Punct; text: string; span: Span }
  | { type: 'eof'; text: ''; span: Span };

export type Punct = '.' | '[' | ']' | '(' | ')' | '==' | '!=' | '<' | '<=' | '>' | '>=';

const NUMBER_RE = /-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const NAME_RE = /[A-Za-z_][A-Za-z0-9_]*/y;
// After a `.` a name may look like a node id (ID_RE): digits first and `-` allowed. The
// language has no arithmetic, so `nodes.fetch-user` can only mean the node `fetch-user`.
const MEMBER_RE = /[A-Za-z0-9_-]+/y;
const TWO_CHAR: readonly Punct[] = ['==', '!=', '<=', '>='];
const ONE_CHAR: readonly Punct[] = ['.', '[', ']', '(', ')', '<', '>'];

/** Operators people bring from other languages, and what to write instead. */
const FOREIGN: ReadonlyArray<[string, string]> = [
  ['&&', "write 'and'"],
  ['||', "write 'or'"],
  ['!', "write 'not'"],
  ['=', "write '==' to compare"],
  ['+', 'expressions have no arithmetic; use a code node'],
  ['-', 'expressions have no arithmetic; use a code node'],
  ['*', 'expressions have no arithmetic; use a code node'],
  ['/', 'expressions have no arithmetic; use a code node'],
  ['%', 'expressions have no arithmetic; use a code node'],
];

const ESCAPES: Record<string, string> = {
  n: '\n',
  t: '\t',
  r: '\r',
  b: '\b',
  f: '\f',
  '0': '\0',
  '\\': '\\',
  "'": "'",
  '"': '"',
  '/': '/',
};

export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let pos = 0;
  const match = (re: RegExp): string | undefined => {
    re.lastIndex = pos;
    return re.exec(source)?.[0];
  };
  while (true) {
    while (pos < source.length && /\s/.test(source[pos]!)) pos++;
    if (pos >= source.length) {
      tokens.push({ type: 'eof', text: '', span: { start: pos, end: pos } });
      return tokens;
    }
    const start = pos;
    const ch = source[pos]!;
    const previous = tokens.at(-1);
    const afterDot = previous?.type === 'punct' && previous.value === '.';

    if (afterDot && /[A-Za-z0-9_-]/.test(ch)) {
      const text = match(MEMBER_RE)!;
      pos += text.length;
      tokens.push({ type: 'name', value: text, text, span: { start, end: pos } });
      continue;
    }
    if (ch === '"' || ch === "'") {
      const token = readString(source, start);
      pos = token.span.end;
      tokens.push(token);
      continue;
    }
    const number = /[-0-9]/.test(ch) ? match(NUMBER_RE) : undefined;
    if (number !== undefined) {
      pos += number.length;
      if (/[A-Za-z_]/.test(source[pos] ?? '')) {
        throw errorAt(`Unexpected '${source[pos]}' after the number ${number}`, { start: pos, end: pos + 1 });
      }
      tokens.push({ type: 'number', value: Number(number), text: number, span: { start, end: pos } });
      continue;
    }
    const name = match(NAME_RE);
    if (name !== undefined) {
      pos += name.length;
      tokens.push({ type: 'name', value: name, text: name, span: { start, end: pos } });
      continue;
    }
    const two = source.slice(pos, pos + 2);
    const punct = TWO_CHAR.find((p) => p === two) ?? ONE_CHAR.find((p) => p === ch);
    if (punct !== undefined) {
      pos += punct.length;
      tokens.push({ type: 'punct', value: punct, text: punct, span: { start, end: pos } });
      continue;
    }
    const foreign = FOREIGN.find(([op]) => source.startsWith(op, pos));
    if (foreign) {
      const [op, hint] = foreign;
      throw errorAt(`Unexpected '${op}'`, { start, end: start + op.length }, hint);
    }
    throw errorAt(`Unexpected character '${ch}'`, { start, end: start + 1 });
  }
}

function readString(source: string, start: number): Token & { type: 'string' } {
  const quote = source[start]!;
  let value = '';
  let pos = start + 1;
  while (pos < source.length) {
    const ch = source[pos]!;
    if (ch === quote) {
      pos++;
      return { type: 'string', value, text: source.slice(start, pos), span: { start, end: pos } };
    }
    if (ch !== '\\') {
      value += ch;
      pos++;
      continue;
    }
    const esc = source[pos + 1];
    if (esc === undefined) break;
    if (esc === 'u') {
      const hex = source.slice(pos + 2, pos + 6);
      if (!/^[0-9A-Fa-f]{4}$/.test(hex)) {
        throw errorAt('Expected four hex digits after \\u', { start: pos, end: pos + 2 });
      }
      value += String.fromCharCode(Number.parseInt(hex, 16));
      pos += 6;
      continue;
    }
    const decoded = ESCAPES[esc];
    if (decoded === undefined) {
      throw errorAt(
        `Unknown escape '\\${esc}'`,
        { start: pos, end: pos + 2 },
        "write '\\\\' for a backslash",
      );
    }
    value += decoded;
    pos += 2;
  }
  throw errorAt(`Unterminated string starting`, { start, end: source.length });
}
