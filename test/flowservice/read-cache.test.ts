import { afterEach, describe, expect, it } from "vitest";
import { RequestJournal } from "../../emulator/control/journal.js";
import { EntityRepository } from "../../emulator/store/entities.js";
import { createTestEmulator, tenantOf, type TestEmulator } from "../support/app.js";
import { create, createCustomerioFlow, customerioFlowBody, customerioSourceBody, dataLakeTargetBody, expectFlowError, FS, getItem } from "../support/flowservice.js";

/**
 * Reads are answered from memory until the store changes: every write, reset or rolled-back
 * request must show in the next read of the same flow or list, even right after the same read, and
 * in the checks of the next write.
 */
let emulator: TestEmulator;
afterEach(() => emulator.close());

const LIST = `${FS}/flows?property=state==enabled&orderby=-createdAt&limit=50`;

async function listedIds(path = LIST): Promise<string[]> {
  const response = await emulator.request("GET", path);
  expect(response.status, response.text).toBe(200);
  return response.body.items.map((item: { id: string }) => item.id);
}

async function count(): Promise<number> {
  const response = await emulator.request("GET", `${FS}/flows?count=true`);
  expect(response.status, response.text).toBe(200);
  return response.body.count;
}

describe("reads after writes", () => {
  it("GET of a flow shows a PATCH made after the same GET", async () => {
    emulator = createTestEmulator();
    const { flow } = await createCustomerioFlow(emulator);
    await getItem(emulator, "flows", flow.id);
    const before = await getItem(emulator, "flows", flow.id);
    const patched = await emulator.request("PATCH", `${FS}/flows/${flow.id}`, {
      body: [{ op: "replace", path: "/name", value: "Renamed" }],
      headers: { "If-Match": before.etag },
    });
    expect(patched.status, patched.text).toBe(200);
    const after = await getItem(emulator, "flows", flow.id);
    expect(after.name).toBe("Renamed");
    expect(after.etag).toBe(patched.body.etag);
  });

  it("a refused PATCH changes nothing that GET shows", async () => {
    emulator = createTestEmulator();
    const { flow } = await createCustomerioFlow(emulator);
    const before = await getItem(emulator, "flows", flow.id);
    const refused = await emulator.request("PATCH", `${FS}/flows/${flow.id}`, {
      body: [{ op: "replace", path: "/name", value: "Renamed" }],
      headers: { "If-Match": '"stale"' },
    });
    expect(refused.status).toBe(412);
    expect(await getItem(emulator, "flows", flow.id)).toEqual(before);
  });

  it("GET of a flow is 404 after DELETE and after a reset", async () => {
    emulator = createTestEmulator();
    const first = (await createCustomerioFlow(emulator)).flow;
    const second = (await createCustomerioFlow(emulator)).flow;
    await getItem(emulator, "flows", first.id);
    expect((await emulator.request("DELETE", `${FS}/flows/${first.id}`)).status).toBe(204);
    expect((await emulator.request("GET", `${FS}/flows/${first.id}`)).status).toBe(404);
    await getItem(emulator, "flows", second.id);
    expect((await emulator.request("POST", "/_emulator/reset")).status).toBe(200);
    expect((await emulator.request("GET", `${FS}/flows/${second.id}`)).status).toBe(404);
  });

  it("the filtered list and its count show flows created, disabled and deleted after the same list", async () => {
    emulator = createTestEmulator();
    const first = (await createCustomerioFlow(emulator)).flow;
    expect(await listedIds()).toEqual([first.id]);
    expect(await count()).toBe(1);
    const second = (await createCustomerioFlow(emulator)).flow;
    expect(await listedIds()).toEqual([second.id, first.id]);
    expect(await count()).toBe(2);

    const disabled = await emulator.request("POST", `${FS}/flows/${second.id}/action?op=disable`);
    expect(disabled.status, disabled.text).toBe(200);
    expect(await listedIds()).toEqual([first.id]);

    expect((await emulator.request("DELETE", `${FS}/flows/${first.id}`)).status).toBe(204);
    expect(await listedIds()).toEqual([]);
    expect(await count()).toBe(1);
  });

  it("the list answers each tenant and each query its own page", async () => {
    emulator = createTestEmulator();
    const mine = (await createCustomerioFlow(emulator)).flow;
    const dev = (await createCustomerioFlow(emulator, { sandbox: "dev" })).flow;
    expect(await listedIds()).toEqual([mine.id]);
    const response = await emulator.request("GET", LIST, { sandbox: "dev" });
    expect(response.body.items.map((item: { id: string }) => item.id)).toEqual([dev.id]);
    expect(await listedIds(`${FS}/flows?property=state==disabled`)).toEqual([]);
  });
});

