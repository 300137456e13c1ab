import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { AppEnv, Deps } from "../platform/context.js";
import { CATALOG, catalogError } from "../platform/errors.js";
import { QueryBoolean } from "../platform/query.js";
import { XdmRepository } from "../schemaregistry/repository.js";
import { type Document, EntityRepository } from "../store/entities.js";
import { buildDataSetDocument, type CatalogContext, CreateDataSetBody } from "./datasets.js";
import { dataSetFilter, filterQuery } from "./filters.js";
import { DataSetRepository } from "./repository.js";

/** Catalog datasets, mounted at /data/foundation/catalog. */
export function catalogRoutes(deps: Deps, newRouter: () => OpenAPIHono<AppEnv>): OpenAPIHono<AppEnv> {
  const app = newRouter();
  const entities = new EntityRepository(deps.store.db);
  const dataSets = new DataSetRepository(entities);
  const schemas = new XdmRepository(entities);
  const contextOf = (c: Context<AppEnv>): CatalogContext => ({
    deps,
    tenant: c.get("tenant"),
    caller: c.get("caller"),
    now: deps.now(),
    dataSets,
    schemas,
  });
  const tags = ["Catalog"];
  const errors = {
    400: { description: "Invalid request", content: { "application/json": { schema: CatalogError } } },
    404: { description: "Not found", content: { "application/json": { schema: CatalogError } } },
  };
  const idParam = z.object({ id: z.string().openapi({ param: { name: "id", in: "path" }, example: "63ec807d3f5ce91bd2d06c65" }) });
  const properties = z.string().optional().openapi({ description: "Comma-separated top-level properties to return" });

  app.openapi(
    createRoute({
      method: "post",
      path: "/dataSets",
      tags,
      summary: "Create a dataset",
      request: {
        query: z.object({ requestDataSource: QueryBoolean.optional() }),
        body: { content: { "application/json": { schema: CreateDataSetBody } }, required: true },
      },
      responses: { 201: { description: "Created", content: { "application/json": { schema: ObjectReferences } } }, ...errors },
    }),
    async (c) => {
      const ctx = contextOf(c);
      const body = c.req.valid("json");
      const id = ctx.deps.ids.resourceHex(24);
      await ctx.deps.store.grouped(() => ctx.dataSets.put(ctx.tenant, buildDataSetDocument(ctx, body, id)));
      c.header("Location", new URL(`/data/foundation/catalog/dataSets/${id}`, c.req.url).href);
      return c.json([`@/dataSets/${id}`], 201);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/dataSets",
      tags,
      summary: "List datasets, keyed by id",
      request: {
        query: z.object({
          limit: z.string().optional().openapi({ description: `At most ${MAX_LIMIT} (default ${DEFAULT_LIMIT})` }),
          start: z.string().optional().openapi({ description: "Offset of the first dataset (default 0)" }),
          orderBy: z.string().optional().openapi({ description: "asc:created, desc:name, or keys each with its own direction: name,desc:updated" }),
          properties,
          ...filterQuery,
        }),
      },
      responses: { 200: { description: "Datasets by id", content: { "application/json": { schema: DataSetMap } } }, ...errors },
    }),
    (c) => {
      const ctx = contextOf(c);
      const query = c.req.valid("query");
      const limit = parseLimit(query.limit);
      const start = parseStart(query.start);
      const ordering = parseOrderBy(query.orderBy);
      const selected = ctx.dataSets.all(ctx.tenant).filter(dataSetFilter(query));
      const page = sortDataSets(selected, ordering).slice(start, start + limit);
      return c.json(keyedById(page, parseProperties(query.properties)), 200);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/dataSets/{id}",
      tags,
      summary: "Look up a dataset",
      request: { params: idParam, query: z.object({ properties }) },
      responses: { 200: { description: "The dataset, keyed by its id", content: { "application/json": { schema: DataSetMap } } }, ...errors },
    }),
    (c) => {
      const ctx = contextOf(c);
      const { id } = c.req.valid("param");
      const doc = ctx.dataSets.get(ctx.tenant, id);
      if (doc === undefined) throw dataSetNotFound(id);
      return c.json(keyedById([doc], parseProperties(c.req.valid("query").properties)), 200);
    },
  );

  app.openapi(
    createRoute({
      method: "delete",
      path: "/dataSets/{id}",
      tags,
      summary: "Delete a dataset",
      request: { params: idParam },
      responses: { 200: { description: "Deleted", content: { "application/json": { schema: ObjectReferences } } }, ...errors },
    }),
    (c) => {
      const ctx = contextOf(c);
      const { id } = c.req.valid("param");
      const deleted = ctx.deps.store.transaction(() => ctx.dataSets.delete(ctx.tenant, id));
      if (!deleted) throw dataSetNotFound(id);
      return c.json([`@/dataSets/${id}`], 200);
    },
  );

  return app;
}

