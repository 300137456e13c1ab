import { afterEach, describe, expect, it } from "vitest";
import { createTestEmulator, ORG, OTHER_ORG, type TestEmulator } from "../support/app.js";
import { createHttpApiInlet, DATASET_ID, goodEntity, post, records, xdmMessage } from "../support/inlet.js";
import { FS } from "../support/flowservice.js";
import { control, expectControlError } from "./support.js";

/**
 * A control route that narrows its scope with a query (a tenant, a filter) or changes state refuses
 * a parameter it does not know, and does nothing: ignored, a misspelt one would widen the call.
 */
let emulator: TestEmulator;
afterEach(() => emulator.close());

const org = encodeURIComponent(ORG);
const journalSize = async () => (await control(emulator, "GET", "/_emulator/requests")).body.size as number;
const faultCount = async () => (await control(emulator, "GET", "/_emulator/faults")).body.faults.length as number;
const seedNames = async () => (await control(emulator, "GET", "/_emulator/seed")).body.fixtureSets.map((set: { name: string }) => set.name);

describe("control routes refuse query parameters they do not know", () => {
  it("DELETE /_emulator/requests?foo=1 (or a misspelt ?orgId=) is a 400 that clears nothing", async () => {
    emulator = createTestEmulator();
    await emulator.request("GET", `${FS}/flows`);
    await emulator.request("GET", `${FS}/flows`, { org: OTHER_ORG });
    for (const query of ["foo=1", `orgId=${org}`, `org=${org}&sandboxName=dev`]) {
      expectControlError(await control(emulator, "DELETE", `/_emulator/requests?${query}`), 400, /query: ".+" is not a parameter of this route, which takes org, sandbox/);
    }
    expect(await journalSize()).toBe(2);
    expect((await control(emulator, "DELETE", `/_emulator/requests?org=${encodeURIComponent(OTHER_ORG)}`)).body).toEqual({ cleared: 1 });
  });

  it("GET /_emulator/requests with a misspelt filter is a 400, not the whole journal", async () => {
    emulator = createTestEmulator();
    await emulator.request("GET", `${FS}/flows`);
    expectControlError(await control(emulator, "GET", "/_emulator/requests?stauts=500"), 400, /"stauts" is not a parameter of this route, which takes path, status, org, sandbox, limit/);
    expect((await control(emulator, "GET", "/_emulator/requests?status=500")).body.requests).toEqual([]);
  });

  it("GET /_emulator/export?foo=1 (or ?orgId=) is a 400, not every tenant", async () => {
    emulator = createTestEmulator();
    await emulator.request("GET", `${FS}/flows`);
    for (const query of ["foo=1", `orgId=${org}`, `org=${org}&format=yaml&sandboxName=dev`]) {
      expectControlError(await control(emulator, "GET", `/_emulator/export?${query}`), 400, /is not a parameter of this route, which takes org, sandbox, format/);
    }
    expect((await control(emulator, "GET", `/_emulator/export?org=${org}`)).status).toBe(200);
  });

  it("GET /_emulator/datasets/{id}/records with a misspelt filter is a 400, not every record", async () => {
    emulator = createTestEmulator();
    const { inletUrl } = await createHttpApiInlet(emulator);
    expect((await post(emulator, new URL(inletUrl).pathname, xdmMessage(goodEntity()))).status).toBe(200);
    const refused = await emulator.request("GET", `/_emulator/datasets/${DATASET_ID}/records?statuss=failed`);
    expectControlError(refused, 400, /"statuss" is not a parameter of this route, which takes limit, after, flowId, status/);
    expect((await records(emulator, "?status=failed")).items).toEqual([]);
  });

  it("DELETE /_emulator/faults?id=... is a 400 that removes no rule (DELETE /faults/{id} removes one)", async () => {
    emulator = createTestEmulator();
    const added = await control(emulator, "POST", "/_emulator/faults", { body: { path: `${FS}/flows`, status: 503 } });
    await control(emulator, "POST", "/_emulator/faults", { body: { path: `${FS}/runs`, status: 503 } });
    expectControlError(await control(emulator, "DELETE", `/_emulator/faults?id=${added.body.id}`), 400, /"id" is not a parameter of this route, which takes none/);
    expect(await faultCount()).toBe(2);
  });

  it("POST /_emulator/faults?org=... is a 400 that adds no rule: the rule's scope is in its body", async () => {
    emulator = createTestEmulator();
    const refused = await control(emulator, "POST", `/_emulator/faults?org=${org}`, { body: { path: `${FS}/flows`, status: 503 } });
    expectControlError(refused, 400, /"org" is not a parameter of this route, which takes none/);
    expect(await faultCount()).toBe(0);
    expect((await emulator.request("GET", `${FS}/flows`, { org: OTHER_ORG })).status).toBe(200);
  });

  it("POST /_emulator/seed?org=... is a 400 that registers nothing: a set's scope is its own org", async () => {
    emulator = createTestEmulator({ fixtures: [] });
    const set = { name: "scoped", tenantId: "acme" };
    expectControlError(await control(emulator, "POST", `/_emulator/seed?org=${org}`, { body: set }), 400, /"org" is not a parameter of this route, which takes none/);
    expect(await seedNames()).toEqual([]);
  });
});
