import { readFileSync } from "node:fs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { compiledMappingSet } from "../../../emulator/dataprep/compiled.js";
import { mappingSetVersion } from "../../../emulator/dataprep/repository.js";
import { EntityRepository } from "../../../emulator/store/entities.js";
import { createTestEmulator, ORG, OTHER_ORG, tenantOf, type TestEmulator } from "../../support/app.js";
import { CIO_SCHEMA, encoded, SR } from "../../support/registry.js";
import { createMappingSet, createTypedSchema, DP, legacyTutorialBody, SUBSCRIBED, TUTORIAL_MAPPINGS } from "./support.js";

let emulator: TestEmulator;
let entities: EntityRepository;
beforeEach(() => {
  emulator = createTestEmulator();
  entities = new EntityRepository(emulator.store.db);
});
afterEach(() => emulator.close());

const tenant = tenantOf(ORG);

describe("mappingSetVersion (for the inlet)", () => {
  it("answers the stored version exactly as GET ?version=n does", async () => {
    const { id } = await createMappingSet(emulator);
    await emulator.request("PUT", `${DP}/mappingSets/${id}`, { body: legacyTutorialBody(CIO_SCHEMA, TUTORIAL_MAPPINGS.slice(0, 1)) });
    for (const version of [0, 1]) {
      expect(mappingSetVersion(entities, tenant, id, version)).toEqual((await emulator.request("GET", `${DP}/mappingSets/${id}?version=${version}`)).body);
    }
  });

  it("answers undefined for an unknown id, version or tenant", async () => {
    const { id } = await createMappingSet(emulator);
    expect(mappingSetVersion(entities, tenant, "0123456789abcdef0123456789abcdef", 0)).toBeUndefined();
    expect(mappingSetVersion(entities, tenant, id, 1)).toBeUndefined();
    expect(mappingSetVersion(entities, tenantOf(OTHER_ORG), id, 0)).toBeUndefined();
  });
});

describe("compiledMappingSet (for the inlet)", () => {
  it("maps a raw event with values coerced to the output schema's types", async () => {
    const { id } = await createMappingSet(emulator);
    const compiled = compiledMappingSet(entities, tenant, id, 0)!;
    expect(compiled.errors.every((error) => error === null)).toBe(true);
    expect(compiled.map({ ...SUBSCRIBED, timestamp: "1613063089" })).toEqual({
      data: {
        _extconndev: {
          cio_id: "d9c106000001",
          email: "test@example.com",
          event_id0: SUBSCRIBED.event_id,
          metricx: "subscribed",
          object_type1: "customer",
          timestampx: 1613063089,
        },
      },
      errors: [],
    });
  });

  it("compiles each version once: the same version answers the same compiled set", async () => {
    const { id } = await createMappingSet(emulator);
    await emulator.request("PUT", `${DP}/mappingSets/${id}`, { body: legacyTutorialBody(CIO_SCHEMA, TUTORIAL_MAPPINGS.slice(3, 4)) });
    const first = compiledMappingSet(entities, tenant, id, 0);
    expect(compiledMappingSet(entities, tenant, id, 0)).toBe(first);
    const second = compiledMappingSet(entities, tenant, id, 1)!;
    expect(second).not.toBe(first);
    expect(second.map(SUBSCRIBED).data).toEqual({ _extconndev: { metricx: "subscribed" } });
  });

  it("answers undefined for a version that does not exist", async () => {
    const { id } = await createMappingSet(emulator);
    expect(compiledMappingSet(entities, tenant, id, 3)).toBeUndefined();
    expect(compiledMappingSet(entities, tenantOf(OTHER_ORG), id, 0)).toBeUndefined();
  });

  it("is not fooled by a reset that reuses an id: a new mapping set under the same id and version compiles anew", async () => {
    const FIXED = "59c0e53a2dc84f7791ecc1b3d6e51d5e";
    const customerio = JSON.parse(readFileSync(new URL("../../../fixtures/customerio/fixture-set.json", import.meta.url), "utf8"));
    const register = (mappings: [string, string][]) =>
      emulator.request("POST", "/_emulator/seed", { body: { ...customerio, name: "mapped", mappingSets: [{ id: FIXED, ...legacyTutorialBody(CIO_SCHEMA, mappings) }] } });

    await register([["metric", "_extconndev.metricx"]]);
    await emulator.request("GET", `${DP}/mappingSets/${FIXED}`);
    expect(compiledMappingSet(entities, tenant, FIXED, 0)!.map(SUBSCRIBED).data).toEqual({ _extconndev: { metricx: "subscribed" } });

    await register([["object_type", "_extconndev.metricx"]]);
    emulator.store.reset(tenant);
    await emulator.request("GET", `${DP}/mappingSets/${FIXED}`);
    expect(compiledMappingSet(entities, tenant, FIXED, 0)!.map(SUBSCRIBED).data).toEqual({ _extconndev: { metricx: "customer" } });
  });

  it("keeps the field types of its first compile; compiled while the output schema is gone, it maps without coercion", async () => {
    const schemaId = await createTypedSchema(emulator);
    const body = { outputSchema: { schemaRef: { id: schemaId } }, mappings: [{ sourceType: "ATTRIBUTE", source: "n", destination: "_extconndev.typed.count" }] };
    const compiledEarly = (await createMappingSet(emulator, body)).id;
    const compiledLate = (await createMappingSet(emulator, body)).id;
    expect(compiledMappingSet(entities, tenant, compiledEarly, 0)!.map({ n: "42" }).data).toEqual({ _extconndev: { typed: { count: 42 } } });

    const deleted = await emulator.request("DELETE", `${SR}/tenant/schemas/${encoded(schemaId)}`);
    expect(deleted.status, deleted.text).toBe(204);
    expect(compiledMappingSet(entities, tenant, compiledEarly, 0)!.map({ n: "42" }).data).toEqual({ _extconndev: { typed: { count: 42 } } });
    expect(compiledMappingSet(entities, tenant, compiledLate, 0)!.map({ n: "42" }).data).toEqual({ _extconndev: { typed: { count: "42" } } });
  });
});
