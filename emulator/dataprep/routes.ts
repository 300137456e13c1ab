import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv, Deps } from "../platform/context.js";
import { DATAPREP, dataprepError } from "../platform/errors.js";
import { EntityRepository } from "../store/entities.js";
import { type DataPrepContext, dataPrepContextOf } from "./context.js";
import { registerLanguageRoutes } from "./languages.js";
import { integer, nextHref, parseBoolean, parseListQuery, selectPage } from "./listing.js";
import { MappingSetBody, type MappingSetRequest, normaliseMapping, outputSchemaRefOf, simpleRepresentation, type StoredMappingSet } from "./mapping-set.js";
import { findOutputSchema, type OutputSchema, requireOutputSchema } from "./output-schema.js";
import { PreviewBody, previewRecords, recordsOf } from "./preview.js";
import { errorResponses as errors } from "./responses.js";
import { checkMappings, validationEntries } from "./validate.js";
import { createMappingSetGrouped, replaceMappingSet, requireMappingSet } from "./writes.js";

const BASE = "/data/foundation/conversion";

/** Data Prep (the mapping service), mounted at /data/foundation/conversion. */
export function dataPrepRoutes(deps: Deps, newRouter: () => OpenAPIHono<AppEnv>): OpenAPIHono<AppEnv> {
  const app = newRouter();
  const contextOf = dataPrepContextOf(deps, new EntityRepository(deps.store.db));
  const tags = ["Data Prep mapping sets"];
  const idParam = z.object({
    id: z.string().openapi({ param: { name: "id", in: "path" }, example: "59c0e53a2dc84f7791ecc1b3d6e51d5e" }),
  });
  const expandSchema = z.string().optional().openapi({ description: "true adds the resolved output schema as outputSchema.jsonSchema" });

  app.openapi(
    createRoute({
      method: "post",
      path: "/mappingSets",
      tags,
      summary: "Create a mapping set (version 0)",
      request: { body: { content: { "application/json": { schema: MappingSetBody } }, required: true } },
      responses: { 200: { description: "Created (200, as Adobe answers)", content: { "application/json": { schema: MappingSetCreated } } }, ...errors },
    }),
    async (c) => {
      const ctx = contextOf(c);
      const created = await createMappingSetGrouped(ctx, c.req.valid("json"), ctx.deps.ids.resourceHex(32));
      return c.json(simpleRepresentation(created), 200);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/mappingSets",
      tags,
      summary: "List mapping sets (their latest versions)",
      request: {
        query: z.object({
          limit: z.string().optional().openapi({ description: "Page size (required by Adobe's docs; 10 when absent, the spec's default; at most 1000)", example: "10" }),
          start: z.string().optional().openapi({ description: "Offset of the first mapping set (required by Adobe's docs; 0 when absent, the spec's default)", example: "0" }),
          name: z.string().optional().openapi({ description: "Only mapping sets with this name" }),
          orderBy: z.string().optional().openapi({ description: "+createdDate, -createdDate, +updatedDate or -updatedDate (default lastUpdateDate, ascending)" }),
          expandSchema,
        }),
      },
      responses: { 200: { description: "A page of mapping sets", content: { "application/json": { schema: MappingSetPage } } }, ...errors },
    }),
    (c) => {
      const ctx = contextOf(c);
      const query = parseListQuery(c.req.valid("query"));
      const { page, more } = selectPage(ctx.mappingSets.all(ctx.tenant), query);
      const data = query.expandSchema ? page.map((set) => withJsonSchema(ctx, set)) : page;
      const _links = more ? { next: { href: nextHref(`${BASE}/mappingSets`, query) } } : {};
      return c.json({ data, _page: { count: data.length, limit: query.limit }, _links }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/mappingSets/validate",
      tags,
      summary: "Validate the mappings of a mapping set body",
      request: { body: { content: { "application/json": { schema: MappingSetBody } }, required: true } },
      responses: { 200: { description: "One entry per mapping", content: { "application/json": { schema: MappingValidationResponse } } }, ...errors },
    }),
    (c) => {
      const ctx = contextOf(c);
      const body = c.req.valid("json");
      const problems = checkMappings(body.mappings.map(normaliseMapping), optionalSchemaOf(ctx, body));
      return c.json({ validationResponse: validationEntries(problems) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/mappingSets/preview",
      tags,
      summary: "Map sample records with a mapping set body",
      request: { body: { content: { "application/json": { schema: PreviewBody } }, required: true } },
      responses: { 200: { description: "One {data, errors} per record", content: { "application/json": { schema: PreviewResponse } } }, ...errors },
    }),
    (c) => {
      const ctx = contextOf(c);
      const { data, mappingSet } = c.req.valid("json");
      const mappings = mappingSet.mappings.map(normaliseMapping);
      return c.json(previewRecords(mappings, optionalSchemaOf(ctx, mappingSet), recordsOf(data)), 200);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/mappingSets/{id}",
      tags,
      summary: "Look up a mapping set (its latest version, or ?version=n)",
      request: {
        params: idParam,
        query: z.object({ version: z.string().optional().openapi({ description: "The version to read (default: the latest)" }), expandSchema }),
      },
      responses: { 200: { description: "The mapping set", content: { "application/json": { schema: MappingSet } } }, ...errors },
    }),
    (c) => {
      const ctx = contextOf(c);
      const { id } = c.req.valid("param");
      const query = c.req.valid("query");
      const expand = parseBoolean("expandSchema", query.expandSchema);
      const set = query.version === undefined ? requireMappingSet(ctx, id) : requireVersion(ctx, id, integer("version", query.version, 0));
      return c.json(expand ? withJsonSchema(ctx, set) : set, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "put",
      path: "/mappingSets/{id}",
      tags,
      summary: "Replace a mapping set: a new version with new mapping ids",
      request: { params: idParam, body: { content: { "application/json": { schema: MappingSetBody } }, required: true } },
      responses: { 200: { description: "The new version", content: { "application/json": { schema: MappingSet } } }, ...errors },
    }),
    async (c) => {
      const ctx = contextOf(c);
      return c.json(await replaceMappingSet(ctx, c.req.valid("param").id, c.req.valid("json")), 200);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/mappingSets/{id}/mappings",
      tags,
      summary: "List the mappings of a mapping set's latest version",
      request: { params: idParam },
      responses: { 200: { description: "The mappings", content: { "application/json": { schema: z.array(Mapping) } } }, ...errors },
    }),
    (c) => {
      const ctx = contextOf(c);
      return c.json(requireMappingSet(ctx, c.req.valid("param").id).mappings, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/mappingSets/{id}/mappings/{mappingId}",
      tags,
      summary: "Look up one mapping (of any version: every version's mappings have their own ids)",
      request: { params: idParam.extend({ mappingId: z.string().openapi({ param: { name: "mappingId", in: "path" } }) }) },
      responses: { 200: { description: "The mapping", content: { "application/json": { schema: Mapping } } }, ...errors },
    }),
    (c) => {
      const ctx = contextOf(c);
      const { id, mappingId } = c.req.valid("param");
      requireMappingSet(ctx, id);
      const mapping = ctx.mappingSets
        .versions(ctx.tenant, id)
        .reverse()
        .flatMap((set) => set.mappings)
        .find((each) => each.id === mappingId);
      if (mapping === undefined) throw dataprepError(DATAPREP.mappingNotFound, `The mapping ${mappingId} is not found in the mapping set ${id}.`);
      return c.json(mapping, 200);
    },
  );

  registerLanguageRoutes(app);
  return app;
}

