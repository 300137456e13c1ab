import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { Context, MiddlewareHandler } from "hono";
import { newOutputBudget } from "../dataprep/mapping/index.js";
import type { AppEnv, Caller, Deps, Tenant } from "../platform/context.js";
import { contentTypeError, inletAuthError, inletError, inletMessage, inletMessageRefused, inletValidationError } from "../platform/errors.js";
import { isJsonContentType, isSmileContentType } from "../platform/gateway.js";
import { customHeader, optionalHeader } from "../platform/headers.js";
import { QueryBoolean, queryBoolean } from "../platform/query.js";
import { type BodyLimit, bodyBytes, bodyText, gunzippedBodyText, jsonDepthExceeds, MAX_JSON_DEPTH, tooDeep } from "../platform/body.js";
import { EntityRepository } from "../store/entities.js";
import { messageTexts } from "./batch-text.js";
import { ForeignWrites } from "./foreign-writes.js";
import { checkXdmEnvelope, Commit, type Inlet, type MappingResolver, type PipelineDeps, processMessage, type Route, RouteCache } from "./ingest.js";
import { classify, MessageRefused } from "./messages.js";
import { RecordRepository } from "./records.js";
import { RunLedger } from "./run-metrics.js";
import { decodeSmile, SmileError } from "./smile.js";

/**
 * The streaming inlet (dcs.adobedc.net) on the emulator's port: POST /collection/{inletId} and
 * /collection/batch/{inletId}, also under /data/foundation/import, where Adobe's Postman
 * collection sends them. Answers are sent only after the records are committed.
 */
/** Where the inlet answers: dcs.adobedc.net's path, and under platform.adobe.io as Adobe's Postman collection sends it. */
const INLET_BASES = ["/collection", "/data/foundation/import/collection"] as const;

export const MAX_PAYLOAD_BYTES = 1024 * 1024;
const SYNC_VALIDATIONS_PER_MINUTE = 60;

export interface StreamingInlet {
  routes: OpenAPIHono<AppEnv>;
  /**
   * The tenant whose flow or connection owns the inlet a path names (undefined for another path or
   * an unknown inlet), from the routes' own cache: what the fault rules and the journal know of an
   * inlet request that names no tenant in its headers.
   */
  tenantOfPath: (path: string) => Tenant | undefined;
}

