import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../support/process.js";
import { allRecords, expectDocumentedError, expectHealthy, httpRequester, noPlatformHeaders, pool, type Requester } from "./support.js";
import { buildWorld, FS, type World, xdmEvent } from "./world.js";

/**
 * Real concurrency over a real port (the emulator in its own process, on a file database):
 * optimistic locking holds under a burst of PATCHes with one etag, and a burst of inlet posts is
 * stored exactly once each, with run metrics that add up.
 */

const ORG = "0123456789ABCDEF01234567@AdobeOrg";

describe("concurrent requests over a real port", () => {
  let directory: string;
  let running: RunningEmulator;
  let request: Requester;
  let world: World;

  beforeAll(async () => {
    directory = mkdtempSync(join(tmpdir(), "aep-concurrency-"));
    running = await startEmulator({ DB_PATH: join(directory, "emulator.sqlite"), FIXTURES: "customerio" });
    request = httpRequester(running.url);
    world = await buildWorld(request, { org: ORG });
  });

  afterAll(async () => {
    if (request) await expectHealthy(request);
    await running?.stop();
    rmSync(directory, { recursive: true, force: true });
  });

  for (const collection of ["sourceConnections", "flows"] as const) {
    it(`100 PATCHes of ${collection} with the same etag: exactly one 200, 99 × 412, and the winner's change is stored`, async () => {
      const id = collection === "flows" ? world.httpFlowId : world.sourceId;
      const path = `${FS}/${collection}/${id}`;
      const etag = (await request("GET", path)).body.items[0].etag;
      const answers = await pool(100, 100, (index) =>
        request("PATCH", path, { body: [{ op: "replace", path: "/name", value: `writer ${index}` }], headers: { "If-Match": etag } }),
      );
      const winners = answers.flatMap((answer, index) => (answer.status === 200 ? [index] : []));
      expect(winners, answers.map((answer) => answer.status).join(",")).toHaveLength(1);
      for (const answer of answers) {
        if (answer.status === 200) continue;
        expect(answer.status, answer.text).toBe(412);
        expectDocumentedError(path, answer);
        expect(answer.body.type).toBe("https://ns.adobe.com/aep/errors/FLOW-1404-412");
      }
      const stored = (await request("GET", path)).body.items[0];
      expect(stored.name).toBe(`writer ${winners[0]}`);
      expect(stored.etag).toBe(answers[winners[0]].body.etag);
      expect(stored.etag).not.toBe(etag);
    });
  }

  // All 1,000 are sent before the first answer comes back (fetch opens a connection for each): some
  // 7 s on 2 cores, so a timeout of its own, with room for a busy machine.
  it("1,000 inlet posts at once: 1,000 acknowledgements, 1,000 records, each once, and runs that count them", { timeout: 60_000 }, async () => {
    const before = (await allRecords(request, { org: ORG }, world.httpFlowId)).length;
    const flowEtag = (await request("GET", `${FS}/flows/${world.httpFlowId}`)).body.items[0].etag;
    let inFlight = 0;
    let mostInFlight = 0;
    const answers = await Promise.all(
      Array.from({ length: 1000 }, async (_, index) => {
        mostInFlight = Math.max(mostInFlight, ++inFlight);
        const answer = await request("POST", `/collection/${world.inletId}`, { body: xdmEvent(10_000 + index, world.httpFlowId), headers: noPlatformHeaders() });
        inFlight--;
        return answer;
      }),
    );
    expect(mostInFlight).toBe(1000);
    for (const answer of answers) expect(answer.status, answer.text).toBe(200);
    const xactions = new Set(answers.map((answer) => answer.body.xactionId));
    expect(xactions.size).toBe(1000);

    const records = (await allRecords(request, { org: ORG }, world.httpFlowId)).slice(before);
    expect(records).toHaveLength(1000);
    expect(new Set(records.map((record) => record.xactionId))).toEqual(xactions);
    const events = records.map((record) => record.raw.body.xdmEntity._extconndev.event_id0);
    expect(new Set(events).size).toBe(1000);
    expect(records.every((record) => record.status === "ingested")).toBe(true);

    const runs = (await request("GET", `${FS}/runs?property=flowId==${world.httpFlowId}`)).body.items;
    const sum = (field: string) => runs.reduce((total: number, run: any) => total + run.metrics.recordSummary[field], 0);
    expect(sum("inputRecordCount")).toBe(before + 1000);
    expect(sum("outputRecordCount")).toBe(before + 1000);
    expect(sum("failedRecordCount")).toBe(0);
    // Each run (one per UTC hour) counts exactly the flow's records received in its window.
    const flowRecords = await allRecords(request, { org: ORG }, world.httpFlowId);
    for (const run of runs) {
      const { windowStart, windowEnd } = run.metrics.durationSummary.extensions;
      const inWindow = flowRecords.filter((record) => record.receivedTimeMs >= windowStart && record.receivedTimeMs < windowEnd).length;
      expect(run.metrics.recordSummary.inputRecordCount, run.id).toBe(inWindow);
      expect(run.metrics.recordSummary.outputRecordCount, run.id).toBe(inWindow);
    }
    // Run metrics never change the etag a client holds.
    expect((await request("GET", `${FS}/flows/${world.httpFlowId}`)).body.items[0].etag).toBe(flowEtag);
  });

  it("creates, reads and deletes racing on one tenant leave a consistent store", async () => {
    const created = await pool(60, 30, (index) =>
      request("POST", `${FS}/sourceConnections`, { body: { name: `racer ${index}`, connectionSpec: { id: "bc7b00d6-623a-4dfc-9fdb-f1240aeadaeb" } } }),
    );
    for (const answer of created) expect(answer.status, answer.text).toBe(201);
    const ids = created.map((answer) => answer.body.id as string);
    expect(new Set(ids).size).toBe(60);
    // Each id deleted twice at once: one 204, one 404.
    const deletes = await pool(120, 40, (index) => request("DELETE", `${FS}/sourceConnections/${ids[index % 60]}`));
    for (let index = 0; index < 60; index++) {
      const statuses = [deletes[index].status, deletes[index + 60].status].sort();
      expect(statuses).toEqual([204, 404]);
    }
    const left = await request("GET", `${FS}/sourceConnections?property=name==${encodeURIComponent(ids.map((_, index) => `racer ${index}`).slice(0, 60).join(","))}&count=true`);
    expect(left.body).toEqual({ count: 0 });
  });
});
