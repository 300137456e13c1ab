import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestEmulator, type TestEmulator } from "../support/app.js";
import {
  create,
  createCustomerioFlow,
  CUSTOMERIO_FLOW_SPEC,
  CUSTOMERIO_SPEC,
  DATA_LAKE_SPEC,
  expectFlowError,
  FS,
  getItem,
  HTTP_API_FLOW_SPEC,
  HTTP_API_MAPPED_FLOW_SPEC,
  HTTP_API_SPEC,
} from "../support/flowservice.js";
import { createHttpApiInlet, goodEntity, post, xdmMessage } from "../support/inlet.js";

describe("runs", () => {
  let emulator: TestEmulator;
  beforeEach(() => {
    emulator = createTestEmulator();
  });
  afterEach(() => emulator.close());

  async function onceFlow() {
    const { source, target } = await createCustomerioFlow(emulator);
    return create(emulator, "flows", {
      name: "once",
      flowSpec: { id: CUSTOMERIO_FLOW_SPEC },
      sourceConnectionIds: [source.id],
      targetConnectionIds: [target.id],
      scheduleParams: { startTime: "1612310466", frequency: "once" },
    });
  }

  it("POST /runs starts a run of a flow scheduled once: 201 with {id, etag} and items", async () => {
    const flow = await onceFlow();
    const response = await emulator.request("POST", `${FS}/runs`, { body: { flowId: flow.id, params: { startTime: 1612310466 } } });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({
      id: expect.any(String),
      etag: expect.stringMatching(/^".*"$/),
      items: [{ id: response.body.id, etag: response.body.etag }],
    });
    const run = await getItem(emulator, "runs", response.body.id);
    // help/sources/tutorials/api/create-flow-runs.md shows the whole run in the answer.
    const { items, ...answered } = response.body;
    expect(items).toHaveLength(1);
    expect(answered).toEqual(run);
    expect(run).toMatchObject({
      flowId: flow.id,
      flowSpec: { id: CUSTOMERIO_FLOW_SPEC },
      metrics: { statusSummary: { status: "success" }, recordSummary: { inputRecordCount: 0 } },
    });
    const listed = await emulator.request("GET", `${FS}/runs?property=flowId==${flow.id}`);
    expect(listed.body.items.map((item: any) => item.id)).toEqual([response.body.id]);
    expect(listed.body._links).toEqual({});
    // The filtering guide's metrics.statusSummary.status==Failed: the status in any letter case.
    for (const [status, found] of [["Success", 1], ["SUCCESS", 1], ["Failed", 0]] as const) {
      const filtered = await emulator.request("GET", `${FS}/runs?property=flowId==${flow.id}&property=metrics.statusSummary.status==${status}`);
      expect(filtered.body.items, status).toHaveLength(found);
    }
    const byLastRun = await emulator.request("GET", `${FS}/flows?property=lastRunDetails.state==SUCCESS`);
    expect(byLastRun.body.items.map((item: any) => item.id)).toEqual([flow.id]);
  });

  it("POST /runs gives the flow its lastRunDetails, and keeps the flow's etag", async () => {
    // help/sources/tutorials/api/update-dataflows.md shows a batch flow read back with lastRunDetails.
    const flow = await onceFlow();
    const before = await getItem(emulator, "flows", flow.id);
    const run = await emulator.request("POST", `${FS}/runs`, { body: { flowId: flow.id, params: { startTime: "1663735590" } } });
    const after = await getItem(emulator, "flows", flow.id);
    expect(after.lastRunDetails).toEqual({
      id: run.body.id,
      state: "success",
      startedAtUTC: run.body.metrics.durationSummary.startedAtUTC,
      completedAtUTC: run.body.metrics.durationSummary.completedAtUTC,
    });
    expect(after.etag).toBe(before.etag);
  });

  it("POST /runs without a flow id is 1446, for an unknown flow 1430", async () => {
    expectFlowError(await emulator.request("POST", `${FS}/runs`, { body: {} }), 1446, 400);
    expectFlowError(await emulator.request("POST", `${FS}/runs`, { body: { flowId: "" } }), 1446, 400);
    const unknown = await emulator.request("POST", `${FS}/runs`, { body: { flowId: "aa6a206f-f233-4c2d-0000-000000000000" } });
    expectFlowError(unknown, 1430, 400);
    expect(unknown.body.errorMessage).toBe("Flow not found with id aa6a206f-f233-4c2d-0000-000000000000.");
  });

  it("POST /runs for a flow that is not scheduled once is refused", async () => {
    const { flow } = await createCustomerioFlow(emulator);
    expectFlowError(await emulator.request("POST", `${FS}/runs`, { body: { flowId: flow.id } }), 1100, 400);
    expect((await emulator.request("GET", `${FS}/runs?count=true`)).body).toEqual({ count: 0 });
  });

  it("GET of an unknown run is 404", async () => {
    expectFlowError(await emulator.request("GET", `${FS}/runs/7e7e7e7e-0000-4000-8000-000000000000`), 1439, 404);
  });
});

