import type { Database } from 'better-sqlite3';

/**
 * The monitor lease: a single row saying which monitor probes this workspace (the `up` of
 * the "monitor lease" migration). One prober at a time keeps the studio and
 * `catalyst status --watch` from checking every target twice and storing both samples.
 */
export function createLeaseTable(db: Database): void {
  db.exec(`
CREATE TABLE monitor_lease (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  owner TEXT NOT NULL,
  pid INTEGER NOT NULL,
  label TEXT NOT NULL,
  expires_at INTEGER NOT NULL
) STRICT;
`);
}

/** Who holds the lease, as another monitor shows it ("the studio (pid 4242)"). */
export interface LeaseHolder {
  owner: string;
  pid: number;
  label: string;
  expiresAt: number;
}

export interface LeaseOptions {
  /** Unique per monitor: two monitors of one process are told apart by it, not by pid. */
  owner: string;
  pid: number;
  label: string;
  /** Whether a process still runs; a holder whose process is gone loses the lease at once. */
  isAlive: (pid: number) => boolean;
}

/**
 * Takes, renews and releases the lease. `acquire` is one IMMEDIATE transaction, so two
 * monitors asking at the same instant cannot both win.
 */
export class MonitorLease {
  readonly #db: Database;
  readonly #options: LeaseOptions;
  readonly #acquire: (now: number, ttlMs: number) => boolean;

  constructor(db: Database, options: LeaseOptions) {
    this.#db = db;
    this.#options = options;
    const read = db.prepare(
      'SELECT owner, pid, label, expires_at AS expiresAt FROM monitor_lease WHERE id = 1',
    );
    const write = db.prepare(
      `INSERT INTO monitor_lease (id, owner, pid, label, expires_at) VALUES (1, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET owner = excluded.owner, pid = excluded.pid,
         label = excluded.label, expires_at = excluded.expires_at`,
    );
    const tx = db.transaction((now: number, ttlMs: number) => {
      const holder = read.get() as LeaseHolder | undefined;
      const free =
        holder === undefined ||
        holder.owner === options.owner ||
        holder.expiresAt <= now ||
        !options.isAlive(holder.pid);
      if (!free) return false;
      write.run(options.owner, options.pid, options.label, now + ttlMs);
      return true;
    });
    this.#acquire = (now, ttlMs) => tx.immediate(now, ttlMs);
  }

  /** Takes the lease (or renews it) until `now + ttlMs`; false when another live monitor holds it. */
  acquire(now: number, ttlMs: number): boolean {
    return this.#acquire(now, ttlMs);
  }

  /** The current holder, if the lease is held and not expired. */
  holder(now: number): LeaseHolder | undefined {
    const row = this.#db
      .prepare('SELECT owner, pid, label, expires_at AS expiresAt FROM monitor_lease WHERE id = 1')
      .get() as LeaseHolder | undefined;
    if (!row || row.expiresAt <= now || !this.#options.isAlive(row.pid)) return undefined;
    return row;
  }

  /** Gives the lease up (only if held), so another monitor takes over at its next cycle. */
  release(): void {
    this.#db.prepare('DELETE FROM monitor_lease WHERE id = 1 AND owner = ?').run(this.#options.owner);
  }
}

/** `kill(pid, 0)`: no such process → gone; EPERM → it exists (another user's). */
export function processAlive(pid: number): boolean {
  if (pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
