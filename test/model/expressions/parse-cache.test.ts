import { describe, expect, it } from 'vitest';
import { ExpressionError } from '../../../src/model/expressions/ast.js';
import { PARSE_CACHE_LIMIT, parseExpression, remember } from '../../../src/model/expressions/parser.js';
import { parseTemplate } from '../../../src/model/expressions/template.js';

describe('parse cache', () => {
  it('parses each expression and template text once: the same tree comes back', () => {
    const text = 'input.amount > 100 and input.currency == "EUR"';
    expect(parseExpression(text)).toBe(parseExpression(text));
    const template = 'Order {{ input.id }} for {{ input.customer.name }}';
    expect(parseTemplate(template)).toBe(parseTemplate(template));
    expect(parseTemplate(template)).toEqual({
      whole: false,
      parts: [
        { kind: 'text', text: 'Order ' },
        { kind: 'expr', expr: parseExpression('input.id'), source: 'input.id', offset: 9 },
        { kind: 'text', text: ' for ' },
        {
          kind: 'expr',
          expr: parseExpression('input.customer.name'),
          source: 'input.customer.name',
          offset: 28,
        },
      ],
    });
  });

  it('does not keep failures: a bad text throws the same error every time', () => {
    const first = (() => {
      try {
        parseTemplate('Hi {{ input. }}');
      } catch (e) {
        return e;
      }
    })();
    expect(first).toBeInstanceOf(ExpressionError);
    expect(() => parseTemplate('Hi {{ input. }}')).toThrow((first as Error).message);
  });

  it('is bounded: a full cache is emptied before it grows further', () => {
    const cache = new Map<string, number>();
    let parses = 0;
    const parse = (t: string) => {
      parses++;
      return t.length;
    };
    for (let i = 0; i < PARSE_CACHE_LIMIT; i++) remember(cache, `k${i}`, parse);
    expect(cache.size).toBe(PARSE_CACHE_LIMIT);
    remember(cache, 'k0', parse);
    expect(parses).toBe(PARSE_CACHE_LIMIT);
    remember(cache, 'one more', parse);
    expect(cache.size).toBe(1);
    expect(parses).toBe(PARSE_CACHE_LIMIT + 1);
  });
});
