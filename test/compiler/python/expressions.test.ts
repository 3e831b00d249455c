import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Emitter } from '../../../src/compiler/python/emitter.js';
import { compileCondition, compileExpression, guardField } from '../../../src/compiler/python/expressions.js';
import { Imports } from '../../../src/compiler/python/imports.js';
import { compileJsonTemplate, compileTemplate } from '../../../src/compiler/python/templates.js';
import { parseExpression } from '../../../src/model/expressions/parser.js';
import { removeDir, runPython, runtimeAssets, writeApp } from './support.js';

const py = (source: string) => compileExpression(parseExpression(source), new Imports());

describe('expressions compile to runtime helper calls', () => {
  it.each([
    ['input', 'input'],
    ['input.user[0]["first name"]', 'rt_get(rt_get(rt_get(input, "user"), 0), "first name")'],
    ['trigger.id', 'rt_get(context.trigger, "id")'],
    ['nodes.fetch-user.body', 'rt_get(context.output("fetch-user"), "body")'],
    ['output.shape', 'context.output("shape")'],
    ['env.LOG_LEVEL', 'rt_env("LOG_LEVEL")'],
    ['secrets.API_KEY', 'rt_secret("API_KEY")'],
    ['input.a == null', 'rt_eq(rt_get(input, "a"), None)'],
    ['input.n >= 1.5', 'rt_ge(rt_get(input, "n"), 1.5)'],
    ['"x" in input.tags', 'rt_in("x", rt_get(input, "tags"))'],
    ['"x" not in input.tags', 'rt_not(rt_in("x", rt_get(input, "tags")))'],
    [
      'input.a and not input.b or input.c != "q\\"uote"',
      'rt_or(rt_and(rt_get(input, "a"), rt_not(rt_get(input, "b"))), rt_ne(rt_get(input, "c"), "q\\"uote"))',
    ],
    ['true', 'True'],
    ['(input.x < 3)', 'rt_lt(rt_get(input, "x"), 3)'],
    ['input.qty * input.price', 'rt_mul(rt_get(input, "qty"), rt_get(input, "price"))'],
    ['1 + 2 * 3 - -4 / 5 % 6', 'rt_sub(rt_add(1, rt_mul(2, 3)), rt_mod(rt_div(-4, 5), 6))'],
    ['-input.n', 'rt_neg(rt_get(input, "n"))'],
    ['input.a ? 1 : 2', '(1 if rt_truthy(rt_get(input, "a")) else 2)'],
    ['input.a > 1 ? 1 : 2', '(1 if rt_gt(rt_get(input, "a"), 1) else 2)'],
    ['input.a ?? "n/a"', 'rt_coalesce(rt_get(input, "a"), "n/a")'],
    [
      'input.a ?? 1 / input.b',
      '(_v if (_v := rt_get(input, "a")) is not None else rt_div(1, rt_get(input, "b")))',
    ],
    ['default(input.a, 0)', 'rt_coalesce(rt_get(input, "a"), 0)'],
    [
      'input.b and 1 / input.b',
      '(rt_div(1, rt_get(input, "b")) if rt_truthy(_v := rt_get(input, "b")) else _v)',
    ],
    [
      'input.b or 1 / input.b',
      '(_v if rt_truthy(_v := rt_get(input, "b")) else rt_div(1, rt_get(input, "b")))',
    ],
    ['[1, input.a, []]', '[1, rt_get(input, "a"), []]'],
    ['{"k": 1, "a b": {}}', '{"k": 1, "a b": {}}'],
    ['upper(trim(input.name))', 'rt_upper(rt_trim(rt_get(input, "name")))'],
    ['round(input.n, 2)', 'rt_round(rt_get(input, "n"), 2)'],
    ['max(1, 2, 3)', 'rt_max(1, 2, 3)'],
    ['str(input.n)', 'rt_text(rt_get(input, "n"))'],
    ['bool(input.n)', 'rt_truthy(rt_get(input, "n"))'],
    ['startsWith(input.s, "a")', 'rt_starts_with(rt_get(input, "s"), "a")'],
    ['parseJson(input.body).id', 'rt_get(rt_parse_json(rt_get(input, "body")), "id")'],
    ['split(input.s, ",")[0]', 'rt_get(rt_split(rt_get(input, "s"), ","), 0)'],
  ])('%s', (source, expected) => {
    expect(py(source)).toBe(expected);
  });

  it('imports exactly the helpers it uses', () => {
    const imports = new Imports();
    expect(compileCondition(parseExpression('input.a > 1'), imports)).toBe('rt_gt(rt_get(input, "a"), 1)');
    expect(compileCondition(parseExpression('input.a or input.b'), imports)).toBe(
      'rt_truthy(rt_or(rt_get(input, "a"), rt_get(input, "b")))',
    );
    const out = new Emitter();
    imports.emit(out);
    expect(out.toString()).toBe('from runtime import rt_get, rt_gt, rt_or, rt_truthy\n');
  });
});

