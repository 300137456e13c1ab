import { createHash } from "node:crypto";
import type { Caller, Tenant } from "../platform/context.js";
import { sandboxIdOf } from "../platform/gateway.js";
import type { IdSource } from "../platform/ids.js";
import { newEtag } from "../platform/etag.js";
import { emptyRunMetrics, lastRunDetailsOf } from "../flowservice/runs.js";
import type { Document, EntityRepository } from "../store/entities.js";
import { BoundedMap, type ForeignWrites } from "./foreign-writes.js";

/**
 * Streaming flows report one run per flow per UTC hour window, kept current as events arrive:
 * record counts, bytes, duration and the errors seen, grouped by Adobe's error codes. The flow's
 * lastRunDetails follows its latest run. Neither changes an etag a client holds.
 */
export const WINDOW_MS = 60 * 60 * 1000;

export const MAPPING_ERROR = { code: "MAPPER-3700-400", message: "Mapper Transform Error" };
export const VALIDATION_ERROR = { code: "INGEST-1212-400", message: "Encountered errors in the data that do not fit the dataset's schema." };

/** What one batch of events did to one flow. */
export interface RunDelta {
  firstMs: number;
  lastMs: number;
  input: number;
  output: number;
  failed: number;
  inputBytes: number;
  outputBytes: number;
  /** Failed records per error code. */
  errors: Map<string, number>;
}

export function emptyDelta(receivedMs: number): RunDelta {
  return { firstMs: receivedMs, lastMs: receivedMs, input: 0, output: 0, failed: 0, inputBytes: 0, outputBytes: 0, errors: new Map() };
}

