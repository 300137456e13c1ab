import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestEmulator, ORG, type TestEmulator } from "../support/app.js";
import { create, customerioFlowBody, customerioSourceBody, dataLakeTargetBody, expectFlowError, FS, getItem } from "../support/flowservice.js";
import { createMappingSet, DP, legacyTutorialBody } from "../dataprep/api/support.js";
import { createDataSet, createXdm, PROFILE, schemaBody } from "../support/registry.js";

/**
 * A write checks the documents it references as they are at that moment, however often the same
 * ones were checked before (the parsed references are shared between requests).
 */
let emulator: TestEmulator;
let sourceId: string;
let targetId: string;
beforeEach(async () => {
  emulator = createTestEmulator();
  sourceId = (await create(emulator, "sourceConnections", customerioSourceBody())).id;
  targetId = (await create(emulator, "targetConnections", dataLakeTargetBody())).id;
});
afterEach(() => emulator.close());

const mapping = (mappingId: string, mappingVersion: number) => ({ name: "Mapping", params: { mappingId, mappingVersion } });
const postFlow = (source: string, transformations: unknown[]) =>
  emulator.request("POST", `${FS}/flows`, { body: customerioFlowBody(source, targetId, transformations) });

describe("the references a flow write checks", () => {
  it("see a mapping set's new version as soon as it is stored", async () => {
    const mappingSet = await createMappingSet(emulator);
    expect((await postFlow(sourceId, [mapping(mappingSet.id, 0)])).status).toBe(201);
    expectFlowError(await postFlow(sourceId, [mapping(mappingSet.id, 1)]), 1412, 400);

    await emulator.request("PUT", `${DP}/mappingSets/${mappingSet.id}`, { body: legacyTutorialBody() });
    const created = await postFlow(sourceId, [mapping(mappingSet.id, 1)]);
    expect(created.status, created.text).toBe(201);
  });

  it("see a target connection's PATCHed schema", async () => {
    const mappingSet = await createMappingSet(emulator);
    expect((await postFlow(sourceId, [mapping(mappingSet.id, 0)])).status).toBe(201);

    const other = await createXdm(emulator, "schemas", schemaBody("Another schema", [PROFILE]));
    const dataSetId = await createDataSet(emulator, { name: "Another dataset", schemaRef: { id: other.$id } });
    const { etag } = await getItem(emulator, "targetConnections", targetId);
    const patched = await emulator.request("PATCH", `${FS}/targetConnections/${targetId}`, {
      body: [
        { op: "replace", path: "/params/dataSetId", value: dataSetId },
        { op: "replace", path: "/data/schema/id", value: other.$id },
      ],
      headers: { "If-Match": etag },
    });
    expect(patched.status, patched.text).toBe(200);
    expectFlowError(await postFlow(sourceId, [mapping(mappingSet.id, 0)]), 1425, 400);
  });

  it("see a deleted source connection as gone", async () => {
    const unused = (await create(emulator, "sourceConnections", customerioSourceBody())).id;
    expectFlowError(await postFlow(unused, [mapping("0123456789abcdef0123456789abcdef", 0)]), 1419, 400);

    expect((await emulator.request("DELETE", `${FS}/sourceConnections/${unused}`)).status).toBe(204);
    const refused = await postFlow(unused, []);
    expectFlowError(refused, 1100, 400);
    expect(refused.body.errorMessage).toContain(`The referenced sourceConnections resource ${unused} is not found.`);
  });

  it("see a reset tenant's documents as gone", async () => {
    const mappingSet = await createMappingSet(emulator);
    expect((await postFlow(sourceId, [mapping(mappingSet.id, 0)])).status).toBe(201);

    const reset = await emulator.app.request(`/_emulator/reset?org=${encodeURIComponent(ORG)}&sandbox=prod`, { method: "POST" });
    expect(reset.status).toBe(200);
    const refused = await postFlow(sourceId, [mapping(mappingSet.id, 0)]);
    expect(refused.status).toBe(400);
    expect(refused.body.errorMessage).toContain(`The referenced sourceConnections resource ${sourceId} is not found.`);
  });
});
