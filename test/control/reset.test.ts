import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestEmulator, ORG, OTHER_ORG, type TestEmulator } from "../support/app.js";
import { create, customerioSourceBody, FS } from "../support/flowservice.js";

describe("POST /_emulator/reset", () => {
  let emulator: TestEmulator;
  beforeEach(() => {
    emulator = createTestEmulator();
  });
  afterEach(() => emulator.close());

  const count = async (org?: string, sandbox?: string) =>
    (await emulator.request("GET", `${FS}/sourceConnections?count=true`, { org, sandbox })).body.count;

  it("empties all state", async () => {
    await create(emulator, "sourceConnections", customerioSourceBody());
    await create(emulator, "sourceConnections", customerioSourceBody(), { org: OTHER_ORG });
    const response = await emulator.app.request("/_emulator/reset", { method: "POST" });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ reset: "all" });
    expect(await count()).toBe(0);
    expect(await count(OTHER_ORG)).toBe(0);
  });

  it("empties only one tenant with ?org=&sandbox=", async () => {
    await create(emulator, "sourceConnections", customerioSourceBody());
    await create(emulator, "sourceConnections", customerioSourceBody(), { sandbox: "dev" });
    await create(emulator, "sourceConnections", customerioSourceBody(), { org: OTHER_ORG });
    const response = await emulator.app.request(`/_emulator/reset?org=${encodeURIComponent(ORG)}&sandbox=dev`, { method: "POST" });
    expect(await response.json()).toEqual({ reset: { imsOrgId: ORG, sandboxName: "dev" } });
    expect(await count(ORG, "dev")).toBe(0);
    expect(await count(ORG)).toBe(1);
    expect(await count(OTHER_ORG)).toBe(1);
  });

  it("refuses a parameter it does not know, emptying nothing: a misspelt ?orgId= would otherwise empty every tenant", async () => {
    await create(emulator, "sourceConnections", customerioSourceBody());
    await create(emulator, "sourceConnections", customerioSourceBody(), { org: OTHER_ORG });
    for (const query of [`orgId=${encodeURIComponent(ORG)}`, "Org=x", "foo=bar", `org=${encodeURIComponent(ORG)}&sandbox=dev&all=true`]) {
      const response = await emulator.app.request(`/_emulator/reset?${query}`, { method: "POST" });
      expect(response.status, query).toBe(400);
      expect(await response.text(), query).toMatch(/query/);
    }
    expect(await count()).toBe(1);
    expect(await count(OTHER_ORG)).toBe(1);
  });

  it("?org= alone empties that org's prod sandbox; a sandbox without an org is refused", async () => {
    await create(emulator, "sourceConnections", customerioSourceBody());
    await create(emulator, "sourceConnections", customerioSourceBody(), { sandbox: "dev" });
    await emulator.app.request(`/_emulator/reset?org=${encodeURIComponent(ORG)}`, { method: "POST" });
    expect(await count(ORG)).toBe(0);
    expect(await count(ORG, "dev")).toBe(1);
    const refused = await emulator.app.request("/_emulator/reset?sandbox=dev", { method: "POST" });
    expect(refused.status).toBe(400);
    expect(await count(ORG, "dev")).toBe(1);
  });
});
