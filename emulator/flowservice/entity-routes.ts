import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { AppEnv } from "../platform/context.js";
import { newEtag, ifMatchOf, requireIfMatch } from "../platform/etag.js";
import { optionalHeader } from "../platform/headers.js";
import { FLOW, flowError, flowNotFound } from "../platform/errors.js";
import { applyPatch, parsePatch, pointerSegments, refuseDeepOperations, writesNull, type PatchOperation } from "../platform/json-patch.js";
import type { Document } from "../store/entities.js";
import { addFields, completedOperation, SYSTEM_FIELDS, systemFields, touched, type FlowContext } from "./context.js";
import type { ResourceDefinition } from "./resources.js";
import { registerReadRoutes } from "./reads.js";
import { flowErrorResponses, FlowServiceError, IdEtag, PatchBody } from "./schemas.js";

/**
 * The lifecycle every Flow Service entity shares: list, create, get, patch, delete. Each resource
 * only declares what differs (resources.ts).
 */
export function registerEntityRoutes(
  app: OpenAPIHono<AppEnv>,
  resource: ResourceDefinition,
  contextOf: (c: Context<AppEnv>) => FlowContext,
): void {
  const { collection, noun } = resource;
  const tags = ["Flow Service"];
  const errors = flowErrorResponses;
  const idParam = z.object({ id: z.string().openapi({ param: { name: "id", in: "path" } }) });

  registerReadRoutes(app, collection, { list: `List ${noun}s`, get: `Get a ${noun}` }, contextOf);

  app.openapi(
    createRoute({
      method: "post",
      path: `/${collection}`,
      tags,
      summary: `Create a ${noun}`,
      request: {
        query: z.object({ mode: z.enum(["draft"]).optional().openapi({ description: "draft creates an unpublished entity" }) }),
        body: { content: { "application/json": { schema: resource.createSchema } }, required: true },
      },
      responses: {
        201: { description: "Created", content: { "application/json": { schema: IdEtag } } },
        ...errors,
      },
    }),
    async (c) => {
      const ctx = contextOf(c);
      const body = c.req.valid("json") as Document;
      // A null state is no state, as Jackson reads it (README: null in an optional field).
      if (body.state !== undefined && body.state !== null) {
        throw flowError(FLOW.stateInCreate, `\`State\` is not allowed in the create ${noun} request.`);
      }
      const draft = c.req.valid("query").mode === "draft";
      const created = await ctx.deps.store.grouped(() => createEntity(ctx, resource, body, draft));
      c.header("Location", new URL(`/data/foundation/flowservice/${collection}/${created.id}`, c.req.url).href);
      return c.json(created, 201);
    },
  );

  app.openapi(
    createRoute({
      method: "patch",
      path: `/${collection}/{id}`,
      tags,
      summary: `Update a ${noun} with JSON Patch`,
      parameters: [optionalHeader("if-match", "The entity's etag (required; or the if-match query parameter)")],
      request: {
        params: idParam,
        body: { content: { "application/json": { schema: PatchBody } } },
      },
      responses: {
        200: { description: "Updated", content: { "application/json": { schema: IdEtag } } },
        412: { description: "Stale etag", content: { "application/json": { schema: FlowServiceError } } },
        ...errors,
      },
    }),
    async (c) => {
      const ctx = contextOf(c);
      const { id } = c.req.valid("param");
      const operations = parsePatch(await bodyOrUndefined(c));
      refuseProtectedPaths(resource, operations);
      const ifMatch = ifMatchOf(c.req.header("if-match"), c.req.query("if-match"));
      const result = await ctx.deps.store.grouped(() => patchEntity(ctx, resource, id, operations, ifMatch));
      return c.json(result, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "delete",
      path: `/${collection}/{id}`,
      tags,
      summary: `Delete a ${noun}`,
      request: { params: idParam },
      responses: { 204: { description: "Deleted" }, ...errors },
    }),
    (c) => {
      const ctx = contextOf(c);
      const { id } = c.req.valid("param");
      // A delete commits at once, after the grouped writes already accepted (store.transaction):
      // a streaming message routed to this entity keeps its record, and none is routed after.
      ctx.deps.store.transaction(() => {
        const doc = ctx.entities.get(ctx.tenant, collection, id);
        if (doc === undefined) throw flowNotFound(collection, id);
        resource.guardDelete(ctx, doc);
        ctx.entities.delete(ctx.tenant, collection, id);
      });
      return c.body(null, 204);
    },
  );
}

