import type { Expr, PathSegment, Template } from './ast.js';

/**
 * Evaluates a parsed expression in TypeScript with the semantics of the generated app's
 * runtime (runtime/expressions.py, the README's expressions table): the studio previews a
 * field's value against the last run's data with it. Generated apps never use this — they
 * run the compiled Python. The shared case table (test/fixtures/expression-cases.ts) keeps
 * both sides equal.
 */

/** What an expression can read: this node's input, the trigger, finished nodes' outputs, env and secrets. */
export interface EvaluationData {
  input: unknown;
  trigger: unknown;
  /** Node id → its output. */
  nodes: Readonly<Record<string, unknown>>;
  env: Readonly<Record<string, string>>;
  /** Secret name → what to show for it (a preview shows `[secret NAME]`, never the value). */
  secrets: Readonly<Record<string, string>>;
}

/** An operator or function met values it cannot work with; the message is the runtime's. */
export class EvaluationFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EvaluationFailure';
  }
}

type Json = unknown;

const isObject = (v: Json): v is Record<string, Json> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);
const isNumber = (v: Json): v is number => typeof v === 'number';
const own = (o: object, key: string) => Object.hasOwn(o, key);

/** What a value is, for messages: never the value itself (it may be private). */
function kindOf(v: Json): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'boolean') return 'a boolean';
  if (typeof v === 'number') return 'a number';
  if (typeof v === 'string') return 'a string';
  if (Array.isArray(v)) return 'a list';
  return 'an object';
}

function get(value: Json, key: string | number): Json {
  if (isObject(value)) {
    const k = String(key);
    return own(value, k) ? (value[k] ?? null) : null;
  }
  if (Array.isArray(value) || typeof value === 'string') {
    let index: number;
    if (typeof key === 'string') {
      if (!/^[0-9]+$/.test(key)) return null;
      index = Number(key);
    } else index = key;
    const items = typeof value === 'string' ? Array.from(value) : value;
    if (index < 0 || index >= items.length) return null;
    return items[index] ?? null;
  }
  return null;
}

function walk(value: Json, segments: readonly PathSegment[]): Json {
  let current = value;
  for (const s of segments) {
    current = get(current, s.kind === 'field' ? s.name : s.kind === 'index' ? s.index : s.key);
  }
  return current;
}

/** Python's `==` on JSON values (True == 1 inside lists, as Python has it). */
function looseEqual(a: Json, b: Json): boolean {
  if ((a === null || a === undefined) && (b === null || b === undefined)) return true;
  const numberLike = (v: Json) => typeof v === 'number' || typeof v === 'boolean';
  if (numberLike(a) && numberLike(b)) return Number(a) === Number(b);
  if (typeof a === 'string' || typeof b === 'string') return a === b;
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((item, i) => looseEqual(item, b[i]));
  if (isObject(a) && isObject(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((k) => own(b, k) && looseEqual(a[k], b[k]));
  }
  return false;
}

export function equals(a: Json, b: Json): boolean {
  if ((typeof a === 'boolean') !== (typeof b === 'boolean')) return false;
  return looseEqual(a, b);
}

function comparable(a: Json, b: Json): boolean {
  if (isNumber(a) && isNumber(b)) return !Number.isNaN(a) && !Number.isNaN(b);
  return typeof a === 'string' && typeof b === 'string';
}

function compareOp(op: string, a: Json, b: Json): boolean {
  switch (op) {
    case '==':
      return equals(a, b);
    case '!=':
      return !equals(a, b);
    case 'in':
      return contains(b, a);
  }
  if (!comparable(a, b)) return false;
  const x = a as number | string;
  const y = b as number | string;
  return op === '<' ? x < y : op === '<=' ? x <= y : op === '>' ? x > y : x >= y;
}

function contains(haystack: Json, needle: Json): boolean {
  if (typeof haystack === 'string') return typeof needle === 'string' && haystack.includes(needle);
  if (Array.isArray(haystack)) return haystack.some((item) => equals(needle, item));
  if (isObject(haystack)) return typeof needle === 'string' && own(haystack, needle);
  return false;
}

export function truthy(v: Json): boolean {
  if (v === null || v === undefined || v === false) return false;
  if (isNumber(v)) return v !== 0 && !Number.isNaN(v);
  if (typeof v === 'string' || Array.isArray(v)) return v.length > 0;
  if (isObject(v)) return Object.keys(v).length > 0;
  return true;
}

/** An expression's value spliced into template text: null → "", lists and objects → compact JSON. */
export function toText(v: Json): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean' || typeof v === 'number') return JSON.stringify(v);
  return JSON.stringify(v);
}

const TOO_LARGE = 'the result is too large for a number';
const zeroed = (n: number) => (n === 0 ? 0 : n); // no -0: JSON has none
function finite(n: number): number {
  if (!Number.isFinite(n)) throw new EvaluationFailure(TOO_LARGE);
  return zeroed(n);
}

function numbers(op: string, a: Json, b: Json): [number, number] {
  if (isNumber(a) && isNumber(b)) return [a, b];
  const hint =
    typeof a === 'string' || typeof b === 'string' ? ': convert text with float() or int() first' : '';
  throw new EvaluationFailure(`'${op}' needs two numbers, got ${kindOf(a)} and ${kindOf(b)}${hint}`);
}

