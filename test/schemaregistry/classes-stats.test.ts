import { afterEach, describe, expect, it } from "vitest";
import { createTestEmulator, ORG, OTHER_ORG, type TestEmulator } from "../support/app.js";
import { accept, CIO_SCHEMA, createXdm, encoded, EXPERIENCE_EVENT, expectGlobalNotEmulated, expectXdmError, PROFILE, schemaBody, SR, XED, XED_FULL, XED_ID } from "../support/registry.js";

let emulator: TestEmulator;
afterEach(() => emulator.close());

describe("global classes and behaviors", () => {
  it("lists XDM Individual Profile and XDM ExperienceEvent under /global/classes, none under /tenant", async () => {
    emulator = createTestEmulator();
    const global = await emulator.request("GET", `${SR}/global/classes?orderby=title`, accept(XED_ID));
    expect(global.status, global.text).toBe(200);
    expect(global.body.results).toEqual([
      { $id: EXPERIENCE_EVENT, "meta:altId": "_xdm.context.experienceevent", version: expect.any(String), title: "XDM ExperienceEvent" },
      { $id: PROFILE, "meta:altId": "_xdm.context.profile", version: expect.any(String), title: "XDM Individual Profile" },
    ]);
    expect(global.body._links).toEqual({ next: null });
    const tenant = await emulator.request("GET", `${SR}/tenant/classes`, accept(XED_ID));
    expect(tenant.body.results).toEqual([]);
  });

  it("resolves ExperienceEvent's core fields, with _id and timestamp required", async () => {
    emulator = createTestEmulator();
    const response = await emulator.request("GET", `${SR}/global/classes/${encoded(EXPERIENCE_EVENT)}`, accept(XED_FULL));
    expect(response.status, response.text).toBe(200);
    expect(Object.keys(response.body.properties)).toEqual(expect.arrayContaining(["_id", "timestamp", "eventType", "identityMap", "producedBy"]));
    expect(response.body.properties.timestamp).toMatchObject({ type: "string", format: "date-time" });
    expect(response.body.required).toEqual(["_id", "timestamp"]);
    expect(response.body["meta:resourceType"]).toBe("classes");
  });

  it("answers a class by altId with refs kept, and 404 XDM-1010 for a held resource of another kind or container", async () => {
    emulator = createTestEmulator();
    const profile = await emulator.request("GET", `${SR}/global/classes/_xdm.context.profile`, accept(XED));
    expect(profile.body.allOf[0].$ref).toBe("https://ns.adobe.com/xdm/data/record");
    expect(profile.body["meta:containerId"]).toBe("global");
    expectXdmError(await emulator.request("GET", `${SR}/global/classes/_xdm.data.record`, accept(XED)), 1010, 404);
    expectXdmError(await emulator.request("GET", `${SR}/tenant/classes/_xdm.context.profile`, accept(XED)), 1010, 404);
  });

  it("serves the record and time-series behaviors", async () => {
    emulator = createTestEmulator();
    const behaviors = await emulator.request("GET", `${SR}/global/behaviors`, accept(XED_ID));
    expect(behaviors.body.results.map((item: { $id: string }) => item.$id)).toEqual(
      expect.arrayContaining(["https://ns.adobe.com/xdm/data/record", "https://ns.adobe.com/xdm/data/time-series"]),
    );
    const record = await emulator.request("GET", `${SR}/global/behaviors/_xdm.data.record`, accept(XED_FULL));
    expect(Object.keys(record.body.properties)).toEqual(["_id"]);
  });
});

