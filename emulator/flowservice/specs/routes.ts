import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../../platform/context.js";
import { flowNotFound } from "../../platform/errors.js";
import { parseFilterQuery } from "../../platform/query.js";
import { FlowServiceError, ItemList, PropertyQueryParams } from "../schemas.js";
import type { SpecCatalogue } from "./repository.js";

/** The read-only catalogue: GET /connectionSpecs[/{id}] and /flowSpecs[/{id}], with property= filters. */
export function registerSpecRoutes(app: OpenAPIHono<AppEnv>, specs: SpecCatalogue): void {
  const catalogues = [
    { collection: "connectionSpecs", noun: "connection spec", one: specs.connectionSpec, list: specs.listConnectionSpecs },
    { collection: "flowSpecs", noun: "flow spec", one: specs.flowSpec, list: specs.listFlowSpecs },
  ];
  for (const { collection, noun, one, list } of catalogues) {
    app.openapi(
      createRoute({
        method: "get",
        path: `/${collection}`,
        tags: ["Flow Service"],
        summary: `List ${noun}s`,
        request: { query: PropertyQueryParams },
        responses: {
          200: { description: `The ${noun}s`, content: { "application/json": { schema: ItemList } } },
          400: { description: "Bad filter", content: { "application/json": { schema: FlowServiceError } } },
        },
      }),
      (c) => c.json({ items: list(parseFilterQuery(c.req.queries())) }, 200),
    );
    app.openapi(
      createRoute({
        method: "get",
        path: `/${collection}/{id}`,
        tags: ["Flow Service"],
        summary: `Get a ${noun}`,
        request: { params: z.object({ id: z.string().openapi({ param: { name: "id", in: "path" } }) }) },
        responses: {
          200: { description: `The ${noun}, inside items`, content: { "application/json": { schema: ItemList } } },
          404: { description: "Not found", content: { "application/json": { schema: FlowServiceError } } },
        },
      }),
      (c) => {
        const { id } = c.req.valid("param");
        const spec = one(id);
        if (spec === undefined) throw flowNotFound(collection, id);
        return c.json({ items: [spec] }, 200);
      },
    );
  }
}
