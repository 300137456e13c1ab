import { type Db, preparedStatements } from "./db.js";
import { type ReadCache, readCacheOf } from "./read-cache.js";
import type { Tenant } from "../platform/context.js";
import { afterCursorSql, type Cursor, type FieldColumns, type Filter, filterSql, type ListQuery, orderSql, type SqlFragment } from "../platform/query.js";

/**
 * One table holds every Flow Service entity (and runs) as a JSON document, keyed by tenant, kind
 * and id; Schema Registry resources (kinds xdm/*) and Catalog datasets (catalog/dataSets) too.
 * `seq` orders rows by insertion and breaks ties when paging.
 */
export type Document = Record<string, unknown>;

export interface Page {
  items: Document[];
  /** Present when more rows follow. */
  next?: Cursor;
}

/**
 * The indexed values of a document, kept in columns beside it (migration 6) and computed by SQLite
 * from the document text as it is written: what json_extract gives, so that a filter on a column
 * and one on the document always agree. `@kind` and `@doc` are the row's.
 */
const INDEXED_VALUES = {
  created_at: `json_extract(@doc, '$."createdAt"')`,
  state: `json_extract(@doc, '$."state"')`,
  // A webhook flow's inlet is the end of its options.inletUrl; an HTTP API connection names it.
  inlet_id: `CASE @kind
    WHEN 'flows' THEN substr(json_extract(@doc, '$.options.inletUrl'), -64)
    WHEN 'connections' THEN json_extract(@doc, '$.auth.params.inletId')
  END`,
};

/** List filters and orderings on these top-level fields read their columns (and so their indexes). */
const FIELD_COLUMNS: FieldColumns = { createdAt: "created_at", state: "state" };

const ROW_KEY = "org = @org AND sandbox = @sandbox AND kind = @kind AND id = @id";
const INSERT = `INSERT INTO entities (kind, org, sandbox, id, doc, created_at, state, inlet_id)
  VALUES (@kind, @org, @sandbox, @id, @doc, ${INDEXED_VALUES.created_at}, ${INDEXED_VALUES.state}, ${INDEXED_VALUES.inlet_id})`;
/** Changes nothing unless the new document's indexed values are the stored ones. */
const UPDATE_DOCUMENT_ONLY = `UPDATE entities SET doc = @doc WHERE ${ROW_KEY}
  AND created_at IS ${INDEXED_VALUES.created_at} AND state IS ${INDEXED_VALUES.state} AND inlet_id IS (${INDEXED_VALUES.inlet_id})`;
const UPDATE_WITH_INDEXED = `UPDATE entities
  SET doc = @doc, created_at = ${INDEXED_VALUES.created_at}, state = ${INDEXED_VALUES.state}, inlet_id = ${INDEXED_VALUES.inlet_id}
  WHERE ${ROW_KEY}`;

function rowOf(tenant: Tenant, kind: string, id: string, doc: Document) {
  return { kind, org: tenant.imsOrgId, sandbox: tenant.sandboxName, id, doc: JSON.stringify(doc) };
}

export class EntityRepository {
  private readonly cache: ReadCache;
  private readonly statement: ReturnType<typeof preparedStatements>;

  constructor(db: Db) {
    this.cache = readCacheOf(db);
    this.statement = preparedStatements(db);
  }

  insert(tenant: Tenant, kind: string, id: string, doc: Document): void {
    this.statement(INSERT).run(rowOf(tenant, kind, id, doc));
  }

  get(tenant: Tenant, kind: string, id: string): Document | undefined {
    const json = this.getJson(tenant, kind, id);
    return json === undefined ? undefined : JSON.parse(json);
  }

  /** The document as stored (JSON text), for answers that pass it through without parsing it. */
  getJson(tenant: Tenant, kind: string, id: string): string | undefined {
    const key = `doc\u0000${tenant.imsOrgId}\u0000${tenant.sandboxName}\u0000${kind}\u0000${id}`;
    return this.cache.get(key, () => this.readJson(tenant, kind, id), (doc) => doc?.length ?? 0);
  }

  private readJson(tenant: Tenant, kind: string, id: string): string | undefined {
    return this.statement("SELECT doc FROM entities WHERE org = ? AND sandbox = ? AND kind = ? AND id = ?").pluck().get(
      tenant.imsOrgId, tenant.sandboxName, kind, id,
    ) as string | undefined;
  }

