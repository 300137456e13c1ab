import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestEmulator, OTHER_ORG, type TestEmulator } from "../../support/app.js";
import { CIO_SCHEMA } from "../../support/registry.js";
import { createMappingSet, currentTutorialBody, DP, expectDataPrepError, FULL, legacyTutorialBody, TUTORIAL_MAPPINGS } from "./support.js";

let emulator: TestEmulator;
beforeEach(() => {
  emulator = createTestEmulator();
});
afterEach(() => emulator.close());

const HEX32 = /^[0-9a-f]{32}$/;
const get = (path: string, options = {}) => emulator.request("GET", `${DP}${path}`, options);

describe("POST /mappingSets", () => {
  it("answers 200 with {id, version: 0, createdDate, modifiedDate, createdBy, modifiedBy} for the seed's legacy body", async () => {
    const response = await emulator.request("POST", `${DP}/mappingSets`, { body: legacyTutorialBody() });
    expect(response.status, response.text).toBe(200);
    expect(response.body).toEqual({
      id: expect.stringMatching(HEX32),
      version: 0,
      createdDate: expect.any(Number),
      modifiedDate: response.body.createdDate,
      createdBy: expect.stringMatching(/@AdobeID$/),
      modifiedBy: response.body.createdBy,
    });
  });

  it("accepts the current format (sourceType, source, destination)", async () => {
    const created = await createMappingSet(emulator, currentTutorialBody());
    const stored = (await get(`/mappingSets/${created.id}`)).body;
    expect(stored.mappings.map((mapping: any) => [mapping.source, mapping.destination])).toEqual(TUTORIAL_MAPPINGS);
  });

  it("records the caller's user id (user_id of an IMS JWT) as createdBy and modifiedBy", async () => {
    const claims = Buffer.from(JSON.stringify({ user_id: "ABC123@AdobeID", client_id: "c" })).toString("base64url");
    const created = await createMappingSet(emulator, legacyTutorialBody(), { headers: { Authorization: `Bearer x.${claims}.y` } });
    expect(created).toMatchObject({ createdBy: "ABC123@AdobeID", modifiedBy: "ABC123@AdobeID" });
  });

  it("takes the legacy top-level xdmSchema and xdmVersion as the output schema", async () => {
    const { outputSchema: _none, ...mappingsOnly } = legacyTutorialBody();
    const created = await createMappingSet(emulator, { ...mappingsOnly, xdmSchema: CIO_SCHEMA, xdmVersion: "1.0", version: 0 });
    const stored = (await get(`/mappingSets/${created.id}`)).body;
    expect(stored).toMatchObject({ xdmSchema: CIO_SCHEMA, xdmVersion: "1.0", schemaRef: { id: CIO_SCHEMA, contentType: "1.0" } });
  });

  it("refuses the seed's body as written: https://ns.adobe.com/{TENANT_ID}/... names no schema (MAPPER-1101-400, with a hint)", async () => {
    const response = await emulator.request("POST", `${DP}/mappingSets`, {
      body: legacyTutorialBody(CIO_SCHEMA.replace("extconndev", "{TENANT_ID}")),
    });
    expectDataPrepError(response, 1101, 400, /is not found in the sandbox prod\. \{TENANT_ID\} is a placeholder .*\(extconndev in this org\)/);
  });

  it("refuses an output schema of another tenant", async () => {
    const response = await emulator.request("POST", `${DP}/mappingSets`, {
      body: legacyTutorialBody("https://ns.adobe.com/extconndev/schemas/0000000000000000000000000000000000000000"),
    });
    expectDataPrepError(response, 1101, 400, /not found/);
  });

  it("refuses a body without an output schema", async () => {
    const response = await emulator.request("POST", `${DP}/mappingSets`, { body: { mappings: [] } });
    expectDataPrepError(response, 1000, 400, /output schema/);
  });

  it("refuses a destination that is not a path of the schema (MAPPER-1100-400, listing each failed mapping)", async () => {
    const response = await emulator.request("POST", `${DP}/mappingSets`, {
      body: legacyTutorialBody(CIO_SCHEMA, [...TUTORIAL_MAPPINGS, ["metric", "_extconndev.nope"]]),
    });
    expectDataPrepError(response, 1100, 400, /mappings\[6\] \(_extconndev\.nope\): The destination _extconndev\.nope is not a field of the schema/);
    expect(response.body.report.errors).toEqual([
      expect.objectContaining({ index: 6, destination: "_extconndev.nope", source: "metric", sourceType: "ATTRIBUTE" }),
    ]);
  });

  it("refuses an expression that does not parse, and a STATIC value the destination type cannot hold", async () => {
    const response = await emulator.request("POST", `${DP}/mappingSets`, {
      body: {
        ...currentTutorialBody(),
        mappings: [
          { sourceType: "EXPRESSION", source: "upper(metric", destination: "_extconndev.metricx" },
          { sourceType: "STATIC", source: "soon", destination: "_extconndev.timestampx" },
        ],
      },
    });
    expectDataPrepError(response, 1100, 400);
    expect(response.body.report.errors.map((error: any) => error.index)).toEqual([0, 1]);
    expect(response.body.report.errors[0].exception).toMatch(/at position/);
  });

  it("refuses a STATIC integer past XDM's long (±(2^53 - 1)), which every record would then fail; the long's bound itself is taken", async () => {
    const write = (source: string) =>
      emulator.request("POST", `${DP}/mappingSets`, { body: { ...currentTutorialBody(), mappings: [{ sourceType: "STATIC", source, destination: "_extconndev.timestampx" }] } });
    for (const source of ["123456789012345678901234567890", "9007199254740992", "-9007199254740992"]) {
      const refused = await write(source);
      expectDataPrepError(refused, 1100, 400);
      expect(refused.body.report.errors[0].exception, source).toMatch(/to integer/);
    }
    for (const source of ["9007199254740991", "-9007199254740991"]) expect((await write(source)).status, source).toBe(200);
  });

  it("refuses a mapping without a source or destination in either format", async () => {
    const response = await emulator.request("POST", `${DP}/mappingSets`, { body: { ...currentTutorialBody(), mappings: [{ sourceType: "ATTRIBUTE" }] } });
    expectDataPrepError(response, 1000, 400, /source.*sourceAttribute.*destination.*destinationXdmPath/);
  });

  it("refuses an unknown sourceType", async () => {
    const response = await emulator.request("POST", `${DP}/mappingSets`, {
      body: { ...currentTutorialBody(), mappings: [{ sourceType: "CONSTANT", source: "x", destination: "_extconndev.email" }] },
    });
    expectDataPrepError(response, 1000, 400, /sourceType/);
  });
});

