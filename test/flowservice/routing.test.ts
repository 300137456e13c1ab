import { describe, expect, it } from "vitest";
import { createTestEmulator } from "../support/app.js";
import { create, customerioSourceBody, expectFlowError, FS, getItem } from "../support/flowservice.js";

// The router remembers its answer per method and path (emulator/platform/router.ts): a path asked
// again, or asked with another method, must still reach its own route with its own parameters.
describe("routing of repeated paths", () => {
  it("answers each id with its own document, alternating, and past the thousand paths the router remembers", async () => {
    const emulator = createTestEmulator();
    const first = await create(emulator, "sourceConnections", customerioSourceBody());
    const second = await create(emulator, "sourceConnections", customerioSourceBody());
    for (const { id } of [first, second, first, first, second]) {
      expect((await getItem(emulator, "sourceConnections", id)).id).toBe(id);
    }

    for (let n = 0; n < 1100; n++) {
      const id = `00000000-0000-4000-a000-${String(n).padStart(12, "0")}`;
      const response = await emulator.request("GET", `${FS}/sourceConnections/${id}`);
      expectFlowError(response, 1439, 404);
      expect(response.body.report["detailed-message"]).toContain(id);
    }

    expect((await getItem(emulator, "sourceConnections", second.id)).id).toBe(second.id);
    expect((await getItem(emulator, "sourceConnections", `${first.id}/`)).id).toBe(first.id);
    const long = "f".repeat(600);
    for (let n = 0; n < 2; n++) expectFlowError(await emulator.request("GET", `${FS}/sourceConnections/${long}`), 1439, 404);
    emulator.close();
  });

  it("sends each method of one path to its own route", async () => {
    const emulator = createTestEmulator();
    const { id } = await create(emulator, "sourceConnections", customerioSourceBody());
    const path = `${FS}/sourceConnections/${id}`;

    expect((await emulator.request("GET", path)).status).toBe(200);
    expectFlowError(await emulator.request("PATCH", path, { body: [{ op: "replace", path: "/name", value: "Renamed" }] }), 1403, 400);
    expect((await emulator.request("HEAD", path)).status).toBe(200);
    expect((await emulator.request("DELETE", path)).status).toBe(204);
    expectFlowError(await emulator.request("GET", path), 1439, 404);
    expectFlowError(await emulator.request("DELETE", path), 1439, 404);
    emulator.close();
  });
});