export function inletRoutes(deps: Deps, mappings: MappingResolver, newRouter: () => OpenAPIHono<AppEnv>): StreamingInlet {
  const app = newRouter();
  const entities = new EntityRepository(deps.store.db);
  const pipeline: PipelineDeps = { deps, entities, mappings };
  const records = new RecordRepository(deps.store.db);
  const foreign = new ForeignWrites(deps.store);
  const routes = new RouteCache(pipeline, foreign);
  const ledger = new RunLedger({ entities, ids: deps.ids }, foreign);
  deps.store.beforeGroupCommit(() => ledger.write());
  /** A single message commits with the writes grouped in this turn; the answer waits for the COMMIT. */
  const commitGrouped = async (commit: Commit, caller: Caller | undefined) => {
    try {
      await deps.store.grouped(() => commit.write(records, ledger, foreign, caller ?? INLET_CALLER));
    } catch (error) {
      // Whatever was rolled back may be what the caches hold.
      foreign.forget();
      throw error;
    }
  };
  /** A batch commits at once, in a transaction of its own: batches are not held in memory until a shared commit. */
  const commitNow = (commit: Commit, caller: Caller | undefined) => {
    try {
      deps.store.transaction(() => {
        commit.write(records, ledger, foreign, caller ?? INLET_CALLER);
        ledger.write();
      });
    } catch (error) {
      foreign.forget();
      throw error;
    }
  };
  const xactions = new XactionIds();
  const syncLimiter = new MinuteLimiter(SYNC_VALIDATIONS_PER_MINUTE, deps.now);

  for (const base of INLET_BASES) {
    app.use(`${base}/:inletId`, inletAccess(routes));
    app.use(`${base}/batch/:inletId`, inletAccess(routes));
    app.use(`${base}/*`, payloadChecks());
  }

  const inletIdParam = z.object({
    inletId: z.string().openapi({ param: { name: "inletId", in: "path" }, description: "The inlet id: the last segment of inletUrl" }),
  });
  const flowIdQuery = z.string().optional().openapi({ description: "The dataflow id (or send the x-adobe-flow-id header)" });
  const contentEncoding = optionalHeader("content-encoding", "gzip for a gzip-compressed body (at most 1 MB once inflated); other codings are 415");

  for (const base of INLET_BASES) {
    app.openapi(
      createRoute({
        method: "post",
        path: `${base}/{inletId}`,
        tags: ["Streaming inlet"],
        parameters: [contentEncoding],
        summary: "Send one message: raw JSON (webhook sources, HTTP API raw) or an XDM envelope {header, body}",
        request: {
          params: inletIdParam,
          query: z.object({
            "x-adobe-flow-id": flowIdQuery,
            syncValidation: QueryBoolean.optional().openapi({ description: "Validate before answering (60 per minute per inlet)" }),
            synchronousValidation: QueryBoolean.optional().openapi({
              description: "syncValidation under the name Adobe's record and time-series streaming tutorials send; the answer names it the same",
            }),
          }),
          body: { content: { "application/json": { schema: InletMessage }, [SMILE]: { schema: InletMessage } } },
        },
        responses: {
          200: { description: "Received (and committed)", content: { "application/json": { schema: SingleAnswer } } },
          400: { description: "Refused, or sync validation failed", content: { "application/json": { schema: InletProblem } } },
          404: { description: "Unknown inlet", content: { "application/json": { schema: InletProblem } } },
          413: { description: "The payload is larger than 1 MB", content: { "application/json": { schema: InletProblem } } },
          415: { description: "A Content-Encoding other than gzip", content: { "application/json": { schema: InletProblem } } },
        },
      }),
      async (c) => {
        const receivedMs = deps.now();
        const sent = await c.req.text();
        const inlet = authorisedInlet(c, routes);
        const body = c.req.valid("json");
        const query = c.req.valid("query");
        const sync = syncValidationAsked(query);
        if (sync && !syncLimiter.take(inlet.inletId)) {
          throw inletError(429, "Too Many Requests", inletMessage(inlet.inletId, inlet.tenant.imsOrgId, "Too many sync validation requests"), {
            "Retry-After": String(syncLimiter.secondsToNextWindow()),
          });
        }
        const refuse = (error: unknown) => refusal(error, inlet);
        let route: Route;
        let outcome;
        try {
          const message = classify(body, inlet.dataType);
          route = routes.route(inlet, routes.flowId(inlet, message, flowIdGiven(c, query)));
          checkXdmEnvelope(message, inlet, route);
          outcome = processMessage(route, message);
        } catch (error) {
          throw refuse(error);
        }
        if (sync && outcome.status === "failed") {
          throw inletValidationError(inletMessage(inlet.inletId, inlet.tenant.imsOrgId, "Message is invalid"), syncReport(outcome));
        }
        const xactionId = xactions.next(receivedMs);
        const commit = new Commit(inlet, receivedMs);
        // Stored as sent, like a batch's messages (the validator has parsed it: it is JSON).
        commit.add(route, outcome, body, xactionId, Buffer.byteLength(sent), sent);
        await commitGrouped(commit, c.get("caller"));
        return c.json(
          { inletId: inlet.inletId, xactionId, receivedTimeMs: receivedMs, ...syncValidationReport(sync) },
          200,
        );
      },
    );

    app.openapi(
      createRoute({
        method: "post",
        path: `${base}/batch/{inletId}`,
        tags: ["Streaming inlet"],
        parameters: [contentEncoding],
        summary: "Send several messages {messages: [...]}; always 207 with one response per message, in order",
        request: {
          params: inletIdParam,
          query: z.object({ "x-adobe-flow-id": flowIdQuery }),
          body: { content: { "application/json": { schema: BatchMessage }, [SMILE]: { schema: BatchMessage } } },
        },
        responses: {
          207: { description: "One response per message", content: { "application/json": { schema: BatchAnswer } } },
          400: { description: "Not a batch", content: { "application/json": { schema: InletProblem } } },
          404: { description: "Unknown inlet", content: { "application/json": { schema: InletProblem } } },
          413: { description: "The payload is larger than 1 MB", content: { "application/json": { schema: InletProblem } } },
          415: { description: "A Content-Encoding other than gzip", content: { "application/json": { schema: InletProblem } } },
        },
      }),
      async (c) => {
        const receivedMs = deps.now();
        const inlet = authorisedInlet(c, routes);
        const { messages } = c.req.valid("json");
        const sent = messageTexts(await c.req.text());
        const texts = sent?.length === messages.length ? sent : undefined;
        const batchId = xactions.next(receivedMs);
        const commit = new Commit(inlet, receivedMs);
        const given = flowIdGiven(c, c.req.valid("query"));
        const byFlow = new Map<string, Route>();
        const budget = newOutputBudget();
        const responses = messages.map((raw, index) => {
          try {
            const message = classify(raw, inlet.dataType);
            const flowId = routes.flowId(inlet, message, given);
            let route = byFlow.get(String(flowId));
            if (route === undefined) {
              route = routes.route(inlet, flowId);
              byFlow.set(String(flowId), route);
            }
            checkXdmEnvelope(message, inlet, route);
            const xactionId = `${batchId}:${index}`;
            const rawJson = texts?.[index] ?? JSON.stringify(raw);
            commit.add(route, processMessage(route, message, budget), raw, xactionId, Buffer.byteLength(rawJson), rawJson);
            return { xactionId };
          } catch (error) {
            if (!(error instanceof MessageRefused)) throw error;
            return { statusCode: error.status, message: inletMessage(inlet.inletId, inlet.tenant.imsOrgId, error.reason) };
          }
        });
        commitNow(commit, c.get("caller"));
        return c.json({ inletId: inlet.inletId, batchId, receivedTimeMs: receivedMs, responses }, 207);
      },
    );
  }
  return { routes: app, tenantOfPath: (path) => inletTenantOfPath(routes, path) };
}

