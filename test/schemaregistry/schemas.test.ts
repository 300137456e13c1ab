import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestEmulator, ORG, OTHER_ORG, type TestEmulator } from "../support/app.js";
import {
  accept,
  CIO_FIELD_GROUP,
  CIO_SCHEMA,
  createDataSet,
  createXdm,
  encoded,
  EXPERIENCE_EVENT,
  expectGlobalNotEmulated,
  expectXdmError,
  fieldGroupBody,
  PROFILE,
  schemaBody,
  SR,
  XED,
  XED_FULL,
  XED_ID,
  XED_LISTING_FULL,
} from "../support/registry.js";

let emulator: TestEmulator;
beforeEach(() => {
  emulator = createTestEmulator();
});
afterEach(() => emulator.close());

async function schemaCount(options = {}): Promise<number> {
  const response = await emulator.request("GET", `${SR}/tenant/schemas`, accept(XED_ID, options));
  expect(response.status, response.text).toBe(200);
  return response.body.results.length;
}

describe("POST /tenant/schemas", () => {
  it("answers 201 with the schema and every registry field", async () => {
    const fieldGroup = await createXdm(emulator, "fieldgroups", fieldGroupBody("extconndev"));
    const response = await emulator.request("POST", `${SR}/tenant/schemas`, { body: schemaBody("Loyalty members", [PROFILE, fieldGroup.$id]) });

    expect(response.status, response.text).toBe(201);
    const schema = response.body;
    expect(schema.$id).toMatch(/^https:\/\/ns\.adobe\.com\/extconndev\/schemas\/[0-9a-f]{48}$/);
    expect(schema["meta:altId"]).toBe(`_extconndev.schemas.${schema.$id.split("/").pop()}`);
    expect(schema).toMatchObject({
      "meta:resourceType": "schemas",
      version: "1.0",
      title: "Loyalty members",
      type: "object",
      description: "Loyalty members schema.",
      allOf: [
        { $ref: PROFILE, type: "object", "meta:xdmType": "object" },
        { $ref: fieldGroup.$id, type: "object", "meta:xdmType": "object" },
      ],
      refs: [PROFILE, fieldGroup.$id],
      imsOrg: ORG,
      "meta:extensible": false,
      "meta:abstract": false,
      "meta:xdmType": "object",
      "meta:class": PROFILE,
      "meta:containerId": "tenant",
      "meta:sandboxType": "production",
      "meta:tenantNamespace": "_extconndev",
    });
    expect(schema["meta:extends"]).toEqual(expect.arrayContaining([PROFILE, "https://ns.adobe.com/xdm/data/record", fieldGroup.$id]));
    expect(schema["meta:sandboxId"]).toMatch(/^[0-9a-f-]{36}$/);
    expect(schema["meta:registryMetadata"]).toEqual({
      "repo:createdDate": expect.any(Number),
      "repo:lastModifiedDate": expect.any(Number),
      "xdm:createdClientId": "test-client",
      "xdm:lastModifiedClientId": "test-client",
      "xdm:createdUserId": expect.stringMatching(/@AdobeID$/),
      "xdm:lastModifiedUserId": expect.stringMatching(/@AdobeID$/),
      eTag: expect.stringMatching(/^[0-9a-f]{64}$/),
      "meta:globalLibVersion": expect.any(String),
    });
    expect(await schemaCount()).toBe(2);
  });

  it("keeps meta:immutableTags and marks a non-prod sandbox as development", async () => {
    const schema = await createXdm(emulator, "schemas", { ...schemaBody("Profiles", [PROFILE]), "meta:immutableTags": ["union"] }, { sandbox: "dev" });
    expect(schema["meta:immutableTags"]).toEqual(["union"]);
    expect(schema["meta:sandboxType"]).toBe("development");
  });

  it("takes a body without type, as aepp's createProfileSchema sends it, as an object; refuses another type", async () => {
    const { type: _type, ...untyped } = schemaBody("Untyped", [PROFILE]);
    expect((await createXdm(emulator, "schemas", untyped)).type).toBe("object");
    const array = await emulator.request("POST", `${SR}/tenant/schemas`, { body: { ...schemaBody("Array", [PROFILE]), type: "array" } });
    expectXdmError(array, 1000, 400, /type/);
    expect(await schemaCount()).toBe(2);
  });

  it('takes schema-registry.yaml\'s createSchema example, whose allOf spells the key "$ref " (with a space), and answers "$ref"', async () => {
    const example = { type: "object", title: "New Schema", description: "Description of the new schema.", allOf: [{ "$ref ": PROFILE }] };
    const created = await createXdm(emulator, "schemas", example);
    expect(created["meta:class"]).toBe(PROFILE);
    const stored = await emulator.request("GET", `${SR}/tenant/schemas/${encoded(created.$id)}`, accept(XED));
    expect(stored.body.allOf).toEqual([{ $ref: PROFILE, type: "object", "meta:xdmType": "object" }]);
    const fieldGroup = await createXdm(emulator, "fieldgroups", { ...fieldGroupBody("extconndev"), allOf: [{ "$ref ": "#/definitions/loyalty" }] });
    expect(fieldGroup.allOf).toEqual([{ $ref: "#/definitions/loyalty", type: "object", "meta:xdmType": "object" }]);
    expectXdmError(await emulator.request("POST", `${SR}/tenant/schemas`, { body: { ...example, title: "No ref", allOf: [{}] } }), 1000, 400, /\$ref/);
  });

  it("refuses an allOf without a class (XDM-1000) and writes nothing", async () => {
    const response = await emulator.request("POST", `${SR}/tenant/schemas`, { body: schemaBody("No class", [CIO_FIELD_GROUP]) });
    expectXdmError(response, 1000, 400, /exactly one class; its allOf names none/);
    expect(await schemaCount()).toBe(1);
  });

  it("refuses an empty allOf and two classes", async () => {
    expectXdmError(await emulator.request("POST", `${SR}/tenant/schemas`, { body: schemaBody("Empty", []) }), 1000, 400, /exactly one class/);
    const two = await emulator.request("POST", `${SR}/tenant/schemas`, { body: schemaBody("Two", [PROFILE, EXPERIENCE_EVENT]) });
    expectXdmError(two, 1000, 400, new RegExp(`names ${PROFILE}, ${EXPERIENCE_EVENT}`));
  });

  it("refuses a reference to an unknown resource or to another schema", async () => {
    const unknown = await emulator.request("POST", `${SR}/tenant/schemas`, {
      body: schemaBody("Unknown", [PROFILE, "https://ns.adobe.com/extconndev/mixins/0000"]),
    });
    expectXdmError(unknown, 1000, 400, /https:\/\/ns\.adobe\.com\/extconndev\/mixins\/0000 is not found/);
    const schemaRef = await emulator.request("POST", `${SR}/tenant/schemas`, { body: schemaBody("Nested", [PROFILE, CIO_SCHEMA]) });
    expectXdmError(schemaRef, 1000, 400, /is a schemas resource/);
  });

  it.each([
    ["a standard field group", [PROFILE, "https://ns.adobe.com/xdm/context/profile-person-details"]],
    ["a standard field group by meta:altId", [PROFILE, "_xdm.context.profile-personal-details"]],
    ["an older mixins id", [PROFILE, "https://ns.adobe.com/xdm/mixins/profile-consents"]],
    ["an application field group", [PROFILE, "https://ns.adobe.com/experience/campaign/profile-all"]],
    ["another global class", ["https://ns.adobe.com/xdm/context/segmentdefinition"]],
  ])("answers 501 XDM-1001 to an allOf naming %s of Adobe's global library, and writes nothing", async (_case, allOf) => {
    const response = await emulator.request("POST", `${SR}/tenant/schemas`, { body: schemaBody("Standard", allOf) });
    expectGlobalNotEmulated(response, allOf.at(-1) as string);
    expect(await schemaCount()).toBe(1);
    await createXdm(emulator, "schemas", schemaBody("Standard", [PROFILE]));
  });

  it("keeps 400 for an unknown tenant reference next to a global one, and for a definition the held class lacks", async () => {
    const tenantRef = "https://ns.adobe.com/extconndev/mixins/0000";
    const both = await emulator.request("POST", `${SR}/tenant/schemas`, {
      body: schemaBody("Both", [PROFILE, "https://ns.adobe.com/xdm/context/identitymap", tenantRef]),
    });
    expectXdmError(both, 1000, 400, new RegExp(`${tenantRef} is not found`));
    const definition = await emulator.request("POST", `${SR}/tenant/schemas`, { body: schemaBody("Definition", [PROFILE, `${PROFILE}#/definitions/nothing`]) });
    expectXdmError(definition, 1000, 400, /profile#\/definitions\/nothing is not found/);
    expect(await schemaCount()).toBe(1);
  });

  it("schemas with one title sent together: one 201, the others refused (XDM-1521)", async () => {
    const answers = await Promise.all(
      [1, 2, 3].map(() => emulator.request("POST", `${SR}/tenant/schemas`, { body: schemaBody("Sent together", [PROFILE]) })),
    );
    expect(answers.filter((answer) => answer.status === 201)).toHaveLength(1);
    for (const answer of answers) if (answer.status !== 201) expectXdmError(answer, 1521, 400);
    expect(await schemaCount()).toBe(2);
  });

  it("refuses a title already used by a schema or a field group (XDM-1521)", async () => {
    const duplicate = await emulator.request("POST", `${SR}/tenant/schemas`, { body: schemaBody("Customer.io webhook events", [PROFILE]) });
    expectXdmError(duplicate, 1521, 400, new RegExp(`An object ${CIO_SCHEMA} already exists with the same title`));
    expect(duplicate.body.title).toBe("Title not unique");
    const fieldGroupTitle = await emulator.request("POST", `${SR}/tenant/schemas`, { body: schemaBody("Customer.io webhook fields", [PROFILE]) });
    expectXdmError(fieldGroupTitle, 1521, 400);
    expect(await schemaCount()).toBe(1);
  });

  it("allows the same title in another sandbox or org", async () => {
    await createXdm(emulator, "schemas", schemaBody("Shared title", [PROFILE]));
    await createXdm(emulator, "schemas", schemaBody("Shared title", [PROFILE]), { sandbox: "dev" });
    await createXdm(emulator, "schemas", schemaBody("Shared title", [PROFILE]), { org: OTHER_ORG });
  });

  it.each([
    ["type is not object", { ...schemaBody("A", [PROFILE]), type: "array" }, /type/],
    ["no title", { type: "object", description: "d", allOf: [{ $ref: PROFILE }] }, /title/],
    ["no description", { type: "object", title: "A", allOf: [{ $ref: PROFILE }] }, /description/],
    ["no allOf", { type: "object", title: "A", description: "d" }, /allOf/],
    ["an allOf entry without $ref", { ...schemaBody("A", []), allOf: [{ ref: PROFILE }] }, /allOf/],
  ])("answers 400 in the registry envelope when %s", async (_case, body, detail) => {
    expectXdmError(await emulator.request("POST", `${SR}/tenant/schemas`, { body }), 1000, 400, detail);
    expect(await schemaCount()).toBe(1);
  });

  it("answers 400 in the registry envelope for a body that is not JSON", async () => {
    const response = await emulator.request("POST", `${SR}/tenant/schemas`, { raw: "{not json", headers: { "Content-Type": "application/json" } });
    expectXdmError(response, 1000, 400);
  });
});

describe("GET /{container}/schemas/{id}", () => {
  it("finds a schema by meta:altId and by URL-encoded $id, refs kept with xed", async () => {
    const byAltId = await emulator.request("GET", `${SR}/tenant/schemas/_extconndev.schemas.945546112b746524bfd9f1264b26c2b7d8e7f5b7fadb953a`, accept(XED));
    const byId = await emulator.request("GET", `${SR}/tenant/schemas/${encoded(CIO_SCHEMA)}`, accept(XED));
    expect(byAltId.status, byAltId.text).toBe(200);
    expect(byId.body).toEqual(byAltId.body);
    expect(byId.body.$id).toBe(CIO_SCHEMA);
    expect(byId.body.allOf.map((entry: { $ref: string }) => entry.$ref)).toEqual([PROFILE, CIO_FIELD_GROUP]);
    expect(byId.body.properties).toBeUndefined();
  });

  it("resolves the Customer.io schema with xed-full: class fields and the tenant's fields, no allOf", async () => {
    const response = await emulator.request("GET", `${SR}/tenant/schemas/${encoded(CIO_SCHEMA)}`, accept(XED_FULL));
    expect(response.status, response.text).toBe(200);
    const schema = response.body;
    expect(schema.allOf).toBeUndefined();
    expect(schema).toMatchObject({ $id: CIO_SCHEMA, "meta:class": PROFILE, type: "object", version: "1.0" });
    expect(Object.keys(schema.properties)).toEqual(expect.arrayContaining(["_id", "identityMap", "personID", "_extconndev"]));
    const custom = schema.properties._extconndev;
    expect(custom.type).toBe("object");
    expect(Object.keys(custom.properties).sort()).toEqual(["cio_id", "email", "event_id0", "metricx", "object_type1", "timestampx"]);
    expect(custom.properties.cio_id.type).toBe("string");
    expect(custom.properties.timestampx).toMatchObject({ type: "integer", "meta:xdmType": "long" });
  });

  it("drops field titles and descriptions with xed-full-notext", async () => {
    const path = `${SR}/tenant/schemas/${encoded(CIO_SCHEMA)}`;
    const notext = await emulator.request("GET", path, accept("application/vnd.adobe.xed-full-notext+json; version=1"));
    expect(notext.body.title).toBe("Customer.io webhook events");
    expect(notext.body.properties._extconndev.properties.email).toEqual({ type: "string", "meta:xdmType": "string" });
  });

  it("answers xed-full-desc; version=1 resolved with titles and descriptions, as xed-full (schemas.md: 'descriptors included')", async () => {
    const path = `${SR}/tenant/schemas/${encoded(CIO_SCHEMA)}`;
    const desc = await emulator.request("GET", path, accept("application/vnd.adobe.xed-full-desc+json; version=1"));
    expect(desc.status, desc.text).toBe(200);
    expect(desc.headers.get("content-type")).toMatch(/^application\/json/);
    const full = await emulator.request("GET", path, accept(XED_FULL));
    expect(desc.body).toEqual(full.body);
    expect(desc.body.properties._extconndev.properties.email).toMatchObject({ title: "Email", description: expect.stringMatching(/identifiers\.email/) });
  });

  it("answers xed-deprecatefield; version=1 with the resolved schema, titles kept (schemas.md's lookup Accept table)", async () => {
    const path = `${SR}/tenant/schemas/${encoded(CIO_SCHEMA)}`;
    const deprecatefield = await emulator.request("GET", path, accept("application/vnd.adobe.xed-deprecatefield+json; version=1"));
    expect(deprecatefield.status, deprecatefield.text).toBe(200);
    const full = await emulator.request("GET", path, accept("application/vnd.adobe.xed-full+json; version=1"));
    expect(deprecatefield.body).toEqual(full.body);
    expect(deprecatefield.body.properties._extconndev.properties.email.title).toBe("Email");
  });

  it("answers the summary with xed-id; version=1", async () => {
    const response = await emulator.request("GET", `${SR}/tenant/schemas/${encoded(CIO_SCHEMA)}`, accept("application/vnd.adobe.xed-id+json; version=1"));
    expect(response.body).toEqual({
      $id: CIO_SCHEMA,
      "meta:altId": "_extconndev.schemas.945546112b746524bfd9f1264b26c2b7d8e7f5b7fadb953a",
      version: "1.0",
      title: "Customer.io webhook events",
    });
  });

  // schema-registry.yaml acceptErrorLookup and the XDM troubleshooting guide: an Accept that is missing,
  // invalid or without a version is XDM-1007-400; retrieveSchema's 406 is for a version not available.
  it.each([
    ["no Accept header", undefined],
    ["an Accept without a version", "application/vnd.adobe.xed+json"],
    ["application/json", "application/json"],
  ])("answers 400 XDM-1007 for %s", async (_case, value) => {
    const response = await emulator.request("GET", `${SR}/tenant/schemas/${encoded(CIO_SCHEMA)}`, { headers: { Accept: value } });
    expectXdmError(response, 1007, 400, /Version should be specified/);
    expect(response.body.title).toBe("Accept header invalid");
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
  });

  it("answers 406 XDM-1007 for a version that is not available", async () => {
    const response = await emulator.request("GET", `${SR}/tenant/schemas/${encoded(CIO_SCHEMA)}`, accept("application/vnd.adobe.xed+json; version=2"));
    expectXdmError(response, 1007, 406, /not available for this resource: version=2/);
  });

  it.each([
    ["field group", `tenant/fieldgroups/${encoded(CIO_FIELD_GROUP)}`],
    ["mixin", `tenant/mixins/${encoded(CIO_FIELD_GROUP)}`],
    ["class", `global/classes/${encoded(PROFILE)}`],
    ["behavior", "global/behaviors/_xdm.data.record"],
  ])("answers 400 XDM-1007 to a %s lookup whose Accept names no version", async (_kind, path) => {
    expectXdmError(await emulator.request("GET", `${SR}/${path}`, accept(XED_LISTING_FULL)), 1007, 400);
  });

  it("answers 404 XDM-1012 for an unknown schema, and for another tenant's schema", async () => {
    const schema = await createXdm(emulator, "schemas", schemaBody("Private", [PROFILE]));
    expectXdmError(await emulator.request("GET", `${SR}/tenant/schemas/_extconndev.schemas.0000`, accept(XED)), 1012, 404, /with version 1 is not found/);
    expectXdmError(await emulator.request("GET", `${SR}/tenant/schemas/${encoded(schema.$id)}`, accept(XED, { org: OTHER_ORG })), 1012, 404);
    expectXdmError(await emulator.request("GET", `${SR}/tenant/schemas/${encoded(schema.$id)}`, accept(XED, { sandbox: "dev" })), 1012, 404);
    expectXdmError(await emulator.request("GET", `${SR}/global/schemas/${encoded(CIO_SCHEMA)}`, accept(XED)), 1012, 404);
  });

  it("answers 404 in the registry envelope for an unknown container or path", async () => {
    expectXdmError(await emulator.request("GET", `${SR}/elsewhere/schemas/${encoded(CIO_SCHEMA)}`, accept(XED)), 1001, 404);
    expectXdmError(await emulator.request("GET", `${SR}/tenant/nothing-here`, accept(XED_ID)), 1001, 404);
    expectXdmError(await emulator.request("POST", `${SR}/global/schemas`, { body: schemaBody("G", [PROFILE]) }), 1001, 404);
  });
});

describe("GET /{container}/schemas", () => {
  it("lists summaries with xed-id, with the documented _page and _links", async () => {
    const response = await emulator.request("GET", `${SR}/tenant/schemas`, accept(XED_ID));
    expect(response.status, response.text).toBe(200);
    expect(response.body).toEqual({
      results: [
        {
          $id: CIO_SCHEMA,
          "meta:altId": "_extconndev.schemas.945546112b746524bfd9f1264b26c2b7d8e7f5b7fadb953a",
          version: "1.0",
          title: "Customer.io webhook events",
        },
      ],
      _page: { orderby: "updated", next: null, count: 1 },
      _links: { next: null, global_schemas: { href: expect.stringMatching(/\/data\/foundation\/schemaregistry\/global\/schemas$/) } },
    });
  });

  it("lists whole schemas with xed+json", async () => {
    const response = await emulator.request("GET", `${SR}/tenant/schemas`, accept(XED_LISTING_FULL));
    expect(response.body.results[0]).toMatchObject({ $id: CIO_SCHEMA, allOf: expect.any(Array), "meta:class": PROFILE });
  });

  it.each([
    ["a version", "application/vnd.adobe.xed-id+json; version=1"],
    ["no Accept header", undefined],
    ["a lookup-only variant", "application/vnd.adobe.xed-full+json"],
  ])("answers 400 XDM-1006 for a listing Accept with %s", async (_case, value) => {
    const response = await emulator.request("GET", `${SR}/tenant/schemas`, { headers: { Accept: value } });
    expectXdmError(response, 1006, 400, /A valid Accept value should look like application\/vnd\.adobe\.\{xed\|xdm\}\+json$/);
  });

  it("pages with orderby, limit and start", async () => {
    for (const title of ["Alpha", "Bravo", "Charlie"]) await createXdm(emulator, "schemas", schemaBody(title, [PROFILE]));
    const first = await emulator.request("GET", `${SR}/tenant/schemas?orderby=title&limit=2`, accept(XED_ID));
    expect(first.body.results.map((item: { title: string }) => item.title)).toEqual(["Alpha", "Bravo"]);
    expect(first.body._page).toEqual({ orderby: "title", next: "Bravo", count: 2 });
    expect(first.body._links.next).toMatch(/\/tenant\/schemas\?orderby=title&start=Bravo&limit=2$/);

    const second = await emulator.request("GET", new URL(first.body._links.next).pathname + new URL(first.body._links.next).search, accept(XED_ID));
    expect(second.body.results.map((item: { title: string }) => item.title)).toEqual(["Charlie", "Customer.io webhook events"]);
    expect(second.body._page.next).toBeNull();

    const descending = await emulator.request("GET", `${SR}/tenant/schemas?orderby=-title`, accept(XED_ID));
    expect(descending.body.results.map((item: { title: string }) => item.title)).toEqual(["Customer.io webhook events", "Charlie", "Bravo", "Alpha"]);
  });

  it("filters with property", async () => {
    await createXdm(emulator, "schemas", schemaBody("Events", [EXPERIENCE_EVENT]));
    const events = await emulator.request("GET", `${SR}/tenant/schemas?property=meta:class==${encoded(EXPERIENCE_EVENT)}`, accept(XED_ID));
    expect(events.body.results.map((item: { title: string }) => item.title)).toEqual(["Events"]);
    const others = await emulator.request("GET", `${SR}/tenant/schemas?property=meta:class!=${encoded(EXPERIENCE_EVENT)}`, accept(XED_ID));
    expect(others.body.results.map((item: { title: string }) => item.title)).toEqual(["Customer.io webhook events"]);
  });

  it("ANDs repeated property filters, as Adobe's union listing sends them", async () => {
    // unions.md (AdobeDocs): GET /tenant/schemas?property=meta:immutableTags==union&property=meta:class==<class>
    await createXdm(emulator, "schemas", { ...schemaBody("Union profiles", [PROFILE]), "meta:immutableTags": ["union"] });
    await createXdm(emulator, "schemas", schemaBody("Plain profiles", [PROFILE]));
    await createXdm(emulator, "schemas", { ...schemaBody("Union events", [EXPERIENCE_EVENT]), "meta:immutableTags": ["union"] });

    const response = await emulator.request(
      "GET",
      `${SR}/tenant/schemas?property=meta:immutableTags==union&property=meta:class==${encoded(PROFILE)}`,
      accept(XED_ID),
    );

    expect(response.status, response.text).toBe(200);
    expect(response.body.results.map((item: { title: string }) => item.title)).toEqual(["Union profiles"]);
  });

  it("never ends a page inside a run of equal orderby values (limit is a hint)", async () => {
    // Both global classes carry one repo:lastModifiedDate: a page cut between them lost the second
    // for good, as the next page starts strictly after that date (found paging with aepp's getClasses).
    const first = await emulator.request("GET", `${SR}/global/classes?orderby=updated&limit=1`, accept(XED_ID));
    expect(first.status, first.text).toBe(200);
    expect(first.body.results.map((item: { title: string }) => item.title).sort()).toEqual(["XDM ExperienceEvent", "XDM Individual Profile"]);
    expect(first.body._page).toEqual({ orderby: "updated", next: null, count: 2 });
    expect(first.body._links.next).toBeNull();
  });

  it("takes limit and start without orderby, in the default order, as aepp's getClasses and getSchemas send them", async () => {
    // aepp: getClasses sends limit=300 with Accept xdm-id; getSchemas and getFieldGroups follow
    // _page.next as start; neither ever sends orderby.
    const classes = await emulator.request("GET", `${SR}/global/classes/?limit=300`, accept("application/vnd.adobe.xdm-id+json"));
    expect(classes.status, classes.text).toBe(200);
    expect(classes.body.results).toHaveLength(2);
    expect(classes.body._page).toMatchObject({ orderby: "updated", next: null });

    await createXdm(emulator, "schemas", schemaBody("Alpha", [PROFILE]));
    await createXdm(emulator, "schemas", schemaBody("Bravo", [EXPERIENCE_EVENT]));
    const titles: string[] = [];
    let start: string | null = null;
    for (let page = 0; page < 5; page += 1) {
      const query: string = start === null ? "limit=1" : `limit=1&start=${encodeURIComponent(start)}`;
      const response = await emulator.request("GET", `${SR}/tenant/schemas/?${query}`, accept(XED_ID));
      expect(response.status, response.text).toBe(200);
      titles.push(...response.body.results.map((item: { title: string }) => item.title));
      start = response.body._page.next;
      if (start === null) break;
    }
    expect(titles.sort()).toEqual(["Alpha", "Bravo", "Customer.io webhook events"]);
  });

  it("refuses a limit out of range", async () => {
    expectXdmError(await emulator.request("GET", `${SR}/tenant/schemas?orderby=title&limit=501`, accept(XED_ID)), 1000, 400, /between 0 and 500/);
    expectXdmError(await emulator.request("GET", `${SR}/tenant/schemas?limit=501`, accept(XED_ID)), 1000, 400, /between 0 and 500/);
  });

  it("lists no global schemas, and only this tenant's schemas", async () => {
    await createXdm(emulator, "schemas", schemaBody("Mine", [PROFILE]));
    const global = await emulator.request("GET", `${SR}/global/schemas`, accept(XED_ID));
    expect(global.body.results).toEqual([]);
    expect(await schemaCount({ org: OTHER_ORG })).toBe(1);
    expect(await schemaCount()).toBe(2);
  });
});

describe("DELETE /tenant/schemas/{id}", () => {
  it("answers 204 and the schema is gone", async () => {
    const schema = await createXdm(emulator, "schemas", schemaBody("Short-lived", [PROFILE]));
    const response = await emulator.request("DELETE", `${SR}/tenant/schemas/${schema["meta:altId"]}`);
    expect(response.status, response.text).toBe(204);
    expect(response.text).toBe("");
    expectXdmError(await emulator.request("GET", `${SR}/tenant/schemas/${encoded(schema.$id)}`, accept(XED)), 1012, 404);
    expect(await schemaCount()).toBe(1);
  });

  it("answers 404 for an unknown schema and for another tenant's", async () => {
    const schema = await createXdm(emulator, "schemas", schemaBody("Kept", [PROFILE]));
    expectXdmError(await emulator.request("DELETE", `${SR}/tenant/schemas/${encoded(schema.$id)}`, { org: OTHER_ORG }), 1012, 404);
    expectXdmError(await emulator.request("DELETE", `${SR}/tenant/schemas/_extconndev.schemas.0000`), 1012, 404);
    expect(await schemaCount()).toBe(2);
  });

  it("refuses to delete a schema a dataset uses", async () => {
    const schema = await createXdm(emulator, "schemas", schemaBody("Used", [PROFILE]));
    const dataSetId = await createDataSet(emulator, { name: "Uses it", schemaRef: { id: schema.$id, contentType: XED } });
    const response = await emulator.request("DELETE", `${SR}/tenant/schemas/${encoded(schema.$id)}`);
    expectXdmError(response, 1000, 400, new RegExp(`dataset\\(s\\) ${dataSetId} use it`));
    expect(await schemaCount()).toBe(2);
  });
});
