import { expect } from "vitest";
import type { JsonResponse, RequestOptions } from "../support/app.js";
import { ORG, platformHeaders, sendJson } from "../support/app.js";

/**
 * What the reliability suite shares: the documented error envelope of every service, checked
 * independently of the emulator's own code; a snapshot of all state through the API; a requester
 * over a real port with the same shape as createTestEmulator().request.
 */

export type Requester = (method: string, path: string, options?: RequestOptions) => Promise<JsonResponse>;

export const DATASET_ID = "63ec807d3f5ce91bd2d06c65";
const DCS_PROBLEM = "http://ns.adobe.com/adobecloud/problem/data-collection-service/inlet";
const DCS_AUTH = "https://ns.adobe.com/adobecloud/problem/data-collection-service-authorization";

/** The gateway's answers (README, "The gateway and tenants"). */
const GATEWAY_BODIES: Record<string, { status: number; message: string }> = {
  "403010": { status: 403, message: "Oauth token is missing." },
  "401013": { status: 401, message: "Oauth token is not valid" },
  "403000": { status: 403, message: "Api Key is required" },
  "403003": { status: 403, message: "Api Key is invalid" },
  "400003": { status: 400, message: "Missing header" },
  "403025": { status: 403, message: "Profile is not valid" },
  "403027": { status: 403, message: "User region is missing" },
};

export type Envelope = "flow" | "xdm" | "catalog" | "dataprep" | "inlet" | "control" | "placeholder";

/** The envelope a path's service answers errors in, from the README's description of each service. */
export function envelopeOf(path: string): Envelope {
  const at = (prefix: string) => path === prefix || path.startsWith(`${prefix}/`) || path.startsWith(`${prefix}?`);
  if (at("/data/foundation/flowservice")) return "flow";
  if (at("/data/foundation/schemaregistry")) return "xdm";
  if (at("/data/foundation/catalog")) return "catalog";
  if (at("/data/foundation/conversion")) return "dataprep";
  if (at("/collection") || at("/data/foundation/import/collection")) return "inlet";
  if (at("/_emulator")) return "control";
  return "placeholder";
}

const isPlatform = (path: string) => path.startsWith("/data/foundation/");

/**
 * Asserts an answer is a client error (4xx; of the 5xx only a not-emulated 501) in a documented
 * envelope: the service's own, the gateway's (platform paths) or the platform's Content-Type error
 * (platform and inlet paths).
 */
export function expectDocumentedError(path: string, response: JsonResponse, context = ""): void {
  const label = `${context}\n${response.status} ${response.text.slice(0, 600)}`;
  expect(response.status, label).toBeGreaterThanOrEqual(400);
  expect(response.status < 500 || isNotEmulated(response), label).toBe(true);
  expect(response.headers.get("content-type") ?? "", label).toMatch(/^application\/json/);
  const body = response.body;
  expect(body, label).toBeTypeOf("object");
  const requestId = response.headers.get("x-request-id");
  expect(requestId, label).toBeTruthy();
  const status = response.status;
  const envelope = envelopeOf(path);

  if (typeof body.error_code === "string") {
    expect(isPlatform(path), `gateway body on a non-platform path ${label}`).toBe(true);
    expect(body, label).toEqual({ error_code: body.error_code, message: GATEWAY_BODIES[body.error_code]?.message });
    expect(GATEWAY_BODIES[body.error_code].status, label).toBe(status);
    return;
  }
  if (body.detail === "A valid content-type must be specified") {
    expect(isPlatform(path) || envelope === "inlet", label).toBe(true);
    expect(body, label).toEqual({ type: "/placeholder/type/uri", status: 400, title: "BadRequestError", detail: "A valid content-type must be specified" });
    return;
  }
  switch (envelope) {
    case "flow":
      expect(body, label).toEqual({
        type: expect.stringMatching(new RegExp(`^https://ns\\.adobe\\.com/aep/errors/FLOW-\\d{4}-${status}$`)),
        title: expect.any(String),
        status,
        report: expect.objectContaining({ "detailed-message": expect.any(String), "request-id": requestId }),
        errorMessage: body.report?.["detailed-message"],
        errorDetails: expect.any(String),
      });
      return;
    case "xdm":
      expect(body, label).toEqual({
        type: expect.stringMatching(new RegExp(`^http://ns\\.adobe\\.com/aep/errors/XDM-\\d{4}-${status}$`)),
        title: expect.any(String),
        status,
        report: {
          registryRequestId: requestId,
          timestamp: expect.stringMatching(/^\d{2}-\d{2}-\d{4} \d{2}:\d{2}:\d{2}$/),
          "detailed-message": body.detail,
          "sub-errors": expect.any(Array),
        },
        detail: expect.any(String),
      });
      return;
    case "catalog":
      expect(body, label).toEqual({
        type: "/placeholder/type/uri",
        status,
        title: expect.stringMatching(/Error$/),
        detail: expect.any(String),
        report: { "detailed-message": body.detail, "request-id": requestId },
      });
      return;
    case "dataprep":
      expect(body, label).toEqual({
        type: expect.stringMatching(new RegExp(`^http://ns\\.adobe\\.com/aep/errors/MAPPER-\\d{4}-${status}$`)),
        title: expect.any(String),
        status,
        detail: expect.any(String),
        report: expect.objectContaining({ "detailed-message": body.detail, "request-id": requestId }),
      });
      return;
    case "inlet":
      if (body.type === DCS_AUTH) {
        expect(body, label).toEqual({ type: DCS_AUTH, status: String(status), title: "Authorization", report: { message: expect.any(String) } });
        return;
      }
      expect(body, label).toEqual({ type: DCS_PROBLEM, status, title: expect.any(String), report: expect.objectContaining({ message: expect.any(String) }) });
      return;
    case "control":
    case "placeholder":
      expect(body, label).toMatchObject({ type: "/placeholder/type/uri", status, title: expect.stringMatching(/Error$/), detail: expect.any(String) });
      return;
  }
}

