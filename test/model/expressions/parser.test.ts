import { describe, expect, it } from 'vitest';
import { type Expr, ExpressionError, type PathSegment } from '../../../src/model/expressions/ast.js';
import { FUNCTIONS } from '../../../src/model/expressions/functions.js';
import { formatExpressionError, parseExpression } from '../../../src/model/expressions/parser.js';

/** The tree without spans, so tests read as the grammar does. */
function shape(expr: Expr): unknown {
  switch (expr.kind) {
    case 'literal':
      return expr.value;
    case 'path': {
      const head = expr.nodeId ?? expr.name;
      const segments = expr.segments.map(segmentText);
      return `${expr.root}${head === undefined ? '' : `<${head}>`}${segments.join('')}`;
    }
    case 'compare':
    case 'logical':
      return [shape(expr.left), expr.op, shape(expr.right)];
    case 'not':
      return ['not', shape(expr.operand)];
    case 'arithmetic':
    case 'coalesce':
      return [shape(expr.left), expr.kind === 'coalesce' ? '??' : expr.op, shape(expr.right)];
    case 'negate':
      return ['-', shape(expr.operand)];
    case 'conditional':
      return ['?:', shape(expr.test), shape(expr.consequent), shape(expr.alternate)];
    case 'list':
      return { list: expr.items.map(shape) };
    case 'object':
      return { object: expr.entries.map((e) => [e.key, shape(e.value)]) };
    case 'call':
      return { call: expr.name, args: expr.args.map(shape) };
    case 'access':
      return { access: shape(expr.target), segments: expr.segments.map(segmentText).join('') };
  }
}

