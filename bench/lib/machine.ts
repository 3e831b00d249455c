import { spawnSync } from 'node:child_process';
import os from 'node:os';
import type { Machine } from './results.js';

/** The interpreter generated apps run under here (DESIGN §7): Debian's, unless CATALYST_PYTHON says otherwise. */
export function pythonPath(): string {
  return process.env.CATALYST_PYTHON ?? '/usr/bin/python3';
}

const VERSIONS_PY = `
import json, platform
out = {"python": platform.python_version()}
for name in ("fastapi", "pydantic", "uvicorn", "httpx"):
    try:
        mod = __import__(name)
        out[name] = getattr(mod, "__version__", None) or getattr(mod, "VERSION", None)
    except Exception:
        out[name] = None
print(json.dumps(out))
`;

function pythonVersions(): Record<string, string | null> {
  const r = spawnSync(pythonPath(), ['-c', VERSIONS_PY], { encoding: 'utf8', timeout: 20_000 });
  if (r.status !== 0) return {};
  try {
    return JSON.parse(r.stdout) as Record<string, string | null>;
  } catch {
    return {};
  }
}

function wrkVersion(): string | null {
  // `wrk -v` prints its banner and exits non-zero.
  const r = spawnSync('wrk', ['-v'], { encoding: 'utf8', timeout: 5_000 });
  const m = /wrk (\S+)/.exec(`${r.stdout ?? ''}${r.stderr ?? ''}`);
  return m ? m[1]! : null;
}

export function describeMachine(): Machine {
  const py = pythonVersions();
  return {
    cpuModel: os.cpus()[0]?.model.trim() ?? 'unknown',
    cores: os.cpus().length,
    memoryMb: Math.round(os.totalmem() / 2 ** 20),
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    python: py.python ?? null,
    fastapi: py.fastapi ?? null,
    pydantic: py.pydantic ?? null,
    uvicorn: py.uvicorn ?? null,
    httpx: py.httpx ?? null,
    wrk: wrkVersion(),
    loadAverage: os.loadavg().map((l) => Math.round(l * 100) / 100),
  };
}
