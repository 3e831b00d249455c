import { describe, expect, it } from 'vitest';
import { ExpressionError } from '../../../src/model/expressions/ast.js';
import { formatExpressionError, parseExpression } from '../../../src/model/expressions/parser.js';
import { collectReferences } from '../../../src/model/expressions/references.js';
import { parseTemplate, templateHasExpressions } from '../../../src/model/expressions/template.js';

function errorOf(text: string): ExpressionError {
  try {
    parseTemplate(text);
  } catch (err) {
    if (err instanceof ExpressionError) return err;
    throw err;
  }
  throw new Error(`expected ${JSON.stringify(text)} to fail`);
}

/** Parts as [kind, text-or-source, offset]. */
function parts(text: string): unknown[] {
  return parseTemplate(text).parts.map((p) => (p.kind === 'text' ? p.text : [p.source, p.offset]));
}

describe('parseTemplate', () => {
  it('keeps plain text as one text part', () => {
    expect(parseTemplate('hello')).toEqual({ parts: [{ kind: 'text', text: 'hello' }], whole: false });
  });

  it('gives the empty string no parts', () => {
    expect(parseTemplate('')).toEqual({ parts: [], whole: false });
  });

  it('marks a string that is exactly one expression as whole, spaces inside the braces allowed', () => {
    const template = parseTemplate('{{   input.userId  }}');
    expect(template.whole).toBe(true);
    expect(parts('{{   input.userId  }}')).toEqual([['input.userId', 5]]);
    expect(parseTemplate('{{input}}').whole).toBe(true);
  });

  it('is not whole when text surrounds the expression', () => {
    expect(parseTemplate(' {{ input }}').whole).toBe(false);
    expect(parseTemplate('{{ input }} ').whole).toBe(false);
    expect(parseTemplate('{{ input.a }}{{ input.b }}').whole).toBe(false);
  });

  it('splits text and expressions with the offset of each expression', () => {
    expect(parts('Hi {{ input.name }}, you owe {{nodes.bill.total}}!')).toEqual([
      'Hi ',
      ['input.name', 6],
      ', you owe ',
      ['nodes.bill.total', 31],
      '!',
    ]);
  });

  it('does not end an expression at a }} inside a string literal', () => {
    expect(parts('a {{ input.x == "}}" }} b')).toEqual(['a ', ['input.x == "}}"', 5], ' b']);
    expect(parts("{{ input.x == 'it\\'s }}' }}")).toEqual([["input.x == 'it\\'s }}'", 3]]);
  });

  it('does not end an expression at the }} of nested object literals', () => {
    expect(parts('{{ {"a": {"b": input.x}} }}')).toEqual([['{"a": {"b": input.x}}', 3]]);
    expect(parts('{{{"a": 1}}}!')).toEqual([['{"a": 1}', 2], '!']);
    // An unbalanced brace: the first }} closes, so the parser reports the mistake where it is.
    expect(errorOf('{{ {"a": 1 }} tail').message).toBe("Unclosed '{' at 3: add '}'");
    expect(errorOf('{{ {{ input }} }}').message).toBe(
      "Unexpected '{{' at 3: write the expression without {{ }}",
    );
  });

  it('leaves a lone }} in text alone', () => {
    expect(parts('a }} b')).toEqual(['a }} b']);
  });

  it('parses the expressions of its parts', () => {
    const template = parseTemplate('{{ nodes.lookup.id }} and {{ secrets.KEY }}');
    const exprs = template.parts.flatMap((p) => (p.kind === 'expr' ? [collectReferences(p.expr)] : []));
    expect(exprs.map((r) => [r.nodes.map((n) => n.id), r.secrets.map((s) => s.name)])).toEqual([
      [['lookup'], []],
      [[], ['KEY']],
    ]);
  });
});

describe('parseTemplate errors are placed in the template text', () => {
  const table: Array<[string, string, number, number]> = [
    ['Hello {{ input.name', "Unterminated '{{' at 6: close it with '}}'", 6, 19],
    ['Hello {{ }} there', "Empty '{{ }}' at 6: put an expression inside, e.g. {{ input.name }}", 6, 11],
    ['Hello {{}}', "Empty '{{ }}' at 6: put an expression inside, e.g. {{ input.name }}", 6, 10],
    ['a {{ input.b and }}', "Expected an expression after 'and' at 16", 16, 16],
    ['x {{ input.a }} y {{ input.b && 1 }}', "Unexpected '&&' at 29: write 'and'", 29, 31],
    ["{{ 'abc }}", 'Unterminated string starting at 3', 3, 7],
    ['id: {{ user.id }}', "Unknown root 'user': use input, trigger, nodes, env or secrets", 7, 11],
  ];

  it.each(table)('%j', (text, message, start, end) => {
    const err = errorOf(text);
    expect(err.message).toBe(message);
    expect(err.span).toEqual({ start, end });
  });

  it('formats with a caret under the template text', () => {
    const text = 'Total: {{ input.total > }}';
    expect(formatExpressionError(text, errorOf(text))).toBe(
      "Expected an expression after '>' at 23\n  Total: {{ input.total > }}\n                         ^",
    );
  });
});

describe('templateHasExpressions', () => {
  it('is true for any text with {{', () => {
    expect(templateHasExpressions('a {{ input }}')).toBe(true);
    expect(templateHasExpressions('a {{ broken')).toBe(true);
    expect(templateHasExpressions('plain }} text')).toBe(false);
  });
});

describe('collectReferences', () => {
  it('lists nodes, env vars and secrets with the span of each name, in source order', () => {
    const source = 'nodes.a.x == env.MODE and (secrets.KEY in output["b-2"] or not nodes.a)';
    const at = (text: string, from = 0) => {
      const start = source.indexOf(text, from);
      return { start, end: start + text.length };
    };
    expect(collectReferences(parseExpression(source))).toEqual({
      nodes: [
        { id: 'a', span: at('a') },
        { id: 'b-2', span: at('["b-2"]') },
        { id: 'a', span: { start: source.length - 2, end: source.length - 1 } },
      ],
      env: [{ name: 'MODE', span: at('MODE') }],
      secrets: [{ name: 'KEY', span: at('KEY') }],
    });
  });

  it('looks inside every kind of expression: calls, literals, ?:, ??, arithmetic, access', () => {
    const source =
      '-nodes.a.n + len([env.A, {"k": secrets.B}]) > 0 ? (nodes.b ?? env.C).x : default(secrets.D, nodes.c)';
    const refs = collectReferences(parseExpression(source));
    expect(refs.nodes.map((n) => n.id)).toEqual(['a', 'b', 'c']);
    expect(refs.env.map((n) => n.name)).toEqual(['A', 'C']);
    expect(refs.secrets.map((n) => n.name)).toEqual(['B', 'D']);
  });

  it('finds nothing in input and trigger paths or literals', () => {
    const part = parseTemplate('{{ input.a == trigger.b or 1 == null }}').parts[0]!;
    if (part.kind !== 'expr') throw new Error('expected an expression');
    expect(collectReferences(part.expr)).toEqual({ nodes: [], env: [], secrets: [] });
  });
});
