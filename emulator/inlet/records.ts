import type { Statement } from "better-sqlite3";
import type { Tenant } from "../platform/context.js";
import { type Db, onePerDatabase, preparedStatements } from "../store/db.js";

/**
 * What the inlet wrote to a dataset: each record, ingested or failed, with the raw event it came
 * from. Rows are only ever appended; `seq` is the paging cursor.
 */
export type RecordStatus = "ingested" | "failed";

export interface NewRecord {
  datasetId: string;
  flowId: string;
  inletId: string;
  xactionId: string;
  receivedTimeMs: number;
  status: RecordStatus;
  record: unknown;
  raw: unknown;
  errors: unknown[];
  /** `record` and `raw` as JSON, when the caller has already serialised them (the inlet, to count bytes). */
  recordJson?: string | null;
  rawJson?: string;
}

export interface StoredRecord extends Omit<NewRecord, "recordJson" | "rawJson"> {
  id: string;
}

export interface RecordQuery {
  datasetId: string;
  flowId?: string;
  status?: RecordStatus;
  after?: number;
  limit: number;
}

/** Rows per multi-row INSERT: one statement per 50 records costs less than 50 statements. */
const ROWS_PER_INSERT = 50;
const INSERT = "INSERT INTO records (org, sandbox, dataset_id, flow_id, inlet_id, xaction_id, received_ms, status, record, raw, errors) VALUES ";
const ROW = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

export class RecordRepository {
  private readonly insertStatement: Statement;
  private readonly insertRowsStatement: Statement;
  private readonly statement: ReturnType<typeof preparedStatements>;

  constructor(db: Db) {
    this.statement = preparedStatements(db);
    this.insertStatement = db.prepare(INSERT + ROW);
    this.insertRowsStatement = db.prepare(INSERT + Array.from({ length: ROWS_PER_INSERT }, () => ROW).join(", "));
  }

  /** Returns the rows changed (1). */
  insert(tenant: Tenant, record: NewRecord): number {
    const values: unknown[] = [];
    pushRow(values, tenant, record);
    return this.insertStatement.run(values).changes;
  }

  /** Appends the records in order (their seq follows it); returns the rows changed. */
  insertAll(tenant: Tenant, records: NewRecord[]): number {
    let changes = 0;
    let index = 0;
    for (; index + ROWS_PER_INSERT <= records.length; index += ROWS_PER_INSERT) {
      const values: unknown[] = [];
      for (let row = index; row < index + ROWS_PER_INSERT; row++) pushRow(values, tenant, records[row]);
      changes += this.insertRowsStatement.run(values).changes;
    }
    for (; index < records.length; index++) changes += this.insert(tenant, records[index]);
    return changes;
  }

  /** One page of a dataset's records, oldest first, and the cursor of the next page. */
  list(tenant: Tenant, query: RecordQuery): { items: StoredRecord[]; next?: number } {
    const conditions = ["org = ?", "sandbox = ?", "dataset_id = ?", "seq > ?"];
    const params: unknown[] = [tenant.imsOrgId, tenant.sandboxName, query.datasetId, query.after ?? 0];
    if (query.flowId !== undefined) {
      conditions.push("flow_id = ?");
      params.push(query.flowId);
    }
    if (query.status !== undefined) {
      conditions.push("status = ?");
      params.push(query.status);
    }
    const sql = `SELECT * FROM records WHERE ${conditions.join(" AND ")} ORDER BY seq LIMIT ?`;
    const rows = this.statement(sql).all(...params, query.limit + 1) as RecordRow[];
    const page = rows.slice(0, query.limit);
    return { items: page.map(toStoredRecord), next: rows.length > query.limit ? page[page.length - 1].seq : undefined };
  }

  count(tenant: Tenant, datasetId: string, status?: RecordStatus): number {
    const sql = `SELECT count(*) AS n FROM records WHERE org = ? AND sandbox = ? AND dataset_id = ?${status ? " AND status = ?" : ""}`;
    const params = [tenant.imsOrgId, tenant.sandboxName, datasetId, ...(status ? [status] : [])];
    return (this.statement(sql).get(...params) as { n: number }).n;
  }

  /**
   * Every record of the tenant, oldest first, one at a time: run no other statement on the
   * connection until the walk ends (better-sqlite3 refuses it while a statement iterates).
   */
  *all(tenant: Tenant): Generator<StoredRecord> {
    const rows = this.statement("SELECT * FROM records WHERE org = ? AND sandbox = ? ORDER BY seq").iterate(tenant.imsOrgId, tenant.sandboxName);
    for (const row of rows as Iterable<RecordRow>) yield toStoredRecord(row);
  }

  /** The records of these datasets become `records`, in their order (new ids); returns the rows written. */
  replace(tenant: Tenant, datasetIds: Iterable<string>, records: NewRecord[]): number {
    const remove = this.statement("DELETE FROM records WHERE org = ? AND sandbox = ? AND dataset_id = ?");
    for (const datasetId of datasetIds) remove.run(tenant.imsOrgId, tenant.sandboxName, datasetId);
    return this.insertAll(tenant, records);
  }
}

/** One RecordRepository (and its prepared statements) per database. */
export const recordRepositoryOf: (db: Db) => RecordRepository = onePerDatabase((db: Db) => new RecordRepository(db));

function pushRow(values: unknown[], tenant: Tenant, record: NewRecord): void {
  values.push(
    tenant.imsOrgId,
    tenant.sandboxName,
    record.datasetId,
    record.flowId,
    record.inletId,
    record.xactionId,
    record.receivedTimeMs,
    record.status,
    record.recordJson !== undefined ? record.recordJson : record.record === undefined ? null : JSON.stringify(record.record),
    record.rawJson ?? JSON.stringify(record.raw),
    record.errors.length === 0 ? null : JSON.stringify(record.errors),
  );
}

interface RecordRow {
  seq: number;
  dataset_id: string;
  flow_id: string;
  inlet_id: string;
  xaction_id: string;
  received_ms: number;
  status: RecordStatus;
  record: string | null;
  raw: string;
  errors: string | null;
}

function toStoredRecord(row: RecordRow): StoredRecord {
  return {
    id: String(row.seq),
    datasetId: row.dataset_id,
    flowId: row.flow_id,
    inletId: row.inlet_id,
    xactionId: row.xaction_id,
    receivedTimeMs: row.received_ms,
    status: row.status,
    record: row.record === null ? undefined : JSON.parse(row.record),
    raw: JSON.parse(row.raw),
    errors: row.errors === null ? [] : JSON.parse(row.errors),
  };
}
