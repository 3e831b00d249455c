import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { CatalystError } from '../store/errors.js';
import { openDatabase } from './database.js';
import { catalystHome, DATABASE_FILE } from './home.js';
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
  const db = openDatabase(join(home, DATABASE_FILE));
  return {
    home,
    db,
    registry: new ProjectRegistry(db),
    vault: new Vault(db, home, env),
    close: () => db.close(),
  };
}
