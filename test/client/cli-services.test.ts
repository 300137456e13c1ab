import { mkdtempSync, writeFileSync } from "node:fs";
import { createServer, request as httpRequest } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { customerioEvents, isMalformedFixture, type DemoResult } from "../../client/cli/demo.js";
import { collect, type EmulatorRecord } from "../../client/index.js";
import { ROOT } from "../support/process.js";
import { cliEnv, customerioDataflow, FIXTURE_DATASET, httpApiDataflow, json, listenOnLoopback, runCli, runCliInProcess, startClientEmulator, startStub, type ClientEmulator } from "./support.js";

/**
 * aepflow's send, records and demo against the real emulator. `demo customerio --json` runs as its
 * own process (the bin's exit code and stdout, end to end); the rest runs aepflow's run() in process.
 */
const EVENTS = customerioEvents(ROOT);
const WELL_FORMED = EVENTS.filter(({ source }) => !isMalformedFixture(source));
const MALFORMED = EVENTS.filter(({ source }) => isMalformedFixture(source));
const isObject = (value: unknown) => value !== null && typeof value === "object" && !Array.isArray(value);
/** README: the inlet refuses a body that is not an object; the other malformed events are stored as failed records. */
const REFUSED = MALFORMED.filter(({ event }) => !isObject(event));
const eventIdOf = (event: unknown) => (event as { event_id?: string }).event_id;

