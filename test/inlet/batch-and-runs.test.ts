import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestEmulator, ORG, type TestEmulator } from "../support/app.js";
import { FS, getItem } from "../support/flowservice.js";
import { createHttpApiInlet, DATASET_ID, DCS_TYPE, goodEntity, post, records, xdmMessage } from "../support/inlet.js";

/**
 * What the README's "Streaming inlet" section says of batches, runs and the records endpoint that
 * inlet.test.ts and refusals.test.ts leave unasserted: a batch's bad paths, a run's status, bytes
 * out and times, and the records endpoint's OpenAPI entry and its 400.
 */

type Inlet = Awaited<ReturnType<typeof createHttpApiInlet>>;

/** A record the dataset's schema refuses (timestampx is an integer): stored as failed, answered 200. */
const invalidEntity = (n: number) => ({ _extconndev: { event_id0: `bad-${n}`, timestampx: "not a number" } });

/** The flow's runs, oldest first. */
async function runsOf(emulator: TestEmulator, flowId: string) {
  const response = await emulator.request("GET", `${FS}/runs?property=flowId==${flowId}&orderby=createdAt`);
  expect(response.status, response.text).toBe(200);
  return response.body.items as any[];
}

/** The inlet's own message to the one flow, named by the x-adobe-flow-id query parameter. */
const sendOne = (emulator: TestEmulator, inlet: Inlet, entity: unknown, query = "") =>
  post(emulator, `/collection/${inlet.inletId}?x-adobe-flow-id=${inlet.flow.id}${query}`, xdmMessage(entity));

const sendBatch = (emulator: TestEmulator, inlet: Inlet, entities: unknown[], query = "") =>
  post(emulator, `/collection/batch/${inlet.inletId}${query}`, { messages: entities.map((entity) => xdmMessage(entity, { flowId: inlet.flow.id })) });

describe("a streaming run's status", () => {
  it("is failed while nothing of the window got through, success once a record does (failures and all); lastRunDetails.state follows", async () => {
    let now = Date.UTC(2026, 0, 5, 9, 10);
    const emulator = createTestEmulator({ now: () => now });
    const inlet = await createHttpApiInlet(emulator);
    const state = async () => (await getItem(emulator, "flows", inlet.flow.id)).lastRunDetails;

    expect((await sendOne(emulator, inlet, invalidEntity(1))).status).toBe(200);
    expect((await sendBatch(emulator, inlet, [invalidEntity(2), invalidEntity(3)])).status).toBe(207);
    let [run] = await runsOf(emulator, inlet.flow.id);
    expect(run.metrics.recordSummary).toEqual({ inputRecordCount: 3, outputRecordCount: 0, failedRecordCount: 3 });
    expect(run.metrics.statusSummary.status).toBe("failed");
    expect(await state()).toMatchObject({ id: run.id, state: "failed" });

    now += 60_000;
    expect((await sendOne(emulator, inlet, goodEntity(4))).status).toBe(200);
    [run] = await runsOf(emulator, inlet.flow.id);
    expect(run.metrics.recordSummary).toEqual({ inputRecordCount: 4, outputRecordCount: 1, failedRecordCount: 3 });
    expect(run.metrics.statusSummary.status).toBe("success");
    expect(await state()).toMatchObject({ id: run.id, state: "success" });

    // Later failures in the same window do not undo it.
    now += 60_000;
    await sendOne(emulator, inlet, invalidEntity(5));
    [run] = await runsOf(emulator, inlet.flow.id);
    expect(run.metrics.recordSummary.failedRecordCount).toBe(4);
    expect(run.metrics.statusSummary.status).toBe("success");

    // The next hour's window starts afresh: only failures, failed; the earlier run stays success.
    now = Date.UTC(2026, 0, 5, 10, 0, 1);
    await sendOne(emulator, inlet, invalidEntity(6));
    const runs = await runsOf(emulator, inlet.flow.id);
    expect(runs.map((item) => item.metrics.statusSummary.status)).toEqual(["success", "failed"]);
    expect(await state()).toMatchObject({ id: runs[1].id, state: "failed" });
    emulator.close();
  });

  it("is success from a window's first record when it got through, one batch of good and bad alike", async () => {
    const emulator = createTestEmulator();
    const inlet = await createHttpApiInlet(emulator);
    await sendBatch(emulator, inlet, [invalidEntity(1), goodEntity(2), invalidEntity(3)]);
    const [run] = await runsOf(emulator, inlet.flow.id);
    expect(run.metrics.recordSummary).toEqual({ inputRecordCount: 3, outputRecordCount: 1, failedRecordCount: 2 });
    expect(run.metrics.statusSummary.status).toBe("success");
    expect((await getItem(emulator, "flows", inlet.flow.id)).lastRunDetails.state).toBe("success");
    emulator.close();
  });
});

