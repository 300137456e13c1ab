import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { collect, type AepClient, type EmulatorRecord, type StreamingMessage } from "../../client/index.js";
import {
  countingFetch,
  CREDENTIALS,
  customerioDataflow,
  FIXTURE_DATASET,
  FIXTURE_SCHEMA,
  httpApiDataflow,
  rejection,
  startClientEmulator,
  SUBSCRIBED,
  SUBSCRIBED_XDM,
  XED_FULL,
  type ClientEmulator,
} from "./support.js";

/**
 * client.inlet (POST /collection/{inletId} and /collection/batch/{inletId}) and
 * client.emulator.records (GET /_emulator/datasets/{id}/records), against the real emulator.
 */
const SCHEMA_REF = { id: FIXTURE_SCHEMA, contentType: XED_FULL };

/** An XDM entity of the fixture schema, as an HTTP API flow without mapping stores it. */
const entity = (eventId: string) => ({
  _extconndev: { event_id0: eventId, metricx: "sent", object_type1: "email", timestampx: 1613063089, email: "a@example.com" },
});

const eventIdOf = (record: EmulatorRecord) => (record.record as { _extconndev?: { event_id0?: string } })._extconndev?.event_id0;

describe("the client's streaming inlet and dataset records over a real port", () => {
  let running: ClientEmulator;
  let client: AepClient;

  beforeAll(async () => {
    running = await startClientEmulator();
    client = running.client;
  });
  afterAll(() => running.emulator.stop());
  beforeEach(async () => {
    await client.emulator.reset();
  });

  describe("send", () => {
    it("posts a raw Customer.io event to the flow's inletUrl; the mapped record, its run and the answer agree", async () => {
      const { flowId, inletUrl } = await customerioDataflow(client);
      const answer = await client.inlet.send(inletUrl, SUBSCRIBED, { flowId });
      expect(answer).toEqual({ inletId: inletUrl.split("/").at(-1), xactionId: expect.any(String), receivedTimeMs: expect.any(Number), syncValidation: { skipped: true } });

      const records = await collect(client.emulator.records(FIXTURE_DATASET, { flowId }));
      expect(records).toEqual([
        {
          id: expect.any(String),
          datasetId: FIXTURE_DATASET,
          flowId,
          inletId: answer.inletId,
          xactionId: answer.xactionId,
          receivedTimeMs: answer.receivedTimeMs,
          status: "ingested",
          record: SUBSCRIBED_XDM,
          raw: SUBSCRIBED,
          errors: [],
        },
      ]);
      const runs = await collect(client.flowService.runs.list({ flowId }));
      expect(runs).toHaveLength(1);
      expect(runs[0].metrics?.recordSummary).toMatchObject({ inputRecordCount: 1, outputRecordCount: 1, failedRecordCount: 0 });
    });

    it("takes the flow id from the webhook URL (?x-adobe-flow-id=); without one the event is refused with 400 and nothing is stored", async () => {
      const { flowId, inletUrl } = await customerioDataflow(client);
      const answer = await client.inlet.send(`${inletUrl}?x-adobe-flow-id=${flowId}`, SUBSCRIBED);
      expect(answer.xactionId).toEqual(expect.any(String));

      const refused = await rejection(client.inlet.send(inletUrl, SUBSCRIBED));
      expect(refused).toMatchObject({ status: 400, code: "Invalid XDM Message Format" });
      expect(refused.detail).toContain("Message has an absent or wrong flow id");
      expect((await collect(client.emulator.records(FIXTURE_DATASET))).map((record) => record.xactionId)).toEqual([answer.xactionId]);
    });

    it("a body that is not an object is refused; a field that does not map is stored as failed, or refused with syncValidation", async () => {
      const { flowId, inletUrl } = await customerioDataflow(client);
      const notAnObject = await rejection(client.inlet.send(inletUrl, ["customer", "subscribed"], { flowId }));
      expect(notAnObject.status).toBe(400);
      expect(notAnObject.detail).toContain("not a JSON object");

      const isoTimestamp = { ...SUBSCRIBED, event_id: "iso-timestamp", timestamp: "2023-01-31T20:46:59Z" };
      const taken = await client.inlet.send(inletUrl, isoTimestamp, { flowId });
      const [failed] = await collect(client.emulator.records(FIXTURE_DATASET, { flowId, status: "failed" }));
      expect(failed).toMatchObject({ xactionId: taken.xactionId, status: "failed", raw: isoTimestamp });
      expect(failed.errors).toEqual([expect.objectContaining({ code: "MAPPER-3700-400", destination: "_extconndev.timestampx" })]);

      const validated = await rejection(client.inlet.send(inletUrl, { ...isoTimestamp, event_id: "sync" }, { flowId, syncValidation: true }));
      expect(validated).toMatchObject({ status: 400, code: "Invalid XDM Message Format" });
      expect(JSON.stringify(validated.report)).toContain("_streamingValidation");
      expect(validated.detail).toMatch(/Message is invalid: #\/_extconndev\/timestampx: \S/);
      expect(await client.inlet.send(inletUrl, SUBSCRIBED, { flowId, syncValidation: true })).toMatchObject({ syncValidation: { status: "pass" } });

      const all = await collect(client.emulator.records(FIXTURE_DATASET, { flowId }));
      expect(all.map((record) => [eventIdOf(record), record.status])).toEqual([
        ["iso-timestamp", "failed"],
        [SUBSCRIBED.event_id, "ingested"],
      ]);
    });

    it("a disabled flow takes no data until it is enabled again", async () => {
      const { flowId, inletUrl } = await customerioDataflow(client);
      await client.flowService.flows.disable(flowId);
      const refused = await rejection(client.inlet.send(inletUrl, SUBSCRIBED, { flowId }));
      expect(refused.status).toBe(400);
      expect(refused.detail).toContain("disabled");
      await client.flowService.flows.enable(flowId);
      await client.inlet.send(inletUrl, SUBSCRIBED, { flowId });
      expect(await collect(client.emulator.records(FIXTURE_DATASET, { flowId }))).toHaveLength(1);
    });

    it("an unknown inlet is a 404", async () => {
      const unknown = `${running.url}/collection/${"0".repeat(64)}`;
      expect(await rejection(client.inlet.send(unknown, SUBSCRIBED, { flowId: "f" }))).toMatchObject({ status: 404, code: "Not Found" });
    });

    it("an inlet created with authenticationRequired wants the bearer token: 401 without it, 200 with authenticated", async () => {
      const { inletUrl, flowId } = await httpApiDataflow(client, { dataType: "raw", authenticationRequired: true });
      const anonymous = await rejection(client.inlet.send(inletUrl, entity("auth"), { flowId }));
      expect(anonymous).toMatchObject({ status: 401, code: "Authorization" });
      expect(anonymous.detail).toContain("Ims service token is empty");
      const answer = await client.inlet.send(inletUrl, entity("auth"), { flowId, authenticated: true });
      const records = await collect(client.emulator.records(FIXTURE_DATASET, { flowId }));
      expect(records.map((record) => [record.xactionId, record.status, eventIdOf(record)])).toEqual([[answer.xactionId, "ingested", "auth"]]);
    });
  });

  describe("sendBatch", () => {
    it("posts XDM messages to an XDM inlet: 207 with {xactionId} for each message taken and {statusCode, message} for each refused", async () => {
      const { inletUrl, flowId } = await httpApiDataflow(client, { dataType: "xdm" });
      const message = (eventId: string, header: Partial<StreamingMessage["header"]> = {}): StreamingMessage => ({
        header: { schemaRef: SCHEMA_REF, imsOrgId: CREDENTIALS.orgId, datasetId: FIXTURE_DATASET, flowId, ...header },
        body: { xdmMeta: { schemaRef: SCHEMA_REF }, xdmEntity: entity(eventId) },
      });
      const withoutBody = { header: message("none").header };
      const wrongOrg = message("wrong org", { imsOrgId: "FEDCBA9876543210FEDCBA98@AdobeOrg" });

      const answer = await client.inlet.sendBatch(inletUrl, [message("batch-1"), withoutBody, wrongOrg, message("batch-2")]);
      expect(answer).toMatchObject({ inletId: inletUrl.split("/").at(-1), batchId: expect.any(String), receivedTimeMs: expect.any(Number) });
      expect(answer.responses).toEqual([
        { xactionId: expect.any(String) },
        { statusCode: 400, message: expect.stringContaining("Message has unknown xdm format") },
        { statusCode: 400, message: expect.stringContaining("wrong ims org") },
        { xactionId: expect.any(String) },
      ]);

      const records = await collect(client.emulator.records(FIXTURE_DATASET, { flowId }));
      expect(records.map((record) => [record.xactionId, record.status, eventIdOf(record)])).toEqual([
        [answer.responses[0].xactionId, "ingested", "batch-1"],
        [answer.responses[3].xactionId, "ingested", "batch-2"],
      ]);
    });

    it("posts raw events to a raw inlet with the flow id from options or from the inletUrl; without it every message is refused", async () => {
      const { inletUrl, flowId } = await httpApiDataflow(client, { dataType: "raw" });
      const answer = await client.inlet.sendBatch(inletUrl, [entity("raw-1"), ["not", "an", "object"] as never, entity("raw-2")], { flowId });
      expect(answer.responses).toEqual([
        { xactionId: expect.any(String) },
        { statusCode: 400, message: expect.stringContaining("not a JSON object") },
        { xactionId: expect.any(String) },
      ]);

      const fromUrl = await client.inlet.sendBatch(`${inletUrl}?x-adobe-flow-id=${flowId}`, [entity("raw-3")]);
      expect(fromUrl.responses).toEqual([{ xactionId: expect.any(String) }]);

      const withoutFlow = await client.inlet.sendBatch(inletUrl, [entity("lost-1"), entity("lost-2")]);
      expect(withoutFlow.responses).toEqual(Array(2).fill({ statusCode: 400, message: expect.stringContaining("absent or wrong flow id") }));

      const records = await collect(client.emulator.records(FIXTURE_DATASET, { flowId }));
      expect(records.map(eventIdOf)).toEqual(["raw-1", "raw-2", "raw-3"]);
      expect(records.map((record) => record.xactionId)).toEqual([answer.responses[0].xactionId, answer.responses[2].xactionId, fromUrl.responses[0].xactionId]);
    });
  });

  describe("emulator.records", () => {
    it("pages through every record of a dataset, oldest first: 30 records in pages of 4 is 8 requests", async () => {
      const { inletUrl, flowId } = await httpApiDataflow(client, { dataType: "raw" });
      const eventIds = Array.from({ length: 30 }, (_, index) => `page-${String(index).padStart(2, "0")}`);
      const answer = await client.inlet.sendBatch(inletUrl, eventIds.map(entity), { flowId });
      expect(answer.responses.every((response) => typeof response.xactionId === "string")).toBe(true);

      const counted = countingFetch();
      const paged = running.clientWith({ fetch: counted.fetch });
      const first = await paged.emulator.recordsPage(FIXTURE_DATASET, { flowId, limit: 4 });
      expect(first.items.map(eventIdOf)).toEqual(eventIds.slice(0, 4));
      expect(first.next).toEqual({ flowId, limit: 4, after: expect.any(String) });
      const second = await paged.emulator.recordsPage(FIXTURE_DATASET, first.next);
      expect(second.items.map(eventIdOf)).toEqual(eventIds.slice(4, 8));

      counted.requests.length = 0;
      const all = await collect(paged.emulator.records(FIXTURE_DATASET, { flowId, limit: 4 }));
      expect(all.map(eventIdOf)).toEqual(eventIds);
      expect(counted.requests).toHaveLength(8);
      expect(counted.requests.slice(1).every((request) => request.url.includes("after="))).toBe(true);

      const last = await paged.emulator.recordsPage(FIXTURE_DATASET, { flowId, limit: 30 });
      expect(last.items).toHaveLength(30);
      expect(last.next).toBeUndefined();
    });

    it("filters by flow and status; another tenant's dataset, or an unknown one, is a 404", async () => {
      const { flowId, inletUrl } = await customerioDataflow(client);
      const other = await customerioDataflow(client);
      await client.inlet.send(inletUrl, SUBSCRIBED, { flowId });
      await client.inlet.send(inletUrl, { ...SUBSCRIBED, timestamp: "yesterday" }, { flowId });
      await client.inlet.send(other.inletUrl, SUBSCRIBED, { flowId: other.flowId });

      expect(await collect(client.emulator.records(FIXTURE_DATASET))).toHaveLength(3);
      expect((await collect(client.emulator.records(FIXTURE_DATASET, { flowId }))).map((record) => record.status)).toEqual(["ingested", "failed"]);
      expect((await collect(client.emulator.records(FIXTURE_DATASET, { flowId, status: "failed" }))).map((record) => record.flowId)).toEqual([flowId]);
      expect(await collect(client.emulator.records(FIXTURE_DATASET, { flowId: other.flowId, status: "failed" }))).toEqual([]);

      expect(await collect(running.clientWith({ sandboxName: "dev" }).emulator.records(FIXTURE_DATASET))).toEqual([]);
      expect(await rejection(collect(client.emulator.records("0123456789abcdef01234567")))).toMatchObject({ status: 404, code: "NotFoundError" });
    });
  });
});
