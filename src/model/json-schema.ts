import { z } from 'zod';
import { childPath } from './json-path.js';

/**
 * Typed workflows (DESIGN §12): `inputSchema` / `outputSchema` hold JSON Schema 2020-12,
 * the subset below. This file is the one definition of that subset: which keywords exist,
 * what makes a schema invalid, the problem messages, and an evaluator with the exact
 * semantics of the Python validators the compiler emits (defaults and call inputs are
 * checked with it at validation time; the compiler takes its messages from here, so the
 * studio and the generated app say the same words).
 */

export const SCHEMA_TYPES = ['array', 'boolean', 'integer', 'null', 'number', 'object', 'string'] as const;
export type SchemaType = (typeof SCHEMA_TYPES)[number];

export const SCHEMA_FORMATS = ['email', 'uri', 'date', 'date-time', 'uuid'] as const;
export type SchemaFormat = (typeof SCHEMA_FORMATS)[number];

export const SUPPORTED_KEYWORDS = [
  'type',
  'properties',
  'required',
  'additionalProperties',
  'items',
  'enum',
  'const',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'minLength',
  'maxLength',
  'pattern',
  'minItems',
  'maxItems',
  'format',
  'title',
  'description',
  'default',
] as const;

export interface JsonSchema {
  type?: SchemaType | SchemaType[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean;
  items?: JsonSchema;
  enum?: unknown[];
  const?: unknown;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  minItems?: number;
  maxItems?: number;
  format?: SchemaFormat;
  title?: string;
  description?: string;
  default?: unknown;
}

/**
 * The zod schema of a workflow's `inputSchema` / `outputSchema`: any JSON object here; the
 * keyword rules are `jsonSchemaIssues`, run by validation (src/model/validate/json-schema-rules.ts),
 * so one file reports every bad keyword with its own path and words.
 */
export const jsonSchemaSchema = z.custom<JsonSchema>(
  (value) => value !== null && typeof value === 'object' && !Array.isArray(value),
  { message: 'A JSON Schema must be an object, e.g. {"type": "object", "properties": {}}' },
);

/** A problem inside a schema: the segments below the schema's own place, and what is wrong. */
export interface SchemaIssue {
  path: Array<string | number>;
  message: string;
}

// ---------------------------------------------------------------------------------------
// Messages: the generated app uses these same words (the compiler copies them in).

export const SCHEMA_MESSAGES = {
  /** Followed at run time by the value's JSON type (`json_kind`). */
  typePrefix: (types: readonly SchemaType[]) => `must be of type ${types.join(' or ')}, not `,
  required: 'required property is missing',
  additional: 'property not allowed (additionalProperties is false)',
  enum: (values: readonly unknown[]) => `must be one of ${values.map(showJson).join(', ')}`,
  const: (value: unknown) => `must be ${showJson(value)}`,
  minimum: (n: number) => `must be at least ${n}`,
  maximum: (n: number) => `must be at most ${n}`,
  exclusiveMinimum: (n: number) => `must be greater than ${n}`,
  exclusiveMaximum: (n: number) => `must be less than ${n}`,
  minLength: (n: number) => `must be at least ${n} character${n === 1 ? '' : 's'} long`,
  maxLength: (n: number) => `must be at most ${n} character${n === 1 ? '' : 's'} long`,
  minItems: (n: number) => `must have at least ${n} item${n === 1 ? '' : 's'}`,
  maxItems: (n: number) => `must have at most ${n} item${n === 1 ? '' : 's'}`,
  pattern: (p: string) => `must match the pattern ${JSON.stringify(p)}`,
  format: {
    email: 'must be an email address',
    uri: 'must be a URI with a scheme, e.g. https://example.com',
    date: 'must be a date like 2026-01-05',
    'date-time': 'must be a date-time like 2026-01-05T10:00:00Z',
    uuid: 'must be a UUID',
  } satisfies Record<SchemaFormat, string>,
} as const;

function showJson(value: unknown): string {
  return JSON.stringify(value) ?? 'null';
}

/**
 * Format checks: a simple full-match regex each (the generated app precompiles the same
 * patterns in runtime/schema.py); date and date-time are also checked as real calendar dates.
 */
export const FORMAT_PATTERNS: Record<SchemaFormat, string> = {
  email: '[^@\\s]+@[^@\\s]+\\.[^@\\s]+',
  uri: '[A-Za-z][A-Za-z0-9+.-]*:[^\\s]+',
  date: '[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])',
  'date-time':
    '[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])[Tt ]([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\\.[0-9]+)?([Zz]|[+-]([01][0-9]|2[0-3]):[0-5][0-9])',
  uuid: '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}',
};

// ---------------------------------------------------------------------------------------
// Is the schema itself valid?

const KEYWORD_SET: ReadonlySet<string> = new Set(SUPPORTED_KEYWORDS);
const TYPE_SET: ReadonlySet<string> = new Set(SCHEMA_TYPES);
const NUMBER_KEYWORDS = ['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum'] as const;
const COUNT_KEYWORDS = ['minLength', 'maxLength', 'minItems', 'maxItems'] as const;
const RANGES = [
  ['minimum', 'maximum'],
  ['minLength', 'maxLength'],
  ['minItems', 'maxItems'],
] as const;

/** Every reason `schema` is not a schema of the supported subset, with its path below the schema. */
export function jsonSchemaIssues(schema: unknown): SchemaIssue[] {
  const issues: SchemaIssue[] = [];
  checkSchema(schema, [], issues);
  return issues;
}

function checkSchema(schema: unknown, path: Array<string | number>, issues: SchemaIssue[]): void {
  const add = (key: string | number | undefined, message: string) =>
    issues.push({ path: key === undefined ? path : [...path, key], message });
  if (schema === null || typeof schema !== 'object' || Array.isArray(schema)) {
    add(undefined, `A JSON Schema must be an object, e.g. {"type": "string"}, not ${kindOf(schema)}`);
    return;
  }
  const s = schema as Record<string, unknown>;
  const before = issues.length;
  for (const key of Object.keys(s)) {
    if (!KEYWORD_SET.has(key))
      add(key, `Unsupported JSON Schema keyword '${key}'; supported: ${SUPPORTED_KEYWORDS.join(', ')}`);
  }
  if ('type' in s) {
    const t = s['type'];
    const list = Array.isArray(t) ? t : [t];
    const ok =
      list.length > 0 &&
      list.every((x) => typeof x === 'string' && TYPE_SET.has(x)) &&
      new Set(list).size === list.length;
    if (!ok)
      add(
        'type',
        `'type' must be one of ${SCHEMA_TYPES.join(', ')}, or a list of them without repeats, not ${showJson(t)}`,
      );
  }
  if ('properties' in s) {
    const props = s['properties'];
    if (props === null || typeof props !== 'object' || Array.isArray(props))
      add(
        'properties',
        `'properties' must be an object mapping property names to schemas, not ${kindOf(props)}`,
      );
    else
      for (const [name, sub] of Object.entries(props as Record<string, unknown>))
        checkSchema(sub, [...path, 'properties', name], issues);
  }
  if ('required' in s) {
    const req = s['required'];
    if (!Array.isArray(req))
      add('required', `'required' must be a list of property names, not ${kindOf(req)}`);
    else {
      const seen = new Set<string>();
      req.forEach((name, i) => {
        if (typeof name !== 'string')
          issues.push({
            path: [...path, 'required', i],
            message: `'required' must list property names (strings), not ${kindOf(name)}`,
          });
        else if (seen.has(name))
          issues.push({ path: [...path, 'required', i], message: `'${name}' is listed twice in 'required'` });
        else seen.add(name);
      });
    }
  }
  if ('additionalProperties' in s && typeof s['additionalProperties'] !== 'boolean')
    add(
      'additionalProperties',
      `'additionalProperties' must be true or false (a schema there is not supported), not ${kindOf(s['additionalProperties'])}`,
    );
  if ('items' in s) {
    if (Array.isArray(s['items']))
      add('items', `'items' must be one schema for every item (a list of schemas is not supported)`);
    else checkSchema(s['items'], [...path, 'items'], issues);
  }
  if ('enum' in s && (!Array.isArray(s['enum']) || s['enum'].length === 0))
    add('enum', `'enum' must be a non-empty list of the allowed values, not ${kindOf(s['enum'])}`);
  for (const key of NUMBER_KEYWORDS)
    if (key in s && (typeof s[key] !== 'number' || !Number.isFinite(s[key])))
      add(key, `'${key}' must be a number, not ${kindOf(s[key])}`);
  for (const key of COUNT_KEYWORDS)
    if (key in s && !(typeof s[key] === 'number' && Number.isInteger(s[key]) && (s[key] as number) >= 0))
      add(key, `'${key}' must be a whole number of at least 0, not ${kindOf(s[key])}`);
  for (const [low, high] of RANGES) {
    const [a, b] = [s[low], s[high]];
    if (typeof a === 'number' && typeof b === 'number' && a > b)
      add(high, `'${low}' (${a}) is greater than '${high}' (${b}): no value could pass`);
  }
  if ('pattern' in s) {
    const p = s['pattern'];
    if (typeof p !== 'string') add('pattern', `'pattern' must be a string, not ${kindOf(p)}`);
    else {
      const problem = patternProblem(p);
      if (problem) add('pattern', problem);
    }
  }
  if (
    'format' in s &&
    !(typeof s['format'] === 'string' && (SCHEMA_FORMATS as readonly string[]).includes(s['format']))
  )
    add('format', `Unsupported format ${showJson(s['format'])}; supported: ${SCHEMA_FORMATS.join(', ')}`);
  for (const key of ['title', 'description'] as const)
    if (key in s && typeof s[key] !== 'string') add(key, `'${key}' must be a string, not ${kindOf(s[key])}`);
  // A default is only checked against a schema that is itself fine.
  if ('default' in s && issues.length === before) {
    for (const problem of valueProblems(s as JsonSchema, s['default']))
      add('default', `'default' does not match its own schema: ${problem.path} ${problem.message}`);
  }
}

function kindOf(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return `the string ${JSON.stringify(value)}`;
  return String(value);
}

// ---------------------------------------------------------------------------------------
// Patterns: one portable subset that JavaScript (with the u flag) and Python's `re` read alike.

export const PATTERN_SUBSET =
  'literals, ., [classes] with ranges, (groups), (?:…), lookaheads (?=…) (?!…), quantifiers * + ? {n} {n,} {n,m} (also lazy), ^ $ |, and the escapes \\d \\D \\w \\W \\s \\S \\b \\B \\n \\r \\t \\f \\v \\xHH \\uHHHH or a backslash before punctuation';

/** Why `pattern` is not a portable regular expression, or undefined when it is one. */
export function patternProblem(pattern: string): string | undefined {
  const intro = `Pattern ${JSON.stringify(pattern)}`;
  try {
    new RegExp(pattern, 'u');
  } catch (err) {
    const reason =
      err instanceof Error ? err.message.replace(/^Invalid regular expression: \/.*\/u?: /s, '') : '';
    return `${intro} is not a valid regular expression (${reason})`;
  }
  const reason = portabilityProblem(pattern);
  return reason === undefined
    ? undefined
    : `${intro} is outside the portable regex subset that means the same in JavaScript and Python (${reason}); use ${PATTERN_SUBSET}`;
}

const CLASS_ESCAPES = 'dDwWsSnrtfv';

function portabilityProblem(p: string): string | undefined {
  let i = 0;
  const skipEscape = (inClass: boolean): string | undefined => {
    const c = p[i + 1];
    if (c === undefined) return 'a trailing backslash';
    if (CLASS_ESCAPES.includes(c) || (!inClass && (c === 'b' || c === 'B'))) {
      i += 2;
      return undefined;
    }
    if (c === 'x' && /^[0-9A-Fa-f]{2}$/.test(p.slice(i + 2, i + 4))) {
      i += 4;
      return undefined;
    }
    if (c === 'u' && /^[0-9A-Fa-f]{4}$/.test(p.slice(i + 2, i + 6))) {
      i += 6;
      return undefined;
    }
    if (/[!-/:-@[-`{-~]/.test(c)) {
      i += 2;
      return undefined;
    }
    return `the escape \\${c}`;
  };
  while (i < p.length) {
    const c = p[i]!;
    if (c === '\\') {
      const bad = skipEscape(false);
      if (bad) return bad;
      continue;
    }
    if (c === '(') {
      if (p[i + 1] === '?') {
        const kind = p.slice(i, i + 3);
        if (kind !== '(?:' && kind !== '(?=' && kind !== '(?!')
          return `the group ${p.slice(i, i + 4)}…: named groups, lookbehinds and inline flags differ`;
        i += 3;
        continue;
      }
      i++;
      continue;
    }
    if (c === '[') {
      i++;
      if (p[i] === '^') i++;
      if (p[i] === ']') return 'an empty class [] or [^]';
      while (i < p.length && p[i] !== ']') {
        if (p[i] === '\\') {
          const bad = skipEscape(true);
          if (bad) return `${bad} inside a class`;
          continue;
        }
        if (p[i] === '[') return 'a [ inside a class (escape it as \\[)';
        const two = p.slice(i, i + 2);
        if (['--', '&&', '~~', '||'].includes(two)) return `the sequence ${two} inside a class`;
        i++;
      }
      i++;
      continue;
    }
    if (c === '{') {
      const m = /^\{[0-9]+(,[0-9]*)?\}/.exec(p.slice(i));
      if (!m) return 'a { that does not start a quantifier (escape it as \\{)';
      i += m[0].length;
      if (p[i] === '+') return 'a possessive quantifier';
      continue;
    }
    if ((c === '*' || c === '+' || c === '?') && p[i + 1] === '+') return 'a possessive quantifier';
    i++;
  }
  return undefined;
}

/**
 * The pattern as Python writes it with the same meaning: `$` outside a class becomes `\Z`
 * (Python's `$` would also match before a final line break). Compiled with `re.ASCII`, so
 * `\d`, `\w` and `\b` are ASCII as in JavaScript. Only for patterns `patternProblem` accepts.
 */
export function pythonPattern(p: string): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < p.length; i++) {
    const c = p[i]!;
    if (c === '\\') {
      out += p.slice(i, i + 2);
      i++;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      out += c;
      continue;
    }
    if (c === '[') {
      inClass = true;
      out += c;
      if (p[i + 1] === '^') {
        out += '^';
        i++;
      }
      continue;
    }
    out += c === '$' ? '\\Z' : c;
  }
  return out;
}

// ---------------------------------------------------------------------------------------
// Evaluating a value against a (valid) schema: the semantics of the generated validators.

export interface ValueProblem {
  /** `$`, `$.items[0].qty`… */
  path: string;
  message: string;
}

export function schemaTypes(schema: JsonSchema): SchemaType[] | undefined {
  if (schema.type === undefined) return undefined;
  return Array.isArray(schema.type) ? schema.type : [schema.type];
}

/** The JSON type of a value, as the generated app's `json_kind` names it. */
export function jsonKind(value: unknown): SchemaType {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'boolean') return 'boolean';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  if (typeof value === 'string') return 'string';
  return 'object';
}

export function hasType(value: unknown, type: SchemaType): boolean {
  const kind = jsonKind(value);
  return kind === type || (type === 'number' && kind === 'integer');
}

/** Every way `value` fails `schema` (the schema is assumed valid), paths below `path`. */
export function valueProblems(schema: JsonSchema, value: unknown, path = '$'): ValueProblem[] {
  const out: ValueProblem[] = [];
  evaluate(schema, value, path, out);
  return out;
}

function evaluate(schema: JsonSchema, value: unknown, path: string, out: ValueProblem[]): void {
  const add = (message: string, at = path) => out.push({ path: at, message });
  const types = schemaTypes(schema);
  if (types && !types.some((t) => hasType(value, t))) {
    add(SCHEMA_MESSAGES.typePrefix(types) + jsonKind(value));
    return;
  }
  if (schema.enum && !schema.enum.some((e) => jsonEqual(e, value))) add(SCHEMA_MESSAGES.enum(schema.enum));
  if ('const' in schema && !jsonEqual(schema.const, value)) add(SCHEMA_MESSAGES.const(schema.const));
  if (typeof value === 'number') {
    if (schema.minimum !== undefined && value < schema.minimum) add(SCHEMA_MESSAGES.minimum(schema.minimum));
    if (schema.maximum !== undefined && value > schema.maximum) add(SCHEMA_MESSAGES.maximum(schema.maximum));
    if (schema.exclusiveMinimum !== undefined && value <= schema.exclusiveMinimum)
      add(SCHEMA_MESSAGES.exclusiveMinimum(schema.exclusiveMinimum));
    if (schema.exclusiveMaximum !== undefined && value >= schema.exclusiveMaximum)
      add(SCHEMA_MESSAGES.exclusiveMaximum(schema.exclusiveMaximum));
  }
  if (typeof value === 'string') {
    const length = [...value].length;
    if (schema.minLength !== undefined && length < schema.minLength)
      add(SCHEMA_MESSAGES.minLength(schema.minLength));
    if (schema.maxLength !== undefined && length > schema.maxLength)
      add(SCHEMA_MESSAGES.maxLength(schema.maxLength));
    if (schema.pattern !== undefined && !new RegExp(schema.pattern, 'u').test(value))
      add(SCHEMA_MESSAGES.pattern(schema.pattern));
    if (schema.format !== undefined && !formatMatches(schema.format, value))
      add(SCHEMA_MESSAGES.format[schema.format]);
  }
  if (Array.isArray(value)) {
    if (schema.minItems !== undefined && value.length < schema.minItems)
      add(SCHEMA_MESSAGES.minItems(schema.minItems));
    if (schema.maxItems !== undefined && value.length > schema.maxItems)
      add(SCHEMA_MESSAGES.maxItems(schema.maxItems));
    if (schema.items)
      for (const [i, item] of value.entries()) evaluate(schema.items, item, childPath(path, i), out);
  }
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const obj = value as Record<string, unknown>;
    const props = schema.properties ?? {};
    const required = new Set(schema.required ?? []);
    // The order of the generated validators: each property in turn, then other required names.
    for (const [name, sub] of Object.entries(props)) {
      if (Object.hasOwn(obj, name)) evaluate(sub, obj[name], childPath(path, name), out);
      else if (required.has(name) && !('default' in sub))
        add(SCHEMA_MESSAGES.required, childPath(path, name));
    }
    for (const name of required)
      if (!Object.hasOwn(props, name) && !Object.hasOwn(obj, name))
        add(SCHEMA_MESSAGES.required, childPath(path, name));
    if (schema.additionalProperties === false)
      for (const name of Object.keys(obj))
        if (!Object.hasOwn(props, name)) add(SCHEMA_MESSAGES.additional, childPath(path, name));
  }
}

export function formatMatches(format: SchemaFormat, value: string): boolean {
  if (!new RegExp(`^(?:${FORMAT_PATTERNS[format]})$`).test(value)) return false;
  if (format === 'date') return realDate(value.slice(0, 10));
  if (format === 'date-time') {
    const hour = Number(value.slice(11, 13));
    const minute = Number(value.slice(14, 16));
    const second = Number(value.slice(17, 19));
    const offset = /([+-])(\d{2}):(\d{2})$/.exec(value);
    const offsetOk = !offset || (Number(offset[2]) < 24 && Number(offset[3]) < 60);
    return realDate(value.slice(0, 10)) && hour < 24 && minute < 60 && second < 60 && offsetOk;
  }
  return true;
}

function realDate(text: string): boolean {
  const [y, m, d] = text.split('-').map(Number) as [number, number, number];
  if (y < 1 || m < 1 || m > 12 || d < 1) return false;
  const days = new Date(Date.UTC(2000, m, 0)).getUTCDate();
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  return d <= (m === 2 ? (leap ? 29 : 28) : days);
}

/** JSON equality: numbers by value (1 equals 1.0), booleans apart from numbers, deep for lists and objects. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((x, i) => jsonEqual(x, b[i]));
  }
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    if (ka.length !== kb.length) return false;
    return ka.every(
      (k) =>
        Object.hasOwn(b, k) &&
        jsonEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]),
    );
  }
  return false;
}
