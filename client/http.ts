import type { Page } from "./types.js";

/**
 * The request core every service client shares: Adobe's headers, JSON in and out, a timeout per
 * attempt, retries with backoff on 429/503 (honouring Retry-After), and one parser that turns
 * every error envelope the platform answers into an AepError. Paging lives here too.
 */

export interface ClientOptions {
  /** https://platform.adobe.io, or the emulator's URL. */
  baseUrl?: string;
  /** An IMS access token, or a function that answers a fresh one (tokens live 24 hours). */
  accessToken: string | (() => string | Promise<string>);
  /** x-api-key: the client id of the Developer Console project. */
  apiKey: string;
  /** x-gw-ims-org-id, e.g. 0123456789ABCDEF01234567@AdobeOrg. */
  orgId: string;
  /** x-sandbox-name; the service's default (prod) when absent. */
  sandboxName?: string;
  fetch?: typeof fetch;
  /** Per attempt, in ms (default 30 000). */
  timeoutMs?: number;
  /** How many times a 429 or 503 is retried (default 3). */
  retries?: number;
  /** First backoff step when the answer has no Retry-After, doubled each retry (default 500 ms). */
  backoffMs?: number;
}

export const DEFAULT_BASE_URL = "https://platform.adobe.io";
const RETRYABLE = new Set([429, 503]);
const MAX_RETRY_DELAY_MS = 60_000;

export type QueryValue = string | number | boolean | undefined | ReadonlyArray<string>;
export type Query = Record<string, QueryValue>;

export interface RequestSpec {
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  /** A path under baseUrl, or an absolute URL (inlets live on another host). */
  path: string;
  query?: Query;
  body?: unknown;
  headers?: Record<string, string | undefined>;
  /** platform: the four Adobe headers (default); bearer: Authorization only; none. */
  auth?: "platform" | "bearer" | "none";
}

export interface HttpResponse<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
}

/** Every failure the client reports: an HTTP error answer, a timeout, or a network failure. */
export class AepError extends Error {
  override readonly name = "AepError";
  /** HTTP status; 0 when no answer arrived (timeout, network). */
  readonly status: number;
  /** Adobe's code: FLOW-1404-412, XDM-1012-404, 403010... or TIMEOUT, NETWORK_ERROR, HTTP-<status>. */
  readonly code: string;
  /** The service's own words, without the request line. */
  readonly detail: string;
  readonly report?: Record<string, unknown>;
  readonly requestId?: string;
  /** The parsed error body (or its text when it is not JSON). */
  readonly body?: unknown;
  readonly method: string;
  readonly url: string;
  /** A 429 or 503: the service did not take the request, which may be sent again as it is. */
  readonly retryable: boolean;
  /** How long the service asked to wait before sending again (its Retry-After), on a 429 or 503. */
  readonly retryAfterMs?: number;

  constructor(fields: {
    status: number;
    code: string;
    detail: string;
    report?: Record<string, unknown>;
    requestId?: string;
    body?: unknown;
    method: string;
    url: string;
    retryAfterMs?: number;
  }) {
    super(`${fields.method} ${fields.url} -> ${fields.status || "no answer"} ${fields.code}: ${fields.detail}`);
    this.status = fields.status;
    this.code = fields.code;
    this.report = fields.report;
    this.requestId = fields.requestId;
    this.body = fields.body;
    this.method = fields.method;
    this.url = fields.url;
    this.detail = fields.detail;
    this.retryable = RETRYABLE.has(fields.status);
    this.retryAfterMs = this.retryable ? fields.retryAfterMs : undefined;
  }
}

export class HttpCore {
  private readonly baseUrl: string;
  private readonly fetch: typeof fetch;
  private readonly timeoutMs: number;
  private readonly retries: number;
  private readonly backoffMs: number;

  constructor(private readonly options: ClientOptions) {
    this.baseUrl = (options.baseUrl ?? DEFAULT_BASE_URL).replace(/\/+$/, "");
    this.fetch = options.fetch ?? globalThis.fetch;
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.retries = options.retries ?? 3;
    this.backoffMs = options.backoffMs ?? 500;
  }

