import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parseNodeConfig } from '../../../src/model/nodes/config-parse.js';
import type { ConfigField } from '../../../src/model/nodes/definition.js';
import {
  NODE_DEFINITIONS,
  NODE_TYPES,
  nodeDefinition,
  nodeSummary,
} from '../../../src/model/nodes/registry.js';
import { NODE_SAMPLES, nodeSamples } from '../../fixtures/node-samples.js';

const TYPES_DIR = fileURLToPath(new URL('../../../src/model/nodes/types/', import.meta.url));

const kebab = (type: string) => type.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** The schema of one config key without its optional/default wrappers, and the default if any. */
function unwrap(schema: z.ZodType): { inner: z.ZodType; default?: unknown } {
  let inner = schema;
  let fallback: unknown;
  for (;;) {
    if (inner instanceof z.ZodDefault) {
      fallback = inner.def.defaultValue;
      inner = inner.unwrap() as z.ZodType;
    } else if (inner instanceof z.ZodOptional) {
      inner = inner.unwrap() as z.ZodType;
    } else {
      return fallback === undefined ? { inner } : { inner, default: fallback };
    }
  }
}

describe('node registry: one module per node type', () => {
  it('lists every module of src/model/nodes/types/ once, under its own type name', () => {
    const files = readdirSync(TYPES_DIR)
      .filter((name) => name.endsWith('.ts'))
      .sort();
    expect(NODE_TYPES.map((type) => `${kebab(type)}.ts`).sort()).toEqual(files);
    for (const type of NODE_TYPES) expect(NODE_DEFINITIONS[type].type).toBe(type);
  });

  it('every type has what the studio and the compiler need', () => {
    for (const type of NODE_TYPES) {
      const d = nodeDefinition(type)!;
      expect(d.label, type).not.toBe('');
      expect(d.icon, type).toMatch(/^[a-z][a-z0-9-]*$/);
      expect(d.color, type).toMatch(/^#[0-9a-f]{6}$/);
      expect(d.outputs.length, type).toBeGreaterThan(0);
      expect(['step', 'condition', 'response'], type).toContain(d.python.kind);
      expect(typeof d.python.generate, type).toBe('function');
    }
  });
});

describe('config fields agree with the config schema', () => {
  for (const type of NODE_TYPES) {
    it(type, () => {
      const schema = NODE_DEFINITIONS[type].configSchema as z.ZodType;
      expect(schema).toBeInstanceOf(z.ZodObject);
      const shape = (schema as z.ZodObject).shape as Record<string, z.ZodType>;
      const fields: readonly ConfigField[] = NODE_DEFINITIONS[type].fields;
      expect(fields.map((f) => f.key).sort(), 'one field per schema key').toEqual(Object.keys(shape).sort());
      for (const field of fields) {
        const where = `${type}.${field.key}`;
        const key = shape[field.key]!;
        const { inner, default: schemaDefault } = unwrap(key);
        const acceptsAbsent = key.safeParse(undefined).success;
        // Required in the form ⇔ the schema needs a value, unless the schema fills in a default.
        if (!acceptsAbsent) expect(field.required, `${where} is required by the schema`).toBe(true);
        if (acceptsAbsent && schemaDefault === undefined) {
          expect(field.required, `${where} is optional in the schema`).toBe(false);
        }
        // A map or list field left out of the form is empty, which is what its schema fills in.
        const emptyCollection =
          JSON.stringify(schemaDefault) === '{}' || JSON.stringify(schemaDefault) === '[]';
        if (schemaDefault !== undefined && !(emptyCollection && field.default === undefined)) {
          expect(field.default, `${where} default`).toEqual(schemaDefault);
        }
        if (field.default !== undefined) {
          expect(key.safeParse(field.default).success, `${where} default is valid`).toBe(true);
        }
        if (field.kind === 'select') {
          expect(inner, where).toBeInstanceOf(z.ZodEnum);
          expect(
            field.options?.map((o) => o.value),
            `${where} options`,
          ).toEqual((inner as z.ZodEnum).options);
        }
        if (field.kind === 'number') {
          expect(inner, where).toBeInstanceOf(z.ZodNumber);
          expect(field.min, `${where} min`).toBe((inner as z.ZodNumber).minValue ?? undefined);
          expect(field.max, `${where} max`).toBe((inner as z.ZodNumber).maxValue ?? undefined);
        }
        if (
          ['text', 'textarea', 'code', 'secret', 'workflow', 'expression', 'template'].includes(field.kind)
        ) {
          expect(inner, `${where} is a string`).toBeInstanceOf(z.ZodString);
        }
      }
    });
  }

  it('every sample config is valid for its type', () => {
    for (const { type, id, config } of nodeSamples()) {
      expect(parseNodeConfig({ type, config })?.success, id).toBe(true);
    }
  });
});

describe("each type's external flag: does running it reach a service outside the app", () => {
  it('holds for the integrations and HTTP calls, not for in-app work', () => {
    const external = nodeSamples()
      .filter(({ type, config }) => {
        const parsed = parseNodeConfig({ type, config })!;
        return nodeDefinition(type)!.external(parsed.data as never);
      })
      .map(({ name }) => name);
    expect(external).toEqual([
      'httprequest_1',
      'workflowcall_2',
      'llm_1',
      'postgresquery_1',
      'vectorsearch_1',
    ]);
    expect(NODE_SAMPLES.workflowCall[1]!.callType).toBe('http');
  });
});

describe('canvas summaries come from the node modules', () => {
  const workflowName = (id: string) => (id === 'wf_known' ? 'Known workflow' : undefined);
  const summary = (type: string, config: Record<string, unknown>) =>
    nodeSummary({ type, config }, workflowName);

  it('says what a configured node does', () => {
    expect(summary('transform', { fields: { a: 1, b: 'x' } })).toBe('{ a, b }');
    expect(summary('code', { code: 'x = 1\nreturn x' })).toBe('x = 1');
    expect(summary('condition', { expression: 'input.n > 2' })).toBe('input.n > 2');
    expect(summary('httpRequest', { method: 'POST', url: 'https://x.example' })).toBe(
      'POST https://x.example',
    );
    expect(summary('workflowCall', { callType: 'local', targetWorkflowId: 'wf_known' })).toBe(
      '→ Known workflow (local)',
    );
    expect(summary('workflowCall', { callType: 'local', targetWorkflowId: 'wf_gone' })).toBe(
      '→ wf_gone (local)',
    );
    expect(summary('workflowCall', { callType: 'http', httpUrl: 'https://y.example' })).toBe(
      '→ https://y.example (http)',
    );
    expect(summary('llm', { provider: 'openai', model: 'gpt-test' })).toBe('openai gpt-test');
    expect(summary('postgresQuery', { query: 'SELECT 1\nFROM t' })).toBe('SELECT 1');
    expect(summary('vectorSearch', { collection: 'docs' })).toBe('docs');
    expect(summary('response', { statusCode: 404 })).toBe('status 404');
  });

  it('says what is missing in a fresh or half-filled node, and never throws on odd values', () => {
    expect(summary('transform', {})).toBe('no fields yet');
    expect(summary('code', { code: 42 })).toBe('no code yet');
    expect(summary('condition', {})).toBe('no expression yet');
    expect(summary('httpRequest', {})).toBe('GET');
    expect(summary('workflowCall', {})).toBe('→ no workflow chosen (local)');
    expect(summary('workflowCall', { callType: 'http' })).toBe('→ URL not set (http)');
    expect(summary('llm', {})).toBe('no model yet');
    expect(summary('postgresQuery', {})).toBe('no query yet');
    expect(summary('vectorSearch', {})).toBe('no collection yet');
    expect(summary('response', { statusCode: 'x' })).toBe('status 200');
    expect(summary('fromTheFuture', {})).toBe('fromTheFuture');
  });
});
