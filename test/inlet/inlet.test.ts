import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestEmulator, OTHER_ORG, ORG, type TestEmulator } from "../support/app.js";
import { create, dataLakeTargetBody, expectFlowError, FS, getItem, HTTP_API_FLOW_SPEC } from "../support/flowservice.js";
import { createHttpApiInlet, DATASET_ID, DCS_TYPE, goodEntity, post, records, SCHEMA_ID, xdmMessage } from "../support/inlet.js";
import { createDataSet } from "../support/registry.js";

const XACTION = /^\d{13}:\d{4}:\d+$/;

describe("streaming inlet: single messages", () => {
  let emulator: TestEmulator;
  let inlet: Awaited<ReturnType<typeof createHttpApiInlet>>;
  beforeEach(async () => {
    emulator = createTestEmulator();
    inlet = await createHttpApiInlet(emulator);
  });
  afterEach(() => emulator.close());

  const send = (body: unknown, query = "", headers: Record<string, string> = {}) =>
    post(emulator, `/collection/${inlet.inletId}${query}`, body, headers);

  it("answers 200 {inletId, xactionId, receivedTimeMs, syncValidation: {skipped}} and stores the record", async () => {
    const response = await send(xdmMessage(goodEntity(1), { flowId: inlet.flow.id }));
    expect(response.status, response.text).toBe(200);
    expect(response.body).toEqual({
      inletId: inlet.inletId,
      xactionId: expect.stringMatching(XACTION),
      receivedTimeMs: expect.any(Number),
      syncValidation: { skipped: true },
    });
    const stored = await records(emulator);
    expect(stored.items).toHaveLength(1);
    expect(stored.items[0]).toMatchObject({
      datasetId: DATASET_ID,
      flowId: inlet.flow.id,
      inletId: inlet.inletId,
      xactionId: response.body.xactionId,
      receivedTimeMs: response.body.receivedTimeMs,
      status: "ingested",
      record: goodEntity(1),
      errors: [],
    });
  });

  it("takes the flow id from the x-adobe-flow-id header or query parameter", async () => {
    expect((await send(xdmMessage(goodEntity(1)), "", { "x-adobe-flow-id": inlet.flow.id })).status).toBe(200);
    expect((await send(xdmMessage(goodEntity(2)), `?x-adobe-flow-id=${inlet.flow.id}`)).status).toBe(200);
    expect((await records(emulator)).items).toHaveLength(2);
  });

  it("an unknown inlet is a 404 in the DCS envelope", async () => {
    const response = await post(emulator, `/collection/${"0".repeat(64)}`, xdmMessage(goodEntity()));
    expect(response.status).toBe(404);
    expect(response.body).toMatchObject({ type: DCS_TYPE, status: 404, report: { message: expect.stringContaining("0".repeat(64)) } });
  });

  it("an unknown inlet is a 404 before its payload is looked at", async () => {
    const unknown = "0".repeat(64);
    for (const path of [`/collection/${unknown}`, `/collection/batch/${unknown}`]) {
      for (const [body, headers] of [
        ['{"header": ', {}],
        ["{}", { "Content-Type": "text/plain" }],
        ["{}", { "Content-Length": String(2 * 1024 * 1024) }],
      ] as [string, Record<string, string>][]) {
        const response = await post(emulator, path, body, headers);
        expect(response.status, `${path} ${body} ${JSON.stringify(headers)}`).toBe(404);
        expect(response.body.report.message).toContain(`inletId: [${unknown}] The inlet is not found`);
      }
    }
  });

  it("refuses a body that is not JSON by Content-Type with the platform's 400", async () => {
    const response = await send(JSON.stringify(xdmMessage(goodEntity(), { flowId: inlet.flow.id })), "", { "Content-Type": "text/plain" });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ status: 400, detail: "A valid content-type must be specified" });
    expect((await records(emulator)).items).toEqual([]);
  });

  it("refuses malformed JSON with a 400", async () => {
    const response = await send('{"header": ', "", {});
    expect(response.status).toBe(400);
    expect(response.body.type).toBe(DCS_TYPE);
  });

  it("refuses a payload over 1 MB with 413", async () => {
    const big = xdmMessage({ _extconndev: { email: "x".repeat(1024 * 1024) } }, { flowId: inlet.flow.id });
    const response = await send(big);
    expect(response.status).toBe(413);
    expect(response.body).toMatchObject({ type: DCS_TYPE, status: 413, report: { message: "The payload is larger than 1 MB." } });
    expect((await records(emulator)).items).toEqual([]);
  });

  it("refuses raw JSON on an XDM inlet as an unknown xdm format", async () => {
    const response = await send({ anything: 1 }, `?x-adobe-flow-id=${inlet.flow.id}`);
    expect(response.status).toBe(400);
    expect(response.body.report.message).toBe(`inletId: [${inlet.inletId}] imsOrgId: [${ORG}] Message has unknown xdm format`);
  });

  it("refuses a header schemaRef that is not an object, or whose id is not the flow's schema, as an unknown xdm format", async () => {
    for (const schemaRef of [5, "ref", [], { id: {} }, { id: "https://ns.adobe.com/extconndev/schemas/other" }]) {
      const response = await send(xdmMessage(goodEntity(), { flowId: inlet.flow.id, schemaRef }));
      expect(response.status, JSON.stringify(schemaRef)).toBe(400);
      expect(response.body.report.message, JSON.stringify(schemaRef)).toContain("Message has unknown xdm format");
    }
    expect((await records(emulator)).items).toEqual([]);
    // null is as absent: the flow's schema applies.
    expect((await send(xdmMessage(goodEntity(), { flowId: inlet.flow.id, schemaRef: null }))).status).toBe(200);
  });

  // help/ingestion/tutorials/streaming-multiple-messages.md: a message naming its schema the older
  // way, header.xdmSchema.name, that is not the dataset's schema fails as an unknown xdm format.
  it("refuses a header xdmSchema whose name is not the flow schema's meta:altId as an unknown xdm format", async () => {
    const legacy = (name: unknown) => ({
      header: { msgType: "xdmEntityCreate", msgId: "79d2e715-f25f-4c36", xdmSchema: { name }, imsOrgId: ORG, flowId: inlet.flow.id },
      body: { xdmMeta: { xdmSchema: { name } }, xdmEntity: goodEntity() },
    });
    const refused = await send(legacy("_xdm.context.experienceevent"));
    expect(refused.status).toBe(400);
    expect(refused.body.report.message).toBe(`inletId: [${inlet.inletId}] imsOrgId: [${ORG}] Message has unknown xdm format`);
    const batch = await post(emulator, `/collection/batch/${inlet.inletId}`, { messages: [legacy("_xdm.context.experienceevent")] });
    expect(batch.body.responses).toEqual([
      { statusCode: 400, message: `inletId: [${inlet.inletId}] imsOrgId: [${ORG}] Message has unknown xdm format` },
    ]);
    expect((await records(emulator)).items).toEqual([]);
    const altId = `_${SCHEMA_ID.replace("https://ns.adobe.com/", "").replaceAll("/", ".")}`;
    expect((await send(legacy(altId))).status).toBe(200);
    expect((await send(legacy(SCHEMA_ID))).status).toBe(200);
  });

  it("names a header datasetId that is not the flow's as it was sent", async () => {
    for (const [datasetId, shown] of [[{}, "{}"], [7, "7"], ["0123", "0123"]] as const) {
      const response = await send(xdmMessage(goodEntity(), { flowId: inlet.flow.id, datasetId }));
      expect(response.status).toBe(400);
      expect(response.body.report.message).toContain(`Message names dataset ${shown}, but its dataflow writes to ${DATASET_ID}`);
    }
  });

  it("refuses a header whose imsOrgId is not the inlet's", async () => {
    const response = await send(xdmMessage(goodEntity(), { flowId: inlet.flow.id, imsOrgId: OTHER_ORG }));
    expect(response.status).toBe(400);
    expect(response.body.report.message).toContain("Message has an absent or wrong ims org in the header");
    expect((await send(xdmMessage(goodEntity(), { flowId: inlet.flow.id, imsOrgId: ORG }))).status).toBe(200);
  });

  it("refuses a message with an unknown flow id or another inlet's flow", async () => {
    const other = await createHttpApiInlet(emulator);
    for (const flowId of ["3b3b3b3b-0000-4000-8000-000000000000", other.flow.id]) {
      const response = await send(xdmMessage(goodEntity(), { flowId }));
      expect(response.status, String(flowId)).toBe(400);
      expect(response.body.report.message).toContain("Message has an absent or wrong flow id");
    }
    expect((await records(emulator)).items).toEqual([]);
  });

  describe("an XDM message whose header names no flow (Adobe's streaming tutorials send them)", () => {
    /** A second flow on the same base connection, writing another dataset of the same schema. */
    async function secondFlow() {
      const dataSetId = await createDataSet(emulator, { name: "Second dataset", schemaRef: { id: SCHEMA_ID, contentType: "application/vnd.adobe.xed+json;version=1" } });
      const target = await create(emulator, "targetConnections", dataLakeTargetBody(dataSetId));
      const flow = await create(emulator, "flows", {
        name: "Second flow",
        flowSpec: { id: HTTP_API_FLOW_SPEC, version: "1.0" },
        sourceConnectionIds: [inlet.source.id],
        targetConnectionIds: [target.id],
      });
      return { dataSetId, flowId: flow.id };
    }

    it("goes to the inlet's only flow, with or without a datasetId", async () => {
      expect((await send(xdmMessage(goodEntity(1)))).status).toBe(200);
      expect((await send(xdmMessage(goodEntity(2), { datasetId: DATASET_ID }))).status).toBe(200);
      const stored = (await records(emulator)).items;
      expect(stored.map((record: any) => [record.flowId, record.status])).toEqual([
        [inlet.flow.id, "ingested"],
        [inlet.flow.id, "ingested"],
      ]);
    });

    it("goes to the flow that writes its datasetId when the inlet has several; without one it is refused", async () => {
      expect((await send(xdmMessage(goodEntity(0)))).status).toBe(200);
      const second = await secondFlow();
      const toSecond = await send(xdmMessage(goodEntity(1), { datasetId: second.dataSetId }));
      expect(toSecond.status, toSecond.text).toBe(200);
      const stored = await emulator.request("GET", `/_emulator/datasets/${second.dataSetId}/records`);
      expect(stored.body.items.map((record: any) => record.flowId)).toEqual([second.flowId]);
      expect((await send(xdmMessage(goodEntity(2), { datasetId: DATASET_ID }))).status).toBe(200);
      expect((await records(emulator)).items.map((record: any) => record.flowId)).toEqual([inlet.flow.id, inlet.flow.id]);

      // The flow the first message went to is no longer the only one: the inlet's routes follow the new flow.
      for (const header of [{}, { datasetId: "000000000000000000000000" }]) {
        const refused = await send(xdmMessage(goodEntity(3), header));
        expect(refused.status).toBe(400);
        expect(refused.body.report.message).toContain("Message has an absent or wrong flow id");
      }
    });

    it("a header null is absent: imsOrgId, datasetId and flowId null go to the inlet's only flow", async () => {
      const response = await send(xdmMessage(goodEntity(1), { imsOrgId: null, datasetId: null, flowId: null }));
      expect(response.status, response.text).toBe(200);
      expect((await records(emulator)).items.map((record: any) => record.flowId)).toEqual([inlet.flow.id]);
    });

    it("the header's flowId routes the message; x-adobe-flow-id (header, else query) only when the header names none", async () => {
      const second = await secondFlow();
      const stored = async () => (await emulator.request("GET", `/_emulator/datasets/${second.dataSetId}/records`)).body.items.length;
      expect((await send(xdmMessage(goodEntity(1), { flowId: inlet.flow.id }), `?x-adobe-flow-id=${second.flowId}`)).status).toBe(200);
      expect((await send(xdmMessage(goodEntity(2), { flowId: inlet.flow.id }), "", { "x-adobe-flow-id": second.flowId })).status).toBe(200);
      expect((await records(emulator)).items).toHaveLength(2);
      expect(await stored()).toBe(0);

      expect((await send(xdmMessage(goodEntity(3)), "", { "x-adobe-flow-id": second.flowId })).status).toBe(200);
      // An empty x-adobe-flow-id header is no header: the query parameter still names the flow.
      const emptyHeader = await send(xdmMessage(goodEntity(4)), `?x-adobe-flow-id=${second.flowId}`, { "x-adobe-flow-id": "" });
      expect(emptyHeader.status, emptyHeader.text).toBe(200);
      expect(await stored()).toBe(2);
    });

    it("is routed in a batch too, message by message", async () => {
      const second = await secondFlow();
      const batch = await post(emulator, `/collection/batch/${inlet.inletId}`, {
        messages: [xdmMessage(goodEntity(1), { datasetId: second.dataSetId }), xdmMessage(goodEntity(2), { datasetId: DATASET_ID }), xdmMessage(goodEntity(3))],
      });
      expect(batch.status).toBe(207);
      expect(batch.body.responses.map((response: any) => response.statusCode ?? 200)).toEqual([200, 200, 400]);
      expect((await records(emulator)).items.map((record: any) => record.flowId)).toEqual([inlet.flow.id]);
    });
  });

  it("refuses a disabled flow's events and counts them nowhere", async () => {
    await emulator.request("POST", `${FS}/flows/${inlet.flow.id}/action?op=disable`);
    const response = await send(xdmMessage(goodEntity(), { flowId: inlet.flow.id }));
    expect(response.status).toBe(400);
    expect(response.body.report.message).toContain("disabled");
    expect((await records(emulator)).items).toEqual([]);
    expect((await emulator.request("GET", `${FS}/runs?property=flowId==${inlet.flow.id}&count=true`)).body).toEqual({ count: 0 });
  });

  it("stores an invalid record as failed with its errors and answers 200 (async validation)", async () => {
    const response = await send(xdmMessage({ _extconndev: { timestampx: "yesterday", unknownField: true } }, { flowId: inlet.flow.id }));
    expect(response.status).toBe(200);
    const [record] = (await records(emulator)).items;
    expect(record.status).toBe("failed");
    expect(record.errors.map((error: any) => error.message)).toEqual(
      expect.arrayContaining(["extraneous key [unknownField] is not permitted", "expected type: Integer, found: String"]),
    );
    expect((await records(emulator, "?status=failed")).items).toHaveLength(1);
    expect((await records(emulator, "?status=ingested")).items).toHaveLength(0);
  });

  it("syncValidation=true answers {status: pass} for a valid message", async () => {
    const response = await send(xdmMessage(goodEntity(), { flowId: inlet.flow.id }), "?syncValidation=true");
    expect(response.status).toBe(200);
    expect(response.body.syncValidation).toEqual({ status: "pass" });
    expect((await send(xdmMessage(goodEntity(), { flowId: inlet.flow.id }), "?syncValidation=TRUE")).body.syncValidation).toEqual({ status: "pass" });
    expect((await send(xdmMessage(goodEntity(), { flowId: inlet.flow.id }), "?syncValidation=False")).body.syncValidation).toEqual({ skipped: true });
    expect((await send(xdmMessage(goodEntity(), { flowId: inlet.flow.id }), "?syncValidation=")).body.syncValidation).toEqual({ skipped: true });
    const refused = await send(xdmMessage(goodEntity(), { flowId: inlet.flow.id }), "?syncValidation=yes");
    expect(refused.status).toBe(400);
    expect((await records(emulator)).items).toHaveLength(4);
  });

  // help/ingestion/tutorials/streaming-record-data.md and streaming-time-series-data.md send the
  // parameter as synchronousValidation and read back synchronousValidation.status.
  it("synchronousValidation=true validates as syncValidation does and answers {synchronousValidation: {status: pass}}", async () => {
    const passed = await send(xdmMessage(goodEntity(), { flowId: inlet.flow.id }), "?synchronousValidation=true");
    expect(passed.status).toBe(200);
    expect(passed.body).toEqual({
      inletId: inlet.inletId,
      xactionId: expect.stringMatching(XACTION),
      receivedTimeMs: expect.any(Number),
      synchronousValidation: { status: "pass" },
    });
    const refused = await send(xdmMessage({ unknownField: 1 }, { flowId: inlet.flow.id }), "?synchronousValidation=true");
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ type: DCS_TYPE, title: "Invalid XDM Message Format" });
    expect((await send(xdmMessage(goodEntity(), { flowId: inlet.flow.id }), "?synchronousValidation=false")).body.syncValidation).toEqual({ skipped: true });
    expect((await send(xdmMessage(goodEntity(), { flowId: inlet.flow.id }), "?synchronousValidation=maybe")).status).toBe(400);
    expect((await records(emulator)).items).toHaveLength(2);
  });

  it("syncValidation=true refuses an invalid message with the documented report, at most five errors, and drops it", async () => {
    const entity = { a: 1, b: 2, c: 3, d: 4, e: 5, f: 6, _extconndev: { timestampx: "x" } };
    const response = await send(xdmMessage(entity, { flowId: inlet.flow.id }), "?syncValidation=true");
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({
      type: DCS_TYPE,
      status: 400,
      title: "Invalid XDM Message Format",
      report: { message: `inletId: [${inlet.inletId}] imsOrgId: [${ORG}] Message is invalid` },
    });
    const [summary] = response.body.report.cause._streamingValidation;
    expect(summary.causingExceptions).toHaveLength(5);
    expect(summary.message).toBe("5 schema violations found");
    for (const violation of summary.causingExceptions) {
      expect(violation).toEqual({
        schemaLocation: expect.any(String),
        pointerToViolation: expect.stringMatching(/^#/),
        causingExceptions: [],
        keyword: expect.any(String),
        message: expect.any(String),
      });
    }
    expect((await records(emulator)).items).toEqual([]);
  });

  it("limits syncValidation to 60 requests a minute per inlet, with Retry-After", async () => {
    const body = xdmMessage(goodEntity(), { flowId: inlet.flow.id });
    const limited = createTestEmulator({ now: () => 1_700_000_000_000 });
    const own = await createHttpApiInlet(limited);
    const ownBody = xdmMessage(goodEntity(), { flowId: own.flow.id });
    for (let i = 0; i < 60; i++) expect((await post(limited, `/collection/${own.inletId}?syncValidation=true`, ownBody)).status).toBe(200);
    const refused = await post(limited, `/collection/${own.inletId}?syncValidation=true`, ownBody);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await post(limited, `/collection/${own.inletId}`, ownBody)).status).toBe(200);
    limited.close();
    expect((await send(body, "?syncValidation=true")).status).toBe(200);
  });

  it("is served under /data/foundation/import/collection too, with platform headers", async () => {
    const response = await emulator.request("POST", `/data/foundation/import/collection/${inlet.inletId}`, {
      body: xdmMessage(goodEntity(), { flowId: inlet.flow.id }),
    });
    expect(response.status, response.text).toBe(200);
    expect(response.body.inletId).toBe(inlet.inletId);
  });

  it("takes, under /data/foundation/import/collection, the headers Adobe's Postman collection sends: Authorization and x-sandbox-name, no api key or org", async () => {
    const headers = { Authorization: "Bearer token", "x-sandbox-name": "prod", Accept: "application/json" };
    const single = await post(emulator, `/data/foundation/import/collection/${inlet.inletId}`, xdmMessage(goodEntity(1), { flowId: inlet.flow.id }), headers);
    expect(single.status, single.text).toBe(200);
    expect(single.body).toMatchObject({ inletId: inlet.inletId, xactionId: expect.stringMatching(XACTION), syncValidation: { skipped: true } });
    const batch = await post(
      emulator,
      `/data/foundation/import/collection/batch/${inlet.inletId}`,
      { messages: [xdmMessage(goodEntity(2), { flowId: inlet.flow.id })] },
      headers,
    );
    expect(batch.status, batch.text).toBe(207);
    expect(batch.body.responses).toEqual([{ xactionId: `${batch.body.batchId}:0` }]);
    expect((await records(emulator)).items.map((item) => item.record)).toEqual([goodEntity(1), goodEntity(2)]);
  });

  it("still passes the gateway under /data/foundation/import/collection when an api key or an org is sent", async () => {
    const path = `/data/foundation/import/collection/${inlet.inletId}`;
    const body = xdmMessage(goodEntity(1), { flowId: inlet.flow.id });
    const keyOnly = await post(emulator, path, body, { Authorization: "Bearer token", "x-api-key": "key" });
    expect(keyOnly.status, keyOnly.text).toBe(400);
    expect(keyOnly.body).toEqual({ error_code: "400003", message: "Missing header" });
    const otherOrg = await post(emulator, path, body, { Authorization: "Bearer token", "x-api-key": "key", "x-gw-ims-org-id": OTHER_ORG });
    expect(otherOrg.status, otherOrg.text).toBe(404);
    expect(otherOrg.body.type).toBe(DCS_TYPE);
    expect((await records(emulator)).items).toEqual([]);
  });
});

