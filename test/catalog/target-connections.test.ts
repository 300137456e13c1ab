import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestEmulator, OTHER_ORG, type TestEmulator } from "../support/app.js";
import { create, dataLakeTargetBody, FS } from "../support/flowservice.js";
import { CIO_DATASET, createDataSet, createXdm, PROFILE, schemaBody } from "../support/registry.js";

/** Target connections name a dataset of their own tenant, with that dataset's schema. */
let emulator: TestEmulator;
beforeEach(() => {
  emulator = createTestEmulator();
});
afterEach(() => emulator.close());

async function targetCount(options = {}): Promise<number> {
  const response = await emulator.request("GET", `${FS}/targetConnections?count=true`, options);
  return response.body.count;
}

function expectFlowError(response: { status: number; text: string; body: any }, code: number, message: RegExp): void {
  expect(response.status, response.text).toBe(400);
  expect(response.body.type).toBe(`https://ns.adobe.com/aep/errors/FLOW-${code}-400`);
  expect(response.body.errorMessage).toMatch(message);
}

describe("target connection dataset checks", () => {
  it("accepts the tutorial's target connection: dataset 63ec807d3f5ce91bd2d06c65 and its schema", async () => {
    await create(emulator, "targetConnections", dataLakeTargetBody());
    expect(await targetCount()).toBe(1);
  });

  it("refuses a dataset that does not exist (FLOW-1100) and creates nothing", async () => {
    const response = await emulator.request("POST", `${FS}/targetConnections`, { body: dataLakeTargetBody("000000000000000000000000") });
    expectFlowError(response, 1100, /The dataset 000000000000000000000000 is not found in the sandbox prod/);
    expect(response.body.report).toMatchObject({ id: "000000000000000000000000", type: "dataSets" });
    expect(await targetCount()).toBe(0);
  });

  it("refuses a dataset of another tenant", async () => {
    const schema = await createXdm(emulator, "schemas", schemaBody("Other org's", [PROFILE]), { org: OTHER_ORG });
    const foreign = await createDataSet(emulator, { name: "Other org's", schemaRef: { id: schema.$id } }, { org: OTHER_ORG });
    const body = { ...dataLakeTargetBody(foreign), data: { format: "json", schema: { id: schema.$id, version: "1.0" } } };
    expectFlowError(await emulator.request("POST", `${FS}/targetConnections`, { body }), 1100, new RegExp(`dataset ${foreign} is not found`));
    await create(emulator, "targetConnections", body, { org: OTHER_ORG });
  });

  it("refuses a schema that is not the dataset's (FLOW-1425)", async () => {
    const other = await createXdm(emulator, "schemas", schemaBody("Another schema", [PROFILE]));
    const body = { ...dataLakeTargetBody(), data: { format: "json", schema: { id: other.$id, version: "1.0" } } };
    const response = await emulator.request("POST", `${FS}/targetConnections`, { body });
    expectFlowError(response, 1425, /Error while matching schema in target dataset 63ec807d3f5ce91bd2d06c65.*Schema with same id and version must be used in both mapping and target dataset\./);
    expect(await targetCount()).toBe(0);
  });

  it("accepts a target without data.schema, and refuses a data lake target without a dataset", async () => {
    await create(emulator, "targetConnections", { ...dataLakeTargetBody(), data: { format: "json" } });
    const { params: _params, ...noDataSet } = dataLakeTargetBody();
    expectFlowError(await emulator.request("POST", `${FS}/targetConnections`, { body: noDataSet }), 1100, /needs params\.dataSetId/);
  });

  it("checks a PATCH of the dataset id too", async () => {
    const target = await create(emulator, "targetConnections", dataLakeTargetBody());
    const response = await emulator.request("PATCH", `${FS}/targetConnections/${target.id}`, {
      headers: { "If-Match": target.etag },
      body: [{ op: "replace", path: "/params/dataSetId", value: "000000000000000000000000" }],
    });
    expectFlowError(response, 1100, /is not found/);
    const stored = await emulator.request("GET", `${FS}/targetConnections/${target.id}`);
    expect(stored.body.items[0].params.dataSetId).toBe(CIO_DATASET);
  });
});
