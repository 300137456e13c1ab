import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestEmulator, ORG, OTHER_ORG, type TestEmulator } from "../support/app.js";
import { create, createCustomerioFlow, expectFlowError, FS, getItem, httpApiConnectionBody } from "../support/flowservice.js";

describe("tenant isolation", () => {
  let emulator: TestEmulator;
  beforeEach(() => {
    emulator = createTestEmulator();
  });
  afterEach(() => emulator.close());

  const others = [
    { label: "another org", org: OTHER_ORG, sandbox: undefined },
    { label: "another sandbox of the same org", org: ORG, sandbox: "dev" },
  ];

  for (const other of others) {
    it(`${other.label} can neither read, list, count, modify, act on nor delete a tenant's entities`, async () => {
      const base = await create(emulator, "connections", httpApiConnectionBody());
      const { source, target, flow } = await createCustomerioFlow(emulator);
      const owned: [string, string][] = [
        ["connections", base.id],
        ["sourceConnections", source.id],
        ["targetConnections", target.id],
        ["flows", flow.id],
      ];
      const as = { org: other.org, sandbox: other.sandbox };
      for (const [collection, id] of owned) {
        const etag = (await getItem(emulator, collection, id)).etag;
        expectFlowError(await emulator.request("GET", `${FS}/${collection}/${id}`, as), 1439, 404);
        expect((await emulator.request("GET", `${FS}/${collection}`, as)).body.items).toEqual([]);
        expect((await emulator.request("GET", `${FS}/${collection}?count=true`, as)).body).toEqual({ count: 0 });
        expect((await emulator.request("GET", `${FS}/${collection}?property=id==${id}`, as)).body.items).toEqual([]);
        const patch = await emulator.request("PATCH", `${FS}/${collection}/${id}`, {
          ...as,
          body: [{ op: "replace", path: "/name", value: "hijacked" }],
          headers: { "If-Match": etag },
        });
        expectFlowError(patch, 1439, 404);
        expectFlowError(await emulator.request("DELETE", `${FS}/${collection}/${id}`, as), 1439, 404);
      }
      expectFlowError(await emulator.request("POST", `${FS}/flows/${flow.id}/action?op=disable`, as), 1439, 404);

      for (const [collection, id] of owned) {
        const item = await getItem(emulator, collection, id);
        expect(item.name).not.toBe("hijacked");
        expect(item.imsOrgId).toBe(ORG);
      }
      expect((await getItem(emulator, "flows", flow.id)).state).toBe("enabled");
    });

    it(`${other.label} cannot build a flow from a tenant's connections`, async () => {
      const { source, target } = await createCustomerioFlow(emulator);
      const response = await emulator.request("POST", `${FS}/flows`, {
        org: other.org,
        sandbox: other.sandbox,
        body: {
          name: "stolen",
          flowSpec: { id: "e77fde5a-22a8-11ed-861d-0242ac120002" },
          sourceConnectionIds: [source.id],
          targetConnectionIds: [target.id],
        },
      });
      expectFlowError(response, 1100, 400);
    });
  }

  it("each tenant sees only its own entities in lists", async () => {
    await createCustomerioFlow(emulator);
    await createCustomerioFlow(emulator, { org: OTHER_ORG });
    await createCustomerioFlow(emulator, { sandbox: "dev" });
    for (const as of [{}, { org: OTHER_ORG }, { sandbox: "dev" }]) {
      const flows = await emulator.request("GET", `${FS}/flows`, as);
      expect(flows.body.items).toHaveLength(1);
    }
    const dev = await emulator.request("GET", `${FS}/flows`, { sandbox: "dev" });
    expect(dev.body.items[0]).toMatchObject({ imsOrgId: ORG, sandboxName: "dev" });
  });
});