describe("connection and flow spec catalogue", () => {
  let emulator: TestEmulator;
  beforeEach(() => {
    emulator = createTestEmulator();
  });
  afterEach(() => emulator.close());

  it("lists connection specs including the Customer.io, HTTP API and data lake specs", async () => {
    const response = await emulator.request("GET", `${FS}/connectionSpecs`);
    expect(response.status).toBe(200);
    const ids = response.body.items.map((item: any) => item.id);
    expect(ids).toEqual(expect.arrayContaining([CUSTOMERIO_SPEC, HTTP_API_SPEC, DATA_LAKE_SPEC]));
  });

  it("gets one spec inside items, with the documented provider", async () => {
    const spec = await getItem(emulator, "connectionSpecs", CUSTOMERIO_SPEC);
    expect(spec).toMatchObject({ id: CUSTOMERIO_SPEC, providerId: "521eee4d-8cbe-4906-bb48-fb6bd4450033" });
  });

  it("flow specs name the connection specs they accept", async () => {
    for (const [flowSpec, source] of [
      [CUSTOMERIO_FLOW_SPEC, CUSTOMERIO_SPEC],
      [HTTP_API_MAPPED_FLOW_SPEC, HTTP_API_SPEC],
      [HTTP_API_FLOW_SPEC, HTTP_API_SPEC],
    ]) {
      const spec = await getItem(emulator, "flowSpecs", flowSpec);
      expect(spec.sourceConnectionSpecIds).toContain(source);
      expect(spec.targetConnectionSpecIds).toContain(DATA_LAKE_SPEC);
    }
  });

  it("has the streaming tutorial's flow spec for the HTTP API, and its flows take messages", async () => {
    // help/sources/tutorials/api/collect/streaming.md lists d69717ba, whose sources include the HTTP API.
    const STREAM_OPTIONAL_TRANSFORMATION = "d69717ba-71b4-4313-b654-49f9cf126d7a";
    const spec = await getItem(emulator, "flowSpecs", STREAM_OPTIONAL_TRANSFORMATION);
    expect(spec).toMatchObject({ name: "Stream data with optional transformation", sourceConnectionSpecIds: expect.arrayContaining([HTTP_API_SPEC]) });
    const { base, source, target } = await createHttpApiInlet(emulator);
    const flow = await create(emulator, "flows", {
      name: "Streaming dataflow",
      flowSpec: { id: STREAM_OPTIONAL_TRANSFORMATION, version: "1.0" },
      sourceConnectionIds: [source.id],
      targetConnectionIds: [target.id],
    });
    const { inletId } = (await getItem(emulator, "connections", base.id)).auth.params;
    const sent = await post(emulator, `/collection/${inletId}`, xdmMessage(goodEntity(), { flowId: flow.id }));
    expect(sent.status, sent.text).toBe(200);
  });

  it("filters with property=, bare or quoted", async () => {
    const byName = await emulator.request("GET", `${FS}/flowSpecs?property=name==%22CloudStorageToAEP%22`);
    expect(byName.body.items.map((item: any) => item.id)).toEqual(["9753525b-82c7-4dce-8a9b-5ccfce2b9876"]);
    const byId = await emulator.request("GET", `${FS}/connectionSpecs?property=id==${HTTP_API_SPEC},${DATA_LAKE_SPEC}`);
    expect(byId.body.items.map((item: any) => item.id).sort()).toEqual([HTTP_API_SPEC, DATA_LAKE_SPEC].sort());
    expectFlowError(await emulator.request("GET", `${FS}/flowSpecs?limit=2`), 1451, 400);
    expectFlowError(await emulator.request("GET", `${FS}/flowSpecs?property=name!>x`), 1450, 400);
  });

  it("an unknown spec is 404", async () => {
    expectFlowError(await emulator.request("GET", `${FS}/connectionSpecs/00000000-0000-0000-0000-000000000000`), 1439, 404);
    expectFlowError(await emulator.request("GET", `${FS}/flowSpecs/00000000-0000-0000-0000-000000000000`), 1439, 404);
  });

  it("specs cannot be changed", async () => {
    const response = await emulator.request("DELETE", `${FS}/connectionSpecs/${CUSTOMERIO_SPEC}`);
    expect(response.status).toBe(404);
    await getItem(emulator, "connectionSpecs", CUSTOMERIO_SPEC);
  });
});