/**
 * An operation of Adobe's that the emulator does not emulate (README, "What is emulated"): 501, in
 * the service's envelope, saying so.
 */
function isNotEmulated(response: JsonResponse): boolean {
  return response.status === 501 && response.text.includes("the emulator does not emulate it");
}

/** Any answer: below 500 (or a not-emulated 501), and when it is an error, in a documented envelope. */
export function expectNoServerError(path: string, response: JsonResponse, context = ""): void {
  const label = `${context}\n${response.status} ${response.text.slice(0, 600)}`;
  expect(response.status < 500 || isNotEmulated(response), label).toBe(true);
  if (response.status >= 400) expectDocumentedError(path, response, context);
}

/**
 * All state, as the API shows it: GET /_emulator/export (every tenant's documents, with etags and
 * timestamps) plus the records each named tenant holds in the fixture dataset (export leaves
 * records out).
 */
export async function snapshot(request: Requester, tenants: { org: string; sandbox?: string }[] = [{ org: ORG }]): Promise<string> {
  const exported = await request("GET", "/_emulator/export", { headers: noPlatformHeaders() });
  expect(exported.status, exported.text).toBe(200);
  const records: unknown[] = [];
  for (const tenant of tenants) records.push(await allRecords(request, tenant));
  return JSON.stringify({ export: exported.body, records });
}

/** Every record of the fixture dataset in a tenant, oldest first. */
export async function allRecords(request: Requester, tenant: { org: string; sandbox?: string }, flowId?: string): Promise<any[]> {
  const items: any[] = [];
  let after = "0";
  for (;;) {
    const query = new URLSearchParams({ limit: "1000", after, ...(flowId ? { flowId } : {}) });
    const page = await request("GET", `/_emulator/datasets/${DATASET_ID}/records?${query}`, {
      headers: { ...noPlatformHeaders(), "x-gw-ims-org-id": tenant.org, "x-sandbox-name": tenant.sandbox },
    });
    expect(page.status, page.text).toBe(200);
    items.push(...page.body.items);
    if (page.body.next === undefined) return items;
    after = page.body.next;
  }
}

/** Headers that remove the platform headers createTestEmulator().request adds. */
export function noPlatformHeaders(): Record<string, undefined> {
  return { Authorization: undefined, "x-api-key": undefined, "x-gw-ims-org-id": undefined };
}

/** A requester over a real port, shaped like createTestEmulator().request. */
export function httpRequester(baseUrl: string): Requester {
  return (method, path, options = {}) => sendJson((init) => fetch(`${baseUrl}${path}`, init), method, options);
}

/** Runs `tasks` with at most `limit` in flight; answers their results in order. */
export async function pool<T>(count: number, limit: number, task: (index: number) => Promise<T>): Promise<T[]> {
  const results = new Array<T>(count);
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const index = next++;
      results[index] = await task(index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, count) }, worker));
  return results;
}

export async function expectHealthy(request: Requester): Promise<void> {
  const health = await request("GET", "/_emulator/health", { headers: noPlatformHeaders() });
  expect(health.status, health.text).toBe(200);
  expect(health.body).toEqual({ status: "ok" });
}
