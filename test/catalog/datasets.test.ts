import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestEmulator, ORG, OTHER_ORG, type TestEmulator } from "../support/app.js";
import { CATALOG, CIO_DATASET, CIO_SCHEMA, createDataSet, createXdm, expectCatalogError, PROFILE, schemaBody } from "../support/registry.js";

let emulator: TestEmulator;
beforeEach(() => {
  emulator = createTestEmulator();
});
afterEach(() => emulator.close());

const XED = "application/vnd.adobe.xed+json;version=1";
const body = (name = "Loyalty members", schemaId = CIO_SCHEMA) => ({ name, schemaRef: { id: schemaId, contentType: XED } });

async function dataSetIds(options = {}): Promise<string[]> {
  const response = await emulator.request("GET", `${CATALOG}/dataSets`, options);
  expect(response.status, response.text).toBe(200);
  return Object.keys(response.body);
}

describe("POST /dataSets", () => {
  it("answers 201 with [\"@/dataSets/<24-hex id>\"] and a Location header", async () => {
    const response = await emulator.request("POST", `${CATALOG}/dataSets`, {
      body: { ...body(), description: "Members", tags: { unifiedProfile: ["enabled:true"] } },
    });
    expect(response.status, response.text).toBe(201);
    expect(response.body).toEqual([expect.stringMatching(/^@\/dataSets\/[0-9a-f]{24}$/)]);
    const id = response.body[0].slice("@/dataSets/".length);
    expect(response.headers.get("location")).toMatch(new RegExp(`/data/foundation/catalog/dataSets/${id}$`));
    expect((await dataSetIds()).sort()).toEqual([CIO_DATASET, id].sort());
  });

  it("takes requestDataSource=true or false in any letter case, and refuses another word with 400", async () => {
    for (const value of ["true", "True", "FALSE"]) {
      const response = await emulator.request("POST", `${CATALOG}/dataSets?requestDataSource=${value}`, { body: body(`With ${value}`) });
      expect(response.status, response.text).toBe(201);
    }
    expectCatalogError(await emulator.request("POST", `${CATALOG}/dataSets?requestDataSource=yes`, { body: body("With yes") }), 400);
    expect(await dataSetIds()).toHaveLength(4);
  });

  it("accepts the schema's meta:altId and stores its $id", async () => {
    const id = await createDataSet(emulator, body("By altId", "_extconndev.schemas.945546112b746524bfd9f1264b26c2b7d8e7f5b7fadb953a"));
    const response = await emulator.request("GET", `${CATALOG}/dataSets/${id}`);
    expect(response.body[id].schemaRef).toEqual({ id: CIO_SCHEMA, contentType: XED });
  });

  it("refuses a schema that does not exist in the tenant, and writes nothing", async () => {
    const unknown = await emulator.request("POST", `${CATALOG}/dataSets`, { body: body("Orphan", "https://ns.adobe.com/extconndev/schemas/none") });
    expectCatalogError(unknown, 400, /schemas\/none named by schemaRef is not found in the sandbox prod/);
    const schema = await createXdm(emulator, "schemas", schemaBody("Elsewhere", [PROFILE]), { org: OTHER_ORG });
    const foreign = await emulator.request("POST", `${CATALOG}/dataSets`, { body: body("Foreign", schema.$id) });
    expectCatalogError(foreign, 400, /is not found/);
    expect(await dataSetIds()).toEqual([CIO_DATASET]);
  });

  it.each([
    ["no schemaRef", { name: "x" }, /schemaRef/],
    ["no name", { schemaRef: { id: CIO_SCHEMA } }, /name/],
    ["a contentType without a version", { name: "x", schemaRef: { id: CIO_SCHEMA, contentType: "application/vnd.adobe.xed+json" } }, /contentType/],
    ["tags that are not string lists", { name: "x", schemaRef: { id: CIO_SCHEMA }, tags: { a: "b" } }, /tags/],
  ])("answers 400 in the Catalog envelope for %s", async (_case, invalid, detail) => {
    expectCatalogError(await emulator.request("POST", `${CATALOG}/dataSets`, { body: invalid }), 400, detail);
    expect(await dataSetIds()).toEqual([CIO_DATASET]);
  });

  it("answers 400 in the Catalog envelope for a body that is not JSON", async () => {
    const response = await emulator.request("POST", `${CATALOG}/dataSets`, { raw: "[", headers: { "Content-Type": "application/json" } });
    expectCatalogError(response, 400);
  });
});

