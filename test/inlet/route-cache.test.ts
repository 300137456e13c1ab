import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestEmulator, type TestEmulator } from "../support/app.js";
import { FS, getItem } from "../support/flowservice.js";
import { createHttpApiInlet, DATASET_ID, goodEntity, post, records, xdmMessage } from "../support/inlet.js";

/**
 * The inlet keeps the inlets and routes it resolved while nobody else writes: every change to what
 * a route is made of must reach the very next message.
 */
describe("streaming inlet: what the next message sees", () => {
  let emulator: TestEmulator;
  let inlet: Awaited<ReturnType<typeof createHttpApiInlet>>;
  beforeEach(async () => {
    emulator = createTestEmulator();
    inlet = await createHttpApiInlet(emulator);
  });
  afterEach(() => emulator.close());

  const send = (n: number, headers: Record<string, string> = {}) =>
    post(emulator, `/collection/${inlet.inletId}?x-adobe-flow-id=${inlet.flow.id}`, xdmMessage(goodEntity(n)), headers);
  const patch = async (collection: string, id: string, operations: unknown[]) => {
    const { etag } = await getItem(emulator, collection, id);
    const response = await emulator.request("PATCH", `${FS}/${collection}/${id}`, { body: operations, headers: { "If-Match": etag } });
    expect(response.status, response.text).toBe(200);
    return response.body as { id: string; etag: string };
  };

  it("a flow disabled, enabled again, renamed or deleted", async () => {
    expect((await send(1)).status).toBe(200);
    await emulator.request("POST", `${FS}/flows/${inlet.flow.id}/action?op=disable`);
    const refused = await send(2);
    expect(refused.status).toBe(400);
    expect(refused.body.report.message).toContain("disabled");

    await emulator.request("POST", `${FS}/flows/${inlet.flow.id}/action?op=enable`);
    expect((await send(3)).status).toBe(200);

    const renamed = await patch("flows", inlet.flow.id, [{ op: "replace", path: "/name", value: "Renamed between messages" }]);
    expect((await send(4)).status).toBe(200);
    const flow = await getItem(emulator, "flows", inlet.flow.id);
    expect(flow).toMatchObject({ name: "Renamed between messages", etag: renamed.etag });
    const runs = await emulator.request("GET", `${FS}/runs?property=flowId==${inlet.flow.id}`);
    expect(runs.body.items).toHaveLength(1);
    expect(runs.body.items[0].metrics.recordSummary).toEqual({ inputRecordCount: 3, outputRecordCount: 3, failedRecordCount: 0 });
    expect(flow.lastRunDetails).toMatchObject({ id: runs.body.items[0].id, completedAtUTC: runs.body.items[0].metrics.durationSummary.completedAtUTC });

    expect((await emulator.request("DELETE", `${FS}/flows/${inlet.flow.id}`)).status).toBe(204);
    const gone = await send(5);
    expect(gone.status).toBe(400);
    expect(gone.body.report.message).toContain("Message has an absent or wrong flow id");
    expect((await records(emulator)).items).toHaveLength(3);
  });

  it("an inlet connection that starts to require authentication", async () => {
    expect((await send(1)).status).toBe(200);
    await patch("connections", inlet.base.id, [{ op: "replace", path: "/auth/params", value: { dataType: "xdm", authenticationRequired: true } }]);
    expect((await send(2)).status).toBe(401);
    expect((await send(3, { Authorization: "Bearer token" })).status).toBe(200);
  });

  it("a target dataset that is deleted", async () => {
    expect((await send(1)).status).toBe(200);
    expect((await emulator.request("DELETE", `/data/foundation/catalog/dataSets/${DATASET_ID}`)).status).toBeLessThan(300);
    const refused = await send(2);
    expect(refused.status).toBe(400);
    expect(refused.body.report.message).toContain("has no target dataset");
  });

  it("a reset sent together with messages leaves none of their records behind", async () => {
    expect((await send(1)).status).toBe(200);
    const answers = await Promise.all([send(2), send(3), emulator.app.request("/_emulator/reset", { method: "POST" }), send(4)]);
    expect(answers[2].status).toBeLessThan(300);
    await createHttpApiInlet(emulator);
    expect((await records(emulator)).items).toEqual([]);
  });

  it("a reset", async () => {
    expect((await send(1)).status).toBe(200);
    expect((await emulator.app.request("/_emulator/reset", { method: "POST" })).status).toBeLessThan(300);
    expect((await send(2)).status).toBe(404);
  });
});

describe("streaming inlet: messages committed together", () => {
  it("each message sent at once is stored and counted once, in one run", async () => {
    const emulator = createTestEmulator();
    const inlet = await createHttpApiInlet(emulator);
    const path = `/collection/${inlet.inletId}?x-adobe-flow-id=${inlet.flow.id}`;
    const bad = { _extconndev: { timestampx: "bad" } };
    const answers = await Promise.all([
      ...Array.from({ length: 20 }, (_, n) => post(emulator, path, xdmMessage(n % 5 === 0 ? bad : goodEntity(n)))),
      post(emulator, `/collection/batch/${inlet.inletId}?x-adobe-flow-id=${inlet.flow.id}`, { messages: [xdmMessage(goodEntity(100)), xdmMessage(bad)] }),
    ]);
    expect(answers.map((answer) => answer.status)).toEqual([...Array.from({ length: 20 }, () => 200), 207]);

    expect((await records(emulator, "?limit=1000")).items).toHaveLength(22);
    const runs = await emulator.request("GET", `${FS}/runs?property=flowId==${inlet.flow.id}`);
    expect(runs.body.items).toHaveLength(1);
    const [run] = runs.body.items;
    expect(run.metrics.recordSummary).toEqual({ inputRecordCount: 22, outputRecordCount: 17, failedRecordCount: 5 });
    expect(run.metrics.statusSummary.errors).toEqual([{ code: "INGEST-1212-400", message: expect.any(String), recordCount: 5 }]);
    const flow = await getItem(emulator, "flows", inlet.flow.id);
    expect(flow.lastRunDetails).toEqual({
      id: run.id,
      state: "success",
      startedAtUTC: run.metrics.durationSummary.startedAtUTC,
      completedAtUTC: run.metrics.durationSummary.completedAtUTC,
    });
    emulator.close();
  });
});
