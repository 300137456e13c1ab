import { expect } from "vitest";
import type { JsonResponse, RequestOptions, TestEmulator } from "../../support/app.js";
import { CIO_SCHEMA, createXdm, fieldGroupBody, PROFILE, schemaBody } from "../../support/registry.js";

/** Data Prep paths, the seed tutorial's mapping set in both formats, and the Data Prep error envelope. */
export const DP = "/data/foundation/conversion";
export const FULL = "application/vnd.adobe.xed-full+json;version=1";

/** The tutorial's six mappings, [source, destination]. */
export const TUTORIAL_MAPPINGS: [string, string][] = [
  ["data.identifiers.cio_id", "_extconndev.cio_id"],
  ["data.identifiers.email", "_extconndev.email"],
  ["event_id", "_extconndev.event_id0"],
  ["metric", "_extconndev.metricx"],
  ["object_type", "_extconndev.object_type1"],
  ["timestamp", "_extconndev.timestampx"],
];

/** The seed's request body, legacy mappings and all, with `{TENANT_ID}` filled in as a user would. */
export const legacyTutorialBody = (schemaId = CIO_SCHEMA, mappings = TUTORIAL_MAPPINGS) => ({
  outputSchema: { schemaRef: { id: schemaId, contentType: FULL } },
  mappings: mappings.map(([sourceAttribute, destinationXdmPath]) => ({ destinationXdmPath, sourceAttribute, identity: false, version: 0 })),
});

export const currentTutorialBody = (schemaId = CIO_SCHEMA, mappings = TUTORIAL_MAPPINGS) => ({
  outputSchema: { schemaRef: { id: schemaId, contentType: FULL } },
  mappings: mappings.map(([source, destination]) => ({ sourceType: "ATTRIBUTE", source, destination })),
});

/** A Customer.io reporting webhook event. */
export const SUBSCRIBED = {
  event_id: "01E4C4CT6YDC7Y5M7FE1GWWPQJ",
  object_type: "customer",
  metric: "subscribed",
  timestamp: 1613063089,
  data: { customer_id: "42", email_address: "test@example.com", identifiers: { id: "42", email: "test@example.com", cio_id: "d9c106000001" } },
};

/** POSTs a mapping set and expects 200; answers the SimpleRepresentation. */
export async function createMappingSet(emulator: TestEmulator, body: unknown = legacyTutorialBody(), options: RequestOptions = {}) {
  const response = await emulator.request("POST", `${DP}/mappingSets`, { ...options, body });
  expect(response.status, response.text).toBe(200);
  return response.body as { id: string; version: number; createdDate: number; modifiedDate: number; createdBy: string; modifiedBy: string };
}

/** The Data Prep error envelope: MAPPER-<code>-<status>, title, status, detail, report. */
export function expectDataPrepError(response: JsonResponse, code: number, status: number, detail?: RegExp): void {
  expect(response.status, response.text).toBe(status);
  expect(response.body).toEqual({
    type: `http://ns.adobe.com/aep/errors/MAPPER-${code}-${status}`,
    title: expect.any(String),
    status,
    detail: expect.any(String),
    report: expect.objectContaining({ "detailed-message": response.body.detail, "request-id": response.headers.get("x-request-id") }),
  });
  if (detail) expect(response.body.detail).toMatch(detail);
}

/** Fields of every XDM type, under `_extconndev.typed`, in a schema of their own. */
export const TYPED_FIELDS = {
  typed: {
    type: "object",
    properties: {
      text: { type: "string" },
      count: { type: "integer", "meta:xdmType": "int" },
      amount: { type: "number" },
      active: { type: "boolean" },
      seen: { type: "string", format: "date-time", "meta:xdmType": "date-time" },
      born: { type: "string", format: "date", "meta:xdmType": "date" },
      tags: { type: "array", items: { type: "string" } },
      items: { type: "array", items: { type: "object", properties: { sku: { type: "string" }, qty: { type: "integer" } } } },
      attributes: { type: "object", "meta:xdmType": "map", additionalProperties: { type: "string" } },
    },
  },
};

/** A profile schema with TYPED_FIELDS; answers its $id. */
export async function createTypedSchema(emulator: TestEmulator, options: RequestOptions = {}): Promise<string> {
  const fieldGroup = await createXdm(emulator, "fieldgroups", fieldGroupBody("extconndev", "Typed fields", TYPED_FIELDS), options);
  const schema = await createXdm(emulator, "schemas", schemaBody("Typed profile", [PROFILE, fieldGroup.$id]), options);
  return String(schema.$id);
}
