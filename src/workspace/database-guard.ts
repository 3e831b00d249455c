import { statSync } from 'node:fs';
import type { Database, Statement } from 'better-sqlite3';
import { CatalystError } from '../errors.js';

/**
 * SQLite's result codes for a file that is not (or no longer) a sound database:
 * SQLITE_CORRUPT and its extended codes (_VTAB, _SEQUENCE, _INDEX), SQLITE_NOTADB.
 */
const DAMAGE_CODE = /^SQLITE_(?:CORRUPT(?:_[A-Z]+)?|NOTADB)$/;

export function isDatabaseDamage(error: unknown): boolean {
  return DAMAGE_CODE.test(String((error as { code?: unknown } | undefined)?.code ?? ''));
}

/** The user-facing error for a damaged workspace database: what, where, what to do. */
export function damagedDatabase(file: string, error: unknown): CatalystError {
  return new CatalystError(
    'workspace',
    `The workspace database ${file} is damaged (${(error as Error).message}); move it aside and run again, or restore a backup.`,
    { cause: error },
  );
}

/**
 * The workspace database as the rest of Catalyst sees it. Two failures that SQLite alone
 * reports badly are turned into clear errors at every call:
 * - damage found by any query (a page can be unreadable long after the open succeeded)
 *   becomes `damagedDatabase`, not an "unexpected error";
 * - a write after the file was deleted or replaced under this process is refused: SQLite
 *   would keep writing into the deleted file, and the change (a secret, a deployment)
 *   would vanish when the process exits. Restarting opens the file that is there now —
 *   silently switching to a new, empty database mid-run would hide the registered
 *   projects and the vault's key check from a user who may not know the file went.
 */
export function guardDatabase(db: Database, file: string): Database {
  const identity = fileIdentity(file);
  const guard = <T>(write: boolean, work: () => T): T => {
    if (write && identity) assertSameFile(file, identity);
    try {
      return work();
    } catch (error) {
      if (isDatabaseDamage(error)) throw damagedDatabase(file, error);
      throw error;
    }
  };
  const statement = (stmt: Statement): Statement => {
    const guarded: Statement = new Proxy(stmt, {
      get(target, key) {
        const value = Reflect.get(target, key, target);
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          const result = guard(key === 'run', () => value.apply(target, args));
          return result === target ? guarded : result; // pluck(), raw()… return the statement
        };
      },
    });
    return guarded;
  };
  const guarded: Database = new Proxy(db, {
    get(target, key) {
      const value = Reflect.get(target, key, target);
      if (typeof value !== 'function') return value;
      if (key === 'prepare') {
        return (...args: unknown[]) => statement(guard(false, () => value.apply(target, args)));
      }
      const writes = key === 'exec' || key === 'pragma';
      return (...args: unknown[]) => {
        const result = guard(writes, () => value.apply(target, args));
        return result === target ? guarded : result;
      };
    },
  });
  return guarded;
}

interface FileIdentity {
  dev: number;
  ino: number;
}

function fileIdentity(file: string): FileIdentity | undefined {
  const info = statSync(file, { throwIfNoEntry: false });
  return info ? { dev: info.dev, ino: info.ino } : undefined;
}

function assertSameFile(file: string, opened: FileIdentity): void {
  const now = fileIdentity(file);
  if (now && now.dev === opened.dev && now.ino === opened.ino) return;
  throw new CatalystError(
    'workspace',
    `The workspace database ${file} was ${now ? 'replaced' : 'deleted'} while Catalyst was running, so this change was not saved. Restart Catalyst: it then uses the database file that is there now (or creates a new one).`,
  );
}