  /** The parsed body of a successful answer. */
  /** The answer's JSON object or array; any other 2xx body (empty, null, an HTML page) is an UNEXPECTED_BODY. */
  async json<T>(spec: RequestSpec): Promise<T> {
    const answer = await this.send<T>(spec);
    const body: unknown = answer.body;
    if (body === null || typeof body !== "object") {
      throw new AepError({ status: answer.status, code: "UNEXPECTED_BODY", detail: "The answer is not a JSON object or array.", body, method: spec.method, url: spec.path });
    }
    return answer.body;
  }

  async send<T = unknown>(spec: RequestSpec): Promise<HttpResponse<T>> {
    const url = this.urlOf(spec);
    const init = { method: spec.method, headers: await this.headersOf(spec), body: bodyOf(spec) };
    for (let attempt = 0; ; attempt++) {
      const answer = await this.attempt(url, init);
      if (answer.status >= 200 && answer.status < 300) return answer as HttpResponse<T>;
      if (RETRYABLE.has(answer.status) && attempt < this.retries) {
        await sleep(retryDelayMs(answer.headers.get("retry-after"), attempt, this.backoffMs));
        continue;
      }
      throw errorOf(answer, spec.method, url);
    }
  }

  /** One fetch with its own timeout; the body is read (and parsed) before the timer stops. */
  private async attempt(url: string, init: RequestInit): Promise<HttpResponse> {
    try {
      const response = await this.fetch(url, { ...init, signal: AbortSignal.timeout(this.timeoutMs) });
      return { status: response.status, headers: response.headers, body: parseBody(await response.text()) };
    } catch (error) {
      throw transportError(error, String(init.method), url, this.timeoutMs);
    }
  }

  private urlOf(spec: RequestSpec): string {
    const base = /^https?:\/\//i.test(spec.path) ? spec.path : `${this.baseUrl}${spec.path}`;
    const search = searchOf(spec.query ?? {});
    if (search === "") return base;
    return `${base}${base.includes("?") ? "&" : "?"}${search}`;
  }

  private async headersOf(spec: RequestSpec): Promise<Record<string, string>> {
    const headers: Record<string, string> = { Accept: "application/json" };
    const auth = spec.auth ?? "platform";
    if (auth !== "none") headers.Authorization = `Bearer ${await this.accessToken(spec)}`;
    if (auth === "platform") {
      headers["x-api-key"] = this.options.apiKey;
      headers["x-gw-ims-org-id"] = this.options.orgId;
      if (this.options.sandboxName) headers["x-sandbox-name"] = this.options.sandboxName;
    }
    if (spec.body !== undefined) headers["Content-Type"] = "application/json";
    for (const [name, value] of Object.entries(spec.headers ?? {})) {
      if (value !== undefined) headers[name] = value;
    }
    return headers;
  }

  /** The token, or the function's; a function that fails is an AepError TOKEN_ERROR, like every other failure. */
  private async accessToken(spec: RequestSpec): Promise<string> {
    const token = this.options.accessToken;
    if (typeof token !== "function") return token;
    try {
      return await token();
    } catch (error) {
      throw new AepError({ status: 0, code: "TOKEN_ERROR", detail: `The accessToken function failed: ${(error as Error)?.message ?? String(error)}`, method: spec.method, url: spec.path });
    }
  }
}

function bodyOf(spec: RequestSpec): string | undefined {
  return spec.body === undefined ? undefined : JSON.stringify(spec.body);
}

/** Repeated keys for arrays (`property=a&property=b`); undefined values are left out. */
export function searchOf(query: Query): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value === undefined) continue;
    const values = Array.isArray(value) ? value : [String(value)];
    for (const one of values) params.append(name, one);
  }
  return params.toString();
}