function segmentText(s: PathSegment): string {
  return s.kind === 'field'
    ? `.${s.name}`
    : s.kind === 'index'
      ? `[${s.index}]`
      : `[${JSON.stringify(s.key)}]`;
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
    // Expressions v2: arithmetic with Python's precedence, unary minus, ?:, ??, literals, calls.
    ['input.qty * input.price', ['input.qty', '*', 'input.price']],
    ['1 + 2 * 3', [1, '+', [2, '*', 3]]],
    ['(1 + 2) * 3', [[1, '+', 2], '*', 3]],
    ['10 - 4 - 3', [[10, '-', 4], '-', 3]],
    ['8 / 4 / 2', [[8, '/', 4], '/', 2]],
    ['7 % 3 * 2', [[7, '%', 3], '*', 2]],
    ['input.a - 1', ['input.a', '-', 1]],
    ['input.a-1', 'input.a-1'],
    ['input.a -1', ['input.a', '-', 1]],
    ['1 - -1', [1, '-', -1]],
    ['-input.n', ['-', 'input.n']],
    ['- 5', -5],
    ['-(5)', ['-', 5]],
    ['--input.n', ['-', ['-', 'input.n']]],
    ['-input.n * 2', [['-', 'input.n'], '*', 2]],
    ['input.a + 1 > 2', [['input.a', '+', 1], '>', 2]],
    ['input.a + 1 > 2 and not input.b', [[['input.a', '+', 1], '>', 2], 'and', ['not', 'input.b']]],
    ['input.q > 5 ? "bulk" : "single"', ['?:', ['input.q', '>', 5], 'bulk', 'single']],
    ['input.a ? 1 : input.b ? 2 : 3', ['?:', 'input.a', 1, ['?:', 'input.b', 2, 3]]],
    ['input.a ? input.b ? 1 : 2 : 3', ['?:', 'input.a', ['?:', 'input.b', 1, 2], 3]],
    ['input.a ?? input.b ? 1 : 2', ['?:', ['input.a', '??', 'input.b'], 1, 2]],
    ['input.missing ?? "n/a"', ['input.missing', '??', 'n/a']],
    ['input.a ?? input.b ?? 0', [['input.a', '??', 'input.b'], '??', 0]],
    ['input.a ?? input.b or input.c', ['input.a', '??', ['input.b', 'or', 'input.c']]],
    ['input.a ?? 1 + 2', ['input.a', '??', [1, '+', 2]]],
    ['[]', { list: [] }],
    ['[1, "a", [true], input.x]', { list: [1, 'a', { list: [true] }, 'input.x'] }],
    ['"a" in ["a", "b"]', ['a', 'in', { list: ['a', 'b'] }]],
    ['{}', { object: [] }],
    [
      '{"k": input.v, name: 1 + 1, "and": {}}',
      {
        object: [
          ['k', 'input.v'],
          ['name', [1, '+', 1]],
          ['and', { object: [] }],
        ],
      },
    ],
    ['{"a": input.x ? 1 : 2}', { object: [['a', ['?:', 'input.x', 1, 2]]] }],
    ['now()', { call: 'now', args: [] }],
    ['upper(trim(input.name))', { call: 'upper', args: [{ call: 'trim', args: ['input.name'] }] }],
    ['round(input.n)', { call: 'round', args: ['input.n'] }],
    ['round(input.n, 2)', { call: 'round', args: ['input.n', 2] }],
    ['min(1, 2, 3, 4)', { call: 'min', args: [1, 2, 3, 4] }],
    ['max(input.prices)', { call: 'max', args: ['input.prices'] }],
    ['len(input.s) + 1', [{ call: 'len', args: ['input.s'] }, '+', 1]],
    ['split(input.s, ",")[0]', { access: { call: 'split', args: ['input.s', ','] }, segments: '[0]' }],
    [
      'parseJson(input.body).user["id"]',
      { access: { call: 'parseJson', args: ['input.body'] }, segments: '.user["id"]' },
    ],
    ['(input.a ?? input.b).c', { access: ['input.a', '??', 'input.b'], segments: '.c' }],
    ['input.items[-1]', 'input.items[-1]'],
    ['nodes.fetch-user.total - 1', ['nodes<fetch-user>.total', '-', 1]],
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

const FUNCTION_LIST = `the functions are ${[...FUNCTIONS.keys()].join(', ')}`;

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
    ['input.a and and ,', "Expected an expression after 'and', found 'and' at 12", 12, 15],
    ['len(input.a, 1)', 'len() takes 1 argument, got 2 at 0: write len(value)', 0, 15],
    ['input.a, 1', "Unexpected ',' at 7: expected an operator or the end of the expression", 7, 8],
    ['input.a == 1 == 2', "Comparisons cannot be chained at 13: join them with 'and'", 13, 15],
    ['1 < input.n < 5', "Comparisons cannot be chained at 12: join them with 'and'", 12, 13],
    ['input.a && input.b', "Unexpected '&&' at 8: write 'and'", 8, 10],
    ['input.a || input.b', "Unexpected '||' at 8: write 'or'", 8, 10],
    ['!input.a', "Unexpected '!' at 0: write 'not'", 0, 1],
    ['input.a = 1', "Unexpected '=' at 8: write '==' to compare", 8, 9],
    ['input.a +', "Expected an expression after '+' at 9", 9, 9],
    ['input.a * / 2', "Expected an expression, found '/' at 10", 10, 11],
    ['input.a ** 2', "Unexpected '**' at 8: there is no power operator; multiply, or use a code node", 8, 10],
    ['input.a // 2', "Unexpected '//' at 8: for whole-number division write floor(a / b)", 8, 10],
    ['input.a?.b', "Unexpected '?.' at 7: paths are already safe on missing values: write a.b", 7, 9],
    ['input.a ? 1', "Expected ':' after 'cond ? value' at 11: write cond ? value : otherwise", 11, 11],
    ['input.a ? 1 2', "Unexpected '2' at 12: write cond ? value : otherwise", 12, 13],
    ['input.a : 1', "Unexpected ':' at 8: write cond ? value : otherwise", 8, 9],
    ['input.a ??', "Expected an expression after '??' at 10", 10, 10],
    ['[1, 2', "Unclosed '[' at 0: add ']'", 0, 1],
    ['[1 2]', "Unexpected '2' at 3: expected ',' or ']'", 3, 4],
    ['[1, ]', "Expected an expression, found ']' at 4", 4, 5],
    ['{"a" 1}', 'Expected \':\' after the key "a" at 5: write {"key": value}', 5, 6],
    ['{1: 2}', 'Expected a key, found \'1\' at 1: write {"key": value}', 1, 2],
    ['{"a": 1, "a": 2}', 'Duplicate key "a" at 9: each key may appear once', 9, 12],
    ['{"a": 1', "Unclosed '{' at 0: add '}'", 0, 1],
    ['{"a": }', "Expected an expression after ':' at 6", 6, 7],
    ['uper(input.s)', `Unknown function 'uper' at 0: ${FUNCTION_LIST} (did you mean 'upper'?)`, 0, 4],
    ['length(input.s)', `Unknown function 'length' at 0: ${FUNCTION_LIST} (did you mean 'len'?)`, 0, 6],
    ['foo(1)', `Unknown function 'foo' at 0: ${FUNCTION_LIST}`, 0, 3],
    ['input(1)', `'input' is not a function at 0: ${FUNCTION_LIST}`, 0, 5],
    ['upper()', 'upper() takes 1 argument, got 0 at 0: write upper(text)', 0, 7],
    ['now(1)', 'now() takes no arguments, got 1 at 0: write now()', 0, 6],
    ['round(1, 2, 3)', 'round() takes 1 or 2 arguments, got 3 at 0: write round(number, digits?)', 0, 14],
    ['min()', 'min() takes at least 1 argument, got 0 at 0: write min(value, more...)', 0, 5],
    [
      'replace(input.s, "a")',
      'replace() takes 3 arguments, got 2 at 0: write replace(text, old, new)',
      0,
      21,
    ],
    ['now', "'now' is a function at 0: call it: now()", 0, 3],
    ['upper(input.s', "Unclosed '(' at 5: add ')'", 5, 6],
    [
      '"a"[0]',
      "Unexpected '[' at 3: a literal has no fields; paths, function calls and (parenthesised expressions) do",
      3,
      4,
    ],
    ['1e999', 'The number 1e999 is too large at 0', 0, 5],
    ['input[-1.5]', 'Index -1.5 is not a whole number at 6', 6, 10],
    ['input.a @', "Unexpected character '@' at 8", 8, 9],
    ['(input.a', "Unclosed '(' at 0: add ')'", 0, 1],
    ['(', "Unclosed '(' at 0: add an expression and ')'", 0, 1],
    ['(input.a input.b)', "Unexpected 'input' at 9: expected ')' to close '('", 9, 14],
    ['input.a)', "Unexpected ')' at 7: there is no '(' to close", 7, 8],
    ['input.a input.b', "Unexpected 'input' at 8: expected an operator or the end of the expression", 8, 13],
    ['input.', "Expected a field name after '.' at 6", 6, 6],
    ['input[', 'Expected a number or a quoted key after \'[\' at 6: e.g. [0] or ["name"]', 6, 6],
    ['input[1.5]', 'Index 1.5 is not a whole number at 6', 6, 9],
    ['input[0', "Expected ']' to close '[' at 7", 7, 7],
    ['nodes', "Expected a node id after 'nodes' at 5: e.g. nodes.lookup", 5, 5],
    ['nodes[0]', "Expected a node id after 'nodes' at 5: e.g. nodes.lookup", 5, 8],
    ['env', "Expected an env var name after 'env' at 3: e.g. env.LOG_LEVEL", 3, 3],
    ['secrets', "Expected a secret name after 'secrets' at 7: e.g. secrets.API_KEY", 7, 7],
    [
      "'a'.b",
      "Unexpected '.' at 3: a literal has no fields; paths, function calls and (parenthesised expressions) do",
      3,
      4,
    ],
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
