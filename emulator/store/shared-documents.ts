import type { Tenant } from "../platform/context.js";
import type { Document, EntityRepository } from "./entities.js";

/**
 * Parsed documents shared by the reads that only look at them (the references a write checks): a
 * source connection or mapping set named by every POST /flows is parsed once, not on each request.
 * An entry is answered only while the stored text is exactly the text it was parsed from, so a
 * changed, deleted or reset document is never answered from it. Shared documents are frozen.
 */
const MAX_DOCUMENTS = 256;
/** Larger documents are parsed on each read rather than held. */
const MAX_TEXT_LENGTH = 65_536;
/** All the texts held together (the parsed documents take a few times as much). */
const MAX_TOTAL_LENGTH = 1_048_576;

const parsedByEntity = new Map<string, { json: string; doc: Document }>();
let totalLength = 0;

/** The stored document, parsed once for every read of the same text; undefined when absent. */
export function sharedDocument(entities: EntityRepository, tenant: Tenant, kind: string, id: string): Document | undefined {
  const json = entities.getJson(tenant, kind, id);
  if (json === undefined) return undefined;
  const key = `${tenant.imsOrgId}\u0000${tenant.sandboxName}\u0000${kind}\u0000${id}`;
  const cached = parsedByEntity.get(key);
  if (cached !== undefined && cached.json === json) return cached.doc;
  const doc = deepFreeze(JSON.parse(json) as Document);
  if (json.length > MAX_TEXT_LENGTH) return doc;
  if (parsedByEntity.size >= MAX_DOCUMENTS || totalLength + json.length > MAX_TOTAL_LENGTH) {
    parsedByEntity.clear();
    totalLength = 0;
  }
  parsedByEntity.set(key, { json, doc });
  totalLength += json.length;
  return doc;
}

export function deepFreeze<T>(value: T): T {
  if (value === null || typeof value !== "object" || Object.isFrozen(value)) return value;
  for (const child of Object.values(value)) deepFreeze(child);
  return Object.freeze(value);
}
