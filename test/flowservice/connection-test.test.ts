import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestEmulator, OTHER_ORG, type TestEmulator } from "../support/app.js";
import { create, expectFlowError, FS, getItem, httpApiConnectionBody } from "../support/flowservice.js";

// Adobe's Postman collection "Test a connection's connectivity": GET /connections/{id}/test, sent
// with the collection's headers (Content-Type: application/json on a GET without a body), answers
// TestConnectionResponse {result: boolean} in flow-service.yaml.
describe("GET /connections/{id}/test", () => {
  let emulator: TestEmulator;
  beforeEach(() => {
    emulator = createTestEmulator();
  });
  afterEach(() => emulator.close());

  it("answers 200 {result: true} for a base connection of the tenant, and changes nothing", async () => {
    const { id } = await create(emulator, "connections", httpApiConnectionBody());
    const before = await getItem(emulator, "connections", id);

    const response = await emulator.request("GET", `${FS}/connections/${id}/test`, { headers: { "Content-Type": "application/json", Accept: "application/json" } });

    expect(response.status, response.text).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    expect(response.body).toEqual({ result: true });
    expect(await getItem(emulator, "connections", id)).toEqual(before);
  });

  it("is 404 FLOW-1439-404 for an unknown id and for another tenant's connection", async () => {
    const { id } = await create(emulator, "connections", httpApiConnectionBody());
    expectFlowError(await emulator.request("GET", `${FS}/connections/7e7e7e7e-0000-4000-8000-000000000000/test`), 1439, 404);
    expectFlowError(await emulator.request("GET", `${FS}/connections/${id}/test`, { org: OTHER_ORG }), 1439, 404);
    expectFlowError(await emulator.request("GET", `${FS}/connections/${id}/test`, { sandbox: "dev" }), 1439, 404);
  });

  it("is served with a trailing slash too, and only for base connections", async () => {
    const { id } = await create(emulator, "connections", httpApiConnectionBody());
    expect((await emulator.request("GET", `${FS}/connections/${id}/test/`)).body).toEqual({ result: true });
    expectFlowError(await emulator.request("GET", `${FS}/sourceConnections/${id}/test`), 1101, 404);
  });
});
