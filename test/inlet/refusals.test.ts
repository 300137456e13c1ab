import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestEmulator, OTHER_ORG, ORG, type TestEmulator } from "../support/app.js";
import { FS } from "../support/flowservice.js";
import { createHttpApiInlet, DCS_TYPE, goodEntity, post, records, SCHEMA_ID, xdmMessage } from "../support/inlet.js";

/**
 * The inlet's refusals as Adobe documents them: retrieve-failed-batches.md (the DCS bodies for a
 * wrong ims org and a missing XDM schema), streaming-multiple-messages.md (the same refusals in a
 * batch's responses).
 */

describe("streaming inlet: refused messages", () => {
  let emulator: TestEmulator;
  let inlet: Awaited<ReturnType<typeof createHttpApiInlet>>;
  beforeEach(async () => {
    emulator = createTestEmulator();
    inlet = await createHttpApiInlet(emulator);
  });
  afterEach(() => emulator.close());

  const send = (body: unknown, query = "") => post(emulator, `/collection/${inlet.inletId}${query}`, body);
  const dcsMessage = (reason: string) => `inletId: [${inlet.inletId}] imsOrgId: [${ORG}] ${reason}`;

  async function expectNothingKept() {
    expect((await records(emulator)).items).toEqual([]);
    expect((await emulator.request("GET", `${FS}/runs?property=flowId==${inlet.flow.id}&count=true`)).body).toEqual({ count: 0 });
  }

  it("answers a refused message with DCS's title Invalid XDM Message Format, with or without syncValidation", async () => {
    const refused = [
      [xdmMessage(goodEntity(), { flowId: inlet.flow.id, imsOrgId: OTHER_ORG }), "Message has an absent or wrong ims org in the header"],
      [xdmMessage(goodEntity(), { flowId: inlet.flow.id, schemaRef: { id: `${SCHEMA_ID}0` } }), "Message has unknown xdm format"],
      [{ header: { flowId: inlet.flow.id } }, "Message has unknown xdm format"],
    ] as const;
    for (const [message, reason] of refused) {
      for (const query of ["", "?syncValidation=true"]) {
        const response = await send(message, query);
        expect(response.status, reason).toBe(400);
        expect(response.headers.get("content-type")).toMatch(/^application\/json/);
        expect(response.body).toEqual({
          type: DCS_TYPE,
          status: 400,
          title: "Invalid XDM Message Format",
          report: { message: dcsMessage(reason), "request-id": expect.any(String) },
        });
      }
    }
    await expectNothingKept();
  });

  // retrieve-failed-batches.md: "Missing XDM schema ... if the schemaRef for the xdmMeta is missing";
  // streaming-ingestion.yaml: xdmMeta's schemaRef "must match the schema reference included in the header".
  it("refuses, alone and in a batch, a body whose xdmMeta is missing or names no schema or another one", async () => {
    const withMeta = (xdmMeta?: unknown) => ({
      ...xdmMessage(goodEntity(), { flowId: inlet.flow.id }),
      body: { ...(xdmMeta === undefined ? {} : { xdmMeta }), xdmEntity: goodEntity() },
    });
    const refused = [
      withMeta(),
      withMeta(null),
      withMeta({}),
      withMeta({ schemaRef: {} }),
      withMeta({ schemaRef: { id: `${SCHEMA_ID}0`, contentType: "application/vnd.adobe.xed-full+json;version=1" } }),
      withMeta({ xdmSchema: { name: "_xdm.context.experienceevent" } }),
    ];
    for (const message of refused) {
      const response = await send(message);
      expect(response.status, JSON.stringify(message.body)).toBe(400);
      expect(response.body.report.message).toBe(dcsMessage("Message has unknown xdm format"));
    }
    const batch = await post(emulator, `/collection/batch/${inlet.inletId}`, { messages: refused });
    expect(batch.status).toBe(207);
    expect(batch.body.responses).toEqual(refused.map(() => ({ statusCode: 400, message: dcsMessage("Message has unknown xdm format") })));
    await expectNothingKept();
  });

  // retrieve-failed-batches.md, "Missing XDM entity": no 400 from DCS, the failed batch reads
  // {"_validationErrors": [{"message": "Payload body is missing xdmEntity"}]}.
  it("takes a body without xdmEntity and stores it as failed; syncValidation refuses it and keeps nothing", async () => {
    const noEntity = () => ({ header: xdmMessage(null, { flowId: inlet.flow.id }).header, body: { xdmMeta: xdmMessage(null).body.xdmMeta } });
    const missing = { code: "INGEST-1212-400", message: "Payload body is missing xdmEntity" };

    const synchronous = await send(noEntity(), "?syncValidation=true");
    expect(synchronous.status).toBe(400);
    expect(synchronous.body).toMatchObject({ title: "Invalid XDM Message Format", report: { message: dcsMessage("Message is invalid") } });
    const [summary] = synchronous.body.report.cause._streamingValidation;
    expect(summary).toMatchObject({ message: "1 schema violations found", causingExceptions: [{ message: missing.message, causingExceptions: [] }] });
    await expectNothingKept();

    const single = await send(noEntity());
    expect(single.status, single.text).toBe(200);
    expect(single.body).toMatchObject({ inletId: inlet.inletId, xactionId: expect.any(String), syncValidation: { skipped: true } });
    const batch = await post(emulator, `/collection/batch/${inlet.inletId}`, { messages: [noEntity(), xdmMessage(goodEntity(2), { flowId: inlet.flow.id })] });
    expect(batch.status).toBe(207);
    expect(batch.body.responses).toEqual([{ xactionId: `${batch.body.batchId}:0` }, { xactionId: `${batch.body.batchId}:1` }]);

    const stored = (await records(emulator)).items;
    expect(stored.map((item) => [item.xactionId, item.status])).toEqual([
      [single.body.xactionId, "failed"],
      [`${batch.body.batchId}:0`, "failed"],
      [`${batch.body.batchId}:1`, "ingested"],
    ]);
    expect(stored[0].errors).toEqual([expect.objectContaining(missing)]);
    const runs = await emulator.request("GET", `${FS}/runs?property=flowId==${inlet.flow.id}`);
    expect(runs.body.items[0].metrics.recordSummary).toEqual({ inputRecordCount: 3, outputRecordCount: 1, failedRecordCount: 2 });
  });
});

