import type { Store } from "../store/db.js";

/**
 * Tells the inlet's caches when anyone but the inlet has written to the store. The inlet counts
 * the rows its own statements change; the store's change count moves by exactly that much unless
 * another write (a PATCH, a delete, a reset, a fixture reload, a rolled-back attempt) happened in
 * between, and then every cache is dropped.
 */
export class ForeignWrites {
  private expected = -1;
  private readonly caches: { clear(): void }[] = [];

  constructor(private readonly store: Store) {}

  /** A cache to drop on a foreign write; it must only hold what was read from the store. */
  watch<T extends { clear(): void }>(cache: T): T {
    this.caches.push(cache);
    return cache;
  }

  /** Drops every cache if someone else wrote since the last look. */
  look(): void {
    const now = this.store.changes();
    if (now === this.expected) return;
    for (const cache of this.caches) cache.clear();
    this.expected = now;
  }

  /** The next look drops every cache (after a rollback, which the change count does not show). */
  forget(): void {
    this.expected = -1;
  }

  /** The inlet's own statements changed `rows` rows. */
  own(rows: number): void {
    this.expected += rows;
  }
}

/** A Map that empties itself when it grows past `limit` entries. */
export class BoundedMap<K, V> extends Map<K, V> {
  constructor(private readonly limit = 1000) {
    super();
  }

  override set(key: K, value: V): this {
    if (this.size >= this.limit && !this.has(key)) this.clear();
    return super.set(key, value);
  }
}
