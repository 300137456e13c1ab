import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ORG } from "../support/app.js";
import { DCS_TYPE } from "../support/inlet.js";
import { ROOT, startEmulator, type RunningEmulator } from "../support/process.js";
import { DATASET_ID, flowRequest, mappingSetRequest, sourceConnectionRequest, targetConnectionRequest } from "./seed-tutorial.js";

/** The seed tutorial end to end, over a real port, as a user would run it against the emulator. */
const EVENTS_DIR = join(ROOT, "fixtures/customerio/events");
const events = readdirSync(EVENTS_DIR)
  .filter((name) => name.endsWith(".json"))
  .sort()
  .map((name) => ({ name, body: readFileSync(join(EVENTS_DIR, name), "utf8") }));
const wellFormed = events.filter((event) => !event.name.startsWith("malformed-"));

describe("the Customer.io tutorial, end to end", () => {
  let emulator: RunningEmulator;
  const headers = (extra: Record<string, string | undefined> = {}) => {
    const all: Record<string, string | undefined> = {
      Authorization: "Bearer tutorial-token",
      "x-api-key": "tutorial-client",
      "x-gw-ims-org-id": ORG,
      "x-sandbox-name": "prod",
      "Content-Type": "application/json",
      ...extra,
    };
    return Object.fromEntries(Object.entries(all).filter(([, value]) => value !== undefined)) as Record<string, string>;
  };
  const call = async (method: string, path: string, body?: unknown, extra: Record<string, string | undefined> = {}) => {
    const response = await fetch(`${emulator.url}${path}`, {
      method,
      headers: headers(body === undefined ? { "Content-Type": undefined, ...extra } : extra),
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined, text };
  };
  const FS = "/data/foundation/flowservice";

  beforeAll(async () => {
    emulator = await startEmulator({ DB_PATH: ":memory:", FIXTURES: "customerio" });
  });
  afterAll(async () => {
    await emulator?.stop();
  });

  let sourceId: string;
  let targetId: string;
  let mappingId: string;
  let flowId: string;
  let inletUrl: string;

  it("creates the source connection", async () => {
    const response = await call("POST", `${FS}/sourceConnections`, sourceConnectionRequest);
    expect(response.status, response.text).toBe(201);
    expect(response.body).toEqual({ id: expect.any(String), etag: expect.stringMatching(/^".+"$/) });
    sourceId = response.body.id;
  });

  it("creates the target connection on the tutorial's dataset and schema", async () => {
    const response = await call("POST", `${FS}/targetConnections`, targetConnectionRequest);
    expect(response.status, response.text).toBe(201);
    targetId = response.body.id;
  });

  it("creates the mapping set (legacy format): 200 with version 0", async () => {
    const response = await call("POST", "/data/foundation/conversion/mappingSets", mappingSetRequest);
    expect(response.status, response.text).toBe(200);
    expect(response.body).toMatchObject({ id: expect.stringMatching(/^[0-9a-f]{32}$/), version: 0, createdDate: expect.any(Number) });
    mappingId = response.body.id;
  });

  it("refuses the tutorial's flow request as printed (no Authorization header), as the gateway would", async () => {
    const response = await call("POST", `${FS}/flows`, flowRequest(sourceId, targetId, mappingId), { Authorization: undefined });
    expect(response.status).toBe(403);
    expect(response.body).toEqual({ error_code: "403010", message: "Oauth token is missing." });
  });

  it("creates the flow once the header is there", async () => {
    const response = await call("POST", `${FS}/flows`, flowRequest(sourceId, targetId, mappingId));
    expect(response.status, response.text).toBe(201);
    flowId = response.body.id;
  });

  it("answers the flow with its inletUrl", async () => {
    const response = await call("GET", `${FS}/flows/${flowId}`);
    expect(response.status).toBe(200);
    const [flow] = response.body.items;
    expect(flow).toMatchObject({ id: flowId, state: "enabled", transformations: [{ name: "Mapping", params: { mappingId, mappingVersion: 0 } }] });
    inletUrl = flow.options.inletUrl;
    expect(inletUrl).toMatch(new RegExp(`^http://localhost:${new URL(emulator.url).port}/collection/[0-9a-f]{64}$`));
  });

  it("takes every Customer.io webhook event at {inletUrl}?x-adobe-flow-id={flowId}, without platform headers", async () => {
    const refused: Record<string, unknown> = {};
    for (const event of events) {
      const response = await fetch(`${inletUrl}?x-adobe-flow-id=${flowId}`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: event.body,
      });
      const text = await response.text();
      const expected = event.name === "malformed-not-an-object.json" ? 400 : 200;
      expect(response.status, `${event.name}: ${text}`).toBe(expected);
      if (expected === 400) refused[event.name] = JSON.parse(text);
    }
    // An array is no webhook event: refused in DCS's body, with the reason.
    const inletId = new URL(inletUrl).pathname.split("/").pop();
    expect(refused).toEqual({
      "malformed-not-an-object.json": {
        type: DCS_TYPE,
        status: 400,
        title: "Invalid XDM Message Format",
        report: { message: `inletId: [${inletId}] imsOrgId: [${ORG}] Message is not a JSON object`, "request-id": expect.any(String) },
      },
    });
  });

  it("wrote each well-formed event to the dataset with its mapped _extconndev fields", async () => {
    const response = await call("GET", `/_emulator/datasets/${DATASET_ID}/records?status=ingested&limit=1000`);
    expect(response.status).toBe(200);
    // Every well-formed fixture, and only those, is stored as ingested: a missing id names the fixture that failed.
    const ingested = response.body.items.map((item: any) => item.raw.event_id).sort();
    expect(ingested).toEqual(wellFormed.map(({ body }) => JSON.parse(body).event_id).sort());
    for (const { name, body } of wellFormed) {
      const raw = JSON.parse(body);
      const stored = response.body.items.find((item: any) => item.raw.event_id === raw.event_id);
      expect(stored, name).toBeDefined();
      const expected: Record<string, unknown> = {
        event_id0: raw.event_id,
        metricx: raw.metric,
        object_type1: raw.object_type,
        timestampx: raw.timestamp,
      };
      if (raw.data.identifiers.cio_id !== undefined) expected.cio_id = raw.data.identifiers.cio_id;
      if (raw.data.identifiers.email !== undefined) expected.email = raw.data.identifiers.email;
      expect(stored.record, name).toEqual({ _extconndev: expected });
      expect(stored.flowId).toBe(flowId);
    }
  });

  it("stored the malformed events as failed, with reasons", async () => {
    const response = await call("GET", `/_emulator/datasets/${DATASET_ID}/records?status=failed`);
    const byEvent = new Map(response.body.items.map((item: any) => [item.raw.event_id, item]));
    expect(response.body.items).toHaveLength(2);
    const timestamp = byEvent.get("01ER4RH1BC8D0F2H4J6M8N0P2R") as any;
    expect(timestamp.errors[0]).toMatchObject({ code: "MAPPER-3700-400", destination: "_extconndev.timestampx" });
    const email = byEvent.get("01ER4RJ3DE0F2H4J6M8N0P2R4T") as any;
    expect(email.errors[0]).toMatchObject({ code: "MAPPER-3700-400", destination: "_extconndev.email" });
  });

  it("reports the records in the flow's run", async () => {
    const response = await call("GET", `${FS}/runs?property=flowId==${flowId}`);
    expect(response.status).toBe(200);
    const totals = { input: 0, output: 0, failed: 0 };
    for (const run of response.body.items) {
      totals.input += run.metrics.recordSummary.inputRecordCount;
      totals.output += run.metrics.recordSummary.outputRecordCount;
      totals.failed += run.metrics.recordSummary.failedRecordCount;
    }
    expect(totals).toEqual({ input: wellFormed.length + 2, output: wellFormed.length, failed: 2 });
    const flow = (await call("GET", `${FS}/flows/${flowId}`)).body.items[0];
    expect(flow.lastRunDetails.id).toBe(response.body.items[response.body.items.length - 1].id);
  });

  it("appendix: updates the flow with If-Match, disables it, deletes it", async () => {
    const { etag } = (await call("GET", `${FS}/flows/${flowId}`)).body.items[0];
    const patched = await call("PATCH", `${FS}/flows/${flowId}`, [{ op: "replace", path: "/name", value: "Customer.io dataflow, renamed" }], {
      "If-Match": etag,
    });
    expect(patched.status, patched.text).toBe(200);
    const disabled = await call("POST", `${FS}/flows/${flowId}/action?op=disable`);
    expect(disabled.status).toBe(200);
    const refused = await fetch(`${inletUrl}?x-adobe-flow-id=${flowId}`, { method: "POST", headers: { "Content-Type": "application/json" }, body: wellFormed[0].body });
    expect(refused.status).toBe(400);
    expect((await call("DELETE", `${FS}/flows/${flowId}`)).status).toBe(204);
    expect((await call("GET", `${FS}/flows/${flowId}`)).status).toBe(404);
  });
});
