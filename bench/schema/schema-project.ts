/**
 * The app of the schema benchmark: two public workflows doing the same work on the same order —
 * one without schemas, one with an inputSchema of 10 fields (formats, a pattern, an enum, bounds
 * and a nested list of objects) and an outputSchema. The difference is what the validators cost.
 */
import { type ProjectManifest, projectManifestSchema } from '../../src/model/project.js';
import type { Project } from '../../src/model/project-files.js';
import { type Workflow, workflowSchema } from '../../src/model/workflow.js';

export const SCHEMA_TARGET = 'bench';

export const ENDPOINTS = { plain: '/api/order_plain', typed: '/api/order_typed' } as const;
export type SchemaVariant = keyof typeof ENDPOINTS;
export const SCHEMA_VARIANTS: readonly SchemaVariant[] = ['plain', 'typed'];

const ITEM = (k: number) => ({ sku: `SKU-${100 + k}`, qty: k + 1, price: 9.5 + k });

export const ORDER = {
  id: '123e4567-e89b-12d3-a456-426614174000',
  customer: 'Ada Lovelace',
  email: 'ada@example.com',
  website: 'https://example.com/ada',
  country: 'GB',
  priority: 3,
  express: true,
  createdAt: '2026-01-05T10:00:00Z',
  deliveryDate: '2026-01-09',
  items: [0, 1, 2, 3, 4].map(ITEM),
};
export const REQUEST_BODY = JSON.stringify(ORDER);
export const EXPECTED = { customer: 'Ada Lovelace', count: 5, quantity: 15, total: 182.5 } as const;

export const INPUT_SCHEMA = {
  type: 'object',
  required: ['id', 'customer', 'email', 'country', 'items'],
  additionalProperties: false,
  properties: {
    id: { type: 'string', format: 'uuid' },
    customer: { type: 'string', minLength: 1, maxLength: 100 },
    email: { type: 'string', format: 'email' },
    website: { type: 'string', format: 'uri' },
    country: { enum: ['GB', 'FR', 'DE', 'US'] },
    priority: { type: 'integer', minimum: 1, maximum: 5 },
    express: { type: 'boolean', default: false },
    createdAt: { type: 'string', format: 'date-time' },
    deliveryDate: { type: 'string', format: 'date' },
    items: {
      type: 'array',
      minItems: 1,
      maxItems: 100,
      items: {
        type: 'object',
        required: ['sku', 'qty', 'price'],
        properties: {
          sku: { type: 'string', pattern: '^SKU-[0-9]+$' },
          qty: { type: 'integer', minimum: 1 },
          price: { type: 'number', exclusiveMinimum: 0 },
        },
      },
    },
  },
};

export const OUTPUT_SCHEMA = {
  type: 'object',
  required: ['customer', 'count', 'quantity', 'total'],
  properties: {
    customer: { type: 'string' },
    count: { type: 'integer', minimum: 0 },
    quantity: { type: 'integer', minimum: 0 },
    total: { type: 'number', minimum: 0 },
  },
};

const SUMMARY_CODE = [
  'items = input["items"]',
  'return {',
  '    "customer": input["customer"],',
  '    "count": len(items),',
  '    "quantity": sum(i["qty"] for i in items),',
  '    "total": sum(i["qty"] * i["price"] for i in items),',
  '}',
].join('\n');

function workflow(id: string, path: string, typed: boolean): Workflow {
  return workflowSchema.parse({
    id,
    name: id,
    deploymentTargetId: SCHEMA_TARGET,
    visibility: 'public',
    endpoint: { method: 'POST', path },
    ...(typed ? { inputSchema: INPUT_SCHEMA, outputSchema: OUTPUT_SCHEMA } : {}),
    nodes: {
      summary: { id: 'summary', type: 'code', name: 'Summarize', config: { code: SUMMARY_CODE } },
    },
    edges: [],
  });
}

function manifest(): ProjectManifest {
  return projectManifestSchema.parse({
    schemaVersion: 1,
    id: 'proj_benchschema',
    name: 'bench-schema',
    version: '0.1.0',
    createdAt: '2026-01-05T10:00:00.000Z',
    updatedAt: '2026-01-05T10:00:00.000Z',
    deploymentTargets: {
      [SCHEMA_TARGET]: { id: SCHEMA_TARGET, name: 'Bench', platform: 'docker', platformConfig: {} },
    },
  });
}

export function schemaProject(): Project {
  return {
    manifest: manifest(),
    workflows: [
      workflow('order_plain', ENDPOINTS.plain, false),
      workflow('order_typed', ENDPOINTS.typed, true),
    ].map((w) => ({ file: `workflows/${w.id}.json`, workflow: w })),
  };
}
