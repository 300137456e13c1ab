import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { mappingOfFlow } from "../../../emulator/dataprep/flow-transformations.js";
import { createTestEmulator, OTHER_ORG, type TestEmulator } from "../../support/app.js";
import { create, customerioFlowBody, customerioSourceBody, dataLakeTargetBody, expectFlowError, FS, getItem } from "../../support/flowservice.js";
import { createMappingSet, createTypedSchema, DP, legacyTutorialBody } from "./support.js";

let emulator: TestEmulator;
let sourceId: string;
let targetId: string;
beforeEach(async () => {
  emulator = createTestEmulator();
  sourceId = (await create(emulator, "sourceConnections", customerioSourceBody())).id;
  targetId = (await create(emulator, "targetConnections", dataLakeTargetBody())).id;
});
afterEach(() => emulator.close());

const mapping = (mappingId: unknown, mappingVersion?: unknown) => ({
  name: "Mapping",
  params: mappingVersion === undefined ? { mappingId } : { mappingId, mappingVersion },
});
const createFlow = (transformations: unknown[]) => emulator.request("POST", `${FS}/flows`, { body: customerioFlowBody(sourceId, targetId, transformations) });

describe("a flow's Mapping transformation", () => {
  it("may name a mapping set of the tenant and a version of it (the seed's flow)", async () => {
    const mappingSet = await createMappingSet(emulator);
    const response = await createFlow([mapping(mappingSet.id, 0)]);
    expect(response.status, response.text).toBe(201);
    const flow = await getItem(emulator, "flows", response.body.id);
    expect(flow.transformations).toEqual([mapping(mappingSet.id, 0)]);
    expect(mappingOfFlow(flow)).toEqual({ id: mappingSet.id, version: 0 });
  });

  it("defaults mappingVersion to 0, and takes it as a numeric string too", async () => {
    const mappingSet = await createMappingSet(emulator);
    expect((await createFlow([mapping(mappingSet.id)])).status).toBe(201);
    expect((await createFlow([mapping(mappingSet.id, "0")])).status).toBe(201);
    expect(mappingOfFlow({ transformations: [mapping(mappingSet.id, "0")] })).toEqual({ id: mappingSet.id, version: 0 });
  });

  it("naming an unknown mapping set is FLOW-1419 (the mapping validation error)", async () => {
    const response = await createFlow([mapping("0123456789abcdef0123456789abcdef", 0)]);
    expectFlowError(response, 1419, 400);
    expect(response.body.errorMessage).toMatch(/mapping set 0123456789abcdef0123456789abcdef .* not found/);
  });

  it("naming a mapping set of another org is FLOW-1419", async () => {
    const theirs = await createMappingSet(emulator, legacyTutorialBody(), { org: OTHER_ORG });
    expectFlowError(await createFlow([mapping(theirs.id, 0)]), 1419, 400);
  });

  it("without params.mappingId is FLOW-1419", async () => {
    expectFlowError(await createFlow([{ name: "Mapping", params: { mappingVersion: 0 } }]), 1419, 400);
  });

  it("naming a version that does not exist is FLOW-1412 with Adobe's message", async () => {
    const mappingSet = await createMappingSet(emulator);
    for (const version of [1, -1, 0.5, "latest"]) {
      const response = await createFlow([mapping(mappingSet.id, version)]);
      expectFlowError(response, 1412, 400);
      expect(response.body.errorMessage).toMatch(/^Invalid Mapping Version in request\. Please provide correct mapping version\./);
    }
  });

  it("whose mapping set writes another schema than the target dataset's is FLOW-1425", async () => {
    const schemaId = await createTypedSchema(emulator);
    const other = await createMappingSet(emulator, {
      outputSchema: { schemaRef: { id: schemaId } },
      mappings: [{ sourceType: "ATTRIBUTE", source: "a", destination: "_extconndev.typed.text" }],
    });
    const response = await createFlow([mapping(other.id, 0)]);
    expectFlowError(response, 1425, 400);
    expect(response.body.errorMessage).toMatch(/Schema with same id and version must be used in both mapping and target dataset\.$/);
  });

  it("is checked again on PATCH: a flow moves to a new version only once it exists", async () => {
    const mappingSet = await createMappingSet(emulator);
    const created = await createFlow([mapping(mappingSet.id, 0)]);
    const patchVersion = async (value: unknown) => {
      const { etag } = await getItem(emulator, "flows", created.body.id);
      return emulator.request("PATCH", `${FS}/flows/${created.body.id}`, {
        body: [{ op: "replace", path: "/transformations/0/params/mappingVersion", value }],
        headers: { "If-Match": etag },
      });
    };
    expectFlowError(await patchVersion(1), 1412, 400);

    await emulator.request("PUT", `${DP}/mappingSets/${mappingSet.id}`, { body: legacyTutorialBody() });
    const moved = await patchVersion(1);
    expect(moved.status, moved.text).toBe(200);
    expect((await getItem(emulator, "flows", created.body.id)).transformations[0].params.mappingVersion).toBe(1);
  });

  it("leaves other transformations alone", async () => {
    expect((await createFlow([{ name: "Encryption", params: { anything: true } }])).status).toBe(201);
  });
});
