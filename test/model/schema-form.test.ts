import { describe, expect, it } from 'vitest';
import type { JsonSchema } from '../../src/model/json-schema.js';
import { jsonSchemaIssues } from '../../src/model/json-schema.js';
import {
  emptyField,
  formFromSchema,
  type SchemaFormValue,
  schemaFromForm,
  summarizeSchema,
} from '../../src/model/schema-form.js';

const typed: JsonSchema = {
  type: 'object',
  description: 'An order',
  properties: {
    userId: { type: 'integer', description: 'Who orders', minimum: 1, maximum: 1000 },
    name: { type: 'string', minLength: 2, maxLength: 40 },
    size: { type: 'string', enum: ['S', 'M', 'L'] },
    score: { type: 'number', enum: [1.5, 2] },
    gift: { type: 'boolean' },
    tags: { type: 'array', items: { type: 'string' } },
    extra: { type: 'object' },
  },
  required: ['userId', 'tags'],
  additionalProperties: false,
};

describe('schema form ⇄ JSON Schema', () => {
  it('reads every common case into fields and writes the same schema back', () => {
    const read = formFromSchema(typed);
    if (!read.ok) throw new Error(read.reason);
    expect(read.form.closed).toBe(true);
    expect(read.form.fields.map((f) => [f.name, f.type, f.required])).toEqual([
      ['userId', 'integer', true],
      ['name', 'string', false],
      ['size', 'string', false],
      ['score', 'number', false],
      ['gift', 'boolean', false],
      ['tags', 'array', true],
      ['extra', 'object', false],
    ]);
    expect(read.form.fields[0]).toMatchObject({ min: '1', max: '1000', description: 'Who orders' });
    expect(read.form.fields[1]).toMatchObject({ min: '2', max: '40' });
    expect(read.form.fields[2]!.enumText).toBe('S, M, L');
    expect(read.form.fields[5]!.itemType).toBe('string');
    const back = schemaFromForm(read.form);
    expect(back).toEqual({ ok: true, schema: typed });
  });

  it('writes a valid schema from typed fields: enum lists parsed by type, empty bounds left out', () => {
    const form: SchemaFormValue = {
      closed: false,
      title: '',
      description: '',
      fields: [
        { ...emptyField('qty'), type: 'integer', required: true, enumText: '1, 2,3', min: '', max: '' },
        { ...emptyField('code'), min: '3' },
      ],
    };
    const out = schemaFromForm(form);
    expect(out).toEqual({
      ok: true,
      schema: {
        type: 'object',
        properties: { qty: { type: 'integer', enum: [1, 2, 3] }, code: { type: 'string', minLength: 3 } },
        required: ['qty'],
      },
    });
    if (out.ok) expect(jsonSchemaIssues(out.schema)).toEqual([]);
  });

  it('names the input to fix: empty and duplicate names, non-numbers, inverted bounds', () => {
    const form: SchemaFormValue = {
      closed: false,
      title: '',
      description: '',
      fields: [
        { ...emptyField(''), type: 'string' },
        { ...emptyField('a'), type: 'integer', enumText: '1, 2.5' },
        { ...emptyField('a'), type: 'number', min: '5', max: '1' },
        { ...emptyField('s'), type: 'string', min: '-1' },
      ],
    };
    const out = schemaFromForm(form);
    expect(out.ok).toBe(false);
    if (out.ok) return;
    expect(out.problems.map((p) => [p.field, p.input])).toEqual([
      [0, 'name'],
      [1, 'enum'],
      [2, 'name'],
      [2, 'max'],
      [3, 'min'],
    ]);
    expect(out.problems[1]!.message).toContain('"2.5" is not a whole number');
  });

  it('refuses what it cannot show, saying why (the tab opens those as raw JSON)', () => {
    const cases: Array<[JsonSchema, string]> = [
      [
        { type: 'object', properties: { a: { type: 'object', properties: { b: { type: 'string' } } } } },
        '"properties"',
      ],
      [{ type: 'object', properties: { a: { type: 'string', pattern: '^x' } } }, '"pattern"'],
      [{ type: 'object', properties: { a: { type: ['string', 'null'] } } }, 'single type'],
      [{ type: 'array', items: { type: 'string' } }, 'not {"type": "object"}'],
      [{ type: 'object', properties: { a: { type: 'array', items: { type: 'object' } } } }, 'items'],
      [{ type: 'object', properties: {}, default: {} }, '"default"'],
    ];
    for (const [schema, words] of cases) {
      const read = formFromSchema(schema);
      expect(read.ok, JSON.stringify(schema)).toBe(false);
      if (!read.ok) expect(read.reason).toContain(words);
    }
  });
});

describe('summarizeSchema', () => {
  it('lists fields with short types, * for required, item types of arrays', () => {
    expect(summarizeSchema(typed)).toBe(
      'userId:int*, name:string, size:string, score:number, gift:bool, tags:string[]*, … (1 more)',
    );
    expect(summarizeSchema({ type: 'object', properties: { total: { type: 'number' } } })).toBe(
      'total:number',
    );
    expect(summarizeSchema({ type: 'array', items: { type: 'integer' } })).toBe('int[]');
    expect(summarizeSchema(undefined)).toBeNull();
  });
});
