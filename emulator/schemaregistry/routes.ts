import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { DataSetRepository } from "../catalog/repository.js";
import type { AppEnv, Deps } from "../platform/context.js";
import { XDM, type XdmCode, xdmError } from "../platform/errors.js";
import { optionalHeader } from "../platform/headers.js";
import { type Document, EntityRepository } from "../store/entities.js";
import { listingVariant, lookupVariant, render, summaryOf } from "./accept.js";
import { listGlobal } from "./classes.js";
import { newResourceId, requireResolvable, requireUniqueTitle, type XdmContext } from "./context.js";
import { buildFieldGroupDocument, CreateFieldGroupBody } from "./field-groups.js";
import { requireHeldGlobal } from "./global-namespace.js";
import { listResources } from "./listing.js";
import { type Container, type ResourceKind, type TenantKind, XdmRepository } from "./repository.js";
import { buildSchemaDocument, CreateSchemaBody } from "./schemas.js";
import { tenantIdOf } from "./tenant.js";

/** The Schema Registry, mounted at /data/foundation/schemaregistry. */
export function schemaRegistryRoutes(deps: Deps, newRouter: () => OpenAPIHono<AppEnv>): OpenAPIHono<AppEnv> {
  const app = newRouter();
  const entities = new EntityRepository(deps.store.db);
  const repository = new XdmRepository(entities);
  const dataSets = new DataSetRepository(entities);
  const contextOf = (c: Context<AppEnv>): XdmContext => ({
    deps,
    tenant: c.get("tenant"),
    caller: c.get("caller"),
    now: deps.now(),
    tenantId: tenantIdOf(deps, c.get("tenant").imsOrgId),
    repository,
  });

  registerStats(app, contextOf);
  for (const collection of COLLECTIONS) registerReads(app, collection, contextOf);
  registerSchemaWrites(app, contextOf, dataSets);
  registerFieldGroupWrites(app, contextOf);
  return app;
}

interface Collection {
  path: string;
  kind: ResourceKind;
  noun: string;
  notFound: XdmCode;
}

/** `mixins` is the deprecated name of `fieldgroups`, still served by Adobe (schema-registry.yaml): the same resources. */
const FIELD_GROUP_PATHS = ["fieldgroups", "mixins"] as const;

const COLLECTIONS: ReadonlyArray<Collection> = [
  { path: "schemas", kind: "schemas", noun: "schema", notFound: XDM.schemaNotFound },
  { path: "fieldgroups", kind: "mixins", noun: "field group", notFound: XDM.fieldGroupNotFound },
  { path: "mixins", kind: "mixins", noun: "field group", notFound: XDM.fieldGroupNotFound },
  { path: "classes", kind: "classes", noun: "class", notFound: XDM.classNotFound },
  { path: "behaviors", kind: "behaviors", noun: "behavior", notFound: XDM.behaviorNotFound },
];

const tags = ["Schema Registry"];

const XdmError = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    report: z.object({
      registryRequestId: z.string(),
      timestamp: z.string(),
      "detailed-message": z.string(),
      "sub-errors": z.array(z.unknown()),
    }),
    detail: z.string(),
  })
  .openapi("XdmError");

const XdmResource = z
  .looseObject({ $id: z.string(), "meta:altId": z.string(), version: z.string(), title: z.string() })
  .openapi("XdmResource");

const XdmListing = z
  .object({
    results: z.array(XdmResource),
    _page: z.object({ orderby: z.string(), next: z.string().nullable(), count: z.number().int() }),
    _links: z.looseObject({ next: z.string().nullable() }),
  })
  .openapi("XdmListing");

const Stats = z
  .looseObject({ imsOrg: z.string(), tenantId: z.string(), counts: z.record(z.string(), z.number().int()) })
  .openapi("SchemaRegistryStats");

const errorResponses = {
  400: { description: "Invalid request or Accept header", content: { "application/json": { schema: XdmError } } },
  404: { description: "Not found", content: { "application/json": { schema: XdmError } } },
};

/** For the routes that look up references: one to Adobe's global library that the emulator does not hold. */
const globalNotEmulatedResponse = {
  501: { description: "Names a resource of Adobe's global container that the emulator does not hold", content: { "application/json": { schema: XdmError } } },
};

const containerParam = z.string().openapi({ param: { name: "container", in: "path" }, description: "tenant or global", example: "tenant" });
const idParam = z.string().openapi({ param: { name: "id", in: "path" }, description: "The meta:altId or URL-encoded $id" });
const acceptHeader = (description: string) => optionalHeader("accept", description);

type ContextOf = (c: Context<AppEnv>) => XdmContext;

function containerOf(c: Context<AppEnv>, value: string): Container {
  if (value === "tenant" || value === "global") return value;
  throw xdmError(XDM.pathNotFound, `No resource is served at ${c.req.path}: the container is tenant or global.`);
}

