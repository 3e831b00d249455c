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

export type Punct =
  | '.'
  | '['
  | ']'
  | '('
  | ')'
  | '{'
  | '}'
  | ','
  | ':'
  | '?'
  | '??'
  | '+'
  | '-'
  | '*'
  | '/'
  | '%'
  | '=='
  | '!='
  | '<'
  | '<='
  | '>'
  | '>=';

// No sign: `-` is an operator; the parser folds `-` before a number into a negative literal.
const NUMBER_RE = /\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const NAME_RE = /[A-Za-z_][A-Za-z0-9_]*/y;
// After a `.` a name may look like a node id (ID_RE): digits first and `-` allowed, so
// `nodes.fetch-user` names the node `fetch-user`. Subtraction after a path therefore needs
// spaces: `input.a - 1` (`input.a-1` reads the field `a-1`), as the README says.
const MEMBER_RE = /[A-Za-z0-9_-]+/y;
const TWO_CHAR: readonly Punct[] = ['==', '!=', '<=', '>=', '??'];
const ONE_CHAR: readonly Punct[] = [
  '.',
  '[',
  ']',
  '(',
  ')',
  '{',
  '}',
  ',',
  ':',
  '?',
  '+',
  '-',
  '*',
  '/',
  '%',
  '<',
  '>',
];

/**
 * Operators people bring from other languages, and what to write instead. Those that begin
 * with a character of our own operators (`**`, `//`, `?.`, `{{`) are looked for first.
 */
const FOREIGN_BEFORE: ReadonlyArray<[string, string]> = [
  ['{{', 'write the expression without {{ }}'],
  ['**', 'there is no power operator; multiply, or use a code node'],
  ['//', 'for whole-number division write floor(a / b)'],
  ['?.', 'paths are already safe on missing values: write a.b'],
];
const FOREIGN: ReadonlyArray<[string, string]> = [
  ['&&', "write 'and'"],
  ['||', "write 'or'"],
  ['!', "write 'not'"],
  ['=', "write '==' to compare"],
  ['&', "write 'and'"],
  ['|', "write 'or'"],
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

/**
 * Hands out tokens one at a time, so the parser meets the first mistake in reading order:
 * in `a and and ,` the doubled `and` is reported, not the comma after it.
 */
export class Lexer {
  private pos = 0;
  private previous: Token | undefined;

  constructor(private readonly source: string) {}

  next(): Token {
    const token = this.read();
    this.previous = token;
    return token;
  }

  private read(): Token {
    const { source } = this;
    while (this.pos < source.length && /\s/.test(source[this.pos]!)) this.pos++;
    const start = this.pos;
    if (start >= source.length) return { type: 'eof', text: '', span: { start, end: start } };
    const ch = source[start]!;
    const afterDot = this.previous?.type === 'punct' && this.previous.value === '.';

    if (afterDot && /[A-Za-z0-9_-]/.test(ch)) {
      const text = this.match(MEMBER_RE)!;
      return { type: 'name', value: text, text, span: this.take(text) };
    }
    if (ch === '"' || ch === "'") {
      const token = readString(source, start);
      this.pos = token.span.end;
      return token;
    }
    const number = /[0-9]/.test(ch) ? this.match(NUMBER_RE) : undefined;
    if (number !== undefined) {
      const span = this.take(number);
      if (/[A-Za-z_]/.test(source[this.pos] ?? '')) {
        throw errorAt(`Unexpected '${source[this.pos]}' after the number ${number}`, {
          start: this.pos,
          end: this.pos + 1,
        });
      }
      const value = Number(number);
      if (!Number.isFinite(value)) throw errorAt(`The number ${number} is too large`, span);
      return { type: 'number', value, text: number, span };
    }
    const name = this.match(NAME_RE);
    if (name !== undefined) return { type: 'name', value: name, text: name, span: this.take(name) };
    const early = FOREIGN_BEFORE.find(([op]) => source.startsWith(op, start));
    if (early) {
      const [op, hint] = early;
      throw errorAt(`Unexpected '${op}'`, { start, end: start + op.length }, hint);
    }
    const two = source.slice(start, start + 2);
    const punct = TWO_CHAR.find((p) => p === two) ?? ONE_CHAR.find((p) => p === ch);
    if (punct !== undefined) return { type: 'punct', value: punct, text: punct, span: this.take(punct) };
    const foreign = FOREIGN.find(([op]) => source.startsWith(op, start));
    if (foreign) {
      const [op, hint] = foreign;
      throw errorAt(`Unexpected '${op}'`, { start, end: start + op.length }, hint);
    }
    throw errorAt(`Unexpected character '${ch}'`, { start, end: start + 1 });
  }

  private match(re: RegExp): string | undefined {
    re.lastIndex = this.pos;
    return re.exec(this.source)?.[0];
  }

  /** Consumes `text` at the current position and returns its span. */
  private take(text: string): { start: number; end: number } {
    const start = this.pos;
    this.pos += text.length;
    return { start, end: this.pos };
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