describe("GET /mappingSets/{id}", () => {
  it("answers the documented shape: both mapping formats echoed, sourceType text/x.schema-path for attributes", async () => {
    const created = await createMappingSet(emulator);
    const response = await get(`/mappingSets/${created.id}`);
    expect(response.status, response.text).toBe(200);
    const set = response.body;
    expect(set).toMatchObject({
      ...created,
      supportVersion: "1.1",
      outputSchema: { id: expect.stringMatching(HEX32), version: 0, schemaRef: { id: CIO_SCHEMA, contentType: FULL } },
      status: "DRAFT",
      strictMapping: false,
      allowNullValues: false,
      xdmVersion: FULL,
      schemaRef: { id: CIO_SCHEMA, contentType: FULL },
      xdmSchema: CIO_SCHEMA,
    });
    expect(set.outputSchema.jsonSchema).toBeUndefined();
    expect(set.mappings).toHaveLength(6);
    expect(set.mappings[0]).toEqual({
      id: expect.stringMatching(HEX32),
      version: 0,
      createdDate: created.createdDate,
      modifiedDate: created.createdDate,
      createdBy: created.createdBy,
      modifiedBy: created.createdBy,
      sourceType: "text/x.schema-path",
      source: "data.identifiers.cio_id",
      destination: "_extconndev.cio_id",
      identity: false,
      primaryIdentity: false,
      matchScore: 0,
      functionVersion: 1,
      sourceAttribute: "data.identifiers.cio_id",
      destinationXdmPath: "_extconndev.cio_id",
    });
  });

  it("answers expressions as text/x.aep-xl, keeps STATIC, and echoes name and description", async () => {
    const created = await createMappingSet(emulator, {
      ...currentTutorialBody(),
      name: "With every source type",
      mappings: [
        { sourceType: "EXPRESSION", source: "upper(metric)", destination: "_extconndev.metricx", name: "metric", description: "Upper-cased" },
        { sourceType: "STATIC", source: "customer", destination: "_extconndev.object_type1" },
      ],
    });
    const set = (await get(`/mappingSets/${created.id}`)).body;
    expect(set.name).toBe("With every source type");
    expect(set.mappings.map((mapping: any) => mapping.sourceType)).toEqual(["text/x.aep-xl", "STATIC"]);
    expect(set.mappings[0]).toMatchObject({ name: "metric", description: "Upper-cased" });
  });

  it("with expandSchema=true adds the resolved output schema as outputSchema.jsonSchema", async () => {
    const created = await createMappingSet(emulator);
    const set = (await get(`/mappingSets/${created.id}?expandSchema=true`)).body;
    expect(set.outputSchema.jsonSchema).toMatchObject({ $id: CIO_SCHEMA, type: "object" });
    expect(set.outputSchema.jsonSchema.properties._extconndev.properties.timestampx.type).toBe("integer");
    expect((await get(`/mappingSets/${created.id}?expandSchema=True`)).body.outputSchema.jsonSchema).toMatchObject({ $id: CIO_SCHEMA });
    expect((await get(`/mappingSets/${created.id}?expandSchema=FALSE`)).body.outputSchema.jsonSchema).toBeUndefined();
  });

  it("answers 404 MAPPER-1200 for an unknown id, and for a mapping set of another org", async () => {
    expectDataPrepError(await get("/mappingSets/0123456789abcdef0123456789abcdef"), 1200, 404, /0123456789abcdef0123456789abcdef/);
    const created = await createMappingSet(emulator);
    expectDataPrepError(await get(`/mappingSets/${created.id}`, { org: OTHER_ORG }), 1200, 404);
    expectDataPrepError(await get(`/mappingSets/${created.id}`, { sandbox: "dev" }), 1200, 404);
  });

  it("answers 404 MAPPER-1201 for a version that does not exist, 400 for one that is not a number", async () => {
    const created = await createMappingSet(emulator);
    expectDataPrepError(await get(`/mappingSets/${created.id}?version=1`), 1201, 404, /latest version is 0/);
    expectDataPrepError(await get(`/mappingSets/${created.id}?version=-1`), 1000, 400, /version/);
    expectDataPrepError(await get(`/mappingSets/${created.id}?version=one`), 1000, 400, /version/);
    expectDataPrepError(await get(`/mappingSets/${created.id}?expandSchema=yes`), 1000, 400, /expandSchema/);
  });
});

