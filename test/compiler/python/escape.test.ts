import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pyLiteral, pyNumber, pyString } from '../../../src/compiler/python/escape.js';
import { removeDir, runPython } from './support.js';

/** Evaluates Python literals in the real interpreter and returns them as JSON values. */
function evalInPython(literals: string[]): unknown[] {
  const dir = mkdtempSync(join(tmpdir(), 'catalyst-escape-'));
  try {
    const source = `import json\nvalues = [\n${literals.map((l) => `    ${l},\n`).join('')}]\nprint(json.dumps(values))\n`;
    writeFileSync(join(dir, 'check.py'), source, 'utf8');
    const result = runPython(['check.py'], dir);
    if (result.status !== 0) throw new Error(result.stderr);
    return JSON.parse(result.stdout);
  } finally {
    removeDir(dir);
  }
}

const HOSTILE = [
  '',
  'plain',
  '"',
  "'",
  '"""',
  "'''",
  '""""',
  '\\',
  '\\\\"',
  'ends with backslash \\',
  'line\nbreak',
  'cr\rlf\r\n',
  'tab\tvtab\vff\f',
  'nul\u0000byte',
  'esc\u001b[31m',
  'del\u007f c1\u0085\u009f',
  'nbsp\u00a0 thin\u2009 ideographic\u3000',
  'line sep\u2028para sep\u2029',
  'bidi \u202e override \u2066 isolate',
  'zero width\u200b\u200d bom\ufeff',
  'naïve café ☃ 中文 العربية',
  'emoji 🎉 👩‍👩‍👧 flag 🇩🇪',
  'lone high \ud800 end',
  'lone low \udc00 end',
  'reversed pair \udc00\ud800',
  'private use \ue000 noncharacter \uffff',
  '{{ input.x }} and {% raw %}',
  '"""; import os; os.system("rm -rf /") #',
  'f\'{__import__("os")}\'',
  '\\N{BULLET} \\x41 \\u0041',
];

describe('pyString: the one escaping layer', () => {
  it('turns every hostile string into a literal Python reads back exactly', () => {
    expect(evalInPython(HOSTILE.map(pyString))).toEqual(HOSTILE);
  });

  it('round-trips random strings over a hostile alphabet', () => {
    const alphabet = [
      'a',
      'Z',
      ' ',
      '"',
      "'",
      '\\',
      '\n',
      '\r',
      '\t',
      '\u0000',
      '{',
      '}',
      'é',
      '☃',
      '🎉',
      '\u2028',
      '\ud800',
      '\udfff',
      '\u202e',
      '\ufeff',
      '\u0085',
      'N',
      'x',
      'u',
    ];
    let seed = 42;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const strings = Array.from({ length: 300 }, () =>
      Array.from(
        { length: Math.floor(random() * 12) },
        () => alphabet[Math.floor(random() * alphabet.length)],
      ).join(''),
    );
    expect(evalInPython(strings.map(pyString))).toEqual(strings);
  });

  it('writes one line of printable text: no raw line breaks, controls or lone surrogates', () => {
    for (const text of HOSTILE) {
      const literal = pyString(text);
      expect(literal).toMatch(/^"[^\n\r]*"$/);
      expect(literal).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202e\ufeff\u200b]/);
      expect(literal).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/);
    }
  });

  it('keeps readable text readable', () => {
    expect(pyString('he said "hi"')).toBe('"he said \\"hi\\""');
    expect(pyString('a\\b\nc')).toBe('"a\\\\b\\nc"');
    expect(pyString('naïve ☃ 🎉')).toBe('"naïve ☃ 🎉"');
    expect(pyString('nul\u0000 ls\u2028 lone\ud800')).toBe('"nul\\x00 ls\\u2028 lone\\ud800"');
  });
});

describe('pyLiteral and pyNumber', () => {
  it('writes JSON values as Python literals Python reads back equal', () => {
    const values = [
      null,
      true,
      false,
      0,
      -0,
      1,
      -17,
      1.5,
      1e21,
      2.5e-7,
      9007199254740991,
      'x"y',
      [1, [2, 'z']],
      { 'k"ey': { nested: [null, true] }, '': 1 },
    ];
    const read = evalInPython(values.map(pyLiteral));
    expect(read).toEqual(JSON.parse(JSON.stringify(values)));
    expect(pyNumber(3)).toBe('3');
    expect(pyNumber(2.5)).toBe('2.5');
    expect(pyLiteral({ b: 1, a: [true, null] })).toBe('{"b": 1, "a": [True, None]}');
  });

  it('refuses numbers Python literals cannot hold', () => {
    expect(() => pyNumber(Number.NaN)).toThrow('Cannot write NaN as a Python number');
    expect(() => pyNumber(Number.POSITIVE_INFINITY)).toThrow('Cannot write Infinity as a Python number');
  });
});
