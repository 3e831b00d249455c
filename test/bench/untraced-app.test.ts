import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HOOK_MARK, withoutHarnessHooks } from '../../bench/trace/untraced-app.js';

const RUNTIME = join(process.cwd(), 'src/compiler/runtime');
const PYTHON = process.env['CATALYST_PYTHON'] ?? '/usr/bin/python3';

describe('the tracing benchmark baseline (runtime without its harness hooks)', () => {
  it('drops exactly the marked lines and keeps every other line as it was', () => {
    const text = ['a = 1', `b = 2  ${HOOK_MARK}`, '    if x:  # a comment', `    c()  ${HOOK_MARK}`, ''].join(
      '\n',
    );
    expect(withoutHarnessHooks(text)).toEqual({
      text: ['a = 1', '    if x:  # a comment', ''].join('\n'),
      removed: 2,
    });
  });

  it('strips the real runtime to Python that still compiles, with no way left into the harness', () => {
    const stripped: Record<string, number> = {};
    for (const name of readdirSync(RUNTIME).filter((n) => n.endsWith('.py'))) {
      const { text, removed } = withoutHarnessHooks(readFileSync(join(RUNTIME, name), 'utf8'));
      if (removed === 0) continue;
      stripped[name] = removed;
      const check = spawnSync(PYTHON, ['-c', 'import ast, sys; ast.parse(sys.stdin.read())'], {
        input: text,
      });
      expect(check.status, `${name}: ${check.stderr}`).toBe(0);
      expect(text).not.toContain('run_harnessed');
      expect(text).not.toMatch(/\bharness: Harness/);
      expect(text).not.toContain('on_skip');
    }
    // The hooks live in the executor (local calls, skips) and the context (the attribute).
    expect(Object.keys(stripped).sort()).toEqual(['context.py', 'executor.py']);
  });
});