describe("PUT /mappingSets/{id}", () => {
  it("replaces the mapping set as version 1 with new mapping ids; version 0 stays readable", async () => {
    const created = await createMappingSet(emulator);
    const before = (await get(`/mappingSets/${created.id}`)).body;
    const response = await emulator.request("PUT", `${DP}/mappingSets/${created.id}`, { body: currentTutorialBody(CIO_SCHEMA, TUTORIAL_MAPPINGS.slice(0, 2)) });
    expect(response.status, response.text).toBe(200);
    const updated = response.body;
    expect(updated).toMatchObject({ id: created.id, version: 1, createdDate: created.createdDate, createdBy: created.createdBy });
    expect(updated.modifiedDate).toBeGreaterThan(created.modifiedDate);
    expect(updated.mappings).toHaveLength(2);
    const oldIds = new Set(before.mappings.map((mapping: any) => mapping.id));
    for (const mapping of updated.mappings) {
      expect(oldIds.has(mapping.id)).toBe(false);
      expect(mapping).toMatchObject({ version: 0, createdDate: updated.modifiedDate });
    }

    expect((await get(`/mappingSets/${created.id}`)).body).toEqual(updated);
    expect((await get(`/mappingSets/${created.id}?version=1`)).body).toEqual(updated);
    expect((await get(`/mappingSets/${created.id}?version=0`)).body).toEqual(before);
  });

  it("accepts a mapping set read back (text/x.schema-path and the echoed legacy fields) as its body", async () => {
    const created = await createMappingSet(emulator, {
      ...currentTutorialBody(),
      mappings: [
        { sourceType: "ATTRIBUTE", source: "event_id", destination: "_extconndev.event_id0" },
        { sourceType: "EXPRESSION", source: "lower(metric)", destination: "_extconndev.metricx" },
        { sourceType: "STATIC", source: "customer", destination: "_extconndev.object_type1" },
      ],
    });
    const read = (await get(`/mappingSets/${created.id}`)).body;
    const response = await emulator.request("PUT", `${DP}/mappingSets/${created.id}`, { body: read });
    expect(response.status, response.text).toBe(200);
    const strip = (mapping: any) => [mapping.sourceType, mapping.source, mapping.destination];
    expect(response.body.mappings.map(strip)).toEqual(read.mappings.map(strip));
  });

  it("counts versions up, one per PUT", async () => {
    const created = await createMappingSet(emulator);
    for (let expected = 1; expected <= 3; expected++) {
      const response = await emulator.request("PUT", `${DP}/mappingSets/${created.id}`, { body: legacyTutorialBody() });
      expect(response.body.version).toBe(expected);
    }
    expect((await get(`/mappingSets/${created.id}?version=2`)).body.version).toBe(2);
  });

  it("PUTs sent together each get a version of their own (they commit together, in turn)", async () => {
    const created = await createMappingSet(emulator);
    const answers = await Promise.all(
      [1, 2, 3].map(() => emulator.request("PUT", `${DP}/mappingSets/${created.id}`, { body: legacyTutorialBody() })),
    );
    for (const answer of answers) expect(answer.status, answer.text).toBe(200);
    expect(answers.map((answer) => answer.body.version).sort()).toEqual([1, 2, 3]);
    expect((await get(`/mappingSets/${created.id}`)).body.version).toBe(3);
  });

  it("answers 404 for an unknown id and 400 for an invalid body, and writes nothing", async () => {
    expectDataPrepError(
      await emulator.request("PUT", `${DP}/mappingSets/0123456789abcdef0123456789abcdef`, { body: legacyTutorialBody() }),
      1200,
      404,
    );
    const created = await createMappingSet(emulator);
    const invalid = await emulator.request("PUT", `${DP}/mappingSets/${created.id}`, {
      body: legacyTutorialBody(CIO_SCHEMA, [["metric", "_extconndev.nope"]]),
    });
    expectDataPrepError(invalid, 1100, 400);
    expect((await get(`/mappingSets/${created.id}`)).body.version).toBe(0);
  });
});

