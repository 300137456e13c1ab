import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestEmulator, type TestEmulator } from "../support/app.js";
import {
  create,
  createCustomerioFlow,
  CUSTOMERIO_FLOW_SPEC,
  CUSTOMERIO_SPEC,
  dataLakeTargetBody,
  FS,
  getItem,
  HTTP_API_SPEC,
  httpApiConnectionBody,
} from "../support/flowservice.js";
import { post } from "../support/inlet.js";
import { SUBSCRIBED } from "../dataprep/api/support.js";
import { flowRequest, mappingSetRequest } from "../e2e/seed-tutorial.js";
import { golden, type GoldenEntry, type JsonType } from "./golden-keys.js";

function jsonType(value: unknown): JsonType {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  return typeof value as JsonType;
}

/** Every key Adobe's example always has is there with its type; nothing outside the two maps appears. */
function expectGoldenShape(item: Record<string, unknown>, entry: GoldenEntry, label: string) {
  for (const [key, type] of Object.entries(entry.keys)) {
    expect(item, `${label} lacks ${key}`).toHaveProperty(key);
    expect(jsonType(item[key]), `${label}.${key}`).toBe(type);
  }
  for (const [key, value] of Object.entries(item)) {
    const type = entry.keys[key] ?? entry.optional[key];
    expect(type, `${label} has ${key}, which Adobe's examples do not`).toBeDefined();
    expect(jsonType(value), `${label}.${key}`).toBe(type);
  }
}

describe("golden shapes from Adobe's OpenAPI examples", () => {
  let emulator: TestEmulator;
  beforeEach(() => {
    emulator = createTestEmulator();
  });
  afterEach(() => emulator.close());

  it("a base connection", async () => {
    const { id } = await create(emulator, "connections", httpApiConnectionBody());
    expectGoldenShape(await getItem(emulator, "connections", id), golden.connection, "connection");
  });

  it("a source connection (Customer.io and HTTP API)", async () => {
    const { source } = await createCustomerioFlow(emulator);
    expectGoldenShape(await getItem(emulator, "sourceConnections", source.id), golden.sourceConnection, "sourceConnection");
    const base = await create(emulator, "connections", httpApiConnectionBody());
    const http = await create(emulator, "sourceConnections", {
      name: "HTTP API source",
      description: "d",
      baseConnectionId: base.id,
      connectionSpec: { id: HTTP_API_SPEC, version: "1.0" },
    });
    expectGoldenShape(await getItem(emulator, "sourceConnections", http.id), golden.sourceConnection, "sourceConnection");
  });

  it("a target connection", async () => {
    const { id } = await create(emulator, "targetConnections", dataLakeTargetBody());
    expectGoldenShape(await getItem(emulator, "targetConnections", id), golden.targetConnection, "targetConnection");
  });

  /** The seed tutorial's mapping set and its flow with a Mapping transformation. */
  async function createMappedFlow() {
    const { source, target } = await createCustomerioFlow(emulator);
    const mappingSet = await emulator.request("POST", "/data/foundation/conversion/mappingSets", { body: mappingSetRequest });
    expect(mappingSet.status, mappingSet.text).toBe(200);
    const flow = await create(emulator, "flows", flowRequest(source.id, target.id, mappingSet.body.id));
    return getItem(emulator, "flows", flow.id);
  }

  it("a flow, with and without transformations", async () => {
    const { flow } = await createCustomerioFlow(emulator);
    const plain = await getItem(emulator, "flows", flow.id);
    expect(plain.transformations).toEqual([]);
    expectGoldenShape(plain, golden.flow, "flow");

    const mapped = await createMappedFlow();
    expect(mapped.transformations).toEqual([{ name: "Mapping", params: { mappingId: expect.stringMatching(/^[0-9a-f]{32}$/), mappingVersion: 0 } }]);
    expectGoldenShape(mapped, golden.flow, "flow with a Mapping transformation");
  });

  it("a run", async () => {
    const { source, target } = await createCustomerioFlow(emulator);
    const once = await create(emulator, "flows", {
      name: "once",
      description: "d",
      flowSpec: { id: CUSTOMERIO_FLOW_SPEC, version: "1.0" },
      sourceConnectionIds: [source.id],
      targetConnectionIds: [target.id],
      transformations: [],
      scheduleParams: { startTime: 1700000000, frequency: "once" },
    });
    const run = await emulator.request("POST", `${FS}/runs`, { body: { flowId: once.id } });
    expect(run.status).toBe(201);
    expectGoldenShape(await getItem(emulator, "runs", run.body.id), golden.run, "run");
  });

  it("a streaming run, created by an event posted to the flow's inlet", async () => {
    const flow = await createMappedFlow();
    const inlet = new URL(flow.options.inletUrl).pathname;
    const sent = await post(emulator, `${inlet}?x-adobe-flow-id=${flow.id}`, SUBSCRIBED);
    expect(sent.status, sent.text).toBe(200);
    const runs = await emulator.request("GET", `${FS}/runs?property=flowId==${flow.id}`);
    expect(runs.status, runs.text).toBe(200);
    expect(runs.body.items).toHaveLength(1);
    const [run] = runs.body.items;
    expect(run.metrics.recordSummary).toMatchObject({ inputRecordCount: 1, outputRecordCount: 1 });
    expectGoldenShape(run, golden.run, "streaming run");
    expectGoldenShape(await getItem(emulator, "runs", run.id), golden.run, "streaming run");
    // The flow after its run: lastRunDetails, one of the keys only some flows have.
    const after = await getItem(emulator, "flows", flow.id);
    expect(after.lastRunDetails).toMatchObject({ id: run.id });
    expectGoldenShape(after, golden.flow, "flow after a streaming run");
  });

  it("connection and flow specs", async () => {
    expectGoldenShape(await getItem(emulator, "connectionSpecs", CUSTOMERIO_SPEC), golden.connectionSpec, "connectionSpec");
    expectGoldenShape(await getItem(emulator, "flowSpecs", CUSTOMERIO_FLOW_SPEC), golden.flowSpec, "flowSpec");
  });

  it("create and list responses", async () => {
    const response = await emulator.request("POST", `${FS}/targetConnections`, { body: dataLakeTargetBody() });
    expectGoldenShape(response.body, golden.createResponse, "create response");
    expectGoldenShape((await emulator.request("GET", `${FS}/targetConnections`)).body, golden.listResponse, "list response");
  });
});
