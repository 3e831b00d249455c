import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Emitter } from '../../../src/compiler/python/emitter.js';
import { compileCondition, compileExpression, guardField } from '../../../src/compiler/python/expressions.js';
import { Imports } from '../../../src/compiler/python/imports.js';
import { compileJsonTemplate, compileTemplate } from '../../../src/compiler/python/templates.js';
import { parseExpression } from '../../../src/model/expressions/parser.js';
import { PATH_CASES, V2_CASES } from '../../fixtures/expression-cases.js';
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
  const cases = PATH_CASES;

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