function registerStats(app: OpenAPIHono<AppEnv>, contextOf: ContextOf): void {
  app.openapi(
    createRoute({
      method: "get",
      path: "/stats",
      tags,
      summary: "The tenant id of the org and counts of its resources",
      responses: { 200: { description: "Stats", content: { "application/json": { schema: Stats } } } },
    }),
    (c) => c.json(statsOf(contextOf(c)), 200),
  );
}

function statsOf(ctx: XdmContext) {
  const schemas = ctx.repository.all(ctx.tenant, "schemas");
  const fieldGroups = ctx.repository.all(ctx.tenant, "mixins");
  const metadata = (doc: Document) => (doc["meta:registryMetadata"] ?? {}) as Record<string, number>;
  const recent = (field: string) =>
    [...schemas, ...fieldGroups]
      .sort((a, b) => metadata(b)[field] - metadata(a)[field])
      .slice(0, 5)
      .map(summaryOf);
  const classes = listGlobal("classes");
  return {
    imsOrg: ctx.tenant.imsOrgId,
    tenantId: ctx.tenantId,
    counts: { schemas: schemas.length, mixins: fieldGroups.length, datatypes: 0, classes: classes.length, unions: 0 },
    recentlyCreatedResources: recent("repo:createdDate"),
    recentlyUpdatedResources: recent("repo:lastModifiedDate"),
    classUsage: classes
      .map((schemaClass) => {
        const using = schemas.filter((schema) => schema["meta:class"] === schemaClass.$id);
        return {
          $id: schemaClass.$id,
          title: schemaClass.title,
          numberOfSchemas: using.length,
          schemas: using.map((schema) => ({ $id: schema.$id, title: schema.title, description: schema.description })),
        };
      })
      .filter((usage) => usage.numberOfSchemas > 0),
  };
}

function registerReads(app: OpenAPIHono<AppEnv>, collection: Collection, contextOf: ContextOf): void {
  const { path, kind, noun, notFound } = collection;

  app.openapi(
    createRoute({
      method: "get",
      path: `/{container}/${path}`,
      tags,
      summary: `List ${noun} resources of a container`,
      parameters: [acceptHeader("application/vnd.adobe.xed-id+json (summaries) or application/vnd.adobe.xed+json; no version")],
      request: {
        params: z.object({ container: containerParam }),
        query: z.object({
          property: z
            .union([z.string(), z.array(z.string())])
            .optional()
            .openapi({ description: "field==value, field!=value or field; comma-separated or repeated, every filter must hold" }),
          orderby: z.string().optional().openapi({ description: "title, -title, title,description" }),
          start: z.string().optional().openapi({ description: "Value of the primary orderby field to start after" }),
          limit: z.string().optional().openapi({ description: "0 to 500; pages the orderby order (updated when absent)" }),
        }),
      },
      responses: { 200: { description: "The listing", content: { "application/json": { schema: XdmListing } } }, ...errorResponses },
    }),
    (c) => {
      const ctx = contextOf(c);
      const container = containerOf(c, c.req.valid("param").container);
      const variant = listingVariant(c.req.header("accept"));
      const query = c.req.valid("query");
      const listing = listResources(ctx.repository.listIn(ctx.tenant, container, kind), query);
      const href = (at: string) => new URL(at, c.req.url).href;
      const nextHref =
        listing.next === null
          ? null
          : href(`${c.req.path}?${new URLSearchParams({ orderby: listing.orderby, start: listing.next, ...(query.limit ? { limit: query.limit } : {}) })}`);
      return c.json(
        {
          results: listing.results.map((doc) => (variant === "xed-id" ? summaryOf(doc) : doc)) as z.infer<typeof XdmResource>[],
          _page: { orderby: listing.orderby, next: listing.next, count: listing.results.length },
          _links: {
            next: nextHref,
            ...(kind === "schemas" ? { global_schemas: { href: href("/data/foundation/schemaregistry/global/schemas") } } : {}),
          },
        },
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: `/{container}/${path}/{id}`,
      tags,
      summary: `Look up a ${noun} by meta:altId or URL-encoded $id`,
      parameters: [acceptHeader("application/vnd.adobe.xed+json; version=1 (refs kept) or xed-full / xed-notext / xed-full-notext / xed-full-desc / xed-deprecatefield")],
      request: { params: z.object({ container: containerParam, id: idParam }) },
      responses: {
        200: { description: `The ${noun}`, content: { "application/json": { schema: XdmResource } } },
        ...errorResponses,
        ...globalNotEmulatedResponse,
        406: { description: "The Accept header names no available version", content: { "application/json": { schema: XdmError } } },
      },
    }),
    (c) => {
      const ctx = contextOf(c);
      const { container: containerText, id } = c.req.valid("param");
      const container = containerOf(c, containerText);
      const variant = lookupVariant(c.req.header("accept"));
      const resource = ctx.repository.findIn(ctx.tenant, container, kind, id);
      if (resource === undefined) {
        if (container === "global") requireHeldGlobal(id);
        throw xdmError(notFound, `The requested ${noun} resource ${id} with version 1 is not found.`);
      }
      return c.json(render(resource, variant, () => requireResolvable(ctx, resource)) as z.infer<typeof XdmResource>, 200);
    },
  );
}

