import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Database } from 'better-sqlite3';
import { CatalystError } from '../errors.js';

/** A project folder the workspace knows about (the studio lists these). */
export interface RegisteredProject {
  id: string;
  path: string;
  name: string;
  registeredAt: string;
}

interface Row {
  id: string;
  path: string;
  name: string;
  registered_at: string;
}

const fromRow = (row: Row): RegisteredProject => ({
  id: row.id,
  path: row.path,
  name: row.name,
  registeredAt: row.registered_at,
});

export class ProjectRegistry {
  constructor(private readonly db: Database) {}

  /**
   * Registers a folder (or refreshes its name). A project id belongs to one folder: a
   * second folder with the same id is usually a copy, and would share the first one's
   * secrets, so it is refused unless the first folder no longer holds that project.
   */
  register(project: { id: string; name: string; path: string }): RegisteredProject {
    const path = resolve(project.path);
    return this.db
      .transaction(() => {
        const sameId = this.db.prepare('SELECT * FROM projects WHERE id = ?').get(project.id) as
          | Row
          | undefined;
        if (sameId && sameId.path !== path && folderHolds(sameId.path, project.id)) {
          throw new CatalystError(
            'conflict',
            `Project id ${project.id} is already registered for ${sameId.path}. A copied project folder keeps the original's id: give the copy a new "id" in catalyst.json (e.g. proj_${Date.now().toString(36)}) and register it again.`,
            { file: 'catalyst.json', path: '$.id' },
          );
        }
        const registeredAt = sameId?.path === path ? sameId.registered_at : new Date().toISOString();
        this.db.prepare('DELETE FROM projects WHERE id = ? OR path = ?').run(project.id, path);
        this.db
          .prepare('INSERT INTO projects (id, path, name, registered_at) VALUES (?, ?, ?, ?)')
          .run(project.id, path, project.name, registeredAt);
        return { id: project.id, path, name: project.name, registeredAt };
      })
      .immediate();
  }

  /** Removes a project by id or folder path; returns what was removed. */
  unregister(idOrPath: string): RegisteredProject | undefined {
    const found = this.find(idOrPath);
    if (found) this.db.prepare('DELETE FROM projects WHERE id = ?').run(found.id);
    return found;
  }

  find(idOrPath: string): RegisteredProject | undefined {
    const row = this.db
      .prepare('SELECT * FROM projects WHERE id = ? OR path = ?')
      .get(idOrPath, resolve(idOrPath)) as Row | undefined;
    return row ? fromRow(row) : undefined;
  }

  list(): RegisteredProject[] {
    return (this.db.prepare('SELECT * FROM projects ORDER BY name, path').all() as Row[]).map(fromRow);
  }
}

/** Whether `path` still holds the project `id` (it may have been moved or deleted since). */
function folderHolds(path: string, id: string): boolean {
  try {
    const manifest = JSON.parse(readFileSync(join(path, 'catalyst.json'), 'utf8')) as { id?: unknown };
    return manifest.id === id;
  } catch {
    return false;
  }
}