function arithmetic(op: string, a: Json, b: Json): Json {
  if (a === null || b === null) return null;
  if (op === '+') {
    if (typeof a === 'string' && typeof b === 'string') return a + b;
    if (Array.isArray(a) && Array.isArray(b)) return [...a, ...b];
    if (!(isNumber(a) && isNumber(b)) && (typeof a === 'string' || typeof b === 'string')) {
      const other = typeof a === 'string' ? b : a;
      throw new EvaluationFailure(
        `'+' cannot join a string and ${kindOf(other)}: write str(x) to join as text, or float(x) to add as numbers`,
      );
    }
  }
  const [x, y] = numbers(op, a, b);
  switch (op) {
    case '+':
      return finite(x + y);
    case '-':
      return finite(x - y);
    case '*':
      return finite(x * y);
    case '/':
      if (y === 0) throw new EvaluationFailure('division by zero');
      return finite(x / y);
    default:
      if (y === 0) throw new EvaluationFailure("division by zero (in '%')");
      return finite(x % y);
  }
}

function negate(v: Json): Json {
  if (v === null) return null;
  if (!isNumber(v)) throw new EvaluationFailure(`'-' needs a number, got ${kindOf(v)}`);
  return zeroed(-v);
}

function str(fn: string, v: Json, what = 'a string'): string {
  if (typeof v !== 'string') throw new EvaluationFailure(`${fn}() takes ${what}, got ${kindOf(v)}`);
  return v;
}

function num(fn: string, v: Json): number {
  if (!isNumber(v)) throw new EvaluationFailure(`${fn}() takes a number, got ${kindOf(v)}`);
  if (!Number.isFinite(v)) throw new EvaluationFailure(`${fn}() takes a finite number`);
  return v;
}

const NUMBER_TEXT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

function parseNumber(fn: string, text: string): number {
  const t = text.trim();
  if (!NUMBER_TEXT.test(t)) {
    throw new EvaluationFailure(
      `${fn}() cannot read a number from the string (write digits, like 42 or 3.5)`,
    );
  }
  return finite(Number(t));
}

/** Half away from zero on the number as written (its shortest decimal form): round(1.005, 2) = 1.01. */
function roundHalfAway(n: number, digits: number): number {
  if (Number.isInteger(n) && digits >= 0) return n;
  const shift = (value: number, by: number) => {
    const [mantissa, exponent = '0'] = String(value).split('e');
    return Number(`${mantissa}e${Number(exponent) + by}`);
  };
  const rounded = shift(Math.round(shift(Math.abs(n), digits)), -digits);
  return zeroed(n < 0 ? -rounded : rounded);
}

function extreme(fn: string, args: Json[], pick: (a: number, b: number) => boolean): Json {
  const items = args.length === 1 && Array.isArray(args[0]) ? (args[0] as Json[]) : args;
  const present = items.filter((item) => item !== null && item !== undefined);
  if (present.length === 0) return null;
  if (present.every(isNumber) || present.every((i) => typeof i === 'string')) {
    return present.reduce((best, item) => (pick(item as number, best as number) ? item : best));
  }
  const kinds = [...new Set(present.map(kindOf))].sort();
  throw new EvaluationFailure(`${fn}() compares numbers or strings, not ${kinds.join(' and ')}`);
}

function toNumber(fn: string, v: Json): number | null {
  if (v === null) return null;
  if (typeof v === 'boolean') return v ? 1 : 0;
  return typeof v === 'string' ? parseNumber(fn, v) : num(fn, v);
}

type Fn = (args: Json[]) => Json;

const nullOr =
  (fn: (v: Json, ...rest: Json[]) => Json): Fn =>
  ([v, ...rest]) =>
    v === null ? null : fn(v, ...rest);