describe('templates compile per DESIGN §5', () => {
  const tpl = (text: string) => compileTemplate(text, new Imports(), 'text');
  it('keeps the type of a whole {{ expr }}, else builds text', () => {
    expect(tpl('{{ input.n }}')).toBe('rt_get(input, "n")');
    expect(tpl('  {{ input.n }}')).toBe('"  " + rt_text(rt_get(input, "n"))');
    expect(tpl('Hi {{ input.name }}!')).toBe('"Hi " + rt_text(rt_get(input, "name")) + "!"');
    expect(tpl('plain "text"')).toBe('"plain \\"text\\""');
    expect(tpl('')).toBe('""');
  });

  it('parses json-template text now, then treats each string as a template', () => {
    const imports = new Imports();
    expect(
      compileJsonTemplate(
        '{"id": "{{ input.id }}", "n": 2, "tags": ["a", "{{ input.t }}"], "ok": null}',
        imports,
        'None',
        'body',
      ),
    ).toBe('{"id": rt_get(input, "id"), "n": 2, "tags": ["a", rt_get(input, "t")], "ok": None}');
    expect(compileJsonTemplate('{{ input }}', imports, 'None', 'body')).toBe('input');
    expect(compileJsonTemplate({ p: '{{ input.p }}' }, imports, 'None', 'body')).toBe(
      '{"p": rt_get(input, "p")}',
    );
    expect(compileJsonTemplate('  ', imports, 'None', 'body')).toBe('None');
  });

  it('wraps a field whose expressions can fail in rt_field, named by its path in the config', () => {
    const imports = new Imports();
    expect(compileTemplate('{{ input.a / input.b }}', imports, 'fields.ratio')).toBe(
      'rt_field("fields.ratio", lambda: rt_div(rt_get(input, "a"), rt_get(input, "b")))',
    );
    expect(compileTemplate('n = {{ len(input.s) }}', imports, 'url')).toBe(
      'rt_field("url", lambda: "n = " + rt_text(rt_len(rt_get(input, "s"))))',
    );
    expect(
      compileJsonTemplate('{"a": ["{{ -input.n }}"], "b": "{{ input.n }}"}', imports, 'None', 'body'),
    ).toBe('{"a": [rt_field("body.a[0]", lambda: rt_neg(rt_get(input, "n")))], "b": rt_get(input, "n")}');
    // Functions that cannot fail, and everything expressions v1 had, need no wrapper.
    expect(
      compileTemplate('{{ str(input.n) + "" == json(input) ?? contains(input, 1) }}', imports, 'x'),
    ).toContain('rt_field');
    expect(compileTemplate('{{ str(input.n) == json(input) ?? contains(input, now()) }}', imports, 'x')).toBe(
      'rt_coalesce(rt_eq(rt_text(rt_get(input, "n")), rt_json(input)), rt_contains(input, rt_now()))',
    );
  });
});

/**
 * The semantics, checked in real Python: each case compiles an expression and evaluates it
 * against an input with the runtime's helpers.
 */
