import { z } from "@hono/zod-openapi";
import { XDM, xdmError } from "../platform/errors.js";
import { optionalField } from "../platform/optional-field.js";
import type { Document } from "../store/entities.js";
import { findGlobal } from "./classes.js";
import { allOfEntry, requireResolvable, tenantResource, type XdmContext, XdmRef } from "./context.js";
import { requireHeldGlobal } from "./global-namespace.js";
import { withXdmTypes } from "./xdm-types.js";

/** POST /tenant/fieldgroups: the body (schema-registry.yaml createFieldGroup) and the document it becomes. */
const Definition = z
  .looseObject({ properties: z.record(z.string(), z.looseObject({})).optional() })
  .openapi("FieldGroupDefinition");

export const CreateFieldGroupBody = z
  .looseObject({
    type: z.literal("object"),
    title: z.string().trim().min(1),
    description: optionalField(z.string()),
    "meta:intendedToExtend": z.array(z.string().min(1)),
    definitions: z.record(z.string(), Definition).optional(),
    allOf: z.array(XdmRef).optional(),
  })
  .openapi("CreateFieldGroupRequest");

export type CreateFieldGroup = z.infer<typeof CreateFieldGroupBody>;

/**
 * The stored field group. Its custom fields must sit under `_<tenantId>` (XDM-1021), the classes
 * it extends must exist, and without an allOf it contributes every one of its definitions.
 */
export function buildFieldGroupDocument(ctx: XdmContext, body: CreateFieldGroup, id: string): Document {
  const definitions = (body.definitions ?? {}) as Record<string, Document>;
  requireTenantNamespace(ctx, definitions);
  for (const classId of body["meta:intendedToExtend"]) {
    if (findGlobal(classId, "classes") !== undefined) continue;
    requireHeldGlobal(classId);
    throw xdmError(XDM.invalidRequest, `meta:intendedToExtend names ${classId}, which is not a class.`);
  }
  const refs = body.allOf?.map((item) => item.$ref) ?? Object.keys(definitions).map((name) => `#/definitions/${name}`);
  const doc = tenantResource(ctx, "mixins", id, {
    title: body.title,
    type: "object",
    ...(body.description === undefined ? {} : { description: body.description }),
    definitions: withXdmTypes(definitions),
    allOf: refs.map(allOfEntry),
    refs: externalRefsOf(definitions),
    imsOrg: ctx.tenant.imsOrgId,
    "meta:extensible": true,
    "meta:abstract": true,
    "meta:intendedToExtend": body["meta:intendedToExtend"],
    "meta:xdmType": "object",
  });
  requireResolvable(ctx, doc);
  return doc;
}

function requireTenantNamespace(ctx: XdmContext, definitions: Record<string, Document>): void {
  const namespace = `_${ctx.tenantId}`;
  for (const definition of Object.values(definitions)) {
    const fields = Object.keys((definition.properties ?? {}) as Record<string, unknown>);
    const stray = fields.find((field) => field !== namespace);
    if (stray === undefined) continue;
    throw xdmError(
      XDM.namespaceInvalid,
      `A custom field is defined under an invalid namespace. All custom fields must be defined under a top-level field named ${namespace} (found ${stray}).`,
    );
  }
}

/** `refs`: the other resources (data types) the field group's fields name with `$ref`. */
function externalRefsOf(definitions: Record<string, Document>): string[] {
  const found = new Set<string>();
  const visit = (node: unknown): void => {
    if (node === null || typeof node !== "object") return;
    if (Array.isArray(node)) return node.forEach(visit);
    const ref = (node as Document).$ref;
    if (typeof ref === "string" && !ref.startsWith("#")) found.add(ref);
    Object.values(node).forEach(visit);
  };
  visit(definitions);
  return [...found];
}
