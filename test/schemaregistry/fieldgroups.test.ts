import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestEmulator, ORG, OTHER_ORG, type TestEmulator } from "../support/app.js";
import { accept, CIO_FIELD_GROUP, createXdm, encoded, expectGlobalNotEmulated, expectXdmError, fieldGroupBody, PROFILE, schemaBody, SR, XED, XED_FULL, XED_ID } from "../support/registry.js";

let emulator: TestEmulator;
beforeEach(() => {
  emulator = createTestEmulator();
});
afterEach(() => emulator.close());

async function fieldGroupTitles(options = {}): Promise<string[]> {
  const response = await emulator.request("GET", `${SR}/tenant/fieldgroups?orderby=title`, accept(XED_ID, options));
  expect(response.status, response.text).toBe(200);
  return response.body.results.map((item: { title: string }) => item.title);
}

describe("POST /tenant/fieldgroups", () => {
  it("writes meta:xdmType on every field and answers refs, as create-schema-api.md's Loyalty Tier field group shows", async () => {
    const loyaltyTier = {
      type: "object",
      properties: {
        id: { title: "Loyalty Tier Identifier", type: "string" },
        effectiveDate: { title: "Effective Date", type: "string", format: "date-time" },
        currentThreshold: { title: "Current Point Threshold", type: "integer" },
        points: { title: "Points", type: "integer", minimum: 0, maximum: 9007199254740991 },
        rate: { title: "Rate", type: "number" },
        active: { title: "Active", type: "boolean" },
        badges: { title: "Badges", type: "array", items: { type: "string" } },
        labels: { title: "Labels", type: "object", additionalProperties: { type: "string" } },
        legacy: { title: "Legacy", type: "integer", "meta:xdmType": "long" },
      },
    };
    const body = {
      title: "Loyalty Tier",
      description: "Captures info about the current loyalty tier of a customer.",
      type: "object",
      "meta:intendedToExtend": [PROFILE],
      definitions: { loyaltyTier: { properties: { _extconndev: { type: "object", properties: { loyaltyTier } } } } },
      allOf: [{ $ref: "#/definitions/loyaltyTier" }],
    };
    const response = await emulator.request("POST", `${SR}/tenant/fieldgroups`, { body });
    expect(response.status, response.text).toBe(201);
    expect(response.body.refs).toEqual([]);
    const namespace = response.body.definitions.loyaltyTier.properties._extconndev;
    expect(namespace["meta:xdmType"]).toBe("object");
    const fields = namespace.properties.loyaltyTier;
    expect(fields["meta:xdmType"]).toBe("object");
    const xdmTypes = Object.fromEntries(Object.entries(fields.properties).map(([name, field]: [string, any]) => [name, field["meta:xdmType"]]));
    expect(xdmTypes).toEqual({
      id: "string",
      effectiveDate: "date-time",
      currentThreshold: "int",
      points: "long",
      rate: "number",
      active: "boolean",
      badges: "array",
      labels: "map",
      legacy: "long",
    });
    expect(fields.properties.badges.items["meta:xdmType"]).toBe("string");
    const read = await emulator.request("GET", `${SR}/tenant/fieldgroups/${encoded(response.body.$id)}`, accept(XED));
    expect(read.body.definitions).toEqual(response.body.definitions);
  });

  it("answers 201 with a mixins resource whose custom fields sit under _{TENANT_ID}", async () => {
    const response = await emulator.request("POST", `${SR}/tenant/fieldgroups`, { body: fieldGroupBody("extconndev") });
    expect(response.status, response.text).toBe(201);
    const fieldGroup = response.body;
    expect(fieldGroup.$id).toMatch(/^https:\/\/ns\.adobe\.com\/extconndev\/mixins\/[0-9a-f]{48}$/);
    expect(fieldGroup["meta:altId"]).toBe(`_extconndev.mixins.${fieldGroup.$id.split("/").pop()}`);
    expect(fieldGroup).toMatchObject({
      "meta:resourceType": "mixins",
      version: "1.0",
      title: "Loyalty details",
      type: "object",
      definitions: { loyalty: { properties: { _extconndev: { type: "object" } } } },
      allOf: [{ $ref: "#/definitions/loyalty", type: "object", "meta:xdmType": "object" }],
      imsOrg: ORG,
      "meta:extensible": true,
      "meta:abstract": true,
      "meta:intendedToExtend": [PROFILE],
      "meta:containerId": "tenant",
      "meta:tenantNamespace": "_extconndev",
      "meta:registryMetadata": { eTag: expect.stringMatching(/^[0-9a-f]{64}$/) },
    });
    expect(await fieldGroupTitles()).toEqual(["Customer.io webhook fields", "Loyalty details"]);
  });

  it("contributes every definition when the body has no allOf", async () => {
    const { allOf: _allOf, ...body } = fieldGroupBody("extconndev");
    const fieldGroup = await createXdm(emulator, "fieldgroups", body);
    expect(fieldGroup.allOf).toEqual([{ $ref: "#/definitions/loyalty", type: "object", "meta:xdmType": "object" }]);
  });

  it("refuses fields outside the tenant namespace (XDM-1021) and writes nothing", async () => {
    const response = await emulator.request("POST", `${SR}/tenant/fieldgroups`, { body: fieldGroupBody("someoneelse") });
    expectXdmError(response, 1021, 400, /top-level field named _extconndev \(found _someoneelse\)/);
    expect(response.body.title).toBe("Namespace validation error");
    expect(await fieldGroupTitles()).toEqual(["Customer.io webhook fields"]);
  });

  it("refuses a meta:intendedToExtend that is not a class: a tenant id, or a held behavior", async () => {
    for (const classId of ["https://ns.adobe.com/extconndev/classes/0000", "https://ns.adobe.com/xdm/data/record"]) {
      const body = { ...fieldGroupBody("extconndev"), "meta:intendedToExtend": [classId] };
      expectXdmError(await emulator.request("POST", `${SR}/tenant/fieldgroups`, { body }), 1000, 400, /is not a class/);
    }
    expect(await fieldGroupTitles()).toEqual(["Customer.io webhook fields"]);
  });

  it("answers 501 XDM-1001 to a meta:intendedToExtend naming another class of Adobe's global library, and writes nothing", async () => {
    const classId = "https://ns.adobe.com/experience/journeyOrchestration/stepEvents/journey";
    const body = { ...fieldGroupBody("extconndev"), "meta:intendedToExtend": [PROFILE, classId] };
    expectGlobalNotEmulated(await emulator.request("POST", `${SR}/tenant/fieldgroups`, { body }), classId);
    expect(await fieldGroupTitles()).toEqual(["Customer.io webhook fields"]);
  });

  it.each([
    ["a field's data type", { $ref: "https://ns.adobe.com/xdm/common/address" }, "https://ns.adobe.com/xdm/common/address"],
    ["an array's items", { type: "array", items: { $ref: "https://ns.adobe.com/xdm/datatypes/phone-number" } }, "https://ns.adobe.com/xdm/datatypes/phone-number"],
  ])("answers 501 XDM-1001 when %s names a data type of Adobe's global library, and writes nothing", async (_case, field, ref) => {
    const body = fieldGroupBody("extconndev", "Standard", { home: field });
    expectGlobalNotEmulated(await emulator.request("POST", `${SR}/tenant/fieldgroups`, { body }), ref);
    expect(await fieldGroupTitles()).toEqual(["Customer.io webhook fields"]);
  });

  it.each([
    "https://ns.adobe.com/xdm/context/identitymap#/definitions/identitymap",
    "https://ns.adobe.com/xdm/context/identitymap%23/definitions/identitymap",
    "https://ns.adobe.com/xdm/mixins/profile-consents",
  ])("answers 501 XDM-1001 to an allOf or definition naming %s, and writes nothing", async (ref) => {
    const inAllOf = { ...fieldGroupBody("extconndev", "Standard"), allOf: [{ $ref: "#/definitions/loyalty" }, { $ref: ref }] };
    expectGlobalNotEmulated(await emulator.request("POST", `${SR}/tenant/fieldgroups`, { body: inAllOf }), ref);
    const inDefinition = { ...fieldGroupBody("extconndev", "Standard"), definitions: { standard: { allOf: [{ $ref: ref }] } }, allOf: undefined };
    expectGlobalNotEmulated(await emulator.request("POST", `${SR}/tenant/fieldgroups`, { body: inDefinition }), ref);
    expect(await fieldGroupTitles()).toEqual(["Customer.io webhook fields"]);
  });

  it("keeps 400 for an unknown tenant data type, and takes a $ref to a held global resource", async () => {
    const unknown = fieldGroupBody("extconndev", "Unknown", { home: { $ref: "https://ns.adobe.com/extconndev/datatypes/0000" } });
    expectXdmError(await emulator.request("POST", `${SR}/tenant/fieldgroups`, { body: unknown }), 1000, 400, /datatypes\/0000 is not found/);
    const held = await createXdm(emulator, "fieldgroups", fieldGroupBody("extconndev", "Held", { record: { $ref: "https://ns.adobe.com/xdm/data/record" } }));
    expect(held.refs).toEqual(["https://ns.adobe.com/xdm/data/record"]);
    expect(await fieldGroupTitles()).toEqual(["Customer.io webhook fields", "Held"]);
  });

  it("refuses an allOf naming a missing definition", async () => {
    const body = { ...fieldGroupBody("extconndev"), allOf: [{ $ref: "#/definitions/missing" }] };
    expectXdmError(await emulator.request("POST", `${SR}/tenant/fieldgroups`, { body }), 1000, 400, /#\/definitions\/missing is not found/);
  });

  it("resolves definitions used more than once, and refuses a field group whose reuse expands past 100,000 fields and references", async () => {
    /** d1..dN, each using the one before it twice: in allOf (merged) or as two fields (a tree). */
    const reusing = (title: string, levels: number, asFields: boolean) => {
      const definitions: Record<string, unknown> = { d0: { properties: { _extconndev: { type: "object", properties: { level: { type: "string" } } } } } };
      for (let level = 1; level <= levels; level++) {
        const previous = { $ref: `#/definitions/d${level - 1}` };
        definitions[`d${level}`] = asFields
          ? { properties: { _extconndev: { type: "object", properties: { left: previous, right: previous } } } }
          : { allOf: [previous, previous] };
      }
      return { ...fieldGroupBody("extconndev", title), definitions, allOf: [{ $ref: `#/definitions/d${levels}` }] };
    };
    const small = await createXdm(emulator, "fieldgroups", reusing("Merged twice", 5, false));
    const read = await emulator.request("GET", `${SR}/tenant/fieldgroups/${encoded(small.$id)}`, accept(XED_FULL));
    expect(read.status, read.text).toBe(200);
    expect(read.body.properties._extconndev.properties).toEqual({ level: { type: "string", "meta:xdmType": "string" } });
    const tree = await createXdm(emulator, "fieldgroups", reusing("Tree of 3", 3, true));
    const treeRead = await emulator.request("GET", `${SR}/tenant/fieldgroups/${encoded(tree.$id)}`, accept(XED_FULL));
    expect(treeRead.body.properties._extconndev.properties.left.properties._extconndev.properties.right).toBeDefined();
    for (const [title, levels, asFields] of [["Merged 2^30 times", 30, false], ["Tree of 2^30", 30, true]] as const) {
      const refused = await emulator.request("POST", `${SR}/tenant/fieldgroups`, { body: reusing(title, levels, asFields) });
      expectXdmError(refused, 1000, 400, /expands to more than 100,000 fields and references/);
    }
    expect(await fieldGroupTitles()).toEqual(["Customer.io webhook fields", "Merged twice", "Tree of 3"]);
  });

  it("refuses fields that are not valid JSON Schema", async () => {
    const body = fieldGroupBody("extconndev", "Broken", { level: { type: "strnig" } });
    expectXdmError(await emulator.request("POST", `${SR}/tenant/fieldgroups`, { body }), 1000, 400, /not valid JSON Schema/);
    // Only a check against JSON Schema's meta-schema finds these: ajv compiles them.
    for (const level of [{ type: "integer", minimum: "1" }, { type: "string", maxLength: -1 }, { type: "string", enum: [] }]) {
      const refused = await emulator.request("POST", `${SR}/tenant/fieldgroups`, { body: fieldGroupBody("extconndev", "Broken", { level }) });
      expectXdmError(refused, 1000, 400, /not valid JSON Schema: schema is invalid: data\/.* must /);
    }
    expect(await fieldGroupTitles()).toEqual(["Customer.io webhook fields"]);
  });

  it("refuses a missing meta:intendedToExtend and a duplicate title", async () => {
    const { "meta:intendedToExtend": _classes, ...noClasses } = fieldGroupBody("extconndev");
    expectXdmError(await emulator.request("POST", `${SR}/tenant/fieldgroups`, { body: noClasses }), 1000, 400, /meta:intendedToExtend/);
    const duplicate = fieldGroupBody("extconndev", "Customer.io webhook fields");
    expectXdmError(await emulator.request("POST", `${SR}/tenant/fieldgroups`, { body: duplicate }), 1521, 400);
  });
});

describe("GET and DELETE field groups", () => {
  it("reads a field group by altId and URL-encoded $id, resolved with xed-full", async () => {
    const byAltId = await emulator.request("GET", `${SR}/tenant/fieldgroups/_extconndev.mixins.f7b6dade7f82580e02d045649363f9ad7bbbe9d824ab1075`, accept(XED));
    expect(byAltId.status, byAltId.text).toBe(200);
    expect(byAltId.body.$id).toBe(CIO_FIELD_GROUP);
    const full = await emulator.request("GET", `${SR}/tenant/fieldgroups/${encoded(CIO_FIELD_GROUP)}`, accept(XED_FULL));
    expect(Object.keys(full.body.properties)).toEqual(["_extconndev"]);
    expect(full.body.definitions).toBeUndefined();
  });

  it("answers 404 XDM-1011 for an unknown or foreign field group, and 400 XDM-1007 without a version", async () => {
    const own = await createXdm(emulator, "fieldgroups", fieldGroupBody("extconndev"));
    expectXdmError(await emulator.request("GET", `${SR}/tenant/fieldgroups/${encoded(own.$id)}`, accept(XED, { org: OTHER_ORG })), 1011, 404);
    expectXdmError(await emulator.request("GET", `${SR}/tenant/fieldgroups/_extconndev.mixins.00`, accept(XED)), 1011, 404);
    expectXdmError(await emulator.request("GET", `${SR}/tenant/fieldgroups/${encoded(own.$id)}`), 1007, 400);
  });

  it("deletes an unused field group (204) and refuses one a schema uses", async () => {
    const own = await createXdm(emulator, "fieldgroups", fieldGroupBody("extconndev"));
    const deleted = await emulator.request("DELETE", `${SR}/tenant/fieldgroups/${encoded(own.$id)}`);
    expect(deleted.status, deleted.text).toBe(204);
    expect(await fieldGroupTitles()).toEqual(["Customer.io webhook fields"]);

    const refused = await emulator.request("DELETE", `${SR}/tenant/fieldgroups/${encoded(CIO_FIELD_GROUP)}`);
    expectXdmError(refused, 1000, 400, /schema\(s\) https:\/\/ns\.adobe\.com\/extconndev\/schemas\/945546/);
    expectXdmError(await emulator.request("DELETE", `${SR}/tenant/fieldgroups/${encoded(own.$id)}`), 1011, 404);
  });

  it("merges two field groups that both fill the tenant namespace", async () => {
    const contact = await createXdm(emulator, "fieldgroups", fieldGroupBody("extconndev", "Contact", { phone: { type: "string" } }));
    const loyalty = await createXdm(emulator, "fieldgroups", fieldGroupBody("extconndev", "Loyalty", { points: { type: "integer" } }));
    const schema = await createXdm(emulator, "schemas", schemaBody("Members", [PROFILE, contact.$id, loyalty.$id]));
    const full = await emulator.request("GET", `${SR}/tenant/schemas/${encoded(schema.$id)}`, accept(XED_FULL));
    expect(Object.keys(full.body.properties._extconndev.properties)).toEqual(["phone", "points"]);
  });
});

describe("the deprecated /mixins endpoints (Adobe's Postman collection, 'Mixins (deprecated)')", () => {
  it("list, create, read and delete the same resources as /fieldgroups", async () => {
    const listed = await emulator.request("GET", `${SR}/tenant/mixins`, accept(XED_ID));
    expect(listed.status, listed.text).toBe(200);
    expect(listed.body.results.map((item: { $id: string }) => item.$id)).toEqual([CIO_FIELD_GROUP]);

    const created = await emulator.request("POST", `${SR}/tenant/mixins`, { body: fieldGroupBody("extconndev", "Made as a mixin") });
    expect(created.status, created.text).toBe(201);
    expect(created.body["meta:resourceType"]).toBe("mixins");
    expect(await fieldGroupTitles()).toEqual(["Customer.io webhook fields", "Made as a mixin"]);

    const read = await emulator.request("GET", `${SR}/tenant/mixins/${created.body["meta:altId"]}`, accept(XED));
    expect(read.status, read.text).toBe(200);
    expect(read.body.$id).toBe(created.body.$id);
    expectXdmError(await emulator.request("GET", `${SR}/global/mixins/_extconndev.mixins.00`, accept(XED)), 1011, 404);

    const deleted = await emulator.request("DELETE", `${SR}/tenant/mixins/${encoded(created.body.$id)}`);
    expect(deleted.status, deleted.text).toBe(204);
    expect(await fieldGroupTitles()).toEqual(["Customer.io webhook fields"]);
    expectXdmError(await emulator.request("DELETE", `${SR}/tenant/mixins/${encoded(CIO_FIELD_GROUP)}`), 1000, 400, /schema\(s\)/);
  });
});
