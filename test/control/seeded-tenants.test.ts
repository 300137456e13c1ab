import { afterEach, describe, expect, it } from "vitest";
import { createTestEmulator, OTHER_ORG, type TestEmulator } from "../support/app.js";
import { CATALOG, PROFILE, XED } from "../support/registry.js";

/**
 * The gateway remembers which tenants already hold their fixture copies, so a read does not ask
 * the store each time. Whatever empties a tenant or registers a set must still be seen by the
 * next request, even when only reads came before it.
 */
let emulator: TestEmulator;
afterEach(() => emulator.close());

async function dataSetNames(options = {}): Promise<string[]> {
  const response = await emulator.request("GET", `${CATALOG}/dataSets?orderBy=asc:name&properties=name`, options);
  expect(response.status, response.text).toBe(200);
  return Object.values(response.body).map((doc: any) => doc.name);
}

const fixture = ["Customer.io webhook events"];
const SCHEMA = "https://ns.adobe.com/acme/schemas/0a0b0c0d0e0f";

describe("the fixture check of a tenant that only read so far", () => {
  it("re-seeds after POST /_emulator/reset", async () => {
    emulator = createTestEmulator();
    expect(await dataSetNames()).toEqual(fixture);
    expect(await dataSetNames()).toEqual(fixture);
    expect((await emulator.request("POST", "/_emulator/reset")).status).toBe(200);
    expect(await dataSetNames()).toEqual(fixture);
  });

  it("re-seeds after a reset of the store itself (store.reset())", async () => {
    emulator = createTestEmulator();
    for (let read = 0; read < 2; read++) {
      expect(await dataSetNames()).toEqual(fixture);
      expect(await dataSetNames({ org: OTHER_ORG })).toEqual(fixture);
    }
    emulator.store.reset();
    expect(await dataSetNames()).toEqual(fixture);
    expect(await dataSetNames({ org: OTHER_ORG })).toEqual(fixture);
  });

  it("receives a set registered after its reads (POST /_emulator/seed)", async () => {
    emulator = createTestEmulator({ fixtures: [] });
    expect(await dataSetNames()).toEqual([]);
    expect(await dataSetNames()).toEqual([]);
    const seeded = await emulator.request("POST", "/_emulator/seed", {
      body: {
        name: "extra",
        tenantId: "acme",
        schemas: [{ $id: SCHEMA, type: "object", title: "Extra customers", description: "Extra.", allOf: [{ $ref: PROFILE }] }],
        dataSets: [{ id: "0123456789abcdef01234567", name: "Extra", schemaRef: { id: SCHEMA, contentType: XED } }],
      },
    });
    expect(seeded.status, seeded.text).toBe(201);
    expect(await dataSetNames()).toEqual(["Extra"]);
    expect(await dataSetNames({ org: OTHER_ORG, sandbox: "dev" })).toEqual(["Extra"]);
  });
});