function requireVersion(ctx: DataPrepContext, id: string, version: number): StoredMappingSet {
  const current = requireMappingSet(ctx, id);
  const set = ctx.mappingSets.version(ctx.tenant, id, version);
  if (set !== undefined) return set;
  throw dataprepError(DATAPREP.versionNotFound, `The mapping set ${id} has no version ${version}; its latest version is ${current.version}.`);
}

/** Validate and preview work without an output schema; one that is named must exist. */
function optionalSchemaOf(ctx: DataPrepContext, body: MappingSetRequest): OutputSchema | undefined {
  const ref = outputSchemaRefOf(body);
  return ref === undefined ? undefined : requireOutputSchema(ctx.deps, ctx.schemas, ctx.tenant, ref.id);
}

/** `expandSchema=true`: the output schema as it resolves now (left out if it is gone). */
function withJsonSchema(ctx: DataPrepContext, set: StoredMappingSet): StoredMappingSet {
  const schema = findOutputSchema(ctx.schemas, ctx.tenant, set.xdmSchema);
  if (schema === undefined) return set;
  return { ...set, outputSchema: { ...set.outputSchema, jsonSchema: schema.resolved } } as StoredMappingSet;
}

// --- response schemas --------------------------------------------------------------------------------

const SchemaRef = z.object({ id: z.string(), contentType: z.string() });