/** `/collection/{inletId}` and `/collection/batch/{inletId}`, also under /data/foundation/import (a trailing slash is the same path). */
const INLET_PATH = /^(?:\/data\/foundation\/import)?\/collection\/(?:batch\/)?([^/]+)\/?$/;

function inletTenantOfPath(routes: RouteCache, path: string): Tenant | undefined {
  const inletId = INLET_PATH.exec(path)?.[1];
  return inletId === undefined ? undefined : routes.inlet(inletId)?.tenant;
}

/**
 * Which parameter asked for sync validation: Adobe's spec and streaming-validation guide name it
 * syncValidation, its record and time-series tutorials synchronousValidation (answered as
 * `synchronousValidation: {status: "pass"}`). Either, the same validation.
 */
type SyncValidation = "syncValidation" | "synchronousValidation" | undefined;

function syncValidationAsked(query: { syncValidation?: string; synchronousValidation?: string }): SyncValidation {
  if (query.syncValidation !== undefined && queryBoolean(query.syncValidation)) return "syncValidation";
  if (query.synchronousValidation !== undefined && queryBoolean(query.synchronousValidation)) return "synchronousValidation";
  return undefined;
}

function syncValidationReport(sync: SyncValidation) {
  if (sync === undefined) return { syncValidation: { skipped: true } };
  return { [sync]: { status: "pass" } };
}

const SyncValidationReport = z.union([z.object({ skipped: z.boolean() }), z.object({ status: z.string() })]);

/** The same documents in Jackson's binary JSON: decoded, then read as JSON (smileAsJson). */
const SMILE = "application/x-jackson-smile";
const InletMessage = z.unknown().openapi({ type: "object" });
const BatchMessage = z.object({ messages: z.array(z.unknown()) }).openapi("BatchMessage");

