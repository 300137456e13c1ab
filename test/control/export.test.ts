import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { parse as parseYaml, stringify as toYaml } from "yaml";
import { createTestEmulator, ORG, OTHER_ORG, type TestEmulator } from "../support/app.js";
import {
  create,
  createCustomerioFlow,
  customerioFlowBody,
  customerioSourceBody,
  CUSTOMERIO_SPEC,
  dataLakeTargetBody,
  FS,
  getItem,
  HTTP_API_FLOW_SPEC,
  HTTP_API_SPEC,
  httpApiConnectionBody,
} from "../support/flowservice.js";
import { createHttpApiInlet, DATASET_ID, goodEntity, post, records, xdmMessage } from "../support/inlet.js";
import { ROOT } from "../support/process.js";
import { flowRequest, mappingSetRequest, sourceConnectionRequest, targetConnectionRequest } from "../e2e/seed-tutorial.js";
import { CIO_SCHEMA, PROFILE, SR } from "../support/registry.js";
import { nested } from "../reliability/arbitraries.js";
import { control, expectControlError } from "./support.js";

let emulator: TestEmulator;
afterEach(() => emulator.close());
const folder = mkdtempSync(join(tmpdir(), "aep-export-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const CONVERSION = "/data/foundation/conversion";
const MAPPING_SET = {
  outputSchema: { schemaRef: { id: CIO_SCHEMA, contentType: "application/vnd.adobe.xed-full+json;version=1" } },
  mappings: [{ sourceType: "ATTRIBUTE", source: "event_id", destination: "_extconndev.event_id0" }],
};

const exported = async (query = "") => {
  const response = await control(emulator, "GET", `/_emulator/export${query}`);
  expect(response.status, response.text).toBe(200);
  return response.text;
};
const seed = (text: string, contentType = "application/json") => control(emulator, "POST", "/_emulator/seed", { raw: text, contentType });
const reset = (query = "") => control(emulator, "POST", `/_emulator/reset${query}`);

/** State in three tenants, made through the HTTP API: every kind of document, patched, versioned, disabled, deleted, ingested. */
async function buildState() {
  // ORG/prod: an HTTP API inlet with its flow, a mapped Customer.io flow on version 1 of a mapping set, patched and disabled.
  const base = await create(emulator, "connections", httpApiConnectionBody());
  const apiSource = await create(emulator, "sourceConnections", { name: "api source", baseConnectionId: base.id, connectionSpec: { id: HTTP_API_SPEC } });
  const target = await create(emulator, "targetConnections", dataLakeTargetBody());
  await create(emulator, "flows", { name: "api flow", flowSpec: { id: HTTP_API_FLOW_SPEC, version: "1.0" }, sourceConnectionIds: [apiSource.id], targetConnectionIds: [target.id] });
  const mapping = await emulator.request("POST", `${CONVERSION}/mappingSets`, { body: MAPPING_SET });
  expect(mapping.status, mapping.text).toBe(200);
  const version1 = await emulator.request("PUT", `${CONVERSION}/mappingSets/${mapping.body.id}`, {
    body: { ...MAPPING_SET, mappings: [...MAPPING_SET.mappings, { sourceType: "ATTRIBUTE", source: "metric", destination: "_extconndev.metricx" }] },
  });
  expect(version1.status, version1.text).toBe(200);
  const source = await create(emulator, "sourceConnections", customerioSourceBody());
  const flow = await create(
    emulator,
    "flows",
    customerioFlowBody(source.id, target.id, [{ name: "Mapping", params: { mappingId: mapping.body.id, mappingVersion: 1 } }]),
  );
  const current = await getItem(emulator, "flows", flow.id);
  const patched = await emulator.request("PATCH", `${FS}/flows/${flow.id}`, {
    body: [{ op: "add", path: "/description", value: "patched" }],
    headers: { "If-Match": current.etag },
  });
  expect(patched.status, patched.text).toBe(200);
  const disabled = await emulator.request("POST", `${FS}/flows/${flow.id}/action?op=disable`);
  expect(disabled.status, disabled.text).toBe(200);
  const doomed = await create(emulator, "sourceConnections", customerioSourceBody());
  expect((await emulator.request("DELETE", `${FS}/sourceConnections/${doomed.id}`)).status).toBe(204);

  // ORG/dev: a schema of the tenant's own, and the Customer.io flow with an event through its inlet (a run, lastRunDetails).
  const schema = await emulator.request("POST", `${SR}/tenant/schemas`, {
    sandbox: "dev",
    body: { type: "object", title: "Mine", description: "d", allOf: [{ $ref: PROFILE }] },
  });
  expect(schema.status, schema.text).toBe(201);
  const devFlow = await createCustomerioFlow(emulator, { sandbox: "dev" });
  const { options } = await getItem(emulator, "flows", devFlow.flow.id, { sandbox: "dev" });
  const event = { event_id: "01E4C4G1S0AMNG0XVF2M7RPH5S", object_type: "email", metric: "sent", timestamp: 1585250305, data: {} };
  const posted = await emulator.app.request(`${new URL(options.inletUrl).pathname}?x-adobe-flow-id=${devFlow.flow.id}`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(event),
  });
  const runs = await emulator.request("GET", `${FS}/runs?property=flowId==${devFlow.flow.id}`, { sandbox: "dev" });
  expect(runs.body.items.length).toBeGreaterThan(0);

  // OTHER_ORG: only the global fixture's copies.
  expect((await emulator.request("GET", `${FS}/flows`, { org: OTHER_ORG })).status).toBe(200);
  return { flowId: flow.id, devFlowId: devFlow.flow.id };
}

describe("GET /_emulator/export", () => {
  it("answers every tenant's state as a list of fixture sets, in dependency order", async () => {
    emulator = createTestEmulator();
    await buildState();
    const sets = JSON.parse(await exported());
    expect(sets.map((set: any) => [set.org, set.sandbox])).toEqual([
      [ORG, "prod"],
      [ORG, "dev"],
      [OTHER_ORG, "prod"],
    ]);
    const [prod, dev, other] = sets;
    expect(Object.keys(prod)).toEqual([
      "name", "org", "sandbox", "tenantId", "fieldGroups", "schemas", "dataSets", "mappingSets", "connections", "sourceConnections", "targetConnections", "flows",
    ]);
    expect(prod.tenantId).toBe("extconndev");
    expect(prod.sourceConnections).toHaveLength(2);
    expect(prod.mappingSets[0].version).toBe(1);
    expect(prod.mappingSets[0].previousVersions.map((version: any) => version.version)).toEqual([0]);
    expect(prod.flows[1]).toMatchObject({ state: "disabled", description: "patched", lastOperation: { operation: "disable" } });
    expect(dev.runs.length).toBeGreaterThan(0);
    expect(Object.keys(dev).slice(-2)).toEqual(["runs", "records"]);
    expect(dev.records).toEqual([expect.objectContaining({ datasetId: dev.dataSets[0].id, flowId: dev.flows[0].id, raw: expect.objectContaining({ metric: "sent" }) })]);
    expect(dev.schemas.map((schema: any) => schema.title)).toEqual(["Customer.io webhook events", "Mine"]);
    expect(Object.keys(other)).toEqual(["name", "org", "sandbox", "tenantId", "fieldGroups", "schemas", "dataSets"]);
  });

  it("round-trips: export -> reset -> seed -> export gives the same text, and the same documents", async () => {
    emulator = createTestEmulator();
    const { flowId, devFlowId } = await buildState();
    const before = await getItem(emulator, "flows", flowId);
    const devBefore = await getItem(emulator, "flows", devFlowId, { sandbox: "dev" });
    const first = await exported();
    expect((await reset()).status).toBe(200);
    expect((await emulator.request("GET", `${FS}/flows`)).body.items).toEqual([]);
    const seeded = await seed(first);
    expect(seeded.status, seeded.text).toBe(201);
    expect(seeded.body.fixtureSets).toHaveLength(3);
    expect(await exported()).toBe(first);
    expect(await getItem(emulator, "flows", flowId)).toEqual(before);
    expect(await getItem(emulator, "flows", devFlowId, { sandbox: "dev" })).toEqual(devBefore);
    // And again: a second reset + seed of the same (now registered, unchanged) sets restores it too.
    await reset();
    const again = await seed(first);
    expect(again.status, again.text).toBe(200);
    expect(await exported()).toBe(first);
  });

  it("exports one tenant with ?org=&sandbox=, which seeds back into that tenant alone", async () => {
    emulator = createTestEmulator();
    await buildState();
    const query = `?org=${encodeURIComponent(ORG)}&sandbox=dev`;
    const first = await exported(query);
    const set = JSON.parse(first);
    expect(Array.isArray(set)).toBe(false);
    expect(set).toMatchObject({ org: ORG, sandbox: "dev", name: "export-0123456789ABCDEF01234567_AdobeOrg.dev" });
    const prodBefore = await exported(`?org=${encodeURIComponent(ORG)}`);
    await reset(query);
    expect((await seed(first)).status).toBe(201);
    expect(await exported(query)).toBe(first);
    expect(await exported(`?org=${encodeURIComponent(ORG)}`)).toBe(prodBefore);
  });

  it("answers YAML with format=yaml, which seeds back as application/yaml", async () => {
    emulator = createTestEmulator();
    await buildState();
    const json = await exported();
    const response = await control(emulator, "GET", "/_emulator/export?format=yaml");
    expect(response.headers.get("content-type")).toMatch(/^application\/yaml/);
    expect(parseYaml(response.text)).toEqual(JSON.parse(json));
    expect(parseYaml(response.text)[1].records).toHaveLength(1);
    await reset();
    const seeded = await seed(response.text, "application/yaml");
    expect(seeded.status, seeded.text).toBe(201);
    expect(await exported()).toBe(json);
  });

  it("round-trips documents nested as deep as the emulator stores them (1000 levels), and refuses deeper ones", async () => {
    emulator = createTestEmulator();
    const deep = (levels: number) => JSON.parse(nested(levels, "object"));
    await create(emulator, "sourceConnections", { ...customerioSourceBody(), params: deep(998) });
    const { flow } = await createCustomerioFlow(emulator);
    const { etag } = await getItem(emulator, "flows", flow.id);
    // The flow keeps the patch in lastOperation.ops, where its value reaches level 1000.
    const patched = await emulator.request("PATCH", `${FS}/flows/${flow.id}`, { body: [{ op: "add", path: "/scheduleParams", value: deep(996) }], headers: { "If-Match": etag } });
    expect(patched.status, patched.text).toBe(200);
    // The inlet stores a message of 1000 levels; in an export it sits one level below a record.
    const { options } = await getItem(emulator, "flows", flow.id);
    const message = { event_id: "01E4C4G1S0AMNG0XVF2M7RPH5S", object_type: "email", metric: "sent", timestamp: 1585250305, data: deep(999) };
    const ingested = await post(emulator, `${new URL(options.inletUrl).pathname}?x-adobe-flow-id=${flow.id}`, message);
    expect(ingested.status, ingested.text).toBe(200);
    const json = await exported();
    expect(JSON.parse(json)[0].records[0].raw).toEqual(message);
    await reset();
    const seeded = await seed(json);
    expect(seeded.status, seeded.text).toBe(201);
    expect(await exported()).toBe(json);

    const tooDeep = { name: "too-deep", org: ORG, sourceConnections: [{ id: "5b0c0d2d-2cd4-4a5d-8c0f-000000000002", name: "deep", connectionSpec: { id: CUSTOMERIO_SPEC, version: "1.0" }, params: deep(1000) }] };
    expectControlError(await seed(JSON.stringify(tooDeep)), 400, /sourceConnections\.0: nested more than 1000 levels deep/);
    expectControlError(await seed(JSON.stringify([[tooDeep]])), 400, /nested more than 1004 levels deep/);
    expect(await exported()).toBe(json);
  });

  it("round-trips fields named __proto__ as fields: the export seeds back unchanged", async () => {
    emulator = createTestEmulator();
    const { flow } = await createCustomerioFlow(emulator);
    const { etag } = await getItem(emulator, "flows", flow.id);
    const value = JSON.parse('{"__proto__":{"kept":1},"plain":{"__proto__":[2]}}');
    const patched = await emulator.request("PATCH", `${FS}/flows/${flow.id}`, { body: [{ op: "add", path: "/scheduleParams", value }], headers: { "If-Match": etag } });
    expect(patched.status, patched.text).toBe(200);
    const json = await exported();
    expect(json).toContain('"scheduleParams":{"__proto__":{"kept":1},"plain":{"__proto__":[2]}}');
    await reset();
    const seeded = await seed(json);
    expect(seeded.status, seeded.text).toBe(201);
    expect(await exported()).toBe(json);
    expect(JSON.stringify((await getItem(emulator, "flows", flow.id)).scheduleParams)).toBe('{"__proto__":{"kept":1},"plain":{"__proto__":[2]}}');
    expect(({} as Record<string, unknown>).kept).toBeUndefined();
  });

  it("answers format=yaml with a 400 naming JSON when the state is nested deeper than YAML's 256 levels", async () => {
    emulator = createTestEmulator();
    await create(emulator, "sourceConnections", { ...customerioSourceBody(), params: JSON.parse(nested(300, "object")) });
    expectControlError(await control(emulator, "GET", `/_emulator/export?org=${encodeURIComponent(ORG)}&format=yaml`), 400, /nested more than 256 levels deep.*export it as JSON/);
    expect(JSON.parse(await exported(`?org=${encodeURIComponent(ORG)}`)).sourceConnections[0].params).toEqual(JSON.parse(nested(300, "object")));
  });

  it("loads back through FIXTURES at start-up, in a fresh emulator", async () => {
    emulator = createTestEmulator();
    await buildState();
    const first = await exported(`?org=${encodeURIComponent(ORG)}`);
    emulator.close();
    const path = join(folder, "state.json");
    writeFileSync(path, first);
    emulator = createTestEmulator({ fixtures: ["customerio", path] });
    expect(await exported(`?org=${encodeURIComponent(ORG)}`)).toBe(first);
  });

  it("moves a webhook flow's inlet URL onto the importing emulator's inlet base", async () => {
    emulator = createTestEmulator();
    const { flow } = await createCustomerioFlow(emulator);
    const inletUrl = (await getItem(emulator, "flows", flow.id)).options.inletUrl as string;
    const first = await exported(`?org=${encodeURIComponent(ORG)}`);
    emulator.close();
    emulator = createTestEmulator({ inletBaseUrl: () => "http://elsewhere:9000" });
    expect((await seed(first)).status).toBe(201);
    const moved = await getItem(emulator, "flows", flow.id);
    expect(moved.options.inletUrl).toBe(inletUrl.replace("http://inlet.test", "http://elsewhere:9000"));
  });

  it("gives the documents of one export seeded into a second tenant inlets of their own, each delivering to its tenant", async () => {
    emulator = createTestEmulator();
    const base = await create(emulator, "connections", httpApiConnectionBody());
    const { flow } = await createCustomerioFlow(emulator);
    const set = JSON.parse(await exported(`?org=${encodeURIComponent(ORG)}`));
    const copied = await seed(JSON.stringify({ ...set, name: "copy", org: OTHER_ORG }));
    expect(copied.status, copied.text).toBe(201);

    const inletsOf = async (org: string) => ({
      base: (await getItem(emulator, "connections", base.id, { org })).auth.params.inletUrl as string,
      flow: (await getItem(emulator, "flows", flow.id, { org })).options.inletUrl as string,
    });
    const original = await inletsOf(ORG);
    const copy = await inletsOf(OTHER_ORG);
    expect(copy.base).toMatch(/\/collection\/[0-9a-f]{64}$/);
    expect(copy.flow).toMatch(/\/collection\/[0-9a-f]{64}$/);
    expect(copy.base).not.toBe(original.base);
    expect(copy.flow).not.toBe(original.flow);

    const event = { event_id: "01E4C4G1S0AMNG0XVF2M7RPH5S", object_type: "email", metric: "sent", timestamp: 1585250305, data: {} };
    for (const inletUrl of [original.flow, copy.flow]) {
      const answer = await post(emulator, `${new URL(inletUrl).pathname}?x-adobe-flow-id=${flow.id}`, event);
      expect(answer.status, answer.text).toBe(200);
    }
    for (const org of [ORG, OTHER_ORG]) {
      expect((await records(emulator, "", { org })).items.map((record) => record.flowId)).toEqual([flow.id]);
    }
    // Seeded again into the tenant it came from, the export keeps its inlets there.
    expect((await reset(`?org=${encodeURIComponent(ORG)}`)).status).toBe(200);
    expect((await seed(JSON.stringify({ ...set, name: "again" }))).status).toBe(201);
    expect(await inletsOf(ORG)).toEqual(original);
  });

  it("leaves out tenants without state and refuses a sandbox without an org", async () => {
    emulator = createTestEmulator({ fixtures: [] });
    expect(JSON.parse(await exported())).toEqual([]);
    expect(JSON.parse(await exported(`?org=${encodeURIComponent(OTHER_ORG)}`))).toEqual({
      name: "export-FEDCBA9876543210FEDCBA98_AdobeOrg.prod",
      org: OTHER_ORG,
      sandbox: "prod",
    });
    expectControlError(await control(emulator, "GET", "/_emulator/export?sandbox=dev"), 400, /sandbox needs org/);
    expectControlError(await control(emulator, "GET", "/_emulator/export?format=xml"), 400, /format/);
  });
});

describe("GET /_emulator/export: the records the inlet wrote", () => {
  const EVENTS = join(ROOT, "fixtures/customerio/events");
  const allRecords = async (org = ORG) => {
    const items: any[] = [];
    let query = "?limit=1000";
    for (;;) {
      const page = await records(emulator, query, { org });
      items.push(...page.items);
      if (page.next === undefined) return items;
      query = `?limit=1000&after=${page.next}`;
    }
  };
  const withoutId = (items: any[]) => items.map(({ id: _id, ...record }) => record);

  /** The tutorial's mapped Customer.io flow and an HTTP API flow, both on the tutorial's dataset, taking turns: ingested and failed records of two flows, interleaved. */
  async function ingest(org = ORG) {
    const source = await create(emulator, "sourceConnections", sourceConnectionRequest, { org });
    const target = await create(emulator, "targetConnections", targetConnectionRequest, { org });
    const mapping = await emulator.request("POST", `${CONVERSION}/mappingSets`, { body: mappingSetRequest, org });
    expect(mapping.status, mapping.text).toBe(200);
    const flow = await create(emulator, "flows", flowRequest(source.id, target.id, mapping.body.id), { org });
    const { options } = await getItem(emulator, "flows", flow.id, { org });
    const api = await createHttpApiInlet(emulator, { dataType: "xdm" }, { org });
    const names = readdirSync(EVENTS).filter((name) => name.endsWith(".json") && name !== "malformed-not-an-object.json").sort();
    for (const [index, name] of names.entries()) {
      const answer = await post(emulator, `${new URL(options.inletUrl).pathname}?x-adobe-flow-id=${flow.id}`, readFileSync(join(EVENTS, name), "utf8"));
      expect(answer.status, `${name}: ${answer.text}`).toBe(200);
      if (index % 5 === 0) expect((await post(emulator, new URL(api.inletUrl).pathname, xdmMessage(goodEntity(index)))).status).toBe(200);
    }
    return { flowId: flow.id as string, apiFlowId: api.flow.id as string };
  }

  it("carries them, ingested and failed, in order: export -> reset -> seed answers the same records, the runs still count them, and the next export is the same text", async () => {
    emulator = createTestEmulator();
    const { flowId, apiFlowId } = await ingest();
    const before = await allRecords();
    expect(new Set(before.map((record) => record.status))).toEqual(new Set(["ingested", "failed"]));
    expect(new Set(before.map((record) => record.flowId))).toEqual(new Set([flowId, apiFlowId]));
    const query = `?org=${encodeURIComponent(ORG)}`;
    const first = await exported(query);
    const set = JSON.parse(first);
    expect(Object.keys(set).at(-1)).toBe("records");
    expect(set.records).toEqual(withoutId(before));
    expect(JSON.stringify(set)).toBe(first);

    expect((await reset(query)).status).toBe(200);
    expect(await allRecords()).toEqual([]);
    const seeded = await seed(first);
    expect(seeded.status, seeded.text).toBe(201);
    const after = await allRecords();
    expect(withoutId(after)).toEqual(withoutId(before));
    for (const id of [flowId, apiFlowId]) {
      const runs = (await emulator.request("GET", `${FS}/runs?property=flowId==${id}`)).body.items;
      const counted = runs.reduce((total: number, run: any) => total + run.metrics.recordSummary.inputRecordCount, 0);
      expect(counted, id).toBe(after.filter((record) => record.flowId === id).length);
    }
    expect(await exported(query)).toBe(first);
  });

  it("keeps one copy of each record when an export is seeded over the state it came from, or seeded again in a new revision", async () => {
    emulator = createTestEmulator();
    await ingest();
    const query = `?org=${encodeURIComponent(ORG)}`;
    const first = await exported(query);
    const count = (await allRecords()).length;
    expect((await seed(JSON.stringify({ ...JSON.parse(first), name: "over-itself" }))).status).toBe(201);
    expect(await allRecords()).toHaveLength(count);
    expect(await exported(query)).toBe(first);
    const fewer = JSON.parse(first);
    fewer.records = fewer.records.slice(0, 3);
    expect((await seed(JSON.stringify({ ...fewer, name: "over-itself" }))).body.status).toBe("updated");
    expect(withoutId(await allRecords())).toEqual(fewer.records);
  });

  it("round-trips the runs and records of a flow deleted since it ran, as GET /runs and the records endpoint still answer them", async () => {
    emulator = createTestEmulator();
    const { flowId } = await ingest();
    expect((await emulator.request("DELETE", `${FS}/flows/${flowId}`)).status).toBe(204);
    const runsOf = async () => (await emulator.request("GET", `${FS}/runs?property=flowId==${flowId}`)).body.items;
    const runs = await runsOf();
    expect(runs.length).toBeGreaterThan(0);
    const before = await allRecords();
    expect(before.some((record) => record.flowId === flowId)).toBe(true);
    const query = `?org=${encodeURIComponent(ORG)}`;
    const first = await exported(query);

    expect((await reset(query)).status).toBe(200);
    const seeded = await seed(first);
    expect(seeded.status, seeded.text).toBe(201);
    expect(await runsOf()).toEqual(runs);
    expect(withoutId(await allRecords())).toEqual(withoutId(before));
    expect(await exported(query)).toBe(first);
  });

  it("leaves out the records of a dataset since deleted, which the records endpoint no longer answers either", async () => {
    emulator = createTestEmulator();
    const { inletUrl } = await createHttpApiInlet(emulator);
    expect((await post(emulator, new URL(inletUrl).pathname, xdmMessage(goodEntity()))).status).toBe(200);
    expect(JSON.parse(await exported(`?org=${encodeURIComponent(ORG)}`)).records).toHaveLength(1);
    expect((await emulator.request("DELETE", `/data/foundation/catalog/dataSets/${DATASET_ID}`)).status).toBe(200);
    expect((await emulator.request("GET", `/_emulator/datasets/${DATASET_ID}/records`)).status).toBe(404);
    expect(JSON.parse(await exported(`?org=${encodeURIComponent(ORG)}`)).records).toBeUndefined();
  });
});

describe("POST /_emulator/seed with Flow Service entities", () => {
  const SOURCE = "11111111-1111-4111-8111-111111111111";
  const TARGET = "22222222-2222-4222-8222-222222222222";
  const FLOW = "33333333-3333-4333-8333-333333333333";
  const BASE = "44444444-4444-4444-8444-444444444444";
  const RECORD = {
    datasetId: DATASET_ID,
    flowId: FLOW,
    inletId: "a".repeat(64),
    xactionId: "1585250305000:0001:0",
    receivedTimeMs: 1585250305000,
    status: "failed",
    record: { _extconndev: { event_id0: "e1" } },
    raw: { event_id: "e1" },
    errors: [{ code: "INGEST-1212-400", message: "wrong" }],
  };
  const dataflowSet = (overrides: Record<string, unknown> = {}) => ({
    name: "dataflow",
    org: ORG,
    sourceConnections: [{ id: SOURCE, ...customerioSourceBody() }],
    targetConnections: [{ id: TARGET, ...dataLakeTargetBody() }],
    flows: [{ id: FLOW, ...customerioFlowBody(SOURCE, TARGET) }],
    ...overrides,
  });

  it("creates connections and flows with fixed ids, derived as a POST derives them", async () => {
    emulator = createTestEmulator();
    const response = await seed(JSON.stringify(dataflowSet({ connections: [{ id: BASE, ...httpApiConnectionBody() }] })));
    expect(response.status, response.text).toBe(201);
    expect(response.body.loaded).toEqual({ connections: [BASE], sourceConnections: [SOURCE], targetConnections: [TARGET], flows: [FLOW] });
    const flow = await getItem(emulator, "flows", FLOW);
    expect(flow).toMatchObject({
      id: FLOW,
      state: "enabled",
      imsOrgId: ORG,
      createdBy: "aep-emulator-fixtures@AdobeID",
      inheritedAttributes: { sourceConnections: [{ id: SOURCE, connectionSpec: { id: CUSTOMERIO_SPEC, version: "1.0" } }] },
      lastOperation: { operation: "enable" },
      runs: `/runs?property=flowId==${FLOW}`,
    });
    expect(flow.options.inletUrl).toMatch(/^http:\/\/inlet\.test\/collection\/[0-9a-f]{64}$/);
    const base = await getItem(emulator, "connections", BASE);
    expect(base.auth.params.inletUrl).toBe(`http://inlet.test/collection/${base.auth.params.inletId}`);
    // The seeded flow is a real one: it can be patched with its etag.
    const patched = await emulator.request("PATCH", `${FS}/flows/${FLOW}`, { body: [{ op: "replace", path: "/name", value: "renamed" }], headers: { "If-Match": flow.etag } });
    expect(patched.status, patched.text).toBe(200);
  });

  it("keeps a flow's inlet when a new revision of the set is seeded", async () => {
    emulator = createTestEmulator();
    await seed(JSON.stringify(dataflowSet()));
    const inletUrl = (await getItem(emulator, "flows", FLOW)).options.inletUrl;
    const revised = dataflowSet({ flows: [{ id: FLOW, ...customerioFlowBody(SOURCE, TARGET), name: "renamed" }] });
    expect((await seed(JSON.stringify(revised))).body.status).toBe("updated");
    const flow = await getItem(emulator, "flows", FLOW);
    expect(flow).toMatchObject({ name: "renamed", options: { inletUrl } });
  });

  it("seeds a disabled flow, and a draft", async () => {
    emulator = createTestEmulator();
    const flows = [
      { id: FLOW, state: "disabled", ...customerioFlowBody(SOURCE, TARGET) },
      { id: "55555555-5555-4555-8555-555555555555", state: "draft", ...customerioFlowBody(SOURCE, TARGET) },
    ];
    expect((await seed(JSON.stringify(dataflowSet({ flows })))).status).toBe(201);
    expect(await getItem(emulator, "flows", FLOW)).toMatchObject({ state: "disabled", lastOperation: { operation: "disable" } });
    expect((await getItem(emulator, "flows", flows[1].id)).state).toBe("draft");
  });

  it.each([
    ["a flow naming a missing source connection", dataflowSet({ sourceConnections: [] }), /sourceConnections resource 1111.* is not found/],
    ["a target connection naming a missing dataset", dataflowSet({ targetConnections: [{ id: TARGET, ...dataLakeTargetBody("0123456789abcdef01234567") }] }), /0123456789abcdef01234567/],
    ["an unknown connection spec", dataflowSet({ sourceConnections: [{ id: SOURCE, ...customerioSourceBody(), connectionSpec: { id: "nope" } }] }), /No connection spec exists with the ID nope/],
    ["a flow without an id", dataflowSet({ flows: [customerioFlowBody(SOURCE, TARGET)] }), /flows\.0\.id/],
    ["an id with a slash", dataflowSet({ flows: [{ id: "a/b", ...customerioFlowBody(SOURCE, TARGET) }] }), /flows\.0\.id/],
    ["one id twice", dataflowSet({ sourceConnections: [{ id: SOURCE, ...customerioSourceBody() }, { id: SOURCE, ...customerioSourceBody() }] }), /appears twice/],
    ["an unknown state", dataflowSet({ flows: [{ id: FLOW, state: "paused", ...customerioFlowBody(SOURCE, TARGET) }] }), /flows\.0\.state/],
    ["a flow whose mapping set is missing", dataflowSet({ flows: [{ id: FLOW, ...customerioFlowBody(SOURCE, TARGET, [{ name: "Mapping", params: { mappingId: "f".repeat(32) } }]) }] }), /mapping set f+ .*not found/],
    ["a record of a dataset the tenant does not have", dataflowSet({ records: [RECORD, { ...RECORD, datasetId: "0123456789abcdef01234567" }] }), /records\.1 names the dataset 0123456789abcdef01234567, which neither the set nor the tenant has/],
    ["a record with an unknown status", dataflowSet({ records: [{ ...RECORD, status: "paused" }] }), /records\.0\.status/],
    ["a record without its message", dataflowSet({ records: [{ ...RECORD, raw: undefined }] }), /records\.0\.raw: is required/],
    ["a record with an id of its own", dataflowSet({ records: [{ id: "1", ...RECORD }] }), /records\.0: Unrecognized key: "id"/],
    ["a record whose time is not whole milliseconds", dataflowSet({ records: [{ ...RECORD, receivedTimeMs: 1.5 }] }), /records\.0\.receivedTimeMs/],
    ["a record whose inlet id is not an inlet id", dataflowSet({ records: [{ ...RECORD, inletId: "inlet" }] }), /records\.0\.inletId/],
    ["a record whose dataset id is not a dataset id", dataflowSet({ records: [{ ...RECORD, datasetId: "x" }] }), /records\.0\.datasetId/],
    ["a record whose errors are not a list of objects", dataflowSet({ records: [{ ...RECORD, errors: "wrong" }] }), /records\.0\.errors/],
    ["a record whose message is nested more than 1000 levels deep", dataflowSet({ records: [{ ...RECORD, raw: JSON.parse(nested(1001, "object")) }] }), /records\.0\.raw: nested more than 1000 levels deep/],
  ])("refuses %s with 400 and writes nothing", async (_case, set, detail) => {
    emulator = createTestEmulator();
    expectControlError(await seed(JSON.stringify(set)), 400, detail);
    expect((await records(emulator)).items).toEqual([]);
    expect((await emulator.request("GET", `${FS}/flows`)).body.items).toEqual([]);
    expect((await emulator.request("GET", `${FS}/sourceConnections`)).body.items).toEqual([]);
    expect((await control(emulator, "GET", "/_emulator/seed")).body.fixtureSets.map((each: any) => each.name)).toEqual(["customerio"]);
  });

  it("writes a set's records after its flows, in the set's order, as the records endpoint answers them", async () => {
    emulator = createTestEmulator();
    const second = { ...RECORD, xactionId: "1585250305000:0001:1", status: "ingested", errors: undefined };
    const response = await seed(JSON.stringify(dataflowSet({ records: [RECORD, second] })));
    expect(response.status, response.text).toBe(201);
    expect(response.body.loaded).toEqual({ sourceConnections: [SOURCE], targetConnections: [TARGET], flows: [FLOW] });
    const { items } = await records(emulator);
    expect(items).toEqual([
      { id: expect.any(String), ...RECORD },
      { id: expect.any(String), ...second, errors: [] },
    ]);
    expect(Number(items[1].id)).toBeGreaterThan(Number(items[0].id));
    expect((await records(emulator, `?flowId=${FLOW}&status=ingested`)).items.map((item) => item.xactionId)).toEqual([second.xactionId]);
  });

  it("refuses a mapping set whose versions are not numbered from 0", async () => {
    emulator = createTestEmulator();
    await emulator.request("GET", `${FS}/flows`);
    const mapping = await emulator.request("POST", `${CONVERSION}/mappingSets`, { body: MAPPING_SET });
    const set = JSON.parse(await exported(`?org=${encodeURIComponent(ORG)}`));
    set.mappingSets[0].version = 3;
    expect(set.mappingSets[0].id).toBe(mapping.body.id);
    expectControlError(await seed(JSON.stringify(set)), 400, /versions that are not 0, 1, 2/);
  });

  it("registers a list in one transaction: one bad set writes nothing", async () => {
    emulator = createTestEmulator();
    const good = dataflowSet();
    const bad = { ...dataflowSet({ sourceConnections: [] }), name: "bad", org: OTHER_ORG };
    const response = await seed(JSON.stringify([good, bad]));
    expectControlError(response, 400, /fixture set at index 1|bad/);
    expect((await emulator.request("GET", `${FS}/flows`)).body.items).toEqual([]);
    expect((await control(emulator, "GET", "/_emulator/seed")).body.fixtureSets).toHaveLength(1);
  });
});

describe("POST /_emulator/seed bodies", () => {
  const acme = {
    name: "acme",
    tenantId: "acme",
    schemas: [{ $id: "https://ns.adobe.com/acme/schemas/0a0b", type: "object", title: "Acme", description: "d", allOf: [{ $ref: PROFILE }] }],
  };

  it.each([["application/yaml"], ["text/yaml"], ["application/x-yaml; charset=utf-8"]])("accepts YAML as %s", async (contentType) => {
    emulator = createTestEmulator({ fixtures: [] });
    const response = await seed(toYaml(acme), contentType);
    expect(response.status, response.text).toBe(201);
    expect(response.body).toMatchObject({ name: "acme", loaded: { schemas: [acme.schemas[0].$id] } });
  });

  it("names the problem in a YAML set", async () => {
    emulator = createTestEmulator({ fixtures: [] });
    expectControlError(await seed(toYaml({ ...acme, tenantId: "Bad Id" }), "application/yaml"), 400, /tenantId/);
    expectControlError(await seed("a: [", "application/yaml"), 400, /not valid YAML/);
  });

  it("reads YAML nested up to 256 levels and refuses deeper YAML, flow or block style, with a 400; the emulator stays up", async () => {
    emulator = createTestEmulator({ fixtures: [] });
    // The set is level 1, sourceConnections 2, the connection 3: params of 253 levels reach 256.
    const connection = (params: string) =>
      `{"name": "deep", "org": "${ORG}", "sourceConnections": [{"id": "5b0c0d2d-2cd4-4a5d-8c0f-000000000001", "name": "deep", ` +
      `"connectionSpec": {"id": "${CUSTOMERIO_SPEC}", "version": "1.0"}, "params": ${params}}]}`;
    const deepest = await seed(connection(nested(253, "object")), "application/yaml");
    expect(deepest.status, deepest.text).toBe(201);
    const stored = await getItem(emulator, "sourceConnections", "5b0c0d2d-2cd4-4a5d-8c0f-000000000001");
    expect(stored.params).toEqual(JSON.parse(nested(253, "object")));
    let block = "";
    for (let level = 0; level < 300; level++) block += `${" ".repeat(level)}a:\n`;
    for (const text of [connection(nested(254, "object")), connection(nested(1003, "array")), `x: ${nested(5000, "object")}`, block]) {
      expectControlError(await seed(text, "application/yaml"), 400, /not valid YAML: nested more than 256 levels deep/);
    }
    expect((await control(emulator, "GET", "/_emulator/seed")).body.fixtureSets).toHaveLength(1);
    expect((await control(emulator, "GET", "/_emulator/health")).status).toBe(200);
  });

  it("refuses an empty body, malformed JSON and other media types", async () => {
    emulator = createTestEmulator({ fixtures: [] });
    expectControlError(await seed(""), 400, /empty/);
    expectControlError(await seed("{"), 400, /not valid JSON/);
    expectControlError(await seed("name: x", "text/csv"), 415, /application\/json or application\/yaml/);
    expectControlError(await seed("[1]"), 400, /at index 0/);
    expect((await control(emulator, "GET", "/_emulator/seed")).body.fixtureSets).toEqual([]);
  });
});
