import { afterEach, describe, expect, it } from "vitest";
import { createIdSource } from "../../emulator/platform/ids.js";
import { createTestEmulator, type TestEmulator } from "../support/app.js";
import { create, createCustomerioFlow, getItem, httpApiConnectionBody } from "../support/flowservice.js";
import { createDataSet, createXdm, CIO_SCHEMA, PROFILE, schemaBody, XED } from "../support/registry.js";
import { createMappingSet } from "../dataprep/api/support.js";

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** The milliseconds an id's first 12 hex digits (dashes aside) say it was made at. */
const madeAt = (id: string) => Number.parseInt(id.replace(/-/g, "").slice(0, 12), 16);

let emulators: TestEmulator[] = [];
afterEach(() => {
  for (const emulator of emulators) emulator.close();
  emulators = [];
});

function emulator(seed?: string): TestEmulator {
  const made = createTestEmulator(seed === undefined ? {} : { ids: createIdSource(seed) });
  emulators.push(made);
  return made;
}

/** One resource of each kind the emulator names: connections, flow, inlet, mapping set, schema, dataset. */
async function createOneOfEach(target: TestEmulator) {
  const { source, target: targetConnection, flow } = await createCustomerioFlow(target);
  const connection = await create(target, "connections", httpApiConnectionBody());
  const inletId: string = (await getItem(target, "connections", connection.id)).auth.params.inletId;
  const flowInlet: string = (await getItem(target, "flows", flow.id)).options.inletUrl.split("/").at(-1);
  const mappingSetId: string = (await createMappingSet(target)).id;
  const schemaId = (await createXdm(target, "schemas", schemaBody("Members", [PROFILE]))).$id as string;
  const dataSetId = await createDataSet(target, { name: "Members", schemaRef: { id: CIO_SCHEMA, contentType: XED } });
  return {
    uuids: [source.id, targetConnection.id, flow.id, connection.id],
    hex: { inletId, flowInlet, mappingSetId, schemaHex: schemaId.split("/").at(-1)!, dataSetId },
  };
}

describe("ids of created resources", () => {
  it("begin with the time they were made and keep Adobe's shapes", async () => {
    const before = Date.now();
    const { uuids, hex } = await createOneOfEach(emulator());
    const after = Date.now();
    for (const id of uuids) expect(id).toMatch(UUID_V4);
    expect(hex.inletId).toMatch(/^[0-9a-f]{64}$/);
    expect(hex.flowInlet).toMatch(/^[0-9a-f]{64}$/);
    expect(hex.mappingSetId).toMatch(/^[0-9a-f]{32}$/);
    expect(hex.schemaHex).toMatch(/^[0-9a-f]{48}$/);
    expect(hex.dataSetId).toMatch(/^[0-9a-f]{24}$/);
    for (const id of [...uuids, ...Object.values(hex)]) {
      expect(madeAt(id), id).toBeGreaterThanOrEqual(before);
      expect(madeAt(id), id).toBeLessThanOrEqual(after);
    }
  });

  it("made one after the other sort in the order they were made, and never repeat", async () => {
    const made = emulator();
    const ids: string[] = [];
    for (let n = 0; n < 40; n++) {
      ids.push((await create(made, "connections", httpApiConnectionBody(`inlet ${n}`))).id);
      if (n % 10 === 9) await new Promise((resolve) => setTimeout(resolve, 2));
    }
    const times = ids.map(madeAt);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(times.at(-1)).toBeGreaterThan(times[0]);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("follow ID_SEED instead: the same seed and requests give the same ids, another seed others", async () => {
    const first = await createOneOfEach(emulator("repeatable"));
    const again = await createOneOfEach(emulator("repeatable"));
    const other = await createOneOfEach(emulator("another"));
    expect(again).toEqual(first);
    for (const id of first.uuids) expect(id).toMatch(UUID_V4);
    expect(other.uuids.filter((id) => first.uuids.includes(id))).toEqual([]);
    expect(other.hex.inletId).not.toBe(first.hex.inletId);
  });
});
