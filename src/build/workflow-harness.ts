import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { z } from 'zod';
import { CatalystError } from '../errors.js';
import { childEnv } from '../store/child-env.js';
import { tail } from './python-process.js';

/**
 * The client of the generated app's `runtime/harness.py`: one Python process that runs the
 * app's workflows on request, traced and/or mocked (DESIGN §12, §13). `catalyst exec` sends
 * one request; `catalyst test` sends many; the studio's Run keeps one warm across edits and
 * has it reload the changed workflow modules (src/server/run/warm-runs.ts).
 */

const jsonValue: z.ZodType<unknown> = z.unknown();

/** One node of a run's trace, as the runtime records it (runtime/tracing.py). */
export interface HarnessNodeTrace {
  id: string;
  name: string;
  status: 'ok' | 'skipped' | 'error';
  startedMs: number;
  durationMs: number;
  input: unknown;
  output?: unknown;
  error?: string;
  mocked?: boolean;
  calls?: HarnessRunTrace[];
}

export interface HarnessRunTrace {
  workflow: string;
  workflowId: string;
  status: 'ok' | 'error';
  durationMs: number;
  result: unknown;
  error?: string;
  statusCode?: number;
  headers?: Record<string, string>;
  nodes?: HarnessNodeTrace[];
}

const nodeTrace: z.ZodType<HarnessNodeTrace> = z.lazy(() =>
  z.object({
    id: z.string(),
    name: z.string(),
    status: z.enum(['ok', 'skipped', 'error']),
    startedMs: z.number(),
    durationMs: z.number(),
    input: jsonValue,
    output: jsonValue.optional(),
    error: z.string().optional(),
    mocked: z.boolean().optional(),
    calls: z.array(runTrace).optional(),
  }),
);

const runTrace: z.ZodType<HarnessRunTrace> = z.lazy(() =>
  z.object({
    workflow: z.string(),
    workflowId: z.string(),
    status: z.enum(['ok', 'error']),
    durationMs: z.number(),
    result: jsonValue,
    error: z.string().optional(),
    statusCode: z.number().int().optional(),
    headers: z.record(z.string(), z.string()).optional(),
    nodes: z.array(nodeTrace).optional(),
  }),
);

const answerSchema = z.union([
  z.object({ id: jsonValue, ok: z.literal(true), run: runTrace }),
  z.object({ id: jsonValue, ok: z.literal(false), error: z.string() }),
]);

/** What the workflow's endpoint would answer (runtime/harness.py `respond`). */
export interface HarnessResponse {
  status: number;
  body: unknown;
}

const responseAnswerSchema = z.union([
  z.object({
    id: jsonValue,
    ok: z.literal(true),
    response: z.object({ status: z.number().int(), body: jsonValue }),
  }),
  z.object({ id: jsonValue, ok: z.literal(false), error: z.string() }),
]);

const reloadAnswerSchema = z.union([
  z.object({ id: jsonValue, ok: z.literal(true), reloaded: z.array(z.string()) }),
  z.object({ id: jsonValue, ok: z.literal(false), error: z.string() }),
]);

const readySchema = z.union([
  z.object({ ready: z.literal(true) }),
  z.object({ ready: z.literal(false), error: z.string() }),
]);

export interface HarnessRequest {
  /** The workflow's Python module name (`PlannedWorkflow.moduleName`). */
  workflow: string;
  input: unknown;
  /** Node id → the output that replaces that node's run (in this workflow). */
  mocks?: Record<string, unknown>;
  /** Record every node's data (default true). */
  trace?: boolean;
}

/**
 * A run that did not answer within its time: the process was killed (a node that loops or
 * sleeps forever would keep it busy for every later run).
 */
export class HarnessTimeout extends Error {
  override readonly name = 'HarnessTimeout';
  constructor(readonly timeoutMs: number) {
    super(`no answer within ${timeoutMs} ms`);
  }
}

export interface WorkflowHarness {
  readonly pid: number;
  /** False once the process has exited (or was killed by a timeout). */
  alive(): boolean;
  /**
   * One run. With `timeoutMs`, a run still going after that long kills the process and
   * rejects with HarnessTimeout.
   */
  run(request: HarnessRequest, options?: { timeoutMs?: number }): Promise<HarnessRunTrace>;
  /** The status and body the workflow's endpoint would answer, mocks applied (an example's run, DESIGN §12). */
  respond(request: Omit<HarnessRequest, 'trace'>): Promise<HarnessResponse>;
  /**
   * Re-imports these workflow modules and every workflow module that imports them (the warm
   * Run after an edit); answers the `workflows.<module>` modules imported again.
   */
  reload(modules: readonly string[]): Promise<string[]>;
  /** Ends the Python process (closes its stdin; kills it if it does not exit). */
  close(): Promise<void>;
  /** The process's stderr so far (capped): the app's logs and prints. */
  log(): string;
}