const MappingSetCreated = z
  .object({
    id: z.string(),
    version: z.number().int(),
    createdDate: z.number().int(),
    modifiedDate: z.number().int(),
    createdBy: z.string(),
    modifiedBy: z.string(),
  })
  .openapi("SimpleRepresentation", {
    example: {
      id: "59c0e53a2dc84f7791ecc1b3d6e51d5e",
      version: 0,
      createdDate: 1676627988129,
      modifiedDate: 1676627988129,
      createdBy: "28AF22BA5DE6B0B40A494036@AdobeID",
      modifiedBy: "28AF22BA5DE6B0B40A494036@AdobeID",
    },
  });

const Mapping = z
  .looseObject({
    id: z.string(),
    version: z.number().int(),
    createdDate: z.number().int(),
    modifiedDate: z.number().int(),
    createdBy: z.string(),
    modifiedBy: z.string(),
    sourceType: z.string().openapi({ description: "text/x.schema-path (ATTRIBUTE), text/x.aep-xl (EXPRESSION) or STATIC" }),
    source: z.string(),
    destination: z.string(),
    name: z.string().optional(),
    description: z.string().optional(),
    identity: z.boolean(),
    primaryIdentity: z.boolean(),
    matchScore: z.number(),
    functionVersion: z.number().int(),
    sourceAttribute: z.string(),
    destinationXdmPath: z.string(),
  })
  .openapi("MappingOperation");

const MappingSet = z
  .looseObject({
    id: z.string(),
    version: z.number().int(),
    createdDate: z.number().int(),
    modifiedDate: z.number().int(),
    createdBy: z.string(),
    modifiedBy: z.string(),
    name: z.string().optional(),
    supportVersion: z.string(),
    inputSchema: z.looseObject({}).optional(),
    outputSchema: z.looseObject({ id: z.string(), version: z.number().int(), schemaRef: SchemaRef, jsonSchema: z.looseObject({}).optional() }),
    mappings: z.array(Mapping),
    status: z.string(),
    strictMapping: z.boolean(),
    allowNullValues: z.boolean(),
    xdmVersion: z.string(),
    schemaRef: SchemaRef,
    xdmSchema: z.string(),
  })
  .openapi("MappingSet");

const MappingSetPage = z
  .object({
    data: z.array(MappingSet),
    _page: z.object({ count: z.number().int().openapi({ description: "Mapping sets on this page" }), limit: z.number().int() }),
    _links: z.object({ next: z.object({ href: z.string() }).optional() }),
  })
  .openapi("MapperSetPage");

const TransformErrorInfo = z
  .object({ destination: z.string(), source: z.string(), sourceType: z.string(), columnName: z.string().nullable(), exception: z.string() })
  .openapi("TransformErrorInfo");

const MappingValidationResponse = z
  .object({ validationResponse: z.array(z.object({ status: z.enum(["SUCCESS", "FAILED"]), errors: z.array(TransformErrorInfo).nullable() })) })
  .openapi("MappingValidationResponse", { example: { validationResponse: [{ status: "SUCCESS", errors: null }] } });

const PreviewResponse = z
  .array(z.object({ data: z.record(z.string(), z.unknown()), errors: z.array(TransformErrorInfo).nullable() }))
  .openapi("PreviewResponse", {
    example: [{ data: { person: { name: { firstName: "Jim", lastName: "Seltzer" } }, _id: "1234" }, errors: null }],
  });
