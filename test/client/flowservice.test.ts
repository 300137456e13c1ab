import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { collect, type AepClient, type Created } from "../../client/index.js";
import { OTHER_ORG } from "../support/app.js";
import {
  CUSTOMERIO_FLOW_SPEC,
  CUSTOMERIO_SPEC,
  customerioSourceBody,
  DATA_LAKE_SPEC,
  dataLakeTargetBody,
  HTTP_API_SPEC,
  httpApiConnectionBody,
} from "../support/flowservice.js";
import { CREDENTIALS, flowBody, rejection, startClientEmulator, type ClientEmulator } from "./support.js";

const QUOTED_ETAG = /^"[0-9a-f]{8}-0000-0200-0000-[0-9a-f]{12}"$/;

describe("the client's Flow Service over a real port", () => {
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

  async function customerioFlow(): Promise<{ source: Created; target: Created; flow: Created }> {
    const source = await client.flowService.sourceConnections.create(customerioSourceBody());
    const target = await client.flowService.targetConnections.create(dataLakeTargetBody());
    const flow = await client.flowService.flows.create(flowBody(source.id, target.id));
    return { source, target, flow };
  }

  describe("the shared lifecycle of connections, source and target connections", () => {
    const cases = [
      { collection: "connections", body: () => httpApiConnectionBody("lifecycle") },
      { collection: "sourceConnections", body: () => customerioSourceBody() },
      { collection: "targetConnections", body: () => dataLakeTargetBody() },
    ] as const;

    it.each(cases)("$collection: create answers {id, etag}; get, list, count, update and delete act on it", async ({ collection, body }) => {
      const entities = client.flowService[collection] as AepClient["flowService"]["sourceConnections"];
      const created = await entities.create(body() as never);
      expect(created).toEqual({ id: expect.any(String), etag: expect.stringMatching(QUOTED_ETAG) });

      const entity = await entities.get(created.id);
      expect(entity).toMatchObject({ id: created.id, state: "enabled", imsOrgId: CREDENTIALS.orgId, sandboxName: "prod" });
      expect(entity.etag).toBe(entity.version);

      expect((await collect(entities.list())).map((item) => item.id)).toEqual([created.id]);
      expect(await entities.count()).toBe(1);
      expect(await entities.count({ property: "state==disabled" })).toBe(0);

      const updated = await entities.update(created.id, [{ op: "replace", path: "/description", value: "renamed" }], { ifMatch: entity.etag });
      expect(updated.id).toBe(created.id);
      expect(updated.etag).not.toBe(entity.etag);
      const reread = await entities.get(created.id);
      expect(reread.description).toBe("renamed");
      expect(reread.etag).toBe(updated.etag);

      await entities.delete(created.id);
      const gone = await rejection(entities.get(created.id));
      expect(gone).toMatchObject({ status: 404, code: "FLOW-1439-404" });
      expect(gone.report).toMatchObject({ id: created.id, type: collection });
      expect(gone.requestId).toEqual(expect.any(String));
    });
  });

  it("an HTTP API connection gets an inlet on the emulator's port", async () => {
    const created = await client.flowService.connections.create(httpApiConnectionBody());
    const connection = await client.flowService.connections.get(created.id);
    expect(connection.connectionSpec.id).toBe(HTTP_API_SPEC);
    expect(connection.auth?.params?.inletUrl).toMatch(/\/collection\/[0-9a-f]{64}$/);
  });

  it("create with mode draft makes a draft; publish enables it and a second publish is refused (1422)", async () => {
    const draft = await client.flowService.sourceConnections.create(customerioSourceBody(), { mode: "draft" });
    expect((await client.flowService.sourceConnections.get(draft.id)).state).toBe("draft");
    const published = await client.flowService.sourceConnections.publish(draft.id);
    expect(published.id).toBe(draft.id);
    expect((await client.flowService.sourceConnections.get(draft.id)).state).toBe("enabled");
    const again = await rejection(client.flowService.sourceConnections.publish(draft.id));
    expect(again).toMatchObject({ status: 400, code: "FLOW-1422-400" });
  });

  it("a Customer.io flow: get unwraps items and shows the inletUrl; disable and enable change its state", async () => {
    const { source, target, flow } = await customerioFlow();
    const created = await client.flowService.flows.get(flow.id);
    expect(created).toMatchObject({
      id: flow.id,
      state: "enabled",
      flowSpec: { id: CUSTOMERIO_FLOW_SPEC },
      sourceConnectionIds: [source.id],
      targetConnectionIds: [target.id],
    });
    expect(created.options?.inletUrl).toMatch(/\/collection\/[0-9a-f]{64}$/);

    const disabled = await client.flowService.flows.disable(flow.id, { ifMatch: created.etag });
    const afterDisable = await client.flowService.flows.get(flow.id);
    expect(afterDisable.state).toBe("disabled");
    expect(afterDisable.etag).toBe(disabled.etag);
    expect(afterDisable.lastOperation?.operation).toBe("disable");

    const twice = await rejection(client.flowService.flows.disable(flow.id));
    expect(twice).toMatchObject({ status: 400, code: "FLOW-1422-400" });

    await client.flowService.flows.enable(flow.id);
    expect((await client.flowService.flows.get(flow.id)).state).toBe("enabled");
  });

  it("an action with a stale If-Match is a 412 and leaves the flow as it was", async () => {
    const { flow } = await customerioFlow();
    const stale = await rejection(client.flowService.flows.disable(flow.id, { ifMatch: flow.etag }));
    expect(stale).toMatchObject({ status: 412, code: "FLOW-1404-412" });
    expect((await client.flowService.flows.get(flow.id)).state).toBe("enabled");
  });

  it("update with a stale etag is an AepError 412 (FLOW-1404-412) and changes nothing", async () => {
    const source = await client.flowService.sourceConnections.create(customerioSourceBody());
    await client.flowService.sourceConnections.update(source.id, [{ op: "replace", path: "/name", value: "first" }], { ifMatch: source.etag });
    const error = await rejection(
      client.flowService.sourceConnections.update(source.id, [{ op: "replace", path: "/name", value: "second" }], { ifMatch: source.etag }),
    );
    expect(error.status).toBe(412);
    expect(error.code).toBe("FLOW-1404-412");
    expect(error.detail).toContain("does not match the current version");
    expect(error.message).toContain("PATCH");
    expect((await client.flowService.sourceConnections.get(source.id)).name).toBe("first");
  });

  it("update without If-Match is 1403; an unsupported op is 1434", async () => {
    const source = await client.flowService.sourceConnections.create(customerioSourceBody());
    const missing = await rejection(client.flowService.sourceConnections.update(source.id, [{ op: "replace", path: "/name", value: "x" }]));
    expect(missing).toMatchObject({ status: 400, code: "FLOW-1403-400" });
    const move = await rejection(
      client.flowService.sourceConnections.update(source.id, [{ op: "move", path: "/name" } as never], { ifMatch: source.etag }),
    );
    expect(move).toMatchObject({ status: 400, code: "FLOW-1434-400" });
  });

  it("modify reads the etag itself: a flow's create etag is stale (Adobe enables it), modify still succeeds", async () => {
    const { flow } = await customerioFlow();
    const stale = await rejection(client.flowService.flows.update(flow.id, [{ op: "replace", path: "/name", value: "x" }], { ifMatch: flow.etag }));
    expect(stale.status).toBe(412);

    const modified = await client.flowService.flows.modify(flow.id, (current) => [
      { op: "replace", path: "/name", value: `${current.name} (renamed)` },
    ]);
    const after = await client.flowService.flows.get(flow.id);
    expect(after.name).toBe("Streaming Dataflow for Customer.io (renamed)");
    expect(after.etag).toBe(modified.etag);
  });

  it("modify retries after a 412 when someone else updated the entity in between", async () => {
    const source = await client.flowService.sourceConnections.create(customerioSourceBody());
    let rounds = 0;
    const result = await client.flowService.sourceConnections.modify(source.id, async (current) => {
      rounds += 1;
      if (rounds === 1) {
        // Another writer gets in between our read and our write.
        await client.flowService.sourceConnections.update(source.id, [{ op: "replace", path: "/description", value: "theirs" }], { ifMatch: current.etag });
      }
      return [{ op: "replace", path: "/name", value: "ours" }];
    });
    expect(rounds).toBe(2);
    const after = await client.flowService.sourceConnections.get(source.id);
    expect(after).toMatchObject({ name: "ours", description: "theirs", etag: result.etag });
  });

  it("modify gives up with the 412 after its attempts", async () => {
    const source = await client.flowService.sourceConnections.create(customerioSourceBody());
    let rounds = 0;
    const error = await rejection(
      client.flowService.sourceConnections.modify(
        source.id,
        async (current) => {
          rounds += 1;
          await client.flowService.sourceConnections.update(source.id, [{ op: "replace", path: "/description", value: `theirs ${rounds}` }], { ifMatch: current.etag });
          return [{ op: "replace", path: "/name", value: "ours" }];
        },
        { attempts: 2 },
      ),
    );
    expect(rounds).toBe(2);
    expect(error.code).toBe("FLOW-1404-412");
    expect((await client.flowService.sourceConnections.get(source.id)).name).not.toBe("ours");
  });

  it("modify with no operations writes nothing and answers the current etag", async () => {
    const source = await client.flowService.sourceConnections.create(customerioSourceBody());
    const unchanged = await client.flowService.sourceConnections.modify(source.id, () => []);
    expect(unchanged).toEqual({ id: source.id, etag: source.etag });
    expect((await client.flowService.sourceConnections.get(source.id)).etag).toBe(source.etag);
  });

  it("delete guards: a source connection used by a flow cannot be deleted (1447); the flow can, then it is 404", async () => {
    const { source, flow } = await customerioFlow();
    const used = await rejection(client.flowService.sourceConnections.delete(source.id));
    expect(used).toMatchObject({ status: 400, code: "FLOW-1447-400" });
    await client.flowService.flows.delete(flow.id);
    expect((await rejection(client.flowService.flows.delete(flow.id))).status).toBe(404);
    await client.flowService.sourceConnections.delete(source.id);
  });

  it("runs: create starts a run of a flow scheduled once; get, list and count find it by flow", async () => {
    const { source, target } = await customerioFlow();
    const once = await client.flowService.flows.create(flowBody(source.id, target.id, { name: "once", scheduleParams: { startTime: "1612310466", frequency: "once" } }));
    const run = await client.flowService.runs.create({ flowId: once.id, params: { startTime: 1612310466 } });
    expect(run).toEqual({ id: expect.any(String), etag: expect.stringMatching(QUOTED_ETAG) });

    expect(await client.flowService.runs.get(run.id)).toMatchObject({ id: run.id, flowId: once.id, metrics: { statusSummary: { status: "success" } } });
    expect((await collect(client.flowService.runs.list({ flowId: once.id }))).map((item) => item.id)).toEqual([run.id]);
    expect(await client.flowService.runs.count({ flowId: once.id })).toBe(1);
    expect(await client.flowService.runs.count({ flowId: "another-flow" })).toBe(0);
    expect(await collect(client.flowService.runs.list({ flowId: once.id, property: "metrics.statusSummary.status==failed" }))).toEqual([]);
  });

  it("runs.listPage answers one page of a flow's runs and the query of the next (a continuationToken that keeps the filter); the last page has none", async () => {
    const { source, target } = await customerioFlow();
    const once = await client.flowService.flows.create(flowBody(source.id, target.id, { name: "once", scheduleParams: { startTime: "1612310466", frequency: "once" } }));
    const other = await client.flowService.flows.create(flowBody(source.id, target.id, { name: "other", scheduleParams: { startTime: "1612310466", frequency: "once" } }));
    const ids: string[] = [];
    for (let index = 0; index < 5; index++) ids.push((await client.flowService.runs.create({ flowId: once.id })).id);
    await client.flowService.runs.create({ flowId: other.id });

    const first = await client.flowService.runs.listPage({ flowId: once.id, limit: 2 });
    expect(first.items).toHaveLength(2);
    expect(first.next).toEqual({ continuationToken: expect.any(String) });
    const second = await client.flowService.runs.listPage(first.next);
    expect(second.items).toHaveLength(2);
    expect(second.next).toEqual({ continuationToken: expect.any(String) });
    const third = await client.flowService.runs.listPage(second.next);
    expect(third.items).toHaveLength(1);
    expect(third.next).toBeUndefined();
    const seen = [...first.items, ...second.items, ...third.items];
    expect(seen.every((run) => run.flowId === once.id)).toBe(true);
    expect(seen.map((run) => run.id).sort()).toEqual([...ids].sort());
  });

  it("runs: an unknown flow is 1430, a flow not scheduled once is refused", async () => {
    const unknown = await rejection(client.flowService.runs.create({ flowId: "aa6a206f-f233-4c2d-0000-000000000000" }));
    expect(unknown).toMatchObject({ status: 400, code: "FLOW-1430-400" });
    const { flow } = await customerioFlow();
    expect((await rejection(client.flowService.runs.create({ flowId: flow.id }))).code).toBe("FLOW-1100-400");
    expect((await rejection(client.flowService.runs.get("no-such-run"))).status).toBe(404);
  });

  it("connectionSpecs and flowSpecs: list with property filters, get unwraps, unknown ids are 404", async () => {
    const specs = await collect(client.flowService.connectionSpecs.list());
    expect(specs.map((spec) => spec.id)).toEqual(expect.arrayContaining([CUSTOMERIO_SPEC, DATA_LAKE_SPEC, HTTP_API_SPEC]));
    const filtered = await collect(client.flowService.connectionSpecs.list({ property: `id==${CUSTOMERIO_SPEC}` }));
    expect(filtered.map((spec) => spec.id)).toEqual([CUSTOMERIO_SPEC]);
    expect((await client.flowService.connectionSpecs.get(DATA_LAKE_SPEC)).id).toBe(DATA_LAKE_SPEC);
    expect((await client.flowService.connectionSpecs.listPage()).next).toBeUndefined();

    const flowSpec = await client.flowService.flowSpecs.get(CUSTOMERIO_FLOW_SPEC);
    expect(flowSpec.sourceConnectionSpecIds).toContain(CUSTOMERIO_SPEC);
    const byId = await collect(client.flowService.flowSpecs.list({ property: [`id==${CUSTOMERIO_FLOW_SPEC}`] }));
    expect(byId).toHaveLength(1);
    expect((await rejection(client.flowService.flowSpecs.get("00000000-0000-0000-0000-000000000000"))).code).toBe("FLOW-1439-404");
  });

  it("a bad filter comes back as the service's code", async () => {
    const error = await rejection(collect(client.flowService.flows.list({ property: "state~enabled" })));
    expect(error).toMatchObject({ status: 400, code: "FLOW-1440-400" });
  });

  it("x-sandbox-name and x-gw-ims-org-id scope what the client sees", async () => {
    const dev = running.clientWith({ sandboxName: "dev" });
    const otherOrg = running.clientWith({ orgId: OTHER_ORG });
    const created = await dev.flowService.sourceConnections.create(customerioSourceBody());
    expect((await dev.flowService.sourceConnections.get(created.id)).sandboxName).toBe("dev");
    expect(await client.flowService.sourceConnections.count()).toBe(0);
    expect((await rejection(otherOrg.flowService.sourceConnections.get(created.id))).status).toBe(404);
  });

  it("gateway errors: a blank token, api key or org come back with the gateway's codes", async () => {
    const noToken = await rejection(running.clientWith({ accessToken: "" }).flowService.flows.count());
    expect(noToken).toMatchObject({ status: 401, code: "401013", detail: "Oauth token is not valid" });
    expect(noToken.requestId).toEqual(expect.any(String));
    expect(await rejection(running.clientWith({ apiKey: "" }).flowService.flows.count())).toMatchObject({ status: 403, code: "403000" });
    expect(await rejection(running.clientWith({ orgId: "" }).flowService.flows.count())).toMatchObject({ status: 400, code: "400003" });
  });

  it("asks an accessToken function for a token on every request", async () => {
    let calls = 0;
    const refreshing = running.clientWith({ accessToken: async () => `token-${++calls}` });
    await refreshing.flowService.flows.count();
    await refreshing.flowService.sourceConnections.count();
    expect(calls).toBe(2);
  });

  it("emulator.reset empties all state, or only one tenant's; emulator.health answers ok", async () => {
    await client.flowService.sourceConnections.create(customerioSourceBody());
    const dev = running.clientWith({ sandboxName: "dev" });
    await dev.flowService.sourceConnections.create(customerioSourceBody());
    expect(await client.emulator.reset({ org: CREDENTIALS.orgId, sandbox: "dev" })).toEqual({ reset: { imsOrgId: CREDENTIALS.orgId, sandboxName: "dev" } });
    expect(await dev.flowService.sourceConnections.count()).toBe(0);
    expect(await client.flowService.sourceConnections.count()).toBe(1);
    expect(await client.emulator.reset()).toEqual({ reset: "all" });
    expect(await client.flowService.sourceConnections.count()).toBe(0);
    expect(await client.emulator.health()).toEqual({ status: "ok" });
  });
});
