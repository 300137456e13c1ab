import { createApp } from "../../emulator/app.js";
import type { Deps, Tenant } from "../../emulator/platform/context.js";
import { loadFixtures } from "../../emulator/fixtures/loader.js";
import { createIdSource } from "../../emulator/platform/ids.js";
import { openStore } from "../../emulator/store/db.js";

/** An in-process emulator on an in-memory database, and a request helper that sends Adobe's headers. */
export const ORG = "0123456789ABCDEF01234567@AdobeOrg";
export const OTHER_ORG = "FEDCBA9876543210FEDCBA98@AdobeOrg";
export const INLET_BASE = "http://inlet.test";

export interface RequestOptions {
  body?: unknown;
  /** Raw body text, sent as is. */
  raw?: string;
  headers?: Record<string, string | undefined>;
  org?: string;
  sandbox?: string;
}

export interface JsonResponse {
  status: number;
  headers: Headers;
  body: any;
  text: string;
}

export function platformHeaders(org = ORG, sandbox?: string): Record<string, string> {
  const headers: Record<string, string> = {
    Authorization: "Bearer test-token",
    "x-api-key": "test-client",
    "x-gw-ims-org-id": org,
  };
  if (sandbox !== undefined) headers["x-sandbox-name"] = sandbox;
  return headers;
}

/**
 * `fixtures` are loaded as FIXTURES would load them; by default the Customer.io set, so every
 * tenant has the tutorial's schema and dataset 63ec807d3f5ce91bd2d06c65. Pass `fixtures: []` for
 * an empty registry.
 */
export function createTestEmulator(options: Partial<Deps> & { fixtures?: string[] } = {}) {
  const { fixtures = ["customerio"], ...overrides } = options;
  const store = openStore(":memory:");
  let clock = 1_700_000_000_000;
  const deps: Deps = {
    store,
    ids: createIdSource(),
    now: () => (clock += 1),
    inletBaseUrl: () => INLET_BASE,
    ...overrides,
  };
  loadFixtures(deps, fixtures);
  const app = createApp(deps);

  const request = (method: string, path: string, options: RequestOptions = {}): Promise<JsonResponse> =>
    sendJson((init) => app.request(path, init), method, options);

  return { app, store, deps, request, close: () => store.close() };
}

export type TestEmulator = ReturnType<typeof createTestEmulator>;

/**
 * Sends a request with Adobe's headers (those in `options.headers` replace them whatever their case;
 * undefined removes one) and a JSON or raw body, and reads the answer as JSON when it is JSON.
 * `send` is the app in process or fetch over a real port.
 */
export async function sendJson(send: (init: RequestInit) => Response | Promise<Response>, method: string, options: RequestOptions = {}): Promise<JsonResponse> {
  const headers: Record<string, string> = { ...platformHeaders(options.org, options.sandbox) };
  let body: string | undefined;
  if (options.raw !== undefined) body = options.raw;
  else if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers["Content-Type"] = "application/json";
  }
  for (const [name, value] of Object.entries(options.headers ?? {})) {
    const existing = Object.keys(headers).find((key) => key.toLowerCase() === name.toLowerCase());
    if (existing) delete headers[existing];
    if (value !== undefined) headers[name] = value;
  }
  return readAnswer(await send({ method, headers, body }));
}

/** Status, headers, text, and the body parsed when it is JSON (undefined otherwise). */
export async function readAnswer(response: Response): Promise<JsonResponse> {
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = text === "" ? undefined : JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  return { status: response.status, headers: response.headers, body: parsed, text };
}

export const tenantOf = (org = ORG, sandbox = "prod"): Tenant => ({ imsOrgId: org, sandboxName: sandbox });
