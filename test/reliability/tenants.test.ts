import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestEmulator, type JsonResponse, ORG, OTHER_ORG, type RequestOptions, type TestEmulator } from "../support/app.js";
import { customerioFlowBody, dataLakeTargetBody, FS } from "../support/flowservice.js";
import { fieldGroupBody, PROFILE, schemaBody } from "../support/registry.js";
import { enc } from "./arbitraries.js";
import { allRecords, expectDocumentedError, expectHealthy, noPlatformHeaders } from "./support.js";
import { buildWorld, CATALOG, DATASET_ID, DP, SR, webhookEvent, type World, XED, XED_ID, xdmEvent } from "./world.js";

/**
 * Tenant isolation for every resource type: another org, or another sandbox of the same org, can
 * neither read, list, count, modify, delete nor ingest into what a tenant owns, and the owner's
 * state (its export, its records, its journal entries) is exactly as it was afterwards.
 */

const OWNER = { org: ORG };
const OTHERS = [
  { label: "another org", org: OTHER_ORG, sandbox: undefined as string | undefined },
  { label: "another sandbox of the same org", org: ORG, sandbox: "dev" },
];

let emulator: TestEmulator;
let owner: World;

beforeAll(async () => {
  emulator = createTestEmulator();
  owner = await buildWorld(emulator.request, OWNER, "owner");
});
afterAll(async () => {
  await expectHealthy(emulator.request);
  emulator.close();
});

/** The owner's state: its export and its records. */
async function ownerState(): Promise<string> {
  const exported = await emulator.request("GET", `/_emulator/export?org=${enc(ORG)}`, { headers: noPlatformHeaders() });
  expect(exported.status).toBe(200);
  return JSON.stringify({ exported: exported.body, records: await allRecords(emulator.request, OWNER) });
}

/** Every id the owner holds, as it would appear in an answer. */
const ownerIds = () => [
  owner.connectionId, owner.sourceId, owner.targetId, owner.flowId, owner.httpFlowId, owner.httpSourceId, owner.httpTargetId,
  owner.inletId, owner.webhookInletId, owner.mappingSetId, owner.mappingId, owner.runId, owner.fieldGroupId, owner.schemaId, owner.dataSetId,
];

function expectNoOwnerIds(response: JsonResponse, what: string): void {
  for (const id of ownerIds()) expect(response.text.includes(id), `${what} shows the owner's ${id}`).toBe(false);
}

function expectNotFound(response: JsonResponse, path: string, type: RegExp | string, what: string): void {
  expect(response.status, `${what}: ${response.text}`).toBe(404);
  expectDocumentedError(path, response, what);
  if (typeof type === "string") expect(response.body.type, what).toBe(type);
  else expect(response.body.type ?? "", what).toMatch(type);
}