const CatalogError = z
  .object({
    type: z.string(),
    status: z.number().int(),
    title: z.string(),
    detail: z.string(),
    report: z.object({ "detailed-message": z.string(), "request-id": z.string() }),
  })
  .openapi("CatalogError");

const DataSet = z
  .looseObject({
    name: z.string().optional(),
    imsOrg: z.string().optional(),
    version: z.string().optional(),
    created: z.number().optional(),
    updated: z.number().optional(),
    schemaRef: z.looseObject({ id: z.string(), contentType: z.string() }).optional(),
    files: z.string().optional(),
  })
  .openapi("DataSet");

const DataSetMap = z.record(z.string(), DataSet).openapi("DataSetMap");
const ObjectReferences = z.array(z.string()).openapi("CatalogObjectReferences", { example: ["@/dataSets/63ec807d3f5ce91bd2d06c65"] });

export const DEFAULT_LIMIT = 20;
export const MAX_LIMIT = 100;

function dataSetNotFound(id: string) {
  return catalogError(CATALOG.notFound, `The dataset ${id} was not found.`);
}

/** A limit above the maximum is lowered to it, as Catalog documents. */
function parseLimit(text: string | undefined): number {
  if (text === undefined) return DEFAULT_LIMIT;
  if (!/^[0-9]{1,9}$/.test(text) || Number(text) < 1) throw catalogError(CATALOG.badRequest, `limit must be a positive integer; got ${text}.`);
  return Math.min(Number(text), MAX_LIMIT);
}

function parseStart(text: string | undefined): number {
  if (text === undefined) return 0;
  if (!/^[0-9]{1,9}$/.test(text)) throw catalogError(CATALOG.badRequest, `start must be a non-negative integer; got ${text}.`);
  return Number(text);
}

interface SortKey {
  field: string;
  descending: boolean;
}

/**
 * `asc:created`, `desc:name`, `name,desc:updated`: each comma-separated key carries its own
 * direction, ascending when it names none (filter-data.md, "Sort by property").
 */
function parseOrderBy(text: string | undefined): SortKey[] | undefined {
  if (text === undefined || text.trim() === "") return undefined;
  return text.split(",").map((key) => {
    const match = /^(?:(asc|desc):)?([A-Za-z0-9_]+)$/.exec(key.trim());
    if (match === null) throw catalogError(CATALOG.badRequest, `orderBy must look like asc:created, desc:name or name,desc:updated; got ${text}.`);
    return { field: match[2], descending: match[1] === "desc" };
  });
}

function sortDataSets(docs: Document[], ordering: SortKey[] | undefined): Document[] {
  if (ordering === undefined) return docs;
  const compare = (a: Document, b: Document) => {
    for (const { field, descending } of ordering) {
      const [x, y] = [a[field], b[field]];
      if (x === y) continue;
      if (x === undefined) return 1;
      if (y === undefined) return -1;
      const order = typeof x === "number" && typeof y === "number" ? x - y : String(x) < String(y) ? -1 : 1;
      return descending ? -order : order;
    }
    return 0;
  };
  return [...docs].sort(compare);
}

function parseProperties(text: string | undefined): string[] | undefined {
  if (text === undefined || text.trim() === "") return undefined;
  return text.split(",").map((name) => name.trim()).filter(Boolean);
}

/** `{ "<id>": {...} }`, with only the requested properties a dataset has. */
function keyedById(docs: Document[], properties: string[] | undefined): Record<string, Document> {
  return Object.fromEntries(
    docs.map(({ id, ...fields }) => {
      const shown = properties === undefined ? fields : Object.fromEntries(properties.filter((name) => Object.hasOwn(fields, name)).map((name) => [name, fields[name]]));
      return [String(id), shown];
    }),
  );
}