describe("streaming inlet: authenticated inlets", () => {
  it("an inlet with authenticationRequired answers 401 without a token, 403 with a bad one, 200 with a bearer token", async () => {
    const emulator = createTestEmulator();
    const inlet = await createHttpApiInlet(emulator, { dataType: "xdm", authenticationRequired: true });
    const body = xdmMessage(goodEntity(), { flowId: inlet.flow.id });
    const missing = await post(emulator, `/collection/${inlet.inletId}`, body);
    expect(missing.status).toBe(401);
    expect(missing.body).toEqual({
      type: "https://ns.adobe.com/adobecloud/problem/data-collection-service-authorization",
      status: "401",
      title: "Authorization",
      report: { message: `[${inlet.inletId}] Ims service token is empty` },
    });
    expect((await post(emulator, `/collection/${inlet.inletId}`, body, { Authorization: "Basic x" })).status).toBe(403);
    expect((await post(emulator, `/collection/${inlet.inletId}`, body, { Authorization: "Bearer token" })).status).toBe(200);
    emulator.close();
  });
});

describe("streaming inlet: batches", () => {
  let emulator: TestEmulator;
  let inlet: Awaited<ReturnType<typeof createHttpApiInlet>>;
  beforeEach(async () => {
    emulator = createTestEmulator();
    inlet = await createHttpApiInlet(emulator);
  });
  afterEach(() => emulator.close());

  it("answers 207 with one response per message, in order, failures with statusCode and message", async () => {
    const messages = [
      xdmMessage(goodEntity(1), { flowId: inlet.flow.id }),
      { header: { flowId: inlet.flow.id } },
      xdmMessage(goodEntity(3), { flowId: inlet.flow.id, imsOrgId: "wrong@AdobeOrg" }),
      xdmMessage({ _extconndev: { timestampx: "not a number" } }, { flowId: inlet.flow.id }),
      xdmMessage(goodEntity(5), { flowId: inlet.flow.id }),
    ];
    const response = await post(emulator, `/collection/batch/${inlet.inletId}`, { messages });
    expect(response.status).toBe(207);
    expect(response.body).toMatchObject({ inletId: inlet.inletId, batchId: expect.stringMatching(XACTION), receivedTimeMs: expect.any(Number) });
    const { batchId, responses } = response.body;
    expect(responses).toEqual([
      { xactionId: `${batchId}:0` },
      { statusCode: 400, message: `inletId: [${inlet.inletId}] imsOrgId: [${ORG}] Message has unknown xdm format` },
      { statusCode: 400, message: `inletId: [${inlet.inletId}] imsOrgId: [${ORG}] Message has an absent or wrong ims org in the header` },
      { xactionId: `${batchId}:3` },
      { xactionId: `${batchId}:4` },
    ]);
    const stored = await records(emulator);
    expect(stored.items.map((item) => [item.xactionId, item.status])).toEqual([
      [`${batchId}:0`, "ingested"],
      [`${batchId}:3`, "failed"],
      [`${batchId}:4`, "ingested"],
    ]);
    const runs = await emulator.request("GET", `${FS}/runs?property=flowId==${inlet.flow.id}`);
    expect(runs.body.items[0].metrics.recordSummary).toEqual({ inputRecordCount: 3, outputRecordCount: 2, failedRecordCount: 1 });
  });

  it("refuses a body without a messages array as a whole", async () => {
    for (const body of [{}, { messages: "x" }, [xdmMessage(goodEntity())]]) {
      const response = await post(emulator, `/collection/batch/${inlet.inletId}`, body);
      expect(response.status, JSON.stringify(body)).toBe(400);
    }
    expect((await records(emulator)).items).toEqual([]);
  });

  it("refuses a batch over 1 MB with 413 and writes nothing", async () => {
    const messages = Array.from({ length: 30 }, (_, i) => xdmMessage({ _extconndev: { email: `${i}`.repeat(40_000) } }, { flowId: inlet.flow.id }));
    const response = await post(emulator, `/collection/batch/${inlet.inletId}`, { messages });
    expect(response.status).toBe(413);
    expect((await records(emulator)).items).toEqual([]);
  });
});

