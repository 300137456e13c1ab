import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DP, expectDataPrepError, legacyTutorialBody } from "../dataprep/api/support.js";
import { createTestEmulator, type TestEmulator } from "../support/app.js";
import {
  create,
  CUSTOMERIO_FLOW_SPEC,
  customerioFlowBody,
  customerioSourceBody,
  dataLakeTargetBody,
  expectFlowError,
  FS,
  getItem,
  httpApiConnectionBody,
} from "../support/flowservice.js";
import {
  accept,
  CATALOG,
  CIO_DATASET,
  CIO_SCHEMA,
  createDataSet,
  createXdm,
  encoded,
  expectCatalogError,
  expectXdmError,
  fieldGroupBody,
  PROFILE,
  SR,
  schemaBody,
  XED,
} from "../support/registry.js";

/**
 * An explicit null in an optional, typed request-body field counts as the field being absent, as
 * Adobe's Java services read it (Jackson): .NET and Python clients send such nulls (found by
 * replaying Adobe's Postman collections). Required fields sent as null, opaque maps and JSON Patch
 * values behave as they always did.
 */

let emulator: TestEmulator;
beforeEach(() => {
  emulator = createTestEmulator();
});
afterEach(() => emulator.close());

const post = (path: string, body: unknown) => emulator.request("POST", path, { body });

describe("Flow Service creates", () => {
  it("a base connection with description and auth.specName null is created without them", async () => {
    const body = { ...httpApiConnectionBody(), description: null, auth: { specName: null, params: { dataType: "raw", name: "inlet" } } };
    const { id } = await create(emulator, "connections", body);
    const connection = await getItem(emulator, "connections", id);
    expect(connection).not.toHaveProperty("description");
    expect(connection.auth.specName).toBe("Streaming Connection");
  });

  it("a params map sent as null counts as absent: a source connection's, a base connection's auth.params", async () => {
    const { id } = await create(emulator, "sourceConnections", { ...customerioSourceBody(), params: null });
    expect(await getItem(emulator, "sourceConnections", id)).not.toHaveProperty("params");
    const connection = await create(emulator, "connections", { ...httpApiConnectionBody(), auth: { specName: "Streaming Connection", params: null } });
    expect((await getItem(emulator, "connections", connection.id)).auth.params.inletId).toMatch(/^[0-9a-f]{64}$/);
  });

  it("a source connection with description, baseConnectionId, data and connectionSpec.version null reads back without them", async () => {
    const body = { ...customerioSourceBody(), description: null, baseConnectionId: null, data: null, connectionSpec: { id: customerioSourceBody().connectionSpec.id, version: null } };
    const { id } = await create(emulator, "sourceConnections", body);
    const source = await getItem(emulator, "sourceConnections", id);
    for (const field of ["description", "baseConnectionId", "data", "inheritedAttributes"]) expect(source).not.toHaveProperty(field);
    expect(source.connectionSpec).toEqual({ id: body.connectionSpec.id, version: "1.0" });
  });

  it("a target connection with name, description, data.format and data.schema.version null reads back without them", async () => {
    const template = dataLakeTargetBody();
    const body = { ...template, name: null, description: null, data: { format: null, schema: { ...template.data.schema, version: null } } };
    const { id } = await create(emulator, "targetConnections", body);
    const target = await getItem(emulator, "targetConnections", id);
    expect(target).not.toHaveProperty("name");
    expect(target).not.toHaveProperty("description");
    expect(target.data).toEqual({ schema: { id: template.data.schema.id } });
  });

  it("a flow with description, transformations and scheduleParams null reads back without them", async () => {
    const source = await create(emulator, "sourceConnections", customerioSourceBody());
    const target = await create(emulator, "targetConnections", dataLakeTargetBody());
    const body = { ...customerioFlowBody(source.id, target.id), description: null, transformations: null, scheduleParams: null };
    const flow = await getItem(emulator, "flows", (await create(emulator, "flows", body)).id);
    expect(flow).not.toHaveProperty("description");
    expect(flow).not.toHaveProperty("scheduleParams");
    expect(flow.transformations).toEqual([]);
  });

  it("a state sent as null is no state: the create is taken (not 1410) and the entity is enabled", async () => {
    const source = await create(emulator, "sourceConnections", { ...customerioSourceBody(), state: null });
    const target = await create(emulator, "targetConnections", dataLakeTargetBody());
    const flow = await create(emulator, "flows", { ...customerioFlowBody(source.id, target.id), state: null });
    expect((await getItem(emulator, "sourceConnections", source.id)).state).toBe("enabled");
    expect((await getItem(emulator, "flows", flow.id)).state).toBe("enabled");
    expectFlowError(await post(`${FS}/flows`, { ...customerioFlowBody(source.id, target.id), state: "enabled" }), 1410, 400);
  });

  it("a run of a flow whose scheduleParams hold nulls starts; the run's opaque params keep their nulls", async () => {
    const source = await create(emulator, "sourceConnections", customerioSourceBody());
    const target = await create(emulator, "targetConnections", dataLakeTargetBody());
    const scheduleParams = { startTime: null, frequency: "once", interval: null, backfill: null };
    const flowBody = { name: "once", flowSpec: { id: CUSTOMERIO_FLOW_SPEC }, sourceConnectionIds: [source.id], targetConnectionIds: [target.id], scheduleParams };
    const flow = await create(emulator, "flows", flowBody);
    expect((await getItem(emulator, "flows", flow.id)).scheduleParams).toEqual({ frequency: "once" });
    const run = await post(`${FS}/runs`, { flowId: flow.id, params: { windowStartTime: null } });
    expect(run.status, run.text).toBe(201);
    expect((await getItem(emulator, "runs", run.body.id)).params).toEqual({ windowStartTime: null });
  });

  it("a run whose flowId is null is refused as one without a flowId (1446)", async () => {
    const response = await post(`${FS}/runs`, { flowId: null });
    expectFlowError(response, 1446, 400);
    expect(response.body.errorMessage).toBe("The flow ID cannot be null or empty. Please update the flow ID and try again.");
  });

  it("a required field sent as null is still refused with 1100", async () => {
    expectFlowError(await post(`${FS}/sourceConnections`, { ...customerioSourceBody(), name: null }), 1100, 400);
    expectFlowError(await post(`${FS}/targetConnections`, { ...dataLakeTargetBody(), data: null }), 1100, 400);
    expectFlowError(await post(`${FS}/connections`, { ...httpApiConnectionBody(), connectionSpec: null }), 1100, 400);
    expect((await emulator.request("GET", `${FS}/sourceConnections`)).body.items).toEqual([]);
  });
});

