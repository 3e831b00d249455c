import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findPython } from '../../src/build/python-interpreter.js';
import { VERIFY_SECRET_PLACEHOLDER, verifyApp } from '../../src/build/verify.js';
import { handPlan } from '../compiler/platform/plan-fixture.js';

/**
 * verifyApp against small hand-written apps, so each failure mode is real Python failing
 * in its own way. The app reads its secrets like a generated one does.
 */
const HEALTHY_MAIN = `
import os
from fastapi import FastAPI

missing = [n for n in ("DATABASE_URL", "OPENAI_API_KEY") if not os.environ.get(n)]
if missing:
    raise SystemExit("missing secrets: " + ", ".join(missing))

app = FastAPI()

@app.get("/health")
def health():
    return {"status": "healthy", "token": os.environ["OPENAI_API_KEY"]}
`;
const PASSING_TEST = 'def test_ok():\n    assert 1 + 1 == 2\n';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'catalyst-verify-'));
  await mkdir(join(dir, 'tests'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function app(main: string, test = PASSING_TEST): Promise<void> {
  await writeFile(join(dir, 'main.py'), main);
  await writeFile(join(dir, 'tests', 'test_app.py'), test);
}

describe('verifyApp', () => {
  it('passes a healthy app and leaves no bytecode or pytest cache behind', async () => {
    await app(HEALTHY_MAIN);
    const result = await verifyApp(dir, handPlan('docker'), await findPython());
    expect(result.steps.map((s) => [s.name, s.ok])).toEqual([
      ['compile', true],
      ['boot', true],
      ['tests', true],
    ]);
    expect(result.ok).toBe(true);
    expect(result.steps[2]!.message).toMatch(/^1 passed/);
    expect((await readdir(dir)).sort()).toEqual(['main.py', 'tests']);
    expect(await readdir(join(dir, 'tests'))).toEqual(['test_app.py']);
    expect(VERIFY_SECRET_PLACEHOLDER).toBe('catalyst-verify-placeholder');
  });

  it('reports a syntax error from compileall with the file and stops there', async () => {
    await app('def broken(:\n    pass\n');
    const result = await verifyApp(dir, handPlan('docker'), await findPython());
    expect(result.ok).toBe(false);
    expect(result.steps.map((s) => s.name)).toEqual(['compile']);
    expect(result.steps[0]!.message).toMatch(/^python -m compileall failed:\n/);
    expect(result.steps[0]!.message).toContain('main.py');
    expect(result.steps[0]!.message).toContain('SyntaxError');
  });

  it('reports an app that dies at startup with its own output', async () => {
    await app('raise SystemExit("missing secrets: OPENAI_API_KEY")\n');
    const result = await verifyApp(dir, handPlan('docker'), await findPython());
    const boot = result.steps.find((s) => s.name === 'boot')!;
    expect(boot.ok).toBe(false);
    expect(boot.message).toMatch(/^The app exited \(\d+\) before answering GET \/health\. Its output:\n/);
    expect(boot.message).toContain('missing secrets: OPENAI_API_KEY');
  });

  it('reports failing generated tests with pytest output', async () => {
    await app(HEALTHY_MAIN, 'def test_math():\n    assert 1 + 1 == 3\n');
    const result = await verifyApp(dir, handPlan('docker'), await findPython());
    const tests = result.steps.find((s) => s.name === 'tests')!;
    expect(result.ok).toBe(false);
    expect(tests.ok).toBe(false);
    expect(tests.message).toMatch(/^the generated tests failed:\n/);
    expect(tests.message).toContain('1 failed');
  });
});

describe('findPython', () => {
  it('uses CATALYST_PYTHON when it can import fastapi and uvicorn', async () => {
    expect(await findPython({ ...process.env, CATALYST_PYTHON: '/usr/bin/python3' })).toBe(
      '/usr/bin/python3',
    );
  });

  it('names CATALYST_PYTHON in a clear error when it cannot be started', async () => {
    await expect(findPython({ ...process.env, CATALYST_PYTHON: '/nonexistent/python9' })).rejects.toThrow(
      /^CATALYST_PYTHON=\/nonexistent\/python9 cannot run generated apps \(spawn \/nonexistent\/python9 ENOENT\)\. Point CATALYST_PYTHON at a Python that can `import fastapi, uvicorn`, or unset it\.$/,
    );
  });

  it('without CATALYST_PYTHON picks the first candidate that has fastapi and uvicorn', async () => {
    const { CATALYST_PYTHON: _unset, ...env } = process.env;
    const found = await findPython(env);
    expect(['python3', '/usr/bin/python3']).toContain(found);
  });

  it('explains what to install when no candidate works', async () => {
    const { CATALYST_PYTHON: _unset, ...env } = process.env;
    await expect(findPython(env, ['/nonexistent/python3', 'no-such-python'])).rejects.toThrow(
      'No Python that can import fastapi and uvicorn was found (tried /nonexistent/python3, no-such-python). ' +
        'Install them (`pip install fastapi uvicorn httpx`, or `apt-get install python3-fastapi python3-uvicorn python3-httpx`) or set CATALYST_PYTHON.',
    );
  });
});
