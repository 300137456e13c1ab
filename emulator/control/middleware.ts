import type { Context, MiddlewareHandler, Next } from "hono";
import type { RouterRoute } from "hono/types";
import { matchedRoutes } from "hono/route";
import type { AppEnv, Deps, Tenant } from "../platform/context.js";
import { ApiError, errorForStatus, placeholderError } from "../platform/errors.js";
import { DEFAULT_SANDBOX } from "../platform/gateway.js";
import { customHeader } from "../platform/headers.js";
import { type Fault, FaultRules } from "./faults.js";
import { type JournalDraft, RequestJournal } from "./journal.js";

/**
 * The control plane's part of every request: the request journal (opened and closed by the app's
 * outermost middleware, so it sees the final status of every answer, faults and errors included)
 * and fault injection (a middleware before the gateway, so a fault can look like a gateway answer).
 * Neither touches /_emulator, /docs or /openapi.json.
 */

export const DEFAULT_JOURNAL_SIZE = 1000;
/** The most of each body the journal keeps. */
export const JOURNAL_BODY_LIMIT = 64 * 1024;

export interface ControlPlane {
  journal: RequestJournal;
  faults: FaultRules;
}

export function controlPlaneOf(deps: Deps): ControlPlane {
  return {
    journal: deps.journal ?? new RequestJournal(DEFAULT_JOURNAL_SIZE, false),
    faults: deps.faults ?? new FaultRules(),
  };
}

/**
 * The env of a request the emulator sends its own routes (a provider state's event or list): like
 * the control plane's own requests, it is neither journaled nor faulted.
 */
export const OWN_REQUEST: Readonly<Record<string, never>> = Object.freeze({});

/** The emulator's own routes and documentation: never journaled, never faulted. */
export function isEmulatorPath(path: string): boolean {
  return path.startsWith("/_emulator") || path === "/openapi.json" || path === "/docs" || path.startsWith("/docs/");
}

/** Platform (`/data/...`) and inlet (`/collection/...`) paths: where faults apply. */
export function isFaultablePath(path: string): boolean {
  return path.startsWith("/data/") || path === "/collection" || path.startsWith("/collection/");
}

/** The tenant the request names in its headers, before (or without) the gateway. */
export function headerTenant(c: Context<AppEnv>): Tenant | undefined {
  const imsOrgId = customHeader(c, "x-gw-ims-org-id")?.trim();
  if (!imsOrgId) return undefined;
  return { imsOrgId, sandboxName: customHeader(c, "x-sandbox-name")?.trim() || DEFAULT_SANDBOX };
}

const FAULT_MARK = "x-emulator-fault" as const;

/** A request the journal has seen arrive, until its answer is known. */
export interface OpenJournalEntry {
  startedAt: number;
  started: number;
  method: string;
  declaredBytes: string | undefined;
  text: ReturnType<typeof keepTextAnswer>;
}

/**
 * The request journal's two halves, called by the app's outermost middleware around everything
 * else, so that it sees the final answer of every request (faults and errors included): `open`
 * before the request is handled (undefined when the journal is off or the path is the emulator's
 * own), `close` once it has been answered. Two calls rather than a middleware of its own: every
 * middleware layer costs each request a promise and a turn of the microtask queue.
 */
