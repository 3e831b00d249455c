import type { JsonSchema, SchemaType } from './json-schema.js';

/**
 * "Infer from last run" (DESIGN §12, studio): a JSON Schema proposed from one value — a run's
 * input for `inputSchema`, its result for `outputSchema`. Each property gets its value's type
 * (whole numbers are `integer`, others `number`), every property present is required, an
 * array's `items` come from all of its elements merged (an object property is required only
 * when every element has it; `integer` and `number` merge to `number`). The studio shows it as
 * a proposal the user accepts or discards, so it says only what the value shows.
 */
export function inferSchema(value: unknown): JsonSchema {
  if (value === null) return { type: 'null' };
  if (typeof value === 'boolean') return { type: 'boolean' };
  if (typeof value === 'number') return { type: Number.isInteger(value) ? 'integer' : 'number' };
  if (typeof value === 'string') return { type: 'string' };
  if (Array.isArray(value)) {
    if (value.length === 0) return { type: 'array' };
    return { type: 'array', items: value.map(inferSchema).reduce(mergeSchemas) };
  }
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    const properties: Record<string, JsonSchema> = {};
    for (const [key, item] of entries) properties[key] = inferSchema(item);
    return entries.length === 0
      ? { type: 'object' }
      : { type: 'object', properties, required: entries.map(([key]) => key) };
  }
  // undefined (no value at all): nothing to say.
  return {};
}

/** One schema that accepts what either accepts, as the inference builds them. */
export function mergeSchemas(a: JsonSchema, b: JsonSchema): JsonSchema {
  const typesA = typeList(a);
  const typesB = typeList(b);
  if (typesA.length === 0 || typesB.length === 0) return {};
  if (typesA.length === 1 && typesB.length === 1) {
    const [ta] = typesA;
    const [tb] = typesB;
    if (ta === tb && ta === 'object') return mergeObjects(a, b);
    if (ta === tb && ta === 'array') {
      if (a.items === undefined) return b;
      if (b.items === undefined) return a;
      return { type: 'array', items: mergeSchemas(a.items, b.items) };
    }
    if (ta === tb) return a;
    if (numeric(ta!) && numeric(tb!)) return { type: 'number' };
  }
  const merged = new Set<SchemaType>([...typesA, ...typesB]);
  if (merged.has('number')) merged.delete('integer');
  const types = [...merged].sort();
  return types.length === 1 ? { type: types[0]! } : { type: types };
}

function mergeObjects(a: JsonSchema, b: JsonSchema): JsonSchema {
  const propsA = a.properties ?? {};
  const propsB = b.properties ?? {};
  const properties: Record<string, JsonSchema> = {};
  for (const key of new Set([...Object.keys(propsA), ...Object.keys(propsB)])) {
    const x = propsA[key];
    const y = propsB[key];
    properties[key] = x && y ? mergeSchemas(x, y) : (x ?? y)!;
  }
  const inB = new Set(b.required ?? []);
  const required = (a.required ?? []).filter((key) => inB.has(key));
  if (Object.keys(properties).length === 0) return { type: 'object' };
  return { type: 'object', properties, ...(required.length > 0 ? { required } : {}) };
}

function typeList(schema: JsonSchema): SchemaType[] {
  if (schema.type === undefined) return [];
  return Array.isArray(schema.type) ? schema.type : [schema.type];
}

function numeric(type: SchemaType): boolean {
  return type === 'integer' || type === 'number';
}
