import { CatalystError } from '../errors.js';
import { childEnv } from '../store/child-env.js';
import { runProcess, tail } from './python-process.js';

export const PYTHON_ENV = 'CATALYST_PYTHON';
/** Tried in order when CATALYST_PYTHON is not set. On Debian the system Python has python3-fastapi while a pyenv `python3` may not. */
export const PYTHON_CANDIDATES = ['python3', '/usr/bin/python3'] as const;
const PROBE = 'import fastapi, uvicorn';

const cache = new Map<string, Promise<string>>();

/**
 * The interpreter that runs generated apps: `CATALYST_PYTHON` when set (it must be able
 * to import fastapi and uvicorn), else the first candidate that can. Probed once per
 * setting and cached for the process.
 */
export function findPython(
  env: NodeJS.ProcessEnv = process.env,
  candidates: readonly string[] = PYTHON_CANDIDATES,
): Promise<string> {
  const key = `${env[PYTHON_ENV] ?? ''}\0${env['PATH'] ?? ''}\0${candidates.join('\0')}`;
  let found = cache.get(key);
  if (!found) {
    found = detect(env, candidates);
    found.catch(() => cache.delete(key));
    cache.set(key, found);
  }
  return found;
}

async function detect(env: NodeJS.ProcessEnv, candidates: readonly string[]): Promise<string> {
  const chosen = env[PYTHON_ENV];
  // Probed with the environment an app gets, so "it can import fastapi" holds when it runs.
  const probeEnv = childEnv(env);
  if (chosen !== undefined && chosen !== '') {
    const probe = await runProcess(chosen, ['-c', PROBE], { env: probeEnv, timeoutMs: 30_000 });
    if (probe.code === 0) return chosen;
    const why = probe.spawnError ?? tail(probe.output, 3);
    throw new CatalystError(
      'io_failed',
      `${PYTHON_ENV}=${chosen} cannot run generated apps (${why}). Point ${PYTHON_ENV} at a Python that can \`import fastapi, uvicorn\`, or unset it.`,
    );
  }
  for (const candidate of candidates) {
    const probe = await runProcess(candidate, ['-c', PROBE], { env: probeEnv, timeoutMs: 30_000 });
    if (probe.code === 0) return candidate;
  }
  throw new CatalystError(
    'io_failed',
    `No Python that can import fastapi and uvicorn was found (tried ${candidates.join(', ')}). ` +
      `Install them (\`pip install fastapi uvicorn httpx\`, or \`apt-get install python3-fastapi python3-uvicorn python3-httpx\`) or set ${PYTHON_ENV}.`,
  );
}