async function bodyOrUndefined(c: Context<AppEnv>): Promise<unknown> {
  const text = await c.req.text();
  return text.trim() === "" ? undefined : JSON.parse(text);
}

export function createEntity(
  ctx: FlowContext,
  resource: ResourceDefinition,
  body: Document,
  draft = false,
): { id: string; etag: string } {
  const id = ctx.deps.ids.resourceUuid();
  const etag = newEtag(ctx.deps.ids, ctx.now);
  const created = addFields(systemFields(ctx, id), body, (field) => !SYSTEM_FIELDS.has(field) && !resource.derived.includes(field));
  created.state = draft ? "draft" : "enabled";
  created.version = etag;
  created.etag = etag;
  const doc = resource.derive(ctx, created, undefined);
  // The change afterCreate makes is stored with the entity in one insert; the answer still carries
  // the etag of the entity as created.
  const settled = draft ? undefined : resource.afterCreate?.(ctx, doc);
  ctx.entities.insert(ctx.tenant, resource.collection, id, settled ?? doc);
  return { id, etag };
}

function refuseProtectedPaths(resource: ResourceDefinition, operations: PatchOperation[]): void {
  for (const operation of operations) {
    const field = pointerSegments(operation.path)[0];
    if (field === "connectionSpec") {
      throw flowError(FLOW.connectionSpecImmutable, "The connection spec of a connection cannot be updated.");
    }
    if (SYSTEM_FIELDS.has(field) || resource.fixed.includes(field) || resource.derived.includes(field)) {
      throw flowError(
        FLOW.patchInvalid,
        `An error has occurred while validating patch instructions: the field "${field}" cannot be updated.`,
      );
    }
  }
}

function patchEntity(
  ctx: FlowContext,
  resource: ResourceDefinition,
  id: string,
  operations: PatchOperation[],
  ifMatch: string | undefined,
): { id: string; etag: string } {
  const current = ctx.entities.get(ctx.tenant, resource.collection, id);
  if (current === undefined) throw flowNotFound(resource.collection, id);
  requireIfMatch(ifMatch, String(current.etag));

  const patched = applyPatch(current, operations);
  const fields = requestFieldsOf(resource.createSchema, patched);
  // A null in a typed optional field, which a create reads as absent, is refused here as it always
  // was: checked as a stored document (encode, platform/optional-field.ts). Stored documents hold
  // no such null, so only a patch that writes one needs encode, which is slower than parse.
  const valid = writesNull(operations) ? resource.createSchema.safeEncode(fields) : resource.createSchema.safeParse(fields);
  if (!valid.success) {
    const issue = valid.error.issues[0];
    throw flowError(
      FLOW.patchInvalid,
      `An error has occurred while validating patch instructions: ${issue.path.join(".") || "body"}: ${issue.message}`,
    );
  }
  let next = touched(ctx, resource.derive(ctx, patched, current));
  if (resource.recordsOperations) {
    refuseDeepOperations(operations, 2);
    next = { ...next, lastOperation: completedOperation(ctx, "update", operations) };
  }
  ctx.entities.update(ctx.tenant, resource.collection, id, next);
  return { id, etag: String(next.etag) };
}

const requestFields = new WeakMap<object, ReadonlyArray<string> | undefined>();

/**
 * The fields of a stored document that its create schema checks. Every create schema is a loose
 * object, where other fields always pass: checking only these gives the same issues, in the same
 * order, without copying the service's own fields. A schema of another kind gets the whole document.
 */
function requestFieldsOf(schema: z.ZodType<Document>, doc: Document): Document {
  if (!requestFields.has(schema)) requestFields.set(schema, looseObjectFields(schema));
  const fields = requestFields.get(schema);
  if (fields === undefined) return doc;
  const checked: Document = {};
  for (const field of fields) if (Object.prototype.hasOwnProperty.call(doc, field)) checked[field] = doc[field];
  return checked;
}

function looseObjectFields(schema: z.ZodType<Document>): ReadonlyArray<string> | undefined {
  if (!(schema instanceof z.ZodObject)) return undefined;
  const catchall = schema._zod.def.catchall;
  return catchall instanceof z.ZodUnknown ? Object.keys(schema.shape) : undefined;
}