for (const other of OTHERS) {
  describe(`${other.label}`, () => {
    const as: RequestOptions = { org: other.org, sandbox: other.sandbox };
    const tenant = { org: other.org, sandbox: other.sandbox };
    let own: World;
    let before: string;

    beforeAll(async () => {
      // The other tenant has a world of its own, so its lists are not trivially empty.
      own = await buildWorld(emulator.request, as, "other");
      before = await ownerState();
    });

    it("Flow Service entities and runs: not found by id, absent from lists, filters and counts", async () => {
      const owned: [string, string, string][] = [
        ["connections", owner.connectionId, own.connectionId],
        ["sourceConnections", owner.sourceId, own.sourceId],
        ["targetConnections", owner.targetId, own.targetId],
        ["flows", owner.flowId, own.flowId],
        ["runs", owner.runId, own.runId],
      ];
      for (const [collection, id, theirs] of owned) {
        const path = `${FS}/${collection}/${id}`;
        expectNotFound(await emulator.request("GET", path, as), path, "https://ns.adobe.com/aep/errors/FLOW-1439-404", `GET ${collection}`);
        const list = await emulator.request("GET", `${FS}/${collection}?limit=1000`, as);
        expect(list.status).toBe(200);
        expectNoOwnerIds(list, `list ${collection}`);
        expect(list.body.items.map((item: { id: string }) => item.id)).toContain(theirs);
        for (const item of list.body.items) expect(item).toMatchObject({ imsOrgId: other.org, sandboxName: other.sandbox ?? "prod" });
        const filtered = await emulator.request("GET", `${FS}/${collection}?property=id==${id}`, as);
        expect(filtered.body.items).toEqual([]);
        const counted = await emulator.request("GET", `${FS}/${collection}?count=true`, as);
        expect(counted.body.count).toBe(list.body.items.length);
        const byFlow = await emulator.request("GET", `${FS}/runs?property=flowId==${owner.httpFlowId}`, as);
        expect(byFlow.body.items).toEqual([]);
      }
    });

    it("Flow Service entities: cannot be patched, acted on, deleted or used to build flows and runs", async () => {
      const writable: [string, string][] = [
        ["connections", owner.connectionId],
        ["sourceConnections", owner.sourceId],
        ["targetConnections", owner.targetId],
        ["flows", owner.flowId],
      ];
      for (const [collection, id] of writable) {
        const path = `${FS}/${collection}/${id}`;
        const etag = (await emulator.request("GET", path)).body.items[0].etag;
        const patch = await emulator.request("PATCH", path, { ...as, body: [{ op: "replace", path: "/name", value: "hijacked" }], headers: { "If-Match": etag } });
        expectNotFound(patch, path, "https://ns.adobe.com/aep/errors/FLOW-1439-404", `PATCH ${collection}`);
        const op = collection === "flows" ? "disable" : "publish";
        const action = await emulator.request("POST", `${path}/action?op=${op}`, { ...as, headers: { "If-Match": etag } });
        expectNotFound(action, path, "https://ns.adobe.com/aep/errors/FLOW-1439-404", `action ${collection}`);
        expectNotFound(await emulator.request("DELETE", path, as), path, "https://ns.adobe.com/aep/errors/FLOW-1439-404", `DELETE ${collection}`);
      }
      const flow = await emulator.request("POST", `${FS}/flows`, { ...as, body: customerioFlowBody(owner.sourceId, owner.targetId) });
      expect(flow.status, flow.text).toBe(400);
      expectDocumentedError(FS, flow);
      const withMapping = await emulator.request("POST", `${FS}/flows`, {
        ...as,
        body: customerioFlowBody(own.sourceId, own.targetId, [{ name: "Mapping", params: { mappingId: owner.mappingSetId, mappingVersion: 0 } }]),
      });
      expect(withMapping.status, withMapping.text).toBe(400);
      expectDocumentedError(FS, withMapping);
      const source = await emulator.request("POST", `${FS}/sourceConnections`, {
        ...as,
        body: { name: "stolen base", baseConnectionId: owner.connectionId, connectionSpec: { id: "bc7b00d6-623a-4dfc-9fdb-f1240aeadaeb" } },
      });
      expect(source.status, source.text).toBe(400);
      expectDocumentedError(FS, source);
      const target = await emulator.request("POST", `${FS}/targetConnections`, { ...as, body: dataLakeTargetBody(owner.dataSetId) });
      expect(target.status, target.text).toBe(400);
      expectDocumentedError(FS, target);
      const run = await emulator.request("POST", `${FS}/runs`, { ...as, body: { flowId: owner.flowId } });
      expect(run.status, run.text).toBeGreaterThanOrEqual(400);
      expectDocumentedError(FS, run);
    });

    it("mapping sets: not found by id, version or mapping, absent from lists, cannot be replaced", async () => {
      const paths = [`${DP}/mappingSets/${owner.mappingSetId}`, `${DP}/mappingSets/${owner.mappingSetId}?version=0`, `${DP}/mappingSets/${owner.mappingSetId}/mappings`,
        `${DP}/mappingSets/${owner.mappingSetId}/mappings/${owner.mappingId}`];
      for (const path of paths) expectNotFound(await emulator.request("GET", path, as), path, /MAPPER-1200-404$/, `GET ${path}`);
      const list = await emulator.request("GET", `${DP}/mappingSets?start=0&limit=1000`, as);
      expect(list.status).toBe(200);
      expectNoOwnerIds(list, "mapping set list");
      expect(list.body.data.map((set: { id: string }) => set.id)).toEqual([own.mappingSetId]);
      const put = await emulator.request("PUT", `${DP}/mappingSets/${owner.mappingSetId}`, { ...as, body: { outputSchema: { schemaRef: { id: owner.schemaId } }, mappings: [] } });
      expect(put.status, put.text).toBeGreaterThanOrEqual(400);
      expectDocumentedError(DP, put);
    });

    it("schemas and field groups: not found by $id or altId, absent from lists and stats, cannot be deleted or used", async () => {
      const lookups: [string, string, string][] = [
        ["schemas", owner.schemaAltId, "XDM-1012-404"],
        ["schemas", enc(owner.schemaId), "XDM-1012-404"],
        ["fieldgroups", owner.fieldGroupAltId, "XDM-1011-404"],
        ["fieldgroups", enc(owner.fieldGroupId), "XDM-1011-404"],
      ];
      for (const [kind, id, code] of lookups) {
        const path = `${SR}/tenant/${kind}/${id}`;
        expectNotFound(await emulator.request("GET", path, { ...as, headers: { Accept: XED } }), path, `http://ns.adobe.com/aep/errors/${code}`, `GET ${path}`);
        expectNotFound(await emulator.request("DELETE", path, as), path, `http://ns.adobe.com/aep/errors/${code}`, `DELETE ${path}`);
        const list = await emulator.request("GET", `${SR}/tenant/${kind}`, { ...as, headers: { Accept: XED_ID } });
        expect(list.status).toBe(200);
        expectNoOwnerIds(list, `list ${kind}`);
      }
      const stats = await emulator.request("GET", `${SR}/stats`, as);
      expect(stats.status).toBe(200);
      expectNoOwnerIds(stats, "stats");
      const schema = await emulator.request("POST", `${SR}/tenant/schemas`, { ...as, body: schemaBody("Borrowed", [PROFILE, owner.fieldGroupId]) });
      expect(schema.status, schema.text).toBe(400);
      expectDocumentedError(SR, schema);
      // The same title is free in another tenant: titles are unique per sandbox only.
      const sameTitle = await emulator.request("POST", `${SR}/tenant/fieldgroups`, { ...as, body: fieldGroupBody("extconndev", "owner loyalty") });
      expect(sameTitle.status, sameTitle.text).toBe(201);
    });

    it("datasets: not found, absent from lists, cannot be deleted or named by a dataset of another schema", async () => {
      const path = `${CATALOG}/dataSets/${owner.dataSetId}`;
      expectNotFound(await emulator.request("GET", path, as), path, "/placeholder/type/uri", "GET dataset");
      expectNotFound(await emulator.request("DELETE", path, as), path, "/placeholder/type/uri", "DELETE dataset");
      const list = await emulator.request("GET", `${CATALOG}/dataSets?limit=100`, as);
      expect(list.status).toBe(200);
      expect(Object.keys(list.body)).not.toContain(owner.dataSetId);
      expect(Object.keys(list.body)).toContain(own.dataSetId);
      const created = await emulator.request("POST", `${CATALOG}/dataSets`, {
        ...as,
        body: { name: "on a borrowed schema", schemaRef: { id: owner.schemaId, contentType: "application/vnd.adobe.xed+json;version=1" } },
      });
      expect(created.status, created.text).toBe(400);
      expectDocumentedError(CATALOG, created);
    });

    it("records: the owner's dataset is unknown, and the shared fixture dataset shows only the tenant's own records", async () => {
      const path = `/_emulator/datasets/${owner.dataSetId}/records`;
      const unknown = await emulator.request("GET", path, as);
      expect(unknown.status).toBe(404);
      expectDocumentedError(path, unknown);
      const mine = await allRecords(emulator.request, tenant);
      const ownerFlows = new Set([owner.flowId, owner.httpFlowId]);
      expect(mine.length).toBeGreaterThan(0);
      for (const record of mine) expect(ownerFlows.has(record.flowId)).toBe(false);
      const byFlow = await emulator.request("GET", `/_emulator/datasets/${DATASET_ID}/records?flowId=${owner.httpFlowId}`, as);
      expect(byFlow.body.items).toEqual([]);
    });

    it("ingest: cannot post into the owner's inlets, by platform path, XDM header or flow id", async () => {
      const json = { ...noPlatformHeaders(), "Content-Type": "application/json" };
      // Through the platform path, with the other tenant's headers: the owner's inlet is unknown.
      for (const suffix of [owner.inletId, `batch/${owner.inletId}`]) {
        const path = `/data/foundation/import/collection/${suffix}`;
        const message = xdmEvent(900, owner.httpFlowId);
        const response = await emulator.request("POST", path, { ...as, body: suffix.startsWith("batch/") ? { messages: [message] } : message });
        expectNotFound(response, path, "http://ns.adobe.com/adobecloud/problem/data-collection-service/inlet", `POST ${path}`);
      }
      // An XDM message naming another org is refused (its header names an org, not a sandbox).
      if (other.org !== ORG) {
        const wrongOrg = xdmEvent(901, owner.httpFlowId);
        (wrongOrg.header as Record<string, unknown>).imsOrgId = other.org;
        const byOrg = await emulator.request("POST", `/collection/${owner.inletId}`, { raw: JSON.stringify(wrongOrg), headers: json });
        expect(byOrg.status, byOrg.text).toBe(400);
        expectDocumentedError("/collection", byOrg);
        expect(byOrg.body.report.message).toMatch(/wrong ims org/);
      }
      // A flow of the other tenant, named on the owner's inlets, is refused.
      for (const [inletId, body] of [[owner.inletId, xdmEvent(902)], [owner.webhookInletId, webhookEvent(903)]] as const) {
        for (const flowId of [own.httpFlowId, own.flowId]) {
          const response = await emulator.request("POST", `/collection/${inletId}?x-adobe-flow-id=${flowId}`, { raw: JSON.stringify(body), headers: json });
          expect(response.status, response.text).toBe(400);
          expectDocumentedError("/collection", response);
          expect(response.body.report.message).toMatch(/flow id/);
        }
      }
      const batch = await emulator.request("POST", `/collection/batch/${owner.inletId}?x-adobe-flow-id=${own.httpFlowId}`, {
        raw: JSON.stringify({ messages: [xdmEvent(904), xdmEvent(905)] }),
        headers: json,
      });
      expect(batch.status).toBe(207);
      expect(batch.body.responses.every((each: { statusCode?: number }) => each.statusCode === 400)).toBe(true);
    });

    it("journal: the tenant sees only its own requests, whatever it asks for, and clears only its own", async () => {
      const view = async (query = "") => {
        const response = await emulator.request("GET", `/_emulator/requests${query}`, { headers: { ...noPlatformHeaders(), "x-gw-ims-org-id": other.org, "x-sandbox-name": other.sandbox } });
        expect(response.status).toBe(200);
        return response;
      };
      const ownerEntries = async (): Promise<{ requestId: string }[]> =>
        (await emulator.request("GET", "/_emulator/requests", { headers: { ...noPlatformHeaders(), "x-gw-ims-org-id": ORG } })).body.requests;
      const ownersBefore = await ownerEntries();
      expect(ownersBefore.length).toBeGreaterThan(0);
      const ownerRequestIds = new Set(ownersBefore.map((entry) => entry.requestId));
      for (const query of ["", `?org=${enc(ORG)}`, `?org=${enc(ORG)}&sandbox=prod`, `?path=${enc(owner.flowId)}`, "?limit=100000", "?status=2xx"]) {
        const response = await view(query);
        for (const entry of response.body.requests) {
          expect(entry.tenant, query).toEqual({ imsOrgId: other.org, sandboxName: other.sandbox ?? "prod" });
          expect(ownerRequestIds.has(entry.requestId), `journal ${query} shows the owner's request ${entry.path}`).toBe(false);
        }
      }
      expect((await view()).body.requests.length).toBeGreaterThan(0);
      const cleared = await emulator.request("DELETE", `/_emulator/requests?org=${enc(ORG)}`, {
        headers: { ...noPlatformHeaders(), "x-gw-ims-org-id": other.org, "x-sandbox-name": other.sandbox },
      });
      expect(cleared.status).toBe(200);
      expect((await view()).body.requests).toEqual([]);
      const ownersAfter = new Set((await ownerEntries()).map((entry) => entry.requestId));
      for (const id of ownerRequestIds) expect(ownersAfter.has(id)).toBe(true);
    });

    it("export and reset: the tenant's export holds none of the owner's documents, and resetting it leaves the owner alone", async () => {
      const query = `org=${enc(other.org)}${other.sandbox ? `&sandbox=${other.sandbox}` : ""}`;
      const exported = await emulator.request("GET", `/_emulator/export?${query}`, { headers: noPlatformHeaders() });
      expect(exported.status).toBe(200);
      expectNoOwnerIds(exported, "export");
      expect(exported.text).toContain(own.flowId);
      // Deleting its own copy of the shared fixture dataset leaves the owner's copy alone (checked after all).
      const drop = await emulator.request("DELETE", `${CATALOG}/dataSets/${DATASET_ID}`, as);
      expect(drop.status, drop.text).toBe(200);
      const reset = await emulator.request("POST", `/_emulator/reset?${query}`, { headers: noPlatformHeaders() });
      expect(reset.status).toBe(200);
      expect((await emulator.request("GET", `${FS}/flows/${own.httpFlowId}`, as)).status).toBe(404);
    });

    afterAll(async () => {
      // Everything above left the owner exactly as it was.
      expect(await ownerState()).toBe(before);
      for (const [collection, id] of [["flows", owner.flowId], ["connections", owner.connectionId]]) {
        const item = await emulator.request("GET", `${FS}/${collection}/${id}`);
        expect(item.body.items[0]).toMatchObject({ imsOrgId: ORG, sandboxName: "prod" });
        expect(item.body.items[0].name).not.toBe("hijacked");
      }
      const flow = await emulator.request("GET", `${FS}/flows/${owner.flowId}`);
      expect(flow.body.items[0].state).toBe("enabled");
    });
  });
}
