import { createHash } from "node:crypto";
import { z } from "@hono/zod-openapi";
import type { Caller, Deps, Tenant } from "../platform/context.js";
import { XDM, xdmError } from "../platform/errors.js";
import { sandboxIdOf } from "../platform/gateway.js";
import type { Document } from "../store/entities.js";
import { altIdOf, GLOBAL_LIB_VERSION } from "./classes.js";
import { requireHeldGlobal } from "./global-namespace.js";
import type { TenantKind, XdmRepository } from "./repository.js";
import { type JsonSchema, resolveResource, UnresolvedReferenceError } from "./resolve.js";
import { compileResolved } from "./validator.js";

/** What a Schema Registry write works with: the tenant, its tenant id, the caller and the clock. */
export interface XdmContext {
  deps: Deps;
  tenant: Tenant;
  caller: Caller;
  now: number;
  tenantId: string;
  repository: XdmRepository;
}

/**
 * An `allOf` entry as requests send it. schema-registry.yaml's examples spell the key "$ref " (with
 * a space), as its createSchema example does here; it is read as "$ref", the only spelling answered.
 */
export const XdmRef = z
  .looseObject({ $ref: z.string().min(1).optional(), "$ref ": z.string().min(1).optional() })
  .refine((entry) => entry.$ref !== undefined || entry["$ref "] !== undefined, { message: "must name a resource in $ref", path: ["$ref"] })
  .transform(({ "$ref ": spaced, ...entry }) => ({ ...entry, $ref: (entry.$ref ?? spaced) as string }))
  .openapi("XdmReference");

export function newResourceId(ctx: XdmContext, kind: TenantKind): string {
  return `https://ns.adobe.com/${ctx.tenantId}/${kind}/${ctx.deps.ids.resourceHex(48)}`;
}

/** Titles are unique across a tenant's resources (XDM-1521). `ownId` may keep its own title. */
export function requireUniqueTitle(ctx: XdmContext, title: string, ownId?: string): void {
  const holder = ctx.repository.withTitle(ctx.tenant, title);
  if (holder === undefined || holder.$id === ownId) return;
  throw xdmError(
    XDM.titleNotUnique,
    `Object titles must be unique. An object ${String(holder.$id)} already exists with the same title`,
  );
}

/**
 * A tenant resource in Adobe's key order: identity, the fields of its kind, the registry metadata
 * (with an eTag over the content), then the container fields.
 */
export function tenantResource(ctx: XdmContext, kind: TenantKind, id: string, fields: Document, trailer: Document = {}): Document {
  const content: Document = {
    $id: id,
    "meta:altId": altIdOf(id),
    "meta:resourceType": kind,
    version: "1.0",
    ...fields,
  };
  const containers: Document = {
    ...trailer,
    "meta:containerId": "tenant",
    "meta:sandboxId": sandboxIdOf(ctx.tenant),
    "meta:sandboxType": ctx.tenant.sandboxName === "prod" ? "production" : "development",
    "meta:tenantNamespace": `_${ctx.tenantId}`,
  };
  const eTag = createHash("sha256").update(JSON.stringify([content, containers, ctx.now])).digest("hex");
  return {
    ...content,
    "meta:registryMetadata": {
      "repo:createdDate": ctx.now,
      "repo:lastModifiedDate": ctx.now,
      "xdm:createdClientId": ctx.caller.clientId,
      "xdm:lastModifiedClientId": ctx.caller.clientId,
      "xdm:createdUserId": ctx.caller.userId,
      "xdm:lastModifiedUserId": ctx.caller.userId,
      eTag,
      "meta:globalLibVersion": GLOBAL_LIB_VERSION,
    },
    ...containers,
  };
}

/** `{ $ref, type, meta:xdmType }`, as the registry writes allOf entries. */
export function allOfEntry(ref: string): Document {
  return { $ref: ref, type: "object", "meta:xdmType": "object" };
}

/** Resolves a draft resource and compiles it, so a resource that cannot validate records is refused. */
export function requireResolvable(ctx: XdmContext, draft: Document): JsonSchema {
  try {
    const resolved = resolveResource(draft, ctx.repository.lookup(ctx.tenant));
    compileResolved(resolved);
    return resolved;
  } catch (error) {
    if (error instanceof UnresolvedReferenceError) {
      requireHeldGlobal(error.ref);
      throw xdmError(XDM.invalidRequest, error.message);
    }
    const message = error instanceof Error ? error.message : String(error);
    throw xdmError(XDM.invalidRequest, `The fields of ${String(draft.title)} are not valid JSON Schema: ${message}`);
  }
}
