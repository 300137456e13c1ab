import type { Statement } from "better-sqlite3";
import { type Db, onePerDatabase } from "./db.js";

/**
 * Answers read from the store, kept until the connection writes anything at all. SQLite's
 * total_changes() counts every row this connection inserts, updates or deletes (resets and
 * rolled-back work included), and reading it touches no table, so a changed count empties the
 * cache before anything stale can be served. Nothing is kept or served inside a transaction,
 * whose writes may still be rolled back. The emulator is the only writer of its database (one
 * process), so this connection sees every change.
 */
export class ReadCache {
  private readonly entries = new Map<string, unknown>();
  private readonly changes: Statement;
  private seenChanges = -1;
  private chars = 0;

  constructor(
    private readonly db: Db,
    /** Roughly the most characters of text kept at once. */
    private readonly maxChars = 8_000_000,
  ) {
    this.changes = db.prepare("SELECT total_changes()").pluck();
  }

  /** The cached value of `key`, or `read()`'s (kept when `size` says how much text it holds). */
  get<T>(key: string, read: () => T, size: (value: T) => number): T {
    if (!this.current()) return read();
    if (this.entries.has(key)) return this.entries.get(key) as T;
    const value = read();
    const chars = size(value);
    if (this.chars + chars > this.maxChars) this.forget();
    this.entries.set(key, value);
    this.chars += chars;
    return value;
  }

  private current(): boolean {
    if (this.db.inTransaction) return false;
    const changes = this.changes.get() as number;
    if (changes !== this.seenChanges) {
      this.forget();
      this.seenChanges = changes;
    }
    return true;
  }

  private forget(): void {
    this.entries.clear();
    this.chars = 0;
  }
}

/** One cache per database connection, shared by every repository that reads it. */
export const readCacheOf: (db: Db) => ReadCache = onePerDatabase((db: Db) => new ReadCache(db));