describe("Flow Service PATCH with null values, as before", () => {
  it("a replace of a typed field with null is refused (1455) and changes nothing; an opaque params value is stored as null", async () => {
    const { id, etag } = await create(emulator, "sourceConnections", customerioSourceBody());
    const patch = (operations: unknown[], ifMatch: string) => emulator.request("PATCH", `${FS}/sourceConnections/${id}`, { body: operations, headers: { "If-Match": ifMatch } });
    const refused = await patch([{ op: "replace", path: "/description", value: null }], etag);
    expectFlowError(refused, 1455, 400);
    expect(refused.body.errorMessage).toBe("An error has occurred while validating patch instructions: description: Invalid input: expected string, received null");
    expectFlowError(await patch([{ op: "replace", path: "/data/format", value: null }], etag), 1455, 400);
    expect((await getItem(emulator, "sourceConnections", id)).description).toBe(customerioSourceBody().description);

    const stored = await patch([{ op: "add", path: "/params", value: { path: null } }], etag);
    expect(stored.status, stored.text).toBe(200);
    expect((await getItem(emulator, "sourceConnections", id)).params).toEqual({ path: null });
  });
});

describe("Data Prep", () => {
  it("POST /languages/el/validate with mappingSetId and sampleData null validates the expression", async () => {
    const response = await post(`${DP}/languages/el/validate`, { expression: "upper(a)", mappingSetId: null, sampleData: null, sampleDataType: null });
    expect(response.status, response.text).toBe(200);
    expect(response.body).toEqual({ validationStatus: "succeeded", error: "none" });
  });

  const nullFields = { name: null, description: null, inputSchema: null, xdmSchema: null, xdmVersion: null, schemaRef: null, allowNullValues: null, status: null, tags: null };
  const mappingsWithNulls = () =>
    legacyTutorialBody().mappings.map((mapping) => ({ ...mapping, name: null, description: null, sourceType: null, source: null, destination: null, primaryIdentity: null, identityGroup: null }));

  it("a mapping set created and replaced with nulls in optional fields reads back without them", async () => {
    const body = { ...legacyTutorialBody(), ...nullFields, mappings: mappingsWithNulls() };
    const created = await post(`${DP}/mappingSets`, body);
    expect(created.status, created.text).toBe(200);
    const replaced = await emulator.request("PUT", `${DP}/mappingSets/${created.body.id}`, { body });
    expect(replaced.status, replaced.text).toBe(200);
    for (const version of ["0", "1"]) {
      const set = (await emulator.request("GET", `${DP}/mappingSets/${created.body.id}?version=${version}`)).body;
      for (const field of ["name", "description", "inputSchema", "tags"]) expect(set).not.toHaveProperty(field);
      expect(set).toMatchObject({ status: "DRAFT", allowNullValues: false, xdmSchema: CIO_SCHEMA });
      for (const mapping of set.mappings) {
        expect(mapping).not.toHaveProperty("name");
        expect(mapping).not.toHaveProperty("identityGroup");
        expect(mapping).toMatchObject({ sourceType: "text/x.schema-path", identity: false, primaryIdentity: false });
      }
    }
  });

  it("validate and preview take a mapping set body with nulls, inputSchema null among them", async () => {
    const mappingSet = { ...legacyTutorialBody(), ...nullFields, mappings: mappingsWithNulls() };
    const validated = await post(`${DP}/mappingSets/validate`, mappingSet);
    expect(validated.status, validated.text).toBe(200);
    expect(validated.body.validationResponse.every((entry: { status: string }) => entry.status === "SUCCESS")).toBe(true);
    const preview = await post(`${DP}/mappingSets/preview`, { data: { event_id: "e1" }, mappingSet });
    expect(preview.status, preview.text).toBe(200);
    expect(preview.body).toEqual([{ data: { _extconndev: { event_id0: "e1" } }, errors: null }]);
  });

  it("required fields sent as null are still refused with MAPPER-1000-400", async () => {
    expectDataPrepError(await post(`${DP}/mappingSets`, { ...legacyTutorialBody(), mappings: null }), 1000, 400);
    expectDataPrepError(await post(`${DP}/languages/el/validate`, { expression: null }), 1000, 400);
    expectDataPrepError(await post(`${DP}/mappingSets/preview`, { data: null, mappingSet: legacyTutorialBody() }), 1000, 400);
  });
});

