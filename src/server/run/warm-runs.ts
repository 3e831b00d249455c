import { createHash } from 'node:crypto';
import { startHarness, type WorkflowHarness } from '../../build/workflow-harness.js';
import type { GeneratedFile } from '../../compiler/types.js';

/** A workflow module's file: reloaded in place when it changes. */
const WORKFLOW_MODULE = /^workflows\/([a-z_][a-z0-9_]*)\.py$/;

/** Generated files the harness never reads (served docs, tests, packaging): no reason to restart. */
function ignored(path: string): boolean {
  return (
    path.startsWith('tests/') ||
    path.startsWith('platforms/') ||
    path === 'openapi.json' ||
    path === 'catalyst.lock.json' ||
    path === 'Dockerfile' ||
    path.endsWith('.md') ||
    !(path.endsWith('.py') || path.endsWith('.json') || path.endsWith('.txt') || path.endsWith('.toml'))
  );
}

/**
 * The part of a file that decides how runs behave: main.py without its `COMMIT` line (only
 * `/health` shows it, and it turns "-dirty" at the first unsaved-to-git edit).
 */
function runningPart(file: GeneratedFile): string {
  return file.path === 'main.py' ? file.content.replace(/^COMMIT: .*$/m, '') : file.content;
}

function moduleOf(path: string): string | undefined {
  const match = WORKFLOW_MODULE.exec(path);
  return match && match[1] !== '__init__' ? match[1] : undefined;
}

function hash(parts: Iterable<string>): string {
  const h = createHash('sha256');
  for (const part of parts) h.update(part).update('\0');
  return h.digest('hex');
}

export interface WarmRequest {
  key: string;
  dir: string;
  python: string;
  /** The app's generated files, as now on disk in `dir`. */
  files: readonly GeneratedFile[];
  /** The app's whole environment (env vars and secret values): a change restarts the process. */
  env: NodeJS.ProcessEnv;
  /** How long a new process may take to load the app before it is killed and the run fails. */
  startTimeoutMs?: number;
}

export interface WarmHandle {
  harness: WorkflowHarness;
  /** True when a new process was started for this run. */
  started: boolean;
  /** The `workflows.<module>` modules re-imported for this run. */
  reloaded: string[];
}

interface Entry {
  harness: WorkflowHarness;
  /** Of the env and every file a reload cannot take in. */
  fixed: string;
  /** Module → hash of its file. */
  modules: Map<string, string>;
}

/**
 * One warm Python harness per project + target for the studio's Run (DESIGN §13): started on
 * the first run, then kept; a later run whose generated app differs only in workflow modules
 * reloads those (and their importers) in the same process, anything else — runtime, main.py,
 * requirements, the env vars or secret values — starts a new one. Runs of one key go one at a
 * time. close() stops them all.
 */
export class WarmRuns {
  private readonly entries = new Map<string, Entry>();
  private readonly queues = new Map<string, Promise<unknown>>();
  private readonly started = new Map<string, number>();
  private readonly killOnExit = () => {
    for (const entry of this.entries.values()) {
      try {
        process.kill(entry.harness.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  };

  /**
   * Runs `work` with the key's harness, brought up to date with `request.files` first. A
   * process that died meanwhile (a run's timeout kills it) is dropped: the next run starts one.
   */
  with<T>(request: WarmRequest, work: (handle: WarmHandle) => Promise<T>): Promise<T> {
    return this.serialize(request.key, async () => {
      const handle = await this.ensure(request);
      try {
        return await work(handle);
      } finally {
        if (!handle.harness.alive()) await this.drop(request.key);
      }
    });
  }

  private async ensure(request: WarmRequest): Promise<WarmHandle> {
    const modules = new Map<string, string>();
    const fixedParts: string[] = [];
    for (const [name, value] of Object.entries(request.env).sort(([a], [b]) => (a < b ? -1 : 1))) {
      fixedParts.push(`env:${name}=${value ?? ''}`);
    }
    for (const file of [...request.files].sort((a, b) => (a.path < b.path ? -1 : 1))) {
      const module = moduleOf(file.path);
      if (module !== undefined) modules.set(module, hash([file.content]));
      else if (!ignored(file.path)) fixedParts.push(`file:${file.path}`, runningPart(file));
    }
    const fixed = hash(fixedParts);
    const current = this.entries.get(request.key);
    if (current && current.fixed === fixed && current.harness.alive()) {
      const changed = [...modules].filter(([m, h]) => current.modules.get(m) !== h).map(([m]) => m);
      for (const m of current.modules.keys()) if (!modules.has(m)) changed.push(m);
      try {
        const reloaded = changed.length > 0 ? await current.harness.reload(changed) : [];
        current.modules = modules;
        return { harness: current.harness, started: false, reloaded };
      } catch {
        // A module that cannot be imported again leaves the process half-updated: start afresh,
        // so the app's own import error is what the run reports.
      }
    }
    if (current) await this.drop(request.key);
    const harness = await startHarness({
      python: request.python,
      dir: request.dir,
      env: request.env,
      ...(request.startTimeoutMs === undefined ? {} : { startTimeoutMs: request.startTimeoutMs }),
    });
    if (this.entries.size === 0) process.on('exit', this.killOnExit);
    this.entries.set(request.key, { harness, fixed, modules });
    this.started.set(request.key, (this.started.get(request.key) ?? 0) + 1);
    return { harness, started: true, reloaded: [] };
  }

  /** The pid of the key's process, if one runs. */
  pid(key: string): number | undefined {
    return this.entries.get(key)?.harness.pid;
  }

  /** How many processes were started for `key` so far. */
  starts(key: string): number {
    return this.started.get(key) ?? 0;
  }

  /** Stops the process of `key`, if one runs. */
  stop(key: string): Promise<boolean> {
    return this.serialize(key, () => this.drop(key));
  }

  running(): string[] {
    return [...this.entries.keys()];
  }

  async close(): Promise<void> {
    await Promise.all([...this.entries.keys()].map((key) => this.stop(key)));
  }

  private async drop(key: string): Promise<boolean> {
    const entry = this.entries.get(key);
    if (!entry) return false;
    this.entries.delete(key);
    if (this.entries.size === 0) process.off('exit', this.killOnExit);
    await entry.harness.close();
    return true;
  }

  private serialize<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.queues.get(key) ?? Promise.resolve();
    const run = previous.catch(() => undefined).then(work);
    this.queues.set(key, run);
    void run
      .finally(() => {
        if (this.queues.get(key) === run) this.queues.delete(key);
      })
      .catch(() => {});
    return run;
  }
}
