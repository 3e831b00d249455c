import { describe, expect, it } from 'vitest';
import { Emitter } from '../../../src/compiler/python/emitter.js';
import { Imports } from '../../../src/compiler/python/imports.js';

describe('Emitter', () => {
  it('indents by a counter and manages blank lines', () => {
    const out = new Emitter();
    out.blank(2);
    out.line('import x');
    out.blank(2);
    out.blank(1);
    out.block('def f():', () => {
      out.block('if x:', () => out.line('return 1'));
      out.line('');
      out.line('return 2');
    });
    out.blank(3);
    expect(out.toString()).toBe('import x\n\n\ndef f():\n    if x:\n        return 1\n\n    return 2\n');
  });

  it('counts lines for callers that need positions', () => {
    const out = new Emitter();
    expect(out.nextLineNumber).toBe(1);
    out.line('a').blank().line('b');
    expect(out.nextLineNumber).toBe(4);
  });

  it('refuses a line break inside a line', () => {
    expect(() => new Emitter().line('a\nb')).toThrow('Emitter.line got a line break: "a\\nb"');
    expect(() => new Emitter().line('a\rb')).toThrow('Emitter.line got a line break');
  });

  it('restores the indentation when a body throws', () => {
    const out = new Emitter();
    expect(() =>
      out.indent(() => {
        throw new Error('boom');
      }),
    ).toThrow('boom');
    out.line('x');
    expect(out.toString()).toBe('x\n');
  });
});

describe('Imports', () => {
  it('groups standard library, dependencies and the app, sorted, wrapping long lines', () => {
    const imports = new Imports();
    imports.runtime('rt_get');
    imports.from('typing', 'Any');
    imports.from('fastapi', 'APIRouter');
    imports.runtime('ExecutionContext');
    imports.from('workflows.b', 'execute_b');
    imports.module('asyncio');
    const out = new Emitter();
    imports.emit(out);
    expect(out.toString()).toBe(
      'import asyncio\nfrom typing import Any\n\nfrom fastapi import APIRouter\n\n' +
        'from runtime import ExecutionContext, rt_get\nfrom workflows.b import execute_b\n',
    );
    const long = new Imports();
    for (const n of [
      'aaaaaaaaaaaa',
      'bbbbbbbbbbbb',
      'cccccccccccc',
      'dddddddddddd',
      'eeeeeeeeeeee',
      'ffffffffffff',
      'gggggggggggg',
    ])
      long.runtime(n);
    const wrapped = new Emitter();
    long.emit(wrapped);
    expect(wrapped.toString()).toBe(
      'from runtime import (\n    aaaaaaaaaaaa,\n    bbbbbbbbbbbb,\n    cccccccccccc,\n    dddddddddddd,\n' +
        '    eeeeeeeeeeee,\n    ffffffffffff,\n    gggggggggggg,\n)\n',
    );
  });
});