describe("GET /mappingSets", () => {
  async function createNamed(names: string[]): Promise<string[]> {
    const ids: string[] = [];
    for (const name of names) ids.push((await createMappingSet(emulator, { ...legacyTutorialBody(), name })).id);
    return ids;
  }

  it("answers {data, _page: {count, limit}, _links} with start and limit", async () => {
    const ids = await createNamed(["a", "b", "c"]);
    const response = await get("/mappingSets?limit=2&start=0");
    expect(response.status, response.text).toBe(200);
    expect(response.body).toEqual({
      data: [expect.objectContaining({ id: ids[0] }), expect.objectContaining({ id: ids[1] })],
      _page: { count: 2, limit: 2 },
      _links: { next: { href: `${DP}/mappingSets?limit=2&start=2&orderBy=lastUpdateDate` } },
    });
    const last = await get("/mappingSets?limit=2&start=2");
    expect(last.body).toEqual({ data: [expect.objectContaining({ id: ids[2] })], _page: { count: 1, limit: 2 }, _links: {} });
    expect((await get("/mappingSets?limit=2&start=10")).body).toEqual({ data: [], _page: { count: 0, limit: 2 }, _links: {} });
  });

  it("a next link leads to the next page", async () => {
    const ids = await createNamed(["a", "b", "c"]);
    const first = await get("/mappingSets?limit=2&start=0&orderBy=-createdDate");
    const next = await emulator.request("GET", first.body._links.next.href);
    expect([...first.body.data, ...next.body.data].map((set: any) => set.id)).toEqual([...ids].reverse());
  });

  it("lists the latest version of each mapping set", async () => {
    const [id] = await createNamed(["a"]);
    await emulator.request("PUT", `${DP}/mappingSets/${id}`, { body: { ...legacyTutorialBody(), name: "a2" } });
    const { data } = (await get("/mappingSets?limit=10&start=0")).body;
    expect(data.map((set: any) => [set.id, set.version, set.name])).toEqual([[id, 1, "a2"]]);
  });

  it("filters by name and orders by ±createdDate or ±updatedDate", async () => {
    const [a, b, c] = await createNamed(["a", "b", "c"]);
    await emulator.request("PUT", `${DP}/mappingSets/${a}`, { body: { ...legacyTutorialBody(), name: "a" } });
    const ids = async (query: string) => (await get(`/mappingSets?limit=10&start=0&${query}`)).body.data.map((set: any) => set.id);
    expect(await ids("name=b")).toEqual([b]);
    expect(await ids("name=zzz")).toEqual([]);
    expect(await ids("orderBy=-createdDate")).toEqual([c, b, a]);
    expect(await ids("orderBy=%2BcreatedDate")).toEqual([a, b, c]);
    expect(await ids("orderBy=+createdDate")).toEqual([a, b, c]);
    expect(await ids("orderBy=-updatedDate")).toEqual([a, c, b]);
    expect(await ids("orderBy=updatedDate")).toEqual([b, c, a]);
  });

  it("with expandSchema=true adds each output schema", async () => {
    await createNamed(["a"]);
    const { data } = (await get("/mappingSets?limit=10&start=0&expandSchema=true")).body;
    expect(data[0].outputSchema.jsonSchema.$id).toBe(CIO_SCHEMA);
  });

  it("only lists the tenant's own mapping sets", async () => {
    await createNamed(["a"]);
    expect((await get("/mappingSets?limit=10&start=0", { org: OTHER_ORG })).body.data).toEqual([]);
  });

  it("takes the spec's defaults for a missing start (0) or limit (10), as aepp's getMappingSets sends limit alone", async () => {
    const all = await createNamed(["a", "b", "c"]);
    const limitOnly = await get("/mappingSets?limit=100");
    expect(limitOnly.status, limitOnly.text).toBe(200);
    expect(limitOnly.body.data.map((set: any) => set.id)).toEqual(all);
    expect(limitOnly.body._page).toEqual({ count: all.length, limit: 100 });
    const startOnly = await get("/mappingSets?start=1");
    expect(startOnly.status, startOnly.text).toBe(200);
    expect(startOnly.body.data.map((set: any) => set.id)).toEqual(all.slice(1));
    expect(startOnly.body._page.limit).toBe(10);
    expect((await get("/mappingSets")).body._page).toEqual({ count: all.length, limit: 10 });
  });

  it("refuses bad values (MAPPER-1000-400)", async () => {
    expectDataPrepError(await get("/mappingSets?limit=0&start=0"), 1000, 400, /limit/);
    expectDataPrepError(await get("/mappingSets?limit=ten&start=0"), 1000, 400, /limit/);
    expectDataPrepError(await get("/mappingSets?limit=10&start=-1"), 1000, 400, /start/);
    expectDataPrepError(await get("/mappingSets?limit=10&start=0&orderBy=name"), 1000, 400, /orderBy/);
    expectDataPrepError(await get("/mappingSets?limit=10&start=0&orderBy=*createdDate"), 1000, 400, /orderBy/);
  });
});