export function requestJournaling(journal: RequestJournal) {
  return {
    open(c: Context<AppEnv>): OpenJournalEntry | undefined {
      if (journal.capacity === 0 || isEmulatorPath(c.req.path) || c.env === OWN_REQUEST) return undefined;
      // The request body is never copied here: a copy would be read to its end whatever limit the
      // route then puts on the body (a body sent in chunks has no end it must reach). The journal
      // keeps what the route read, once it has answered.
      return {
        startedAt: Date.now(),
        started: performance.now(),
        method: c.req.method,
        declaredBytes: c.req.header("content-length"),
        text: keepTextAnswer(c),
      };
    },

    /**
     * Records the answered request. Synchronous for the usual answer (text or bytes whose size is
     * known, bodies not kept); a promise when a body must still be read or kept.
     */
    close(c: Context<AppEnv>, entry: OpenJournalEntry): Promise<void> | undefined {
      const durationMs = Math.round((performance.now() - entry.started) * 10) / 10;
      const answer = journal.keepBodies ? undefined : entry.text.answer(c.res, false);
      const chunked = entry.declaredBytes === undefined && entry.method !== "GET" && entry.method !== "HEAD";
      if (answer === undefined || chunked) return closeLater(c, entry, durationMs);
      journal.record(draftOf(c, entry, durationMs, Number(entry.declaredBytes ?? 0), answer.size));
      return undefined;
    },
  };

  async function closeLater(c: Context<AppEnv>, entry: OpenJournalEntry, durationMs: number): Promise<void> {
    const answer = entry.text.answer(c.res, journal.keepBodies) ?? (await readAnswer(c, journal.keepBodies));
    const sent = entry.method === "GET" || entry.method === "HEAD" ? undefined : await bodyReadByTheRoute(c);
    const requestBytes = entry.declaredBytes !== undefined ? Number(entry.declaredBytes) : Buffer.byteLength(sent ?? "");
    const draft = draftOf(c, entry, durationMs, requestBytes, answer.size);
    if (journal.keepBodies) Object.assign(draft, keptBodies(sent, answer.bytes));
    journal.record(draft);
  }
}

/**
 * The request body as the route read it: undefined when nothing read it (refused before, or by its
 * declared length) or the read failed (over a limit, cut off). Hono answers `text()` from whichever
 * read came first.
 */
async function bodyReadByTheRoute(c: Context<AppEnv>): Promise<string | undefined> {
  if (Object.keys(c.req.bodyCache).length === 0) return undefined;
  return c.req.text().catch(() => undefined);
}

function draftOf(c: Context<AppEnv>, entry: OpenJournalEntry, durationMs: number, requestBytes: number, responseBytes: number): JournalDraft {
  const draft: JournalDraft = {
    startedAt: entry.startedAt,
    target: requestTargetOf(c),
    headers: rawHeadersOf(c) ?? c.req.raw.headers,
    method: entry.method,
    path: c.req.path,
    status: c.res.status,
    durationMs,
    tenant: c.get("tenant") ?? headerTenant(c),
    operation: operationOf(c),
    requestId: c.get("requestId"),
    requestBytes: Number.isFinite(requestBytes) ? requestBytes : 0,
    responseBytes,
  };
  // Set apart: a spread in the literal above made V8 build it field by field through its runtime.
  const fault = c.get("fault");
  if (fault !== undefined) draft.fault = fault;
  return draft;
}

/**
 * The path and query as the client sent them: Node's own string under @hono/node-server (the full
 * URL Hono works with is built from it and would be one more string to keep per request).
 */
function requestTargetOf(c: Context<AppEnv>): string {
  const url = (c.env as { incoming?: { url?: unknown } } | undefined)?.incoming?.url;
  return typeof url === "string" ? url : c.req.url;
}

/**
 * The raw header list of the Node request under @hono/node-server (c.env.incoming): asking
 * `c.req.raw.headers` for all of them would build a Headers object on every request.
 */
function rawHeadersOf(c: Context<AppEnv>): string[] | undefined {
  const env = c.env as { incoming?: { rawHeaders?: unknown } } | undefined;
  const raw = env?.incoming?.rawHeaders;
  return Array.isArray(raw) ? (raw as string[]) : undefined;
}

/**
 * Text answers (nearly all of them) and answers already encoded (cached lists) are measured
 * without being read back: for this request c.body keeps what it answers with, and c.json does
 * what Hono's does (c.body with the JSON text and its Content-Type). `answer` is undefined when
 * the final answer is not the last one built so.
 */
