import { didYouMean } from '../near-miss.js';
import {
  type CompareOp,
  type Expr,
  ExpressionError,
  type ObjectEntry,
  PATH_ROOTS,
  type PathRoot,
  type PathSegment,
  type Span,
} from './ast.js';
import { errorAt } from './errors.js';
import { FUNCTIONS } from './functions.js';
import { Lexer, type Punct, type Token } from './lexer.js';

/**
 * The expression language of DESIGN §5, by recursive descent. Precedence, loosest first
 * (Python's order, with JavaScript's `?:` and `??` around it):
 *
 *   expr           := coalesce ( '?' expr ':' expr )?         right-associative
 *   coalesce       := or ( '??' or )*
 *   or             := and ( 'or' and )*
 *   and            := not ( 'and' not )*
 *   not            := 'not' not | comparison
 *   comparison     := additive ( (== != < <= > >= in | not in) additive )?   never chained
 *   additive       := multiplicative ( ('+' | '-') multiplicative )*
 *   multiplicative := unary ( ('*' | '/' | '%') unary )*
 *   unary          := '-' unary | primary                 '-' before a number: a negative literal
 *   primary        := path | ( call | '(' expr ')' ) segment* | literal | list | object
 *   path           := root segment*
 *   segment        := '.' name | '[' integer ']' | '[' string ']'
 *   call           := function '(' ( expr ( ',' expr )* )? ')'   only the library's functions
 *   list           := '[' ( expr ( ',' expr )* )? ']'
 *   object         := '{' ( key ':' expr ( ',' key ':' expr )* )? '}'   key: string or name
 *
 * `output` is accepted as an alias of `nodes`. `nodes`, `env` and `secrets` must be followed
 * by the node id / variable name, which the AST keeps apart from the segments after it.
 */
export function parseExpression(source: string): Expr {
  return remember(expressions, source, parseFresh);
}

/**
 * Parsed trees by their source text. Validation and the compiler both parse every expression of
 * a project, and a project repeats many (`input.id`, `nodes.fetch.output`): each is parsed once.
 * Trees are never mutated by their readers, so sharing them is safe. Failures are not kept
 * (they throw, and are rare). Bounded: cleared when full, so a long-running server cannot grow.
 */
const expressions = new Map<string, Expr>();
export const PARSE_CACHE_LIMIT = 20_000;

export function remember<T>(cache: Map<string, T>, text: string, parse: (text: string) => T): T {
  const hit = cache.get(text);
  if (hit !== undefined) return hit;
  const value = parse(text);
  if (cache.size >= PARSE_CACHE_LIMIT) cache.clear();
  cache.set(text, value);
  return value;
}

function parseFresh(source: string): Expr {
  if (source.trim() === '') {
    throw errorAt('Empty expression', { start: 0, end: source.length }, 'write one, e.g. input.amount > 100');
  }
  const parser = new Parser(new Lexer(source));
  const expr = parser.parseExpr();
  parser.expectEnd();
  return expr;
}

const KEYWORDS = new Set(['and', 'or', 'not', 'in', 'true', 'false', 'null']);
const COMPARE_OPS: readonly string[] = ['==', '!=', '<', '<=', '>', '>='];
const ROOT_LIST = 'use input, trigger, nodes, env or secrets';
const FUNCTION_LIST = `the functions are ${[...FUNCTIONS.keys()].join(', ')}`;
/** Functions people know from JavaScript or Python, and ours. */
const FOREIGN_FUNCTIONS: Record<string, string> = {
  length: 'len',
  parseInt: 'int',
  parseFloat: 'float',
  Number: 'float',
  String: 'str',
  Boolean: 'bool',
  toUpperCase: 'upper',
  toLowerCase: 'lower',
  includes: 'contains',
  stringify: 'json',
  coalesce: 'default',
};
/** Literals people write in Python or JSON-ish styles, and the spelling we use. */
const LITERAL_SPELLINGS: Record<string, string> = {
  True: 'true',
  False: 'false',
  None: 'null',
  TRUE: 'true',
  FALSE: 'false',
  NULL: 'null',
  Null: 'null',
  undefined: 'null',
  nil: 'null',
};

class Parser {
  private pos = 0;
  /** Tokens read so far; the lexer is asked for more only as the parser looks ahead. */
  private readonly tokens: Token[] = [];

  constructor(private readonly lexer: Lexer) {}