describe('compiled expressions behave as documented in runtime/expressions.py', () => {
  const cases: Array<[source: string, input: unknown, expected: unknown]> = [
    ['input.a.b.c', {}, null],
    ['input.list[5]', { list: [1] }, null],
    ['input.list[-1]', { list: [1] }, null],
    ['input.list[1]', { list: [1, 2] }, 2],
    ['input.list["1"]', { list: [1, 2] }, 2],
    ['input.s[0]', { s: 'abc' }, 'a'],
    ['input.n.x', { n: 5 }, null],
    ['input.missing < 3', {}, false],
    ['input.missing > 3', {}, false],
    ['input.missing == null', {}, true],
    ['input.s < 3', { s: 'a' }, false],
    ['input.s < "b"', { s: 'a' }, true],
    ['input.n <= 2', { n: 2 }, true],
    ['input.flag == 1', { flag: true }, false],
    ['input.o == input.p', { o: { a: [1] }, p: { a: [1] } }, true],
    ['"b" in input.s', { s: 'abc' }, true],
    ['2 in input.l', { l: [1, 2] }, true],
    ['true in input.l', { l: [1, 2] }, false],
    ['"k" in input.o', { o: { k: 1 } }, true],
    ['"k" in input.missing', {}, false],
    ['input.name or "anonymous"', { name: '' }, 'anonymous'],
    ['input.name or "anonymous"', { name: 'Ada' }, 'Ada'],
    ['input.a and input.b', { a: 1, b: 2 }, 2],
    ['input.a and input.b', { a: 0, b: 2 }, 0],
    ['not input.list', { list: [] }, true],
    ['not input.obj', { obj: {} }, true],
    ['not input.zero', { zero: 0 }, true],
    ['not input.text', { text: 'x' }, false],
  ];

  it('for every case', () => {
    const dir = writeApp(runtimeAssets().map((asset) => ({ ...asset, kind: 'python' as const })));
    try {
      const lines = [
        'import json',
        'from runtime import *',
        'class Ctx:',
        '    trigger = None',
        '    def output(self, node_id): return None',
        'context = Ctx()',
        'results = []',
      ];
      for (const [source, input] of cases) {
        lines.push(`input = json.loads(${JSON.stringify(JSON.stringify(input))})`);
        lines.push(`results.append(${py(source)})`);
      }
      lines.push('print(json.dumps(results))');
      writeFileSync(join(dir, 'check.py'), lines.join('\n'));
      const result = runPython(['check.py'], dir);
      expect(result.stderr).toBe('');
      const results = JSON.parse(result.stdout) as unknown[];
      expect(cases.map(([source, input], i) => [source, input, results[i]])).toEqual(cases);
    } finally {
      removeDir(dir);
    }
  });
});

/** The failure a field `f` holding the case's expression reports (rt_field adds the field). */
const fails = (message: string) => ({ error: `field 'f': ${message}` });
const TEXT_HINT = 'write str(x) to join as text, or float(x) to add as numbers';
const NOT_A_NUMBER = 'int() cannot read a number from the string (write digits, like 42 or 3.5)';

/**
 * Expressions v2 against real Python (DESIGN §5 and the README's expressions table): every
 * operator and function of the library, with an input, and the value or the run-time failure
 * expected. Expected values are written from the documented rules; one Python process
 * evaluates the whole table, through the app's own JSON encoder.
 */
