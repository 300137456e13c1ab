import type { MappingSetRepository } from "../dataprep/repository.js";
import type { StoredMappingSet } from "../dataprep/mapping-set.js";
import { completedOperation, SYSTEM_FIELDS, systemFields, touched, type FlowContext } from "../flowservice/context.js";
import type { ResourceDefinition } from "../flowservice/resources.js";
import { openSpecCatalogue, type SpecCatalogue } from "../flowservice/specs/repository.js";
import type { Tenant } from "../platform/context.js";
import { newEtag } from "../platform/etag.js";
import { placeholderError } from "../platform/errors.js";
import type { Document } from "../store/entities.js";

/**
 * Flow Service entities, runs and mapping set versions in fixture sets (fixtures/apply.ts calls
 * these). An item is a create body with a fixed `id`: it goes through the resource's `derive`, the
 * same reference checks and derived fields as POST. An item that carries an `etag` is a stored
 * document (an export): its etag, version, state, timestamps, inlet and history are kept, so
 * export -> seed -> export gives the same documents.
 */

let catalogue: SpecCatalogue | undefined;

/** The connection and flow spec catalogue fixtures check against (read-only, opened once). */
export function fixtureSpecs(): SpecCatalogue {
  catalogue ??= openSpecCatalogue();
  return catalogue;
}

/** Fields that record a document's history: a stored document keeps its own. */
const HISTORY = ["createdAt", "updatedAt", "createdBy", "updatedBy", "createdClient", "updatedClient", "lastOperation", "lastRunDetails"];

export function seedFlowEntity(ctx: FlowContext, resource: ResourceDefinition, item: Document): Document {
  const { collection } = resource;
  const id = String(item.id);
  const existing = ctx.entities.get(ctx.tenant, collection, id);
  const stored = typeof item.etag === "string";
  const request = Object.fromEntries(
    Object.entries(item).filter(([key]) => !SYSTEM_FIELDS.has(key) && !resource.derived.includes(key)),
  );
  const etag = stored ? String(item.etag) : newEtag(ctx.deps.ids, ctx.now);
  const state = typeof item.state === "string" ? item.state : "enabled";
  // What derive keeps from a previous document: the inlet of an HTTP API connection or a webhook
  // flow, and a flow's providerRefId. From the item when it has them, else from the same id. An
  // inlet id is global, as Adobe's are: one that another document owns (the same export seeded
  // into a second tenant) is not taken, and derive gives this document an inlet of its own.
  const options = rebasedOptions(ctx, item.options as Document | undefined);
  const previous: Document = {
    providerRefId: item.providerRefId ?? existing?.providerRefId,
    auth: inletFree(ctx, collection, id, inletIdOf(item.auth)) ? item.auth : existing?.auth,
    options: inletFree(ctx, collection, id, inletIdOfUrl(options?.inletUrl)) ? options : rebasedOptions(ctx, existing?.options as Document | undefined),
  };
  let doc = resource.derive(ctx, { ...systemFields(ctx, id), ...request, state, version: item.version ?? etag, etag }, previous);
  if (!stored && state !== "draft") {
    doc = resource.afterCreate?.(ctx, doc) ?? doc;
    if (state === "disabled" && resource.recordsOperations) doc = { ...touched(ctx, doc), lastOperation: completedOperation(ctx, "disable") };
  }
  for (const key of HISTORY) if (item[key] !== undefined) doc[key] = item[key];
  if (stored) {
    for (const [key, value] of Object.entries(item)) if (!(key in doc)) doc[key] = value;
    doc = orderedLike(item, doc);
  }
  if (!ctx.entities.update(ctx.tenant, collection, id, doc)) ctx.entities.insert(ctx.tenant, collection, id, doc);
  return doc;
}

/** A flow run, kept as it is but for its tenant fields; its flow must exist in the tenant. */
/**
 * A run is stored as the set gives it. Its flow need not exist: a flow deleted after it ran leaves
 * its runs (GET /runs still lists them), and an export of that state must seed back.
 */
export function seedRun(ctx: FlowContext, item: Document): Document {
  const tenantFields = systemFields(ctx, String(item.id));
  const doc = orderedLike(item, {
    ...item,
    sandboxId: tenantFields.sandboxId,
    sandboxName: tenantFields.sandboxName,
    imsOrgId: tenantFields.imsOrgId,
  });
  if (!ctx.entities.update(ctx.tenant, "runs", String(item.id), doc)) ctx.entities.insert(ctx.tenant, "runs", String(item.id), doc);
  return doc;
}

/**
 * An exported mapping set is its current version as GET answers it, plus `previousVersions`. After
 * the mapping set is created from it (checked like a POST), its stored versions replace the fresh
 * version 0, ids and dates included. An item without `version` and `createdDate` is a plain body.
 */
export function restoreMappingSetVersions(repository: MappingSetRepository, tenant: Tenant, id: string, item: Document): void {
  if (typeof item.version !== "number" || typeof item.createdDate !== "number") return;
  const { previousVersions, ...current } = item;
  const versions = [...(Array.isArray(previousVersions) ? previousVersions : []), { id, ...current }] as StoredMappingSet[];
  versions.forEach((version, index) => {
    if (version !== null && typeof version === "object" && version.id === id && version.version === index) return;
    throw placeholderError(
      400,
      "BadRequestError",
      `The mapping set ${id} has versions that are not 0, 1, 2... in order: previousVersions and version must number its versions from 0.`,
    );
  });
  repository.create(tenant, versions[0]);
  for (const version of versions.slice(1)) repository.append(tenant, version);
}

/** The item's keys in the item's order, then any the document adds. */
function orderedLike(template: Document, doc: Document): Document {
  const ordered: Document = {};
  for (const key of Object.keys(template)) if (key in doc) ordered[key] = doc[key];
  for (const key of Object.keys(doc)) if (!(key in ordered)) ordered[key] = doc[key];
  return ordered;
}

function inletIdOf(auth: unknown): string | undefined {
  const inletId = (auth as { params?: { inletId?: unknown } } | undefined)?.params?.inletId;
  return typeof inletId === "string" ? inletId : undefined;
}

function inletIdOfUrl(url: unknown): string | undefined {
  return typeof url === "string" ? /\/collection\/([0-9a-f]{64})$/.exec(url)?.[1] : undefined;
}

/** Whether the item names an inlet id that no other document (of any tenant) owns. */
function inletFree(ctx: FlowContext, collection: string, id: string, inletId: string | undefined): boolean {
  if (inletId === undefined) return false;
  const owner = ctx.entities.findByInlet(inletId);
  if (owner === undefined) return true;
  const sameTenant = owner.tenant.imsOrgId === ctx.tenant.imsOrgId && owner.tenant.sandboxName === ctx.tenant.sandboxName;
  return sameTenant && owner.kind === collection && owner.doc.id === id;
}

/** A webhook flow's inlet URL, moved onto this emulator's inlet base URL. */
function rebasedOptions(ctx: FlowContext, options: Document | undefined): Document | undefined {
  const inletId = inletIdOfUrl(options?.inletUrl);
  if (inletId === undefined) return options;
  return { ...options, inletUrl: `${ctx.deps.inletBaseUrl()}/collection/${inletId}` };
}