  /** `test ? consequent : alternate`, or anything binding tighter. */
  parseExpr(): Expr {
    const test = this.parseCoalesce();
    if (!this.isPunct('?')) return test;
    const question = this.advance();
    const consequent = this.operand(question, () => this.parseExpr());
    const colon = this.peek();
    if (!this.isPunct(':')) {
      throw errorAt(
        colon.type === 'eof' ? "Expected ':' after 'cond ? value'" : `Unexpected ${describe(colon)}`,
        colon.span,
        'write cond ? value : otherwise',
      );
    }
    this.pos++;
    const alternate = this.operand(colon, () => this.parseExpr());
    return { kind: 'conditional', test, consequent, alternate, span: join(test.span, alternate.span) };
  }

  expectEnd(): void {
    const token = this.peek();
    if (token.type === 'eof') return;
    if (this.isPunct(')')) throw errorAt("Unexpected ')'", token.span, "there is no '(' to close");
    if (this.isPunct(':')) throw errorAt("Unexpected ':'", token.span, 'write cond ? value : otherwise');
    throw errorAt(
      `Unexpected ${describe(token)}`,
      token.span,
      'expected an operator or the end of the expression',
    );
  }

  private parseCoalesce(): Expr {
    let left = this.parseOr();
    while (this.isPunct('??')) {
      const op = this.advance();
      const right = this.operand(op, () => this.parseOr());
      left = { kind: 'coalesce', left, right, span: join(left.span, right.span) };
    }
    return left;
  }

  private parseOr(): Expr {
    let left = this.parseAnd();
    while (this.isKeyword('or')) {
      const op = this.advance();
      const right = this.operand(op, () => this.parseAnd());
      left = { kind: 'logical', op: 'or', left, right, span: join(left.span, right.span) };
    }
    return left;
  }

  private parseAnd(): Expr {
    let left = this.parseNot();
    while (this.isKeyword('and')) {
      const op = this.advance();
      const right = this.operand(op, () => this.parseNot());
      left = { kind: 'logical', op: 'and', left, right, span: join(left.span, right.span) };
    }
    return left;
  }

  private parseNot(): Expr {
    if (!this.isKeyword('not')) return this.parseComparison();
    const op = this.advance();
    const operand = this.operand(op, () => this.parseNot());
    return { kind: 'not', operand, span: join(op.span, operand.span) };
  }

  private parseComparison(): Expr {
    const left = this.parseAdditive();
    const negated = this.isNotIn();
    const op = this.compareOp();
    if (op === undefined && !negated) return left;
    const opToken = negated ? this.peekAt(1) : this.peek();
    this.pos += negated ? 2 : 1;
    const right = this.operand(opToken, () => this.parseAdditive(), negated ? "'not in'" : undefined);
    const next = this.peek();
    if (this.compareOp() !== undefined || this.isNotIn()) {
      throw errorAt(`Comparisons cannot be chained`, next.span, "join them with 'and'");
    }
    const compare: Expr = {
      kind: 'compare',
      op: negated ? 'in' : op!,
      left,
      right,
      span: join(left.span, right.span),
    };
    // `a not in b` is `not (a in b)`; the AST needs no operator of its own for it.
    return negated ? { kind: 'not', operand: compare, span: compare.span } : compare;
  }

  private parseAdditive(): Expr {
    let left = this.parseMultiplicative();
    while (this.isPunct('+') || this.isPunct('-')) {
      const op = this.advance() as Token & { type: 'punct' };
      const right = this.operand(op, () => this.parseMultiplicative());
      const arithmetic = op.value as '+' | '-';
      left = { kind: 'arithmetic', op: arithmetic, left, right, span: join(left.span, right.span) };
    }
    return left;
  }

  private parseMultiplicative(): Expr {
    let left = this.parseUnary();
    while (this.isPunct('*') || this.isPunct('/') || this.isPunct('%')) {
      const op = this.advance() as Token & { type: 'punct' };
      const right = this.operand(op, () => this.parseUnary());
      const arithmetic = op.value as '*' | '/' | '%';
      left = { kind: 'arithmetic', op: arithmetic, left, right, span: join(left.span, right.span) };
    }
    return left;
  }

  private parseUnary(): Expr {
    if (!this.isPunct('-')) return this.parsePrimary();
    const minus = this.advance();
    const next = this.peek();
    // `-5` is the number -5, as it was before there was arithmetic; `-(5)` is a negation.
    if (next.type === 'number') {
      this.pos++;
      return this.noSegments({ kind: 'literal', value: -next.value, span: join(minus.span, next.span) });
    }
    const operand = this.operand(minus, () => this.parseUnary());
    return { kind: 'negate', operand, span: join(minus.span, operand.span) };
  }

