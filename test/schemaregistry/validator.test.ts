import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { validateRecord, XdmSchemaNotFound } from "../../emulator/schemaregistry/validator.js";
import { createTestEmulator, OTHER_ORG, tenantOf, type TestEmulator } from "../support/app.js";
import { CIO_SCHEMA, createXdm, EXPERIENCE_EVENT, fieldGroupBody, schemaBody, SR } from "../support/registry.js";

let emulator: TestEmulator;
beforeEach(async () => {
  emulator = createTestEmulator();
  // The first request of a tenant copies the Customer.io fixture into it.
  await emulator.request("GET", `${SR}/stats`);
});
afterEach(() => emulator.close());

const record = (fields: Record<string, unknown>) => ({ _extconndev: fields });
const tutorialRecord = record({
  cio_id: "d9c106000001",
  email: "test@example.com",
  event_id0: "01E4C4CT6YDC7Y5M7FE1GWWPQJ",
  metricx: "subscribed",
  object_type1: "customer",
  timestampx: 1613063089,
});

describe("validateRecord", () => {
  it("accepts the tutorial's mapped Customer.io event", () => {
    expect(validateRecord(emulator.store, tenantOf(), CIO_SCHEMA, tutorialRecord)).toEqual({ valid: true, errors: [] });
  });

  it("accepts a record without cio_id (Customer.io's test mode sends none)", () => {
    const { cio_id: _cio, ...fields } = tutorialRecord._extconndev;
    expect(validateRecord(emulator.store, tenantOf(), CIO_SCHEMA, record(fields)).valid).toBe(true);
  });

  it("reports a wrong type with Adobe's locations and wording", () => {
    const result = validateRecord(emulator.store, tenantOf(), CIO_SCHEMA, record({ timestampx: "1613063089" }));
    expect(result).toEqual({
      valid: false,
      errors: [
        {
          schemaLocation: "#/properties/_extconndev/properties/timestampx",
          pointerToViolation: "#/_extconndev/timestampx",
          keyword: "type",
          message: "expected type: Integer, found: String",
          causingExceptions: [],
        },
      ],
    });
  });

  it("reports extraneous keys at every level: XDM objects are closed", () => {
    const result = validateRecord(emulator.store, tenantOf(), CIO_SCHEMA, { workEmail: "a@b.c", _extconndev: { extra: 1 } });
    expect(result.valid).toBe(false);
    expect(result.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ schemaLocation: "#", pointerToViolation: "#", keyword: "additionalProperties", message: "extraneous key [workEmail] is not permitted" }),
        expect.objectContaining({ pointerToViolation: "#/_extconndev", keyword: "additionalProperties", message: "extraneous key [extra] is not permitted" }),
      ]),
    );
  });

  it("reports missing required fields and bad formats of an ExperienceEvent schema", async () => {
    const events = await createXdm(emulator, "schemas", schemaBody("Events", [EXPERIENCE_EVENT]));
    const result = validateRecord(emulator.store, tenantOf(), events.$id, { timestamp: "yesterday" });
    expect(result.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ keyword: "required", pointerToViolation: "#", message: "required key [_id] not found" }),
        expect.objectContaining({ keyword: "format", pointerToViolation: "#/timestamp", message: "[yesterday] is not a valid date-time" }),
      ]),
    );
    expect(validateRecord(emulator.store, tenantOf(), events.$id, { _id: "e1", timestamp: "2024-01-02T03:04:05Z" }).valid).toBe(true);
  });

  it("sees a new schema built from new field groups (the cache is keyed by content)", async () => {
    const group = await createXdm(emulator, "fieldgroups", fieldGroupBody("extconndev", "Points", { points: { type: "integer" } }));
    const schema = await createXdm(emulator, "schemas", schemaBody("Points schema", ["https://ns.adobe.com/xdm/context/profile", group.$id]));
    expect(validateRecord(emulator.store, tenantOf(), schema.$id, record({ points: 3 })).valid).toBe(true);
    expect(validateRecord(emulator.store, tenantOf(), schema.$id, record({ points: "3" })).valid).toBe(false);
    expect(validateRecord(emulator.store, tenantOf(), CIO_SCHEMA, record({ points: 3 })).valid).toBe(false);
  });

  it("checks patterns as ECMAScript expressions, with Unicode properties where a pattern names them", async () => {
    const fields = { code: { type: "string", pattern: "^[A-Z]{2}-\\d+$" }, name: { type: "string", pattern: "^\\p{Lu}\\p{Ll}+$" } };
    const group = await createXdm(emulator, "fieldgroups", fieldGroupBody("extconndev", "Patterns", fields));
    const schema = await createXdm(emulator, "schemas", schemaBody("Patterns schema", ["https://ns.adobe.com/xdm/context/profile", group.$id]));
    const valid = (values: Record<string, unknown>) => validateRecord(emulator.store, tenantOf(), schema.$id, record(values)).valid;
    expect(valid({ code: "FR-75", name: "Élodie" })).toBe(true);
    expect(valid({ code: "fr-75" })).toBe(false);
    expect(valid({ name: "élodie" })).toBe(false);
    expect(valid({ name: "Zoë" })).toBe(true);
  });

  it("throws XdmSchemaNotFound for a schema the tenant does not have", async () => {
    const schema = await createXdm(emulator, "schemas", schemaBody("Mine", ["https://ns.adobe.com/xdm/context/profile"]));
    expect(() => validateRecord(emulator.store, tenantOf(OTHER_ORG), schema.$id, {})).toThrow(XdmSchemaNotFound);
    expect(() => validateRecord(emulator.store, tenantOf(), "https://ns.adobe.com/extconndev/schemas/none", {})).toThrow(XdmSchemaNotFound);
  });
});