const SingleAnswer = z
  .object({
    inletId: z.string(),
    xactionId: z.string(),
    receivedTimeMs: z.number().int(),
    syncValidation: SyncValidationReport.optional(),
    synchronousValidation: SyncValidationReport.optional().openapi({ description: "In place of syncValidation when asked under this name" }),
  })
  .openapi("StreamingIngestionResponse");

const BatchAnswer = z
  .object({
    inletId: z.string(),
    batchId: z.string(),
    receivedTimeMs: z.number().int(),
    responses: z.array(z.union([z.object({ xactionId: z.string() }), z.object({ statusCode: z.number().int(), message: z.string() })])),
  })
  .openapi("BatchResponse");

const InletProblem = z
  .object({ type: z.string(), status: z.union([z.number(), z.string()]), title: z.string(), report: z.record(z.string(), z.unknown()) })
  .openapi("InletProblem");

/** Inlet requests carry no platform credentials; records are written in the inlet's name. */
const INLET_CALLER: Caller = { userId: "dcs@AdobeID", clientId: "dcs" };

/** Content-Type and the 1 MB limit come first, before the body is parsed. */
function payloadChecks(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (c.req.method !== "POST") return next();
    const declared = Number(c.req.header("content-length") ?? "0");
    if (declared > MAX_PAYLOAD_BYTES) throw payloadTooLarge();
    const contentType = c.req.header("content-type");
    const smile = isSmileContentType(contentType);
    if (!smile && !isJsonContentType(contentType)) throw contentTypeError();
    // The limit holds for the JSON a body stands for: inflated gzip, decoded Smile (whose back-references
    // to shared strings can make it many times larger than its bytes).
    const text = smile ? await smileAsJson(c) : await payloadText(c);
    if (Buffer.byteLength(text) > MAX_PAYLOAD_BYTES) throw payloadTooLarge();
    if (jsonDepthExceeds(text)) throw tooDeep(c.req.path);
    return next();
  };
}

const PAYLOAD_LIMIT: BodyLimit = { bytes: MAX_PAYLOAD_BYTES, tooLarge: payloadTooLarge };

/**
 * The body as text. Adobe's Kafka Connect sink can gzip what it posts (Content-Encoding: gzip);
 * such a body is inflated, and held to the same 1 MB once inflated. Any other coding is a 415.
 */
function payloadText(c: Context<AppEnv>): Promise<string> {
  return gzipped(c) ? gunzippedBodyText(c, PAYLOAD_LIMIT) : bodyText(c, PAYLOAD_LIMIT);
}

function gzipped(c: Context<AppEnv>): boolean {
  const encoding = c.req.header("content-encoding");
  const coding = encoding?.trim().toLowerCase() ?? "";
  if (coding === "" || coding === "identity") return false;
  if (coding === "gzip" || coding === "x-gzip") return true;
  throw inletError(415, "Unsupported Media Type", `Content-Encoding ${encoding?.trim()} is not supported: send gzip, or no Content-Encoding.`);
}

/**
 * A Smile body is decoded and handed on as the JSON it stands for (in place of the request, whose
 * headers Hono's validators read), so the routes and the records see JSON whichever form was sent.
 */
async function smileAsJson(c: Context<AppEnv>): Promise<string> {
  const bytes = await bodyBytes(c, PAYLOAD_LIMIT, gzipped(c));
  let json: string;
  try {
    json = JSON.stringify(decodeSmile(bytes, MAX_JSON_DEPTH));
  } catch (error) {
    if (error instanceof SmileError) throw inletError(400, "Bad Request", `The request body is not valid Smile: ${error.message}.`);
    throw error;
  }
  const headers = new Headers(c.req.raw.headers);
  headers.set("content-type", "application/json");
  headers.delete("content-encoding");
  headers.delete("content-length");
  c.req.raw = new Request(c.req.raw.url, { method: "POST", headers, body: json });
  (c.req.bodyCache as { text?: Promise<string> }).text = Promise.resolve(json);
  return json;
}

