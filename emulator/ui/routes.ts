import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { AppEnv, Deps, Tenant } from "../platform/context.js";
import { DEFAULT_SANDBOX } from "../platform/gateway.js";
import { builtinFixtureSets, fixtureEvents, staticFile, staticFolder } from "./files.js";

/**
 * The Inspector (mounted at /_emulator): a web page over the control plane and the platform APIs,
 * plain HTML, CSS and JavaScript modules from emulator/ui/static/, plus what the page needs and
 * the platform has no API for:
 *
 * - GET /_emulator/ui                 the page
 * - GET /_emulator/ui/assets/{path}   its static files
 * - GET /_emulator/ui/fixtures/events the fixture events (fixtures/<set>/events/*.json)
 * - GET /_emulator/ui/fixtures/sets   the built-in fixture sets, as POST /_emulator/seed takes them
 * - GET /_emulator/tenants            the (org, sandbox) pairs that hold state
 */

/** Only the page's own files and same-origin requests; inline styles and scripts are refused. */
const SECURITY_HEADERS = {
  "Content-Security-Policy":
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'",
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "no-referrer",
};

const TenantSchema = z.object({ imsOrgId: z.string(), sandboxName: z.string() }).openapi("Tenant");

export function uiRoutes(deps: Deps, newRouter: () => OpenAPIHono<AppEnv>): OpenAPIHono<AppEnv> {
  const app = newRouter();

  app.openapi(
    createRoute({
      method: "get",
      path: "/tenants",
      tags: ["Emulator control plane"],
      summary: "The tenants (org and sandbox pairs) that hold state: entities, records, fixture copies or fixture sets of their own",
      responses: {
        200: { description: "Tenants, by org then sandbox", content: { "application/json": { schema: z.object({ tenants: z.array(TenantSchema) }) } } },
      },
    }),
    (c) => c.json({ tenants: tenantsOf(deps) }, 200),
  );

  const page = (c: Context<AppEnv>) => {
    const file = staticFile("index.html");
    if (file === undefined) {
      return c.text(
        `The Inspector's files are missing: expected emulator/ui/static/index.html under the package root (${staticFolder() ?? "not found"}).`,
        503,
        SECURITY_HEADERS,
      );
    }
    return c.body(file.bytes, 200, { "Content-Type": file.contentType, "Cache-Control": "no-cache", ...SECURITY_HEADERS });
  };
  app.get("/ui", page);
  app.get("/ui/index.html", page);

  app.get("/ui/assets/*", (c, next) => {
    const marker = "/ui/assets/";
    const path = c.req.path;
    let relative: string;
    try {
      relative = decodeURIComponent(path.slice(path.indexOf(marker) + marker.length));
    } catch {
      return next();
    }
    const file = staticFile(relative);
    if (file === undefined) return next();
    return c.body(file.bytes, 200, { "Content-Type": file.contentType, "Cache-Control": "no-cache", ...SECURITY_HEADERS });
  });

  app.get("/ui/fixtures/events", (c) => c.json({ events: fixtureEvents() }, 200));
  app.get("/ui/fixtures/sets", (c) => c.json({ fixtureSets: builtinFixtureSets() }, 200));

  return app;
}

/** Distinct (org, sandbox) pairs of every table that holds tenant data, and of tenant-scoped fixture sets. */
function tenantsOf(deps: Deps): Tenant[] {
  const rows = deps.store.db
    .prepare(
      `SELECT org, sandbox FROM entities
       UNION SELECT org, sandbox FROM records
       UNION SELECT org, sandbox FROM fixture_copies
       UNION SELECT org, COALESCE(sandbox, ?) FROM fixture_sets WHERE org IS NOT NULL
       ORDER BY 1, 2`,
    )
    .all(DEFAULT_SANDBOX) as Array<{ org: string; sandbox: string }>;
  return rows.map((row) => ({ imsOrgId: row.org, sandboxName: row.sandbox }));
}
