import { childPath } from '../../model/json-path.js';
import {
  type JsonSchema,
  pythonPattern,
  SCHEMA_MESSAGES,
  type SchemaType,
  schemaTypes,
} from '../../model/json-schema.js';
import type { Workflow } from '../../model/workflow.js';
import { Emitter } from './emitter.js';
import { pyLiteral, pyNumber, pyString } from './escape.js';
import type { Imports } from './imports.js';

/**
 * Typed workflows (DESIGN §12): a workflow's `inputSchema` / `outputSchema` become plain
 * Python validators — one function per object or array schema, straight-line checks, module
 * constants for patterns and enums — so a request pays for a few isinstance calls, not for
 * a schema interpreter. Every user value (property names, patterns, enum values, messages)
 * reaches the code through `pyString` / `pyLiteral`. A validator has the signature
 * `(value, path, problems) -> value`: it appends `(path, message)` for each problem and
 * returns the value with missing properties filled from their `default`, copying any
 * object it fills. The messages are the model's (`SCHEMA_MESSAGES`), so the studio's
 * validation and the app say the same words.
 */
export function emitSchemaChecks(out: Emitter, imports: Imports, workflow: Workflow): string | undefined {
  const { inputSchema, outputSchema } = workflow;
  if (inputSchema === undefined && outputSchema === undefined) return undefined;
  const writer = new ValidatorWriter(imports);
  const checkInput = inputSchema && writer.validator(inputSchema, 'input');
  const checkOutput = outputSchema && writer.validator(outputSchema, 'output');
  writer.write(out);
  const args = [pyString(workflow.name)];
  if (checkInput) args.push(`check_input=${checkInput}`);
  if (checkOutput) args.push(`check_output=${checkOutput}`);
  const query = inputSchema && queryTypes(inputSchema);
  if (query) args.push(`query_types=${query}`);
  out.blank(2);
  out.line(`TYPED = ${imports.from('runtime.schema', 'Typed')}(${args.join(', ')})`);
  return 'TYPED';
}

/** GET: the input's top-level properties whose schema wants scalars other than text. */
function queryTypes(schema: JsonSchema): string | undefined {
  const entries: string[] = [];
  for (const [name, sub] of Object.entries(schema.properties ?? {})) {
    const types = schemaTypes(sub);
    if (!types || types.includes('string')) continue;
    const scalars = types.filter((t) => t === 'integer' || t === 'number' || t === 'boolean' || t === 'null');
    if (scalars.length === 0) continue;
    entries.push(`${pyString(name)}: (${scalars.map(pyString).join(', ')},)`);
  }
  return entries.length === 0 ? undefined : `{${entries.join(', ')}}`;
}

/** Has this schema, or one below it, a `default` to fill? Then its objects are copied. */
function fillsDefaults(schema: JsonSchema): boolean {
  if (Object.values(schema.properties ?? {}).some((p) => 'default' in p || fillsDefaults(p))) return true;
  return schema.items !== undefined && fillsDefaults(schema.items);
}

/** A schema that needs its own function: it checks a list or an object (leaves are checked inline). */
function isComposite(schema: JsonSchema): boolean {
  return (
    schema.properties !== undefined ||
    schema.items !== undefined ||
    schema.required !== undefined ||
    schema.additionalProperties === false ||
    schema.minItems !== undefined ||
    schema.maxItems !== undefined
  );
}

const GROUPS = {
  number: ['integer', 'number'],
  string: ['string'],
  array: ['array'],
  object: ['object'],
} as const satisfies Record<string, readonly SchemaType[]>;
type Group = keyof typeof GROUPS;

const GUARDS: Record<Group, (v: string) => string> = {
  number: (v) => `isinstance(${v}, (int, float)) and not isinstance(${v}, bool)`,
  string: (v) => `isinstance(${v}, str)`,
  array: (v) => `isinstance(${v}, (list, tuple))`,
  object: (v) => `isinstance(${v}, dict)`,
};

