import type { ServerResponse } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { AepError, collect, createClient } from "../../client/index.js";
import { CREDENTIALS, json, startStub, type Stub, type StubRequest } from "./support.js";

/**
 * The answers of Catalog, Data Prep, Schema Registry and the emulator's records, in the shapes
 * Adobe documents (api-contract.md §3-5), served by a stub: what the client makes of them.
 */
let stub: Stub | undefined;
afterEach(async () => {
  await stub?.close();
  stub = undefined;
});

async function serve(answer: (request: StubRequest, url: URL, response: ServerResponse) => void) {
  stub = await startStub((request, _, response) => answer(request, new URL(request.url, "http://stub"), response));
  return { stub, client: createClient({ baseUrl: stub.url, ...CREDENTIALS }) };
}

const DATASET_ID = "5c8c3c555033b814b69f947f";
const SCHEMA_ID = "https://ns.adobe.com/acme/schemas/945546112b746524bfd9f1264b26c2b7";

describe("catalog.dataSets", () => {
  it("create answers {id} from Catalog's [\"@/dataSets/<id>\"]", async () => {
    const { stub, client } = await serve((_, __, response) => json(response, 201, [`@/dataSets/${DATASET_ID}`]));
    const body = { name: "Customer.io", schemaRef: { id: SCHEMA_ID, contentType: "application/vnd.adobe.xed+json;version=1" } };
    expect(await client.catalog.dataSets.create(body, { requestDataSource: true })).toEqual({ id: DATASET_ID });
    expect(stub.requests[0]).toMatchObject({ method: "POST", url: "/data/foundation/catalog/dataSets?requestDataSource=true" });
    expect(JSON.parse(stub.requests[0].body)).toEqual(body);
  });

  it("create of an answer without a reference is an AepError UNEXPECTED_BODY", async () => {
    const { client } = await serve((_, __, response) => json(response, 201, {}));
    await expect(client.catalog.dataSets.create({ name: "x", schemaRef: { id: SCHEMA_ID, contentType: "c" } })).rejects.toMatchObject({
      code: "UNEXPECTED_BODY",
    });
  });

  it("get unwraps the object keyed by id and copies the id in", async () => {
    const { stub, client } = await serve((_, __, response) => json(response, 200, { [DATASET_ID]: { name: "Customer.io", created: 1 } }));
    expect(await client.catalog.dataSets.get(DATASET_ID, { properties: "name,created" })).toEqual({ id: DATASET_ID, name: "Customer.io", created: 1 });
    expect(stub.requests[0].url).toBe(`/data/foundation/catalog/dataSets/${DATASET_ID}?properties=name%2Ccreated`);
  });

  it("list pages with limit + start until a page comes back short", async () => {
    const all = Array.from({ length: 7 }, (_, index) => `${String(index).padStart(24, "0")}`);
    const { stub, client } = await serve((_, url, response) => {
      const start = Number(url.searchParams.get("start"));
      const limit = Number(url.searchParams.get("limit"));
      json(response, 200, Object.fromEntries(all.slice(start, start + limit).map((id) => [id, { name: `set ${id}` }])));
    });
    const items = await collect(client.catalog.dataSets.list({ limit: 3 }));
    expect(items.map((item) => item.id)).toEqual(all);
    expect(stub.requests.map((request) => new URL(request.url, "http://stub").searchParams.get("start"))).toEqual(["0", "3", "6"]);
    await client.catalog.dataSets.delete(all[0]);
    expect(stub.requests.at(-1)).toMatchObject({ method: "DELETE", url: `/data/foundation/catalog/dataSets/${all[0]}` });
  });
});

