import { z } from "@hono/zod-openapi";
import { FLOW, flowError } from "./errors.js";

/**
 * Flow Service list queries: `property=` filters, `orderby`, `limit` with an opaque
 * `continuationToken`, and `count`. Parsing yields plain data; `filterSql` and `orderSql` turn it
 * into SQL over the stored JSON document with bound parameters only.
 */

export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 1000;
/**
 * Bounds on `property=` filters (Adobe documents none) that keep every query inside SQLite's limits
 * on bound parameters and expression depth; beyond them a query is a 400, never a 500.
 */
export const MAX_FILTERS = 50;
export const MAX_FILTER_VALUES = 100;
export const MAX_PATH_SEGMENTS = 32;
export const MAX_ARRAY_LEVELS = 4;

export interface PathSegment {
  key: string;
  /** `[]` after the key: the filter matches when any element matches. */
  each: boolean;
}

export type Operator = "==" | "!=" | ">" | ">=" | "<" | "<=";

export type FilterValue = string | number | boolean;

export interface Filter {
  raw: string;
  path: PathSegment[];
  operator: Operator;
  values: FilterValue[];
}

export interface Ordering {
  raw: string;
  path: PathSegment[];
  descending: boolean;
}

/** Where the previous page stopped: the last row's sort value and sequence number. */
export interface Cursor {
  value: unknown;
  seq: number;
}

export interface ListQuery {
  filters: Filter[];
  ordering?: Ordering;
  limit: number;
  count: boolean;
  after?: Cursor;
}

const LIST_PARAMS = new Set(["property", "orderby", "orderBy", "limit", "continuationToken", "count"]);

export function parseListQuery(query: Record<string, string[]>): ListQuery {
  for (const name of Object.keys(query)) {
    if (!LIST_PARAMS.has(name)) throw queryError(FLOW.queryParam, `Invalid params ${name} provided in query params.`);
  }
  const token = single(query, "continuationToken");
  if (token !== undefined) return decodeContinuation(token);

  const count = parseCount(single(query, "count"));
  const limitText = single(query, "limit");
  if (count && limitText !== undefined) {
    throw queryError(
      FLOW.limitWithCount,
      "The limit and count parameters cannot be given together in the same request. Please provide either only the limit or the count parameter and try again.",
    );
  }
  const orderText = single(query, "orderby") ?? single(query, "orderBy");
  return {
    filters: parseFilters(query.property ?? []),
    ordering: orderText === undefined || orderText === "" ? undefined : parseOrdering(orderText),
    limit: parseLimit(limitText),
    count,
  };
}

/** Filters only (spec catalogues take `property=` and nothing else). */
export function parseFilterQuery(query: Record<string, string[]>): Filter[] {
  for (const name of Object.keys(query)) {
    if (name !== "property") throw queryError(FLOW.queryParam, `Invalid params ${name} provided in query params.`);
  }
  return parseFilters(query.property ?? []);
}

function parseFilters(raws: string[]): Filter[] {
  const given = raws.filter((raw) => raw !== "");
  if (given.length > MAX_FILTERS) {
    throw queryError(FLOW.queryValue, `Invalid query value property: at most ${MAX_FILTERS} property filters are allowed, got ${given.length}.`);
  }
  return given.map(parseFilter);
}

function single(query: Record<string, string[]>, name: string): string | undefined {
  const values = query[name];
  return values === undefined ? undefined : values[values.length - 1];
}

function parseCount(text: string | undefined): boolean {
  if (text === undefined) return false;
  const count = queryBoolean(text);
  if (count !== undefined) return count;
  throw queryError(FLOW.queryValue, `Invalid query value count=${text} provided in query param.`);
}

function parseLimit(text: string | undefined): number {
  if (text === undefined) return DEFAULT_PAGE_SIZE;
  if (!/^[0-9]{1,9}$/.test(text) || Number(text) < 1) {
    throw queryError(FLOW.queryValue, `Invalid query value limit=${text} provided in query param.`);
  }
  return Math.min(Number(text), MAX_PAGE_SIZE);
}

// --- property= filters --------------------------------------------------------------------------

const KEY = /^[A-Za-z0-9_@$:-]+$/;
const OPERATOR_CHARS = /[=!<>~]/;
const OPERATORS: Record<string, Operator> = { "==": "==", "=": "==", "!=": "!=", ">": ">", ">=": ">=", "<": "<", "<=": "<=" };
/** The operators that order values; an `id` is only ever equal or not (flow-service-errors.md, 1448). */
const COMPARISONS: ReadonlySet<Operator> = new Set([">", ">=", "<", "<="]);
const NUMERIC_FIELDS = /(^|\.)(createdAt|updatedAt|started|updated|startTime|[A-Za-z]+AtUTC)$/;
/**
 * Fields whose values are Adobe's lower-case words (enabled, disabled, draft; success, failed),
 * which Adobe's docs also filter in other cases (`metrics.statusSummary.status==Failed` in the
 * filtering guide; the spec's status enum is upper case): the value is read in lower case.
 */
