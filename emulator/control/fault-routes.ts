import { randomUUID } from "node:crypto";
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../platform/context.js";
import { placeholderError } from "../platform/errors.js";
import type { FaultRule, FaultRules } from "./faults.js";
import { CONTROL_TAGS, ControlError, strictQuery } from "./schemas.js";

/**
 * POST /_emulator/faults adds a rule; GET lists the rules still active; DELETE clears them all or
 * one. Rules apply to platform (/data/...) and inlet (/collection/...) paths, never to /_emulator.
 */
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"] as const;
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/** What Node writes in a header value: tabs, visible ASCII and Latin-1 (no line break or NUL). */
const HEADER_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;
/** Headers that frame the answer or the connection: a rule's own would cut the answer short or make it unreadable. */
const FRAMING_HEADERS = new Set(["content-length", "transfer-encoding", "connection", "keep-alive", "upgrade", "te", "trailer"]);

export const FaultRuleBody = z
  .strictObject({
    method: z
      .string()
      .transform((method) => method.toUpperCase())
      .pipe(z.enum(METHODS, { error: `must be one of ${METHODS.join(", ")}` }))
      .optional()
      .openapi({ description: "Only this method (any case); every method when absent", example: "GET" }),
    path: z
      .string()
      .regex(/^[/*]/, "must start with / (or *)")
      .openapi({ description: "The request path; * matches any run of characters. Without *, any path containing it.", example: "/data/foundation/flowservice/flows*" }),
    org: z.string().min(1).optional().openapi({ description: "Only requests of this org: their x-gw-ims-org-id, or on an inlet path without it, the org that owns the inlet" }),
    sandbox: z.string().min(1).optional().openapi({ description: "Only requests to this sandbox: x-sandbox-name (default prod) beside x-gw-ims-org-id, or the sandbox of the inlet" }),
    status: z.number().int().min(400).max(599).optional().openapi({ description: "Answer this status instead of the real answer", example: 503 }),
    body: z.unknown().optional().openapi({ description: "The body to answer (JSON); without it, the Adobe error body that fits the path and status" }),
    headers: z
      .record(
        z.string().regex(HEADER_NAME, "must be an HTTP header name"),
        z.string().max(8192, "must be at most 8192 characters").regex(HEADER_VALUE, "must be an HTTP header value: no line breaks or NUL, characters up to U+00FF"),
      )
      .optional()
      .openapi({ description: "Headers to answer; 429 and 503 add Retry-After: 1 unless these name it" }),
    latencyMs: z.number().int().min(0).max(60_000).optional().openapi({ description: "Delay before answering (the fault, or the real answer when there is no status)" }),
    jitterMs: z.number().int().min(0).max(60_000).optional().openapi({ description: "A random extra delay from 0 to this" }),
    count: z.number().int().min(1).optional().openapi({ description: "Fire for the next N matching requests only, then go away" }),
    probability: z.number().min(0).max(1).optional().openapi({ description: "Fire for this share of matching requests (0 never, 1 always)" }),
  })
  .superRefine((rule, ctx) => {
    if (rule.status === undefined && rule.latencyMs === undefined && rule.jitterMs === undefined) {
      ctx.addIssue({ code: "custom", path: ["status"], message: "a fault needs a status, a latencyMs or both" });
    }
    if (rule.status === undefined && (rule.body !== undefined || rule.headers !== undefined)) {
      ctx.addIssue({ code: "custom", path: ["status"], message: "body and headers need a status" });
    }
    for (const name of Object.keys(rule.headers ?? {})) {
      if (FRAMING_HEADERS.has(name.toLowerCase())) {
        ctx.addIssue({ code: "custom", path: ["headers", name], message: "is set by the server: it frames the answer or the connection" });
      }
    }
  })
  .openapi("FaultRuleRequest");

const FaultRuleSchema = z
  .object({
    id: z.string(),
    method: z.string().optional(),
    path: z.string(),
    org: z.string().optional(),
    sandbox: z.string().optional(),
    status: z.number().int().optional(),
    body: z.unknown().optional(),
    headers: z.record(z.string(), z.string()).optional(),
    latencyMs: z.number().int().optional(),
    jitterMs: z.number().int().optional(),
    count: z.number().int().optional(),
    probability: z.number().optional(),
    fired: z.number().int().openapi({ description: "How many requests the rule has fired for" }),
  })
  .openapi("FaultRule");

export function faultRoutes(faults: FaultRules, newRouter: () => OpenAPIHono<AppEnv>): OpenAPIHono<AppEnv> {
  const app = newRouter();
  const tags = CONTROL_TAGS;

  app.openapi(
    createRoute({
      method: "post",
      path: "/faults",
      tags,
      summary: "Add a fault rule: matching requests fail, slow down, or both",
      description:
        "A request header x-emulator-fault: <status> makes one request fail the same way without a rule. Rules are tried in the order they were added; the first that fires answers.",
      // The rule's scope is in its body: a ?org= would be ignored, and the rule fire for every org.
      request: { query: strictQuery({}), body: { content: { "application/json": { schema: FaultRuleBody } }, required: true } },
      responses: {
        201: { description: "The rule, with its id", content: { "application/json": { schema: FaultRuleSchema } } },
        400: { description: "Not a valid rule, or a query parameter (the route takes none)", content: { "application/json": { schema: ControlError } } },
      },
    }),
    (c) => {
      const body = c.req.valid("json");
      const rule: FaultRule = { id: randomUUID(), ...withoutUndefined(body), fired: 0 } as FaultRule;
      faults.add(rule);
      return c.json(rule as z.infer<typeof FaultRuleSchema>, 201);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/faults",
      tags,
      summary: "The fault rules still active",
      responses: { 200: { description: "Rules", content: { "application/json": { schema: z.object({ faults: z.array(FaultRuleSchema) }) } } } },
    }),
    (c) => c.json({ faults: faults.list() as z.infer<typeof FaultRuleSchema>[] }, 200),
  );

  app.openapi(
    createRoute({
      method: "delete",
      path: "/faults",
      tags,
      summary: "Remove every fault rule",
      // A ?id= would be ignored and every rule removed: DELETE /faults/{id} removes one.
      request: { query: strictQuery({}) },
      responses: {
        200: { description: "How many rules were removed", content: { "application/json": { schema: z.object({ cleared: z.number().int() }) } } },
        400: { description: "A query parameter (the route takes none); nothing was removed", content: { "application/json": { schema: ControlError } } },
      },
    }),
    (c) => c.json({ cleared: faults.clear() }, 200),
  );

  app.openapi(
    createRoute({
      method: "delete",
      path: "/faults/{id}",
      tags,
      summary: "Remove one fault rule",
      request: { params: z.object({ id: z.string().openapi({ param: { name: "id", in: "path" } }) }) },
      responses: {
        204: { description: "Removed" },
        404: { description: "No such rule (it may have run out)", content: { "application/json": { schema: ControlError } } },
      },
    }),
    (c) => {
      const { id } = c.req.valid("param");
      if (!faults.remove(id)) throw placeholderError(404, "NotFoundError", `No fault rule ${id}: it was removed, or it ran out after its count.`);
      return c.body(null, 204);
    },
  );

  return app;
}

function withoutUndefined<T extends Record<string, unknown>>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, each]) => each !== undefined)) as Partial<T>;
}
