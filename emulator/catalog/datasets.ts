import { z } from "@hono/zod-openapi";
import type { Caller, Deps, Tenant } from "../platform/context.js";
import { CATALOG, catalogError } from "../platform/errors.js";
import { optionalField } from "../platform/optional-field.js";
import type { XdmRepository } from "../schemaregistry/repository.js";
import type { Document } from "../store/entities.js";
import type { DataSetRepository } from "./repository.js";

/** What a Catalog write works with. */
export interface CatalogContext {
  deps: Deps;
  tenant: Tenant;
  caller: Caller;
  now: number;
  dataSets: DataSetRepository;
  schemas: XdmRepository;
}

export const DEFAULT_CONTENT_TYPE = "application/vnd.adobe.xed+json;version=1";
const XED_CONTENT_TYPE = /^application\/vnd\.adobe\.xed(-full)?(-notext|-desc)?\+json\s*;\s*version\s*=\s*1(\.[0-9]+)*$/i;

/** POST /dataSets (catalog.yaml dataSetRequest, with the fields the docs always send required). */
export const CreateDataSetBody = z
  .looseObject({
    name: z.string().trim().min(1),
    description: optionalField(z.string()),
    schemaRef: z
      .looseObject({
        id: z.string().min(1),
        contentType: optionalField(
          z.string().regex(XED_CONTENT_TYPE, "must be an XDM media type with a version, such as application/vnd.adobe.xed+json;version=1"),
        ),
      })
      .openapi("DataSetSchemaRef"),
    tags: optionalField(z.record(z.string(), z.array(z.string()))),
    enableErrorDiagnostics: optionalField(z.boolean()),
    fileDescription: optionalField(z.looseObject({})),
  })
  .openapi("CreateDataSetRequest");

export type CreateDataSet = z.infer<typeof CreateDataSetBody>;

/** The stored dataset; its schema must exist in the tenant (by `$id` or `meta:altId`). */
export function buildDataSetDocument(ctx: CatalogContext, body: CreateDataSet, id: string): Document {
  const schema = ctx.schemas.find(ctx.tenant, "schemas", body.schemaRef.id);
  if (schema === undefined) {
    throw catalogError(
      CATALOG.badRequest,
      `The schema ${body.schemaRef.id} named by schemaRef is not found in the sandbox ${ctx.tenant.sandboxName}. Create the schema in the Schema Registry first.`,
    );
  }
  return {
    id,
    name: body.name,
    ...(body.description === undefined ? {} : { description: body.description }),
    imsOrg: ctx.tenant.imsOrgId,
    tags: body.tags ?? {},
    version: "1.0.0",
    created: ctx.now,
    updated: ctx.now,
    createdClient: ctx.caller.clientId,
    createdUser: ctx.caller.userId,
    updatedUser: ctx.caller.userId,
    ...(body.enableErrorDiagnostics === undefined ? {} : { enableErrorDiagnostics: body.enableErrorDiagnostics }),
    viewId: ctx.deps.ids.resourceHex(24),
    files: `@/dataSetFiles?dataSetId=${id}`,
    ...(body.fileDescription === undefined ? {} : { fileDescription: body.fileDescription }),
    schemaRef: { id: schema.$id, contentType: body.schemaRef.contentType ?? DEFAULT_CONTENT_TYPE },
    observableSchema: {},
  };
}