// The HTTP API guide (sources/tutorials/api/create/streaming/http.md, appendix) shows the 401 for a
// missing token; the batch guide's response codes give 401 for a missing authorization header and
// 403 for a token that is "invalid or expired".
describe("streaming inlet: authenticated data collection", () => {
  let emulator: TestEmulator;
  let inlet: Awaited<ReturnType<typeof createHttpApiInlet>>;
  beforeEach(async () => {
    emulator = createTestEmulator();
    inlet = await createHttpApiInlet(emulator, { dataType: "xdm", authenticationRequired: true });
  });
  afterEach(() => emulator.close());

  const AUTH_TYPE = "https://ns.adobe.com/adobecloud/problem/data-collection-service-authorization";
  const paths = () => [
    [`/collection/${inlet.inletId}`, xdmMessage(goodEntity(), { flowId: inlet.flow.id })],
    [`/collection/batch/${inlet.inletId}`, { messages: [xdmMessage(goodEntity(), { flowId: inlet.flow.id })] }],
  ] as const;

  it("answers 401 'Ims service token is empty' without a token, a Bearer with no token included, on both endpoints", async () => {
    for (const [path, body] of paths()) {
      for (const authorization of [undefined, "", "Bearer", "bearer   "]) {
        const response = await post(emulator, path, body, authorization === undefined ? {} : { Authorization: authorization });
        expect(response.status, `${path} ${authorization}`).toBe(401);
        expect(response.body).toEqual({ type: AUTH_TYPE, status: "401", title: "Authorization", report: { message: `[${inlet.inletId}] Ims service token is empty` } });
      }
    }
    expect((await records(emulator)).items).toEqual([]);
  });

  it("checks the token before the payload: no token is a 401 whatever the body, its type or its size", async () => {
    const oversized = { "Content-Length": String(2 * 1024 * 1024) };
    for (const [path] of paths()) {
      const cases: [string, Record<string, string>][] = [
        ['{"header": ', {}],
        ["not json", { "Content-Type": "text/plain" }],
        ["{}", { "Content-Encoding": "br" }],
        ["{}", oversized],
      ];
      for (const [body, headers] of cases) {
        const response = await post(emulator, path, body, headers);
        expect(response.status, `${path} ${JSON.stringify(headers)}`).toBe(401);
        expect(response.body.report.message).toBe(`[${inlet.inletId}] Ims service token is empty`);
      }
      expect((await post(emulator, path, '{"header": ', { Authorization: "Basic dXNlcjpwYXNz" })).status).toBe(403);
      // With a token, the payload's own refusals stand.
      expect((await post(emulator, path, '{"header": ', { Authorization: "Bearer eyJhbGciOi" })).status).toBe(400);
      expect((await post(emulator, path, "{}", { Authorization: "Bearer eyJhbGciOi", "Content-Type": "text/plain" })).status).toBe(400);
    }
    expect((await records(emulator)).items).toEqual([]);
  });

  it("answers 403 to an Authorization that is not a bearer token, and takes any bearer token", async () => {
    for (const [path, body] of paths()) {
      for (const authorization of ["Basic dXNlcjpwYXNz", "token"]) {
        const response = await post(emulator, path, body, { Authorization: authorization });
        expect(response.status, `${path} ${authorization}`).toBe(403);
        expect(response.body).toEqual({
          type: AUTH_TYPE,
          status: "403",
          title: "Authorization",
          report: { message: `[${inlet.inletId}] Provided authorization token is invalid or expired` },
        });
      }
    }
    expect((await records(emulator)).items).toEqual([]);
    for (const [path, body] of paths()) expect((await post(emulator, path, body, { Authorization: "Bearer eyJhbGciOi" })).status).toBeLessThan(300);
    expect((await records(emulator)).items).toHaveLength(2);
  });
});