describe("Adobe's global XDM library beyond the emulator's global container", () => {
  it.each([
    ["fieldgroups", "_xdm.context.profile-person-details"],
    ["fieldgroups", "https://ns.adobe.com/xdm/context/identitymap"],
    ["mixins", "https://ns.adobe.com/xdm/mixins/profile-consents"],
    ["fieldgroups", "https://ns.adobe.com/experience/campaign/profile-all"],
    ["classes", "_experience.journeyOrchestration.stepEvents.journey"],
    ["classes", "https://ns.adobe.com/xdm/context/segmentdefinition"],
    ["behaviors", "_xdm.data.something"],
    ["schemas", "_xdm.context.profile__union"],
  ])("answers 501 XDM-1001 to GET /global/%s/%s, by meta:altId or URL-encoded $id", async (kind, id) => {
    emulator = createTestEmulator();
    const response = await emulator.request("GET", `${SR}/global/${kind}/${encoded(id)}`, accept(XED));
    expectGlobalNotEmulated(response, id);
  });

  it("keeps 404 for a tenant-namespace id, and for a global id asked of the tenant container", async () => {
    emulator = createTestEmulator();
    expectXdmError(await emulator.request("GET", `${SR}/global/fieldgroups/_extconndev.mixins.00`, accept(XED)), 1011, 404);
    expectXdmError(await emulator.request("GET", `${SR}/global/schemas/${encoded(CIO_SCHEMA)}`, accept(XED)), 1012, 404);
    expectXdmError(await emulator.request("GET", `${SR}/tenant/fieldgroups/_xdm.context.profile-person-details`, accept(XED)), 1011, 404);
    const held = await emulator.request("GET", `${SR}/global/classes/${encoded(PROFILE)}`, accept(XED_FULL));
    expect(held.status, held.text).toBe(200);
    expect(held.body.$id).toBe(PROFILE);
  });
});

describe("the ad hoc behavior (behaviors.md)", () => {
  it("is listed with record and time-series, and looked up by its meta:altId", async () => {
    emulator = createTestEmulator();
    const behaviors = await emulator.request("GET", `${SR}/global/behaviors`, accept(XED_ID));
    expect(behaviors.body.results).toEqual(
      expect.arrayContaining([{ $id: "https://ns.adobe.com/xdm/data/adhoc", "meta:altId": "_xdm.data.adhoc", version: expect.any(String), title: "Ad Hoc Schema" }]),
    );
    const adhoc = await emulator.request("GET", `${SR}/global/behaviors/_xdm.data.adhoc`, accept(XED_FULL));
    expect(adhoc.status, adhoc.text).toBe(200);
    expect(adhoc.body).toMatchObject({ $id: "https://ns.adobe.com/xdm/data/adhoc", "meta:resourceType": "behaviors", "meta:abstract": true });
  });
});

describe("GET /stats and the tenant id", () => {
  it("answers the fixture's tenant id (extconndev) and counts", async () => {
    emulator = createTestEmulator();
    const response = await emulator.request("GET", `${SR}/stats`);
    expect(response.status, response.text).toBe(200);
    expect(response.body).toMatchObject({
      imsOrg: ORG,
      tenantId: "extconndev",
      counts: { schemas: 1, mixins: 1, datatypes: 0, classes: 2, unions: 0 },
      classUsage: [{ $id: PROFILE, title: "XDM Individual Profile", numberOfSchemas: 1, schemas: [expect.objectContaining({ $id: CIO_SCHEMA })] }],
    });
    expect(response.body.recentlyCreatedResources.map((item: { $id: string }) => item.$id)).toContain(CIO_SCHEMA);
  });

  it("derives a lower-case tenant id from the org when no fixture names one", async () => {
    emulator = createTestEmulator({ fixtures: [] });
    const stats = await emulator.request("GET", `${SR}/stats`);
    expect(stats.body.tenantId).toBe("0123456789abcdef01234567");
    const other = await emulator.request("GET", `${SR}/stats`, { org: "Acme-Corp.Test@AdobeOrg" });
    expect(other.body.tenantId).toBe("acmecorptest");
    const schema = await createXdm(emulator, "schemas", schemaBody("Derived", [PROFILE]));
    expect(schema.$id).toMatch(/^https:\/\/ns\.adobe\.com\/0123456789abcdef01234567\/schemas\//);
    expect(schema["meta:tenantNamespace"]).toBe("_0123456789abcdef01234567");
  });

  it("uses DEFAULT_TENANT_ID before a global fixture's tenant id", async () => {
    emulator = createTestEmulator({ defaultTenantId: "acme" });
    const stats = await emulator.request("GET", `${SR}/stats`, { org: OTHER_ORG });
    expect(stats.body.tenantId).toBe("acme");
    const schema = await createXdm(emulator, "schemas", schemaBody("Acme", [PROFILE]));
    expect(schema["meta:altId"]).toMatch(/^_acme\.schemas\./);
  });
});
