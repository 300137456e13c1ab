import { existsSync, readFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { AepError, collect } from "../http.js";
import type { AepClient } from "../index.js";
import type { EmulatorRecord, FlowRun } from "../types.js";
import { optionalInteger, UsageError } from "./args.js";
import type { Command } from "./context.js";
import { cell, column, renderRecord, renderTable } from "./table.js";
import { type LoadedEvent, loadEvents, type SendResult, sendEvents } from "./send.js";

/**
 * `demo customerio`: the Customer.io tutorial (sources/tutorials/api/create/marketing-automation/
 * customerio-webhook) end to end, against any base URL: schema, dataset, source and target
 * connections, mapping set, flow; then it sends Customer.io webhook events to the flow's inletUrl
 * and waits for the records.
 */

export const CUSTOMERIO = {
  sourceSpec: "96479064-7b8a-4d69-b9ed-21c5683837ea",
  providerId: "521eee4d-8cbe-4906-bb48-fb6bd4450033",
  dataLakeSpec: "c604ff05-7f1a-43c0-8e18-33bf874cb11c",
  flowSpec: "e77fde5a-22a8-11ed-861d-0242ac120002",
  profileClass: "https://ns.adobe.com/xdm/context/profile",
  fullSchema: "application/vnd.adobe.xed-full+json;version=1",
} as const;

/** The tutorial's mappings: source attribute -> field under the tenant's namespace. */
const MAPPINGS: [source: string, field: string, type: "string" | "integer"][] = [
  ["data.identifiers.cio_id", "cio_id", "string"],
  ["data.identifiers.email", "email", "string"],
  ["event_id", "event_id0", "string"],
  ["metric", "metricx", "string"],
  ["object_type", "object_type1", "string"],
  ["timestamp", "timestampx", "integer"],
];

/** Customer.io reporting-webhook events, used when fixtures/customerio/events/ is absent. */
export const BUILT_IN_EVENTS: unknown[] = [
  {
    event_id: "01E4C4CT6YDC7Y5M7FE1GWWPQJ",
    object_type: "customer",
    metric: "subscribed",
    timestamp: 1613063089,
    data: { customer_id: "42", email_address: "test@example.com", identifiers: { id: "42", email: "test@example.com", cio_id: "d9c106000001" } },
  },
  {
    event_id: "01E2EMRMM6TZ12TF9WGZN0WJQT",
    object_type: "email",
    metric: "sent",
    timestamp: 1644227937,
    data: {
      action_id: 42,
      campaign_id: 23,
      content: "Welcome to the club, we are with you.",
      customer_id: "user-123",
      delivery_id: "RAECAAFwnUSneIa0ZXkmq8EdkAM==",
      headers: { "Custom-Header": ["custom-value"] },
      identifiers: { id: "user-123" },
      recipient: "test@example.com",
      subject: "Thanks for signing up",
    },
  },
  {
    event_id: "01ER4R5WB62QWCNREKFB4DYXGR",
    object_type: "email",
    metric: "delivered",
    timestamp: 1675196819,
    data: {
      customer_id: "user-123",
      delivery_id: "REAC4wUAAYYJgQgkyRqwwEPeOA6Nfv==",
      identifiers: { cio_id: "7ef807109981", id: "user-123" },
      recipient: "test@example.com",
      subject: "Thanks for signing up",
      transactional_message_id: 2,
    },
  },
  {
    event_id: "01E4C4G1S0AMNG0XVF2M7RPH5S",
    object_type: "email",
    metric: "drafted",
    timestamp: 1585250305,
    data: { action_id: 36, broadcast_id: 9, customer_id: "0200102", identifiers: { id: "0200102" }, delivery_id: "RPILAgABcRhIBqSp7kiPekGBIeVh" },
  },
  {
    event_id: "01ER4R5WB62QWCNREKFB4DYXGS",
    object_type: "customer",
    metric: "unsubscribed",
    timestamp: 1675196900,
    data: { customer_id: "42", email_address: "test@example.com", identifiers: { id: "42", email: "test@example.com", cio_id: "d9c106000001" } },
  },
];

/** The package root (where package.json names aep-flow-emulator), from src or dist alike. */
export function packageRoot(from = dirname(fileURLToPath(import.meta.url))): string | undefined {
  for (let dir = from; ; dir = dirname(dir)) {
    const manifest = join(dir, "package.json");
    if (existsSync(manifest) && JSON.parse(readFileSync(manifest, "utf8")).name === "aep-flow-emulator") return dir;
    if (dirname(dir) === dir) return undefined;
  }
}

/**
 * fixtures/customerio/events/*.json under the package root, one webhook body per file (a file
 * holding an array is one body that is not an object), or the built-in events.
 */
export function customerioEvents(root = packageRoot()): LoadedEvent[] {
  const folder = root === undefined ? undefined : join(root, "fixtures", "customerio", "events");
  if (folder !== undefined && existsSync(folder)) {
    const events = loadEvents(folder, { splitArrays: false });
    if (events.length > 0) return events;
  }
  return BUILT_IN_EVENTS.map((event, index) => ({ source: `built-in#${index}`, event }));
}

/**
 * Fixtures named malformed-* are bad on purpose (a body that is not an object, a field of the
 * wrong type): the inlet should refuse them or store them as failed records.
 */
export function isMalformedFixture(source: string): boolean {
  return /^malformed\b/i.test(basename(source));
}

/**
 * What became of one event: refused by the inlet (`rejected`), stored as XDM (`written`) or as a
 * failed record (`failed`); at Adobe, where records cannot be read one by one, `accepted`; and
 * `missing` when the inlet took it but no record showed up in time.
 */
export type EventOutcome = "rejected" | "written" | "failed" | "accepted" | "missing";

export interface DemoEvent {
  source: string;
  /** A malformed-* fixture: expected to be rejected or to fail, and reported, not counted as a problem. */
  malformed: boolean;
  outcome: EventOutcome;
  /** The inlet's answer: 200, or the refusal's status (0 when no answer came). */
  status: number;
  xactionId?: string;
  /** Why the inlet refused it, or the failed record's errors. */
  detail?: string;
}

export interface DemoResult {
  flowId: string;
  inletUrl: string;
  schemaId: string;
  dataSetId: string;
  mappingSetId: string;
  sourceConnectionId: string;
  targetConnectionId: string;
  /** sent; accepted/rejected by the inlet; written to the dataset or failed there. */
  counts: { sent: number; accepted: number; rejected: number; written: number; failed: number };
  /** Every event sent, in order, with what became of it. */
  events: DemoEvent[];
  /** What should have worked and did not (a well-formed event refused, failed or missing); empty when the demo worked. */
  problems: string[];
  sampleRecord: unknown;
  /** Where the counts come from: the emulator's records, or (at Adobe) the flow's runs. */
  countedFrom: "records" | "runs";
}

export interface DemoOptions {
  waitMs: number;
  pollMs?: number;
  note?: (line: string) => void;
}

export async function runCustomerioDemo(client: AepClient, events: LoadedEvent[], options: DemoOptions): Promise<DemoResult> {
  const note = options.note ?? (() => {});
  const suffix = Date.now().toString(36);
  const { tenantId } = await client.schemaRegistry.stats();
  if (!tenantId) throw new AepError({ status: 200, code: "UNEXPECTED_BODY", detail: "Schema Registry /stats names no tenantId.", method: "GET", url: "/stats" });

  note(`tenant ${tenantId}: creating the field group and schema`);
  const fieldGroup = await client.schemaRegistry.fieldGroups.create(fieldGroupBody(tenantId, suffix));
  const schema = await client.schemaRegistry.schemas.create({
    type: "object",
    title: `Customer.io webhook events ${suffix}`,
    description: "Target schema of the Customer.io streaming dataflow",
    allOf: [{ $ref: CUSTOMERIO.profileClass }, { $ref: fieldGroup.id }],
  });
  note(`schema ${schema.id}: creating the dataset`);
  const dataSet = await client.catalog.dataSets.create({
    name: `Customer.io webhook events ${suffix}`,
    schemaRef: { id: schema.id, contentType: "application/vnd.adobe.xed+json;version=1" },
  });

  note(`dataset ${dataSet.id}: creating the source and target connections, mapping set and flow`);
  const source = await client.flowService.sourceConnections.create({
    name: "Streaming Source Connection for Customer.io",
    providerId: CUSTOMERIO.providerId,
    description: "Streaming Source Connection for customer.io",
    connectionSpec: { id: CUSTOMERIO.sourceSpec, version: "1.0" },
    data: { format: "json" },
  });
  const target = await client.flowService.targetConnections.create({
    name: "Streaming Target Connection for Customer.io",
    description: "Streaming Target Connection for Customer.io",
    connectionSpec: { id: CUSTOMERIO.dataLakeSpec, version: "1.0" },
    data: { format: "json", schema: { id: schema.id, version: CUSTOMERIO.fullSchema } },
    params: { dataSetId: dataSet.id },
  });
  const mappingSet = await client.dataPrep.mappingSets.create({
    outputSchema: { schemaRef: { id: schema.id, contentType: CUSTOMERIO.fullSchema } },
    mappings: MAPPINGS.map(([sourceAttribute, field]) => ({
      destinationXdmPath: `_${tenantId}.${field}`,
      sourceAttribute,
      identity: false,
      version: 0,
    })),
  });
  const created = await client.flowService.flows.create({
    name: "Streaming Dataflow for Customer.io",
    description: "Streaming Dataflow for Customer.io",
    flowSpec: { id: CUSTOMERIO.flowSpec, version: "1.0" },
    sourceConnectionIds: [source.id],
    targetConnectionIds: [target.id],
    transformations: [{ name: "Mapping", params: { mappingId: mappingSet.id, mappingVersion: mappingSet.version ?? 0 } }],
  });
  const flow = await client.flowService.flows.get(created.id);
  const inletUrl = flow.options?.inletUrl;
  if (!inletUrl) throw new AepError({ status: 200, code: "UNEXPECTED_BODY", detail: `Flow ${flow.id} has no options.inletUrl.`, method: "GET", url: `/flows/${flow.id}` });

  note(`flow ${flow.id}: sending ${events.length} events to ${inletUrl}`);
  const results = await sendEvents(client, inletUrl, events, { flowId: flow.id });
  const accepted = results.filter((result) => result.status === 200);

  const ids = { flowId: flow.id, inletUrl, schemaId: schema.id, dataSetId: dataSet.id, mappingSetId: mappingSet.id, sourceConnectionId: source.id, targetConnectionId: target.id };
  const outcome = (await isEmulator(client))
    ? await waitForRecords(client, dataSet.id, flow.id, accepted, options)
    : await waitForRuns(client, flow.id, accepted.length, options);
  const demoEvents = results.map((result) => eventOutcome(result, outcome.byXaction));
  const counts = {
    sent: results.length,
    accepted: accepted.length,
    rejected: results.length - accepted.length,
    written: outcome.written,
    failed: outcome.failed,
  };
  return { ...ids, counts, events: demoEvents, problems: problemsOf(demoEvents, outcome), sampleRecord: outcome.sample, countedFrom: outcome.from };
}

function eventOutcome(result: SendResult, byXaction: Map<string, EmulatorRecord> | undefined): DemoEvent {
  const event = (outcome: EventOutcome, detail?: string): DemoEvent => ({
    source: result.source,
    malformed: isMalformedFixture(result.source),
    outcome,
    status: result.status,
    ...(result.xactionId === undefined ? {} : { xactionId: result.xactionId }),
    ...(detail === undefined ? {} : { detail }),
  });
  if (result.status !== 200) return event("rejected", `${result.status || "no answer"} ${result.code}: ${result.message}`);
  if (byXaction === undefined) return event("accepted");
  const record = result.xactionId === undefined ? undefined : byXaction.get(result.xactionId);
  if (record === undefined) return event("missing");
  return record.status === "ingested" ? event("written") : event("failed", errorsOf(record));
}

function errorsOf(record: EmulatorRecord): string {
  return record.errors.map((error) => [error.code, error.message].filter((part) => part !== undefined).join(": ")).join("; ");
}

const DESCRIBED: Record<EventOutcome, string> = {
  rejected: "refused by the inlet",
  failed: "stored as a failed record",
  missing: "accepted, but no record appeared in time",
  written: "written",
  accepted: "accepted",
};

/** Well-formed events must be written; malformed ones may go any way (they are reported, not problems). */
function problemsOf(events: DemoEvent[], outcome: Outcome): string[] {
  const problems = events
    .filter((event) => !event.malformed && event.outcome !== "written" && event.outcome !== "accepted")
    .map((event) => `${event.source}: ${DESCRIBED[event.outcome]}${event.detail ? ` (${event.detail})` : ""}`);
  if (outcome.from === "runs") {
    const expected = events.filter((event) => !event.malformed && event.outcome === "accepted").length;
    if (outcome.written < expected) problems.push(`the flow's runs count ${outcome.written} records written; ${expected} well-formed events were accepted`);
  }
  return problems;
}

function fieldGroupBody(tenantId: string, suffix: string) {
  const properties = Object.fromEntries(MAPPINGS.map(([sourceAttribute, field, type]) => [field, { title: field, type, description: `Customer.io ${sourceAttribute}` }]));
  return {
    type: "object" as const,
    title: `Customer.io webhook event ${suffix}`,
    description: "Fields of a Customer.io reporting-webhook event",
    "meta:intendedToExtend": [CUSTOMERIO.profileClass],
    definitions: { customerio: { properties: { [`_${tenantId}`]: { type: "object", properties } } } },
    allOf: [{ $ref: "#/definitions/customerio" }],
  };
}

async function isEmulator(client: AepClient): Promise<boolean> {
  try {
    await client.emulator.health();
    return true;
  } catch (error) {
    if (error instanceof AepError) return false;
    throw error;
  }
}

interface Outcome {
  written: number;
  failed: number;
  sample: unknown;
  from: "records" | "runs";
  /** The emulator's records by xactionId (none at Adobe). */
  byXaction?: Map<string, EmulatorRecord>;
}

/** The emulator's records of the flow, until every accepted event has its record (or the wait is over). */
async function waitForRecords(client: AepClient, dataSetId: string, flowId: string, accepted: SendResult[], options: DemoOptions): Promise<Outcome> {
  const read = async (): Promise<Outcome> => {
    const records: EmulatorRecord[] = await collect(client.emulator.records(dataSetId, { flowId }));
    const written = records.filter((record) => record.status === "ingested");
    return {
      written: written.length,
      failed: records.length - written.length,
      sample: written[0] ?? records[0] ?? null,
      from: "records",
      byXaction: new Map(records.map((record) => [record.xactionId, record])),
    };
  };
  return poll(read, (outcome) => accepted.every((result) => result.xactionId !== undefined && outcome.byXaction?.has(result.xactionId)), options);
}

/** At Adobe there is no record endpoint: the flow's runs count what the data lake took. */
async function waitForRuns(client: AepClient, flowId: string, expected: number, options: DemoOptions): Promise<Outcome> {
  const read = async (): Promise<Outcome> => {
    const runs: FlowRun[] = await collect(client.flowService.runs.list({ flowId }));
    const sum = (field: "outputRecordCount" | "failedRecordCount") =>
      runs.reduce((total, run) => total + (run.metrics?.recordSummary?.[field] ?? 0), 0);
    return { written: sum("outputRecordCount"), failed: sum("failedRecordCount"), sample: null, from: "runs" };
  };
  return poll(read, (outcome) => outcome.written + outcome.failed >= expected, options);
}

async function poll<T>(read: () => Promise<T>, done: (value: T) => boolean, options: DemoOptions): Promise<T> {
  const deadline = Date.now() + options.waitMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() >= deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? 250));
  }
}

