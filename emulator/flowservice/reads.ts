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
      const url = c.req.url;
      const search = url.indexOf("?") === -1 ? "" : url.slice(url.indexOf("?"));
      const key = `list\u0000${ctx.tenant.imsOrgId}\u0000${ctx.tenant.sandboxName}\u0000${collection}\u0000${search}`;
      // Kept encoded: a page of 50 flows is some 85 KB, which was measured and encoded again for every answer.
      return jsonText(c, ctx.entities.cachedAnswer(key, () => Buffer.from(listAnswer(ctx, collection, c.req.queries()))));
    },
  );

  // Documented like every route, but registered without @hono/zod-openapi's validator: any id is
  // a string, so validating it could never fail, and it cost the most read route a tenth of its time.
  app.openAPIRegistry.registerPath(
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
  );
  app.get(`/${collection}/:id`, (c) => {
    const ctx = contextOf(c);
    const id = c.req.param("id");
    const key = `one\u0000${ctx.tenant.imsOrgId}\u0000${ctx.tenant.sandboxName}\u0000${collection}\u0000${id}`;
    // Kept encoded, as the list pages are: Node then neither measures the text for Content-Length
    // nor encodes it again for every answer.
    const answer = ctx.entities.cachedAnswer(key, () => {
      const doc = ctx.entities.getJson(ctx.tenant, collection, id);
      return doc === undefined ? NOT_FOUND : Buffer.from(`{"items":[${doc}]}`);
    });
    if (answer === NOT_FOUND) throw flowNotFound(collection, id);
    return jsonText(c, answer);
  });
}

/** A cached "no such entity" (an answer is never empty). */
const NOT_FOUND = new Uint8Array(0);

/** The text of a list answer: a page of `{items, _links}`, or `{count}`. */
function listAnswer(ctx: FlowContext, collection: Collection, queries: Record<string, string[]>): string {
  const query = parseListQuery(queries);
  if (query.count) return JSON.stringify({ count: ctx.entities.count(ctx.tenant, collection, query.filters) });
  const page = ctx.entities.listJson(ctx.tenant, collection, query);
  const _links = page.next ? { next: { href: `/${collection}?continuationToken=${encodeContinuation(query, page.next)}` } } : {};
  // The stored documents go out as stored: parsing and serialising them again cost a third of a list.
  return `{"items":[${page.items.join(",")}],"_links":${JSON.stringify(_links)}}`;
}

/**
 * A 200 with JSON text (or its UTF-8 bytes) assembled from stored documents: the bytes and
 * Content-Type c.json would answer. Typed `never` because the route's typed answer describes the
 * parsed shape, not text.
 */
function jsonText(c: Context<AppEnv>, text: string | Uint8Array): never {
  return c.body(text as string, 200, { "Content-Type": "application/json" }) as never;
}