function registerSchemaWrites(app: OpenAPIHono<AppEnv>, contextOf: ContextOf, dataSets: DataSetRepository): void {
  app.openapi(
    createRoute({
      method: "post",
      path: "/tenant/schemas",
      tags,
      summary: "Create a schema from one class and field groups",
      request: { body: { content: { "application/json": { schema: CreateSchemaBody } }, required: true } },
      responses: {
        201: { description: "The new schema", content: { "application/json": { schema: XdmResource } } },
        ...errorResponses,
        ...globalNotEmulatedResponse,
      },
    }),
    async (c) => {
      const ctx = contextOf(c);
      const body = c.req.valid("json");
      const doc = await ctx.deps.store.grouped(() => {
        requireUniqueTitle(ctx, body.title);
        const created = buildSchemaDocument(ctx, body, newResourceId(ctx, "schemas"));
        ctx.repository.put(ctx.tenant, "schemas", created);
        return created;
      });
      return c.json(doc as z.infer<typeof XdmResource>, 201);
    },
  );

  registerDelete(app, contextOf, "schemas", "schemas", "schema", XDM.schemaNotFound, (ctx, doc) => {
    const users = dataSets.usingSchema(ctx.tenant, String(doc.$id));
    if (users.length === 0) return;
    throw xdmError(
      XDM.invalidRequest,
      `The schema ${String(doc.$id)} cannot be deleted: the dataset(s) ${users.map((dataSet) => String(dataSet.id)).join(", ")} use it.`,
    );
  });
}

function registerFieldGroupWrites(app: OpenAPIHono<AppEnv>, contextOf: ContextOf): void {
  for (const path of FIELD_GROUP_PATHS) registerFieldGroupWritesAt(app, contextOf, path);
}

function registerFieldGroupWritesAt(app: OpenAPIHono<AppEnv>, contextOf: ContextOf, path: (typeof FIELD_GROUP_PATHS)[number]): void {
  app.openapi(
    createRoute({
      method: "post",
      path: `/tenant/${path}`,
      tags,
      summary: "Create a field group with custom fields under _{TENANT_ID}",
      request: { body: { content: { "application/json": { schema: CreateFieldGroupBody } }, required: true } },
      responses: {
        201: { description: "The new field group", content: { "application/json": { schema: XdmResource } } },
        ...errorResponses,
        ...globalNotEmulatedResponse,
      },
    }),
    async (c) => {
      const ctx = contextOf(c);
      const body = c.req.valid("json");
      const doc = await ctx.deps.store.grouped(() => {
        requireUniqueTitle(ctx, body.title);
        const created = buildFieldGroupDocument(ctx, body, newResourceId(ctx, "mixins"));
        ctx.repository.put(ctx.tenant, "mixins", created);
        return created;
      });
      return c.json(doc as z.infer<typeof XdmResource>, 201);
    },
  );

  registerDelete(app, contextOf, path, "mixins", "field group", XDM.fieldGroupNotFound, (ctx, doc) => {
    const users = ctx.repository.schemasUsing(ctx.tenant, String(doc.$id));
    if (users.length === 0) return;
    throw xdmError(
      XDM.invalidRequest,
      `The field group ${String(doc.$id)} cannot be deleted: the schema(s) ${users.map((schema) => String(schema.$id)).join(", ")} use it.`,
    );
  });
}

function registerDelete(
  app: OpenAPIHono<AppEnv>,
  contextOf: ContextOf,
  path: string,
  kind: TenantKind,
  noun: string,
  notFound: XdmCode,
  guard: (ctx: XdmContext, doc: Document) => void,
): void {
  app.openapi(
    createRoute({
      method: "delete",
      path: `/tenant/${path}/{id}`,
      tags,
      summary: `Delete a ${noun}`,
      request: { params: z.object({ id: idParam }) },
      responses: { 204: { description: "Deleted" }, ...errorResponses },
    }),
    (c) => {
      const ctx = contextOf(c);
      const { id } = c.req.valid("param");
      ctx.deps.store.transaction(() => {
        const doc = ctx.repository.find(ctx.tenant, kind, id);
        if (doc === undefined) throw xdmError(notFound, `The requested ${noun} resource ${id} with version 1 is not found.`);
        guard(ctx, doc);
        ctx.repository.delete(ctx.tenant, kind, String(doc.$id));
      });
      return c.body(null, 204);
    },
  );
}
