import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { collect, type AepClient } from "../../client/index.js";
import { customerioSourceBody } from "../support/flowservice.js";
import { countingFetch, startClientEmulator, type ClientEmulator } from "./support.js";

describe("the client's paging over a real port", () => {
  let running: ClientEmulator;
  let client: AepClient;
  let counted: ReturnType<typeof countingFetch>;
  const TOTAL = 23;
  let ids: string[];

  beforeAll(async () => {
    running = await startClientEmulator();
  });
  afterAll(() => running.emulator.stop());
  beforeEach(async () => {
    counted = countingFetch();
    client = running.clientWith({ fetch: counted.fetch });
    await client.emulator.reset();
    ids = [];
    for (let index = 0; index < TOTAL; index++) {
      const name = `source ${String(index).padStart(2, "0")} ${index % 2 === 0 ? "even" : "odd"}`;
      ids.push((await client.flowService.sourceConnections.create({ ...customerioSourceBody(), name })).id);
    }
    counted.requests.length = 0;
  });

  const listRequests = () => counted.requests.filter((request) => request.method === "GET");

  it("list follows continuationToken across every page: 23 items in pages of 5 is 5 requests", async () => {
    const items = await collect(client.flowService.sourceConnections.list({ limit: 5 }));
    expect(items.map((item) => item.id).sort()).toEqual([...ids].sort());
    expect(new Set(items.map((item) => item.id)).size).toBe(TOTAL);
    const requests = listRequests();
    expect(requests).toHaveLength(5);
    expect(requests[0].url).toContain("limit=5");
    expect(requests.slice(1).every((request) => request.url.includes("continuationToken="))).toBe(true);
  });

  it("listPage answers one page and the query of the next; the last page has none", async () => {
    const first = await client.flowService.sourceConnections.listPage({ limit: 10 });
    expect(first.items).toHaveLength(10);
    expect(first.next?.continuationToken).toEqual(expect.any(String));
    const second = await client.flowService.sourceConnections.listPage(first.next);
    expect(second.items).toHaveLength(10);
    const third = await client.flowService.sourceConnections.listPage(second.next);
    expect(third.items).toHaveLength(3);
    expect(third.next).toBeUndefined();
    const seen = [...first.items, ...second.items, ...third.items].map((item) => item.id);
    expect(new Set(seen).size).toBe(TOTAL);
  });

  it("filters and ordering hold across pages", async () => {
    const names = (await collect(client.flowService.sourceConnections.list({ orderby: "-name", limit: 4 }))).map((item) => item.name);
    expect(names).toHaveLength(TOTAL);
    expect(names).toEqual([...names].sort().reverse());
    expect(names[0]).toBe("source 22 even");

    const chosen = await collect(
      client.flowService.sourceConnections.list({ property: ["state==enabled", "name==source 03 odd,source 04 even"], limit: 1 }),
    );
    expect(chosen.map((item) => item.name).sort()).toEqual(["source 03 odd", "source 04 even"]);
    expect(listRequests().at(-1)?.url).toContain("continuationToken=");
  });

  it("collect with a maximum stops fetching pages once it has enough", async () => {
    const firstSeven = await collect(client.flowService.sourceConnections.list({ limit: 3 }), 7);
    expect(firstSeven).toHaveLength(7);
    expect(listRequests()).toHaveLength(3);
  });

  it("the async iterable fetches lazily: breaking out after the first item costs one request", async () => {
    for await (const item of client.flowService.sourceConnections.list({ limit: 5 })) {
      expect(ids).toContain(item.id);
      break;
    }
    expect(listRequests()).toHaveLength(1);
  });

  it("an empty collection is one request and no items", async () => {
    await client.emulator.reset();
    counted.requests.length = 0;
    expect(await collect(client.flowService.flows.list({ limit: 5 }))).toEqual([]);
    expect(listRequests()).toHaveLength(1);
  });
});
