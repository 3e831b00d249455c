import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { GeneratedFile } from '../compiler/types.js';
import { childEnv } from '../store/child-env.js';
import { findPython } from './python-interpreter.js';
import { runProcess, tail } from './python-process.js';

export interface PythonSyntaxError {
  /** The app-relative path, e.g. `workflows/orders.py`. */
  file: string;
  line: number;
  message: string;
  /** The offending source line, trimmed. */
  text: string;
}

export interface PythonSyntaxResult {
  ok: boolean;
  python: string;
  errors: PythonSyntaxError[];
}

/** Compiles each file given on the command line (no bytecode is written) and prints the syntax errors as JSON. */
const CHECK_SCRIPT = `
import json, sys
errors = []
for path in sys.argv[1:]:
    with open(path, "rb") as f:
        source = f.read()
    try:
        compile(source, path, "exec", dont_inherit=True)
    except SyntaxError as e:
        errors.append({"file": path, "line": e.lineno or 0, "message": e.msg, "text": (e.text or "").strip()})
print(json.dumps(errors))
`;

/**
 * Compiles the Python files of an app made in memory (a draft's), the way \`python -m
 * py_compile\` would, without writing an app folder: the sources go to a temp folder that is
 * removed afterwards, and no bytecode is written. The interpreter is the one that runs apps.
 */
export async function checkPythonSyntax(
  files: readonly GeneratedFile[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<PythonSyntaxResult> {
  const python = await findPython(env);
  const sources = files.filter((f) => f.path.endsWith('.py'));
  const dir = await mkdtemp(join(tmpdir(), 'catalyst-pycheck-'));
  try {
    for (const file of sources) {
      await mkdir(join(dir, dirname(file.path)), { recursive: true });
      await writeFile(join(dir, file.path), file.content);
    }
    const result = await runProcess(python, ['-c', CHECK_SCRIPT, ...sources.map((f) => f.path)], {
      cwd: dir,
      env: childEnv(env, { set: { PYTHONDONTWRITEBYTECODE: '1' } }),
      timeoutMs: 60_000,
    });
    if (result.code !== 0) {
      throw new Error(
        `${python} could not check the generated Python: ${result.spawnError ?? tail(result.output, 5)}`,
      );
    }
    const errors = JSON.parse(tail(result.output, 1)) as PythonSyntaxError[];
    return { ok: errors.length === 0, python, errors };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
