import { chmodSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { CatalystError } from '../errors.js';
import { openDatabase } from './database.js';
import { catalystHome, DATABASE_FILE } from './home.js';
import { type Migration, schemaMigrations } from './migrations.js';
import { ProjectRegistry } from './registry.js';
import { Vault } from './vault/vault.js';

/** The workspace (DESIGN §2): the project registry and runtime database under CATALYST_HOME. */
export interface Workspace {
  home: string;
  db: Database;
  registry: ProjectRegistry;
  vault: Vault;
  close(): void;
}

export interface WorkspaceOptions {
  /** Reads CATALYST_HOME and CATALYST_SECRET_KEY from here; defaults to process.env. */
  env?: NodeJS.ProcessEnv;
  /** Overrides CATALYST_HOME. */
  home?: string;
  /**
   * The tables of the features that use the workspace database (deploy, the monitor), one list
   * per feature; the CLI passes all of them (`openAppWorkspace` in src/cli/app-workspace.ts).
   * Without them the database has only the workspace's own tables: settings, registry, vault.
   */
  features?: readonly (readonly Migration[])[];
}

export function openWorkspace(options: WorkspaceOptions = {}): Workspace {
  const env = options.env ?? process.env;
  const home = options.home ?? catalystHome(env);
  try {
    // Security: the workspace holds the vault; keep it private to this user.
    mkdirSync(home, { recursive: true, mode: 0o700 });
  } catch (error) {
    throw new CatalystError(
      'workspace',
      `Cannot create the workspace folder ${home}: ${(error as Error).message}`,
      {
        cause: error,
      },
    );
  }
  tightenMode(home, 0o700);
  const dbFile = join(home, DATABASE_FILE);
  const db = openDatabase(dbFile, schemaMigrations(options.features));
  try {
    for (const file of [dbFile, `${dbFile}-wal`, `${dbFile}-shm`]) tightenMode(file, 0o600);
  } catch (error) {
    db.close();
    throw error;
  }
  return {
    home,
    db,
    registry: new ProjectRegistry(db),
    vault: new Vault(db, home, env),
    close: () => db.close(),
  };
}

/**
 * Security: the workspace folder and its database (which holds the encrypted secrets and
 * the per-workspace salt) are private to this user, including ones made by an older
 * Catalyst or with a loose umask. A shared folder such as /tmp is refused, not chmod-ed.
 */
function tightenMode(path: string, mode: number): void {
  if (process.platform === 'win32') return;
  let current: number;
  try {
    current = statSync(path).mode;
  } catch {
    return; // -wal/-shm exist only while the database is in use
  }
  if ((current & 0o1000) !== 0 && (current & 0o002) !== 0) {
    throw new CatalystError(
      'workspace',
      `The workspace folder ${path} is a shared folder (mode ${(current & 0o7777).toString(8)}): point CATALYST_HOME at a folder of your own, e.g. ~/.catalyst.`,
    );
  }
  if ((current & 0o777 & ~mode) === 0) return;
  try {
    chmodSync(path, mode);
  } catch (error) {
    throw new CatalystError(
      'workspace',
      `${path} can be read by other users and cannot be made private (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}): run \`chmod ${mode.toString(8)} ${path}\` as its owner, or point CATALYST_HOME elsewhere.`,
      { cause: error },
    );
  }
}
