/**
 * Baseline for batch ingestion: a bare better-sqlite3 insert loop writing the records the inlet
 * writes, with nothing else (no HTTP, no JSON parsing, no mapping, no validation, no run metrics).
 * Same table (the emulator's own migrations, through openStore), same pragmas (WAL,
 * synchronous=NORMAL, the page cache), the same INSERTs as RecordRepository (50 rows per
 * statement, then one row per statement for the rest), one transaction per batch of BATCH_SIZE.
 * The JSON of each row is serialised once, before the timed loop.
 *
 *   tsx bench/workloads/sqlite-loop.ts <db-path> <milliseconds>
 *
 * Then the same loop with one record per transaction, as the inlet's single-message endpoint
 * commits (for half the time).
 *
 * Prints {"recordsPerSecond": n, "singlePerSecond": n, "records": n, "ms": n}.
 */
import { openStore } from "../../emulator/store/db.js";
import { BATCH_SIZE, eventAt, ORG, READ_SANDBOX } from "../lib/workload.js";

const [dbPath, msArg = "2000"] = process.argv.slice(2);
if (dbPath === undefined) throw new Error("usage: tsx bench/workloads/sqlite-loop.ts <db-path> <milliseconds>");
const store = openStore(dbPath);
const ROWS_PER_INSERT = 50;
const INSERT = "INSERT INTO records (org, sandbox, dataset_id, flow_id, inlet_id, xaction_id, received_ms, status, record, raw, errors) VALUES ";
const ROW = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
const insert = store.db.prepare(INSERT + ROW);
const insertRows = store.db.prepare(INSERT + Array.from({ length: ROWS_PER_INSERT }, () => ROW).join(", "));

const DATASET_ID = "63ec807d3f5ce91bd2d06c65";
const FLOW_ID = "2feddf5a-3c0d-4c17-aed4-5427a27385f3";
const INLET_ID = "e649d2f1680042e7fc4c6acad443f6662c849d9473223cf565d96b503e648607";

/** The tutorial's mapping, by hand: what the inlet stores as `record` for each event. */
function mapped(event: Record<string, any>): unknown {
  const identifiers = event.data?.identifiers ?? {};
  const fields: Record<string, unknown> = {};
  if (identifiers.cio_id !== undefined) fields.cio_id = identifiers.cio_id;
  if (identifiers.email !== undefined) fields.email = identifiers.email;
  Object.assign(fields, { event_id0: event.event_id, metricx: event.metric, object_type1: event.object_type, timestampx: event.timestamp });
  return { _extconndev: fields };
}

const rows = Array.from({ length: BATCH_SIZE }, (_, index) => {
  const event = eventAt(index);
  return { raw: JSON.stringify(event), record: JSON.stringify(mapped(event)) };
});

let batches = 0;
const write = store.db.transaction((receivedMs: number, count: number) => {
  const batchId = `${receivedMs}:1234:${++batches}`;
  const valuesOf = (index: number) => {
    const row = rows[(batches + index) % rows.length];
    return [ORG, READ_SANDBOX, DATASET_ID, FLOW_ID, INLET_ID, `${batchId}:${index}`, receivedMs, "ingested", row.record, row.raw, null];
  };
  let index = 0;
  for (; index + ROWS_PER_INSERT <= count; index += ROWS_PER_INSERT) {
    const values: unknown[] = [];
    for (let row = index; row < index + ROWS_PER_INSERT; row++) values.push(...valuesOf(row));
    insertRows.run(values);
  }
  for (; index < count; index++) insert.run(valuesOf(index));
});

/** Records per second writing `count` records per transaction for `ms`, after a warm-up. */
function timed(count: number, ms: number): { perSecond: number; records: number; elapsed: number } {
  for (let index = 0; index < 20; index++) write(Date.now(), count);
  let records = 0;
  const started = performance.now();
  let elapsed = 0;
  while (elapsed < ms) {
    write(Date.now(), count);
    records += count;
    elapsed = performance.now() - started;
  }
  return { perSecond: (records / elapsed) * 1000, records, elapsed };
}

const budget = Number(msArg);
const batched = timed(BATCH_SIZE, budget);
const single = timed(1, budget / 2);
store.close();
console.log(JSON.stringify({ recordsPerSecond: batched.perSecond, singlePerSecond: single.perSecond, records: batched.records, ms: batched.elapsed }));
