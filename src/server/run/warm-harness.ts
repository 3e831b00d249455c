import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { tail } from '../../build/python-process.js';
import type { HarnessRunTrace } from '../../build/workflow-harness.js';
import { CatalystError } from '../../errors.js';
import { childEnv } from '../../store/child-env.js';

/**
 * The studio's warm workflow runner: the generated app's `runtime.harness` (same request and
 * answer lines, DESIGN §13) driven by a small wrapper that adds one request,
 *
 *     → {"id", "reload": ["<module>", …]}   ← {"id", "ok": true, "reloaded": ["workflows.<module>", …]}
 *
 * which drops the changed `workflows.<module>` modules and every workflow module that imports
 * them (transitively: a local call imports its callee's `execute_…`) from `sys.modules` and
 * imports them again, callees first (each import runs its own imports). Modules whose file is
 * gone are just dropped. Anything else (runtime, main.py, settings, env, secrets) needs a new
 * process: see warm-runs.ts.
 */
const RUNNER = String.raw`
import asyncio, importlib, os, sys, types
sys.path.insert(0, os.getcwd())
from runtime import harness

def stale_modules(changed):
    stale = {"workflows." + name for name in changed}
    grew = True
    while grew:
        grew = False
        for name, module in list(sys.modules.items()):
            if module is None or name in stale or not name.startswith("workflows."):
                continue
            for value in list(vars(module).values()):
                if isinstance(value, types.ModuleType):
                    owner = value.__name__
                else:
                    try:
                        owner = getattr(value, "__module__", None)
                    except Exception:
                        owner = None
                if owner in stale:
                    stale.add(name)
                    grew = True
                    break
    return stale

def reload(changed):
    importlib.invalidate_caches()
    stale = stale_modules(changed)
    package = sys.modules.get("workflows")
    for name in stale:
        sys.modules.pop(name, None)
        short = name.split(".", 1)[1]
        if package is not None and short in vars(package):
            delattr(package, short)
    reloaded = []
    for name in sorted(stale):
        if name in sys.modules:
            reloaded.append(name)
            continue
        try:
            importlib.import_module(name)
        except ModuleNotFoundError as error:
            if error.name != name:
                raise
            continue
        reloaded.append(name)
    return sorted(reloaded)

async def serve(lines, out):
    from runtime.connections import close_pools, open_pools
    from runtime.errors import describe
    from runtime.expressions import to_json
    loop = asyncio.get_running_loop()
    await open_pools()
    try:
        while True:
            line = await loop.run_in_executor(None, lines.readline)
            if not line:
                return
            if not line.strip():
                continue
            try:
                request = harness._parse(line)
            except ValueError as error:
                answer = {"id": None, "ok": False, "error": str(error)}
            else:
                if isinstance(request, dict) and "reload" in request:
                    names = request["reload"]
                    if not isinstance(names, list) or not all(isinstance(n, str) and harness._MODULE.fullmatch(n) for n in names):
                        answer = {"id": request.get("id"), "ok": False, "error": "reload takes a list of workflow module names"}
                    else:
                        try:
                            answer = {"id": request.get("id"), "ok": True, "reloaded": reload(names)}
                        except Exception as error:
                            answer = {"id": request.get("id"), "ok": False, "error": describe(error)}
                else:
                    answer = await harness.run_request(request)
            out.write(to_json(answer, ascii_only=True) + "\n")
            out.flush()
    finally:
        await close_pools()

def main():
    out = harness._protocol_stream()
    try:
        importlib.import_module("main")
    except SystemExit as error:
        out.write(harness._ready(False, str(error.code)))
        return 1
    except Exception as error:
        out.write(harness._ready(False, type(error).__name__ + ": " + str(error)))
        return 1
    out.write(harness._ready(True))
    asyncio.run(serve(sys.stdin, out))
    return 0

sys.exit(main())
`;

export interface WarmHarness {
  readonly pid: number;
  alive(): boolean;
  /** One traced run of the workflow module `workflow`. */
  run(workflow: string, input: unknown): Promise<HarnessRunTrace>;
  /** Re-imports these workflow modules and their importers; answers the modules reloaded. */
  reload(modules: readonly string[]): Promise<string[]>;
  close(): Promise<void>;
  log(): string;
}

const LOG_CAP = 64 * 1024;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Starts the warm runner in the app folder and waits until the app has loaded. */
export async function startWarmHarness(options: {
  python: string;
  dir: string;
  env: NodeJS.ProcessEnv;
}): Promise<WarmHarness> {
  const child: ChildProcessWithoutNullStreams = spawn(options.python, ['-c', RUNNER], {
    cwd: options.dir,
    // Security: Catalyst's internals are dropped here again, whatever the caller built.
    env: childEnv(options.env, { inherit: 'user' }),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let log = '';
  child.stderr.on('data', (chunk: Buffer) => {
    log = (log + chunk.toString('utf8')).slice(-LOG_CAP);
  });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  let exit: string | undefined;
  const exited = new Promise<void>((resolve) => {
    child.once('error', (error) => {
      exit = `could not start ${options.python}: ${error.message}`;
      resolve();
    });
    child.once('exit', (code, signal) => {
      exit ??= `exited with ${code ?? signal}`;
      resolve();
    });
  });
  const failure = (what: string) =>
    new CatalystError(
      'io_failed',
      `The workflow runner (runtime.harness in ${options.dir}) ${what}.${log.trim() ? `\n${tail(log, 20)}` : ''}`,
    );
  async function next(): Promise<Record<string, unknown>> {
    const line = await lines.next();
    if (line.done) {
      await exited;
      throw failure(exit ?? 'closed its output');
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(line.value);
    } catch {
      throw failure(`printed a line that is not JSON: ${line.value.slice(0, 200)}`);
    }
    if (!isObject(parsed)) throw failure('answered something unexpected');
    return parsed;
  }

  const ready = await next().catch((error: unknown) => {
    child.kill('SIGKILL');
    throw error;
  });
  if (ready['ready'] !== true) {
    child.kill('SIGKILL');
    const why = typeof ready['error'] === 'string' ? ready['error'] : 'answered something unexpected';
    throw new CatalystError('io_failed', `The app could not start for the run: ${why}`);
  }

  let queue: Promise<unknown> = Promise.resolve();
  let sent = 0;
  function ask(request: object): Promise<Record<string, unknown>> {
    const id = ++sent;
    const result = queue.then(async () => {
      child.stdin.write(`${JSON.stringify({ id, ...request })}\n`);
      const answer = await next();
      if (answer['ok'] !== true) {
        const error = typeof answer['error'] === 'string' ? answer['error'] : 'failed';
        throw new CatalystError('invalid_input', error);
      }
      return answer;
    });
    queue = result.catch(() => undefined);
    return result;
  }

  const alive = () => child.exitCode === null && child.signalCode === null;
  return {
    pid: child.pid ?? -1,
    alive,
    async run(workflow, input) {
      const answer = await ask({ workflow, input, trace: true });
      if (!isObject(answer['run'])) throw failure('answered something unexpected');
      return answer['run'] as unknown as HarnessRunTrace;
    },
    async reload(modules) {
      const answer = await ask({ reload: modules });
      return Array.isArray(answer['reloaded']) ? (answer['reloaded'] as string[]) : [];
    },
    async close() {
      if (!alive()) return;
      child.stdin.end();
      const timer = setTimeout(() => child.kill('SIGKILL'), 3_000);
      await exited;
      clearTimeout(timer);
    },
    log: () => log,
  };
}