describe("runs and records of streaming flows", () => {
  it("one run per flow per UTC hour, with counts, bytes and errors; the flow's etag does not change", async () => {
    let now = Date.UTC(2026, 10, 28, 10, 59, 0);
    const emulator = createTestEmulator({ now: () => now });
    const inlet = await createHttpApiInlet(emulator);
    const flowBefore = await getItem(emulator, "flows", inlet.flow.id);
    const send = (entity: unknown) => post(emulator, `/collection/${inlet.inletId}?x-adobe-flow-id=${inlet.flow.id}`, xdmMessage(entity));

    await send(goodEntity(1));
    await send({ _extconndev: { timestampx: "bad" } });
    await send({ _extconndev: { timestampx: "worse" } });
    now = Date.UTC(2026, 10, 28, 11, 0, 1);
    await send(goodEntity(2));

    const runs = await emulator.request("GET", `${FS}/runs?property=flowId==${inlet.flow.id}&orderby=createdAt`);
    expect(runs.body.items).toHaveLength(2);
    const [first, second] = runs.body.items;
    expect(first.metrics.recordSummary).toEqual({ inputRecordCount: 3, outputRecordCount: 1, failedRecordCount: 2 });
    expect(first.metrics.statusSummary.errors).toEqual([{ code: "INGEST-1212-400", message: expect.any(String), recordCount: 2 }]);
    expect(first.metrics.sizeSummary.inputBytes).toBeGreaterThan(0);
    expect(first.metrics.durationSummary.extensions).toEqual({
      windowStart: Date.UTC(2026, 10, 28, 10),
      windowEnd: Date.UTC(2026, 10, 28, 11),
    });
    expect(second.metrics.recordSummary).toEqual({ inputRecordCount: 1, outputRecordCount: 1, failedRecordCount: 0 });
    expect((await getItem(emulator, "runs", second.id)).flowId).toBe(inlet.flow.id);

    const flowAfter = await getItem(emulator, "flows", inlet.flow.id);
    expect(flowAfter.etag).toBe(flowBefore.etag);
    expect(flowAfter.lastRunDetails).toMatchObject({ id: second.id, state: "success" });
    emulator.close();
  });

  it("a streaming run has every summary of the monitoring guide's run, fileSummary too (no files: zero)", async () => {
    const emulator = createTestEmulator();
    const inlet = await createHttpApiInlet(emulator);
    await post(emulator, `/collection/${inlet.inletId}?x-adobe-flow-id=${inlet.flow.id}`, xdmMessage(goodEntity()));
    const runs = await emulator.request("GET", `${FS}/runs?property=flowId==${inlet.flow.id}`);
    const { metrics } = runs.body.items[0];
    expect(Object.keys(metrics).sort()).toEqual(["durationSummary", "fileSummary", "recordSummary", "sizeSummary", "statusSummary"]);
    expect(metrics.fileSummary).toEqual({ inputFileCount: 0, outputFileCount: 0 });
    emulator.close();
  });

  it("records page with after, filter by flow and status, and belong to their tenant", async () => {
    const emulator = createTestEmulator();
    const inlet = await createHttpApiInlet(emulator);
    for (let i = 0; i < 5; i++) {
      await post(emulator, `/collection/${inlet.inletId}?x-adobe-flow-id=${inlet.flow.id}`, xdmMessage(goodEntity(i)));
    }
    const first = await records(emulator, "?limit=2");
    expect(first.items).toHaveLength(2);
    expect(first._links.next?.href).toContain("after=");
    const second = await emulator.request("GET", first._links.next!.href);
    expect(second.body.items.map((item: any) => item.record._extconndev.event_id0)).toEqual(["event-2", "event-3"]);
    expect((await records(emulator, `?flowId=${inlet.flow.id}`)).items).toHaveLength(5);
    expect((await records(emulator, "?flowId=other")).items).toHaveLength(0);

    const otherTenant = await emulator.request("GET", `/_emulator/datasets/${DATASET_ID}/records`, { org: OTHER_ORG });
    expect(otherTenant.status).toBe(200);
    expect(otherTenant.body.items).toEqual([]);
    const noOrg = await emulator.request("GET", `/_emulator/datasets/${DATASET_ID}/records`, { headers: { "x-gw-ims-org-id": undefined } });
    expect(noOrg.status).toBe(400);
    const unknown = await emulator.request("GET", `/_emulator/datasets/000000000000000000000000/records`);
    expect(unknown.status).toBe(404);
    // Cursors and page sizes are whole numbers as written: not empty, hexadecimal, signed or fractional.
    for (const query of ["after=", "after=%20", "after=0x10", "after=-1", "after=1.5", "after=1e3", "limit=0x5", "limit=", "limit=0"]) {
      const refused = await emulator.request("GET", `/_emulator/datasets/${DATASET_ID}/records?${query}`);
      expect(refused.status, query).toBe(400);
    }
    expect((await records(emulator, "?after=0&limit=5")).items).toHaveLength(5);
    emulator.close();
  });

  it("another tenant cannot read a flow's runs", async () => {
    const emulator = createTestEmulator();
    const inlet = await createHttpApiInlet(emulator);
    await post(emulator, `/collection/${inlet.inletId}?x-adobe-flow-id=${inlet.flow.id}`, xdmMessage(goodEntity()));
    const runs = await emulator.request("GET", `${FS}/runs?property=flowId==${inlet.flow.id}`);
    expect(runs.body.items).toHaveLength(1);
    expect((await emulator.request("GET", `${FS}/runs`, { org: OTHER_ORG })).body.items).toEqual([]);
    expectFlowError(await emulator.request("GET", `${FS}/runs/${runs.body.items[0].id}`, { sandbox: "dev" }), 1439, 404);
    emulator.close();
  });
});
