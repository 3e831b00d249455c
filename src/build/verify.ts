import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TargetPlan } from '../compiler/types.js';
import { childEnv } from '../store/child-env.js';
import { startApp } from './app-server.js';
import { freePort } from './free-port.js';
import { runProcess, tail } from './python-process.js';

export type VerifyStepName = 'compile' | 'boot' | 'tests';

export interface VerifyStep {
  name: VerifyStepName;
  ok: boolean;
  ms: number;
  /** One line on success; on failure what went wrong with the tool's own output. */
  message: string;
}

export interface VerifyResult {
  ok: boolean;
  python: string;
  steps: VerifyStep[];
}

/** Secrets get a stand-in value while verifying: the app refuses to boot without them, and no real value is needed to answer /health. */
export const VERIFY_SECRET_PLACEHOLDER = 'catalyst-verify-placeholder';

/**
 * Checks a written app the way a deploy would meet it: every file compiles, the server
 * boots and answers GET /health with `status: healthy`, and its generated tests pass.
 * Nothing is left in the app folder: bytecode goes to a temp cache and pytest's cache is off.
 * The app and its tests run with an app's environment built from `parentEnv`.
 */
export async function verifyApp(
  dir: string,
  plan: TargetPlan,
  python: string,
  parentEnv: NodeJS.ProcessEnv = process.env,
): Promise<VerifyResult> {
  const cache = await mkdtemp(join(tmpdir(), 'catalyst-pycache-'));
  const env = childEnv(parentEnv, {
    envVars: plan.envVars,
    set: {
      PYTHONDONTWRITEBYTECODE: '1',
      PYTHONPYCACHEPREFIX: cache,
      ...Object.fromEntries(plan.secrets.map((name) => [name, VERIFY_SECRET_PLACEHOLDER])),
    },
  });
  const steps: VerifyStep[] = [];
  try {
    steps.push(await compileStep(dir, python, env));
    if (steps[0]!.ok) {
      steps.push(await bootStep(dir, python, env));
      steps.push(await testStep(dir, python, env));
    }
  } finally {
    await rm(cache, { recursive: true, force: true });
  }
  return { ok: steps.every((s) => s.ok), python, steps };
}

async function timed(
  name: VerifyStepName,
  work: () => Promise<{ ok: boolean; message: string }>,
): Promise<VerifyStep> {
  const start = performance.now();
  const { ok, message } = await work();
  return { name, ok, message, ms: Math.round(performance.now() - start) };
}

function compileStep(dir: string, python: string, env: NodeJS.ProcessEnv): Promise<VerifyStep> {
  return timed('compile', async () => {
    const result = await runProcess(python, ['-m', 'compileall', '-q', '.'], {
      cwd: dir,
      env,
      timeoutMs: 120_000,
    });
    if (result.code === 0) return { ok: true, message: 'every Python file compiles' };
    return {
      ok: false,
      message: `python -m compileall failed:\n${result.spawnError ?? tail(result.output)}`,
    };
  });
}

function bootStep(dir: string, python: string, env: NodeJS.ProcessEnv): Promise<VerifyStep> {
  return timed('boot', async () => {
    const port = await freePort();
    try {
      const app = await startApp({
        python,
        dir,
        host: '127.0.0.1',
        port,
        env: { ...env, PORT: String(port) },
      });
      const code = await app.stop();
      const status = (app.health as { status?: unknown } | null)?.status;
      if (status !== 'healthy') {
        return {
          ok: false,
          message: `GET /health answered 200 but status is ${JSON.stringify(status)}, not "healthy"`,
        };
      }
      return { ok: true, message: `booted on port ${port}, GET /health answered healthy, stopped (${code})` };
    } catch (error) {
      return { ok: false, message: (error as Error).message };
    }
  });
}

function testStep(dir: string, python: string, env: NodeJS.ProcessEnv): Promise<VerifyStep> {
  return timed('tests', async () => {
    const result = await runProcess(python, ['-m', 'pytest', '-q', '-p', 'no:cacheprovider', 'tests'], {
      cwd: dir,
      env,
      timeoutMs: 300_000,
    });
    const summary = tail(result.output, 1);
    if (result.code === 0) return { ok: true, message: summary };
    if (result.timedOut)
      return { ok: false, message: `pytest timed out after 300 s:\n${tail(result.output)}` };
    return {
      ok: false,
      message: `the generated tests failed:\n${result.spawnError ?? tail(result.output, 40)}`,
    };
  });
}
