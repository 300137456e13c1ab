import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { collect, type AepClient } from "../../client/index.js";
import { DATA_LAKE_SPEC } from "../support/flowservice.js";
import { CREDENTIALS, FIXTURE_DATASET, FIXTURE_SCHEMA, rejection, startClientEmulator, type ClientEmulator } from "./support.js";

/** Schema Registry, Catalog and the emulator's seed endpoint through the client, over a real port. */
const PROFILE = "https://ns.adobe.com/xdm/context/profile";

describe("the client's Schema Registry and Catalog over a real port", () => {
  let running: ClientEmulator;
  let client: AepClient;
  let tenantId: string;

  beforeAll(async () => {
    running = await startClientEmulator();
    client = running.client;
  });
  afterAll(() => running.emulator.stop());
  beforeEach(async () => {
    await client.emulator.reset();
    tenantId = (await client.schemaRegistry.stats()).tenantId;
  });

  function fieldGroupBody(title: string) {
    return {
      type: "object" as const,
      title,
      description: "client test fields",
      "meta:intendedToExtend": [PROFILE],
      definitions: { fields: { properties: { [`_${tenantId}`]: { type: "object", properties: { score: { type: "integer" } } } } } },
      allOf: [{ $ref: "#/definitions/fields" }],
    };
  }

  async function schemaWithFieldGroup(title: string) {
    const fieldGroup = await client.schemaRegistry.fieldGroups.create(fieldGroupBody(`${title} fields`));
    const schema = await client.schemaRegistry.schemas.create({ type: "object", title, description: "client test", allOf: [{ $ref: PROFILE }, { $ref: fieldGroup.id }] });
    return { fieldGroup, schema };
  }

  it("stats names the tenant; a field group and a schema are created, read back in both formats, and listed", async () => {
    expect(tenantId).toMatch(/^[a-z0-9_]+$/);
    const { fieldGroup, schema } = await schemaWithFieldGroup("Client schema");
    expect(fieldGroup.id).toMatch(new RegExp(`^https://ns.adobe.com/${tenantId}/mixins/`));
    expect(schema).toMatchObject({ id: expect.stringContaining(`/${tenantId}/schemas/`), altId: expect.stringMatching(new RegExp(`^_${tenantId}\\.schemas\\.`)), version: "1.0" });
    expect(schema.resource.title).toBe("Client schema");

    const kept = await client.schemaRegistry.schemas.get(schema.id);
    expect(kept.allOf?.map((ref) => ref.$ref)).toEqual([PROFILE, fieldGroup.id]);
    const resolved = await client.schemaRegistry.schemas.get(schema.altId, { format: "xed-full" });
    expect(JSON.stringify(resolved)).toContain('"score"');
    expect((await client.schemaRegistry.fieldGroups.get(fieldGroup.id)).title).toBe("Client schema fields");

    const titles = (await collect(client.schemaRegistry.schemas.list())).map((item) => item.title);
    expect(titles).toEqual(expect.arrayContaining(["Client schema", "Customer.io webhook events"]));
  });

  it("a schema title must be unique; a deleted schema is a 404 with XDM's code", async () => {
    const { schema } = await schemaWithFieldGroup("Unique title");
    const twice = await rejection(client.schemaRegistry.schemas.create({ type: "object", title: "Unique title", description: "again", allOf: [{ $ref: PROFILE }] }));
    expect(twice.status).toBe(400);
    expect(twice.code).toMatch(/^XDM-\d+-400$/);
    await client.schemaRegistry.schemas.delete(schema.id);
    const gone = await rejection(client.schemaRegistry.schemas.get(schema.id));
    expect(gone).toMatchObject({ status: 404, code: "XDM-1012-404", requestId: expect.any(String) });
  });

  it("listing field groups follows the pages when a limit is set", async () => {
    for (const title of ["Aa", "Bb", "Cc"]) await client.schemaRegistry.fieldGroups.create(fieldGroupBody(title));
    const first = await client.schemaRegistry.fieldGroups.listPage({ orderby: "title", limit: 2 });
    expect(first.items).toHaveLength(2);
    expect(first.next?.start).toEqual(expect.any(String));
    const all = (await collect(client.schemaRegistry.fieldGroups.list({ orderby: "title", limit: 2 }))).map((item) => item.title);
    expect(all).toEqual([...all].sort());
    expect(all).toEqual(expect.arrayContaining(["Aa", "Bb", "Cc"]));
    expect(new Set(all).size).toBe(all.length);
    // Without orderby the client orders by title: the registry takes limit only with orderby.
    const byTitle = (await collect(client.schemaRegistry.fieldGroups.list({ limit: 2 }))).map((item) => item.title);
    expect(byTitle).toEqual(all);
  });

  it("a field group is deleted by $id or meta:altId; one a schema uses is refused (XDM-1000) until the schema is gone; a deleted one is a 404 (XDM-1011)", async () => {
    const { fieldGroup, schema } = await schemaWithFieldGroup("Deletions");
    const used = await rejection(client.schemaRegistry.fieldGroups.delete(fieldGroup.id));
    expect(used).toMatchObject({ status: 400, code: "XDM-1000-400", requestId: expect.any(String) });
    expect(used.message).toContain(schema.id);
    expect((await client.schemaRegistry.fieldGroups.get(fieldGroup.id)).title).toBe("Deletions fields");

    await client.schemaRegistry.schemas.delete(schema.id);
    await client.schemaRegistry.fieldGroups.delete(fieldGroup.id);
    expect(await rejection(client.schemaRegistry.fieldGroups.get(fieldGroup.id))).toMatchObject({ status: 404, code: "XDM-1011-404" });
    expect(await rejection(client.schemaRegistry.fieldGroups.delete(fieldGroup.id))).toMatchObject({ status: 404, code: "XDM-1011-404" });

    const byAltId = await client.schemaRegistry.fieldGroups.create(fieldGroupBody("Deleted by altId"));
    expect(byAltId.altId).toMatch(new RegExp(`^_${tenantId}\\.mixins\\.`));
    await client.schemaRegistry.fieldGroups.delete(byAltId.altId);
    expect(await rejection(client.schemaRegistry.fieldGroups.get(byAltId.id))).toMatchObject({ status: 404, code: "XDM-1011-404" });
    const left = (await collect(client.schemaRegistry.fieldGroups.list())).map((item) => item.$id);
    expect(left).not.toContain(fieldGroup.id);
    expect(left).not.toContain(byAltId.id);
  });

  it("schemas.listPage answers one page by title and the query of the next (its start); the last page has none", async () => {
    for (const title of ["Paged A", "Paged B", "Paged C"]) await schemaWithFieldGroup(title);
    const all = (await collect(client.schemaRegistry.schemas.list())).map((item) => item.title).sort();
    expect(all).toEqual(expect.arrayContaining(["Paged A", "Paged B", "Paged C", "Customer.io webhook events"]));

    const pages: string[][] = [];
    let query: Parameters<typeof client.schemaRegistry.schemas.listPage>[0] = { limit: 2 };
    while (query !== undefined) {
      const page = await client.schemaRegistry.schemas.listPage(query);
      pages.push(page.items.map((item) => item.title));
      if (page.next !== undefined) expect(page.next).toMatchObject({ limit: 2, orderby: "title", start: expect.any(String) });
      query = page.next;
      expect(pages.length).toBeLessThanOrEqual(all.length);
    }
    expect(pages.slice(0, -1).every((titles) => titles.length === 2)).toBe(true);
    expect(pages.at(-1)!.length).toBeGreaterThan(0);
    expect(pages.flat()).toEqual(all);
  });

  it("catalog.dataSets.listPage answers one page and the offset of the next; a short page is the last", async () => {
    const { schema } = await schemaWithFieldGroup("Paged datasets schema");
    for (let index = 0; index < 4; index++) {
      await client.catalog.dataSets.create({ name: `paged ${index}`, schemaRef: { id: schema.id, contentType: "application/vnd.adobe.xed+json;version=1" } });
    }
    const all = (await collect(client.catalog.dataSets.list())).map((item) => item.id);
    expect(all).toHaveLength(5); // the four and the fixture's

    const first = await client.catalog.dataSets.listPage({ limit: 2 });
    expect(first.items).toHaveLength(2);
    expect(first.next).toEqual({ limit: 2, start: 2 });
    const second = await client.catalog.dataSets.listPage(first.next);
    expect(second.items).toHaveLength(2);
    expect(second.next).toEqual({ limit: 2, start: 4 });
    const third = await client.catalog.dataSets.listPage(second.next);
    expect(third.items).toHaveLength(1);
    expect(third.next).toBeUndefined();
    const seen = [...first.items, ...second.items, ...third.items].map((item) => item.id);
    expect([...seen].sort()).toEqual([...all].sort());
    expect(third.items[0]).toMatchObject({ id: expect.stringMatching(/^[0-9a-f]{24}$/), name: expect.any(String), schemaRef: { id: expect.any(String) } });
  });

  it("a dataset is created as {id}, read with its id, listed page by page, and deleted", async () => {
    const { schema } = await schemaWithFieldGroup("Dataset schema");
    const ids: string[] = [];
    for (let index = 0; index < 4; index++) {
      const created = await client.catalog.dataSets.create({ name: `client set ${index}`, schemaRef: { id: schema.id, contentType: "application/vnd.adobe.xed+json;version=1" } });
      expect(created.id).toMatch(/^[0-9a-f]{24}$/);
      ids.push(created.id);
    }
    const read = await client.catalog.dataSets.get(ids[0]);
    expect(read).toMatchObject({ id: ids[0], name: "client set 0", schemaRef: { id: schema.id } });

    const listed = await collect(client.catalog.dataSets.list({ limit: 2 }));
    expect(listed.map((item) => item.id)).toEqual(expect.arrayContaining([...ids, FIXTURE_DATASET]));
    expect(new Set(listed.map((item) => item.id)).size).toBe(listed.length);

    await client.catalog.dataSets.delete(ids[0]);
    const gone = await rejection(client.catalog.dataSets.get(ids[0]));
    expect(gone).toMatchObject({ status: 404, code: "NotFoundError", requestId: expect.any(String) });
  });

  it("listing datasets with a limit over Catalog's 100 still reads every one: 130 datasets with limit 150", async () => {
    const { schema } = await schemaWithFieldGroup("Many datasets schema");
    const before = (await collect(client.catalog.dataSets.list())).length;
    for (let index = 0; index < 130; index++) {
      await client.catalog.dataSets.create({ name: `many ${index}`, schemaRef: { id: schema.id, contentType: "application/vnd.adobe.xed+json;version=1" } });
    }
    for (const limit of [150, 1000, 100]) {
      const listed = await collect(client.catalog.dataSets.list({ limit }));
      expect(listed, `limit ${limit}`).toHaveLength(before + 130);
      expect(new Set(listed.map((item) => item.id)).size).toBe(before + 130);
    }
  });

  it("an empty id is refused before anything is sent, for every kind of resource (the collection would answer its list)", async () => {
    const attempts: [string, () => Promise<unknown>][] = [
      ["sourceConnections.get", () => client.flowService.sourceConnections.get("")],
      ["flows.delete", () => client.flowService.flows.delete("")],
      ["connectionSpecs.get", () => client.flowService.connectionSpecs.get("")],
      ["dataSets.get", () => client.catalog.dataSets.get("")],
      ["mappingSets.get", () => client.dataPrep.mappingSets.get("")],
      ["schemas.get", () => client.schemaRegistry.schemas.get("")],
    ];
    for (const [name, attempt] of attempts) {
      const error = await rejection(attempt());
      expect(error, name).toMatchObject({ name: "AepError", status: 0, code: "INVALID_ID" });
    }
  });

  it("so is a missing id from JavaScript (a field the answer does not have), for every kind of resource", async () => {
    const missing = (undefined as { $id?: string } | undefined)?.$id as string;
    const attempts: [string, () => Promise<unknown>][] = [
      ["flows.get", () => client.flowService.flows.get(missing)],
      ["dataSets.get", () => client.catalog.dataSets.get(missing)],
      ["mappingSets.get", () => client.dataPrep.mappingSets.get(missing)],
      ["schemas.get", () => client.schemaRegistry.schemas.get(missing)],
      ["fieldGroups.get", () => client.schemaRegistry.fieldGroups.get(missing)],
      ["schemas.delete", () => client.schemaRegistry.schemas.delete(missing)],
    ];
    for (const [name, attempt] of attempts) {
      const error = await rejection(attempt());
      expect(error, name).toMatchObject({ name: "AepError", status: 0, code: "INVALID_ID" });
    }
  });

  it("a target connection names a dataset of its tenant: an unknown one is refused", async () => {
    const { schema } = await schemaWithFieldGroup("Target schema");
    const dataSet = await client.catalog.dataSets.create({ name: "target set", schemaRef: { id: schema.id, contentType: "application/vnd.adobe.xed+json;version=1" } });
    const target = {
      name: "target",
      connectionSpec: { id: DATA_LAKE_SPEC, version: "1.0" },
      data: { format: "json", schema: { id: schema.id, version: "application/vnd.adobe.xed-full+json;version=1" } },
    };
    const created = await client.flowService.targetConnections.create({ ...target, params: { dataSetId: dataSet.id } });
    expect((await client.flowService.targetConnections.get(created.id)).params?.dataSetId).toBe(dataSet.id);
    const unknown = await rejection(client.flowService.targetConnections.create({ ...target, params: { dataSetId: "0123456789abcdef01234567" } }));
    expect(unknown).toMatchObject({ status: 400, code: "FLOW-1100-400" });
  });

  it("emulator.seed loads a fixture set for one tenant, visible through Catalog", async () => {
    const id = "aaaaaaaaaaaaaaaaaaaaaaaa";
    await client.emulator.seed({
      name: "client-seed",
      org: CREDENTIALS.orgId,
      dataSets: [{ id, name: "seeded by the client", schemaRef: { id: FIXTURE_SCHEMA, contentType: "application/vnd.adobe.xed-full+json;version=1" } }],
    });
    expect((await client.catalog.dataSets.get(id)).name).toBe("seeded by the client");
    const dev = running.clientWith({ sandboxName: "dev" });
    expect((await rejection(dev.catalog.dataSets.get(id))).status).toBe(404);
  });
});
