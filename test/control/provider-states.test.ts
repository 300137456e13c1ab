import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { PROVIDER_STATE_ORG, PROVIDER_STATES, SECOND_DATAFLOW_IDS, TUTORIAL_IDS } from "../../emulator/control/provider-states.js";
import { createTestEmulator, OTHER_ORG, type TestEmulator } from "../support/app.js";
import { ROOT } from "../support/process.js";
import { CUSTOMERIO_SPEC, FS, getItem } from "../support/flowservice.js";
import { CATALOG, CIO_DATASET, CIO_SCHEMA, encoded, SR, XED } from "../support/registry.js";
import { control, expectControlError } from "./support.js";

let emulator: TestEmulator;
afterEach(() => emulator.close());

const change = (state: string, params: Record<string, unknown> = {}, action?: "setup" | "teardown") =>
  control(emulator, "POST", "/_emulator/provider-states", { body: { state, params, ...(action ? { action } : {}) } });

const setup = async (state: string, params: Record<string, unknown> = {}) => {
  const response = await change(state, params);
  expect(response.status, response.text).toBe(200);
  return response.body;
};

const status = async (path: string, options: { org?: string; sandbox?: string } = {}) =>
  (await emulator.request("GET", path, { org: PROVIDER_STATE_ORG, ...options })).status;

/**
 * The README's provider-state table ("### Provider states"): each row's state and the params it
 * names. A row that starts with "+" adds to `org` and `sandbox`; "the dataflow params" are those of
 * the dataflow row.
 */
function readmeProviderStates(): { name: string; params: string[] }[] {
  const readme = readFileSync(join(ROOT, "README.md"), "utf8");
  const section = readme.slice(readme.indexOf("\n### Provider states\n"));
  const lines = section.split("\n");
  const header = lines.findIndex((line) => line.startsWith("| State |"));
  expect(header).toBeGreaterThan(0);
  const body = lines.slice(header + 2);
  const end = body.findIndex((line) => !line.startsWith("|"));
  const rows = end === -1 ? body : body.slice(0, end);
  const cells = rows.map((row) => row.split(/(?<!\\)\|/).slice(1, -1).map((cell) => cell.trim()));
  const named = (text: string) => [...text.matchAll(/`([A-Za-z]+)`/g)].map((match) => match[1]);
  const dataflow = cells.find(([name]) => name.includes("dataflow"));
  expect(dataflow).toBeDefined();
  const paramsOf = (text: string): string[] => [
    ...(text.startsWith("+") ? ["org", "sandbox"] : []),
    ...(text.includes("the dataflow params") ? paramsOf(dataflow![1]) : []),
    ...named(text),
  ];
  return cells.map(([name, params]) => ({ name, params: [...new Set(paramsOf(params))].sort() }));
}

