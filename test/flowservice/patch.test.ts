import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestEmulator, type TestEmulator } from "../support/app.js";
import { create, createCustomerioFlow, customerioSourceBody, expectFlowError, FS, getItem } from "../support/flowservice.js";

describe("PATCH with JSON Patch and If-Match", () => {
  let emulator: TestEmulator;
  let id: string;
  let etag: string;
  beforeEach(async () => {
    emulator = createTestEmulator();
    ({ id, etag } = await create(emulator, "sourceConnections", customerioSourceBody()));
  });
  afterEach(() => emulator.close());

  const patch = (body: unknown, headers: Record<string, string | undefined> = {}, path = `${FS}/sourceConnections/${id}`) =>
    emulator.request("PATCH", path, { body, headers });

  it("replaces fields and answers 200 {id, etag} with a new etag that GET shows", async () => {
    const response = await patch([{ op: "replace", path: "/name", value: "Renamed" }], { "If-Match": etag });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ id, etag: expect.stringMatching(/^"[0-9a-f]{8}-0000-0200-0000-[0-9a-f]{12}"$/) });
    expect(response.body.etag).not.toBe(etag);
    const item = await getItem(emulator, "sourceConnections", id);
    expect(item).toMatchObject({ name: "Renamed", etag: response.body.etag, version: response.body.etag });
    expect(item.updatedAt).toBeGreaterThan(item.createdAt);
  });

  it("accepts If-Match quoted, unquoted, or as the if-match query parameter", async () => {
    const bare = etag.replace(/"/g, "");
    const first = await patch([{ op: "replace", path: "/name", value: "a" }], { "If-Match": bare });
    expect(first.status).toBe(200);
    const second = await emulator.request(
      "PATCH",
      `${FS}/sourceConnections/${id}?if-match=${encodeURIComponent(first.body.etag)}`,
      { body: [{ op: "replace", path: "/name", value: "b" }] },
    );
    expect(second.status).toBe(200);
    expect((await getItem(emulator, "sourceConnections", id)).name).toBe("b");
  });

  it("without If-Match is 1403", async () => {
    const response = await patch([{ op: "replace", path: "/name", value: "x" }]);
    expectFlowError(response, 1403, 400);
    expect(response.body.title).toBe("Header is missing");
  });

  it("with a stale etag is 412 1404 with the documented message, and nothing changes", async () => {
    await patch([{ op: "replace", path: "/name", value: "first" }], { "If-Match": etag });
    const current = (await getItem(emulator, "sourceConnections", id)).etag;
    const response = await patch([{ op: "replace", path: "/name", value: "second" }], { "If-Match": etag });
    expectFlowError(response, 1404, 412);
    expect(response.body.errorMessage).toBe(`Supplied version=[${etag}] does not match the current version on entity=[${current}]`);
    expect((await getItem(emulator, "sourceConnections", id)).name).toBe("first");
  });

  it("takes add, replace and remove in any letter case", async () => {
    const response = await patch(
      [
        { op: "ADD", path: "/description", value: "added" },
        { op: "Replace", path: "/data/format", value: "json" },
        { op: "add", path: "/params", value: { tags: ["a"] } },
        { op: "add", path: "/params/tags/-", value: "b" },
        { op: "remove", path: "/providerId", value: "ignored" },
      ],
      { "If-Match": etag },
    );
    expect(response.status, response.text).toBe(200);
    const item = await getItem(emulator, "sourceConnections", id);
    expect(item.description).toBe("added");
    expect(item.params).toEqual({ tags: ["a", "b"] });
    expect(item.providerId).toBeUndefined();
  });

  it("accepts a single instruction object, as Adobe's spec documents for connections", async () => {
    const response = await patch({ op: "replace", path: "/name", value: "single" }, { "If-Match": etag });
    expect(response.status).toBe(200);
    expect((await getItem(emulator, "sourceConnections", id)).name).toBe("single");
  });

  it("records the applied ops in a flow's lastOperation", async () => {
    const { flow } = await createCustomerioFlow(emulator);
    const current = await getItem(emulator, "flows", flow.id);
    const ops = [
      { op: "replace", path: "/name", value: "Renamed flow" },
      { op: "add", path: "/description", value: "New description" },
    ];
    const response = await patch(ops, { "If-Match": current.etag }, `${FS}/flows/${flow.id}`);
    expect(response.status).toBe(200);
    const item = await getItem(emulator, "flows", flow.id);
    expect(item.lastOperation).toMatchObject({
      operation: "update",
      ops,
      status: { value: "completed", errors: [] },
      percentCompleted: 100,
    });
  });

  it("records each op as sent, even when a later op writes inside a value an earlier one added", async () => {
    const { flow } = await createCustomerioFlow(emulator);
    const current = await getItem(emulator, "flows", flow.id);
    const ops = [
      { op: "add", path: "/scheduleParams", value: { frequency: "minute" } },
      { op: "add", path: "/scheduleParams/interval", value: 15 },
    ];
    const response = await patch(ops, { "If-Match": current.etag }, `${FS}/flows/${flow.id}`);
    expect(response.status, response.text).toBe(200);
    const item = await getItem(emulator, "flows", flow.id);
    expect(item.scheduleParams).toEqual({ frequency: "minute", interval: 15 });
    expect(item.lastOperation.ops).toEqual(ops);
  });

  it("keeps the fields it does not touch, nested ones too, exactly as they were", async () => {
    await patch([{ op: "add", path: "/params", value: { nested: { kept: [1, { deep: true }], changed: "a" } } }], { "If-Match": etag });
    const before = await getItem(emulator, "sourceConnections", id);
    const response = await patch([{ op: "replace", path: "/params/nested/changed", value: "b" }], { "If-Match": before.etag });
    expect(response.status, response.text).toBe(200);
    const after = await getItem(emulator, "sourceConnections", id);
    expect(after.params).toEqual({ nested: { kept: [1, { deep: true }], changed: "b" } });
    const { etag: _e, version: _v, updatedAt: _u, ...unchanged } = before;
    expect(after).toMatchObject({ ...unchanged, params: after.params });
  });

  it("refuses unsupported operations with 1434", async () => {
    const response = await patch([{ op: "move", from: "/name", path: "/description" }], { "If-Match": etag });
    expectFlowError(response, 1434, 400);
    expect(response.body.errorMessage).toBe(
      "Unsupported operation 'move' received. Please use one of the supported operation types and try again.",
    );
  });

  it("refuses a missing path, a missing value or a path that does not exist with 1455", async () => {
    for (const body of [
      [{ op: "replace", value: "x" }],
      [{ op: "replace", path: "/name" }],
      [{ op: "replace", path: "/keyWhichDoesNotExist", value: "x" }],
      [{ op: "remove", path: "/nothing/here" }],
      [{ op: "add", path: "/data/format/deeper", value: 1 }],
      [{ op: "add", path: "/__proto__/polluted", value: true }],
      ["not an object"],
    ]) {
      const response = await patch(body, { "If-Match": etag });
      expectFlowError(response, 1455, 400);
    }
    expect((await getItem(emulator, "sourceConnections", id)).etag).toBe(etag);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("an empty patch is 1405", async () => {
    expectFlowError(await patch([], { "If-Match": etag }), 1405, 400);
    expectFlowError(
      await emulator.request("PATCH", `${FS}/sourceConnections/${id}`, { raw: "", headers: { "If-Match": etag, "Content-Type": "application/json" } }),
      1405,
      400,
    );
  });

  it("refuses to change the connection spec with 1414", async () => {
    const response = await patch([{ op: "replace", path: "/connectionSpec", value: { id: "x", version: "1.0" } }], { "If-Match": etag });
    expectFlowError(response, 1414, 400);
    expect(response.body.errorMessage).toBe("The connection spec of a connection cannot be updated.");
    expectFlowError(await patch([{ op: "replace", path: "/connectionSpec/id", value: "x" }], { "If-Match": etag }), 1414, 400);
  });

  it("refuses to change server-owned fields", async () => {
    for (const path of ["/id", "/createdAt", "/updatedAt", "/etag", "/version", "/imsOrgId", "/sandboxName", "/state"]) {
      expectFlowError(await patch([{ op: "replace", path, value: "x" }], { "If-Match": etag }), 1455, 400);
    }
  });

  it("refuses a patch that leaves a field of the wrong type, and leaves the document as it was", async () => {
    const response = await patch(
      [
        { op: "replace", path: "/description", value: "would be applied first" },
        { op: "replace", path: "/name", value: 42 },
      ],
      { "If-Match": etag },
    );
    expectFlowError(response, 1455, 400);
    const item = await getItem(emulator, "sourceConnections", id);
    expect(item.name).toBe("Streaming Source Connection for Customer.io");
    expect(item.etag).toBe(etag);
  });

  it("a flow patch is checked again: its connections must still exist", async () => {
    const { flow } = await createCustomerioFlow(emulator);
    const current = await getItem(emulator, "flows", flow.id);
    const response = await patch(
      [{ op: "replace", path: "/sourceConnectionIds/0", value: "3a3a3a3a-0000-4000-8000-000000000000" }],
      { "If-Match": current.etag },
      `${FS}/flows/${flow.id}`,
    );
    expectFlowError(response, 1100, 400);
    expect((await getItem(emulator, "flows", flow.id)).etag).toBe(current.etag);
  });

  it("PATCH of an unknown id is 404", async () => {
    const response = await patch([{ op: "replace", path: "/name", value: "x" }], { "If-Match": etag }, `${FS}/flows/0a0a0a0a-0000-4000-8000-000000000000`);
    expectFlowError(response, 1439, 404);
  });
});