function typeTest(type: SchemaType, v: string): string {
  switch (type) {
    case 'integer':
      return `(isinstance(${v}, int) and not isinstance(${v}, bool)) or (isinstance(${v}, float) and ${v}.is_integer())`;
    case 'boolean':
      return `isinstance(${v}, bool)`;
    case 'null':
      return `${v} is None`;
    default:
      return GUARDS[type](v);
  }
}

/** The lines `body` writes (at relative indentation), to place under a condition or not at all. */
function captured(body: (out: Emitter) => void): string[] {
  const probe = new Emitter();
  body(probe);
  const text = probe.toString();
  return text === '' ? [] : text.trimEnd().split('\n');
}

function place(out: Emitter, lines: readonly string[]): void {
  for (const line of lines) out.line(line);
}

/** `isinstance(v, str)`, or several tests in parentheses. */
function typeCondition(types: readonly SchemaType[], v: string): string {
  if (types.length === 1 && types[0] !== 'integer' && types[0] !== 'number') return typeTest(types[0]!, v);
  return `(${types.map((t) => typeTest(t, v)).join(' or ')})`;
}

class ValidatorWriter {
  private readonly constants = new Emitter();
  private readonly functions: Emitter[] = [];
  private count = 0;

  constructor(private readonly imports: Imports) {}

  write(out: Emitter): void {
    const constants = this.constants.toString();
    if (constants !== '') {
      out.blank(2);
      place(out, constants.trimEnd().split('\n'));
    }
    for (const fn of this.functions) {
      out.blank(2);
      place(out, fn.toString().trimEnd().split('\n'));
    }
  }

  /** Writes the function for `schema` and returns its name. */
  validator(schema: JsonSchema, role: string): string {
    const name = `_check_${role}_${++this.count}`;
    const fn = new Emitter();
    this.functions.push(fn);
    const any = this.imports.from('typing', 'Any');
    fn.line(`def ${name}(value: ${any}, path: str, problems: list) -> ${any}:`);
    fn.indent(() => {
      const types = schemaTypes(schema);
      if (types) {
        fn.line(`if not ${typeCondition(types, 'value')}:`);
        fn.indent(() => {
          this.typeProblem(fn, types, 'value', 'path');
          fn.line('return value');
        });
      }
      this.scalarChecks(fn, schema, 'value', 'path');
      this.guarded(fn, schema, 'array', 'value', (out) => this.arrayChecks(out, schema, role));
      this.guarded(fn, schema, 'object', 'value', (out) => this.objectChecks(out, schema, role));
      fn.line('return value');
    });
    return name;
  }

  private constant(kind: string, expression: string): string {
    const name = `_${kind}_${++this.count}`;
    this.constants.line(`${name} = ${expression}`);
    return name;
  }

  private problem(out: Emitter, path: string, message: string): void {
    out.line(`problems.append((${path}, ${pyString(message)}))`);
  }

  private typeProblem(out: Emitter, types: readonly SchemaType[], v: string, path: string): void {
    const kind = this.imports.from('runtime.schema', 'json_kind');
    out.line(`problems.append((${path}, ${pyString(SCHEMA_MESSAGES.typePrefix(types))} + ${kind}(${v})))`);
  }

  /**
   * Writes `body` under the group's type guard, or bare when the schema's types already
   * ensure the group; nothing when they exclude it or when the body checks nothing.
   */
  private guarded(
    out: Emitter,
    schema: JsonSchema,
    group: Group,
    v: string,
    body: (out: Emitter) => void,
  ): void {
    const types = schemaTypes(schema);
    const members: readonly SchemaType[] = GROUPS[group];
    if (types && !types.some((t) => members.includes(t))) return;
    const lines = captured(body);
    if (lines.length === 0) return;
    if (types?.every((t) => members.includes(t))) {
      place(out, lines);
      return;
    }
    out.line(`if ${GUARDS[group](v)}:`);
    out.indent(() => place(out, lines));
  }

