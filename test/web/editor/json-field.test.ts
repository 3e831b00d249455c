import { describe, expect, it } from 'vitest';
import { isJsonValueForm, jsonFieldText, jsonFieldValue } from '../../../src/web/editor/json-field.js';

describe('a json-template field in the editor (DESIGN §5: any JSON value)', () => {
  it('shows an object from the file as its JSON text, and text as is', () => {
    expect(jsonFieldText({ price: '{{ input.result.price }}' })).toBe(
      '{\n  "price": "{{ input.result.price }}"\n}',
    );
    expect(jsonFieldText('{{ input.result }}')).toBe('{{ input.result }}');
    expect(jsonFieldText(undefined)).toBe('');
    expect(jsonFieldText(3)).toBe('3');
  });

  it('saves edited text of an object field back as an object, so the file keeps its shape', () => {
    const form = isJsonValueForm({ price: 1 });
    expect(form).toBe(true);
    expect(jsonFieldValue('{"price": "{{ input.p }}", "n": [1]}', form)).toEqual({
      price: '{{ input.p }}',
      n: [1],
    });
    // Half-typed JSON stays text until it parses (validation shows where it breaks).
    expect(jsonFieldValue('{"price": ', form)).toBe('{"price": ');
    // A JSON string or an exact {{ expr }} is text either way: both mean the same thing.
    expect(jsonFieldValue('"{{ input.p }}"', form)).toBe('"{{ input.p }}"');
    expect(jsonFieldValue('{{ input }}', form)).toBe('{{ input }}');
    expect(jsonFieldValue('  ', form)).toBeUndefined();
  });

  it('keeps a text field as text', () => {
    expect(isJsonValueForm('{"a": 1}')).toBe(false);
    expect(jsonFieldValue('{"a": 1}', false)).toBe('{"a": 1}');
  });
});