const V2_CASES: Array<[source: string, input: unknown, expected: unknown]> = [
  // Arithmetic, precedence as in Python
  ['input.qty * input.price', { qty: 3, price: 10 }, 30],
  ['1 + 2 * 3', {}, 7],
  ['(1 + 2) * 3', {}, 9],
  ['10 - 4 - 3', {}, 3],
  ['7 / 2', {}, 3.5],
  ['6 / 2', {}, 3],
  ['1 / 3', {}, 0.3333333333333333],
  ['10 / 4 * 2', {}, 5],
  ['0.1 + 0.2', {}, 0.30000000000000004],
  ['-7 % 3', {}, -1],
  ['7 % -3', {}, 1],
  ['7.5 % 2', {}, 1.5],
  ['-8 % 4', {}, 0],
  ['-input.n', { n: 4 }, -4],
  ['--input.n', { n: 4 }, 4],
  ['-input.n * 2', { n: 4 }, -8],
  ['2 * 3 > 5', {}, true],
  ['input.a - 1', { a: 5, 'a-1': 'the field a-1' }, 4],
  ['input.a-1', { a: 5, 'a-1': 'the field a-1' }, 'the field a-1'],
  ['"a" + "b"', {}, 'ab'],
  ['input.first + " " + input.last', { first: 'Ada', last: 'Lovelace' }, 'Ada Lovelace'],
  ['[1] + [2, 3]', {}, [1, 2, 3]],
  ['input.missing + 1', {}, null],
  ['1 - null', {}, null],
  ['null * null', {}, null],
  ['input.missing / 0', {}, null],
  ['-input.missing', {}, null],
  ['input.a / input.b', { a: 1, b: 0 }, fails('division by zero')],
  ['5 % 0', {}, fails("division by zero (in '%')")],
  ['5.5 / 0.0', {}, fails('division by zero')],
  ['"a" + 1', {}, fails(`'+' cannot join a string and a number: ${TEXT_HINT}`)],
  ['input.n + input.s', { n: 1, s: '2' }, fails(`'+' cannot join a string and a number: ${TEXT_HINT}`)],
  ['"a" + null', {}, null],
  [
    '"3" * 2',
    {},
    fails("'*' needs two numbers, got a string and a number: convert text with float() or int() first"),
  ],
  ['true + 1', {}, fails("'+' needs two numbers, got a boolean and a number")],
  ['{"a": 1} - 1', {}, fails("'-' needs two numbers, got an object and a number")],
  ['-"x"', {}, fails("'-' needs a number, got a string")],
  ['1e308 * 10', {}, fails('the result is too large for a number')],
  // Comparisons of mixed types are false
  ['1 < "2"', {}, false],
  ['"1" == 1', {}, false],
  ['input.missing < 1', {}, false],
  // cond ? a : b, a ?? b, default(): the other side is evaluated only when needed
  ['input.qty > 5 ? "bulk" : "single"', { qty: 6 }, 'bulk'],
  ['input.qty > 5 ? "bulk" : "single"', { qty: 2 }, 'single'],
  ['input.missing ? 1 : 2', {}, 2],
  ['input.a ? 1 : input.b ? 2 : 3', { b: 'yes' }, 2],
  ['input.ok ? input.a : 1 / 0', { ok: true, a: 5 }, 5],
  ['input.missing ?? "n/a"', {}, 'n/a'],
  ['input.zero ?? 5', { zero: 0 }, 0],
  ['input.empty ?? "x"', { empty: '' }, ''],
  ['input.a ?? input.b ?? 3', {}, 3],
  ['input.x ?? 1 / 0', { x: 2 }, 2],
  ['input.x ?? 1 / 0', {}, fails('division by zero')],
  ['input.b != 0 and input.a / input.b > 1', { a: 1, b: 0 }, false],
  ['input.b == 0 or input.a / input.b > 1', { a: 1, b: 0 }, true],
  ['default(input.missing, 7)', {}, 7],
  ['default(input.v, 1 / 0)', { v: 1 }, 1],
  ['default(null, "x")', {}, 'x'],
  // List and object literals, and segments after calls and parentheses
  ['[1, "a", null, [true]]', {}, [1, 'a', null, [true]]],
  ['{"a": input.x, "b": [input.x * 2], c: {}}', { x: 2 }, { a: 2, b: [4], c: {} }],
  ['"b" in ["a", "b"]', {}, true],
  ['split(input.s, ",")[1]', { s: 'a,b,c' }, 'b'],
  ['parseJson(input.body).user.id', { body: '{"user":{"id":7}}' }, 7],
  ['(input.a ?? input.b).c', { b: { c: 'from b' } }, 'from b'],
  // len, lower, upper, trim
  ['len("héllo")', {}, 5],
  ['len([1, 2])', {}, 2],
  ['len({"a": 1})', {}, 1],
  ['len(null)', {}, null],
  ['len(5)', {}, fails('len() takes a string, a list or an object, got a number')],
  ['lower("AbC")', {}, 'abc'],
  ['upper("straße")', {}, 'STRASSE'],
  ['trim("  x \\n")', {}, 'x'],
  ['lower(null)', {}, null],
  ['upper(5)', {}, fails('upper() takes a string, got a number')],
  // split, join, replace
  ['split("a,b", ",")', {}, ['a', 'b']],
  ['split("abc", "")', {}, ['a', 'b', 'c']],
  ['split(null, ",")', {}, null],
  ['split("a", 1)', {}, fails('split() takes a string as the separator, got a number')],
  ['join(["a", 1, null, true, 2.5], "-")', {}, 'a-1--true-2.5'],
  ['join([{"a": 1}], "")', {}, '{"a":1}'],
  ['join(null, ",")', {}, null],
  ['join("ab", ",")', {}, fails('join() takes a list, got a string')],
  ['replace("a.b.c", ".", "/")', {}, 'a/b/c'],
  ['replace(null, "a", "b")', {}, null],
  ['replace("a", "a", 1)', {}, fails('replace() takes a string to put in, got a number')],
  // contains, startsWith, endsWith
  ['contains("hello", "ell")', {}, true],
  ['contains([1, 2], 2)', {}, true],
  ['contains([1, 2], "2")', {}, false],
  ['contains({"k": 1}, "k")', {}, true],
  ['contains(null, "x")', {}, false],
  ['startsWith("hello", "he")', {}, true],
  ['endsWith("hello", "lo")', {}, true],
  ['startsWith(null, "a")', {}, false],
  ['endsWith("a", null)', {}, fails('endsWith() takes a string as the suffix, got null')],
  // round (half away from zero, on the number as written), floor, ceil, abs
  ['round(2.5)', {}, 3],
  ['round(-2.5)', {}, -3],
  ['round(2.4)', {}, 2],
  ['round(0.5)', {}, 1],
  ['round(1.005, 2)', {}, 1.01],
  ['round(2.345, 2)', {}, 2.35],
  ['round(1.5, 3)', {}, 1.5],
  ['round(1234.5, -2)', {}, 1200],
  ['round(1250, -2)', {}, 1300],
  ['round(7)', {}, 7],
  ['round(null)', {}, null],
  ['round("1")', {}, fails('round() takes a number, got a string')],
  ['round(1.23, 1.5)', {}, fails('round() takes a whole number of digits, got a number')],
  ['floor(2.7)', {}, 2],
  ['floor(-2.1)', {}, -3],
  ['ceil(2.1)', {}, 3],
  ['ceil(-2.7)', {}, -2],
  ['abs(-3.5)', {}, 3.5],
  ['abs(null)', {}, null],
  ['floor("2")', {}, fails('floor() takes a number, got a string')],
  // min, max, sum
  ['min(3, 1, 2)', {}, 1],
  ['max(3, 1, 2)', {}, 3],
  ['min([4, 2, 8])', {}, 2],
  ['max(input.prices)', { prices: [1.5, 9, 3] }, 9],
  ['min(1, null, 0.5)', {}, 0.5],
  ['max([])', {}, null],
  ['min(null)', {}, null],
  ['min("b", "a")', {}, 'a'],
  ['max(1, "a")', {}, fails('max() compares numbers or strings, not a number and a string')],
  ['sum([1, 2, 3.5])', {}, 6.5],
  ['sum([])', {}, 0],
  ['sum([1, null, 2])', {}, 3],
  ['sum(null)', {}, null],
  ['sum([1, "2"])', {}, fails('sum() adds numbers, but the list holds a string')],
  ['sum(5)', {}, fails('sum() takes a list, got a number')],
  // int, float, str, bool
  ['int("3.7")', {}, 3],
  ['int("-3.7")', {}, -3],
  ['int(3.9)', {}, 3],
  ['int(-3.9)', {}, -3],
  ['int(" 42 ")', {}, 42],
  ['int("1e3")', {}, 1000],
  ['int(true)', {}, 1],
  ['int(null)', {}, null],
  ['int("abc")', {}, fails(NOT_A_NUMBER)],
  ['int("")', {}, fails(NOT_A_NUMBER)],
  ['int([1])', {}, fails('int() takes a number, got a list')],
  ['float("2.5")', {}, 2.5],
  ['float(3) / 2', {}, 1.5],
  ['float(false)', {}, 0],
  ['float("nan")', {}, fails('float() cannot read a number from the string (write digits, like 42 or 3.5)')],
  ['str(null)', {}, ''],
  ['str(2.5)', {}, '2.5'],
  ['str(4 / 2)', {}, '2'],
  ['str(0.5 * 4)', {}, '2'],
  ['str(true)', {}, 'true'],
  ['str([1, "a"])', {}, '[1,"a"]'],
  ['str({"a": null})', {}, '{"a":null}'],
  ['str(1e21)', {}, '1e+21'],
  ['str(0.1 + 0.2)', {}, '0.30000000000000004'],
  ['"n=" + str(input.n)', { n: 3 }, 'n=3'],
  ['bool(0)', {}, false],
  ['bool("false")', {}, true],
  ['bool([])', {}, false],
  ['bool(null)', {}, false],
  ['bool("x")', {}, true],
  // keys, values, json, parseJson
  ['keys({"b": 1, "a": 2})', {}, ['b', 'a']],
  ['values({"b": 1, "a": 2})', {}, [1, 2]],
  ['keys(null)', {}, null],
  ['keys([1])', {}, fails('keys() takes an object, got a list')],
  ['values("x")', {}, fails('values() takes an object, got a string')],
  ['json({"a": [1, 2.5, null], "b": "é"})', {}, '{"a":[1,2.5,null],"b":"é"}'],
  ['json(0.5 * 4)', {}, '2'],
  ['json(null)', {}, 'null'],
  ['json("x")', {}, '"x"'],
  ['parseJson(\'{"a": [1, 2]}\')', {}, { a: [1, 2] }],
  ['parseJson(null)', {}, null],
  ['parseJson(input.o)', { o: { x: 1 } }, { x: 1 }],
  [
    'parseJson("{x")',
    {},
    fails(
      'parseJson() got a string that is not JSON (Expecting property name enclosed in double quotes: line 1 column 2 (char 1))',
    ),
  ],
  ['parseJson("NaN")', {}, fails('parseJson() got a string that is not JSON (NaN is not JSON)')],
];