export interface StartHarnessOptions {
  python: string;
  /** The generated app's folder. */
  dir: string;
  /** The app's whole environment, built with childEnv (env vars, secrets). */
  env: NodeJS.ProcessEnv;
  /** Each chunk of the app's stderr (its logs and prints) as it arrives. */
  onOutput?: (chunk: string) => void;
  /**
   * How long the app may take to load (importing main.py) before the process is killed and
   * the start fails; none by default.
   */
  startTimeoutMs?: number;
}

const LOG_CAP = 64 * 1024;

/** Starts `python -m runtime.harness` in the app folder and waits until the app has loaded. */
export async function startHarness(options: StartHarnessOptions): Promise<WorkflowHarness> {
  const child: ChildProcessWithoutNullStreams = spawn(options.python, ['-m', 'runtime.harness'], {
    cwd: options.dir,
    // Security: Catalyst's internals are dropped here again, whatever the caller built.
    env: childEnv(options.env, { inherit: 'user' }),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  // A write to a process that just died: its exit is what gets reported, by next().
  child.stdin.on('error', () => {});
  let log = '';
  child.stderr.on('data', (chunk: Buffer) => {
    const text = chunk.toString('utf8');
    log = (log + text).slice(-LOG_CAP);
    options.onOutput?.(text);
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
      `The workflow runner (python -m runtime.harness in ${options.dir}) ${what}.${log.trim() ? `\n${tail(log, 20)}` : ''}`,
    );

  /** The next protocol line, or an error naming why the process stopped talking. */
  async function next(): Promise<unknown> {
    const line = await lines.next();
    if (line.done) {
      await exited;
      throw failure(exit ?? 'closed its output');
    }
    try {
      return JSON.parse(line.value) as unknown;
    } catch {
      throw failure(`printed a line that is not JSON: ${line.value.slice(0, 200)}`);
    }
  }

  /** Killed at a timeout: no longer alive, though its exit may not have been seen yet. */
  let killed = false;
  /** `work`'s result, or `late()`'s error once `ms` have passed — the process killed then. */
  async function within<T>(work: Promise<T>, ms: number | undefined, late: () => Error): Promise<T> {
    if (ms === undefined) return work;
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        killed = true;
        child.kill('SIGKILL');
        reject(late());
      }, ms);
    });
    try {
      return await Promise.race([work, expired]);
    } finally {
      clearTimeout(timer);
    }
  }

  const loading = within(next(), options.startTimeoutMs, () =>
    failure(
      `did not finish loading the app within ${(options.startTimeoutMs ?? 0) / 1000} s and was stopped: something main.py or a module it imports runs at import time does not finish`,
    ),
  );
  const ready = readySchema.safeParse(
    await loading.catch(async (error: unknown) => {
      child.kill('SIGKILL');
      throw error;
    }),
  );
  if (!ready.success || !ready.data.ready) {
    child.kill('SIGKILL');
    const why = ready.success && !ready.data.ready ? ready.data.error : 'answered something unexpected';
    throw new CatalystError('io_failed', `The app could not start for the run: ${why}`);
  }

  let queue: Promise<unknown> = Promise.resolve();
  let sent = 0;
  /** Sends one request line and reads its answer; one at a time: the protocol answers in order. */
  function ask(request: object, timeoutMs?: number): Promise<unknown> {
    const id = ++sent;
    const result = queue.then(async () => {
      child.stdin.write(`${JSON.stringify({ id, ...request })}\n`);
      return within(next(), timeoutMs, () => new HarnessTimeout(timeoutMs ?? 0));
    });
    queue = result.catch(() => undefined);
    return result;
  }
  const alive = () => !killed && child.exitCode === null && child.signalCode === null;
  return {
    pid: child.pid ?? -1,
    alive,
    async run(request, options = {}) {
      const parsed = answerSchema.safeParse(await ask(request, options.timeoutMs));
      if (!parsed.success) throw failure('answered something unexpected');
      if (!parsed.data.ok) throw new CatalystError('invalid_input', parsed.data.error);
      return parsed.data.run;
    },
    async respond(request) {
      const parsed = responseAnswerSchema.safeParse(await ask({ ...request, respond: true }));
      if (!parsed.success) throw failure('answered something unexpected');
      if (!parsed.data.ok) throw new CatalystError('invalid_input', parsed.data.error);
      return parsed.data.response;
    },
    async reload(modules) {
      const parsed = reloadAnswerSchema.safeParse(await ask({ reload: modules }));
      if (!parsed.success) throw failure('answered something unexpected');
      if (!parsed.data.ok) throw new CatalystError('invalid_input', parsed.data.error);
      return parsed.data.reloaded;
    },
    async close() {
      if (!alive()) {
        await exited;
        return;
      }
      child.stdin.end();
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    },
    log: () => log,
  };
}