describe("GET /dataSets/{id}", () => {
  it("answers an object keyed by the id with the documented fields", async () => {
    const id = await createDataSet(emulator, { ...body(), tags: { adobe: ["x"] } });
    const response = await emulator.request("GET", `${CATALOG}/dataSets/${id}`);
    expect(response.status, response.text).toBe(200);
    expect(Object.keys(response.body)).toEqual([id]);
    expect(response.body[id]).toEqual({
      name: "Loyalty members",
      imsOrg: ORG,
      tags: { adobe: ["x"] },
      version: "1.0.0",
      created: expect.any(Number),
      updated: expect.any(Number),
      createdClient: "test-client",
      createdUser: expect.stringMatching(/@AdobeID$/),
      updatedUser: expect.stringMatching(/@AdobeID$/),
      viewId: expect.stringMatching(/^[0-9a-f]{24}$/),
      files: `@/dataSetFiles?dataSetId=${id}`,
      schemaRef: { id: CIO_SCHEMA, contentType: XED },
      observableSchema: {},
    });
  });

  it("returns only the requested properties", async () => {
    const response = await emulator.request("GET", `${CATALOG}/dataSets/${CIO_DATASET}?properties=name,schemaRef,nothing`);
    expect(response.body).toEqual({
      [CIO_DATASET]: {
        name: "Customer.io webhook events",
        schemaRef: { id: CIO_SCHEMA, contentType: "application/vnd.adobe.xed-full+json;version=1" },
      },
    });
  });

  it("answers 404 for an unknown dataset and for another tenant's dataset", async () => {
    const id = await createDataSet(emulator, body());
    expectCatalogError(await emulator.request("GET", `${CATALOG}/dataSets/000000000000000000000000`), 404, /was not found/);
    expectCatalogError(await emulator.request("GET", `${CATALOG}/dataSets/${id}`, { org: OTHER_ORG }), 404);
    expectCatalogError(await emulator.request("GET", `${CATALOG}/dataSets/${id}`, { sandbox: "dev" }), 404);
  });
});

