import { z } from "@hono/zod-openapi";
import { XDM, xdmError } from "../platform/errors.js";
import { optionalField } from "../platform/optional-field.js";
import type { Document } from "../store/entities.js";
import { allOfEntry, requireResolvable, tenantResource, type XdmContext, XdmRef } from "./context.js";
import { globalResourceNotEmulated, isUnheldGlobal } from "./global-namespace.js";

/**
 * POST /tenant/schemas: the body (schema-registry.yaml createSchema) and the document it becomes.
 * The spec requires `type`, but aepp's createProfileSchema and createExperienceEventSchema, used
 * against the real registry, send none: a schema is an object either way.
 */
export const CreateSchemaBody = z
  .looseObject({
    type: optionalField(z.literal("object")),
    title: z.string().trim().min(1),
    description: z.string(),
    allOf: z.array(XdmRef),
    "meta:immutableTags": optionalField(z.array(z.string())),
  })
  .openapi("CreateSchemaRequest");

export type CreateSchema = z.infer<typeof CreateSchemaBody>;

/** The stored schema: one class and field groups of this tenant, checked and resolvable. */
export function buildSchemaDocument(ctx: XdmContext, body: CreateSchema, id: string): Document {
  const lookup = ctx.repository.lookup(ctx.tenant);
  const refs = [...new Set(body.allOf.map((item) => item.$ref))];
  const found = refs.map((ref) => lookup(ref));
  requireFound(refs.filter((_, index) => found[index] === undefined));
  const targets = found as Document[];
  const schemaClass = requireOneClass(targets);
  for (const target of targets) {
    if (target === schemaClass || target["meta:resourceType"] === "mixins") continue;
    throw xdmError(
      XDM.invalidRequest,
      `The allOf of a schema names one class and field groups only: ${String(target.$id)} is a ${String(target["meta:resourceType"])} resource.`,
    );
  }
  const fieldGroups = targets.filter((target) => target !== schemaClass).map((target) => String(target.$id));
  const ids = targets.map((target) => String(target.$id));
  const classExtends = (schemaClass["meta:extends"] as string[] | undefined) ?? [];
  const doc = tenantResource(
    ctx,
    "schemas",
    id,
    {
      title: body.title,
      type: "object",
      description: body.description,
      allOf: ids.map(allOfEntry),
      refs: ids,
      imsOrg: ctx.tenant.imsOrgId,
      "meta:extensible": false,
      "meta:abstract": false,
      "meta:extends": [...new Set([String(schemaClass.$id), ...classExtends, ...fieldGroups])],
      "meta:xdmType": "object",
    },
    {
      "meta:class": schemaClass.$id,
      ...(body["meta:immutableTags"] === undefined ? {} : { "meta:immutableTags": body["meta:immutableTags"] }),
    },
  );
  requireResolvable(ctx, doc);
  return doc;
}

/** A reference this sandbox lacks (400) outweighs one to Adobe's global library, which Adobe may hold (501). */
function requireFound(missing: string[]): void {
  const unknown = missing.find((ref) => !isUnheldGlobal(ref));
  if (unknown !== undefined) {
    throw xdmError(XDM.invalidRequest, `The referenced resource ${unknown} is not found. A schema's allOf names one class and field groups of this sandbox.`);
  }
  if (missing.length > 0) throw globalResourceNotEmulated(missing[0]);
}

function requireOneClass(targets: Document[]): Document {
  const classes = targets.filter((target) => target["meta:resourceType"] === "classes");
  if (classes.length === 1) return classes[0];
  const named = classes.length === 0 ? "none" : classes.map((target) => String(target.$id)).join(", ");
  throw xdmError(XDM.invalidRequest, `A schema must extend exactly one class; its allOf names ${named}.`);
}