describe("GET /mappingSets/{id}/mappings", () => {
  it("answers the latest version's mappings as a bare array", async () => {
    const created = await createMappingSet(emulator);
    const response = await get(`/mappingSets/${created.id}/mappings`);
    expect(response.status, response.text).toBe(200);
    expect(response.body).toEqual((await get(`/mappingSets/${created.id}`)).body.mappings);
  });

  it("answers one mapping by id, including a mapping of an earlier version", async () => {
    const created = await createMappingSet(emulator);
    const first = (await get(`/mappingSets/${created.id}/mappings`)).body[1];
    const one = await get(`/mappingSets/${created.id}/mappings/${first.id}`);
    expect(one.status, one.text).toBe(200);
    expect(one.body).toEqual(first);
    await emulator.request("PUT", `${DP}/mappingSets/${created.id}`, { body: legacyTutorialBody() });
    expect((await get(`/mappingSets/${created.id}/mappings/${first.id}`)).body).toEqual(first);
  });

  it("answers 404 for an unknown mapping set (MAPPER-1200) or mapping (MAPPER-1202)", async () => {
    expectDataPrepError(await get("/mappingSets/0123456789abcdef0123456789abcdef/mappings"), 1200, 404);
    const created = await createMappingSet(emulator);
    expectDataPrepError(await get(`/mappingSets/${created.id}/mappings/0123456789abcdef0123456789abcdef`), 1202, 404);
  });
});

describe("the rest of /data/foundation/conversion", () => {
  it("answers an unknown path or method with the Data Prep envelope (MAPPER-1001-404)", async () => {
    expectDataPrepError(await get("/mappingSet"), 1001, 404);
    expectDataPrepError(await emulator.request("DELETE", `${DP}/mappingSets/0123456789abcdef0123456789abcdef`), 1001, 404);
  });

  it("is behind the gateway", async () => {
    const response = await emulator.request("GET", `${DP}/mappingSets?limit=1&start=0`, { headers: { Authorization: undefined } });
    expect(response.status).toBe(403);
    expect(response.body).toEqual({ error_code: "403010", message: "Oauth token is missing." });
  });

  it("documents every route in /openapi.json", async () => {
    const document = (await (await emulator.app.request("/openapi.json")).json()) as { paths: Record<string, Record<string, unknown>> };
    const expected: [string, string][] = [
      ["/mappingSets", "post"],
      ["/mappingSets", "get"],
      ["/mappingSets/validate", "post"],
      ["/mappingSets/preview", "post"],
      ["/mappingSets/{id}", "get"],
      ["/mappingSets/{id}", "put"],
      ["/mappingSets/{id}/mappings", "get"],
      ["/mappingSets/{id}/mappings/{mappingId}", "get"],
      ["/languages/el/validate", "post"],
      ["/languages/el/functions", "get"],
      ["/languages/el/operators", "get"],
    ];
    for (const [path, method] of expected) expect(document.paths[`${DP}${path}`]?.[method], `${method} ${path}`).toBeDefined();
  });
});