  update(tenant: Tenant, kind: string, id: string, doc: Document): boolean {
    const row = rowOf(tenant, kind, id, doc);
    // Most updates leave the indexed values as they were: then only the row is rewritten.
    if (this.statement(UPDATE_DOCUMENT_ONLY).run(row).changes === 1) return true;
    return this.statement(UPDATE_WITH_INDEXED).run(row).changes === 1;
  }

  delete(tenant: Tenant, kind: string, id: string): boolean {
    const result = this.statement("DELETE FROM entities WHERE org = ? AND sandbox = ? AND kind = ? AND id = ?").run(
      tenant.imsOrgId, tenant.sandboxName, kind, id,
    );
    return result.changes === 1;
  }

  list(tenant: Tenant, kind: string, query: ListQuery): Page {
    const page = this.listJson(tenant, kind, query);
    return { items: page.items.map((json) => JSON.parse(json) as Document), next: page.next };
  }

  /** A page of documents as stored (JSON text), for answers that pass them through without parsing them. */
  listJson(tenant: Tenant, kind: string, query: ListQuery): { items: string[]; next?: Cursor } {
    const where = this.where(tenant, kind, query.filters);
    const { key, direction } = orderSql(query.ordering, "doc", FIELD_COLUMNS);
    if (query.after) {
      const after = afterCursorSql(key, direction, query.after);
      where.sql += ` AND ${after.sql}`;
      where.params.push(...after.params);
    }
    const sql = `SELECT doc, seq FROM entities WHERE ${where.sql} ORDER BY ${key.sql} ${direction}, seq ${direction} LIMIT ?`;
    const rows = this.statement(sql).raw().all(...where.params, ...key.params, query.limit + 1) as [string, number][];
    const more = rows.length > query.limit;
    if (more) rows.length = query.limit;
    const items = rows.map((row) => row[0]);
    if (!more) return { items };
    // Only the last row's sort value is needed (for the cursor): selecting it for every row would
    // parse every document of the page once more.
    const last = rows[rows.length - 1][1];
    const value = this.statement(`SELECT ${key.sql} FROM entities WHERE seq = ?`).pluck().get(...key.params, last);
    return { items, next: { value, seq: last } };
  }

  /**
   * An answer made only of what this store holds, kept until the connection next writes (see
   * ReadCache); `key` must name everything the answer depends on.
   */
  cachedAnswer<T extends string | Uint8Array>(key: string, answer: () => T): T {
    return this.cache.get(key, answer, (value) => (typeof value === "string" ? value.length : value.byteLength));
  }

  count(tenant: Tenant, kind: string, filters: Filter[]): number {
    const where = this.where(tenant, kind, filters);
    const row = this.statement(`SELECT count(*) AS n FROM entities WHERE ${where.sql}`).get(...where.params) as { n: number };
    return row.n;
  }

  /** The flow or connection that owns a streaming inlet id, in whichever tenant it lives. */
  findByInlet(inletId: string): { tenant: Tenant; kind: string; doc: Document } | undefined {
    const row = this.statement("SELECT org, sandbox, kind, doc FROM entities WHERE inlet_id = ? LIMIT 1").get(inletId) as
      | { org: string; sandbox: string; kind: string; doc: string }
      | undefined;
    if (row === undefined) return undefined;
    return { tenant: { imsOrgId: row.org, sandboxName: row.sandbox }, kind: row.kind, doc: JSON.parse(row.doc) };
  }

  /** Every document of a kind that matches the filters, without paging (reference checks, catalogues). */
  all(tenant: Tenant, kind: string, filters: Filter[] = []): Document[] {
    const where = this.where(tenant, kind, filters);
    const rows = this.statement(`SELECT doc FROM entities WHERE ${where.sql} ORDER BY seq`).all(...where.params) as { doc: string }[];
    return rows.map((row) => JSON.parse(row.doc));
  }

  private where(tenant: Tenant, kind: string, filters: Filter[]): SqlFragment {
    const fragments = filters.map((filter) => filterSql(filter, "doc", FIELD_COLUMNS));
    return {
      sql: ["org = ? AND sandbox = ? AND kind = ?", ...fragments.map((fragment) => fragment.sql)].join(" AND "),
      params: [tenant.imsOrgId, tenant.sandboxName, kind, ...fragments.flatMap((fragment) => fragment.params)],
    };
  }

}