function keepTextAnswer(c: Context<AppEnv>) {
  let last: { response: Response; data: string | Uint8Array | null } | undefined;
  const body = c.body;
  const keptBody = (data: unknown, arg?: unknown, headers?: unknown): Response => {
    const response = body(data as never, arg as never, headers as never);
    last = typeof data === "string" || data === null || data instanceof Uint8Array ? { response, data } : undefined;
    return response;
  };
  const json = (object: unknown, arg?: unknown, headers?: Record<string, string>): Response =>
    keptBody(JSON.stringify(object), arg, { "Content-Type": "application/json", ...headers });
  // Named functions, assigned as they are: the same arrows written inline in parentheses (as a
  // cast makes tsc emit them) made the server hold some 50 MiB more under batch load (measured).
  c.body = keptBody as unknown as typeof c.body;
  c.json = json as unknown as typeof c.json;
  return {
    answer(response: Response, keep: boolean): { size: number; bytes?: ArrayBuffer } | undefined {
      if (last === undefined || last.response !== response) return undefined;
      const data = last.data;
      if (data === null) return { size: 0 };
      if (typeof data !== "string") return { size: data.byteLength, bytes: keep && data.byteLength > 0 ? new Uint8Array(data).buffer : undefined };
      const size = Buffer.byteLength(data);
      return { size, bytes: keep && size > 0 ? (new TextEncoder().encode(data).buffer as ArrayBuffer) : undefined };
    },
  };
}

/**
 * The answer's size (and its bytes when they are kept), read once; the answer is then rebuilt from
 * what was read. Cloning it instead (or asking for its `body`) tees the body into streams, and
 * @hono/node-server then writes the answer from a stream rather than in one piece: that tripled
 * the cost of a simple GET.
 */
async function readAnswer(c: Context<AppEnv>, keep: boolean): Promise<{ size: number; bytes?: ArrayBuffer }> {
  const response = c.res;
  // Text answers (all of the platform's) are rebuilt from a string, which Node writes together
  // with the headers in one piece.
  const text = /json|text/i.test(response.headers.get("content-type") ?? "");
  const body = await (text ? response.text() : response.arrayBuffer()).catch(() => undefined);
  if (body === undefined) return { size: 0 };
  const size = typeof body === "string" ? Buffer.byteLength(body) : body.byteLength;
  const rebuilt = new Response(size === 0 ? null : body, response);
  // Hono's setter re-wraps a response it replaces by its body stream; unset first so it does not.
  c.res = undefined as unknown as Response;
  c.res = rebuilt;
  if (!keep || size === 0) return { size };
  return { size, bytes: typeof body === "string" ? (new TextEncoder().encode(body).buffer as ArrayBuffer) : body };
}

function keptBodies(requestText: string | undefined, response: ArrayBuffer | undefined) {
  const request = requestText === undefined ? undefined : (new TextEncoder().encode(requestText).buffer as ArrayBuffer);
  const decoder = new TextDecoder();
  const text = (body: ArrayBuffer | undefined) =>
    body === undefined || body.byteLength === 0 ? undefined : decoder.decode(body.slice(0, JOURNAL_BODY_LIMIT));
  const truncated = (request?.byteLength ?? 0) > JOURNAL_BODY_LIMIT || (response?.byteLength ?? 0) > JOURNAL_BODY_LIMIT;
  return {
    ...(text(request) === undefined ? {} : { requestBody: text(request) }),
    ...(text(response) === undefined ? {} : { responseBody: text(response) }),
    ...(truncated ? { bodiesTruncated: true as const } : {}),
  };
}

/** `GET /data/foundation/flowservice/flows/{id}`: the route that answered (middlewares are ALL). */
function operationOf(c: Context<AppEnv>): string | undefined {
  const routes = matchedRoutes(c);
  for (let index = routes.length - 1; index >= 0; index--) {
    const route = routes[index];
    if (route.method === "ALL") continue;
    return operationName(route);
  }
  return undefined;
}

/** The app's routes are fixed objects, so each one's name is worked out once. */
const operationNames = new WeakMap<RouterRoute, string>();

function operationName(route: RouterRoute): string {
  let name = operationNames.get(route);
  if (name === undefined) {
    name = `${route.method} ${route.path.replace(/:([A-Za-z0-9_]+)(\{[^}]*\})?/g, "{$1}")}`;
    operationNames.set(route, name);
  }
  return name;
}

