import { DATAPREP, dataprepError } from "../platform/errors.js";
import { queryBoolean } from "../platform/query.js";
import type { StoredMappingSet } from "./mapping-set.js";

/**
 * GET /mappingSets: offset paging (`start` and `limit`, 0 and 10 when absent), `name`, and
 * `orderBy` over `createdDate` or `updatedDate` (`lastUpdateDate`, the spec's default, is the same
 * field) with `+` (ascending, the default) or `-` (descending).
 */
export const MAX_LIMIT = 1000;

export interface MappingSetListQuery {
  limit: number;
  start: number;
  name?: string;
  orderBy: { field: "createdDate" | "modifiedDate"; descending: boolean; raw: string };
  expandSchema: boolean;
}

const ORDER_FIELDS: Record<string, "createdDate" | "modifiedDate"> = {
  createdDate: "createdDate",
  updatedDate: "modifiedDate",
  lastUpdateDate: "modifiedDate",
};

export interface RawListQuery {
  limit?: string;
  start?: string;
  name?: string;
  orderBy?: string;
  expandSchema?: string;
}

/**
 * The docs require `start` and `limit`, but the spec gives them defaults (0 and 10) and aepp's
 * getMappingSets sends `limit` alone: a missing one takes the spec's default.
 */
export function parseListQuery(raw: RawListQuery): MappingSetListQuery {
  return {
    limit: Math.min(integer("limit", raw.limit ?? "10", 1), MAX_LIMIT),
    start: integer("start", raw.start ?? "0", 0),
    ...(raw.name === undefined ? {} : { name: raw.name }),
    orderBy: parseOrderBy(raw.orderBy ?? "lastUpdateDate"),
    expandSchema: parseBoolean("expandSchema", raw.expandSchema),
  };
}

export function integer(name: string, text: string, minimum: number): number {
  if (!/^[0-9]{1,9}$/.test(text) || Number(text) < minimum) {
    throw invalid(`${name} must be an integer of at least ${minimum}; got ${text}.`);
  }
  return Number(text);
}

export function parseBoolean(name: string, text: string | undefined): boolean {
  if (text === undefined) return false;
  const value = queryBoolean(text);
  if (value !== undefined) return value;
  throw invalid(`${name} must be true or false; got ${text}.`);
}

/** A `+` in a query string arrives as a space. */
function parseOrderBy(text: string): MappingSetListQuery["orderBy"] {
  const match = /^([+\- ]?)([A-Za-z]+)$/.exec(text);
  const field = match === null ? undefined : ORDER_FIELDS[match[2]];
  if (match === null || field === undefined) {
    throw invalid(`orderBy must be createdDate or updatedDate, prefixed with + (ascending) or - (descending); got ${text}.`);
  }
  return { field, descending: match[1] === "-", raw: text };
}

export function selectPage(sets: StoredMappingSet[], query: MappingSetListQuery): { page: StoredMappingSet[]; more: boolean } {
  const { field, descending } = query.orderBy;
  const selected = sets.filter((set) => query.name === undefined || set.name === query.name);
  const sorted = selected.sort((a, b) => {
    const order = a[field] - b[field] || a.createdDate - b.createdDate || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
    return descending ? -order : order;
  });
  return { page: sorted.slice(query.start, query.start + query.limit), more: sorted.length > query.start + query.limit };
}

/** The next page's link, keeping the query's other parameters. */
export function nextHref(base: string, query: MappingSetListQuery): string {
  const params = new URLSearchParams({ limit: String(query.limit), start: String(query.start + query.limit) });
  if (query.name !== undefined) params.set("name", query.name);
  params.set("orderBy", query.orderBy.raw.replace(/^ /, "+"));
  if (query.expandSchema) params.set("expandSchema", "true");
  return `${base}?${params.toString()}`;
}

function invalid(detail: string) {
  return dataprepError(DATAPREP.invalidRequest, detail);
}
