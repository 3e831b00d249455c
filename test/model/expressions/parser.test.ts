import { describe, expect, it } from 'vitest';
import { type Expr, ExpressionError } from '../../../src/model/expressions/ast.js';
import { formatExpressionError, parseExpression } from '../../../src/model/expressions/parser.js';

/** The tree without spans, so tests read as the grammar does. */
function shape(expr: Expr): unknown {
  switch (expr.kind) {
    case 'literal':
      return expr.value;
    case 'path': {
      const head = expr.nodeId ?? expr.name;
      const segments = expr.segments.map((s) =>
        s.kind === 'field'
          ? `.${s.name}`
          : s.kind === 'index'
            ? `[${s.index}]`
            : `[${JSON.stringify(s.key)}]`,
      );
      return `${expr.root}${head === undefined ? '' : `<${head}>`}${segments.join('')}`;
    }
    case 'compare':
    case 'logical':
      return [shape(expr.left), expr.op, shape(expr.right)];
    case 'not':
      return ['not', shape(expr.operand)];
  }
}

function errorOf(source: string): ExpressionError {
  try {
    parseExpression(source);
  } catch (err) {
    if (err instanceof ExpressionError) return err;
    throw err;
  }
  throw new Error(`expected ${JSON.stringify(source)} to fail`);
}

describe('parseExpression: valid inputs', () => {
  const table: Array<[string, unknown]> = [
    ['42', 42],
    ['-7', -7],
    ['3.25', 3.25],
    ['-0.5', -0.5],
    ['1e3', 1000],
    ["'single'", 'single'],
    ['"double"', 'double'],
    ['"esc \\" \\\\ \\n \\u0041"', 'esc " \\ \n A'],
    ["'it\\'s'", "it's"],
    ['true', true],
    ['false', false],
    ['null', null],
    ['input', 'input'],
    ['trigger.user.id', 'trigger.user.id'],
    ['input.items[0]', 'input.items[0]'],
    ['input.items[-1]', 'input.items[-1]'],
    ['input["content-type"]', 'input["content-type"]'],
    ["input['a b']", 'input["a b"]'],
    ['nodes.lookup.result', 'nodes<lookup>.result'],
    ['nodes.fetch-user.body', 'nodes<fetch-user>.body'],
    ['nodes["my-id"]', 'nodes<my-id>'],
    ['nodes.my_id', 'nodes<my_id>'],
    ['nodes.2nd', 'nodes<2nd>'],
    ['output.lookup.result', 'nodes<lookup>.result'],
    ['env.LOG_LEVEL', 'env<LOG_LEVEL>'],
    ['env["LOG_LEVEL"]', 'env<LOG_LEVEL>'],
    ['secrets.API_KEY', 'secrets<API_KEY>'],
    ['input.and.or', 'input.and.or'],
    ['input.a == 1', ['input.a', '==', 1]],
    ['input.a != "x"', ['input.a', '!=', 'x']],
    ['input.n < 1', ['input.n', '<', 1]],
    ['input.n <= 1', ['input.n', '<=', 1]],
    ['input.n > 1', ['input.n', '>', 1]],
    ['input.n >= 1', ['input.n', '>=', 1]],
    ['"a" in input.tags', ['a', 'in', 'input.tags']],
    ['"a" not in input.tags', ['not', ['a', 'in', 'input.tags']]],
    ['input.a and input.b', ['input.a', 'and', 'input.b']],
    ['input.a or input.b and input.c', ['input.a', 'or', ['input.b', 'and', 'input.c']]],
    ['input.a and input.b or input.c', [['input.a', 'and', 'input.b'], 'or', 'input.c']],
    ['not input.a == 1', ['not', ['input.a', '==', 1]]],
    ['not not input.a', ['not', ['not', 'input.a']]],
    ['not input.a and input.b', [['not', 'input.a'], 'and', 'input.b']],
    ['(input.a or input.b) and input.c', [['input.a', 'or', 'input.b'], 'and', 'input.c']],
    ['(input.n > 1) == true', [['input.n', '>', 1], '==', true]],
    ['  input.a  ==\n 1 ', ['input.a', '==', 1]],
  ];

  it.each(table)('%s', (source, expected) => {
    expect(shape(parseExpression(source))).toEqual(expected);
  });

  it('records exact spans for paths, names and segments', () => {
    const expr = parseExpression('nodes.lookup.items[2]');
    expect(expr).toEqual({
      kind: 'path',
      root: 'nodes',
      rootSpan: { start: 0, end: 5 },
      nodeId: 'lookup',
      nameSpan: { start: 6, end: 12 },
      segments: [
        { kind: 'field', name: 'items', span: { start: 13, end: 18 } },
        { kind: 'index', index: 2, span: { start: 18, end: 21 } },
      ],
      span: { start: 0, end: 21 },
    });
  });

  it('spans a comparison from its left to its right operand', () => {
    const expr = parseExpression('  input.a == "x"  ');
    expect(expr.span).toEqual({ start: 2, end: 16 });
  });

  it('normalises the output alias but keeps the span of the word the user wrote', () => {
    const expr = parseExpression('output.a');
    expect(expr).toMatchObject({ root: 'nodes', nodeId: 'a', rootSpan: { start: 0, end: 6 } });
  });
});

