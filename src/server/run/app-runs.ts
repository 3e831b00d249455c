import { createHash } from 'node:crypto';
import { type RunningApp, startApp } from '../../build/app-server.js';
import { freePort } from '../../build/free-port.js';
import type { GeneratedFile } from '../../compiler/types.js';

const HOST = '127.0.0.1';

export interface StartRequest {
  key: string;
  dir: string;
  python: string;
  /** The generated files: an app is restarted only when they changed. */
  files: readonly GeneratedFile[];
  env: NodeJS.ProcessEnv;
}

interface Entry {
  app: RunningApp;
  hash: string;
}

function hashOf(files: readonly GeneratedFile[]): string {
  const hash = createHash('sha256');
  for (const f of [...files].sort((a, b) => (a.path < b.path ? -1 : 1))) {
    hash.update(f.path).update('\0').update(f.content).update('\0');
  }
  return hash.digest('hex');
}

function alive(app: RunningApp): boolean {
  return app.child.exitCode === null && app.child.signalCode === null;
}

/**
 * The apps the studio serves for "Run": one per project + target, started on loopback,
 * restarted when their generated files change, all stopped when the studio stops. Starts
 * for one key run one after another, so two quick runs never start two apps.
 */
export class AppRuns {
  private readonly entries = new Map<string, Entry>();
  private readonly queues = new Map<string, Promise<unknown>>();
  private readonly stopOnExit = () => {
    // Last resort when the process exits without close(): never leave servers behind.
    for (const { app } of this.entries.values()) app.child.kill('SIGKILL');
  };

  /** The running app for `key`, started or restarted as needed; `restarted` says whether it was. */
  async ensure(request: StartRequest): Promise<{ app: RunningApp; restarted: boolean }> {
    return this.serialize(request.key, async () => {
      const hash = hashOf(request.files);
      const current = this.entries.get(request.key);
      if (current && current.hash === hash && alive(current.app))
        return { app: current.app, restarted: false };
      if (current) {
        this.entries.delete(request.key);
        if (this.entries.size === 0) process.off('exit', this.stopOnExit);
        await current.app.stop(2_000);
      }
      const port = await freePort(HOST);
      const app = await startApp({
        python: request.python,
        dir: request.dir,
        host: HOST,
        port,
        env: { ...request.env, PORT: String(port), PYTHONDONTWRITEBYTECODE: '1' },
        healthTimeoutMs: 30_000,
      });
      // Registered only while apps run, so studios that never run anything add no process listener.
      if (this.entries.size === 0) process.on('exit', this.stopOnExit);
      this.entries.set(request.key, { app, hash });
      return { app, restarted: true };
    });
  }

  /** Stops the app of `key`, if one runs. */
  async stop(key: string): Promise<boolean> {
    return this.serialize(key, async () => {
      const entry = this.entries.get(key);
      if (!entry) return false;
      this.entries.delete(key);
      if (this.entries.size === 0) process.off('exit', this.stopOnExit);
      await entry.app.stop(2_000);
      return true;
    });
  }

  running(): string[] {
    return [...this.entries.keys()];
  }

  async close(): Promise<void> {
    await Promise.all([...this.entries.keys()].map((key) => this.stop(key)));
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
