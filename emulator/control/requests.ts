import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { AppEnv, Tenant } from "../platform/context.js";
import { placeholderError } from "../platform/errors.js";
import { ControlError, strictQuery } from "./schemas.js";
import { DEFAULT_SANDBOX } from "../platform/gateway.js";
import type { RequestJournal } from "./journal.js";
import { headerTenant } from "./middleware.js";

/**
 * GET /_emulator/requests: what the emulator received lately (oldest first), filtered by path,
 * status and tenant. A caller that sends x-gw-ims-org-id (and x-sandbox-name, default prod) sees
 * only that tenant's entries, whatever it asks for; DELETE clears all, or only that tenant's.
 */
export function requestJournalRoutes(journal: RequestJournal, newRouter: () => OpenAPIHono<AppEnv>): OpenAPIHono<AppEnv> {
  const app = newRouter();
  const tags = ["Emulator control plane"];
  const TenantSchema = z.object({ imsOrgId: z.string(), sandboxName: z.string() });
  const Entry = z
    .object({
      id: z.number().int(),
      time: z.string(),
      method: z.string(),
      path: z.string(),
      query: z.record(z.string(), z.array(z.string())),
      status: z.number().int(),
      durationMs: z.number(),
      tenant: TenantSchema.optional(),
      operation: z.string().optional().openapi({ description: "The route that answered: METHOD /path/{param}" }),
      requestId: z.string(),
      requestBytes: z.number().int(),
      responseBytes: z.number().int(),
      requestHeaders: z.record(z.string(), z.string()).openapi({ description: "Authorization, x-api-key and cookies are [redacted]" }),
      requestBody: z.string().optional(),
      responseBody: z.string().optional(),
      bodiesTruncated: z.literal(true).optional(),
      fault: z.string().optional().openapi({ description: "The fault rule id (or header) that answered or delayed the request" }),
    })
    .openapi("JournalEntry");
  const Query = strictQuery({
    path: z.string().min(1).optional().openapi({ description: "A substring of the path, or a pattern where * matches any run of characters" }),
    status: z
      .string()
      .regex(/^([1-5][0-9]{2}|[1-5]xx)$/i, "an HTTP status such as 404, or a class such as 5xx")
      .optional()
      .openapi({ description: "404, or a class such as 5xx" }),
    org: z.string().min(1).optional(),
    sandbox: z.string().min(1).optional().openapi({ description: "x-sandbox-name; alone, it matches that sandbox of every org" }),
    limit: z.coerce.number().int().min(1).max(100_000).optional().openapi({ type: "integer", description: "Only the most recent N entries" }),
  });

  app.openapi(
    createRoute({
      method: "get",
      path: "/requests",
      tags,
      summary: "Recent requests to the platform and inlet paths, oldest first (credentials redacted)",
      request: { query: Query },
      responses: {
        200: {
          description: "Journal entries",
          content: {
            "application/json": {
              schema: z.object({
                requests: z.array(Entry),
                size: z.number().int().openapi({ description: "Entries the caller may see (its tenant's, when it names one)" }),
                capacity: z.number().int().openapi({ description: "JOURNAL_SIZE" }),
                keepBodies: z.boolean().openapi({ description: "JOURNAL_BODIES" }),
              }),
            },
          },
        },
        400: { description: "A bad filter, or a query parameter the route does not know", content: { "application/json": { schema: ControlError } } },
      },
    }),
    (c) => {
      const query = c.req.valid("query");
      const caller = headerTenant(c);
      const statusClass = query.status !== undefined && /xx$/i.test(query.status) ? Number(query.status[0]) : undefined;
      const status = query.status !== undefined && statusClass === undefined ? Number(query.status) : undefined;
      const scope = visibleScope(caller, query);
      const entries = scope === undefined ? [] : journal.list({ ...scope, path: query.path, status, statusClass, limit: query.limit });
      const size = caller === undefined ? journal.size : journal.list({ org: caller.imsOrgId, sandbox: caller.sandboxName }).length;
      return c.json({ requests: entries, size, capacity: journal.capacity, keepBodies: journal.keepBodies }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "delete",
      path: "/requests",
      tags,
      summary: "Forget the journal: all of it, or one tenant's (the caller's headers, or ?org=&sandbox=)",
      request: { query: strictQuery({ org: z.string().min(1).optional(), sandbox: z.string().min(1).optional() }) },
      responses: {
        200: { description: "How many entries were removed", content: { "application/json": { schema: z.object({ cleared: z.number().int() }) } } },
        400: { description: "sandbox without org, or a query parameter the route does not know; nothing was cleared", content: { "application/json": { schema: ControlError } } },
      },
    }),
    (c) => c.json({ cleared: journal.clear(tenantToClear(c, c.req.valid("query"))) }, 200),
  );

  return app;
}

function tenantToClear(c: Context<AppEnv>, query: { org?: string; sandbox?: string }): Tenant | undefined {
  const caller = headerTenant(c);
  if (caller !== undefined) return caller;
  if (query.org === undefined) {
    if (query.sandbox !== undefined) throw placeholderError(400, "BadRequestError", "sandbox needs org: clear one tenant with ?org=...&sandbox=...");
    return undefined;
  }
  return { imsOrgId: query.org, sandboxName: query.sandbox ?? DEFAULT_SANDBOX };
}

/** The org and sandbox a listing may show: the caller's tenant, whatever the query asks; none when the query names another. */
function visibleScope(caller: Tenant | undefined, query: { org?: string; sandbox?: string }): { org?: string; sandbox?: string } | undefined {
  if (caller === undefined) return { org: query.org, sandbox: query.sandbox };
  if (query.org !== undefined && query.org !== caller.imsOrgId) return undefined;
  if (query.sandbox !== undefined && query.sandbox !== caller.sandboxName) return undefined;
  return { org: caller.imsOrgId, sandbox: caller.sandboxName };
}