describe("reads inside a transaction", () => {
  it("are not kept: a rolled-back write is never served afterwards", async () => {
    emulator = createTestEmulator();
    const entities = new EntityRepository(emulator.store.db);
    const tenant = tenantOf();
    expect(entities.getJson(tenant, "flows", "rolled-back")).toBeUndefined();
    expect(() =>
      emulator.store.transaction(() => {
        entities.insert(tenant, "flows", "rolled-back", { id: "rolled-back" });
        expect(entities.getJson(tenant, "flows", "rolled-back")).toBe('{"id":"rolled-back"}');
        throw new Error("roll back");
      }),
    ).toThrow("roll back");
    expect(entities.getJson(tenant, "flows", "rolled-back")).toBeUndefined();
    expect((await emulator.request("GET", `${FS}/flows/rolled-back`)).status).toBe(404);
  });
});

describe("documents read by writes", () => {
  it("a reference check inside a write's transaction does not find a connection deleted since it was last read", async () => {
    emulator = createTestEmulator();
    const source = await create(emulator, "sourceConnections", customerioSourceBody());
    const target = await create(emulator, "targetConnections", dataLakeTargetBody());
    await getItem(emulator, "sourceConnections", source.id);
    const accepted = await emulator.request("POST", `${FS}/flows`, { body: customerioFlowBody(source.id, target.id) });
    expect(accepted.status, accepted.text).toBe(201);
    expect((await emulator.request("DELETE", `${FS}/flows/${accepted.body.id}`)).status).toBe(204);
    expect((await emulator.request("DELETE", `${FS}/sourceConnections/${source.id}`)).status).toBe(204);
    const refused = await emulator.request("POST", `${FS}/flows`, { body: customerioFlowBody(source.id, target.id) });
    expectFlowError(refused, 1100, 400);
    expect(refused.body.report).toMatchObject({ id: source.id, type: "sourceConnections" });
  });

  /** A fresh emulator's repository, holding flow f1 committed and read once. */
  function committedFlow() {
    emulator = createTestEmulator();
    const entities = new EntityRepository(emulator.store.db);
    const tenant = tenantOf();
    entities.insert(tenant, "flows", "f1", { id: "f1", name: "committed" });
    expect(entities.get(tenant, "flows", "f1")).toEqual({ id: "f1", name: "committed" });
    return { entities, tenant };
  }

  it("inside a transaction, a document it wrote is read as written, and as committed once it rolls back", () => {
    const { entities, tenant } = committedFlow();
    expect(() =>
      emulator.store.transaction(() => {
        expect(entities.get(tenant, "flows", "f1")).toEqual({ id: "f1", name: "committed" });
        entities.update(tenant, "flows", "f1", { id: "f1", name: "uncommitted" });
        expect(entities.get(tenant, "flows", "f1")).toEqual({ id: "f1", name: "uncommitted" });
        entities.delete(tenant, "flows", "f1");
        expect(entities.get(tenant, "flows", "f1")).toBeUndefined();
        throw new Error("roll back");
      }),
    ).toThrow("roll back");
    expect(entities.get(tenant, "flows", "f1")).toEqual({ id: "f1", name: "committed" });
  });

  it("a transaction that writes thousands of documents still never leaves one of them remembered when it rolls back", () => {
    const { entities, tenant } = committedFlow();
    expect(() =>
      emulator.store.transaction(() => {
        entities.update(tenant, "flows", "f1", { id: "f1", name: "uncommitted" });
        for (let n = 0; n < 3000; n++) entities.insert(tenant, "flows", `other-${n}`, { id: `other-${n}` });
        expect(entities.get(tenant, "flows", "f1")).toEqual({ id: "f1", name: "uncommitted" });
        expect(entities.get(tenant, "flows", "other-0")).toEqual({ id: "other-0" });
        throw new Error("roll back");
      }),
    ).toThrow("roll back");
    expect(entities.get(tenant, "flows", "f1")).toEqual({ id: "f1", name: "committed" });
    expect(entities.get(tenant, "flows", "other-0")).toBeUndefined();
  });
});

describe("a list answered again from memory", () => {
  it("is the same answer each time, and the journal measures and keeps it like any other", async () => {
    emulator = createTestEmulator({ journal: new RequestJournal(10, true) });
    await createCustomerioFlow(emulator);
    await createCustomerioFlow(emulator);
    const answers = [];
    const page = `${FS}/flows?property=state==enabled&orderby=-createdAt&limit=1`;
    for (let read = 0; read < 3; read++) answers.push(await emulator.request("GET", page));
    for (const answer of answers) {
      expect(answer.status).toBe(200);
      expect(answer.headers.get("content-type")).toBe("application/json");
      expect(answer.text).toBe(answers[0].text);
    }
    expect(answers[0].body.items).toHaveLength(1);
    expect(answers[0].body._links.next.href).toMatch(/^\/flows\?continuationToken=/);
    const journal = await emulator.request("GET", "/_emulator/requests?path=/flows&limit=3");
    for (const entry of journal.body.requests) {
      expect(entry.responseBytes).toBe(Buffer.byteLength(answers[0].text));
      expect(entry.responseBody).toBe(answers[0].text);
    }
  });
});
