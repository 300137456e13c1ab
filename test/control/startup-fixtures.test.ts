import { afterEach, describe, expect, it } from "vitest";
import { platformHeaders } from "../support/app.js";
import { runToExit, startEmulator, type RunningEmulator } from "../support/process.js";
import { CATALOG, CIO_DATASET, SR } from "../support/registry.js";

let running: RunningEmulator | undefined;
afterEach(async () => {
  await running?.stop();
  running = undefined;
});

describe("FIXTURES at start-up", () => {
  it("FIXTURES=customerio serves the tutorial's dataset to any org", async () => {
    running = await startEmulator({ FIXTURES: "customerio", DB_PATH: ":memory:" });
    const headers = platformHeaders("Someone@AdobeOrg");
    const dataSet = await fetch(`${running.url}${CATALOG}/dataSets/${CIO_DATASET}`, { headers });
    expect(dataSet.status).toBe(200);
    expect(Object.keys((await dataSet.json()) as object)).toEqual([CIO_DATASET]);
    const stats = await fetch(`${running.url}${SR}/stats`, { headers });
    expect(((await stats.json()) as { tenantId: string }).tenantId).toBe("extconndev");
  });

  it("--default-tenant-id is the tenant id of orgs no fixture names", async () => {
    running = await startEmulator({ DB_PATH: ":memory:" }, ["node", "--import", "tsx", "emulator/main.ts", "--default-tenant-id", "acme"]);
    const stats = await fetch(`${running.url}${SR}/stats`, { headers: platformHeaders() });
    expect(((await stats.json()) as { tenantId: string }).tenantId).toBe("acme");
  });

  it("exits 2 naming the problem when a fixture set cannot be loaded", async () => {
    const result = await runToExit({ FIXTURES: "no-such-fixture", DB_PATH: ":memory:" });
    expect(result.code).toBe(2);
    expect(result.output).toMatch(/No fixture set no-such-fixture/);
  });
});
