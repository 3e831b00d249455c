import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateProject } from '../../../src/model/load.js';
import { parseNodeConfig } from '../../../src/model/nodes/config-parse.js';
import { nodeDefinition } from '../../../src/model/nodes/registry.js';
import { nodeSamples, nodeSamplesProject } from '../../fixtures/node-samples.js';
import { type StandIn, startStandIn } from './stand-in-server.js';
import { generate, PYTHON, removeDir, writeApp } from './support.js';

// Would asyncpg be used, this stand-in module leaves a trace.
const FAKE_ASYNCPG = `
import os

async def create_pool(dsn, **options):
    open(os.environ["FAKE_ASYNCPG_LOG"], "a").write(dsn + "\\n")
    raise OSError("the smoke tests must not reach a database")
`;

let standIn: StandIn;
let dir: string;
let fakeDir: string;
let testApp: string;
let pytest: { code: number | null; output: string };

/** Runs the app's own pytest suite; async, so the stand-in in this process can answer meanwhile. */
function runPytest(
  cwd: string,
  env: Record<string, string>,
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(PYTHON, ['-m', 'pytest', '-q', '-p', 'no:cacheprovider', 'tests'], {
      cwd,
      env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1', ...env },
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

beforeAll(async () => {
  standIn = await startStandIn({});
  fakeDir = mkdtempSync(join(tmpdir(), 'catalyst-fake-asyncpg-'));
  mkdirSync(join(fakeDir, 'asyncpg'));
  writeFileSync(join(fakeDir, 'asyncpg', '__init__.py'), FAKE_ASYNCPG);
  const project = nodeSamplesProject();
  expect(validateProject(project)).toEqual([]);
  const files = generate(project);
  testApp = files.find((f) => f.path === 'tests/test_app.py')!.content;
  dir = writeApp(files);
  pytest = await runPytest(dir, {
    // Every external service the samples use points at the stand-in (or the fake asyncpg).
    API_BASE: standIn.url,
    OPENAI_BASE_URL: `${standIn.url}/v1`,
    QDRANT_URL: `${standIn.url}/qdrant/`,
    DATABASE_URL: 'postgresql://u:p@127.0.0.1:9/app',
    PYTHONPATH: fakeDir,
    FAKE_ASYNCPG_LOG: join(fakeDir, 'calls.log'),
  });
}, 120_000);

afterAll(async () => {
  await standIn?.close();
  if (dir) removeDir(dir);
  if (fakeDir) removeDir(fakeDir);
});

describe("generated smoke tests follow each node module's external flag", () => {
  it('a workflow with an external node is checked for its route; every other one is called', () => {
    for (const { type, name, id, config } of nodeSamples()) {
      const parsed = parseNodeConfig({ type, config });
      expect(parsed?.success, id).toBe(true);
      const external = nodeDefinition(type)!.external(parsed!.data as never);
      const test = new RegExp(`def test_public_route_\\d+_${name}_(is_mounted|answers)\\(`).exec(testApp);
      expect(test?.[1], `${id} (${type})`).toBe(external ? 'is_mounted' : 'answers');
    }
  });

  it('running them passes and reaches no external service (no HTTP call, no database)', () => {
    expect(pytest.code, pytest.output).toBe(0);
    expect(standIn.requests.map((r) => `${r.method} ${r.path}`)).toEqual([]);
    expect(existsSync(join(fakeDir, 'calls.log'))).toBe(false);
  });
});
