import type { Tenant } from "../platform/context.js";
import type { Document, EntityRepository } from "./entities.js";

/**
 * Parsed documents shared by the reads that only look at them (the references a write checks): a
 * source connection or mapping set named by every POST /flows is parsed once, not on each request.
 * The cache is keyed by the stored text itself, so a changed, deleted or reset document can never
 * be answered from it: its text is a different key. Shared documents are frozen.
 */
const MAX_DOCUMENTS = 256;
/** V8 hashes a string's every character up to this length; longer ones would collide. */
const MAX_TEXT_LENGTH = 16_383;

const parsedByText = new Map<string, Document>();

/** The stored document, parsed once for every read of the same text; undefined when absent. */
export function sharedDocument(entities: EntityRepository, tenant: Tenant, kind: string, id: string): Document | undefined {
  const json = entities.getJson(tenant, kind, id);
  return json === undefined ? undefined : parsedOnce(json);
}

export function parsedOnce(json: string): Document {
  const cached = parsedByText.get(json);
  if (cached !== undefined) return cached;
  const doc = deepFreeze(JSON.parse(json) as Document);
  if (json.length > MAX_TEXT_LENGTH) return doc;
  if (parsedByText.size >= MAX_DOCUMENTS) parsedByText.clear();
  parsedByText.set(json, doc);
  return doc;
}

export function deepFreeze<T>(value: T): T {
  if (value === null || typeof value !== "object" || Object.isFrozen(value)) return value;
  for (const child of Object.values(value)) deepFreeze(child);
  return Object.freeze(value);
}