  private parsePrimary(): Expr {
    const token = this.peek();
    if (token.type === 'number' || token.type === 'string') {
      this.pos++;
      return this.noSegments({ kind: 'literal', value: token.value, span: token.span });
    }
    if (this.isPunct('(')) {
      this.pos++;
      if (this.peek().type === 'eof') {
        throw errorAt("Unclosed '('", token.span, "add an expression and ')'");
      }
      const inner = this.parseExpr();
      const close = this.peek();
      if (!this.isPunct(')')) {
        if (close.type === 'eof') throw errorAt("Unclosed '('", token.span, "add ')'");
        throw errorAt(`Unexpected ${describe(close)}`, close.span, "expected ')' to close '('");
      }
      this.pos++;
      return this.withSegments({ ...inner, span: join(token.span, close.span) });
    }
    if (this.isPunct('[')) return this.noSegments(this.parseList());
    if (this.isPunct('{')) return this.noSegments(this.parseObject());
    if (token.type === 'name') {
      if (token.value === 'true' || token.value === 'false') {
        this.pos++;
        return this.noSegments({ kind: 'literal', value: token.value === 'true', span: token.span });
      }
      if (token.value === 'null') {
        this.pos++;
        return this.noSegments({ kind: 'literal', value: null, span: token.span });
      }
      if (KEYWORDS.has(token.value)) {
        throw errorAt(`Expected an expression before '${token.value}'`, token.span);
      }
      const next = this.peekAt(1);
      if (next.type === 'punct' && next.value === '(') return this.withSegments(this.parseCall());
      if (FUNCTIONS.has(token.value) && !(PATH_ROOTS as readonly string[]).includes(token.value)) {
        throw errorAt(
          `'${token.value}' is a function`,
          token.span,
          `call it: ${FUNCTIONS.get(token.value)!.signature}`,
        );
      }
      return this.parsePath();
    }
    if (token.type === 'eof') throw errorAt('Expected an expression', token.span);
    throw errorAt(`Expected an expression, found ${describe(token)}`, token.span);
  }

  /** `[a, b]`; the `[` is the current token. */
  private parseList(): Expr {
    const open = this.advance();
    const items: Expr[] = [];
    const close = this.parseSequence(open, ']', () => items.push(this.parseExpr()));
    return { kind: 'list', items, span: join(open.span, close.span) };
  }

  /** `{"key": value, name: value}`; the `{` is the current token. Keys are unique. */
  private parseObject(): Expr {
    const open = this.advance();
    const entries: ObjectEntry[] = [];
    const close = this.parseSequence(open, '}', () => {
      const key = this.peek();
      if (key.type !== 'string' && key.type !== 'name') {
        throw errorAt(
          key.type === 'eof' ? "Unclosed '{'" : `Expected a key, found ${describe(key)}`,
          key.type === 'eof' ? open.span : key.span,
          'write {"key": value}',
        );
      }
      if (entries.some((entry) => entry.key === key.value)) {
        throw errorAt(`Duplicate key ${JSON.stringify(key.value)}`, key.span, 'each key may appear once');
      }
      this.pos++;
      const colon = this.peek();
      if (!this.isPunct(':')) {
        throw errorAt(
          `Expected ':' after the key ${JSON.stringify(key.value)}`,
          colon.span,
          'write {"key": value}',
        );
      }
      this.pos++;
      const value = this.operand(colon, () => this.parseExpr());
      entries.push({ key: key.value, keySpan: key.span, value });
    });
    return { kind: 'object', entries, span: join(open.span, close.span) };
  }

  /** A function call; the name is the current token and `(` the next. */
  private parseCall(): Expr {
    const name = this.advance() as Token & { type: 'name' };
    const open = this.advance();
    const fn = FUNCTIONS.get(name.value);
    if (fn === undefined) {
      if (name.value === 'output' || (PATH_ROOTS as readonly string[]).includes(name.value)) {
        throw errorAt(`'${name.value}' is not a function`, name.span, FUNCTION_LIST);
      }
      const known = FOREIGN_FUNCTIONS[name.value];
      const suggestion =
        known === undefined ? didYouMean(name.value, FUNCTIONS.keys()) : ` (did you mean '${known}'?)`;
      throw errorAt(`Unknown function '${name.value}'`, name.span, `${FUNCTION_LIST}${suggestion}`);
    }
    const args: Expr[] = [];
    const close = this.parseSequence(open, ')', () => args.push(this.parseExpr()));
    const span = join(name.span, close.span);
    if (args.length < fn.minArgs || args.length > fn.maxArgs) {
      throw errorAt(
        `${fn.name}() takes ${arity(fn.minArgs, fn.maxArgs)}, got ${args.length}`,
        span,
        `write ${fn.signature}`,
      );
    }
    return { kind: 'call', name: fn.name, nameSpan: name.span, args, span };
  }

