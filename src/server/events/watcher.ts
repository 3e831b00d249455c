import { type FSWatcher, watch } from 'node:fs';
import path from 'node:path';
import type { StudioServices } from '../services.js';
import type { EventBus } from './event-bus.js';

const DEBOUNCE_MS = 150;

/** What a change in a watched folder means; `only`: the names in it that matter. */
interface WatchSpec {
  fire: () => void;
  only?: string[];
}

/**
 * Turns file changes made outside the page (the CLI, an editor, another tab) into events:
 * `catalyst.json` and `workflows/` of every registered project, and the registry itself.
 * Bursts (an atomic write is a create + rename) are debounced into one event per project.
 */
export class ProjectWatcher {
  private readonly watchers = new Map<string, FSWatcher>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private closed = false;
  /** The registered projects as last seen, so a database write that left them alone publishes nothing. */
  private registryKey: string | undefined;

  constructor(
    private readonly services: StudioServices,
    private readonly bus: EventBus,
  ) {}

  /** (Re)reads the watch list; call on start and whenever the registry changes. */
  async refresh(): Promise<void> {
    const { projects, registryPaths } = await this.services.watchList();
    if (this.closed) return;
    this.registryKey = JSON.stringify(projects);
    // At launch and when projects are added: have their cards ready before the page asks.
    this.services.warmProjects?.();
    // Folder → what a change in it means. In a project root only the manifest matters, and in
    // `.git/` only the head: the rest of `.git/` and `.catalyst/` churn on every commit and generation.
    const wanted = new Map<string, WatchSpec>();
    for (const file of registryPaths) {
      // Watch the folder: the registry file may be replaced atomically or not exist yet.
      wanted.set(path.dirname(file), { fire: () => this.emit('registry', () => this.onRegistryChange()) });
    }
    for (const { id, folder } of projects) {
      for (const [dir, spec] of this.projectWatches(id, folder)) wanted.set(dir, spec);
    }
    for (const dir of [...this.watchers.keys()]) {
      if (!wanted.has(dir)) this.unwatch(dir);
    }
    this.watchAll(wanted);
  }

  private projectWatches(id: string, folder: string): Map<string, WatchSpec> {
    const fire = () =>
      this.emit(id, () => {
        // Forget first: the pages reload on the event and must get the new facts.
        this.services.forgetProject?.(id);
        // `.git/` may have just appeared (git init): watch what now exists.
        this.watchAll(this.projectWatches(id, folder));
        this.bus.publish({ type: 'project', projectId: id });
      });
    return new Map<string, WatchSpec>([
      // `.git` appearing (git init) changes the card's branch too.
      [folder, { fire, only: ['catalyst.json', '.git'] }],
      [path.join(folder, 'workflows'), { fire }],
      // The card shows branch and commit: HEAD moves on checkout, refs on commit (loose or packed).
      [path.join(folder, '.git'), { fire, only: ['HEAD', 'packed-refs'] }],
      [path.join(folder, '.git', 'refs', 'heads'), { fire }],
    ]);
  }

  private watchAll(wanted: Map<string, WatchSpec>): void {
    if (this.closed) return;
    for (const [dir, { fire, only }] of wanted) {
      if (this.watchers.has(dir)) continue;
      try {
        const watcher = watch(dir, (_event, name) => {
          if (only === undefined || (name !== null && only.includes(name))) fire();
        });
        watcher.on('error', () => this.unwatch(dir));
        this.watchers.set(dir, watcher);
      } catch {
        // A folder that does not exist (yet) is simply not watched; the next refresh retries.
      }
    }
  }

  private unwatch(dir: string): void {
    this.watchers.get(dir)?.close();
    this.watchers.delete(dir);
  }

  /**
   * The registry lives in the workspace database, which the monitor and deploys write to
   * all the time: publish `projects` (every open dashboard reloads its list, and the studio
   * refreshes the watch list, see start.ts) only when the registered projects differ.
   */
  private onRegistryChange(): void {
    void this.services.watchList().then(
      ({ projects }) => {
        const key = JSON.stringify(projects);
        if (this.closed || key === this.registryKey) return;
        this.registryKey = key;
        this.bus.publish({ type: 'projects' });
      },
      () => this.bus.publish({ type: 'projects' }),
    );
  }

  private emit(key: string, fire: () => void): void {
    clearTimeout(this.timers.get(key));
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        if (!this.closed) fire();
      }, DEBOUNCE_MS),
    );
  }

  close(): void {
    this.closed = true;
    for (const timer of this.timers.values()) clearTimeout(timer);
    for (const watcher of this.watchers.values()) watcher.close();
    this.watchers.clear();
  }
}
