import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestEmulator, type TestEmulator } from "../support/app.js";
import {
  create,
  createCustomerioFlow,
  customerioFlowBody,
  customerioSourceBody,
  dataLakeTargetBody,
  expectFlowError,
  FS,
  getItem,
} from "../support/flowservice.js";

/**
 * Flow Service writes sent together commit together (one COMMIT for the writes of one turn of the
 * event loop); each still answers as if it were alone, and a refused one changes nothing else.
 */
describe("Flow Service writes sent together", () => {
  let emulator: TestEmulator;
  beforeEach(() => {
    emulator = createTestEmulator();
  });
  afterEach(() => emulator.close());

  it("each create answers 201 with its own id, and every one is stored", async () => {
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, index) => emulator.request("POST", `${FS}/sourceConnections`, { body: { ...customerioSourceBody(), name: `source ${index}` } })),
    );
    for (const answer of answers) expect(answer.status, answer.text).toBe(201);
    expect(new Set(answers.map((answer) => answer.body.id)).size).toBe(10);
    for (const [index, answer] of answers.entries()) {
      const stored = await getItem(emulator, "sourceConnections", answer.body.id);
      expect(stored.name).toBe(`source ${index}`);
      expect(stored.etag).toBe(answer.body.etag);
    }
  });

  it("a refused PATCH among accepted ones answers its error and leaves the others stored", async () => {
    const first = await create(emulator, "sourceConnections", customerioSourceBody());
    const second = await create(emulator, "sourceConnections", customerioSourceBody());
    const patch = (id: string, etag: string, name: string) =>
      emulator.request("PATCH", `${FS}/sourceConnections/${id}`, { body: [{ op: "replace", path: "/name", value: name }], headers: { "If-Match": etag } });
    const [accepted, stale, alsoAccepted] = await Promise.all([
      patch(first.id, first.etag, "first renamed"),
      patch(second.id, '"00000000-0000-0200-0000-000000000000"', "never stored"),
      patch(second.id, second.etag, "second renamed"),
    ]);
    expect(accepted.status, accepted.text).toBe(200);
    expectFlowError(stale, 1404, 412);
    expect(alsoAccepted.status, alsoAccepted.text).toBe(200);
    expect((await getItem(emulator, "sourceConnections", first.id)).name).toBe("first renamed");
    const stored = await getItem(emulator, "sourceConnections", second.id);
    expect(stored.name).toBe("second renamed");
    expect(stored.etag).toBe(alsoAccepted.body.etag);
  });

  it("PATCHes with one etag sent together: one 200, the rest 412", async () => {
    const { id, etag } = await create(emulator, "sourceConnections", customerioSourceBody());
    const answers = await Promise.all(
      Array.from({ length: 5 }, (_, index) =>
        emulator.request("PATCH", `${FS}/sourceConnections/${id}`, { body: [{ op: "replace", path: "/name", value: `writer ${index}` }], headers: { "If-Match": etag } }),
      ),
    );
    const winners = answers.filter((answer) => answer.status === 200);
    expect(winners).toHaveLength(1);
    for (const answer of answers) if (answer.status !== 200) expectFlowError(answer, 1404, 412);
    expect((await getItem(emulator, "sourceConnections", id)).etag).toBe(winners[0].body.etag);
  });

  it("a DELETE sent with a create that uses the connection: exactly one of them succeeds", async () => {
    const source = await create(emulator, "sourceConnections", customerioSourceBody());
    const target = await create(emulator, "targetConnections", dataLakeTargetBody());
    const [created, deleted] = await Promise.all([
      emulator.request("POST", `${FS}/flows`, { body: customerioFlowBody(source.id, target.id) }),
      emulator.request("DELETE", `${FS}/sourceConnections/${source.id}`),
    ]);
    if (created.status === 201) {
      expectFlowError(deleted, 1447, 400);
      await getItem(emulator, "sourceConnections", source.id);
      await getItem(emulator, "flows", created.body.id);
    } else {
      expect(deleted.status, deleted.text).toBe(204);
      expect(created.status, created.text).toBeGreaterThanOrEqual(400);
      expect(created.status).toBeLessThan(500);
      expect((await emulator.request("GET", `${FS}/flows`)).body.items).toHaveLength(0);
    }
  });

  it("two disables of one flow sent together: one 200, one 400, and the winner's etag stored", async () => {
    const { flow } = await createCustomerioFlow(emulator);
    const disable = () => emulator.request("POST", `${FS}/flows/${flow.id}/action?op=disable`);
    const answers = await Promise.all([disable(), disable()]);
    const winners = answers.filter((answer) => answer.status === 200);
    expect(winners, answers.map((answer) => answer.text).join("\n")).toHaveLength(1);
    expect(answers.filter((answer) => answer.status === 400)).toHaveLength(1);
    const stored = await getItem(emulator, "flows", flow.id);
    expect(stored.state).toBe("disabled");
    expect(stored.etag).toBe(winners[0].body.etag);
  });
});