  /** Items separated by commas up to `close`; `open` (already read) names the bracket in errors. */
  private parseSequence(open: Token, close: ']' | '}' | ')', item: () => void): Token {
    if (this.isPunct(close)) return this.advance();
    for (;;) {
      const start = this.peek();
      if (start.type === 'eof') throw errorAt(`Unclosed '${open.text}'`, open.span, `add '${close}'`);
      item();
      const next = this.peek();
      if (this.isPunct(close)) return this.advance();
      if (this.isPunct(',')) {
        this.pos++;
        continue;
      }
      if (next.type === 'eof') throw errorAt(`Unclosed '${open.text}'`, open.span, `add '${close}'`);
      throw errorAt(`Unexpected ${describe(next)}`, next.span, `expected ',' or '${close}'`);
    }
  }

  private parsePath(): Expr {
    const rootToken = this.advance() as Token & { type: 'name' };
    const root = rootOf(rootToken);
    const path: Expr & { kind: 'path' } = {
      kind: 'path',
      root,
      rootSpan: rootToken.span,
      segments: [],
      span: rootToken.span,
    };
    if (root === 'nodes' || root === 'env' || root === 'secrets') {
      const named = this.parseSegment();
      const value =
        named === undefined
          ? undefined
          : named.kind === 'field'
            ? named.name
            : named.kind === 'key'
              ? named.key
              : undefined;
      if (named === undefined || value === undefined) {
        const what = root === 'nodes' ? 'a node id' : root === 'env' ? 'an env var name' : 'a secret name';
        const example =
          root === 'nodes' ? 'nodes.lookup' : root === 'env' ? 'env.LOG_LEVEL' : 'secrets.API_KEY';
        throw errorAt(
          `Expected ${what} after '${rootToken.value}'`,
          named?.span ?? this.peek().span,
          `e.g. ${example}`,
        );
      }
      if (root === 'nodes') path.nodeId = value;
      else path.name = value;
      path.nameSpan = named.span;
      path.span = join(path.span, named.span);
    }
    for (let segment = this.parseSegment(); segment !== undefined; segment = this.parseSegment()) {
      path.segments.push(segment);
      path.span = join(path.span, segment.span);
    }
    return path;
  }

  /** One `.name`, `[index]` or `["key"]`, or undefined when none follows. */
  private parseSegment(): PathSegment | undefined {
    const token = this.peek();
    if (token.type !== 'punct') return undefined;
    if (token.value === '.') {
      this.pos++;
      const name = this.peek();
      if (name.type !== 'name') throw errorAt("Expected a field name after '.'", name.span);
      this.pos++;
      return { kind: 'field', name: name.value, span: name.span };
    }
    if (token.value !== '[') return undefined;
    this.pos++;
    let inner = this.peek();
    const minus = inner.type === 'punct' && inner.value === '-' ? inner : undefined;
    if (minus) {
      this.pos++;
      inner = this.peek();
    }
    let segment: PathSegment;
    if (inner.type === 'string' && !minus) {
      segment = { kind: 'key', key: inner.value, span: inner.span };
    } else if (inner.type === 'number' && Number.isInteger(inner.value) && /^\d+$/.test(inner.text)) {
      const index = minus ? -inner.value : inner.value;
      segment = { kind: 'index', index, span: join(minus?.span ?? inner.span, inner.span) };
    } else if (inner.type === 'number') {
      const text = `${minus ? '-' : ''}${inner.text}`;
      throw errorAt(`Index ${text} is not a whole number`, join(minus?.span ?? inner.span, inner.span));
    } else {
      throw errorAt(`Expected a number or a quoted key after '['`, inner.span, 'e.g. [0] or ["name"]');
    }
    this.pos++;
    const close = this.peek();
    if (!this.isPunct(']')) {
      throw errorAt("Expected ']' to close '['", close.span);
    }
    this.pos++;
    return { ...segment, span: join(token.span, close.span) };
  }