describe("Catalog", () => {
  it("a dataset with description, tags, enableErrorDiagnostics, fileDescription and schemaRef.contentType null reads back without them", async () => {
    const body = { name: "Nulls", description: null, schemaRef: { id: CIO_SCHEMA, contentType: null }, tags: null, enableErrorDiagnostics: null, fileDescription: null };
    const id = await createDataSet(emulator, body);
    const dataSet = (await emulator.request("GET", `${CATALOG}/dataSets/${id}`)).body[id];
    for (const field of ["description", "enableErrorDiagnostics", "fileDescription"]) expect(dataSet).not.toHaveProperty(field);
    expect(dataSet).toMatchObject({ tags: {}, schemaRef: { id: CIO_SCHEMA, contentType: "application/vnd.adobe.xed+json;version=1" } });
  });

  it("a dataset whose name or schemaRef is null is still refused (400)", async () => {
    expectCatalogError(await post(`${CATALOG}/dataSets`, { name: null, schemaRef: { id: CIO_SCHEMA } }), 400);
    expectCatalogError(await post(`${CATALOG}/dataSets`, { name: "x", schemaRef: null }), 400);
    const listed = (await emulator.request("GET", `${CATALOG}/dataSets`)).body;
    expect(Object.keys(listed)).toEqual([CIO_DATASET]);
  });
});

describe("Schema Registry", () => {
  it("a field group with description null and a schema with meta:immutableTags null read back without them", async () => {
    const fieldGroup = await createXdm(emulator, "fieldgroups", { ...fieldGroupBody("extconndev"), description: null });
    const schema = await createXdm(emulator, "schemas", { ...schemaBody("Nulls", [PROFILE, fieldGroup.$id]), "meta:immutableTags": null });
    expect(fieldGroup).not.toHaveProperty("description");
    expect(schema).not.toHaveProperty("meta:immutableTags");
    const read = await emulator.request("GET", `${SR}/tenant/fieldgroups/${encoded(fieldGroup.$id)}`, accept(XED));
    expect(read.status, read.text).toBe(200);
    expect(read.body).not.toHaveProperty("description");
    // A JSON Schema's own nulls (a default) are the document's, and kept.
    const withDefault = fieldGroupBody("extconndev", "Defaults", { level: { type: "string", default: null } });
    const created = await createXdm(emulator, "fieldgroups", withDefault);
    expect(created.definitions.loyalty.properties._extconndev.properties.level.default).toBeNull();
  });

  it("a required title or schema description sent as null is still refused with 1000", async () => {
    expectXdmError(await post(`${SR}/tenant/fieldgroups`, { ...fieldGroupBody("extconndev"), title: null }), 1000, 400);
    expectXdmError(await post(`${SR}/tenant/schemas`, { ...schemaBody("No description", [PROFILE]), description: null }), 1000, 400);
  });
});

describe("/openapi.json", () => {
  it("documents an optional field as nullable and not required; a required one as neither", async () => {
    const response = await emulator.app.request("/openapi.json");
    expect(response.status).toBe(200);
    const schemas = ((await response.json()) as { components: { schemas: Record<string, any> } }).components.schemas;
    const source = schemas.CreateSourceConnectionRequest;
    expect(source.properties.description.type).toEqual(["string", "null"]);
    expect(source.properties.name.type).toBe("string");
    expect(source.required).toEqual(["name", "connectionSpec"]);
    expect(schemas.ValidationRequest.properties.mappingSetId.type).toEqual(["string", "null"]);
    expect(schemas.MappingSetRequest.properties.inputSchema.type).toEqual(["object", "null"]);
    expect(schemas.CreateDataSetRequest.properties.description.type).toEqual(["string", "null"]);
    expect(schemas.CreateFieldGroupRequest.properties.description.type).toEqual(["string", "null"]);
  });
});