describe("POST /_emulator/provider-states", () => {
  it("lists every state it knows (GET), the same table the README shows", async () => {
    emulator = createTestEmulator();
    const response = await control(emulator, "GET", "/_emulator/provider-states");
    expect(response.body.states).toEqual(PROVIDER_STATES);
    const listed = (response.body.states as { name: string; params: Record<string, string> }[]).map(({ name, params }) => ({ name, params: Object.keys(params).sort() }));
    expect(listed).toEqual(readmeProviderStates());
  });

  it('"a Customer.io dataflow exists" creates the whole seed tutorial with the tutorial\'s ids, and answers them', async () => {
    emulator = createTestEmulator({ fixtures: [] });
    const values = await setup("a Customer.io dataflow exists");
    expect(values).toEqual({
      org: PROVIDER_STATE_ORG,
      sandbox: "prod",
      schemaId: CIO_SCHEMA,
      dataSetId: CIO_DATASET,
      mappingSetId: TUTORIAL_IDS.mappingSetId,
      sourceConnectionId: TUTORIAL_IDS.sourceConnectionId,
      targetConnectionId: TUTORIAL_IDS.targetConnectionId,
      flowId: TUTORIAL_IDS.flowId,
      etag: expect.stringMatching(/^"[0-9a-f]{8}-0000-0200-0000-[0-9a-f]{12}"$/),
      inletUrl: expect.stringMatching(/^http:\/\/inlet\.test\/collection\/[0-9a-f]{64}$/),
      inletId: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    const flow = await getItem(emulator, "flows", values.flowId, { org: PROVIDER_STATE_ORG });
    expect(flow).toMatchObject({
      state: "enabled",
      etag: values.etag,
      sourceConnectionIds: [values.sourceConnectionId],
      targetConnectionIds: [values.targetConnectionId],
      transformations: [{ name: "Mapping", params: { mappingId: values.mappingSetId, mappingVersion: 0 } }],
      options: { inletUrl: values.inletUrl },
    });
    const source = await getItem(emulator, "sourceConnections", values.sourceConnectionId, { org: PROVIDER_STATE_ORG });
    expect(source.connectionSpec.id).toBe(CUSTOMERIO_SPEC);
    const mapping = await emulator.request("GET", `/data/foundation/conversion/mappingSets/${values.mappingSetId}`, { org: PROVIDER_STATE_ORG });
    expect(mapping.status, mapping.text).toBe(200);
    expect(mapping.body.mappings).toHaveLength(6);
    expect(await status(`${CATALOG}/dataSets/${CIO_DATASET}`)).toBe(200);
    // The inlet takes the tutorial's events.
    const event = { event_id: "01E4C4G1S0AMNG0XVF2M7RPH5S", object_type: "email", metric: "sent", timestamp: 1585250305, data: { identifiers: { email: "a@example.com" } } };
    const posted = await emulator.app.request(`/collection/${values.inletId}?x-adobe-flow-id=${values.flowId}`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(event),
    });
    expect(posted.status, await posted.text()).toBe(200);
  });

  it("takes fixed ids, the tenant and the inlet id from params; a repeated setup changes nothing", async () => {
    emulator = createTestEmulator();
    const params = {
      org: OTHER_ORG,
      sandbox: "dev",
      flowId: "f1000000-0000-4000-8000-000000000001",
      sourceConnectionId: "50000000-0000-4000-8000-000000000001",
      targetConnectionId: "70000000-0000-4000-8000-000000000001",
      mappingSetId: "a".repeat(32),
      inletId: "b".repeat(64),
    };
    const first = await setup("a Customer.io dataflow exists", params);
    expect(first).toMatchObject({ org: OTHER_ORG, sandbox: "dev", flowId: params.flowId, inletId: params.inletId, mappingSetId: params.mappingSetId });
    const tenant = { org: OTHER_ORG, sandbox: "dev" };
    expect(await status(`${FS}/flows/${params.flowId}`, tenant)).toBe(200);
    expect(await status(`${FS}/flows/${params.flowId}`)).toBe(404);
    const again = await setup("a Customer.io dataflow exists", params);
    expect(again.inletUrl).toBe(first.inletUrl);
    expect((await emulator.request("GET", `${FS}/flows?count=true`, tenant)).body).toEqual({ count: 1 });

    // Inlet ids are global: another flow, here in another tenant, cannot be given the same one.
    const taken = await change("a Customer.io dataflow exists", { ...params, sandbox: "prod", flowId: "f1000000-0000-4000-8000-000000000002" });
    expectControlError(taken, 400, /inlet id b{64} belongs to another flow or connection/);
    expect((await emulator.request("GET", `${FS}/flows?count=true`, { org: OTHER_ORG, sandbox: "prod" })).body).toEqual({ count: 0 });
  });

  it('"a source connection exists" creates the Customer.io source connection', async () => {
    emulator = createTestEmulator();
    const values = await setup("a source connection exists", { sourceConnectionId: "5c000000-0000-4000-8000-000000000001" });
    expect(values).toMatchObject({ sourceConnectionId: "5c000000-0000-4000-8000-000000000001", etag: expect.any(String) });
    const source = await getItem(emulator, "sourceConnections", values.sourceConnectionId, { org: PROVIDER_STATE_ORG });
    expect(source).toMatchObject({ etag: values.etag, name: "Streaming Source Connection for Customer.io" });
  });

  it('"a flow exists with etag" gives the flow exactly that etag, which If-Match then accepts', async () => {
    emulator = createTestEmulator();
    const etag = '"4c012103-0000-0200-0000-63ef57db0000"';
    const values = await setup("a flow exists with etag", { etag });
    expect(values.etag).toBe(etag);
    const flow = await getItem(emulator, "flows", TUTORIAL_IDS.flowId, { org: PROVIDER_STATE_ORG });
    expect(flow).toMatchObject({ etag, version: etag });
    const stale = await emulator.request("PATCH", `${FS}/flows/${TUTORIAL_IDS.flowId}`, {
      org: PROVIDER_STATE_ORG,
      body: [{ op: "replace", path: "/name", value: "x" }],
      headers: { "If-Match": '"00000000-0000-0200-0000-000000000000"' },
    });
    expect(stale.status).toBe(412);
    const fresh = await emulator.request("PATCH", `${FS}/flows/${TUTORIAL_IDS.flowId}`, {
      org: PROVIDER_STATE_ORG,
      body: [{ op: "replace", path: "/name", value: "x" }],
      headers: { "If-Match": etag },
    });
    expect(fresh.status, fresh.text).toBe(200);
  });

  it('"a flow exists with etag" needs the etag', async () => {
    emulator = createTestEmulator();
    expectControlError(await change("a flow exists with etag"), 400, /needs params\.etag/);
    expect(await status(`${FS}/flows/${TUTORIAL_IDS.flowId}`)).toBe(404);
  });

  it('"a flow is disabled" creates the dataflow with its flow disabled', async () => {
    emulator = createTestEmulator();
    const values = await setup("a flow is disabled");
    const flow = await getItem(emulator, "flows", values.flowId, { org: PROVIDER_STATE_ORG });
    expect(flow).toMatchObject({ state: "disabled", etag: values.etag, lastOperation: { operation: "disable" } });
    const enabled = await emulator.request("POST", `${FS}/flows/${values.flowId}/action?op=enable`, { org: PROVIDER_STATE_ORG });
    expect(enabled.status, enabled.text).toBe(200);
  });

  it('"a Customer.io dataflow has a run" sends an event to the flow\'s inlet: the flow has that run, as GET /runs lists it', async () => {
    emulator = createTestEmulator();
    const values = await setup("a Customer.io dataflow has a run");
    expect(values).toMatchObject({ flowId: TUTORIAL_IDS.flowId, inletId: expect.stringMatching(/^[0-9a-f]{64}$/), runId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    const runs = await emulator.request("GET", `${FS}/runs?property=flowId==${values.flowId}`, { org: PROVIDER_STATE_ORG });
    expect(runs.status, runs.text).toBe(200);
    expect(runs.body.items).toHaveLength(1);
    expect(runs.body.items[0]).toMatchObject({
      id: values.runId,
      flowId: values.flowId,
      etag: expect.stringMatching(/^"[0-9a-f-]{36}"$/),
      metrics: {
        recordSummary: { inputRecordCount: 1, outputRecordCount: 1, failedRecordCount: 0 },
        statusSummary: { status: "success" },
      },
    });
    const flow = await getItem(emulator, "flows", values.flowId, { org: PROVIDER_STATE_ORG });
    expect(flow.lastRunDetails).toMatchObject({ id: values.runId, state: "success" });
    const records = await control(emulator, "GET", `/_emulator/datasets/${CIO_DATASET}/records`, { headers: { "x-gw-ims-org-id": PROVIDER_STATE_ORG } });
    expect(records.body.items.map((record: { flowId: string; status: string }) => [record.flowId, record.status])).toEqual([[values.flowId, "ingested"]]);
    const torn = await change("a Customer.io dataflow has a run", {}, "teardown");
    expect(torn.body.removed).toContain(values.flowId);
    expect((await emulator.request("GET", `${FS}/runs?count=true`, { org: PROVIDER_STATE_ORG })).body).toEqual({ count: 0 });
  });

  it('"two Customer.io dataflows exist, one a page" answers the continuationToken a client gets from the first page, which opens the second', async () => {
    emulator = createTestEmulator();
    const values = await setup("two Customer.io dataflows exist, one a page");
    expect(values).toMatchObject({ flowId: TUTORIAL_IDS.flowId, secondFlowId: SECOND_DATAFLOW_IDS.flowId, continuationToken: expect.any(String) });
    expect((await emulator.request("GET", `${FS}/flows?count=true`, { org: PROVIDER_STATE_ORG })).body).toEqual({ count: 2 });
    const first = await emulator.request("GET", `${FS}/flows?limit=1`, { org: PROVIDER_STATE_ORG });
    expect(first.body._links.next.href).toBe(`/flows?continuationToken=${values.continuationToken}`);
    const second = await emulator.request("GET", `${FS}/flows?continuationToken=${encodeURIComponent(values.continuationToken)}`, { org: PROVIDER_STATE_ORG });
    expect(second.status, second.text).toBe(200);
    expect([...first.body.items, ...second.body.items].map((flow: { id: string }) => flow.id).sort()).toEqual([values.flowId, values.secondFlowId].sort());
    expect(second.body._links).toEqual({});
    const torn = await change("two Customer.io dataflows exist, one a page", {}, "teardown");
    expect(torn.body.removed).toEqual(expect.arrayContaining([values.flowId, values.secondFlowId, SECOND_DATAFLOW_IDS.sourceConnectionId, SECOND_DATAFLOW_IDS.mappingSetId]));
    expect((await emulator.request("GET", `${FS}/flows?count=true`, { org: PROVIDER_STATE_ORG })).body).toEqual({ count: 0 });
  });

  it('a teardown of "two Customer.io dataflows exist, one a page" without its setup removes both flows its ids name', async () => {
    emulator = createTestEmulator();
    await setup("a Customer.io dataflow exists");
    await setup("a Customer.io dataflow exists", { ...SECOND_DATAFLOW_IDS });
    const torn = await change("two Customer.io dataflows exist, one a page", {}, "teardown");
    expect(torn.body.removed).toEqual(expect.arrayContaining([TUTORIAL_IDS.flowId, SECOND_DATAFLOW_IDS.flowId, SECOND_DATAFLOW_IDS.targetConnectionId]));
    expect((await emulator.request("GET", `${FS}/flows?count=true`, { org: PROVIDER_STATE_ORG })).body).toEqual({ count: 0 });
  });

  it("sends its own requests past the gateway's API_KEYS, without journaling them or meeting fault rules", async () => {
    emulator = createTestEmulator({ apiKeys: ["the-only-key"] });
    const fault = await control(emulator, "POST", "/_emulator/faults", { body: { path: "*", status: 503 } });
    expect(fault.status, fault.text).toBe(201);
    const run = await setup("a Customer.io dataflow has a run");
    const pages = await setup("two Customer.io dataflows exist, one a page");
    expect(run.runId).toEqual(expect.any(String));
    expect(pages.continuationToken).toEqual(expect.any(String));
    expect((await control(emulator, "GET", "/_emulator/requests")).body.requests).toEqual([]);
    expect((await control(emulator, "GET", "/_emulator/faults")).body.faults).toMatchObject([{ fired: 0 }]);
    // A client's request meets the rule and is journaled.
    const client = await emulator.request("GET", `${FS}/flows`, { org: PROVIDER_STATE_ORG, headers: { "x-api-key": "the-only-key" } });
    expect(client.status).toBe(503);
    expect((await control(emulator, "GET", "/_emulator/requests")).body.requests).toMatchObject([{ path: `${FS}/flows`, status: 503 }]);
  });

  it("answers 400 saying what its own request was answered when a route refuses it (an org ORG_IDS does not admit)", async () => {
    emulator = createTestEmulator({ orgIds: [OTHER_ORG] });
    const refused = await change("two Customer.io dataflows exist, one a page");
    expectControlError(refused, 400, /could not be set up: GET \/data\/foundation\/flowservice\/flows answered 403/);
  });

  it('"no flows exist" deletes the tenant\'s flows and runs, and only that tenant\'s', async () => {
    emulator = createTestEmulator();
    const values = await setup("a Customer.io dataflow exists");
    await setup("a Customer.io dataflow exists", { org: OTHER_ORG });
    const posted = await emulator.app.request(`/collection/${values.inletId}?x-adobe-flow-id=${values.flowId}`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ event_id: "e1", object_type: "email", metric: "sent", timestamp: 1585250305, data: {} }),
    });
    expect(posted.status, await posted.text()).toBe(200);
    expect((await emulator.request("GET", `${FS}/runs?count=true`, { org: PROVIDER_STATE_ORG })).body).toEqual({ count: 1 });
    const cleared = await setup("no flows exist");
    expect((await emulator.request("GET", `${FS}/runs?count=true`, { org: PROVIDER_STATE_ORG })).body).toEqual({ count: 0 });
    expect(cleared.deletedFlowIds).toEqual([values.flowId]);
    expect((await emulator.request("GET", `${FS}/flows?count=true`, { org: PROVIDER_STATE_ORG })).body).toEqual({ count: 0 });
    expect((await emulator.request("GET", `${FS}/flows?count=true`, { org: OTHER_ORG })).body).toEqual({ count: 1 });
    expect(await status(`${FS}/sourceConnections/${values.sourceConnectionId}`)).toBe(200);
  });

  it('"the Customer.io schema and dataset exist" creates them in a tenant that lacks them', async () => {
    emulator = createTestEmulator({ fixtures: [] });
    expect(await status(`${CATALOG}/dataSets/${CIO_DATASET}`)).toBe(404);
    const values = await setup("the Customer.io schema and dataset exist");
    expect(values).toEqual({ org: PROVIDER_STATE_ORG, sandbox: "prod", schemaId: CIO_SCHEMA, dataSetId: CIO_DATASET });
    expect(await status(`${CATALOG}/dataSets/${CIO_DATASET}`)).toBe(200);
    const schema = await emulator.request("GET", `${SR}/tenant/schemas/${encoded(CIO_SCHEMA)}`, { org: PROVIDER_STATE_ORG, headers: { Accept: XED } });
    expect(schema.status, schema.text).toBe(200);
  });

  it("teardown removes what the setup created and leaves the rest", async () => {
    emulator = createTestEmulator({ fixtures: [] });
    await setup("a source connection exists", { sourceConnectionId: "5c000000-0000-4000-8000-000000000009" });
    const values = await setup("a Customer.io dataflow exists");
    const torn = await change("a Customer.io dataflow exists", {}, "teardown");
    expect(torn.status, torn.text).toBe(200);
    expect(torn.body.removed).toEqual(
      expect.arrayContaining([values.flowId, values.targetConnectionId, values.sourceConnectionId, values.mappingSetId, CIO_DATASET, CIO_SCHEMA]),
    );
    for (const path of [`${FS}/flows/${values.flowId}`, `${FS}/sourceConnections/${values.sourceConnectionId}`, `${CATALOG}/dataSets/${CIO_DATASET}`]) {
      expect(await status(path)).toBe(404);
    }
    expect(await status(`${FS}/sourceConnections/5c000000-0000-4000-8000-000000000009`)).toBe(200);
    // A second teardown has nothing left to remove.
    expect((await change("a Customer.io dataflow exists", {}, "teardown")).body).toEqual({ removed: [] });
  });

  it("teardown keeps the fixture copies a tenant had before the setup", async () => {
    emulator = createTestEmulator();
    await setup("a Customer.io dataflow exists");
    await change("a Customer.io dataflow exists", {}, "teardown");
    expect(await status(`${FS}/flows/${TUTORIAL_IDS.flowId}`)).toBe(404);
    expect(await status(`${CATALOG}/dataSets/${CIO_DATASET}`)).toBe(200);
  });

  it("answers 400 listing the known states for an unknown one", async () => {
    emulator = createTestEmulator();
    const response = await change("a unicorn exists");
    expectControlError(response, 400, /Unknown provider state "a unicorn exists"\. Known states: "the Customer\.io schema and dataset exist", .*"no flows exist"/);
  });

  it.each([
    ["a missing state", { params: {} }, /state/],
    ["an unknown action", { state: "no flows exist", action: "verify" }, /action/],
    ["a mapping set id that is not 32 hex", { state: "a Customer.io dataflow exists", params: { mappingSetId: "short" } }, /mappingSets\.0\.id/],
    ["an inlet id that is not 64 hex", { state: "a Customer.io dataflow exists", params: { inletId: "xyz" } }, /inletId/],
    ["a flow id with a slash", { state: "a Customer.io dataflow exists", params: { flowId: "a/b" } }, /flows\.0\.id/],
  ])("refuses %s with 400 and writes nothing", async (_case, body, detail) => {
    emulator = createTestEmulator();
    expectControlError(await control(emulator, "POST", "/_emulator/provider-states", { body }), 400, detail);
    expect((await emulator.request("GET", `${FS}/sourceConnections?count=true`, { org: PROVIDER_STATE_ORG })).body).toEqual({ count: 0 });
  });
});