describe("a streaming run's bytes out and times", () => {
  it("sizeSummary.outputBytes grows by the UTF-8 bytes of each stored XDM record, and not for a failed one", async () => {
    const emulator = createTestEmulator();
    const inlet = await createHttpApiInlet(emulator);
    const metrics = async () => (await runsOf(emulator, inlet.flow.id))[0].metrics;
    // Bytes, not characters: é and ü are two bytes each in UTF-8.
    const accented = (n: number) => ({ _extconndev: { ...goodEntity(n)._extconndev, event_id0: `évent-ü-${n}` } });
    const bytesOf = (record: unknown) => Buffer.byteLength(JSON.stringify(record));

    await sendOne(emulator, inlet, accented(1));
    const [first] = (await records(emulator)).items;
    expect(first.status).toBe("ingested");
    expect((await metrics()).sizeSummary.outputBytes).toBe(bytesOf(first.record));

    const before = (await metrics()).sizeSummary;
    await sendOne(emulator, inlet, invalidEntity(2));
    const afterFailed = (await metrics()).sizeSummary;
    expect(afterFailed.outputBytes).toBe(before.outputBytes);
    expect(afterFailed.inputBytes).toBeGreaterThan(before.inputBytes);

    await sendBatch(emulator, inlet, [accented(3), invalidEntity(4), goodEntity(5)]);
    const stored = (await records(emulator)).items;
    const ingested = stored.filter((item) => item.status === "ingested");
    expect(ingested).toHaveLength(3);
    expect((await metrics()).sizeSummary.outputBytes).toBe(ingested.reduce((sum, item) => sum + bytesOf(item.record), 0));
    emulator.close();
  });

  it("durationSummary.startedAtUTC and completedAtUTC are the window's first and last events; lastRunDetails shows the same", async () => {
    let now = Date.UTC(2026, 2, 3, 14, 5, 7);
    const emulator = createTestEmulator({ now: () => now });
    const inlet = await createHttpApiInlet(emulator);
    const first = Date.UTC(2026, 2, 3, 14, 10, 0);
    const second = Date.UTC(2026, 2, 3, 14, 25, 30);
    const last = Date.UTC(2026, 2, 3, 14, 59, 59);
    const duration = async () => (await runsOf(emulator, inlet.flow.id))[0].metrics.durationSummary;

    now = first;
    await sendOne(emulator, inlet, goodEntity(1));
    expect(await duration()).toMatchObject({ startedAtUTC: first, completedAtUTC: first });
    now = second;
    await sendBatch(emulator, inlet, [goodEntity(2), invalidEntity(3)]);
    expect(await duration()).toMatchObject({ startedAtUTC: first, completedAtUTC: second });
    now = last;
    await sendOne(emulator, inlet, invalidEntity(4));
    expect(await duration()).toEqual({
      startedAtUTC: first,
      completedAtUTC: last,
      extensions: { windowStart: Date.UTC(2026, 2, 3, 14), windowEnd: Date.UTC(2026, 2, 3, 15) },
    });
    expect((await records(emulator)).items.map((item) => item.receivedTimeMs)).toEqual([first, second, second, last]);

    const runs = await runsOf(emulator, inlet.flow.id);
    expect(runs).toHaveLength(1);
    expect((await getItem(emulator, "flows", inlet.flow.id)).lastRunDetails).toEqual({
      id: runs[0].id,
      state: "success",
      startedAtUTC: first,
      completedAtUTC: last,
    });
    emulator.close();
  });
});