export const DEMO_COMMANDS: Record<string, Command> = {
  "demo customerio": {
    usage: "demo customerio [--wait <ms>]",
    summary: "Build the Customer.io tutorial's dataflow, send its webhook events, and show the records (exit 1 when a well-formed event did not get through)",
    async run(ctx) {
      const waitMs = optionalInteger(ctx.values.wait, "--wait") ?? 30_000;
      const events = customerioEvents();
      if (events.length === 0) throw new UsageError("No Customer.io events to send.");
      const result = await runCustomerioDemo(ctx.client, events, { waitMs, note: (line) => ctx.out.note(line) });
      ctx.out.print(result, () => renderDemo(result));
      return result.problems.length === 0 ? 0 : 1;
    },
  },
};

const EVENT_COLUMNS = [
  column<DemoEvent>("source", (row) => row.source),
  column<DemoEvent>("outcome", (row) => row.outcome),
  column<DemoEvent>("detail", (row) => row.detail ?? row.xactionId),
];

function renderDemo(result: DemoResult): string {
  const { sampleRecord, counts, countedFrom, events, problems, ...ids } = result;
  const parts = [renderRecord({ ...ids, ...counts, "counted from": countedFrom })];
  const malformed = events.filter((event) => event.malformed);
  if (malformed.length > 0) parts.push(`malformed events (sent on purpose; expected to be refused or to fail):\n${renderTable(malformed, EVENT_COLUMNS)}`);
  if (problems.length > 0) parts.push(`problems:\n${problems.map((problem) => `  ${cell(problem)}`).join("\n")}\n`);
  parts.push(`sample record:\n${sampleRecord === null ? "no record to show yet" : JSON.stringify(sampleRecord, null, 2)}\n`);
  return parts.join("\n");
}