const LOWER_CASE_FIELDS = new Set(["state", "metrics.statusSummary.status", "lastRunDetails.state"]);

export function parseFilter(raw: string): Filter {
  const start = raw.search(OPERATOR_CHARS);
  if (start <= 0) throw queryError(FLOW.queryValue, `Invalid query value ${raw} provided in query param.`);
  let end = start;
  while (end < raw.length && OPERATOR_CHARS.test(raw[end])) end++;

  const fieldText = raw.slice(0, start).trim();
  const operatorText = raw.slice(start, end);
  const valueText = raw.slice(end).trim();

  if (operatorText.includes("~")) throw queryError(FLOW.operatorNotImplemented, `Operator '${operatorText}' not implemented.`);
  const operator = OPERATORS[operatorText];
  if (operator === undefined) throw queryError(FLOW.filterOperator, `Invalid operator ${operatorText} in filter params.`);
  const path = parseFieldPath(fieldText, () => queryError(FLOW.filterField, `Invalid field ${fieldText} in filter params.`));
  if (fieldText === "id" && COMPARISONS.has(operator)) {
    throw queryError(FLOW.operatorNotSupported, `Operator ${operator} not supported for field ${fieldText}.`);
  }
  if (valueText === "") throw queryError(FLOW.queryValue, `Invalid query value ${raw} provided in query param.`);

  const lowerCase = LOWER_CASE_FIELDS.has(fieldText);
  const values = splitValues(valueText)
    .map(parseValue)
    .map((value) => (lowerCase && typeof value === "string" ? value.toLowerCase() : value));
  if (values.length > MAX_FILTER_VALUES) {
    throw queryError(FLOW.queryValue, `Invalid query value ${fieldText}: at most ${MAX_FILTER_VALUES} values are allowed in one filter, got ${values.length}.`);
  }
  if (values.length > 1 && operator !== "==" && operator !== "!=") {
    throw queryError(FLOW.operatorMultipleValues, `Operator '${operator}' is not allowed for multiple values.`);
  }
  // A time takes one number: the catalogue's 1452 example is a list of two for createdAt.
  if (NUMERIC_FIELDS.test(fieldText.replace(/\[\]/g, "")) && (values.length > 1 || typeof values[0] !== "number")) {
    throw queryError(FLOW.filterValue, `Invalid value ${valueText} for field ${fieldText}.`);
  }
  return { raw, path, operator, values };
}

/** An equality filter built in code, for reference checks (`sourceConnectionIds[]` == id). */
export function equalsFilter(field: string, value: string): Filter {
  const path = parseFieldPath(field, () => new Error(`invalid field ${field}`));
  return { raw: `${field}==${value}`, path, operator: "==", values: [value] };
}

function parseFieldPath(text: string, invalid: () => Error): PathSegment[] {
  if (text === "") throw invalid();
  const parts = text.split(".");
  if (parts.length > MAX_PATH_SEGMENTS || parts.filter((part) => part.endsWith("[]")).length > MAX_ARRAY_LEVELS) throw invalid();
  return parts.map((part) => {
    const each = part.endsWith("[]");
    const key = each ? part.slice(0, -2) : part;
    if (!KEY.test(key)) throw invalid();
    return { key, each };
  });
}

/** Commas separate values (an OR list) except inside quotes. */
function splitValues(text: string): string[] {
  const values: string[] = [];
  let current = "";
  let quote: string | undefined;
  for (const char of text) {
    if (quote !== undefined) {
      if (char === quote) quote = undefined;
      current += char;
    } else if (char === '"' || char === "'") {
      quote = char;
      current += char;
    } else if (char === ",") {
      values.push(current.trim());
      current = "";
    } else {
      current += char;
    }
  }
  values.push(current.trim());
  if (quote !== undefined || values.some((value) => value === "")) {
    throw queryError(FLOW.filterValueType, "Unhandled Filter Value Type provided.");
  }
  return values;
}

