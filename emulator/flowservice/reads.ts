import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { AppEnv } from "../platform/context.js";
import { flowNotFound } from "../platform/errors.js";
import { encodeContinuation, parseListQuery } from "../platform/query.js";
import type { Collection, FlowContext } from "./context.js";
import { CountResponse, flowErrorResponses, ItemList, ListQueryParams } from "./schemas.js";

/**
 * GET /{collection} and GET /{collection}/{id}, the same for every Flow Service collection: a
 * page of `{items, _links}` (or `{count}`), and one entity inside `items`.
 */
export function registerReadRoutes(
  app: OpenAPIHono<AppEnv>,
  collection: Collection,
  summaries: { list: string; get: string },
  contextOf: (c: Context<AppEnv>) => FlowContext,
): void {
  app.openapi(
    createRoute({
      method: "get",
      path: `/${collection}`,
      tags: ["Flow Service"],
      summary: summaries.list,
      request: { query: ListQueryParams },
      responses: {
        200: { description: "A page of items, or {count}", content: { "application/json": { schema: z.union([ItemList, CountResponse]) } } },
        ...flowErrorResponses,
      },
    }),
    (c) => {
      const ctx = contextOf(c);
      const query = parseListQuery(c.req.queries());
      if (query.count) return c.json({ count: ctx.entities.count(ctx.tenant, collection, query.filters) }, 200);
      const page = ctx.entities.listJson(ctx.tenant, collection, query);
      const _links = page.next ? { next: { href: `/${collection}?continuationToken=${encodeContinuation(query, page.next)}` } } : {};
      // The stored documents go out as stored: parsing and serialising them again cost a third of a list.
      return jsonText(c, `{"items":[${page.items.join(",")}],"_links":${JSON.stringify(_links)}}`);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: `/${collection}/{id}`,
      tags: ["Flow Service"],
      summary: summaries.get,
      request: { params: z.object({ id: z.string().openapi({ param: { name: "id", in: "path" } }) }) },
      responses: {
        200: { description: "The entity, inside items", content: { "application/json": { schema: ItemList } } },
        ...flowErrorResponses,
      },
    }),
    (c) => {
      const ctx = contextOf(c);
      const { id } = c.req.valid("param");
      const doc = ctx.entities.getJson(ctx.tenant, collection, id);
      if (doc === undefined) throw flowNotFound(collection, id);
      return jsonText(c, `{"items":[${doc}]}`);
    },
  );
}

/**
 * A 200 with JSON text assembled from stored documents: the bytes and Content-Type c.json would
 * answer. Typed `never` because the route's typed answer describes the parsed shape, not text.
 */
function jsonText(c: Context<AppEnv>, text: string): never {
  return c.body(text, 200, { "Content-Type": "application/json" }) as never;
}