  /** Checks of a schema without parts, inline: type, then enum, const, numbers, strings. */
  private leafChecks(out: Emitter, schema: JsonSchema, v: string, path: string): void {
    const types = schemaTypes(schema);
    if (!types) {
      this.scalarChecks(out, schema, v, path);
      return;
    }
    const rest = captured((probe) => this.scalarChecks(probe, schema, v, path));
    out.line(`if not ${typeCondition(types, v)}:`);
    out.indent(() => this.typeProblem(out, types, v, path));
    if (rest.length === 0) return;
    out.line('else:');
    out.indent(() => place(out, rest));
  }

  private scalarChecks(out: Emitter, schema: JsonSchema, v: string, path: string): void {
    if (schema.enum !== undefined) {
      const values = schema.enum;
      if (values.every((e) => typeof e === 'string')) {
        const set = this.constant(
          'ENUM',
          `frozenset({${values.map((e) => pyString(e as string)).join(', ')}})`,
        );
        out.line(`if not (isinstance(${v}, str) and ${v} in ${set}):`);
      } else {
        const tuple = this.constant('ENUM', `(${values.map(pyLiteral).join(', ')},)`);
        out.line(`if not ${this.imports.from('runtime.schema', 'one_of')}(${v}, ${tuple}):`);
      }
      out.indent(() => this.problem(out, path, SCHEMA_MESSAGES.enum(values)));
    }
    if ('const' in schema) {
      const value = this.constant('CONST', pyLiteral(schema.const));
      out.line(`if not ${this.imports.from('runtime.schema', 'json_equal')}(${v}, ${value}):`);
      out.indent(() => this.problem(out, path, SCHEMA_MESSAGES.const(schema.const)));
    }
    this.guarded(out, schema, 'number', v, (inner) => {
      const bounds = [
        ['minimum', '<'],
        ['maximum', '>'],
        ['exclusiveMinimum', '<='],
        ['exclusiveMaximum', '>='],
      ] as const;
      for (const [key, op] of bounds) {
        const limit = schema[key];
        if (limit === undefined) continue;
        inner.line(`if ${v} ${op} ${pyNumber(limit)}:`);
        inner.indent(() => this.problem(inner, path, SCHEMA_MESSAGES[key](limit)));
      }
    });
    this.guarded(out, schema, 'string', v, (inner) => {
      const { minLength, maxLength, pattern, format } = schema;
      if (minLength !== undefined) {
        inner.line(`if len(${v}) < ${minLength}:`);
        inner.indent(() => this.problem(inner, path, SCHEMA_MESSAGES.minLength(minLength)));
      }
      if (maxLength !== undefined) {
        inner.line(`if len(${v}) > ${maxLength}:`);
        inner.indent(() => this.problem(inner, path, SCHEMA_MESSAGES.maxLength(maxLength)));
      }
      if (pattern !== undefined) {
        const re = this.imports.module('re');
        const compiled = this.constant(
          'PATTERN',
          `${re}.compile(${pyString(pythonPattern(pattern))}, ${re}.ASCII)`,
        );
        inner.line(`if ${compiled}.search(${v}) is None:`);
        inner.indent(() => this.problem(inner, path, SCHEMA_MESSAGES.pattern(pattern)));
      }
      if (format !== undefined) {
        const check = this.imports.from('runtime.schema', FORMAT_CHECKS[format]);
        inner.line(
          format === 'date' || format === 'date-time'
            ? `if not ${check}(${v}):`
            : `if ${check}.fullmatch(${v}) is None:`,
        );
        inner.indent(() => this.problem(inner, path, SCHEMA_MESSAGES.format[format]));
      }
    });
  }

