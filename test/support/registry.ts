import { expect } from "vitest";
import type { JsonResponse, RequestOptions, TestEmulator } from "./app.js";

/** Schema Registry and Catalog helpers: paths, Accept headers, the Customer.io fixture's ids, bodies. */
export const SR = "/data/foundation/schemaregistry";
export const CATALOG = "/data/foundation/catalog";

export const PROFILE = "https://ns.adobe.com/xdm/context/profile";
export const EXPERIENCE_EVENT = "https://ns.adobe.com/xdm/context/experienceevent";
export const CIO_SCHEMA = "https://ns.adobe.com/extconndev/schemas/945546112b746524bfd9f1264b26c2b7d8e7f5b7fadb953a";
export const CIO_FIELD_GROUP = "https://ns.adobe.com/extconndev/mixins/f7b6dade7f82580e02d045649363f9ad7bbbe9d824ab1075";
export const CIO_DATASET = "63ec807d3f5ce91bd2d06c65";

export const XED = "application/vnd.adobe.xed+json; version=1";
export const XED_FULL = "application/vnd.adobe.xed-full+json; version=1";
export const XED_ID = "application/vnd.adobe.xed-id+json";
export const XED_LISTING_FULL = "application/vnd.adobe.xed+json";

export const accept = (value: string, options: RequestOptions = {}): RequestOptions => ({
  ...options,
  headers: { ...options.headers, Accept: value },
});

/** The URL-encoded `$id` path segment. */
export const encoded = (id: string) => encodeURIComponent(id);

export const REPORT_TIMESTAMP = /^[0-9]{2}-[0-9]{2}-[0-9]{4} [0-9]{2}:[0-9]{2}:[0-9]{2}$/;

/** Asserts the Schema Registry error envelope and its code. */
export function expectXdmError(response: JsonResponse, code: number, status: number, detail?: RegExp): void {
  expect(response.status, response.text).toBe(status);
  expect(response.body).toEqual({
    type: `http://ns.adobe.com/aep/errors/XDM-${code}-${status}`,
    title: expect.any(String),
    status,
    report: {
      registryRequestId: response.headers.get("x-request-id"),
      timestamp: expect.stringMatching(REPORT_TIMESTAMP),
      "detailed-message": response.body.detail,
      "sub-errors": [],
    },
    detail: expect.any(String),
  });
  if (detail) expect(response.body.detail).toMatch(detail);
}

/**
 * Asserts the 501 for a resource of Adobe's global XDM library that the emulator's global container
 * does not hold: the registry envelope, the id, what the container holds and what to do instead.
 */
export function expectGlobalNotEmulated(response: JsonResponse, ref: string): void {
  expectXdmError(response, 1001, 501);
  expect(response.body.title).toBe("Not Implemented");
  expect(response.body.detail).toContain(`${ref} names a resource of Adobe's global XDM library, and the emulator does not emulate it`);
  expect(response.body.detail).toContain(
    "holds only the classes XDM Individual Profile and XDM ExperienceEvent and the behaviors extensible, record, time-series and adhoc",
  );
  expect(response.body.detail).toContain("Define the fields in a tenant field group instead (a fixture set can seed one)");
}

/** Asserts the Catalog error envelope (the platform problem body plus a report). */
export function expectCatalogError(response: JsonResponse, status: number, detail?: RegExp): void {
  expect(response.status, response.text).toBe(status);
  expect(response.body).toEqual({
    type: "/placeholder/type/uri",
    status,
    title: status === 404 ? "NotFoundError" : "BadRequestError",
    detail: expect.any(String),
    report: { "detailed-message": response.body.detail, "request-id": response.headers.get("x-request-id") },
  });
  if (detail) expect(response.body.detail).toMatch(detail);
}

export const fieldGroupBody = (tenantId: string, title = "Loyalty details", fields: Record<string, unknown> = { level: { type: "string", title: "Level" } }) => ({
  type: "object",
  title,
  description: "Loyalty program fields.",
  "meta:intendedToExtend": [PROFILE],
  definitions: { loyalty: { properties: { [`_${tenantId}`]: { type: "object", properties: fields } } } },
  allOf: [{ $ref: "#/definitions/loyalty" }],
});

export const schemaBody = (title: string, allOf: string[]) => ({
  type: "object",
  title,
  description: `${title} schema.`,
  allOf: allOf.map((ref) => ({ $ref: ref })),
});

/** POSTs and expects 201; answers the created resource. */
export async function createXdm(emulator: TestEmulator, kind: "schemas" | "fieldgroups", body: unknown, options: RequestOptions = {}) {
  const response = await emulator.request("POST", `${SR}/tenant/${kind}`, { ...options, body });
  expect(response.status, response.text).toBe(201);
  return response.body as Record<string, any>;
}

/** POSTs a dataset and expects 201; answers its id. */
export async function createDataSet(emulator: TestEmulator, body: unknown, options: RequestOptions = {}): Promise<string> {
  const response = await emulator.request("POST", `${CATALOG}/dataSets`, { ...options, body });
  expect(response.status, response.text).toBe(201);
  return String(response.body[0]).replace("@/dataSets/", "");
}