/** A stable run id for a flow's hour window, so every event of the window finds the same run. */
export function runIdOf(tenant: Tenant, flowId: string, windowStart: number): string {
  const hex = createHash("sha256").update(`${tenant.imsOrgId}/${tenant.sandboxName}/${flowId}/${windowStart}`).digest("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export interface RunWriter {
  entities: EntityRepository;
  ids: IdSource;
}

interface PendingRun {
  tenant: Tenant;
  flowId: string;
  windowStart: number;
  /** The pending map's key: tenant, flow and window. */
  key: string;
  caller: Caller;
  delta: RunDelta;
}

/**
 * The run deltas of the writes in the store's current group transaction, summed per flow and
 * window and written once, just before COMMIT (the records and their runs commit together). The
 * result is what adding each request's delta in turn gives. The flow and run documents last
 * written are kept, while nobody else writes, instead of being read and parsed again.
 */
export class RunLedger {
  private readonly pending = new Map<string, PendingRun>();
  private readonly written: Map<string, Document>;
  /** runIdOf per pending key: a SHA-256 per group commit cost as much as the run's own update. */
  private readonly runIds = new BoundedMap<string, string>();

  constructor(
    private readonly writer: RunWriter,
    private readonly foreign: ForeignWrites,
  ) {
    this.written = foreign.watch(new BoundedMap<string, Document>());
  }

  add(tenant: Tenant, flowId: string, caller: Caller, delta: RunDelta): void {
    const windowStart = Math.floor(delta.firstMs / WINDOW_MS) * WINDOW_MS;
    const key = `${tenant.imsOrgId}\u0000${tenant.sandboxName}\u0000${flowId}\u0000${windowStart}`;
    const known = this.pending.get(key);
    // Re-inserted so that runs are written in the order of their latest delta (lastRunDetails follows it).
    this.pending.delete(key);
    if (known === undefined) this.pending.set(key, { tenant, flowId, windowStart, key, caller, delta: copyDelta(delta) });
    else this.pending.set(key, { ...known, delta: mergeDelta(known.delta, delta) });
  }

  /** Writes every pending run and its flow's lastRunDetails; the store's beforeGroupCommit hook. */
  write(): void {
    if (this.pending.size === 0) return;
    const runs = [...this.pending.values()];
    this.pending.clear();
    this.foreign.look();
    for (const run of runs) this.writeRun(run);
  }

  private writeRun({ tenant, flowId, windowStart, key, caller, delta }: PendingRun): void {
    const flow = this.read(tenant, "flows", flowId);
    if (flow === undefined) return;
    let runId = this.runIds.get(key);
    if (runId === undefined) {
      runId = runIdOf(tenant, flowId, windowStart);
      this.runIds.set(key, runId);
    }
    const current = this.read(tenant, "runs", runId);
    const run = current === undefined ? newRun({ ...this.writer, caller }, tenant, flow, runId, windowStart, delta) : addToRun(current, delta);
    if (current === undefined) this.insert(tenant, "runs", runId, run);
    else this.update(tenant, "runs", runId, run);

    this.update(tenant, "flows", flowId, { ...flow, lastRunDetails: lastRunDetailsOf(run) });
  }

  private read(tenant: Tenant, kind: string, id: string): Document | undefined {
    const key = docKey(tenant, kind, id);
    const known = this.written.get(key);
    if (known !== undefined) return known;
    const doc = this.writer.entities.get(tenant, kind, id);
    if (doc !== undefined) this.written.set(key, doc);
    return doc;
  }

  private insert(tenant: Tenant, kind: string, id: string, doc: Document): void {
    this.writer.entities.insert(tenant, kind, id, doc);
    this.foreign.own(1);
    this.written.set(docKey(tenant, kind, id), doc);
  }

  private update(tenant: Tenant, kind: string, id: string, doc: Document): void {
    if (!this.writer.entities.update(tenant, kind, id, doc)) return;
    this.foreign.own(1);
    this.written.set(docKey(tenant, kind, id), doc);
  }
}

function docKey(tenant: Tenant, kind: string, id: string): string {
  return `${tenant.imsOrgId}\u0000${tenant.sandboxName}\u0000${kind}\u0000${id}`;
}

function copyDelta(delta: RunDelta): RunDelta {
  return { ...delta, errors: new Map(delta.errors) };
}

/** `later` added to `earlier`: the run starts with the earlier delta, as if each were written in turn. */
function mergeDelta(earlier: RunDelta, later: RunDelta): RunDelta {
  const merged = copyDelta(earlier);
  merged.lastMs = Math.max(earlier.lastMs, later.lastMs);
  merged.input += later.input;
  merged.output += later.output;
  merged.failed += later.failed;
  merged.inputBytes += later.inputBytes;
  merged.outputBytes += later.outputBytes;
  for (const [code, count] of later.errors) merged.errors.set(code, (merged.errors.get(code) ?? 0) + count);
  return merged;
}

interface RunMetrics {
  durationSummary: { startedAtUTC: number; completedAtUTC: number; extensions: { windowStart: number; windowEnd: number } };
  sizeSummary: { inputBytes: number; outputBytes: number };
  recordSummary: { inputRecordCount: number; outputRecordCount: number; failedRecordCount: number };
  fileSummary: { inputFileCount: number; outputFileCount: number };
  statusSummary: { status: string; errors: { code: string; message: string; recordCount: number }[] };
}

function newRun(writer: RunWriter & { caller: Caller }, tenant: Tenant, flow: Document, runId: string, windowStart: number, delta: RunDelta): Document {
  const empty = emptyRunMetrics(delta.firstMs, "success");
  const metrics: RunMetrics = {
    ...empty,
    durationSummary: { ...empty.durationSummary, extensions: { windowStart, windowEnd: windowStart + WINDOW_MS } },
  };
  const run: Document = {
    id: runId,
    createdAt: delta.firstMs,
    updatedAt: delta.firstMs,
    createdBy: writer.caller.userId,
    updatedBy: writer.caller.userId,
    createdClient: writer.caller.clientId,
    updatedClient: writer.caller.clientId,
    sandboxId: sandboxIdOf(tenant),
    sandboxName: tenant.sandboxName,
    imsOrgId: tenant.imsOrgId,
    flowId: flow.id,
    flowSpec: flow.flowSpec,
    providerRefId: flow.providerRefId,
    etag: newEtag(writer.ids, delta.firstMs),
    metrics,
    activities: [],
  };
  return addToRun(run, delta);
}

function addToRun(run: Document, delta: RunDelta): Document {
  const metrics = copyMetrics(run.metrics as RunMetrics);
  metrics.durationSummary.completedAtUTC = Math.max(metrics.durationSummary.completedAtUTC, delta.lastMs);
  metrics.sizeSummary.inputBytes += delta.inputBytes;
  metrics.sizeSummary.outputBytes += delta.outputBytes;
  const records = metrics.recordSummary;
  records.inputRecordCount += delta.input;
  records.outputRecordCount += delta.output;
  records.failedRecordCount += delta.failed;
  for (const [code, count] of delta.errors) {
    const known = metrics.statusSummary.errors.find((error) => error.code === code);
    if (known) known.recordCount += count;
    else metrics.statusSummary.errors.push({ ...errorFor(code), recordCount: count });
  }
  metrics.statusSummary.status = records.outputRecordCount === 0 && records.failedRecordCount > 0 ? "failed" : "success";
  return { ...run, updatedAt: Math.max(Number(run.updatedAt), delta.lastMs), metrics };
}

/**
 * A copy deep enough to change the counts without touching the stored run (the ledger keeps it);
 * fields it does not know are kept. structuredClone of the whole tree cost several times more.
 */
function copyMetrics(metrics: RunMetrics): RunMetrics {
  return {
    ...metrics,
    durationSummary: { ...metrics.durationSummary },
    sizeSummary: { ...metrics.sizeSummary },
    recordSummary: { ...metrics.recordSummary },
    statusSummary: { ...metrics.statusSummary, errors: metrics.statusSummary.errors.map((error) => ({ ...error })) },
  };
}

function errorFor(code: string): { code: string; message: string } {
  return code === MAPPING_ERROR.code ? MAPPING_ERROR : code === VALIDATION_ERROR.code ? VALIDATION_ERROR : { code, message: code };
}