function parseBody(text: string): unknown {
  if (text.trim() === "") return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * How long to wait before retry number `attempt + 1`: Retry-After (seconds or an HTTP date) when
 * the service sent one, otherwise exponential backoff with a little jitter; never over a minute.
 */
export function retryDelayMs(retryAfter: string | null, attempt: number, backoffMs: number, now = Date.now()): number {
  const told = retryAfterMsOf(retryAfter, now);
  if (told !== undefined) return Math.min(told, MAX_RETRY_DELAY_MS);
  const step = backoffMs * 2 ** attempt;
  return Math.min(step + Math.floor(Math.random() * (backoffMs / 2)), MAX_RETRY_DELAY_MS);
}

function retryAfterMsOf(value: string | null, now: number): number | undefined {
  if (value === null || value.trim() === "") return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function transportError(error: unknown, method: string, url: string, timeoutMs: number): AepError {
  const name = (error as { name?: string } | undefined)?.name;
  if (name === "TimeoutError" || name === "AbortError") {
    return new AepError({ status: 0, code: "TIMEOUT", detail: `No answer within ${timeoutMs} ms.`, method, url });
  }
  const cause = (error as { cause?: { code?: string; message?: string } } | undefined)?.cause;
  const detail = cause?.code ?? cause?.message ?? (error as Error)?.message ?? String(error);
  return new AepError({ status: 0, code: "NETWORK_ERROR", detail, method, url });
}

// ---------------------------------------------------------------------------------------------
// Error envelopes

export interface ParsedError {
  code: string;
  detail: string;
  report?: Record<string, unknown>;
  requestId?: string;
}

const TYPED_CODE = /([A-Z]+-\d+-\d+)\/?$/;

/**
 * Reads any of the platform's error bodies:
 * - gateway `{error_code, message}` (403010, 401013, 400003...);
 * - Flow Service `{type: ".../FLOW-1404-412", title, status, report{detailed-message, request-id}, errorMessage, errorDetails}`
 *   and its older `{errorMessage, errorDetails}`;
 * - Schema Registry `{type: ".../XDM-1012-404", title, report{registryRequestId, detailed-message}, detail}`;
 * - the generic `{type: "/placeholder/type/uri", title: "BadRequestError", detail}`;
 * - the streaming inlet `{type, status, title, report{message, cause{_streamingValidation}}}`;
 * - and anything else (text, HTML) as HTTP-<status>, an HTML page by its title.
 */
export function parseErrorBody(status: number, body: unknown, headers?: Headers): ParsedError {
  const headerRequestId = headers?.get("x-request-id") ?? undefined;
  if (body === null || typeof body !== "object" || Array.isArray(body)) {
    // Only the start is read: a title is near it, and markup scanning stays bounded on a huge page.
    const text = typeof body === "string" ? textOf(body.slice(0, 16_384)).slice(0, 200) : "";
    return { code: `HTTP-${status}`, detail: text || `HTTP ${status}`, requestId: headerRequestId };
  }
  const fields = body as Record<string, unknown>;
  const report = isRecord(fields.report) ? fields.report : undefined;
  const detail = firstString(report?.["detailed-message"], fields.detail, fields.errorMessage, fields.message, report?.message, fields.title) ?? `HTTP ${status}`;
  const violations = streamingViolations(report);
  return {
    code: codeOf(status, fields),
    detail: violations.length === 0 ? detail : `${detail}: ${violations.join("; ")}`,
    report,
    requestId: firstString(report?.["request-id"], report?.registryRequestId, fields.requestId, headerRequestId),
  };
}

/**
 * A proxy's HTML error page (a 502 or 504 from a load balancer) read as words: its <title> when it
 * has one ("502 Bad Gateway"), else its text without the markup. Other text is kept as it is.
 */
function textOf(body: string): string {
  if (!/^\s*<(!doctype\s+html|html|head|body)\b/i.test(body)) return body.trim();
  const title = /<title[^>]*>([^<]*)<\/title>/i.exec(body)?.[1];
  const words = title ?? body.replace(/<(script|style)\b[^>]*>[\s\S]*?<\/\1>/gi, " ").replace(/<[^>]*>/g, " ");
  return words.replace(/\s+/g, " ").trim();
}

/**
 * The inlet's sync validation names what is wrong only in `report.cause._streamingValidation`, a tree
 * whose leaves (no causingExceptions of their own) are the violations: "#/path: message" each.
 */
function streamingViolations(report: Record<string, unknown> | undefined): string[] {
  const cause = isRecord(report?.cause) ? report.cause : undefined;
  return leavesOf(cause?._streamingValidation).flatMap((leaf) => {
    const message = firstString(leaf.message);
    if (message === undefined) return [];
    const pointer = firstString(leaf.pointerToViolation);
    return [pointer === undefined || pointer === "#" ? message : `${pointer}: ${message}`];
  });
}

function leavesOf(nodes: unknown): Record<string, unknown>[] {
  if (!Array.isArray(nodes)) return [];
  return nodes.filter(isRecord).flatMap((node) => {
    const children = Array.isArray(node.causingExceptions) ? node.causingExceptions : [];
    return children.length === 0 ? [node] : leavesOf(children);
  });
}

function codeOf(status: number, fields: Record<string, unknown>): string {
  const typed = typeof fields.type === "string" ? TYPED_CODE.exec(fields.type)?.[1] : undefined;
  if (typed) return typed;
  if (typeof fields.error_code === "string" || typeof fields.error_code === "number") return String(fields.error_code);
  if (typeof fields.code === "string" || typeof fields.code === "number") return String(fields.code);
  if (typeof fields.title === "string" && fields.title !== "") return fields.title;
  return `HTTP-${status}`;
}

function errorOf(answer: HttpResponse, method: string, url: string): AepError {
  const parsed = parseErrorBody(answer.status, answer.body, answer.headers);
  const retryAfterMs = retryAfterMsOf(answer.headers.get("retry-after"), Date.now());
  return new AepError({ ...parsed, status: answer.status, body: answer.body, method, url, retryAfterMs });
}

function firstString(...values: unknown[]): string | undefined {
  for (const value of values) if (typeof value === "string" && value !== "") return value;
  return undefined;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

// ---------------------------------------------------------------------------------------------
// Paging

/** Every item of every page, fetching each page only when the previous one is used up. */
export async function* paginate<T, Q>(first: Q, listPage: (query: Q) => Promise<Page<T, Q>>): AsyncGenerator<T> {
  let query: Q | undefined = first;
  const read = new Set<string>();
  while (query !== undefined) {
    // A service that answers the same next page again would be read for ever.
    const key = JSON.stringify(query);
    if (read.has(key)) throw new AepError({ status: 0, code: "PAGING_LOOP", detail: "The service named a page already read as the next one.", method: "GET", url: key });
    read.add(key);
    const page: Page<T, Q> = await listPage(query);
    yield* page.items;
    query = page.next;
  }
}

/** Collects an async iterable, stopping after `max` items when given. */
export async function collect<T>(items: AsyncIterable<T>, max = Infinity): Promise<T[]> {
  const all: T[] = [];
  if (max <= 0) return all;
  for await (const item of items) {
    all.push(item);
    if (all.length >= max) break;
  }
  return all;
}

/** The query parameters of a next-page link (relative or absolute), repeated keys as arrays. */
export function queryOfHref(href: string): Record<string, string | string[]> {
  const search = href.includes("?") ? href.slice(href.indexOf("?") + 1) : "";
  const query: Record<string, string | string[]> = {};
  for (const [name, value] of new URLSearchParams(search)) {
    const existing = query[name];
    if (existing === undefined) query[name] = value;
    else query[name] = Array.isArray(existing) ? [...existing, value] : [existing, value];
  }
  return query;
}

/**
 * An id as one path segment. An empty one would name the collection itself, which answers its list
 * (paths work with and without a trailing slash): get("") returned the first item.
 */
export function idSegment(id: string): string {
  // From JavaScript an id may be undefined (a field the answer does not have): "undefined" or the collection.
  if (typeof id !== "string" || id === "") {
    throw new AepError({ status: 0, code: "INVALID_ID", detail: `An id must be a non-empty string, not ${JSON.stringify(id) ?? "undefined"}: the path would not name one item.`, method: "-", url: "-" });
  }
  return encodeURIComponent(id);
}

/** Offset paging (Catalog, Data Prep): a full page means there may be more. */
export function nextOffset<Q extends { start?: number }>(query: Q, received: number, pageSize: number): Q | undefined {
  if (received === 0 || received < pageSize) return undefined;
  return { ...query, start: (query.start ?? 0) + received };
}