  /** Segments after a call or a parenthesised expression: `split(input.s, ",")[0]`. */
  private withSegments(target: Expr): Expr {
    const segments: PathSegment[] = [];
    let span = target.span;
    for (let segment = this.parseSegment(); segment !== undefined; segment = this.parseSegment()) {
      segments.push(segment);
      span = join(span, segment.span);
    }
    return segments.length === 0 ? target : { kind: 'access', target, segments, span };
  }

  /** Literals take no segments: `'a'.b` is a mistake, said plainly. */
  private noSegments(expr: Expr): Expr {
    const token = this.peek();
    if (token.type === 'punct' && (token.value === '.' || token.value === '[')) {
      throw errorAt(
        `Unexpected '${token.value}'`,
        token.span,
        'a literal has no fields; paths, function calls and (parenthesised expressions) do',
      );
    }
    return expr;
  }

  /** The right-hand side of an operator, with an error naming the operator when it is missing. */
  private operand(op: Token, parse: () => Expr, label = `'${op.text}'`): Expr {
    const next = this.peek();
    if (next.type === 'eof' || (next.type === 'punct' && [')', ']', '}', ',', ':'].includes(next.value))) {
      throw errorAt(`Expected an expression after ${label}`, next.span);
    }
    if (next.type === 'name' && (next.value === 'and' || next.value === 'or' || next.value === 'in')) {
      throw errorAt(`Expected an expression after ${label}, found '${next.value}'`, next.span);
    }
    return parse();
  }

  private compareOp(): CompareOp | undefined {
    const token = this.peek();
    if (token.type === 'punct' && COMPARE_OPS.includes(token.value)) return token.value as CompareOp;
    if (token.type === 'name' && token.value === 'in') return 'in';
    return undefined;
  }

  private isNotIn(): boolean {
    const next = this.peekAt(1);
    return this.isKeyword('not') && next.type === 'name' && next.value === 'in';
  }

  private isKeyword(word: string): boolean {
    const token = this.peek();
    return token.type === 'name' && token.value === word;
  }

  private isPunct(value: Punct): boolean {
    const token = this.peek();
    return token.type === 'punct' && token.value === value;
  }

  private peek(): Token {
    return this.peekAt(0);
  }

  private peekAt(ahead: number): Token {
    while (this.tokens.length <= this.pos + ahead && this.tokens.at(-1)?.type !== 'eof') {
      this.tokens.push(this.lexer.next());
    }
    return this.tokens[Math.min(this.pos + ahead, this.tokens.length - 1)]!;
  }

  private advance(): Token {
    const token = this.peek();
    if (token.type !== 'eof') this.pos++;
    return token;
  }
}

/** `1 argument`, `1 or 2 arguments`, `at least 1 argument`, `no arguments`. */
function arity(min: number, max: number): string {
  const count = (n: number) => `${n} argument${n === 1 ? '' : 's'}`;
  if (max === Number.POSITIVE_INFINITY) return `at least ${count(min)}`;
  if (max === 0) return 'no arguments';
  if (min === max) return count(min);
  return `${min} or ${count(max)}`;
}

function rootOf(token: Token & { type: 'name' }): PathRoot {
  if (token.value === 'output') return 'nodes';
  if ((PATH_ROOTS as readonly string[]).includes(token.value)) return token.value as PathRoot;
  const literal = LITERAL_SPELLINGS[token.value];
  const suffix =
    literal === undefined ? didYouMean(token.value, PATH_ROOTS) : ` (for the literal, write ${literal})`;
  throw new ExpressionError(`Unknown root '${token.value}': ${ROOT_LIST}${suffix}`, token.span);
}

function describe(token: Token): string {
  if (token.type === 'eof') return 'end of expression';
  return `'${token.text}'`;
}

function join(a: Span, b: Span): Span {
  return { start: Math.min(a.start, b.start), end: Math.max(a.end, b.end) };
}

/** An error as two or three lines for a terminal: the message, the source line and a caret under the span. */
export function formatExpressionError(source: string, err: ExpressionError): string {
  const lineStart = err.span.start === 0 ? 0 : source.lastIndexOf('\n', err.span.start - 1) + 1;
  const newline = source.indexOf('\n', lineStart);
  const lineEnd = newline === -1 ? source.length : newline;
  const line = source.slice(lineStart, lineEnd);
  const column = Math.min(err.span.start, lineEnd) - lineStart;
  const width = Math.max(1, Math.min(err.span.end, lineEnd) - Math.max(err.span.start, lineStart));
  return `${err.message}\n  ${line}\n  ${' '.repeat(column)}${'^'.repeat(width)}`;
}