describe("the Customer.io fixture events", () => {
  it("are one webhook body per file, three of them malformed on purpose (one not even an object)", () => {
    expect(EVENTS.length).toBeGreaterThan(10);
    expect(MALFORMED.map(({ source }) => source).sort()).toEqual([
      "malformed-email-as-object.json",
      "malformed-not-an-object.json",
      "malformed-timestamp-as-iso-string.json",
    ]);
    expect(REFUSED.map(({ source }) => source)).toEqual(["malformed-not-an-object.json"]);
    expect(REFUSED[0].event).toEqual(expect.any(Array));
    expect(WELL_FORMED.every(({ event }) => isObject(event) && typeof eventIdOf(event) === "string")).toBe(true);
  });

  it("cover every object type of Adobe's Customer.io overview, and the failure, conversion and preference metrics", () => {
    // sources/connectors/marketing-automation/customerio-webhook.md: Customer, Email, SMS, Push Notification, In-App Message, Slack and Webhook events.
    const typed = WELL_FORMED.map(({ event }) => event as { object_type: string; metric: string });
    expect(new Set(typed.map(({ object_type }) => object_type))).toEqual(new Set(["customer", "email", "sms", "push", "in_app", "slack", "webhook"]));
    const kinds = typed.map(({ object_type, metric }) => `${object_type}:${metric}`);
    for (const kind of ["customer:cio_subscription_preferences_changed", "email:converted", "email:spammed", "email:dropped", "email:failed", "email:undeliverable", "in_app:opened", "webhook:failed"]) {
      expect(kinds).toContain(kind);
    }
  });

  it("hold one file for each metric of each object type Customer.io documents, named <object>-<metric>.json", () => {
    // Customer.io's reporting-webhook metrics per object type (the map RudderStack's Customer.io source keeps).
    // in_app has no documented set: its sent and opened files are checked by the test above.
    const DOCUMENTED: Record<string, string[]> = {
      customer: ["subscribed", "unsubscribed"],
      email: ["drafted", "attempted", "sent", "delivered", "opened", "clicked", "converted", "bounced", "spammed", "dropped", "deferred", "failed", "subscribed", "unsubscribed"],
      push: ["drafted", "attempted", "sent", "delivered", "opened", "clicked", "converted", "bounced", "dropped", "failed"],
      sms: ["drafted", "attempted", "sent", "delivered", "clicked", "converted", "bounced", "failed"],
      slack: ["drafted", "attempted", "sent", "clicked", "failed"],
      webhook: ["drafted", "attempted", "sent", "clicked", "failed"],
    };
    const bySource = new Map(WELL_FORMED.map(({ source, event }) => [source, event as { object_type: string; metric: string }]));
    const missing: string[] = [];
    for (const [objectType, metrics] of Object.entries(DOCUMENTED)) {
      for (const metric of metrics) {
        const source = `${objectType}-${metric}.json`;
        if (!bySource.has(source)) missing.push(source);
        else expect(bySource.get(source), source).toMatchObject({ object_type: objectType, metric });
      }
    }
    expect(missing).toEqual([]);
    // Every file is named after what it holds (in_app as in-app, cio_subscription_preferences_changed with hyphens).
    const dashed = (text: string) => text.replace(/_/g, "-");
    for (const [source, { object_type, metric }] of bySource) expect(source).toBe(`${dashed(object_type)}-${dashed(metric)}.json`);
    // Each file is one event of its own: no two share an event_id (Customer.io's de-duplication key) or a kind.
    const kinds = [...bySource.values()].map(({ object_type, metric }) => `${object_type}:${metric}`);
    expect(new Set(kinds).size).toBe(kinds.length);
    const ids = EVENTS.filter(({ event }) => isObject(event)).map(({ event }) => eventIdOf(event));
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("carry Customer.io's envelope: a ULID event_id, timestamp in whole Unix seconds, ids as strings", () => {
    // Customer.io's event ids (01E4C4CT6YDC7Y5M7FE1GWWPQJ in Adobe's sample) are ULIDs: 26 characters of Crockford's base32, no I, L, O or U.
    const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/;
    for (const { source, event } of EVENTS.filter(({ event }) => isObject(event))) {
      expect(eventIdOf(event), source).toMatch(ULID);
    }
    for (const { source, event } of WELL_FORMED) {
      const { object_type, metric, timestamp, data } = event as { object_type: unknown; metric: unknown; timestamp: unknown; data: Record<string, unknown> };
      expect([typeof object_type, typeof metric], source).toEqual(["string", "string"]);
      expect(Number.isInteger(timestamp) && (timestamp as number) > 1e9 && (timestamp as number) < 1e10, source).toBe(true);
      for (const id of ["customer_id", "delivery_id"]) if (id in data) expect(typeof data[id], `${source}: data.${id}`).toBe("string");
      expect(isObject(data.identifiers), source).toBe(true);
      for (const value of Object.values(data.identifiers as object)) expect(typeof value, source).toBe("string");
    }
  });
});

describe("aepflow send and records against the emulator", () => {
  let running: ClientEmulator;

  beforeAll(async () => {
    running = await startClientEmulator();
  });
  afterAll(() => running.emulator.stop());

  it("send streams the well-formed events (exit 0), then the malformed ones (exit 1: one refused); records lists what was written", async () => {
    const { flowId, inletUrl } = await customerioDataflow(running.client);
    const env = cliEnv(running.url);
    const folder = mkdtempSync(join(tmpdir(), "aepflow-send-"));
    WELL_FORMED.forEach(({ event }, index) => writeFileSync(join(folder, `${String(index).padStart(2, "0")}.json`), JSON.stringify(event)));
    // NDJSON keeps the array that is not an object as one message (a .json file holding an array is that many events).
    const malformed = join(mkdtempSync(join(tmpdir(), "aepflow-malformed-")), "malformed.ndjson");
    writeFileSync(malformed, MALFORMED.map(({ event }) => JSON.stringify(event)).join("\n"));

    const good = await runCliInProcess(["send", inletUrl, folder, "--flow", flowId, "--json"], env);
    expect(good.code, good.stderr).toBe(0);
    const goodSummary = JSON.parse(good.stdout);
    expect(goodSummary).toMatchObject({ sent: WELL_FORMED.length, accepted: WELL_FORMED.length, failed: 0 });
    expect(goodSummary.results.every((result: { status: number; xactionId?: string }) => result.status === 200 && typeof result.xactionId === "string")).toBe(true);

    const bad = await runCliInProcess(["send", inletUrl, malformed, "--flow", flowId, "--json"], env);
    expect(bad.code).toBe(1);
    const badSummary = JSON.parse(bad.stdout);
    expect(badSummary).toMatchObject({ sent: MALFORMED.length, accepted: MALFORMED.length - REFUSED.length, failed: REFUSED.length });
    const refusedAt = MALFORMED.indexOf(REFUSED[0]);
    expect(badSummary.results[refusedAt]).toMatchObject({ source: `malformed.ndjson#${refusedAt}`, status: 400, code: "Invalid XDM Message Format", message: expect.stringContaining("not a JSON object") });

    const records = await runCliInProcess(["records", FIXTURE_DATASET, "--flow", flowId, "--json"], env);
    expect(records.code, records.stderr).toBe(0);
    const listed: EmulatorRecord[] = JSON.parse(records.stdout);
    expect(listed.map((record) => eventIdOf(record.raw))).toEqual([...WELL_FORMED, ...MALFORMED.filter((one) => !REFUSED.includes(one))].map(({ event }) => eventIdOf(event)));
    expect(listed.slice(0, WELL_FORMED.length).every((record) => record.status === "ingested")).toBe(true);

    const failed = await runCliInProcess(["records", FIXTURE_DATASET, "--flow", flowId, "--status", "failed", "--json"], env);
    const failedRecords: EmulatorRecord[] = JSON.parse(failed.stdout);
    expect(failedRecords.map((record) => record.status)).toEqual(Array(MALFORMED.length - REFUSED.length).fill("failed"));
    expect(failedRecords.every((record) => record.errors.some((error) => error.code === "MAPPER-3700-400"))).toBe(true);

    const table = await runCliInProcess(["records", FIXTURE_DATASET, "--flow", flowId, "--status", "failed", "--limit", "1"], env);
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout).toMatch(/^ID\s+STATUS\s+RECEIVED\s+FLOW\s+ERRORS\s+RECORD\n/);
    expect(table.stdout.trim().split("\n")).toHaveLength(3);
    expect(table.stdout).toContain("MAPPER-3700-400");

    // With --sync-validation the inlet checks each message before answering: a malformed event is refused
    // with the violations named, and nothing of it is stored.
    const timestampAsText = MALFORMED.find(({ source }) => source.includes("timestamp"));
    expect(timestampAsText, "the malformed-timestamp fixture").toBeDefined();
    const checkedFile = join(mkdtempSync(join(tmpdir(), "aepflow-sync-")), "timestamp.json");
    writeFileSync(checkedFile, JSON.stringify({ ...(timestampAsText?.event as object), event_id: "01ER4RH1BC8D0F2H4J6M8N0P9Z" }));
    const checked = await runCliInProcess(["send", inletUrl, checkedFile, "--flow", flowId, "--sync-validation", "--json"], env);
    expect(checked.code).toBe(1);
    expect(JSON.parse(checked.stdout).results[0]).toMatchObject({ status: 400, code: "Invalid XDM Message Format", message: expect.stringContaining("timestampx") });
    const afterChecked: EmulatorRecord[] = JSON.parse((await runCliInProcess(["records", FIXTURE_DATASET, "--flow", flowId, "--json"], env)).stdout);
    expect(afterChecked.map((record) => eventIdOf(record.raw))).not.toContain("01ER4RH1BC8D0F2H4J6M8N0P9Z");

    expect((await runCliInProcess(["records", FIXTURE_DATASET, "--status", "lost"], env)).code).toBe(2);
    const unknown = await runCliInProcess(["records", "0123456789abcdef01234567", "--json"], env);
    expect(unknown.code).toBe(1);
    expect(JSON.parse(unknown.stderr).error).toMatchObject({ status: 404, code: "NotFoundError" });
  });
});

describe("aepflow send to an inlet that requires authentication", () => {
  let running: ClientEmulator;

  beforeAll(async () => {
    running = await startClientEmulator();
  });
  afterAll(() => running.emulator.stop());

  it("without ACCESS_TOKEN the inlet refuses the event (401, exit 1); with only ACCESS_TOKEN set it takes it", async () => {
    const { inletUrl, flowId } = await httpApiDataflow(running.client, { dataType: "raw", authenticationRequired: true });
    const file = join(mkdtempSync(join(tmpdir(), "aepflow-auth-")), "event.json");
    writeFileSync(file, JSON.stringify({ _extconndev: { event_id0: "authenticated", metricx: "sent", object_type1: "email", timestampx: 1613063089 } }));

    const anonymous = await runCliInProcess(["send", inletUrl, file, "--flow", flowId, "--json"], {});
    expect(anonymous.code).toBe(1);
    expect(JSON.parse(anonymous.stdout).results[0]).toMatchObject({ status: 401, code: "Authorization", message: expect.stringContaining("Ims service token is empty") });

    const withToken = await runCliInProcess(["send", inletUrl, file, "--flow", flowId, "--json"], { ACCESS_TOKEN: "any-token" });
    expect(withToken.code, withToken.stdout).toBe(0);
    const { xactionId } = JSON.parse(withToken.stdout).results[0];
    const records = await collect(running.client.emulator.records(FIXTURE_DATASET, { flowId }));
    expect(records.map((record) => [record.xactionId, record.status])).toEqual([[xactionId, "ingested"]]);
  });
});

describe("aepflow demo customerio against a fresh emulator", () => {
  let running: ClientEmulator;

  beforeAll(async () => {
    running = await startClientEmulator({ FIXTURES: "" });
  });
  afterAll(() => running.emulator.stop());

  it("--json builds the tutorial's dataflow, sends every fixture event and prints the flow, inletUrl, counts and a sample record; the malformed events are reported, not failures", async () => {
    const result = await runCli(["demo", "customerio", "--json", "--wait", "10000"], cliEnv(running.url));
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toBe("");
    const demo: DemoResult = JSON.parse(result.stdout);
    expect(demo).toMatchObject({
      flowId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      inletUrl: expect.stringMatching(/\/collection\/[0-9a-f]{64}$/),
      dataSetId: expect.stringMatching(/^[0-9a-f]{24}$/),
      mappingSetId: expect.stringMatching(/^[0-9a-f]{32}$/),
      counts: {
        sent: EVENTS.length,
        accepted: EVENTS.length - REFUSED.length,
        rejected: REFUSED.length,
        written: WELL_FORMED.length,
        failed: MALFORMED.length - REFUSED.length,
      },
      problems: [],
      countedFrom: "records",
    });
    expect(demo.inletUrl.startsWith(running.url.replace("127.0.0.1", "localhost"))).toBe(true);
    expect(demo.events.map(({ source, malformed, outcome }) => [source, malformed, outcome])).toEqual(
      EVENTS.map(({ source, event }) => [source, isMalformedFixture(source), !isMalformedFixture(source) ? "written" : isObject(event) ? "failed" : "rejected"]),
    );
    expect(demo.events.find((event) => event.outcome === "rejected")?.detail).toContain("not a JSON object");
    expect(demo.events.filter((event) => event.outcome === "failed").every((event) => event.detail?.includes("MAPPER-3700-400"))).toBe(true);

    const sample = demo.sampleRecord as EmulatorRecord;
    expect(sample).toMatchObject({ flowId: demo.flowId, datasetId: demo.dataSetId, status: "ingested", errors: [] });
    expect(WELL_FORMED.map(({ event }) => eventIdOf(event))).toContain(eventIdOf(sample.raw));
    expect(JSON.stringify(sample.record)).toContain(`"event_id0":"${eventIdOf(sample.raw)}"`);

    const { client } = running;
    const flow = await client.flowService.flows.get(demo.flowId);
    expect(flow).toMatchObject({ state: "enabled", options: { inletUrl: demo.inletUrl } });
    expect(flow.transformations?.[0]).toMatchObject({ name: "Mapping", params: { mappingId: demo.mappingSetId } });
    expect((await client.catalog.dataSets.get(demo.dataSetId)).schemaRef?.id).toBe(demo.schemaId);
    const records = await collect(client.emulator.records(demo.dataSetId, { flowId: demo.flowId }));
    expect(records).toHaveLength(demo.counts.accepted);
    expect(records.filter((record) => record.status === "failed")).toHaveLength(demo.counts.failed);
  });

  it("prints a table, the malformed events and the sample record without --json, and can run again against the same emulator", async () => {
    const result = await runCliInProcess(["demo", "customerio"], cliEnv(running.url));
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^FIELD\s+VALUE/);
    expect(result.stdout).toMatch(/flowId\s+[0-9a-f-]{36}/);
    expect(result.stdout).toMatch(new RegExp(`written\\s+${WELL_FORMED.length}\\n`));
    expect(result.stdout).toContain("malformed events (sent on purpose; expected to be refused or to fail):");
    for (const { source } of MALFORMED) expect(result.stdout).toContain(source);
    expect(result.stdout).not.toContain("problems:");
    expect(result.stdout).toContain("sample record:");
    expect(result.stderr).toContain("creating the field group and schema");
  });

  it("exits 1 and names the event when a well-formed event does not get through (an injected inlet fault)", async () => {
    const { client } = running;
    await client.emulator.faults.add({ method: "POST", path: "/collection/*", status: 400, count: 1 });
    try {
      const result = await runCliInProcess(["demo", "customerio", "--json", "--wait", "500"], cliEnv(running.url));
      expect(result.code).toBe(1);
      const demo: DemoResult = JSON.parse(result.stdout);
      const first = WELL_FORMED[0].source;
      expect(EVENTS[0].source).toBe(first);
      expect(demo.counts).toMatchObject({ rejected: REFUSED.length + 1, written: WELL_FORMED.length - 1 });
      expect(demo.problems).toEqual([expect.stringMatching(new RegExp(`^${first.replace(".", "\\.")}: refused by the inlet \\(400 `))]);
    } finally {
      await client.emulator.faults.clear();
    }
  });

  it("against a base URL that is not the emulator (no /_emulator), counts what got through from the flow's runs", async () => {
    const proxy = await startHidingProxy(running.url);
    try {
      const result = await runCliInProcess(["demo", "customerio", "--json", "--wait", "10000"], cliEnv(proxy.url));
      expect(result.code, result.stderr).toBe(0);
      const demo: DemoResult = JSON.parse(result.stdout);
      expect(demo).toMatchObject({
        counts: {
          sent: EVENTS.length,
          accepted: EVENTS.length - REFUSED.length,
          rejected: REFUSED.length,
          written: WELL_FORMED.length,
          failed: MALFORMED.length - REFUSED.length,
        },
        problems: [],
        sampleRecord: null,
        countedFrom: "runs",
      });
      // Records cannot be read one by one there: an event the inlet took is "accepted", not "written".
      expect(demo.events.map(({ source, outcome }) => [source, outcome])).toEqual(
        EVENTS.map(({ source, event }) => [source, isObject(event) ? "accepted" : "rejected"]),
      );
      // The counts are the runs' own, as the platform answers them.
      const runs = await collect(running.client.flowService.runs.list({ flowId: demo.flowId }));
      const sum = (field: "outputRecordCount" | "failedRecordCount") => runs.reduce((total, run) => total + (run.metrics?.recordSummary?.[field] ?? 0), 0);
      expect([sum("outputRecordCount"), sum("failedRecordCount")]).toEqual([demo.counts.written, demo.counts.failed]);
      // It asked whether the emulator was there (404), then read runs, never records.
      expect(proxy.paths.filter((path) => path.startsWith("/_emulator"))).toEqual(["/_emulator/health"]);
      expect(proxy.paths.some((path) => path.startsWith(`/data/foundation/flowservice/runs?`))).toBe(true);
    } finally {
      await proxy.close();
    }
  });

  it("fails with exit code 1 and the service's error when the base URL has no platform behind it", async () => {
    const stub = await startStub((_, __, response) => json(response, 404, { type: "/placeholder/type/uri", status: 404, title: "NotFoundError", detail: "nothing here" }));
    try {
      const result = await runCliInProcess(["demo", "customerio", "--json"], cliEnv(stub.url));
      expect(result.code).toBe(1);
      expect(result.stdout).toBe("");
      expect(JSON.parse(result.stderr).error).toMatchObject({ status: 404, code: "NotFoundError", message: "nothing here" });
    } finally {
      await stub.close();
    }
  });
});

/**
 * A server in front of the emulator that is not the emulator: /_emulator/* is a 404 (as at Adobe),
 * everything else is forwarded. Records the paths asked for.
 */
async function startHidingProxy(target: string): Promise<{ url: string; paths: string[]; close(): Promise<void> }> {
  const paths: string[] = [];
  const server = createServer((request, response) => {
    const path = request.url ?? "/";
    paths.push(path);
    if (path === "/_emulator" || path.startsWith("/_emulator/") || path.startsWith("/_emulator?")) {
      json(response, 404, { type: "/placeholder/type/uri", status: 404, title: "NotFoundError", detail: "no such path" });
      return;
    }
    const upstream = httpRequest(new URL(path, target), { method: request.method, headers: request.headers }, (answer) => {
      response.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(response);
    });
    upstream.on("error", (error) => response.destroy(error));
    request.pipe(upstream);
  });
  return { ...(await listenOnLoopback(server)), paths };
}