describe("dataPrep.mappingSets", () => {
  const body = {
    outputSchema: { schemaRef: { id: SCHEMA_ID, contentType: "application/vnd.adobe.xed-full+json;version=1" } },
    mappings: [{ sourceType: "ATTRIBUTE", source: "id", destination: "_id" }],
  };

  it("create takes the 200 {id, version}; get asks for a version; update PUTs", async () => {
    const { stub, client } = await serve((request, url, response) => {
      if (request.method === "POST") return json(response, 200, { id: "59c0e53a2dc84f7791ecc1b3d6e51d5e", version: 0, createdDate: 1 });
      const version = Number(url.searchParams.get("version") ?? 1);
      json(response, 200, { id: "59c0e53a2dc84f7791ecc1b3d6e51d5e", version: request.method === "PUT" ? 2 : version, mappings: [] });
    });
    const created = await client.dataPrep.mappingSets.create(body);
    expect(created).toEqual({ id: "59c0e53a2dc84f7791ecc1b3d6e51d5e", version: 0, createdDate: 1 });
    expect((await client.dataPrep.mappingSets.get(created.id, { version: 0 })).version).toBe(0);
    expect(stub.requests[1].url).toBe(`/data/foundation/conversion/mappingSets/${created.id}?version=0`);
    expect((await client.dataPrep.mappingSets.update(created.id, body)).version).toBe(2);
    expect(stub.requests[2].method).toBe("PUT");
  });

  it("versions reads every version up to the current one, oldest first", async () => {
    const { client } = await serve((_, url, response) => {
      const version = url.searchParams.get("version");
      json(response, 200, { id: "m", version: version === null ? 2 : Number(version), mappings: [] });
    });
    expect((await client.dataPrep.mappingSets.versions("m")).map((set) => set.version)).toEqual([0, 1, 2]);
  });

  it("list pages through {data, _page} with start + limit, using the limit the service applied", async () => {
    const all = Array.from({ length: 5 }, (_, index) => ({ id: `m${index}`, version: 0, mappings: [] }));
    const { stub, client } = await serve((_, url, response) => {
      const start = Number(url.searchParams.get("start"));
      json(response, 200, { data: all.slice(start, start + 2), _page: { count: all.length, limit: 2 } });
    });
    expect((await collect(client.dataPrep.mappingSets.list({ limit: 10 }))).map((set) => set.id)).toEqual(all.map((set) => set.id));
    expect(stub.requests.map((request) => new URL(request.url, "http://stub").searchParams.get("start"))).toEqual(["0", "2", "4"]);
    expect(new URL(stub.requests[0].url, "http://stub").searchParams.get("limit")).toBe("10");
  });

  it("validate answers validationResponse; preview answers an array whether the service sends one or an object", async () => {
    const { client } = await serve((_, url, response) => {
      if (url.pathname.endsWith("/validate")) return json(response, 200, { validationResponse: [{ status: "SUCCESS", errors: null }] });
      json(response, 200, { data: { _id: "1234" }, errors: null });
    });
    expect((await client.dataPrep.mappingSets.validate(body)).validationResponse).toEqual([{ status: "SUCCESS", errors: null }]);
    expect(await client.dataPrep.mappingSets.preview([{ id: 1234 }], body)).toEqual([{ data: { _id: "1234" }, errors: null }]);
  });
});

