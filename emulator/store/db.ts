import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import Database from "better-sqlite3";
import { MIGRATIONS, TENANT_TABLES } from "./migrations.js";
import type { Tenant } from "../platform/context.js";

export type Db = Database.Database;

/**
 * `create`'s value for each database (connection or store), made on first use and shared by every
 * caller after: repositories that keep prepared statements or caches of their own.
 */
export function onePerDatabase<D extends object, T>(create: (database: D) => T): (database: D) => T {
  const made = new WeakMap<D, T>();
  return (database) => {
    let value = made.get(database);
    if (value === undefined) {
      value = create(database);
      made.set(database, value);
    }
    return value;
  };
}

/**
 * Prepares each SQL text once for its caller (statements built from filters vary, so the cache is
 * bounded). Each caller gets its own: a statement's mode (pluck, raw) belongs to the caller that set it.
 */
export function preparedStatements(db: Db): (sql: string) => Database.Statement {
  const statements = new Map<string, Database.Statement>();
  return (sql) => {
    let statement = statements.get(sql);
    if (statement === undefined) {
      statement = db.prepare(sql);
      if (statements.size > 500) statements.clear();
      statements.set(sql, statement);
    }
    return statement;
  };
}

export interface Store {
  db: Db;
  /** Runs `work` in one SQLite transaction (nested calls join the outer one). */
  transaction<T>(work: () => T): T;
  /**
   * Group commit: runs `work` in a savepoint of one transaction shared by every write grouped in
   * this turn of the event loop, and resolves once that transaction has committed (so an answer
   * sent after `await` is durable). A work that throws rolls back alone and rejects; a failed
   * COMMIT rejects every work of the group.
   */
  grouped<T>(work: () => T): Promise<T>;
  /** Runs `hook` in every group transaction, after its works and before COMMIT (a throw fails the group). */
  beforeGroupCommit(hook: () => void): void;
  /** Rows this connection has inserted, updated or deleted since it opened (sqlite3_total_changes). */
  changes(): number;
  /** Empties every tenant table, or only one tenant's rows. */
  reset(tenant?: Tenant): void;
  close(): void;
}

export function openStore(path: string): Store {
  if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  db.pragma("journal_mode = WAL");
  // NORMAL in WAL mode keeps every committed transaction through a process crash.
  db.pragma("synchronous = NORMAL");
  db.pragma("foreign_keys = ON");
  db.pragma("busy_timeout = 5000");
  // better-sqlite3 builds SQLite with a 16 MiB page cache. 4 MiB holds the index pages and the
  // documents in use; the rest of the entities and of a big records table is read from the OS
  // cache. At 8 MiB the peak RSS after a million batch records was 147-148 MiB, at 4 MiB 128 MiB,
  // with no measurable change to the filtered list over 10,000 flows.
  db.pragma("cache_size = -4000");
  // A checkpoint copies every page the WAL holds back into the database file. At SQLite's default
  // (every 1,000 frames) the pages each small write touches again (index pages, the flow a run
  // updates) were copied over and over: a group COMMIT of POST /flows cost 425 µs, 285 µs with
  // 10,000 frames between checkpoints (measured), for a WAL file of up to 40 MB.
  db.pragma("wal_autocheckpoint = 10000");
  migrate(db);
  // One transaction function for every call: db.transaction() builds a new wrapper each time it is
  // asked, which cost as much as a small write. Nested calls still become savepoints.
  const inTransaction = db.transaction((work: () => unknown) => work());
  const group = new GroupCommit(inTransaction);
  const totalChanges = db.prepare("SELECT total_changes()").pluck();

  return {
    db,
    transaction: <T>(work: () => T) => {
      // Grouped writes were accepted before this one: they commit first, so that no write (a
      // reset, a delete) lands between a message being routed and its record being written.
      if (!db.inTransaction) group.flush();
      return inTransaction(work) as T;
    },
    grouped: (work) => group.add(work),
    beforeGroupCommit: (hook) => group.hooks.push(hook),
    changes: () => totalChanges.get() as number,
    reset: (tenant) => {
      group.flush();
      reset(db, tenant);
    },
    close: () => {
      if (!db.open) return;
      // Writes still waiting for their group are committed (and answered) before the file closes.
      group.flush();
      db.close();
    },
  };
}

function migrate(db: Db): void {
  const current = db.pragma("user_version", { simple: true }) as number;
  if (current > MIGRATIONS.length) {
    throw new Error(`The database was written by a newer emulator (schema ${current}, this one knows ${MIGRATIONS.length}).`);
  }
  // Nothing to do writes nothing: opening a file another emulator serves must not change it.
  if (current === MIGRATIONS.length) return;
  db.transaction(() => {
    for (let version = current; version < MIGRATIONS.length; version++) db.exec(MIGRATIONS[version]);
    db.pragma(`user_version = ${MIGRATIONS.length}`);
  })();
}

function reset(db: Db, tenant?: Tenant): void {
  db.transaction(() => {
    for (const table of TENANT_TABLES) {
      if (tenant === undefined) db.prepare(`DELETE FROM ${table}`).run();
      else db.prepare(`DELETE FROM ${table} WHERE org = ? AND sandbox = ?`).run(tenant.imsOrgId, tenant.sandboxName);
    }
  })();
}

interface GroupedWork {
  work: () => unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/** Writes queued in one turn of the event loop, committed together in setImmediate. */
class GroupCommit {
  readonly hooks: (() => void)[] = [];
  private queue: GroupedWork[] = [];

  constructor(private readonly inTransaction: (work: () => unknown) => unknown) {}

  add<T>(work: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      if (this.queue.length === 0) setImmediate(() => this.flush());
      this.queue.push({ work, resolve: resolve as (value: unknown) => void, reject });
    });
  }

  flush(): void {
    if (this.queue.length === 0) return;
    const works = this.queue;
    this.queue = [];
    const outcomes: ({ ok: true; value: unknown } | { ok: false; error: unknown })[] = [];
    try {
      this.inTransaction(() => {
        // Nested calls of the transaction function are savepoints: a failing work rolls back alone.
        for (const { work } of works) outcomes.push(this.attempt(work));
        for (const hook of this.hooks) hook();
      });
    } catch (error) {
      for (const { reject } of works) reject(error);
      return;
    }
    works.forEach(({ resolve, reject }, index) => {
      const outcome = outcomes[index];
      if (outcome.ok) resolve(outcome.value);
      else reject(outcome.error);
    });
  }

  private attempt(work: () => unknown): { ok: true; value: unknown } | { ok: false; error: unknown } {
    try {
      return { ok: true, value: this.inTransaction(work) };
    } catch (error) {
      return { ok: false, error };
    }
  }
}
