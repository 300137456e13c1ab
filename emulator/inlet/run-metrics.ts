import { createHash } from "node:crypto";
import type { Caller, Tenant } from "../platform/context.js";
import { sandboxIdOf } from "../platform/gateway.js";
import type { IdSource } from "../platform/ids.js";
import { newEtag } from "../platform/etag.js";
import type { Document, EntityRepository } from "../store/entities.js";

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
  caller: Caller;
}

/** Adds a delta to the flow's run of the window and refreshes the flow's lastRunDetails. */
export function recordRun(writer: RunWriter, tenant: Tenant, flow: Document, delta: RunDelta): void {
  const windowStart = Math.floor(delta.firstMs / WINDOW_MS) * WINDOW_MS;
  const runId = runIdOf(tenant, String(flow.id), windowStart);
  const current = writer.entities.get(tenant, "runs", runId);
  const run = current === undefined ? newRun(writer, tenant, flow, runId, windowStart, delta) : addToRun(current, delta);
  if (current === undefined) writer.entities.insert(tenant, "runs", runId, run);
  else writer.entities.update(tenant, "runs", runId, run);

  const metrics = run.metrics as RunMetrics;
  const lastRunDetails = {
    id: runId,
    state: metrics.statusSummary.status,
    startedAtUTC: metrics.durationSummary.startedAtUTC,
    completedAtUTC: metrics.durationSummary.completedAtUTC,
  };
  writer.entities.update(tenant, "flows", String(flow.id), { ...flow, lastRunDetails });
}

interface RunMetrics {
  durationSummary: { startedAtUTC: number; completedAtUTC: number; extensions: { windowStart: number; windowEnd: number } };
  sizeSummary: { inputBytes: number; outputBytes: number };
  recordSummary: { inputRecordCount: number; outputRecordCount: number; failedRecordCount: number };
  statusSummary: { status: string; errors: { code: string; message: string; recordCount: number }[] };
}

function newRun(writer: RunWriter, tenant: Tenant, flow: Document, runId: string, windowStart: number, delta: RunDelta): Document {
  const metrics: RunMetrics = {
    durationSummary: {
      startedAtUTC: delta.firstMs,
      completedAtUTC: delta.firstMs,
      extensions: { windowStart, windowEnd: windowStart + WINDOW_MS },
    },
    sizeSummary: { inputBytes: 0, outputBytes: 0 },
    recordSummary: { inputRecordCount: 0, outputRecordCount: 0, failedRecordCount: 0 },
    statusSummary: { status: "success", errors: [] },
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
  const metrics = structuredClone(run.metrics) as RunMetrics;
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

function errorFor(code: string): { code: string; message: string } {
  return code === MAPPING_ERROR.code ? MAPPING_ERROR : code === VALIDATION_ERROR.code ? VALIDATION_ERROR : { code, message: code };
}