const LIBRARY: Readonly<Record<string, Fn>> = {
  len: nullOr((v) => {
    if (typeof v === 'string') return Array.from(v).length;
    if (Array.isArray(v)) return v.length;
    if (isObject(v)) return Object.keys(v).length;
    throw new EvaluationFailure(`len() takes a string, a list or an object, got ${kindOf(v)}`);
  }),
  lower: nullOr((v) => str('lower', v).toLowerCase()),
  upper: nullOr((v) => str('upper', v).toUpperCase()),
  trim: nullOr((v) => str('trim', v).trim()),
  split: nullOr((v, sep) => {
    const text = str('split', v);
    const s = str('split', sep, 'a string as the separator');
    return s === '' ? Array.from(text) : text.split(s);
  }),
  join: nullOr((v, sep) => {
    if (!Array.isArray(v)) throw new EvaluationFailure(`join() takes a list, got ${kindOf(v)}`);
    const s = str('join', sep, 'a string as the separator');
    return v.map(toText).join(s);
  }),
  replace: nullOr((v, old, next) => {
    const text = str('replace', v);
    const find = str('replace', old, 'a string to find');
    const put = str('replace', next, 'a string to put in');
    return text.replaceAll(find, () => put);
  }),
  contains: ([haystack, needle]) => contains(haystack, needle),
  startsWith: ([v, prefix]) =>
    v === null ? false : str('startsWith', v).startsWith(str('startsWith', prefix, 'a string as the prefix')),
  endsWith: ([v, suffix]) =>
    v === null ? false : str('endsWith', v).endsWith(str('endsWith', suffix, 'a string as the suffix')),
  round: nullOr((v, digits = 0) => {
    const n = num('round', v);
    if (typeof digits !== 'number' || !Number.isInteger(digits)) {
      throw new EvaluationFailure(`round() takes a whole number of digits, got ${kindOf(digits)}`);
    }
    return roundHalfAway(n, digits);
  }),
  floor: nullOr((v) => Math.floor(num('floor', v))),
  ceil: nullOr((v) => zeroed(Math.ceil(num('ceil', v)))),
  abs: nullOr((v) => Math.abs(num('abs', v))),
  min: (args) => extreme('min', args, (a, b) => a < b),
  max: (args) => extreme('max', args, (a, b) => a > b),
  sum: nullOr((v) => {
    if (!Array.isArray(v)) throw new EvaluationFailure(`sum() takes a list, got ${kindOf(v)}`);
    let total = 0;
    for (const item of v) {
      if (item === null) continue;
      if (!isNumber(item))
        throw new EvaluationFailure(`sum() adds numbers, but the list holds ${kindOf(item)}`);
      total += item;
    }
    return finite(total);
  }),
  int: ([v]) => {
    const n = toNumber('int', v);
    return n === null ? null : zeroed(Math.trunc(n));
  },
  float: ([v]) => toNumber('float', v),
  str: ([v]) => toText(v),
  bool: ([v]) => truthy(v),
  keys: nullOr((v) => {
    if (!isObject(v)) throw new EvaluationFailure(`keys() takes an object, got ${kindOf(v)}`);
    return Object.keys(v);
  }),
  values: nullOr((v) => {
    if (!isObject(v)) throw new EvaluationFailure(`values() takes an object, got ${kindOf(v)}`);
    return Object.values(v);
  }),
  json: ([v]) => JSON.stringify(v ?? null),
  parseJson: ([v]) => {
    if (typeof v !== 'string') return v;
    try {
      return JSON.parse(v) as Json;
    } catch (error) {
      throw new EvaluationFailure(`parseJson() got a string that is not JSON (${(error as Error).message})`);
    }
  },
  now: () => new Date().toISOString(),
};

/** The value of `expr` against `data`; an EvaluationFailure when the runtime would fail too. */
export function evaluateExpression(expr: Expr, data: EvaluationData): Json {
  const ev = (e: Expr) => evaluateExpression(e, data);
  switch (expr.kind) {
    case 'literal':
      return expr.value;
    case 'path': {
      let base: Json;
      if (expr.root === 'input') base = data.input;
      else if (expr.root === 'trigger') base = data.trigger;
      else if (expr.root === 'nodes')
        base = expr.nodeId !== undefined && own(data.nodes, expr.nodeId) ? data.nodes[expr.nodeId] : null;
      else {
        const table = expr.root === 'env' ? data.env : data.secrets;
        base = expr.name !== undefined && own(table, expr.name) ? table[expr.name] : null;
      }
      return walk(base ?? null, expr.segments);
    }
    case 'compare':
      return compareOp(expr.op, ev(expr.left), ev(expr.right));
    case 'logical': {
      const left = ev(expr.left);
      if (expr.op === 'and') return truthy(left) ? ev(expr.right) : left;
      return truthy(left) ? left : ev(expr.right);
    }
    case 'not':
      return !truthy(ev(expr.operand));
    case 'arithmetic':
      return arithmetic(expr.op, ev(expr.left), ev(expr.right));
    case 'negate':
      return negate(ev(expr.operand));
    case 'conditional':
      return truthy(ev(expr.test)) ? ev(expr.consequent) : ev(expr.alternate);
    case 'coalesce': {
      const left = ev(expr.left);
      return left === null ? ev(expr.right) : left;
    }
    case 'list':
      return expr.items.map(ev);
    case 'object':
      return Object.fromEntries(expr.entries.map((entry) => [entry.key, ev(entry.value)]));
    case 'call': {
      if (expr.name === 'default') {
        // As `??`: the fallback is evaluated only when needed.
        const value = ev(expr.args[0]!);
        return value === null ? ev(expr.args[1]!) : value;
      }
      const fn = LIBRARY[expr.name];
      if (!fn) throw new EvaluationFailure(`unknown function ${expr.name}()`);
      return fn(expr.args.map(ev));
    }
    case 'access':
      return walk(ev(expr.target), expr.segments);
  }
}

/** A template's value: a whole `{{ expr }}` keeps its type, anything else is text. */
export function evaluateTemplate(template: Template, data: EvaluationData): Json {
  if (template.whole && template.parts[0]?.kind === 'expr')
    return evaluateExpression(template.parts[0].expr, data);
  return template.parts
    .map((part) => (part.kind === 'text' ? part.text : toText(evaluateExpression(part.expr, data))))
    .join('');
}
