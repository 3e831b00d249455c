import type { RegisteredProject } from '../../workspace/registry.js';
import type { ProjectSummary } from '../views.js';

interface Entry {
  folder: string;
  summary: Promise<ProjectSummary>;
}

/**
 * What a dashboard card shows from a project's files (manifest, workflow count, target,
 * git head), read once per project and kept in memory: listing 1,000 projects from disk on
 * every request took a second or more. The file watcher forgets a project when its files
 * change (`forget`), the studio's own writes do the same, so an entry is only re-read when
 * something changed. Pending reads are shared, so two requests never read a folder twice.
 */
export class SummaryCache {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly read: (entry: RegisteredProject) => Promise<ProjectSummary>) {}

  get(entry: RegisteredProject): Promise<ProjectSummary> {
    const hit = this.entries.get(entry.id);
    // A project re-registered at another folder is another set of files.
    if (hit !== undefined && hit.folder === entry.path) return hit.summary;
    const summary = this.read(entry);
    this.entries.set(entry.id, { folder: entry.path, summary });
    return summary;
  }

  /** Forgets one project, or every project (`null`: the registry itself changed). */
  forget(projectId: string | null): void {
    if (projectId === null) this.entries.clear();
    else this.entries.delete(projectId);
  }

  /** Drops projects no longer registered, so a long-running studio does not keep them. */
  keepOnly(ids: ReadonlySet<string>): void {
    for (const id of this.entries.keys()) {
      if (!ids.has(id)) this.entries.delete(id);
    }
  }
}
