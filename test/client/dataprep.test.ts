import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { collect, type AepClient } from "../../client/index.js";
import {
  countingFetch,
  rejection,
  startClientEmulator,
  SUBSCRIBED,
  SUBSCRIBED_XDM,
  TUTORIAL_MAPPINGS,
  tutorialMappingSet,
  type ClientEmulator,
} from "./support.js";

/** dataPrep.mappingSets against the emulator's Data Prep (/data/foundation/conversion), over a real port. */
describe("the client's Data Prep over a real port", () => {
  let running: ClientEmulator;
  let client: AepClient;

  beforeAll(async () => {
    running = await startClientEmulator();
    client = running.client;
  });
  afterAll(() => running.emulator.stop());
  beforeEach(async () => {
    await client.emulator.reset();
  });

  const destinations = (mappings: { destination?: string; destinationXdmPath?: string }[]) =>
    mappings.map((mapping) => mapping.destination ?? mapping.destinationXdmPath);

  it("create answers {id, version: 0}; get and mappings answer its mappings; update makes version 1 and version 0 stays readable", async () => {
    const created = await client.dataPrep.mappingSets.create(tutorialMappingSet());
    expect(created).toMatchObject({ id: expect.stringMatching(/^[0-9a-f]{32}$/), version: 0, createdDate: expect.any(Number) });

    const current = await client.dataPrep.mappingSets.get(created.id);
    expect(current).toMatchObject({ id: created.id, version: 0 });
    expect(destinations(current.mappings)).toEqual(TUTORIAL_MAPPINGS.map(([, to]) => to));
    const mappings = await client.dataPrep.mappingSets.mappings(created.id);
    expect(destinations(mappings)).toEqual(TUTORIAL_MAPPINGS.map(([, to]) => to));
    expect(mappings.every((mapping) => typeof mapping.id === "string" && mapping.id !== "")).toBe(true);

    const updated = await client.dataPrep.mappingSets.update(created.id, tutorialMappingSet(TUTORIAL_MAPPINGS.slice(0, 2)));
    expect(updated).toMatchObject({ id: created.id, version: 1 });
    expect((await client.dataPrep.mappingSets.get(created.id)).mappings).toHaveLength(2);
    expect(await client.dataPrep.mappingSets.mappings(created.id)).toHaveLength(2);
    expect((await client.dataPrep.mappingSets.get(created.id, { version: 0 })).mappings).toHaveLength(6);
    expect((await client.dataPrep.mappingSets.versions(created.id)).map((set) => [set.version, set.mappings.length])).toEqual([
      [0, 6],
      [1, 2],
    ]);
  });

  it("list follows start + limit across every page: 7 mapping sets in pages of 2", async () => {
    const ids: string[] = [];
    for (let index = 0; index < 7; index++) ids.push((await client.dataPrep.mappingSets.create(tutorialMappingSet())).id);
    const counted = countingFetch();
    const paged = running.clientWith({ fetch: counted.fetch });

    const first = await paged.dataPrep.mappingSets.listPage({ limit: 2 });
    expect(first.items).toHaveLength(2);
    expect(first.next).toMatchObject({ start: 2, limit: 2 });

    counted.requests.length = 0;
    const all = await collect(paged.dataPrep.mappingSets.list({ limit: 2 }));
    expect(all.map((set) => set.id).sort()).toEqual([...ids].sort());
    expect(new Set(all.map((set) => set.id)).size).toBe(7);
    const starts = counted.requests.map((request) => new URL(request.url).searchParams.get("start"));
    expect(starts).toEqual(["0", "2", "4", "6"]);
  });

  it("validate answers one SUCCESS per sound mapping and FAILED for a field the schema lacks; preview maps sample records", async () => {
    const validation = await client.dataPrep.mappingSets.validate(tutorialMappingSet());
    expect(validation.validationResponse.map((entry) => entry.status)).toEqual(Array(6).fill("SUCCESS"));

    const withBadField = await client.dataPrep.mappingSets.validate(tutorialMappingSet([...TUTORIAL_MAPPINGS.slice(0, 1), ["metric", "_extconndev.noSuchField"]]));
    expect(withBadField.validationResponse.map((entry) => entry.status)).toEqual(["SUCCESS", "FAILED"]);
    expect(JSON.stringify(withBadField.validationResponse[1].errors)).toContain("noSuchField");

    const preview = await client.dataPrep.mappingSets.preview([SUBSCRIBED], tutorialMappingSet());
    expect(preview).toHaveLength(1);
    expect(preview[0].data).toEqual(SUBSCRIBED_XDM);
  });

  it("a mapping set that writes a field the schema lacks is refused (MAPPER-1100-400) and nothing is stored", async () => {
    const error = await rejection(client.dataPrep.mappingSets.create(tutorialMappingSet([["metric", "_extconndev.noSuchField"]])));
    expect(error).toMatchObject({ status: 400, code: "MAPPER-1100-400" });
    expect(error.detail).toContain("noSuchField");
    expect(await collect(client.dataPrep.mappingSets.list())).toEqual([]);
  });

  it("an unknown mapping set or version is a 404 AepError with Data Prep's code", async () => {
    const unknown = await rejection(client.dataPrep.mappingSets.get("0123456789abcdef0123456789abcdef"));
    expect(unknown).toMatchObject({ status: 404, code: "MAPPER-1200-404" });
    const created = await client.dataPrep.mappingSets.create(tutorialMappingSet());
    expect(await rejection(client.dataPrep.mappingSets.get(created.id, { version: 3 }))).toMatchObject({ status: 404, code: "MAPPER-1201-404" });
  });

  it("Data Prep sits behind the same gateway: no api key is 403000", async () => {
    const error = await rejection(running.clientWith({ apiKey: "" }).dataPrep.mappingSets.create(tutorialMappingSet()));
    expect(error).toMatchObject({ status: 403, code: "403000" });
  });
});
