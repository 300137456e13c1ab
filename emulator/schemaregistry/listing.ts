import { XDM, xdmError } from "../platform/errors.js";
import type { Document } from "../store/entities.js";

/**
 * Schema Registry listings: `property` filters (`field==value`, `field!=value`, `field`), `orderby`
 * (`title`, `-title`, `title,description`; `updated` when absent, as `_page.orderby` says), and
 * `start` + `limit`: `start` is a value of the primary sort field and the page begins strictly
 * after it. Adobe's spec says `start` and `limit` need `orderby`, but clients such as aepp send
 * `limit` alone and follow `_page.next` as `start` without `orderby`: both apply to the default order.
 */
export interface ListingQuery {
  /** Repeated in Adobe's union listing: `property=meta:immutableTags==union&property=meta:class==…`. */
  property?: string | string[];
  orderby?: string;
  start?: string;
  limit?: string;
}

export interface Listing {
  results: Document[];
  orderby: string;
  /** The `start` of the next page, when more results follow. */
  next: string | null;
}

const MAX_LIMIT = 500;
const DEFAULT_ORDER = "updated";

interface SortKey {
  field: string;
  descending: boolean;
}

export function listResources(docs: Document[], query: ListingQuery): Listing {
  const orderby = query.orderby?.trim() || DEFAULT_ORDER;
  const keys = parseOrderby(orderby);
  const limit = parseLimit(query.limit);
  const filtered = docs.filter(matches(parseProperty(query.property)));
  const sorted = filtered.sort((a, b) => compareBy(keys, a, b));
  const started = query.start === undefined ? sorted : sorted.filter((doc) => afterStart(keys[0], doc, query.start as string));
  const results = limit === undefined ? started : pageOf(started, limit, keys[0].field);
  const more = results.length < started.length && results.length > 0;
  const last = results[results.length - 1];
  return { results, orderby, next: more ? String(valueOf(last, keys[0].field)) : null };
}

/**
 * `limit` is a hint (Adobe's spec): the next page starts strictly after the last value of the
 * primary sort field, so a page never ends inside a run of equal values, or the rest of the run
 * could never be read.
 */
function pageOf(sorted: Document[], limit: number, field: string): Document[] {
  if (limit === 0 || limit >= sorted.length) return sorted.slice(0, limit);
  const boundary = valueOf(sorted[limit - 1], field);
  let end = limit;
  while (end < sorted.length && compareValues(valueOf(sorted[end], field), boundary) === 0) end += 1;
  return sorted.slice(0, end);
}

function parseOrderby(orderby: string): SortKey[] {
  return orderby.split(",").map((part) => {
    const text = part.trim();
    const descending = text.startsWith("-");
    const field = text.replace(/^[-+ ]/, "").trim();
    if (!/^[A-Za-z0-9_:$@-]+$/.test(field)) throw xdmError(XDM.invalidRequest, `orderby names an invalid field: ${part}`);
    return { field, descending };
  });
}

function parseLimit(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^[0-9]{1,3}$/.test(text) || Number(text) > MAX_LIMIT) {
    throw xdmError(XDM.invalidRequest, `limit must be an integer between 0 and ${MAX_LIMIT}; got ${text}.`);
  }
  return Number(text);
}

type Condition = (doc: Document) => boolean;

function parseProperty(property: string | string[] | undefined): Condition[] {
  const texts = property === undefined ? [] : [property].flat();
  return texts.filter((text) => text.trim() !== "").flatMap((text) => text.split(",").map(parseCondition));
}

function parseCondition(raw: string): Condition {
  const match = /^([^=!]+?)\s*(==|!=)\s*(.*)$/.exec(raw.trim());
  if (match === null) {
    const field = raw.trim();
    if (!/^[A-Za-z0-9_:$@-]+$/.test(field)) throw xdmError(XDM.invalidRequest, `property names an invalid filter: ${raw}`);
    return (doc: Document) => valueOf(doc, field) !== undefined;
  }
  const [, field, operator, value] = match;
  const equals = (doc: Document) => {
    const actual = valueOf(doc, field.trim());
    return Array.isArray(actual) ? actual.map(String).includes(value) : actual !== undefined && String(actual) === value;
  };
  return operator === "==" ? equals : (doc: Document) => !equals(doc);
}

function matches(conditions: Condition[]): Condition {
  return (doc) => conditions.every((condition) => condition(doc));
}

/** `created` and `updated` are the registry metadata dates; any other field is top-level. */
function valueOf(doc: Document, field: string): unknown {
  const metadata = (doc["meta:registryMetadata"] ?? {}) as Document;
  if (field === "updated") return metadata["repo:lastModifiedDate"];
  if (field === "created") return metadata["repo:createdDate"];
  return doc[field];
}

function compareBy(keys: SortKey[], a: Document, b: Document): number {
  for (const key of keys) {
    const order = compareValues(valueOf(a, key.field), valueOf(b, key.field));
    if (order !== 0) return key.descending ? -order : order;
  }
  return 0;
}

function compareValues(a: unknown, b: unknown): number {
  if (a === b) return 0;
  if (a === undefined) return 1;
  if (b === undefined) return -1;
  if (typeof a === "number" && typeof b === "number") return a - b;
  return String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;
}

function afterStart(key: SortKey, doc: Document, start: string): boolean {
  const value = valueOf(doc, key.field);
  const startValue = typeof value === "number" && /^-?[0-9]+(\.[0-9]+)?$/.test(start) ? Number(start) : start;
  const order = compareValues(value, startValue);
  return key.descending ? order < 0 : order > 0;
}
