import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Emitter } from '../../../src/compiler/python/emitter.js';
import { compileCondition, compileExpression } from '../../../src/compiler/python/expressions.js';
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
  const tpl = (text: string) => compileTemplate(text, new Imports());
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
      ),
    ).toBe('{"id": rt_get(input, "id"), "n": 2, "tags": ["a", rt_get(input, "t")], "ok": None}');
    expect(compileJsonTemplate('{{ input }}', imports, 'None')).toBe('input');
    expect(compileJsonTemplate({ p: '{{ input.p }}' }, imports, 'None')).toBe('{"p": rt_get(input, "p")}');
    expect(compileJsonTemplate('  ', imports, 'None')).toBe('None');
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
