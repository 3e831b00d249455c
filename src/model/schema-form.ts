import type { JsonSchema, SchemaType } from './json-schema.js';

/**
 * The studio's Schema tab (DESIGN §12) edits the common case of a workflow's `inputSchema` /
 * `outputSchema` as a list of fields; this module maps that form to JSON Schema and back.
 * A schema the form cannot show without losing something (nested properties, patterns,
 * formats…) is refused with the reason, and the tab opens it as raw JSON instead.
 */

export const FIELD_TYPES = ['string', 'integer', 'number', 'boolean', 'array', 'object'] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

/** The types an array field's items may have in the form (nested objects are raw JSON's job). */
export const ITEM_TYPES = ['', 'string', 'integer', 'number', 'boolean'] as const;
export type ItemType = (typeof ITEM_TYPES)[number];

/** One property of the object schema, as the form's inputs hold it (numbers and lists as typed). */
export interface SchemaField {
  name: string;
  type: FieldType;
  required: boolean;
  description: string;
  /** Comma list of allowed values (strings, or numbers for integer/number fields); empty: any. */
  enumText: string;
  /** `minimum`/`maximum` for integer and number, `minLength`/`maxLength` for string; empty: none. */
  min: string;
  max: string;
  /** An array field's item type; empty: any items. */
  itemType: ItemType;
}

/** The whole form: an object schema with these fields. */
export interface SchemaFormValue {
  fields: SchemaField[];
  /** `additionalProperties: false` (only the listed fields allowed). */
  closed: boolean;
  title: string;
  description: string;
}

export function emptyField(name = ''): SchemaField {
  return {
    name,
    type: 'string',
    required: false,
    description: '',
    enumText: '',
    min: '',
    max: '',
    itemType: '',
  };
}

export type FormResult = { ok: true; form: SchemaFormValue } | { ok: false; reason: string };

const TOP_KEYS = new Set(['type', 'properties', 'required', 'additionalProperties', 'title', 'description']);
const FIELD_KEYS: Record<FieldType, ReadonlySet<string>> = {
  string: new Set(['type', 'description', 'enum', 'minLength', 'maxLength']),
  integer: new Set(['type', 'description', 'enum', 'minimum', 'maximum']),
  number: new Set(['type', 'description', 'enum', 'minimum', 'maximum']),
  boolean: new Set(['type', 'description']),
  array: new Set(['type', 'description', 'items']),
  object: new Set(['type', 'description']),
};

/** The form of `schema`, or why the form cannot show it (then it is edited as raw JSON). */
export function formFromSchema(schema: JsonSchema): FormResult {
  const refuse = (reason: string): FormResult => ({ ok: false, reason });
  if (schema.type !== 'object')
    return refuse('the form shows an object with fields; this schema is not {"type": "object"}');
  const extra = Object.keys(schema).filter((k) => !TOP_KEYS.has(k));
  if (extra.length > 0) return refuse(`the form cannot show ${keywords(extra)} at the top level`);
  if (schema.additionalProperties === true)
    return refuse('the form cannot show "additionalProperties": true');
  const required = new Set(schema.required ?? []);
  const properties = schema.properties ?? {};
  for (const name of required) {
    if (!Object.hasOwn(properties, name)) return refuse(`"${name}" is required but has no property`);
  }
  const fields: SchemaField[] = [];
  for (const [name, prop] of Object.entries(properties)) {
    const where = `field "${name}"`;
    if (prop === null || typeof prop !== 'object' || Array.isArray(prop))
      return refuse(`${where} is not a schema object`);
    const type = prop.type;
    if (typeof type !== 'string' || !(FIELD_TYPES as readonly string[]).includes(type))
      return refuse(`${where} needs a single type of ${FIELD_TYPES.join(', ')}`);
    const fieldType = type as FieldType;
    const unsupported = Object.keys(prop).filter((k) => !FIELD_KEYS[fieldType].has(k));
    if (unsupported.length > 0) return refuse(`${where} uses ${keywords(unsupported)}`);
    let itemType: ItemType = '';
    if (prop.items !== undefined) {
      const items = prop.items;
      const keys = Object.keys(items);
      if (
        keys.length !== 1 ||
        typeof items.type !== 'string' ||
        !(ITEM_TYPES as readonly string[]).includes(items.type)
      )
        return refuse(`${where} has items the form cannot show (only a plain item type)`);
      itemType = items.type as ItemType;
    }
    let enumText = '';
    if (prop.enum !== undefined) {
      const kind = fieldType === 'string' ? 'string' : 'number';
      if (!prop.enum.every((v) => typeof v === kind) || prop.enum.length === 0)
        return refuse(`${where} has an enum the form cannot show`);
      if (
        kind === 'string' &&
        prop.enum.some((v) => (v as string).includes(',') || (v as string).trim() !== v)
      )
        return refuse(`${where} has enum values with commas or spaces at the ends`);
      enumText = prop.enum.map(String).join(', ');
    }
    const [minKey, maxKey] = fieldType === 'string' ? ['minLength', 'maxLength'] : ['minimum', 'maximum'];
    const min = prop[minKey as 'minimum'];
    const max = prop[maxKey as 'maximum'];
    fields.push({
      name,
      type: fieldType,
      required: required.has(name),
      description: prop.description ?? '',
      enumText,
      min: min === undefined ? '' : String(min),
      max: max === undefined ? '' : String(max),
      itemType,
    });
  }
  return {
    ok: true,
    form: {
      fields,
      closed: schema.additionalProperties === false,
      title: schema.title ?? '',
      description: schema.description ?? '',
    },
  };
}

