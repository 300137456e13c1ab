import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { AppEnv } from "../platform/context.js";
import { flowNotFound } from "../platform/errors.js";
import type { FlowContext } from "./context.js";
import { flowErrorResponses } from "./schemas.js";

const TestConnectionResponse = z
  .object({ result: z.boolean() })
  .openapi("TestConnectionResponse", { example: { result: true } });

/**
 * GET /connections/{id}/test, Adobe's connectivity check of a base connection: `{result: true}`
 * when the source answers with the connection's credentials. The emulator reaches no source (it
 * reads none either), so every base connection of the tenant passes; another tenant's or an
 * unknown id is a 404, as a GET of it is.
 */
export function registerConnectionTestRoute(app: OpenAPIHono<AppEnv>, contextOf: (c: Context<AppEnv>) => FlowContext): void {
  app.openapi(
    createRoute({
      method: "get",
      path: "/connections/{id}/test",
      tags: ["Flow Service"],
      summary: "Test a base connection's connectivity",
      request: { params: z.object({ id: z.string().openapi({ param: { name: "id", in: "path" } }) }) },
      responses: {
        200: { description: "Whether the connection is valid", content: { "application/json": { schema: TestConnectionResponse } } },
        ...flowErrorResponses,
      },
    }),
    (c) => {
      const ctx = contextOf(c);
      const { id } = c.req.valid("param");
      if (ctx.entities.get(ctx.tenant, "connections", id) === undefined) throw flowNotFound("connections", id);
      return c.json({ result: true }, 200);
    },
  );
}
