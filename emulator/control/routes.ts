import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv, Deps } from "../platform/context.js";
import { DEFAULT_SANDBOX } from "../platform/gateway.js";
import { placeholderError } from "../platform/errors.js";
import { MIGRATIONS } from "../store/migrations.js";
import { ControlError, strictQuery } from "./schemas.js";

/** The emulator's own control plane, under /_emulator. No platform headers are needed here. */
export function controlRoutes(deps: Deps, newRouter: () => OpenAPIHono<AppEnv>): OpenAPIHono<AppEnv> {
  const app = newRouter();
  const tags = ["Emulator control plane"];

  app.openapi(
    createRoute({
      method: "get",
      path: "/health",
      tags,
      summary: "Liveness: answers while the process serves requests",
      responses: { 200: { description: "Alive", content: { "application/json": { schema: z.object({ status: z.literal("ok") }) } } } },
    }),
    (c) => c.json({ status: "ok" as const }, 200),
  );

  const Readiness = z
    .object({
      status: z.enum(["ready", "unavailable"]),
      checks: z.object({ database: z.boolean(), migrations: z.boolean(), fixtures: z.boolean() }),
    })
    .openapi("Readiness");
  app.openapi(
    createRoute({
      method: "get",
      path: "/ready",
      tags,
      summary: "Readiness: the database is open, its migrations have run and the start-up fixtures are loaded",
      responses: {
        200: { description: "Ready", content: { "application/json": { schema: Readiness } } },
        503: { description: "Not ready yet (or no longer)", content: { "application/json": { schema: Readiness } } },
      },
    }),
    (c) => {
      const database = deps.store.db.open;
      const migrations = database && deps.store.db.pragma("user_version", { simple: true }) === MIGRATIONS.length;
      const fixtures = deps.ready?.() ?? true;
      const ready = database && migrations && fixtures;
      if (!ready) c.header("Retry-After", "1");
      return c.json({ status: ready ? ("ready" as const) : ("unavailable" as const), checks: { database, migrations, fixtures } }, ready ? 200 : 503);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/reset",
      tags,
      summary: "Empty all state, or one tenant's (org, with sandbox defaulting to prod)",
      request: {
        query: strictQuery({
          org: z.string().min(1).optional().openapi({ description: "x-gw-ims-org-id of the tenant to empty" }),
          sandbox: z.string().min(1).optional().openapi({ description: "x-sandbox-name (default prod); needs org" }),
        }),
      },
      responses: {
        200: {
          description: "Emptied",
          content: { "application/json": { schema: z.object({ reset: z.union([z.literal("all"), z.object({ imsOrgId: z.string(), sandboxName: z.string() })]) }) } },
        },
        400: { description: "A query parameter the route does not know, or sandbox without org; nothing was emptied", content: { "application/json": { schema: ControlError } } },
      },
    }),
    (c) => {
      const { org, sandbox } = c.req.valid("query");
      if (org === undefined) {
        if (sandbox !== undefined) throw placeholderError(400, "BadRequestError", "sandbox needs org: reset one tenant with ?org=...&sandbox=...");
        deps.store.reset();
        return c.json({ reset: "all" as const }, 200);
      }
      const tenant = { imsOrgId: org, sandboxName: sandbox ?? DEFAULT_SANDBOX };
      deps.store.reset(tenant);
      return c.json({ reset: tenant }, 200);
    },
  );

  return app;
}