function payloadTooLarge() {
  return inletError(413, "Payload Too Large", "The payload is larger than 1 MB.");
}

/**
 * The inlet and its token come before the payload: an unknown inlet is a 404, and an authenticated
 * inlet answers 401 or 403 without reading the body, whatever the body holds. The handlers look the
 * inlet up again once the body has arrived, as a reset or a delete may have come in the meantime.
 */
function inletAccess(routes: RouteCache): MiddlewareHandler<AppEnv> {
  return (c, next) => {
    if (c.req.method === "POST") authorisedInlet(c, routes);
    return next();
  };
}

function authorisedInlet(c: Context<AppEnv>, routes: RouteCache): Inlet {
  const inletId = c.req.param("inletId") ?? "";
  const inlet = routes.inlet(inletId);
  // On the platform path the gateway has resolved the caller's tenant: another tenant's inlet is unknown to it.
  const caller = c.get("tenant");
  const foreign = caller !== undefined && (caller.imsOrgId !== inlet?.tenant.imsOrgId || caller.sandboxName !== inlet?.tenant.sandboxName);
  if (inlet === undefined || foreign) throw inletError(404, "Not Found", `inletId: [${inletId}] The inlet is not found`);
  c.set("tenant", inlet.tenant);
  if (!inlet.authenticationRequired) return inlet;
  const authorization = c.req.header("authorization")?.trim() ?? "";
  // "Bearer" alone carries no token: the 401 "Ims service token is empty", like no header.
  if (authorization === "" || /^bearer$/i.test(authorization)) throw inletAuthError(inletId, 401);
  if (!/^bearer\s+\S+/i.test(authorization)) throw inletAuthError(inletId, 403);
  return inlet;
}

/**
 * The header, else the query parameter as the route's validator read it (the query is not parsed
 * again). An empty header is no header, as everywhere on the platform.
 */
function flowIdGiven(c: Context<AppEnv>, query: { "x-adobe-flow-id"?: string }): string | undefined {
  const header = customHeader(c, "x-adobe-flow-id");
  return header === undefined || header === "" ? query["x-adobe-flow-id"] : header;
}

function refusal(error: unknown, inlet: Inlet): unknown {
  if (!(error instanceof MessageRefused)) return error;
  return inletMessageRefused(error.status, inletMessage(inlet.inletId, inlet.tenant.imsOrgId, error.reason));
}

/** Mapping failures are reported beside schema violations, in the same shape. */
function syncReport(outcome: { violations: unknown[]; errors: Record<string, unknown>[] }): unknown[] {
  if (outcome.violations.length > 0) return outcome.violations;
  return outcome.errors.slice(0, 5).map((error) => ({
    schemaLocation: "#",
    pointerToViolation: `#/${String(error.destination ?? "").replace(/\./g, "/")}`,
    causingExceptions: [],
    keyword: "mapping",
    message: String(error.message),
  }));
}

/** xactionId `<receivedTimeMs>:<4 digits>:<n>`, as DCS writes them. */
class XactionIds {
  private counter = 0;
  private readonly node = String(1000 + (process.pid % 9000));

  next(receivedMs: number): string {
    this.counter = (this.counter + 1) % 1_000_000;
    return `${receivedMs}:${this.node}:${this.counter}`;
  }
}

/** A fixed one-minute window per key. */
class MinuteLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(
    private readonly limit: number,
    private readonly now: () => number,
  ) {}

  take(key: string): boolean {
    const start = Math.floor(this.now() / 60_000) * 60_000;
    const window = this.windows.get(key);
    if (window === undefined || window.start !== start) {
      this.windows.set(key, { start, count: 1 });
      return true;
    }
    if (window.count >= this.limit) return false;
    window.count += 1;
    return true;
  }

  secondsToNextWindow(): number {
    return Math.max(1, Math.ceil((60_000 - (this.now() % 60_000)) / 1000));
  }
}