describe('parseExpression: errors name the place', () => {
  const table: Array<[string, string, number, number]> = [
    ['input.a and', "Expected an expression after 'and' at 11", 11, 11],
    ['input.a or ', "Expected an expression after 'or' at 11", 11, 11],
    ['not', "Expected an expression after 'not' at 3", 3, 3],
    ['input.a ==', "Expected an expression after '==' at 10", 10, 10],
    ['"a" in', "Expected an expression after 'in' at 6", 6, 6],
    ['input.a and or input.b', "Expected an expression after 'and', found 'or' at 12", 12, 14],
    ['"a" not in', "Expected an expression after 'not in' at 10", 10, 10],
    ["input.a == 'abc", 'Unterminated string starting at 11', 11, 15],
    ['"a\\q"', "Unknown escape '\\q' at 2: write '\\\\' for a backslash", 2, 4],
    ['"\\u12"', 'Expected four hex digits after \\u at 1', 1, 3],
    ['foo.bar', "Unknown root 'foo': use input, trigger, nodes, env or secrets", 0, 3],
    ['input.a == x', "Unknown root 'x': use input, trigger, nodes, env or secrets", 11, 12],
    [
      'None',
      "Unknown root 'None': use input, trigger, nodes, env or secrets (for the literal, write null)",
      0,
      4,
    ],
    [
      'inputs.a',
      "Unknown root 'inputs': use input, trigger, nodes, env or secrets (did you mean 'input'?)",
      0,
      6,
    ],
    [
      'secret.KEY',
      "Unknown root 'secret': use input, trigger, nodes, env or secrets (did you mean 'secrets'?)",
      0,
      6,
    ],
    ['{{ input.a }}', "Unexpected '{{' at 0: write the expression without {{ }}", 0, 2],
    [
      '"a" in ["a", "b"]',
      "Expected an expression, found '[' at 7: lists cannot be written in expressions; compare each value and join them with 'or'",
      7,
      8,
    ],
    ['input.a and and ,', "Expected an expression after 'and', found 'and' at 12", 12, 15],
    ['len(input.a, 1)', "Unknown root 'len': use input, trigger, nodes, env or secrets", 0, 3],
    ['input.a, 1', "Unexpected ',' at 7: lists and function calls cannot be written in expressions", 7, 8],
    ['input.a == 1 == 2', "Comparisons cannot be chained at 13: join them with 'and'", 13, 15],
    ['1 < input.n < 5', "Comparisons cannot be chained at 12: join them with 'and'", 12, 13],
    ['input.a && input.b', "Unexpected '&&' at 8: write 'and'", 8, 10],
    ['input.a || input.b', "Unexpected '||' at 8: write 'or'", 8, 10],
    ['!input.a', "Unexpected '!' at 0: write 'not'", 0, 1],
    ['input.a = 1', "Unexpected '=' at 8: write '==' to compare", 8, 9],
    ['input.a + 1', "Unexpected '+' at 8: expressions have no arithmetic; use a code node", 8, 9],
    ['input.a @', "Unexpected character '@' at 8", 8, 9],
    ['(input.a', "Unclosed '(' at 0: add ')'", 0, 1],
    ['(', "Unclosed '(' at 0: add an expression and ')'", 0, 1],
    ['(input.a input.b)', "Unexpected 'input' at 9: expected ')' to close '('", 9, 14],
    ['input.a)', "Unexpected ')' at 7: there is no '(' to close", 7, 8],
    [
      'input.a input.b',
      "Unexpected 'input' at 8: expected 'and', 'or', a comparison or the end of the expression",
      8,
      13,
    ],
    ['input.', "Expected a field name after '.' at 6", 6, 6],
    ['input[', 'Expected a number or a quoted key after \'[\' at 6: e.g. [0] or ["name"]', 6, 6],
    ['input[1.5]', 'Index 1.5 is not a whole number at 6', 6, 9],
    ['input[0', "Expected ']' to close '[' at 7", 7, 7],
    ['nodes', "Expected a node id after 'nodes' at 5: e.g. nodes.lookup", 5, 5],
    ['nodes[0]', "Expected a node id after 'nodes' at 5: e.g. nodes.lookup", 5, 8],
    ['env', "Expected an env var name after 'env' at 3: e.g. env.LOG_LEVEL", 3, 3],
    ['secrets', "Expected a secret name after 'secrets' at 7: e.g. secrets.API_KEY", 7, 7],
    ["'a'.b", "Unexpected '.' at 3: only input, trigger, nodes, env and secrets have fields", 3, 4],
    ['5abc', "Unexpected 'a' after the number 5 at 1", 1, 2],
    ['== 1', "Expected an expression, found '==' at 0", 0, 2],
    ['and', "Expected an expression before 'and' at 0", 0, 3],
    ['', 'Empty expression at 0: write one, e.g. input.amount > 100', 0, 0],
    ['   ', 'Empty expression at 0: write one, e.g. input.amount > 100', 0, 3],
  ];

  it.each(table)('%j', (source, message, start, end) => {
    const err = errorOf(source);
    expect(err.message).toBe(message);
    expect(err.span).toEqual({ start, end });
  });
});

describe('formatExpressionError', () => {
  it('puts a caret under the span', () => {
    const source = 'input.a && input.b';
    expect(formatExpressionError(source, errorOf(source))).toBe(
      "Unexpected '&&' at 8: write 'and'\n  input.a && input.b\n          ^^",
    );
  });

  it('shows only the line that holds the error', () => {
    const source = 'input.a ==\n  foo';
    expect(formatExpressionError(source, errorOf(source))).toBe(
      "Unknown root 'foo': use input, trigger, nodes, env or secrets\n    foo\n    ^^^",
    );
  });

  it('draws one caret for an error at the end', () => {
    const source = 'input.a and';
    expect(formatExpressionError(source, errorOf(source))).toBe(
      "Expected an expression after 'and' at 11\n  input.a and\n             ^",
    );
  });
});
