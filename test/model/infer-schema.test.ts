import { describe, expect, it } from 'vitest';
import { inferSchema, mergeSchemas } from '../../src/model/infer-schema.js';
import { jsonSchemaIssues, valueProblems } from '../../src/model/json-schema.js';

describe('inferSchema', () => {
  it('types each field, integers apart from numbers, every present field required', () => {
    const input = { userId: 42, price: 9.5, name: 'Ada', active: true, note: null };
    expect(inferSchema(input)).toEqual({
      type: 'object',
      properties: {
        userId: { type: 'integer' },
        price: { type: 'number' },
        name: { type: 'string' },
        active: { type: 'boolean' },
        note: { type: 'null' },
      },
      required: ['userId', 'price', 'name', 'active', 'note'],
    });
  });

  it('builds array items from every element: numbers merge, objects keep only common required keys', () => {
    expect(inferSchema([1, 2.5, 3])).toEqual({ type: 'array', items: { type: 'number' } });
    expect(inferSchema([1, 2])).toEqual({ type: 'array', items: { type: 'integer' } });
    expect(inferSchema([])).toEqual({ type: 'array' });
    expect(
      inferSchema({
        items: [
          { sku: 'a', qty: 1 },
          { sku: 'b', qty: 2, gift: true },
        ],
      }),
    ).toEqual({
      type: 'object',
      properties: {
        items: {
          type: 'array',
          items: {
            type: 'object',
            properties: { sku: { type: 'string' }, qty: { type: 'integer' }, gift: { type: 'boolean' } },
            required: ['sku', 'qty'],
          },
        },
      },
      required: ['items'],
    });
    expect(inferSchema(['a', 1])).toEqual({ type: 'array', items: { type: ['integer', 'string'] } });
  });

  it('merges mixed types into a type list without integer beside number', () => {
    expect(mergeSchemas({ type: 'integer' }, { type: ['number', 'null'] })).toEqual({
      type: ['null', 'number'],
    });
  });

  it('proposes a valid schema of the subset that the value itself passes', () => {
    const value = {
      order: { id: 'o-1', lines: [{ qty: 2, price: 3.25 }], tags: ['x'] },
      total: 6.5,
      ok: true,
    };
    const schema = inferSchema(value);
    expect(jsonSchemaIssues(schema)).toEqual([]);
    expect(valueProblems(schema, value)).toEqual([]);
    expect(valueProblems(schema, { ...value, total: 'six' }).map((p) => p.path)).toEqual(['$.total']);
  });
});
