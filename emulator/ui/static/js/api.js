// Calls to the emulator from the page. Platform paths get the headers a client sends to
// platform.adobe.io, with the picked tenant; every call carries an x-request-id starting with
// "inspector-" ("inspector-read-" for the page's own reads and previews), so the journal can
// tell the Inspector's requests from the ones a user's code sends.
import { tenant } from "./tenant.js";

export const FLOW_SERVICE = "/data/foundation/flowservice";
export const DATA_PREP = "/data/foundation/conversion";
export const CATALOG = "/data/foundation/catalog";

let counter = 0;
const session = Math.random().toString(36).slice(2, 8);

export class ApiError extends Error {
  constructor(method, path, status, body, text) {
    super(`${method} ${path}: ${status} ${describeError(body, text)}`);
    this.method = method;
    this.path = path;
    this.status = status;
    this.body = body;
    this.text = text;
    this.reason = describeError(body, text);
  }
}

/** The human message of any of the emulator's error bodies. */
export function describeError(body, text = "") {
  if (body && typeof body === "object") {
    const candidates = [
      body.errorMessage,
      body.report?.["detailed-message"],
      body.detail,
      body.report?.message,
      body.message,
      body.title,
    ];
    const found = candidates.find((value) => typeof value === "string" && value.trim() !== "");
    if (found) return found;
  }
  return text ? String(text).slice(0, 300) : "no answer body";
}

export function platformHeaders(t = tenant()) {
  return {
    Authorization: "Bearer inspector",
    "x-api-key": "inspector",
    "x-gw-ims-org-id": t.imsOrgId,
    "x-sandbox-name": t.sandboxName,
  };
}

/**
 * request("GET", "/data/...", { body, raw, contentType, read, tenantHeaders, accept }) answers
 * { status, ok, body, text, headers }; it never throws for an HTTP status (see call()).
 */
export async function request(method, path, options = {}) {
  const { body, raw, contentType, read = method === "GET" || method === "HEAD", accept } = options;
  const platform = path.startsWith("/data/") || options.tenantHeaders === true;
  const headers = { "x-request-id": `inspector-${read ? "read-" : ""}${session}-${++counter}` };
  if (platform) Object.assign(headers, platformHeaders());
  if (accept) headers.Accept = accept;
  let payload;
  if (raw !== undefined) {
    payload = raw;
    headers["Content-Type"] = contentType ?? "application/json";
  } else if (body !== undefined) {
    payload = JSON.stringify(body);
    headers["Content-Type"] = "application/json";
  }
  const response = await fetch(path, { method, headers, body: payload, cache: "no-store" });
  const text = await response.text();
  let parsed;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  return { status: response.status, ok: response.ok, body: parsed, text, headers: response.headers };
}

/** request(), throwing an ApiError unless the status is 2xx. Answers the parsed body. */
export async function call(method, path, options = {}) {
  const answer = await request(method, path, options);
  if (!answer.ok) throw new ApiError(method, path, answer.status, answer.body, answer.text);
  return answer.body;
}

/** Every item of a Flow Service listing, following _links.next (at most `pages` pages). */
export async function listAll(path, pages = 10) {
  const items = [];
  let next = path;
  for (let page = 0; next && page < pages; page++) {
    const body = await call("GET", next);
    items.push(...(body?.items ?? []));
    const href = body?._links?.next?.href;
    next = href ? (href.startsWith("/data/") ? href : `${FLOW_SERVICE}${href}`) : undefined;
  }
  return items;
}

/** The first item of a Flow Service get. */
export async function getOne(collection, id) {
  const body = await call("GET", `${FLOW_SERVICE}/${collection}/${encodeURIComponent(id)}`);
  return body?.items?.[0];
}

let catalogue;

/** The read-only spec catalogue, fetched once: { connectionSpecs: Map, flowSpecs: Map } by id. */
export async function specCatalogue() {
  catalogue ??= Promise.all([listAll(`${FLOW_SERVICE}/connectionSpecs`), listAll(`${FLOW_SERVICE}/flowSpecs`)]).then(
    ([connectionSpecs, flowSpecs]) => ({
      connectionSpecs: new Map(connectionSpecs.map((spec) => [spec.id, spec])),
      flowSpecs: new Map(flowSpecs.map((spec) => [spec.id, spec])),
    }),
    (error) => {
      catalogue = undefined;
      throw error;
    },
  );
  return catalogue;
}

let events;

/** The fixture events the emulator ships: [{ set, name, malformed, event }]. */
export async function fixtureEvents() {
  events ??= call("GET", "/_emulator/ui/fixtures/events").then(
    (body) => body.events,
    (error) => {
      events = undefined;
      throw error;
    },
  );
  return events;
}

/** A same-origin path for an inletUrl: its host may be a tunnel or localhost, its path works here. */
export function inletPath(inletUrl) {
  try {
    return new URL(inletUrl, location.href).pathname;
  } catch {
    return inletUrl;
  }
}