describe('expressions v2 in real Python: every operator and function', () => {
  it('gives the documented value or failure for every case, and now() in ISO 8601 UTC', () => {
    const dir = writeApp(runtimeAssets().map((asset) => ({ ...asset, kind: 'python' as const })));
    try {
      const lines = ['import json', 'from runtime import *', 'results = []'];
      for (const [source, input] of V2_CASES) {
        const expr = parseExpression(source);
        const imports = new Imports();
        const code = guardField(compileExpression(expr, imports), [expr], 'f', imports);
        lines.push(`input = json.loads(${JSON.stringify(JSON.stringify(input))})`);
        lines.push('try:');
        lines.push(`    results.append({"value": ${code}})`);
        lines.push('except NodeFailure as exc:');
        lines.push('    results.append({"error": str(exc)})');
      }
      lines.push('results.append({"value": rt_now()})');
      lines.push('print(to_json(results))');
      writeFileSync(join(dir, 'check.py'), lines.join('\n'));
      const result = runPython(['check.py'], dir);
      expect(result.stderr).toBe('');
      const results = JSON.parse(result.stdout) as Array<{ value?: unknown; error?: string }>;
      const now = results.pop()!;
      expect(now.value).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      expect(Math.abs(Date.parse(now.value as string) - Date.now())).toBeLessThan(60_000);
      const got = V2_CASES.map(([source, input], i) => {
        const r = results[i]!;
        return [source, input, 'error' in r ? { error: r.error } : r.value];
      });
      expect(got).toEqual(V2_CASES);
    } finally {
      removeDir(dir);
    }
  });
});
