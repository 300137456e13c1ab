import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { packageRoot } from "../../emulator/ui/files.js";
import { createTestEmulator, ORG, OTHER_ORG, type TestEmulator } from "../support/app.js";
import { ROOT } from "../support/process.js";

/** The Inspector's routes, in process: the page, its files, the fixture lists and /_emulator/tenants. */
describe("the Inspector's routes", () => {
  let emulator: TestEmulator;
  afterEach(() => emulator?.close());

  it("serves the page with a strict CSP, and its modules, styles and icon with their content types", async () => {
    emulator = createTestEmulator();
    for (const path of ["/_emulator/ui", "/_emulator/ui/", "/_emulator/ui/index.html"]) {
      const page = await emulator.app.request(path);
      expect(page.status, path).toBe(200);
      expect(page.headers.get("content-type")).toBe("text/html; charset=utf-8");
      expect(page.headers.get("content-security-policy")).toMatch(/default-src 'self'; script-src 'self'; style-src 'self'/);
    }
    const types: Record<string, string> = {
      "js/main.js": "text/javascript; charset=utf-8",
      "js/pages/flow.js": "text/javascript; charset=utf-8",
      "inspector.css": "text/css; charset=utf-8",
      "favicon.svg": "image/svg+xml",
    };
    for (const [file, type] of Object.entries(types)) {
      const response = await emulator.app.request(`/_emulator/ui/assets/${file}`);
      expect(response.status, file).toBe(200);
      expect(response.headers.get("content-type"), file).toBe(type);
    }
  });

  it("answers 404 for files outside the static folder, hidden files and unknown types", async () => {
    emulator = createTestEmulator();
    for (const path of [
      "/_emulator/ui/assets/../files.ts",
      "/_emulator/ui/assets/%2e%2e/routes.ts",
      "/_emulator/ui/assets/js/%2e%2e/%2e%2e/routes.ts",
      "/_emulator/ui/assets/..%2f..%2fpackage.json",
      "/_emulator/ui/assets/.hidden.js",
      "/_emulator/ui/assets/js/missing.js",
      "/_emulator/ui/assets/index.ts",
      "/_emulator/ui/assets/%E0%A4%A",
    ]) {
      const response = await emulator.app.request(path);
      expect(response.status, path).toBe(404);
    }
  });

  it("lists the fixture events and the built-in fixture sets", async () => {
    emulator = createTestEmulator();
    const events = await emulator.request("GET", "/_emulator/ui/fixtures/events");
    expect(events.status).toBe(200);
    const names = events.body.events.map((event: { name: string }) => event.name);
    expect(names).toContain("email-sent");
    expect(events.body.events.find((event: { name: string }) => event.name === "malformed-not-an-object")).toMatchObject({
      set: "customerio",
      malformed: true,
      event: ["customer", "subscribed", 1613063089],
    });
    const sets = await emulator.request("GET", "/_emulator/ui/fixtures/sets");
    expect(sets.body.fixtureSets).toContainEqual(expect.objectContaining({ name: "customerio", document: expect.objectContaining({ tenantId: "extconndev" }) }));
  });

  it("lists the tenants that hold state, by org then sandbox, and forgets one after its reset", async () => {
    emulator = createTestEmulator();
    expect((await emulator.request("GET", "/_emulator/tenants")).body).toEqual({ tenants: [] });
    await emulator.request("GET", "/data/foundation/flowservice/flows", { org: OTHER_ORG, sandbox: "dev" });
    await emulator.request("GET", "/data/foundation/flowservice/flows", { org: ORG });
    const listed = await emulator.request("GET", "/_emulator/tenants");
    expect(listed.status).toBe(200);
    expect(listed.body.tenants).toEqual([
      { imsOrgId: ORG, sandboxName: "prod" },
      { imsOrgId: OTHER_ORG, sandboxName: "dev" },
    ]);
    await emulator.app.request(`/_emulator/reset?org=${encodeURIComponent(OTHER_ORG)}&sandbox=dev`, { method: "POST" });
    expect((await emulator.request("GET", "/_emulator/tenants")).body.tenants).toEqual([{ imsOrgId: ORG, sandboxName: "prod" }]);
  });

  it("finds the package root from the sources and from a build folder alike", () => {
    expect(packageRoot(join(ROOT, "emulator", "ui"))).toBe(ROOT.replace(/\/$/, ""));
    expect(packageRoot(join(ROOT, "dist", "emulator", "ui"))).toBe(ROOT.replace(/\/$/, ""));
    const elsewhere = mkdtempSync(join(tmpdir(), "aep-ui-root-"));
    try {
      mkdirSync(join(elsewhere, "a", "b"), { recursive: true });
      writeFileSync(join(elsewhere, "package.json"), JSON.stringify({ name: "something-else" }));
      expect(packageRoot(join(elsewhere, "a", "b"))).toBeUndefined();
    } finally {
      rmSync(elsewhere, { recursive: true, force: true });
    }
  });
});
