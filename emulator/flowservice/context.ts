import type { Caller, Deps, Tenant } from "../platform/context.js";
import { sandboxIdOf } from "../platform/gateway.js";
import { newEtag } from "../platform/etag.js";
import { setOwnField } from "../platform/own-fields.js";
import type { Document, EntityRepository } from "../store/entities.js";
import type { SpecCatalogue } from "./specs/repository.js";

/** What a Flow Service handler works with for one request. */
export interface FlowContext {
  deps: Deps;
  tenant: Tenant;
  caller: Caller;
  now: number;
  entities: EntityRepository;
  specs: SpecCatalogue;
}

export type Collection = "connections" | "sourceConnections" | "targetConnections" | "flows" | "runs";

/** The fields every stored Flow Service document starts with, in Adobe's order. */
export function systemFields(ctx: FlowContext, id: string): Document {
  return {
    id,
    createdAt: ctx.now,
    updatedAt: ctx.now,
    createdBy: ctx.caller.userId,
    updatedBy: ctx.caller.userId,
    createdClient: ctx.caller.clientId,
    updatedClient: ctx.caller.clientId,
    sandboxId: sandboxIdOf(ctx.tenant),
    sandboxName: ctx.tenant.sandboxName,
    imsOrgId: ctx.tenant.imsOrgId,
  };
}

/** Stamps an update: who, when, and a new etag (kept in `version` too, as Adobe does). */
export function touched(ctx: FlowContext, doc: Document): Document {
  const etag = newEtag(ctx.deps.ids, ctx.now);
  return { ...doc, updatedAt: ctx.now, updatedBy: ctx.caller.userId, updatedClient: ctx.caller.clientId, version: etag, etag };
}

/**
 * Adds the fields of `source` to `target`, as `{...target, ...source}` would (a "__proto__" field
 * stays a field). V8 builds an object literal with a second spread in it field by field through
 * its runtime, which cost a create more than everything else it computes.
 */
export function addFields(target: Document, source: Document, keep: (field: string) => boolean = () => true): Document {
  for (const field of Object.keys(source)) {
    if (!keep(field)) continue;
    setOwnField(target, field, source[field]);
  }
  return target;
}

/** Top-level fields the service owns; a PATCH may not touch them. */
export const SYSTEM_FIELDS: ReadonlySet<string> = new Set([
  "id", "createdAt", "updatedAt", "createdBy", "updatedBy", "createdClient", "updatedClient",
  "sandboxId", "sandboxName", "imsOrgId", "version", "etag", "state",
]);

/** `lastOperation` of a flow after an operation the emulator completes at once. */
export function completedOperation(ctx: FlowContext, operation: string, ops: unknown[] = []): Document {
  return {
    started: ctx.now,
    updated: ctx.now,
    percentCompleted: 100.0,
    status: { value: "completed", errors: [] },
    ops,
    operation,
  };
}
