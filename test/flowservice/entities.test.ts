import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestEmulator, INLET_BASE, ORG, type TestEmulator } from "../support/app.js";
import {
  create,
  createCustomerioFlow,
  CUSTOMERIO_FLOW_SPEC,
  CUSTOMERIO_SPEC,
  customerioFlowBody,
  customerioSourceBody,
  DATA_LAKE_SPEC,
  dataLakeTargetBody,
  expectFlowError,
  FS,
  getItem,
  HTTP_API_FLOW_SPEC,
  HTTP_API_SPEC,
  httpApiConnectionBody,
} from "../support/flowservice.js";

/** Google Cloud Storage: a batch source with one auth spec. */
const GCS_SPEC = "32e8f412-cdf7-464c-9885-78184cb113fd";
const QUOTED_ETAG = /^"[0-9a-f]{8}-0000-0200-0000-[0-9a-f]{12}"$/;

describe("Flow Service entities", () => {
  let emulator: TestEmulator;
  beforeEach(() => {
    emulator = createTestEmulator();
  });
  afterEach(() => emulator.close());

  describe("create", () => {
    it("answers 201 {id, etag} with a quoted etag and a Location header", async () => {
      const response = await emulator.request("POST", `${FS}/sourceConnections`, { body: customerioSourceBody() });
      expect(response.status).toBe(201);
      expect(Object.keys(response.body).sort()).toEqual(["etag", "id"]);
      expect(response.body.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(response.body.etag).toMatch(QUOTED_ETAG);
      expect(response.headers.get("location")).toBe(`http://localhost${FS}/sourceConnections/${response.body.id}`);
    });

    it("stores the documented fields with version equal to etag", async () => {
      const { id, etag } = await create(emulator, "sourceConnections", customerioSourceBody());
      const item = await getItem(emulator, "sourceConnections", id);
      expect(item).toMatchObject({
        id,
        createdAt: expect.any(Number),
        updatedAt: expect.any(Number),
        createdBy: expect.stringMatching(/@AdobeID$/),
        createdClient: "test-client",
        sandboxId: expect.stringMatching(/^[0-9a-f-]{36}$/),
        sandboxName: "prod",
        imsOrgId: ORG,
        name: "Streaming Source Connection for Customer.io",
        providerId: "521eee4d-8cbe-4906-bb48-fb6bd4450033",
        connectionSpec: { id: CUSTOMERIO_SPEC, version: "1.0" },
        data: { format: "json" },
        state: "enabled",
        version: etag,
        etag,
      });
    });

    it("takes createdBy and createdClient from an IMS JWT's user_id and client_id", async () => {
      const claims = Buffer.from(JSON.stringify({ user_id: "acme@AdobeID", client_id: "exc_app" })).toString("base64url");
      const token = `eyJhbGciOiJSUzI1NiJ9.${claims}.signature`;
      const { id } = await create(emulator, "sourceConnections", customerioSourceBody(), { headers: { Authorization: `Bearer ${token}` } });
      const item = await getItem(emulator, "sourceConnections", id);
      expect(item).toMatchObject({ createdBy: "acme@AdobeID", createdClient: "exc_app", updatedBy: "acme@AdobeID" });
    });

    it("refuses an unknown connection spec with 1413", async () => {
      const body = { ...customerioSourceBody(), connectionSpec: { id: "00000000-0000-0000-0000-000000000000", version: "1.0" } };
      expectFlowError(await emulator.request("POST", `${FS}/sourceConnections`, { body }), 1413, 400);
    });

    it("refuses a state in a create request with 1410", async () => {
      const response = await emulator.request("POST", `${FS}/sourceConnections`, { body: { ...customerioSourceBody(), state: "enabled" } });
      expectFlowError(response, 1410, 400);
      expect((await emulator.request("GET", `${FS}/sourceConnections`)).body.items).toEqual([]);
    });

    it("ignores server-owned fields a client sends", async () => {
      const { id } = await create(emulator, "sourceConnections", {
        ...customerioSourceBody(),
        id: "client-chosen",
        etag: '"client-etag"',
        createdAt: 1,
        imsOrgId: "someone-else",
      });
      const item = await getItem(emulator, "sourceConnections", id);
      expect(id).not.toBe("client-chosen");
      expect(item.etag).not.toBe('"client-etag"');
      expect(item.createdAt).not.toBe(1);
      expect(item.imsOrgId).toBe(ORG);
    });

    it("requires the documented fields: a source connection needs a name and a connection spec", async () => {
      const { name: _name, ...withoutName } = customerioSourceBody();
      expectFlowError(await emulator.request("POST", `${FS}/sourceConnections`, { body: withoutName }), 1100, 400);
      const { connectionSpec: _spec, ...withoutSpec } = customerioSourceBody();
      expectFlowError(await emulator.request("POST", `${FS}/sourceConnections`, { body: withoutSpec }), 1100, 400);
    });

    it("accepts a source connection without data, as the HTTP API docs send it", async () => {
      const base = await create(emulator, "connections", httpApiConnectionBody());
      const response = await emulator.request("POST", `${FS}/sourceConnections`, {
        body: { name: "HTTP API source", baseConnectionId: base.id, connectionSpec: { id: HTTP_API_SPEC, version: "1.0" } },
      });
      expect(response.status).toBe(201);
      const item = await getItem(emulator, "sourceConnections", response.body.id);
      expect(item.inheritedAttributes).toEqual({ baseConnection: { id: base.id, connectionSpec: { id: HTTP_API_SPEC, version: "1.0" } } });
    });

    it("defaults a missing connection spec version to 1.0", async () => {
      const { id } = await create(emulator, "sourceConnections", { ...customerioSourceBody(), connectionSpec: { id: CUSTOMERIO_SPEC } });
      expect((await getItem(emulator, "sourceConnections", id)).connectionSpec).toEqual({ id: CUSTOMERIO_SPEC, version: "1.0" });
    });

    it("refuses an auth without specName, which AuthInfoDTO requires, in a create and in a PATCH", async () => {
      const gcs = { name: "GCS", connectionSpec: { id: GCS_SPEC, version: "1.0" } };
      const params = { accessKeyId: "GOOGMG1234ABCDEFGHIJKLMN", secretAccessKey: "secret" };
      const refused = await emulator.request("POST", `${FS}/connections`, { body: { ...gcs, auth: { params } } });
      expectFlowError(refused, 1100, 400);
      expect(refused.body.errorMessage).toContain("auth.specName is required");
      expect((await emulator.request("GET", `${FS}/connections`)).body.items).toEqual([]);

      const { id } = await create(emulator, "connections", { ...gcs, auth: { specName: "Basic Authentication for google-cloud", params } });
      const before = await getItem(emulator, "connections", id);
      const patch = await emulator.request("PATCH", `${FS}/connections/${id}`, {
        body: [{ op: "remove", path: "/auth/specName" }],
        headers: { "If-Match": before.etag },
      });
      expectFlowError(patch, 1100, 400);
      expect(await getItem(emulator, "connections", id)).toEqual(before);
    });

    it("refuses a source connection whose base connection does not exist", async () => {
      const response = await emulator.request("POST", `${FS}/sourceConnections`, {
        body: { name: "orphan", baseConnectionId: "5b0c0d2d-2cd4-4a5d-8c0f-000000000000", connectionSpec: { id: HTTP_API_SPEC } },
      });
      expectFlowError(response, 1100, 400);
      expect(response.body.report).toMatchObject({ type: "connections", id: "5b0c0d2d-2cd4-4a5d-8c0f-000000000000" });
    });
  });

  describe("HTTP API base connections", () => {
    it("get an inlet id of 64 hex characters and an inletUrl under INLET_BASE_URL", async () => {
      const { id } = await create(emulator, "connections", httpApiConnectionBody("My inlet"));
      const item = await getItem(emulator, "connections", id);
      expect(item.auth.specName).toBe("Streaming Connection");
      expect(item.auth.params.inletId).toMatch(/^[0-9a-f]{64}$/);
      expect(item.auth.params.inletUrl).toBe(`${INLET_BASE}/collection/${item.auth.params.inletId}`);
      expect(item.auth.params).toMatchObject({ dataType: "raw", authenticationRequired: false, sourceId: "My inlet" });
    });

    it("name their auth params after the connection when the body names only the data type", async () => {
      // help/sources/tutorials/api/create/streaming/http.md sends auth.params {dataType} and reads back auth.params.name
      const body = { ...httpApiConnectionBody("ACME Streaming Connection XDM Data"), auth: { specName: "Streaming Connection", params: { dataType: "xdm" } } };
      const { id } = await create(emulator, "connections", body);
      const item = await getItem(emulator, "connections", id);
      expect(item.auth.params).toMatchObject({ name: "ACME Streaming Connection XDM Data", sourceId: "ACME Streaming Connection XDM Data" });
    });

    it("keep their inlet when their auth params are replaced", async () => {
      const { id } = await create(emulator, "connections", httpApiConnectionBody());
      const before = await getItem(emulator, "connections", id);
      const response = await emulator.request("PATCH", `${FS}/connections/${id}`, {
        body: [{ op: "replace", path: "/auth/params", value: { dataType: "xdm", inletId: "f".repeat(64) } }],
        headers: { "If-Match": before.etag },
      });
      expect(response.status).toBe(200);
      const after = await getItem(emulator, "connections", id);
      expect(after.auth.params.inletId).toBe(before.auth.params.inletId);
      expect(after.auth.params.inletUrl).toBe(before.auth.params.inletUrl);
      expect(after.auth.params.dataType).toBe("xdm");
    });

    it("refuse an auth spec the connection spec does not have with 1415", async () => {
      const body = { ...httpApiConnectionBody(), auth: { specName: "OAuth 2 Refresh Code", params: {} } };
      expectFlowError(await emulator.request("POST", `${FS}/connections`, { body }), 1415, 400);
    });
  });

  describe("flows", () => {
    it("create the seed tutorial's Customer.io flow, enabled, with the documented fields", async () => {
      const { source, target, flow } = await createCustomerioFlow(emulator);
      const item = await getItem(emulator, "flows", flow.id);
      expect(item).toMatchObject({
        id: flow.id,
        name: "Streaming Dataflow for Customer.io",
        flowSpec: { id: CUSTOMERIO_FLOW_SPEC, version: "1.0" },
        state: "enabled",
        sourceConnectionIds: [source.id],
        targetConnectionIds: [target.id],
        inheritedAttributes: {
          properties: { isSourceFlow: true },
          sourceConnections: [{ id: source.id, connectionSpec: { id: CUSTOMERIO_SPEC, version: "1.0" } }],
          targetConnections: [{ id: target.id, connectionSpec: { id: DATA_LAKE_SPEC, version: "1.0" } }],
        },
        runs: `/runs?property=flowId==${flow.id}`,
        providerRefId: expect.stringMatching(/^[0-9a-f-]{36}$/),
        lastOperation: expect.objectContaining({ operation: "enable" }),
      });
      expect(item.version).toBe(item.etag);
    });

    it("of a webhook source get their own inletUrl in options", async () => {
      const { flow } = await createCustomerioFlow(emulator);
      const item = await getItem(emulator, "flows", flow.id);
      expect(item.options.inletUrl).toMatch(new RegExp(`^${INLET_BASE}/collection/[0-9a-f]{64}$`));
    });

    it("of an HTTP API source take their inlet from the base connection, not from options", async () => {
      const base = await create(emulator, "connections", httpApiConnectionBody());
      const source = await create(emulator, "sourceConnections", { name: "s", baseConnectionId: base.id, connectionSpec: { id: HTTP_API_SPEC } });
      const target = await create(emulator, "targetConnections", dataLakeTargetBody());
      const flow = await create(emulator, "flows", {
        name: "HTTP API flow",
        flowSpec: { id: HTTP_API_FLOW_SPEC, version: "1.0" },
        sourceConnectionIds: [source.id],
        targetConnectionIds: [target.id],
      });
      const item = await getItem(emulator, "flows", flow.id);
      expect(item.options).toBeUndefined();
      expect(item.inheritedAttributes.sourceConnections[0].baseConnection).toEqual({
        id: base.id,
        connectionSpec: { id: HTTP_API_SPEC, version: "1.0" },
      });
    });

    it("are enabled by the service right after creation, so the create etag is already stale", async () => {
      const { flow } = await createCustomerioFlow(emulator);
      const item = await getItem(emulator, "flows", flow.id);
      expect(item.etag).not.toBe(flow.etag);
      const stale = await emulator.request("PATCH", `${FS}/flows/${flow.id}`, {
        body: [{ op: "replace", path: "/name", value: "x" }],
        headers: { "If-Match": flow.etag },
      });
      expectFlowError(stale, 1404, 412);
    });

    it("refuse a state in the create request with 1410", async () => {
      const source = await create(emulator, "sourceConnections", customerioSourceBody());
      const target = await create(emulator, "targetConnections", dataLakeTargetBody());
      const response = await emulator.request("POST", `${FS}/flows`, { body: { ...customerioFlowBody(source.id, target.id), state: "disabled" } });
      expectFlowError(response, 1410, 400);
      expect(response.body.errorMessage).toBe("`State` is not allowed in the create flow request.");
    });

    it("refuse an unknown flow spec with 1413", async () => {
      const source = await create(emulator, "sourceConnections", customerioSourceBody());
      const target = await create(emulator, "targetConnections", dataLakeTargetBody());
      const body = { ...customerioFlowBody(source.id, target.id), flowSpec: { id: "11111111-2222-3333-4444-555555555555" } };
      expectFlowError(await emulator.request("POST", `${FS}/flows`, { body }), 1413, 400);
    });

    it("refuse source and target connections that do not exist", async () => {
      const target = await create(emulator, "targetConnections", dataLakeTargetBody());
      const missingSource = await emulator.request("POST", `${FS}/flows`, { body: customerioFlowBody("9f0f0f0f-0000-4000-8000-000000000000", target.id) });
      expectFlowError(missingSource, 1100, 400);
      expect(missingSource.body.report.type).toBe("sourceConnections");
      const source = await create(emulator, "sourceConnections", customerioSourceBody());
      const missingTarget = await emulator.request("POST", `${FS}/flows`, { body: customerioFlowBody(source.id, "9f0f0f0f-0000-4000-8000-000000000001") });
      expectFlowError(missingTarget, 1100, 400);
      expect(missingTarget.body.report.type).toBe("targetConnections");
      expect((await emulator.request("GET", `${FS}/flows`)).body.items).toEqual([]);
    });

    it("refuse connections whose spec the flow spec does not accept", async () => {
      const source = await create(emulator, "sourceConnections", customerioSourceBody());
      const target = await create(emulator, "targetConnections", dataLakeTargetBody());
      const body = { ...customerioFlowBody(source.id, target.id), flowSpec: { id: HTTP_API_FLOW_SPEC } };
      const response = await emulator.request("POST", `${FS}/flows`, { body });
      expectFlowError(response, 1100, 400);
      expect(response.body.errorMessage).toContain(CUSTOMERIO_SPEC);
    });

    it("require flowSpec, sourceConnectionIds and targetConnectionIds", async () => {
      for (const missing of ["flowSpec", "sourceConnectionIds", "targetConnectionIds"]) {
        const body: Record<string, unknown> = customerioFlowBody("a", "b");
        delete body[missing];
        expectFlowError(await emulator.request("POST", `${FS}/flows`, { body }), 1100, 400);
      }
    });
  });

  describe("flow actions", () => {
    it("disable then enable answer 200 {id, etag} and change state and etag", async () => {
      const { flow } = await createCustomerioFlow(emulator);
      const before = await getItem(emulator, "flows", flow.id);
      const disabled = await emulator.request("POST", `${FS}/flows/${flow.id}/action?op=disable`);
      expect(disabled.status).toBe(200);
      expect(disabled.body).toEqual({ id: flow.id, etag: expect.stringMatching(QUOTED_ETAG) });
      expect(disabled.body.etag).not.toBe(before.etag);
      const afterDisable = await getItem(emulator, "flows", flow.id);
      expect(afterDisable).toMatchObject({ state: "disabled", etag: disabled.body.etag, lastOperation: { operation: "disable" } });
      const enabled = await emulator.request("POST", `${FS}/flows/${flow.id}/action?op=ENABLE&subOp=APPLY`);
      expect(enabled.status).toBe(200);
      expect((await getItem(emulator, "flows", flow.id)).state).toBe("enabled");
    });

    it("an action that does not fit the state is 1422", async () => {
      const { flow } = await createCustomerioFlow(emulator);
      const response = await emulator.request("POST", `${FS}/flows/${flow.id}/action?op=enable`);
      expectFlowError(response, 1422, 400);
      expect(response.body.errorMessage).toBe("The action enable cannot be applied on the current state enabled. Please update the action and try again.");
    });

    it("checks If-Match when one is sent", async () => {
      const { flow } = await createCustomerioFlow(emulator);
      const stale = await emulator.request("POST", `${FS}/flows/${flow.id}/action?op=disable`, { headers: { "If-Match": '"stale"' } });
      expectFlowError(stale, 1404, 412);
      const current = await getItem(emulator, "flows", flow.id);
      const ok = await emulator.request("POST", `${FS}/flows/${flow.id}/action?op=disable`, { headers: { "If-Match": current.etag } });
      expect(ok.status).toBe(200);
    });

    it("unknown operations, sub-operations and provider-only actions are refused", async () => {
      const { flow } = await createCustomerioFlow(emulator);
      expectFlowError(await emulator.request("POST", `${FS}/flows/${flow.id}/action?op=explode`), 1100, 400);
      expectFlowError(await emulator.request("POST", `${FS}/flows/${flow.id}/action?op=disable&subOp=reverse`), 1435, 400);
      expectFlowError(await emulator.request("POST", `${FS}/flows/${flow.id}/action?op=disable&subOp=PROGRESS`), 1436, 400);
      // flow-service.yaml's op enums hold FINALIZE and FINALIZE_UPDATE; flow-service-errors.md answers them 1402-400.
      const finalize = await emulator.request("POST", `${FS}/flows/${flow.id}/action?op=FINALIZE`);
      expectFlowError(finalize, 1402, 400);
      expect(finalize.body.errorMessage).toBe("The action 'finalize' is supported for provider requests only.");
      expectFlowError(await emulator.request("POST", `${FS}/flows/${flow.id}/action?op=FINALIZE_UPDATE&subOp=APPLY`), 1402, 400);
      const connection = await create(emulator, "connections", httpApiConnectionBody());
      expectFlowError(await emulator.request("POST", `${FS}/connections/${connection.id}/action?op=FINALIZE&subOp=APPLY`), 1402, 400);
      expectFlowError(await emulator.request("POST", `${FS}/flows/${flow.id}/action`), 1100, 400);
      expect((await getItem(emulator, "flows", flow.id)).state).toBe("enabled");
    });

    it("subOp is a list, repeated or comma-separated; progress among others is 1406", async () => {
      const { flow } = await createCustomerioFlow(emulator);
      const action = (query: string) => emulator.request("POST", `${FS}/flows/${flow.id}/action?${query}`);
      for (const query of ["op=disable&subOp=PROGRESS&subOp=APPLY", "op=disable&subOp=apply,progress"]) {
        const response = await action(query);
        expectFlowError(response, 1406, 400);
        expect(response.body.errorMessage, query).toBe(
          "The sub operation 'progress' cannot be applied with other sub operations. Please update the sub operations list and try again.",
        );
      }
      expectFlowError(await action("op=disable&subOp=APPLY&subOp=reverse"), 1435, 400);
      expect((await getItem(emulator, "flows", flow.id)).state).toBe("enabled");
      const disabled = await action("op=DISABLE&subOp=APPLY&subOp=ROLLBACK");
      expect(disabled.status, disabled.text).toBe(200);
      expect((await getItem(emulator, "flows", flow.id)).state).toBe("disabled");
    });

    it("an action on an unknown flow is 404", async () => {
      expectFlowError(await emulator.request("POST", `${FS}/flows/6f3f1e4e-0000-4000-8000-000000000000/action?op=disable`), 1439, 404);
    });
  });

  describe("drafts", () => {
    it("mode=draft creates a draft that publish makes enabled", async () => {
      const source = await create(emulator, "sourceConnections", customerioSourceBody(), {});
      const draft = await emulator.request("POST", `${FS}/sourceConnections?mode=draft`, { body: customerioSourceBody() });
      expect(draft.status).toBe(201);
      expect((await getItem(emulator, "sourceConnections", draft.body.id)).state).toBe("draft");
      const target = await create(emulator, "targetConnections", dataLakeTargetBody());
      const flowDraft = await emulator.request("POST", `${FS}/flows?mode=draft`, { body: customerioFlowBody(draft.body.id, target.id) });
      expect(flowDraft.status).toBe(201);
      expectFlowError(await emulator.request("POST", `${FS}/flows/${flowDraft.body.id}/action?op=publish`), 1422, 400);
      expect((await emulator.request("POST", `${FS}/sourceConnections/${draft.body.id}/action?op=publish`)).status).toBe(200);
      expect((await emulator.request("POST", `${FS}/flows/${flowDraft.body.id}/action?op=publish`)).status).toBe(200);
      expect((await getItem(emulator, "flows", flowDraft.body.id)).state).toBe("enabled");
      expectFlowError(await emulator.request("POST", `${FS}/sourceConnections/${source.id}/action?op=publish`), 1422, 400);
    });
  });

  describe("delete", () => {
    it("answers 204 with an empty body, then GET is 404", async () => {
      const { flow } = await createCustomerioFlow(emulator);
      const response = await emulator.request("DELETE", `${FS}/flows/${flow.id}`);
      expect(response.status).toBe(204);
      expect(response.text).toBe("");
      expectFlowError(await emulator.request("GET", `${FS}/flows/${flow.id}`), 1439, 404);
      expectFlowError(await emulator.request("DELETE", `${FS}/flows/${flow.id}`), 1439, 404);
    });

    it("refuses a base connection used by a flow with 1418, and allows it once the flow is gone", async () => {
      const base = await create(emulator, "connections", httpApiConnectionBody());
      const source = await create(emulator, "sourceConnections", { name: "s", baseConnectionId: base.id, connectionSpec: { id: HTTP_API_SPEC } });
      const target = await create(emulator, "targetConnections", dataLakeTargetBody());
      const flow = await create(emulator, "flows", {
        name: "f",
        flowSpec: { id: HTTP_API_FLOW_SPEC },
        sourceConnectionIds: [source.id],
        targetConnectionIds: [target.id],
      });
      const refused = await emulator.request("DELETE", `${FS}/connections/${base.id}`);
      expectFlowError(refused, 1418, 400);
      expect(refused.body.errorMessage).toContain(base.id);
      await getItem(emulator, "connections", base.id);
      expect((await emulator.request("DELETE", `${FS}/flows/${flow.id}`)).status).toBe(204);
      expect((await emulator.request("DELETE", `${FS}/connections/${base.id}`)).status).toBe(204);
    });

    it("refuses source and target connections used by a flow with 1447", async () => {
      const { source, target, flow } = await createCustomerioFlow(emulator);
      expectFlowError(await emulator.request("DELETE", `${FS}/sourceConnections/${source.id}`), 1447, 400);
      expectFlowError(await emulator.request("DELETE", `${FS}/targetConnections/${target.id}`), 1447, 400);
      await emulator.request("DELETE", `${FS}/flows/${flow.id}`);
      expect((await emulator.request("DELETE", `${FS}/sourceConnections/${source.id}`)).status).toBe(204);
      expect((await emulator.request("DELETE", `${FS}/targetConnections/${target.id}`)).status).toBe(204);
    });
  });
});