describe("schemaRegistry", () => {
  it("get sends an Accept with a version, encodes the $id, and reads the format asked for", async () => {
    const { stub, client } = await serve((_, __, response) => json(response, 200, { $id: SCHEMA_ID, "meta:altId": "_acme.schemas.1", version: "1.0", title: "t" }));
    await client.schemaRegistry.schemas.get(SCHEMA_ID);
    await client.schemaRegistry.fieldGroups.get("_acme.mixins.1", { format: "xed-full", container: "global" });
    expect(stub.requests[0].url).toBe(`/data/foundation/schemaregistry/tenant/schemas/${encodeURIComponent(SCHEMA_ID)}`);
    expect(stub.requests[0].headers.accept).toBe("application/vnd.adobe.xed+json; version=1");
    expect(stub.requests[1].url).toBe("/data/foundation/schemaregistry/global/fieldgroups/_acme.mixins.1");
    expect(stub.requests[1].headers.accept).toBe("application/vnd.adobe.xed-full+json; version=1");
  });

  it("create answers the $id, altId, version and eTag with the whole resource", async () => {
    const resource = { $id: SCHEMA_ID, "meta:altId": "_acme.schemas.1", version: "1.0", title: "t", "meta:registryMetadata": { eTag: "abc" } };
    const { stub, client } = await serve((_, __, response) => json(response, 201, resource));
    const created = await client.schemaRegistry.schemas.create({ type: "object", title: "t", description: "d", allOf: [{ $ref: "https://ns.adobe.com/xdm/context/profile" }] });
    expect(created).toEqual({ id: SCHEMA_ID, altId: "_acme.schemas.1", version: "1.0", etag: "abc", resource });
    expect(stub.requests[0]).toMatchObject({ method: "POST", url: "/data/foundation/schemaregistry/tenant/schemas" });
  });

  it("list asks for summaries without a version and follows _links.next.href's start", async () => {
    const { stub, client } = await serve((_, url, response) => {
      const start = url.searchParams.get("start");
      if (start === null) {
        return json(response, 200, {
          results: [{ $id: "a", "meta:altId": "_a", version: "1.0", title: "A" }],
          _page: { orderby: "title", next: "B", count: 1 },
          _links: { next: { href: "https://platform.adobe.io/data/foundation/schemaregistry/tenant/schemas?orderby=title&start=B" } },
        });
      }
      json(response, 200, { results: [{ $id: "b", "meta:altId": "_b", version: "1.0", title: "B" }], _page: { next: null, count: 1 }, _links: {} });
    });
    const titles = (await collect(client.schemaRegistry.schemas.list({ orderby: "title" }))).map((item) => item.title);
    expect(titles).toEqual(["A", "B"]);
    expect(stub.requests[0].headers.accept).toBe("application/vnd.adobe.xed-id+json");
    expect(new URL(stub.requests[1].url, "http://stub").searchParams.get("start")).toBe("B");
    await client.schemaRegistry.schemas.listPage({ full: true });
    expect(stub.requests[2].headers.accept).toBe("application/vnd.adobe.xed+json");
  });

  it("list also takes _links.next as a plain string, or only _page.next, keeping the service's orderby", async () => {
    const pages: Record<string, unknown> = {
      first: { results: [{ title: "A" }], _page: { orderby: "title", next: "B" }, _links: { next: "http://x/tenant/fieldgroups?orderby=title&start=B" } },
      B: { results: [{ title: "B" }], _page: { orderby: "title", next: "C" }, _links: { next: null } },
      C: { results: [{ title: "C" }], _page: { orderby: "title", next: null }, _links: { next: null } },
    };
    const { stub, client } = await serve((_, url, response) => json(response, 200, pages[url.searchParams.get("start") ?? "first"]));
    expect((await collect(client.schemaRegistry.fieldGroups.list())).map((item) => item.title)).toEqual(["A", "B", "C"]);
    expect(stub.requests.map((request) => new URL(request.url, "http://stub").searchParams.get("orderby"))).toEqual([null, "title", "title"]);
  });

  it("stats answers the tenant id; an XDM error is an AepError with its code", async () => {
    const { client } = await serve((_, url, response) => {
      if (url.pathname.endsWith("/stats")) return json(response, 200, { imsOrg: CREDENTIALS.orgId, tenantId: "acme" });
      json(response, 404, { type: "http://ns.adobe.com/aep/errors/XDM-1012-404", title: "Resource Not Found", status: 404, report: { registryRequestId: "r" }, detail: "not found" });
    });
    expect((await client.schemaRegistry.stats()).tenantId).toBe("acme");
    const error = await client.schemaRegistry.schemas.get("missing").catch((reason: unknown) => reason);
    expect(error).toBeInstanceOf(AepError);
    expect(error).toMatchObject({ status: 404, code: "XDM-1012-404", requestId: "r" });
  });
});

describe("emulator.records", () => {
  const record = (id: string) => ({
    id,
    datasetId: "d",
    flowId: "f",
    inletId: "i",
    xactionId: `x:${id}`,
    receivedTimeMs: 1,
    status: "ingested",
    record: {},
    raw: {},
    errors: [],
  });

  it("follows the after cursor, from next or from a next link, and stops on a page without one", async () => {
    const { stub, client } = await serve((_, url, response) => {
      const after = url.searchParams.get("after");
      if (after === null) return json(response, 200, { items: [record("1")], next: "c1", _links: {} });
      if (after === "c1") return json(response, 200, { items: [record("2")], _links: { next: { href: "/_emulator/datasets/d/records?after=c2&limit=1" } } });
      json(response, 200, { items: [record("3")], _links: {} });
    });
    expect((await collect(client.emulator.records("d", { flowId: "f" }))).map((one) => one.id)).toEqual(["1", "2", "3"]);
    expect(stub.requests.map((request) => request.url)).toEqual([
      "/_emulator/datasets/d/records?flowId=f",
      "/_emulator/datasets/d/records?flowId=f&after=c1",
      "/_emulator/datasets/d/records?flowId=f&after=c2",
    ]);
  });
});