  private arrayChecks(out: Emitter, schema: JsonSchema, role: string): void {
    const { minItems, maxItems, items } = schema;
    if (minItems !== undefined) {
      out.line(`if len(value) < ${minItems}:`);
      out.indent(() => this.problem(out, 'path', SCHEMA_MESSAGES.minItems(minItems)));
    }
    if (maxItems !== undefined) {
      out.line(`if len(value) > ${maxItems}:`);
      out.indent(() => this.problem(out, 'path', SCHEMA_MESSAGES.maxItems(maxItems)));
    }
    if (items === undefined || !hasChecks(items)) return;
    const itemPath = 'f"{path}[{index}]"';
    if (!isComposite(items)) {
      out.line('for index, item in enumerate(value):');
      out.indent(() => this.leafChecks(out, items, 'item', itemPath));
      return;
    }
    const check = this.validator(items, role);
    if (fillsDefaults(items)) {
      out.line(`value = [${check}(item, ${itemPath}, problems) for index, item in enumerate(value)]`);
      return;
    }
    out.line('for index, item in enumerate(value):');
    out.indent(() => out.line(`${check}(item, ${itemPath}, problems)`));
  }

  private objectChecks(out: Emitter, schema: JsonSchema, role: string): void {
    const properties = schema.properties ?? {};
    const required = new Set(schema.required ?? []);
    if (fillsDefaults(schema)) out.line('value = dict(value)');
    for (const [name, sub] of Object.entries(properties)) {
      const key = pyString(name);
      const path = `path + ${pyString(childPath('$', name).slice(1))}`;
      const check = isComposite(sub) ? this.validator(sub, role) : undefined;
      const present = captured((inner) => {
        if (check === undefined) this.leafChecks(inner, sub, 'x', path);
        else if (fillsDefaults(sub)) inner.line(`value[${key}] = ${check}(x, ${path}, problems)`);
        else inner.line(`${check}(x, ${path}, problems)`);
      });
      const missing = captured((inner) => {
        if ('default' in sub) inner.line(`value[${key}] = ${pyLiteral(sub.default)}`);
        else if (required.has(name)) this.problem(inner, path, SCHEMA_MESSAGES.required);
      });
      if (present.length === 0) {
        if (missing.length === 0) continue;
        out.line(`if ${key} not in value:`);
        out.indent(() => place(out, missing));
        continue;
      }
      // One lookup per property: `get` with a sentinel, not `in` and then `[]`.
      const absent = this.imports.from('runtime.schema', 'MISSING');
      out.line(`x = value.get(${key}, ${absent})`);
      if (missing.length === 0) {
        out.line(`if x is not ${absent}:`);
        out.indent(() => place(out, present));
        continue;
      }
      out.line(`if x is ${absent}:`);
      out.indent(() => place(out, missing));
      out.line('else:');
      out.indent(() => place(out, present));
    }
    for (const name of required) {
      if (Object.hasOwn(properties, name)) continue;
      out.line(`if ${pyString(name)} not in value:`);
      out.indent(() =>
        this.problem(out, `path + ${pyString(childPath('$', name).slice(1))}`, SCHEMA_MESSAGES.required),
      );
    }
    if (schema.additionalProperties === false) {
      const keys = this.constant('KEYS', `frozenset({${Object.keys(properties).map(pyString).join(', ')}})`);
      const childPathOf = this.imports.from('runtime.schema', 'child_path');
      // The set comparison runs in C; the loop that names the keys only when one is unknown.
      out.line(`if not ${keys}.issuperset(value):`);
      out.indent(() => {
        out.line('for key in value:');
        out.indent(() => {
          out.line(`if key not in ${keys}:`);
          out.indent(() => this.problem(out, `${childPathOf}(path, key)`, SCHEMA_MESSAGES.additional));
        });
      });
    }
  }
}

/** The runtime's precompiled regex (`.fullmatch`), or its function for the calendar formats. */
const FORMAT_CHECKS = {
  email: 'EMAIL',
  uri: 'URI',
  date: 'is_date',
  'date-time': 'is_date_time',
  uuid: 'UUID',
} as const;

/** Does the schema check anything at all (`{}` or only a title accepts every value)? */
function hasChecks(schema: JsonSchema): boolean {
  return Object.keys(schema).some((k) => k !== 'title' && k !== 'description' && k !== 'default');
}