describe("GET /dataSets", () => {
  it("pages with limit and start, orders with orderBy", async () => {
    for (const name of ["b", "c", "a"]) await createDataSet(emulator, body(name));
    const byName = await emulator.request("GET", `${CATALOG}/dataSets?orderBy=asc:name&properties=name`);
    expect(Object.values(byName.body).map((doc: any) => doc.name)).toEqual(["Customer.io webhook events", "a", "b", "c"]);
    const descending = await emulator.request("GET", `${CATALOG}/dataSets?orderBy=desc:name&limit=2&start=1&properties=name`);
    expect(Object.values(descending.body).map((doc: any) => doc.name)).toEqual(["b", "a"]);
    const named = await emulator.request("GET", `${CATALOG}/dataSets?name=c`);
    expect(Object.values(named.body).map((doc: any) => doc.name)).toEqual(["c"]);
  });

  it("orders by several keys, each with its own direction, ascending when it names none (filter-data.md: orderBy=name,desc:updated)", async () => {
    await createDataSet(emulator, { ...body("AAM Dataset"), description: "older" });
    await createDataSet(emulator, { ...body("AAM Dataset"), description: "newer" });
    await createDataSet(emulator, { ...body("0405"), description: "only" });
    const response = await emulator.request("GET", `${CATALOG}/dataSets?orderBy=name,desc:description&properties=name,description`);
    expect(response.status, response.text).toBe(200);
    expect(Object.values(response.body).map((doc: any) => `${doc.name}/${doc.description}`)).toEqual([
      "0405/only",
      "AAM Dataset/older",
      "AAM Dataset/newer",
      expect.stringMatching(/^Customer\.io/),
    ]);
  });

  it("takes several values for a field, !values for none of them, and * in a name (filter-data.md, 'Using simple filters')", async () => {
    const names = async (query: string) => {
      const response = await emulator.request("GET", `${CATALOG}/dataSets?${query}&orderBy=asc:name&properties=name`);
      expect(response.status, response.text).toBe(200);
      return Object.values(response.body).map((doc: any) => doc.name);
    };
    for (const name of ["exampleName", "anotherName", "test", "star*name"]) await createDataSet(emulator, body(name));
    expect(await names("name=exampleName,anotherName")).toEqual(["anotherName", "exampleName"]);
    expect(await names("name=!exampleName")).toEqual(["Customer.io webhook events", "anotherName", "star*name", "test"]);
    expect(await names("name=!exampleName,anotherName")).toEqual(["Customer.io webhook events", "star*name", "test"]);
    expect(await names("name=*Name")).toEqual(["anotherName", "exampleName"]);
    expect(await names("property=name==te*st")).toEqual(["test"]);
    expect(await names(`property=name==${encodeURIComponent("star**name")}`)).toEqual(["star*name"]);
    expect(await names("property=name!=*Name")).toEqual(["Customer.io webhook events", "star*name", "test"]);
  });

  it("answers 20 datasets by default and never more than 100", async () => {
    for (let index = 0; index < 24; index++) await createDataSet(emulator, body(`set ${index}`));
    expect(await dataSetIds()).toHaveLength(20);
    const many = await emulator.request("GET", `${CATALOG}/dataSets?limit=1000`);
    expect(Object.keys(many.body)).toHaveLength(25);
  });

  it.each([
    ["limit=0", /limit/],
    ["limit=ten", /limit/],
    ["start=-1", /start/],
    ["orderBy=up:name", /orderBy/],
  ])("answers 400 for %s", async (query, detail) => {
    expectCatalogError(await emulator.request("GET", `${CATALOG}/dataSets?${query}`), 400, detail);
  });

  it("filters by a field's own parameter and by property, as Adobe's Postman collection and catalog.yaml send them", async () => {
    const names = async (query: string) => {
      const response = await emulator.request("GET", `${CATALOG}/dataSets?${query}&orderBy=asc:name&properties=name`);
      expect(response.status, response.text).toBe(200);
      return Object.values(response.body).map((doc: any) => doc.name);
    };
    await createDataSet(emulator, { ...body("alpha"), description: "first", enableErrorDiagnostics: true });
    await createDataSet(emulator, { ...body("beta"), description: "second" });
    expect(await names("description=first")).toEqual(["alpha"]);
    expect(await names("enableErrorDiagnostics=true")).toEqual(["alpha"]);
    expect(await names("createdClient=nobody")).toEqual([]);
    expect(await names("property=name==beta")).toEqual(["beta"]);
    expect(await names("property=name!=beta")).toEqual(["Customer.io webhook events", "alpha"]);
    expect(await names("property=name~^(al|be)")).toEqual(["alpha", "beta"]);
    expect(await names("property=description")).toEqual(["Customer.io webhook events", "alpha", "beta"]);
    expect(await names("property=!enableErrorDiagnostics")).toEqual(["Customer.io webhook events", "beta"]);
    expect(await names(`property=schemaRef.id==${encodeURIComponent(CIO_SCHEMA)}&property=created>0&property=name<beta`)).toEqual(["Customer.io webhook events", "alpha"]);
    expectCatalogError(await emulator.request("GET", `${CATALOG}/dataSets?property===x`), 400, /property/);
    expectCatalogError(await emulator.request("GET", `${CATALOG}/dataSets?property=name~(`), 400, /regular expression/);
  });

  it("filters by tags: name:value pairs, ANDed, * in a value (catalog.yaml listDatasets `tags`; filter-data.md, 'Filter by tag')", async () => {
    const names = async (tags: string) => {
      const response = await emulator.request("GET", `${CATALOG}/dataSets?tags=${encodeURIComponent(tags)}&orderBy=asc:name&properties=name`);
      expect(response.status, response.text).toBe(200);
      return Object.values(response.body).map((doc: any) => doc.name);
    };
    await createDataSet(emulator, { ...body("both"), tags: { sampleTag: ["123456"], secondTag: ["sample_tag_value"] } });
    await createDataSet(emulator, { ...body("sample only"), tags: { sampleTag: ["test-1"] } });
    // catalog.yaml's "Enable for Profile" example, whose values hold a colon and a space.
    await createDataSet(emulator, { ...body("profile"), tags: { unifiedIdentity: ["enabled: true"], unifiedProfile: ["enabled: true", "isUpsert: true"] } });
    expect(await names("sampleTag:123456,secondTag:*")).toEqual(["both"]);
    expect(await names("sampleTag:*")).toEqual(["both", "sample only"]);
    expect(await names("sampleTag:test*")).toEqual(["sample only"]);
    expect(await names("sampleTag:123")).toEqual([]);
    expect(await names("unifiedProfile:isUpsert: true")).toEqual(["profile"]);
    expect(await names("unifiedProfile:enabled:*")).toEqual(["profile"]);
    expect(await names("missingTag:*")).toEqual([]);
    expectCatalogError(await emulator.request("GET", `${CATALOG}/dataSets?tags=sampleTag`), 400, /tags/);
    expectCatalogError(await emulator.request("GET", `${CATALOG}/dataSets?tags=:x`), 400, /tags/);
  });

  it("lists only the tenant's datasets", async () => {
    const id = await createDataSet(emulator, body());
    expect(await dataSetIds({ org: OTHER_ORG })).toEqual([CIO_DATASET]);
    expect(await dataSetIds()).toContain(id);
  });
});

describe("DELETE /dataSets/{id}", () => {
  it("answers 200 [\"@/dataSets/<id>\"] and the dataset is gone", async () => {
    const id = await createDataSet(emulator, body());
    const response = await emulator.request("DELETE", `${CATALOG}/dataSets/${id}`);
    expect(response.status, response.text).toBe(200);
    expect(response.body).toEqual([`@/dataSets/${id}`]);
    expectCatalogError(await emulator.request("GET", `${CATALOG}/dataSets/${id}`), 404);
  });

  it("answers 404 for another tenant's dataset and leaves it", async () => {
    const id = await createDataSet(emulator, body());
    expectCatalogError(await emulator.request("DELETE", `${CATALOG}/dataSets/${id}`, { org: OTHER_ORG }), 404);
    expect(await dataSetIds()).toContain(id);
  });

  it("answers 404 in the Catalog envelope for an unknown path", async () => {
    expectCatalogError(await emulator.request("GET", `${CATALOG}/nothing-here`), 404, /No resource is served/);
  });
});