function keywords(keys: string[]): string {
  return keys.map((k) => `"${k}"`).join(', ');
}

/** A problem of one form input: which field (index) and which input. */
export interface FormProblem {
  field: number;
  input: 'name' | 'enum' | 'min' | 'max';
  message: string;
}

export type SchemaResult = { ok: true; schema: JsonSchema } | { ok: false; problems: FormProblem[] };

/** The JSON Schema the form describes, or the inputs that must be fixed first. */
export function schemaFromForm(form: SchemaFormValue): SchemaResult {
  const problems: FormProblem[] = [];
  const properties: Record<string, JsonSchema> = {};
  const required: string[] = [];
  const seen = new Set<string>();
  form.fields.forEach((field, i) => {
    const name = field.name.trim();
    if (name === '') problems.push({ field: i, input: 'name', message: 'A field needs a name, e.g. userId' });
    else if (seen.has(name))
      problems.push({ field: i, input: 'name', message: `"${name}" is already a field` });
    seen.add(name);
    const prop: JsonSchema = { type: field.type };
    if (field.description.trim() !== '') prop.description = field.description.trim();
    const numeric = field.type === 'integer' || field.type === 'number';
    if (field.enumText.trim() !== '' && (numeric || field.type === 'string')) {
      const parts = field.enumText
        .split(',')
        .map((p) => p.trim())
        .filter((p) => p !== '');
      if (numeric) {
        const bad = parts.find(
          (p) => !isNumberText(p) || (field.type === 'integer' && !Number.isInteger(Number(p))),
        );
        if (bad !== undefined)
          problems.push({
            field: i,
            input: 'enum',
            message: `"${bad}" is not ${field.type === 'integer' ? 'a whole number' : 'a number'}: list ${field.type === 'integer' ? 'whole numbers' : 'numbers'} like 1, 2, 3`,
          });
        else prop.enum = parts.map(Number);
      } else prop.enum = parts;
    }
    if (numeric || field.type === 'string') {
      const [minKey, maxKey] =
        field.type === 'string' ? (['minLength', 'maxLength'] as const) : (['minimum', 'maximum'] as const);
      const bound = (text: string, input: 'min' | 'max'): number | undefined => {
        if (text.trim() === '') return undefined;
        const n = Number(text.trim());
        const counting = field.type === 'string';
        if (!isNumberText(text.trim()) || (counting && (!Number.isInteger(n) || n < 0))) {
          problems.push({
            field: i,
            input,
            message: counting
              ? `${input} length must be a whole number of characters, 0 or more`
              : `${input} must be a number`,
          });
          return undefined;
        }
        return n;
      };
      const min = bound(field.min, 'min');
      const max = bound(field.max, 'max');
      if (min !== undefined) prop[minKey] = min;
      if (max !== undefined) prop[maxKey] = max;
      if (min !== undefined && max !== undefined && min > max)
        problems.push({ field: i, input: 'max', message: `max (${max}) is below min (${min})` });
    }
    if (field.type === 'array' && field.itemType !== '') prop.items = { type: field.itemType };
    properties[name] = prop;
    if (field.required && name !== '') required.push(name);
  });
  if (problems.length > 0) return { ok: false, problems };
  const schema: JsonSchema = { type: 'object' };
  if (form.title.trim() !== '') schema.title = form.title.trim();
  if (form.description.trim() !== '') schema.description = form.description.trim();
  schema.properties = properties;
  if (required.length > 0) schema.required = required;
  if (form.closed) schema.additionalProperties = false;
  return { ok: true, schema };
}

function isNumberText(text: string): boolean {
  return /^-?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text);
}

const SHORT_TYPE: Partial<Record<SchemaType, string>> = { integer: 'int', boolean: 'bool' };

/**
 * One line for the project page: `userId:int*, note:string` (`*` marks required fields; an
 * array shows its item type as `tags:string[]`). A schema that is not an object with
 * properties shows its type; no schema is null.
 */
export function summarizeSchema(schema: JsonSchema | undefined, maxFields = 6): string | null {
  if (schema === undefined) return null;
  const props = schema.properties;
  if (props === undefined || Object.keys(props).length === 0) return typeText(schema);
  const required = new Set(schema.required ?? []);
  const parts = Object.entries(props).map(
    ([name, prop]) => `${name}:${typeText(prop)}${required.has(name) ? '*' : ''}`,
  );
  return parts.length > maxFields
    ? `${parts.slice(0, maxFields).join(', ')}, … (${parts.length - maxFields} more)`
    : parts.join(', ');
}

function typeText(schema: JsonSchema): string {
  const types = schema.type === undefined ? [] : Array.isArray(schema.type) ? schema.type : [schema.type];
  if (types.length === 0) return 'any';
  return types
    .map((t) => {
      if (t === 'array' && schema.items !== undefined) return `${typeText(schema.items)}[]`;
      return SHORT_TYPE[t] ?? t;
    })
    .join('|');
}