function parseValue(text: string): FilterValue {
  const quoted = /^(["'])(.*)\1$/s.exec(text);
  if (quoted) return quoted[2];
  if (/^-?(0|[1-9][0-9]*)(\.[0-9]+)?$/.test(text)) return Number(text);
  if (text === "true") return true;
  if (text === "false") return false;
  return text;
}

/**
 * A boolean query parameter's value (each defaults to false), or undefined when the text is none.
 * Read as Java's web frameworks read it (Spring): trimmed, in any letter case (Python's requests
 * sends a bool as `True`), and an empty value is the default (Adobe's Postman collection sends
 * `syncValidation=` when its variable is empty).
 */
export function queryBoolean(text: string): boolean | undefined {
  const lower = text.trim().toLowerCase();
  if (lower === "") return false;
  if (lower === "true") return true;
  if (lower === "false") return false;
  return undefined;
}

/** A boolean query parameter in a route definition; read its value with `queryBoolean`. */
export const QueryBoolean = z.string().refine((text) => queryBoolean(text) !== undefined, "must be true or false");

// --- orderby ------------------------------------------------------------------------------------

export function parseOrdering(raw: string): Ordering {
  // A '+' in a query string arrives as a space.
  const sign = raw[0];
  const descending = sign === "-";
  const field = sign === "+" || sign === " " || sign === "-" ? raw.slice(1) : raw;
  if (/^[+\- ]|[+\-]$/.test(field) || field === "") {
    throw queryError(
      FLOW.sortOrder,
      "Sort order specified is not correct, prepend + for ascending order and - for descending order in the fieldName.",
    );
  }
  const invalid = () => queryError(FLOW.sortField, `Incorrect field= ${field} passed in orderBy, example are +name, -name, name.`);
  const path = parseFieldPath(field, invalid);
  if (path.some((segment) => segment.each)) throw invalid();
  return { raw, path, descending };
}

// --- continuation tokens ------------------------------------------------------------------------

export function encodeContinuation(query: ListQuery, after: Cursor): string {
  const payload = {
    f: query.filters.map((filter) => filter.raw),
    o: query.ordering?.raw ?? null,
    l: query.limit,
    k: [after.value ?? null, after.seq],
  };
  return Buffer.from(JSON.stringify(payload)).toString("base64url");
}

function decodeContinuation(token: string): ListQuery {
  const invalid = () => queryError(FLOW.queryValue, `Invalid query value continuationToken=${token} provided in query param.`);
  let payload: { f?: unknown; o?: unknown; l?: unknown; k?: unknown };
  try {
    payload = JSON.parse(Buffer.from(token, "base64url").toString("utf8"));
  } catch {
    throw invalid();
  }
  const { f, o, l, k } = payload ?? {};
  const valid =
    Array.isArray(f) && f.every((item) => typeof item === "string") &&
    (o === null || typeof o === "string") &&
    typeof l === "number" && Number.isInteger(l) && l >= 1 && l <= MAX_PAGE_SIZE &&
    Array.isArray(k) && k.length === 2 && typeof k[1] === "number" && Number.isInteger(k[1]) &&
    (k[0] === null || ["string", "number"].includes(typeof k[0]));
  if (!valid) throw invalid();
  return {
    filters: parseFilters(f as string[]),
    ordering: o === null ? undefined : parseOrdering(o as string),
    limit: l as number,
    count: false,
    after: { value: (k as unknown[])[0], seq: (k as number[])[1] },
  };
}

function queryError(code: (typeof FLOW)[keyof typeof FLOW], message: string): Error {
  return flowError(code, message);
}

// --- SQL ----------------------------------------------------------------------------------------

export interface SqlFragment {
  sql: string;
  params: unknown[];
}

/** `$."a"."b"` for the JSON functions; keys are quoted so no character in them is special. */
export function jsonPath(segments: PathSegment[]): string {
  return "$" + segments.map((segment) => `."${segment.key}"`).join("");
}

/**
 * Top-level fields of the document that the table also keeps in a column of their own, holding
 * exactly what json_extract gives for them (field name -> column name). Conditions and orderings
 * on them read the column, so that SQLite can use the column's index.
 */
export type FieldColumns = Readonly<Record<string, string>>;

/** The SQL condition for one filter over the JSON column `column`. */
export function filterSql(filter: Filter, column: string, fieldColumns: FieldColumns = {}): SqlFragment {
  return pathCondition(filter.path, column, 0, (value) => compare(value, filter), fieldColumns);
}

function pathCondition(
  path: PathSegment[],
  source: string,
  depth: number,
  condition: (value: SqlFragment) => SqlFragment,
  fieldColumns: FieldColumns,
): SqlFragment {
  const arrayAt = path.findIndex((segment) => segment.each);
  if (arrayAt === -1) {
    return condition(depth === 0 && path.length > 0 ? documentField(source, path, fieldColumns) : extract(source, path));
  }
  const alias = `j${depth}`;
  const inner = pathCondition(path.slice(arrayAt + 1), `${alias}.value`, depth + 1, condition, fieldColumns);
  const elements = path.slice(0, arrayAt + 1);
  return {
    sql: `EXISTS (SELECT 1 FROM json_each(${source}, ?) AS ${alias} WHERE ${inner.sql})`,
    params: [jsonPath(elements), ...inner.params],
  };
}

/** Inside json_each the element may be a bare string, which json_extract cannot read. */
function extract(source: string, path: PathSegment[]): SqlFragment {
  if (path.length === 0) return { sql: source, params: [] };
  const alias = source.slice(0, source.indexOf("."));
  return {
    sql: `(CASE WHEN ${alias}.type = 'object' THEN json_extract(${source}, ?) END)`,
    params: [jsonPath(path)],
  };
}

function compare(value: SqlFragment, filter: Filter): SqlFragment {
  const { operator, values } = filter;
  if (operator === "==" || operator === "!=") {
    const candidates = values.flatMap(equalityForms);
    const list = candidates.map(() => "?").join(", ");
    const sql = operator === "==" ? `${value.sql} IN (${list})` : `(${value.sql} IS NULL OR ${value.sql} NOT IN (${list}))`;
    const params = operator === "==" ? [...value.params, ...candidates] : [...value.params, ...value.params, ...candidates];
    return { sql, params };
  }
  const target = values[0];
  const numeric = typeof target === "number";
  const typeCheck = numeric ? `typeof(${value.sql}) IN ('integer', 'real')` : `typeof(${value.sql}) = 'text'`;
  return {
    sql: `(${typeCheck} AND ${value.sql} ${operator} ?)`,
    params: [...value.params, ...value.params, numeric ? target : String(target)],
  };
}

/** A bare value matches a JSON string or number of the same spelling, and booleans as stored by SQLite. */
function equalityForms(value: FilterValue): unknown[] {
  if (typeof value === "number") return [value, String(value)];
  if (typeof value === "boolean") return [value ? 1 : 0, String(value)];
  return [value];
}

/** ORDER BY clause and keyset condition for paging from a cursor. */
export function orderSql(
  ordering: Ordering | undefined,
  column: string,
  fieldColumns: FieldColumns = {},
): { key: SqlFragment; direction: "ASC" | "DESC" } {
  if (ordering === undefined) return { key: { sql: "NULL", params: [] }, direction: "ASC" };
  return { key: documentField(column, ordering.path, fieldColumns), direction: ordering.descending ? "DESC" : "ASC" };
}

/**
 * A field of the stored document: its own column when the table keeps one, else json_extract. A
 * path of plain keys is written into the SQL as a literal rather than bound: SQLite matches an index
 * on an expression only against the same text.
 */
function documentField(column: string, segments: PathSegment[], fieldColumns: FieldColumns): SqlFragment {
  if (segments.length === 1 && Object.hasOwn(fieldColumns, segments[0].key)) return { sql: fieldColumns[segments[0].key], params: [] };
  const path = jsonPath(segments);
  const literal = segments.every((segment) => /^[A-Za-z0-9_]+$/.test(segment.key));
  return literal ? { sql: `json_extract(${column}, '${path}')`, params: [] } : { sql: `json_extract(${column}, ?)`, params: [path] };
}

/**
 * Rows strictly after the cursor in (key, seq) order. SQLite sorts NULL first ascending and last
 * descending, and compares mixed types in the same order it sorts them, so the keyset holds.
 */
export function afterCursorSql(key: SqlFragment, direction: "ASC" | "DESC", cursor: Cursor): SqlFragment {
  const k = key.sql;
  if (direction === "ASC") {
    if (cursor.value === null) {
      return { sql: `((${k} IS NULL AND seq > ?) OR ${k} IS NOT NULL)`, params: [...key.params, cursor.seq, ...key.params] };
    }
    return {
      sql: `(${k} > ? OR (${k} = ? AND seq > ?))`,
      params: [...key.params, cursor.value, ...key.params, cursor.value, cursor.seq],
    };
  }
  if (cursor.value === null) {
    return { sql: `(${k} IS NULL AND seq < ?)`, params: [...key.params, cursor.seq] };
  }
  return {
    sql: `(${k} < ? OR (${k} = ? AND seq < ?) OR ${k} IS NULL)`,
    params: [...key.params, cursor.value, ...key.params, cursor.value, cursor.seq, ...key.params],
  };
}
