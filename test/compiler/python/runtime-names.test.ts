import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { allNodesProject } from '../../fixtures/all-nodes-project.js';
import { callerProject } from '../../fixtures/http-call-projects.js';
import { nodeSamplesProject } from '../../fixtures/node-samples.js';
import { generate, PYTHON, runPython } from './support.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const NODE_MODULES_DIR = join(ROOT, 'src/model/nodes/types');
const RUNTIME_INIT = join(ROOT, 'src/compiler/runtime/__init__.py');

/** `__all__` of the runtime package, read by Python's own parser. */
function runtimeExports(): string[] {
  const script = [
    'import ast, json, sys',
    'tree = ast.parse(open(sys.argv[1], encoding="utf-8").read())',
    'names = [ast.literal_eval(n.value) for n in tree.body if isinstance(n, ast.Assign)',
    '         and any(getattr(t, "id", None) == "__all__" for t in n.targets)]',
    'print(json.dumps(names[-1]))',
  ].join('\n');
  const run = runPython(['-c', script, RUNTIME_INIT], ROOT);
  expect(run.status, run.stderr).toBe(0);
  return JSON.parse(run.stdout) as string[];
}

/** Every `.runtime(…)` a node module's generator calls, with the text of its argument. */
function runtimeCalls(): Array<{ file: string; argument: string }> {
  return readdirSync(NODE_MODULES_DIR)
    .filter((name) => name.endsWith('.ts'))
    .flatMap((name) => {
      const text = readFileSync(join(NODE_MODULES_DIR, name), 'utf8');
      return [...text.matchAll(/\.runtime\(([^)]*)\)/g)].map((m) => ({ file: name, argument: m[1]!.trim() }));
    });
}

/** Names of every `from runtime import …` in the generated Python files. */
function importedRuntimeNames(files: ReadonlyArray<{ path: string; content: string }>): string[] {
  const names = new Set<string>();
  for (const f of files.filter((file) => file.path.endsWith('.py') && !file.path.startsWith('runtime/'))) {
    for (const m of f.content.matchAll(/^from runtime import (?:\(([^)]*)\)|(.*))$/gm)) {
      for (const name of (m[1] ?? m[2]!).split(',')) if (name.trim() !== '') names.add(name.trim());
    }
  }
  return [...names].sort();
}

describe(`every runtime name a node generator imports is exported by the runtime (${PYTHON})`, () => {
  const exported = runtimeExports();

  it('names each node module passes to runtime() are string literals listed in runtime/__init__.py __all__', () => {
    const calls = runtimeCalls();
    expect(calls.length).toBeGreaterThan(0);
    const notLiteral = calls.filter((c) => !/^'[A-Za-z_][A-Za-z0-9_]*'$/.test(c.argument));
    expect(notLiteral, 'runtime() takes a literal name, so this test can read it').toEqual([]);
    const missing = calls.filter((c) => !exported.includes(c.argument.slice(1, -1)));
    expect(missing, 'add the function to runtime/__init__.py (import and __all__)').toEqual([]);
  });

  it('every name the generated workflows import from runtime is in __all__', () => {
    const imported = importedRuntimeNames(
      [allNodesProject(), callerProject(), nodeSamplesProject()].flatMap((p) => generate(p)),
    );
    expect(imported).toContain('http_request');
    expect(imported.filter((name) => !exported.includes(name))).toEqual([]);
  });
});