describe("streaming inlet: a batch's bad paths", () => {
  let emulator: TestEmulator;
  let inlet: Inlet;
  beforeEach(async () => {
    emulator = createTestEmulator();
    inlet = await createHttpApiInlet(emulator);
  });
  afterEach(() => emulator.close());

  const dcsPrefix = () => `inletId: [${inlet.inletId}] imsOrgId: [${ORG}] `;

  async function expectNothingKept() {
    expect((await records(emulator)).items).toEqual([]);
    expect((await emulator.request("GET", `${FS}/runs?property=flowId==${inlet.flow.id}&count=true`)).body).toEqual({ count: 0 });
  }

  it("a disabled flow's messages each get {statusCode: 400, message} naming it disabled; nothing is stored or counted", async () => {
    const disabled = await emulator.request("POST", `${FS}/flows/${inlet.flow.id}/action?op=disable`);
    expect(disabled.status, disabled.text).toBe(200);
    // Named in the header, by the query parameter, or the inlet's only flow; valid or not.
    const messages = [xdmMessage(goodEntity(1), { flowId: inlet.flow.id }), xdmMessage(goodEntity(2)), xdmMessage(invalidEntity(3), { flowId: inlet.flow.id })];
    for (const query of ["", `?x-adobe-flow-id=${inlet.flow.id}`]) {
      const response = await post(emulator, `/collection/batch/${inlet.inletId}${query}`, { messages });
      expect(response.status, response.text).toBe(207);
      expect(response.body.responses).toHaveLength(messages.length);
      for (const entry of response.body.responses) {
        expect(entry).toEqual({ statusCode: 400, message: expect.stringContaining("disabled") });
        expect(entry.message.startsWith(dcsPrefix()), entry.message).toBe(true);
      }
    }
    await expectNothingKept();

    // The same batch once the flow is enabled again: the refusal was the flow's state.
    expect((await emulator.request("POST", `${FS}/flows/${inlet.flow.id}/action?op=enable`)).status).toBe(200);
    const taken = await post(emulator, `/collection/batch/${inlet.inletId}`, { messages });
    expect(taken.body.responses).toEqual([0, 1, 2].map((index) => ({ xactionId: `${taken.body.batchId}:${index}` })));
    expect((await records(emulator)).items.map((item) => item.status)).toEqual(["ingested", "ingested", "failed"]);
  });

  it("a body that is not JSON by Content-Type gets the platform's 400 and writes nothing", async () => {
    const batch = JSON.stringify({ messages: [xdmMessage(goodEntity(), { flowId: inlet.flow.id })] });
    for (const contentType of ["text/plain", "application/xml"]) {
      const response = await post(emulator, `/collection/batch/${inlet.inletId}`, batch, { "Content-Type": contentType });
      expect(response.status, contentType).toBe(400);
      expect(response.body).toEqual({ type: "/placeholder/type/uri", status: 400, title: "BadRequestError", detail: "A valid content-type must be specified" });
    }
    await expectNothingKept();
  });

  it("an unknown inlet id is DCS's 404", async () => {
    const unknown = "0".repeat(64);
    const response = await post(emulator, `/collection/batch/${unknown}`, { messages: [xdmMessage(goodEntity(), { flowId: inlet.flow.id })] });
    expect(response.status).toBe(404);
    expect(response.body).toEqual({
      type: DCS_TYPE,
      status: 404,
      title: "Not Found",
      report: { message: `inletId: [${unknown}] The inlet is not found`, "request-id": expect.any(String) },
    });
    await expectNothingKept();
  });

  it("ignores ?syncValidation=true: an invalid record is still answered 207 with its xactionId and stored as failed", async () => {
    const response = await sendBatch(emulator, inlet, [goodEntity(1), invalidEntity(2)], "?syncValidation=true");
    expect(response.status, response.text).toBe(207);
    const { batchId } = response.body;
    expect(response.body).toEqual({
      inletId: inlet.inletId,
      batchId,
      receivedTimeMs: expect.any(Number),
      responses: [{ xactionId: `${batchId}:0` }, { xactionId: `${batchId}:1` }],
    });
    const stored = (await records(emulator)).items;
    expect(stored.map((item) => [item.xactionId, item.status])).toEqual([
      [`${batchId}:0`, "ingested"],
      [`${batchId}:1`, "failed"],
    ]);
    expect(stored[1].errors).not.toEqual([]);
  });

  it("ignores ?syncValidation=true for the 60-a-minute limit too: batches neither meet it nor use it up", async () => {
    const limited = createTestEmulator({ now: () => 1_700_000_000_000 });
    const own = await createHttpApiInlet(limited);
    for (let i = 0; i < 61; i++) {
      const response = await sendBatch(limited, own, [goodEntity(i)], "?syncValidation=true");
      expect(response.status, `batch ${i}: ${response.text}`).toBe(207);
    }
    expect((await sendOne(limited, own, goodEntity(99), "&syncValidation=true")).status).toBe(200);
    limited.close();
  });
});

describe("GET /_emulator/datasets/{datasetId}/records", () => {
  let emulator: TestEmulator;
  beforeEach(() => {
    emulator = createTestEmulator();
  });
  afterEach(() => emulator.close());

  it("is in the emulator's OpenAPI document, with its path and the parameters limit, after, flowId and status", async () => {
    const response = await emulator.request("GET", "/openapi.json");
    expect(response.status).toBe(200);
    const operation = response.body.paths["/_emulator/datasets/{datasetId}/records"]?.get;
    expect(operation, "GET /_emulator/datasets/{datasetId}/records").toBeDefined();
    const parameters = operation.parameters as { name: string; in: string; required?: boolean; schema: any }[];
    const named = (place: string) => parameters.filter((parameter) => parameter.in === place).map(({ name, required }) => ({ name, required }));
    expect(named("path")).toEqual([{ name: "datasetId", required: true }]);
    expect(named("query")).toEqual(
      ["limit", "after", "flowId", "status"].map((name) => ({ name, required: false })),
    );
    expect(named("header")).toEqual(expect.arrayContaining([{ name: "x-gw-ims-org-id", required: true }]));
    expect(parameters.find((parameter) => parameter.name === "status")?.schema.enum).toEqual(["ingested", "failed"]);
    expect(Object.keys(operation.responses).sort()).toEqual(["200", "400", "404"]);
    expect(operation.responses["400"].content["application/json"].schema).toEqual({ $ref: "#/components/schemas/ControlError" });
  });

  it("answers status=bogus with a 400 in the control plane's error body", async () => {
    for (const status of ["bogus", "INGESTED", ""]) {
      const response = await emulator.request("GET", `/_emulator/datasets/${DATASET_ID}/records?status=${status}`);
      expect(response.status, status).toBe(400);
      expect(response.body, status).toEqual({
        type: "/placeholder/type/uri",
        status: 400,
        title: "BadRequestError",
        detail: expect.stringMatching(/^status: .*ingested.*failed/),
      });
    }
    expect((await records(emulator, "?status=failed")).items).toEqual([]);
  });
});
