import { readFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { createTestEmulator, ORG, OTHER_ORG, tenantOf, type TestEmulator } from "../../support/app.js";
import { create, customerioFlowBody, customerioSourceBody, dataLakeTargetBody, FS } from "../../support/flowservice.js";
import { CIO_SCHEMA } from "../../support/registry.js";
import { DP, legacyTutorialBody, TUTORIAL_MAPPINGS } from "./support.js";

let emulator: TestEmulator;
afterEach(() => emulator.close());

const FIXED_ID = "59c0e53a2dc84f7791ecc1b3d6e51d5e";
const seed = (set: unknown) => emulator.request("POST", "/_emulator/seed", { body: set });
const customerio = JSON.parse(readFileSync(new URL("../../../fixtures/customerio/fixture-set.json", import.meta.url), "utf8"));

/** A global set must hold what it refers to: the Customer.io set's schema, plus mapping sets. */
const tutorialSet = (mappingSets: unknown[]) => ({ ...customerio, name: "tutorial-mapping", mappingSets });

describe("fixture sets with mappingSets", () => {
  it("store each mapping set as version 0 under its fixed id, in every tenant, after the schemas it writes", async () => {
    emulator = createTestEmulator({ fixtures: [] });
    const response = await seed(tutorialSet([{ id: FIXED_ID, name: "Customer.io", ...legacyTutorialBody() }]));
    expect(response.status, response.text).toBe(201);
    expect(response.body.loaded.mappingSets).toEqual([FIXED_ID]);

    for (const options of [{}, { org: OTHER_ORG, sandbox: "dev" }]) {
      const set = await emulator.request("GET", `${DP}/mappingSets/${FIXED_ID}`, options);
      expect(set.status, set.text).toBe(200);
      expect(set.body).toMatchObject({ id: FIXED_ID, version: 0, name: "Customer.io", xdmSchema: CIO_SCHEMA, createdBy: "aep-emulator-fixtures@AdobeID" });
      expect(set.body.mappings.map((mapping: any) => mapping.destinationXdmPath)).toEqual(TUTORIAL_MAPPINGS.map(([, to]) => to));
    }
  });

  it("let a flow use the fixed id straight away (the seed tutorial's mappingId)", async () => {
    emulator = createTestEmulator({ fixtures: [] });
    await seed(tutorialSet([{ id: FIXED_ID, ...legacyTutorialBody() }]));
    const source = await create(emulator, "sourceConnections", customerioSourceBody());
    const target = await create(emulator, "targetConnections", dataLakeTargetBody());
    const flow = await emulator.request("POST", `${FS}/flows`, {
      body: customerioFlowBody(source.id, target.id, [{ name: "Mapping", params: { mappingId: FIXED_ID, mappingVersion: 0 } }]),
    });
    expect(flow.status, flow.text).toBe(201);
  });

  it("come back after a reset, and a user's later versions go with the reset", async () => {
    emulator = createTestEmulator({ fixtures: [] });
    await seed(tutorialSet([{ id: FIXED_ID, ...legacyTutorialBody() }]));
    await emulator.request("PUT", `${DP}/mappingSets/${FIXED_ID}`, { body: legacyTutorialBody(CIO_SCHEMA, TUTORIAL_MAPPINGS.slice(0, 1)) });
    expect((await emulator.request("GET", `${DP}/mappingSets/${FIXED_ID}`)).body.version).toBe(1);
    emulator.store.reset(tenantOf(ORG));
    const after = await emulator.request("GET", `${DP}/mappingSets/${FIXED_ID}`);
    expect(after.body).toMatchObject({ version: 0, mappings: expect.arrayContaining([expect.objectContaining({ destination: "_extconndev.timestampx" })]) });
  });

  it("are refused, writing nothing, when a mapping does not fit the schema", async () => {
    emulator = createTestEmulator({ fixtures: [] });
    const response = await seed(tutorialSet([{ id: FIXED_ID, ...legacyTutorialBody(CIO_SCHEMA, [["metric", "_extconndev.nope"]]) }]));
    expect(response.status).toBe(400);
    expect(response.body.detail).toMatch(/tutorial-mapping is not valid: The mapping set is not valid: mappings\[0\] \(_extconndev\.nope\)/);
    expect((await emulator.request("GET", `${DP}/mappingSets/${FIXED_ID}`)).status).toBe(404);
  });

  it("are refused when the output schema is not in the set", async () => {
    emulator = createTestEmulator({ fixtures: [] });
    const response = await seed({ name: "mapping-only", mappingSets: [{ id: FIXED_ID, ...legacyTutorialBody() }] });
    expect(response.status).toBe(400);
    expect(response.body.detail).toMatch(/output schema .* is not found/);
  });

  it("are refused with an id that is not 32 hex, or the same id twice", async () => {
    emulator = createTestEmulator({ fixtures: [] });
    expect((await seed(tutorialSet([{ id: "not-hex", ...legacyTutorialBody() }]))).body.detail).toMatch(/mappingSets\.0\.id: must be 32 lower-case hex/);
    const twice = await seed(tutorialSet([{ id: FIXED_ID, ...legacyTutorialBody() }, { id: FIXED_ID, ...legacyTutorialBody() }]));
    expect(twice.status).toBe(400);
    expect(twice.body.detail).toMatch(/appears twice/);
  });
});