/** The tenant that owns the inlet a path names: undefined for any other path, or an unknown inlet. */
export type TenantOfPath = (path: string) => Tenant | undefined;

/**
 * Fault rules, and the x-emulator-fault request header. A rule with a status answers it (its body,
 * or the Adobe error body that fits the path), after its latency; a rule with only a latency delays
 * the real answer. Costs one header read and one length check when no rule exists.
 *
 * A request's tenant is the one its headers name; without an org header, on an inlet path, the
 * tenant that owns the inlet (`inletTenant`, which a webhook sender cannot name otherwise). That is
 * looked up only when a rule is limited to a tenant, or once a fault answers (for the journal).
 */
export function injectFaults(faults: FaultRules, inletTenant: TenantOfPath): MiddlewareHandler<AppEnv> {
  const tenantOf = (c: Context<AppEnv>, path: string) => headerTenant(c) ?? inletTenant(path);
  // Not async itself: most requests meet no fault, and an async middleware that only passes the
  // request on still costs every request a promise of its own.
  return (c, next) => {
    const path = c.req.path;
    if (!isFaultablePath(path) || c.env === OWN_REQUEST) return next();
    const forced = customHeader(c, FAULT_MARK);
    if (forced !== undefined) throw markedFault(c, headerFault(path, forced), tenantOf(c, path));
    if (faults.size === 0) return next();
    const tenant = faults.limitedToTenant ? tenantOf(c, path) : headerTenant(c);
    const fault = faults.take({ method: c.req.method, path, org: tenant?.imsOrgId, sandbox: tenant?.sandboxName });
    if (fault === undefined) return next();
    return answerWithFault(c, next, path, fault, () => tenant ?? tenantOf(c, path));
  };
}

async function answerWithFault(c: Context<AppEnv>, next: Next, path: string, fault: Fault, tenant: () => Tenant | undefined): Promise<void> {
  if (fault.delayMs > 0) await sleep(fault.delayMs);
  if (fault.rule.status !== undefined) throw markedFault(c, ruleFault(path, fault), tenant());
  await next();
  c.header(FAULT_MARK, fault.rule.id);
  c.set("fault", fault.rule.id);
}

/**
 * Tells the journal which fault answered (the mark is absent when the x-emulator-fault header was
 * invalid) and the request's tenant, which no route has resolved.
 */
function markedFault(c: Context<AppEnv>, error: ApiError, tenant: Tenant | undefined): ApiError {
  const mark = error.headers[FAULT_MARK];
  if (mark !== undefined) c.set("fault", mark);
  if (tenant !== undefined) c.set("tenant", tenant);
  return error;
}

function headerFault(path: string, value: string): ApiError {
  const status = /^\s*[0-9]{3}\s*$/.test(value) ? Number(value) : NaN;
  if (!(status >= 400 && status <= 599)) {
    return placeholderError(400, "BadRequestError", `The ${FAULT_MARK} header must be an HTTP error status from 400 to 599; got ${JSON.stringify(value)}.`);
  }
  return withHeaders(errorForStatus(path, status), retryAfter(status, {}), "header");
}

function ruleFault(path: string, { rule }: Fault): ApiError {
  const status = rule.status as number;
  const headers = { ...retryAfter(status, rule.headers ?? {}), ...(rule.headers ?? {}) };
  if (rule.body === undefined) return withHeaders(errorForStatus(path, status), headers, rule.id);
  const body = rule.body;
  return new ApiError(status, () => body, { ...headers, [FAULT_MARK]: rule.id });
}

/** 429 and 503 say when to retry, unless the rule's headers already do. */
function retryAfter(status: number, headers: Record<string, string>): Record<string, string> {
  if (status !== 429 && status !== 503) return {};
  if (Object.keys(headers).some((name) => name.toLowerCase() === "retry-after")) return {};
  return { "Retry-After": "1" };
}

function withHeaders(error: ApiError, headers: Record<string, string>, mark: string): ApiError {
  return new ApiError(error.status, (requestId) => error.body(requestId), { ...error.headers, ...headers, [FAULT_MARK]: mark });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
