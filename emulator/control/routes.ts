import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv, Deps } from "../platform/context.js";
import { DEFAULT_SANDBOX } from "../platform/gateway.js";
import { placeholderError } from "../platform/errors.js";

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

  app.openapi(
    createRoute({
      method: "post",
      path: "/reset",
      tags,
      summary: "Empty all state, or one tenant's (org, with sandbox defaulting to prod)",
      request: {
        query: z.object({
          org: z.string().min(1).optional().openapi({ description: "x-gw-ims-org-id of the tenant to empty" }),
          sandbox: z.string().min(1).optional().openapi({ description: "x-sandbox-name (default prod); needs org" }),
        }),
      },
      responses: {
        200: {
          description: "Emptied",
          content: { "application/json": { schema: z.object({ reset: z.union([z.literal("all"), z.object({ imsOrgId: z.string(), sandboxName: z.string() })]) }) } },
        },
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
