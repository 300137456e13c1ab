import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv, Deps } from "../platform/context.js";
import { placeholderError } from "../platform/errors.js";
import { FixtureSetSchema } from "../fixtures/format.js";
import { FixtureError, listFixtureSets, registerFixtureSet } from "../fixtures/registry.js";

/**
 * POST /_emulator/seed registers a fixture set at run time, through the same code as FIXTURES at
 * start-up; GET lists the registered sets. Reset keeps registered sets: tenants get fresh copies
 * on their next request.
 */
export function seedRoutes(deps: Deps, newRouter: () => OpenAPIHono<AppEnv>): OpenAPIHono<AppEnv> {
  const app = newRouter();
  const tags = ["Emulator control plane"];
  const Scope = z.union([z.literal("global"), z.object({ imsOrgId: z.string(), sandboxName: z.string() })]);
  const Registered = z
    .object({
      name: z.string(),
      scope: Scope,
      revision: z.string(),
      tenantId: z.string().optional(),
      loaded: z.record(z.string(), z.array(z.string())),
    })
    .openapi("FixtureSetRegistered");
  const Registration = Registered.extend({ status: z.enum(["created", "updated", "unchanged"]) }).openapi("FixtureSetRegistration");
  const ControlError = z.object({ type: z.string(), status: z.number(), title: z.string(), detail: z.string() }).openapi("ControlError");

  app.openapi(
    createRoute({
      method: "post",
      path: "/seed",
      tags,
      summary: "Register a fixture set (schemas, field groups, datasets with fixed ids); idempotent",
      description:
        "Without org the set is global: every tenant gets its own copy on its first request. With org (and sandbox, default prod) it is written into that tenant now.",
      request: { body: { content: { "application/json": { schema: FixtureSetSchema } } } },
      responses: {
        201: { description: "Registered (new, or a new revision)", content: { "application/json": { schema: Registration } } },
        200: { description: "Already registered with the same content", content: { "application/json": { schema: Registration } } },
        400: { description: "Not a valid fixture set; nothing was written", content: { "application/json": { schema: ControlError } } },
      },
    }),
    (c) => {
      try {
        const registration = registerFixtureSet(deps, c.req.valid("json"));
        return c.json(registration, registration.status === "unchanged" ? 200 : 201);
      } catch (error) {
        if (error instanceof FixtureError) throw placeholderError(400, "BadRequestError", error.message);
        throw error;
      }
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/seed",
      tags,
      summary: "The registered fixture sets",
      responses: { 200: { description: "Fixture sets", content: { "application/json": { schema: z.object({ fixtureSets: z.array(Registered) }) } } } },
    }),
    (c) => c.json({ fixtureSets: listFixtureSets(deps) }, 200),
  );

  return app;
}
