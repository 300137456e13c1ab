import { z } from "@hono/zod-openapi";
import { CATALOG, catalogError } from "../platform/errors.js";
import { RegexTimeLimit, runUserRegex } from "../platform/user-regex.js";
import type { Document } from "../store/entities.js";

/**
 * The filters of GET /dataSets (catalog.yaml listDatasets): a field's own query parameter
 * (`?createdClient=...`: an exact match, `a,b` for any of them, `!a` or `!a,b` for none of them),
 * `property` (`name==x`, `name!=x`, `created>1`, `<`, `<=`, `>=`, `name~regex`, `name` for "has the
 * field", `!name` for "has not"; repeated, all must hold) and `tags` (`name:value` pairs, all must
 * hold). A `*` in a name or a tag value is a wildcard, `**` a literal asterisk (filter-data.md).
 */
const FIELD_FILTERS = ["version", "created", "updated", "createdClient", "createdUser", "updatedUser", "name", "description", "enableErrorDiagnostics"] as const;

const exactly = (field: string) =>
  z.string().optional().openapi({ description: `Only datasets whose ${field} is one of these comma-separated values (none of them after a leading !)` });

/** The filter parameters, spread into the route's query schema. */
export const filterQuery = {
  version: exactly("version"),
  created: exactly("created"),
  updated: exactly("updated"),
  createdClient: exactly("createdClient"),
  createdUser: exactly("createdUser"),
  updatedUser: exactly("updatedUser"),
  name: exactly("name"),
  description: exactly("description"),
  enableErrorDiagnostics: exactly("enableErrorDiagnostics"),
  property: z
    .union([z.string(), z.array(z.string())])
    .optional()
    .openapi({ description: "name==x, name!=x, created>1, created<=2, name~regex, name (has it), !name (has it not); repeat to AND" }),
  tags: z
    .string()
    .optional()
    .openapi({ description: "tagName:value pairs, comma-separated, all must hold; * in a value is a wildcard, tagName:* has the tag" }),
};

type Filters = Partial<Record<(typeof FIELD_FILTERS)[number], string>> & { property?: string | string[]; tags?: string };
type Test = (doc: Document) => boolean;

const COMPARISON = /^([A-Za-z0-9_.]+)(==|!=|<=|>=|<|>|~)(.*)$/s;
const FIELD = /^(!?)([A-Za-z0-9_.]+)$/;

export function dataSetFilter(query: Filters): Test {
  const tests: Test[] = [];
  for (const field of FIELD_FILTERS) {
    const value = query[field];
    if (value !== undefined) tests.push(simpleFilterTest(field, value));
  }
  const properties = query.property === undefined ? [] : [query.property].flat();
  for (const expression of properties) tests.push(propertyTest(expression));
  if (query.tags !== undefined) tests.push(...query.tags.split(",").map(tagTest));
  return (doc) => tests.every((test) => test(doc));
}

/** `name=a,b` keeps a dataset whose name is any of them; `name=!a,b` one whose name is none of them. */
function simpleFilterTest(field: string, value: string): Test {
  const negated = value.startsWith("!");
  const matchers = (negated ? value.slice(1) : value).split(",").map((wanted) => valueMatcher(field, wanted));
  return (doc) => {
    const actual = doc[field];
    const matched = actual !== undefined && matchers.some((matches) => matches(String(actual)));
    return matched !== negated;
  };
}

/** Equality, except that a name's `*` matches any run of characters and `**` is one asterisk. */
function valueMatcher(field: string, wanted: string): (actual: string) => boolean {
  return field === "name" ? wildcardMatcher(wanted) : (actual) => actual === wanted;
}

/**
 * `tagName:value`: the dataset has the tag with a value that matches; `tagName:*` has the tag,
 * whatever its values. The first colon ends the name: values such as `enabled:true` hold colons.
 */
function tagTest(pair: string): Test {
  const text = pair.trim();
  const colon = text.indexOf(":");
  if (colon <= 0) throw catalogError(CATALOG.badRequest, `tags must look like tagName:value, tagName:prefix* or tagName:*; got ${text}.`);
  const name = text.slice(0, colon);
  const wanted = text.slice(colon + 1);
  const matches = wildcardMatcher(wanted);
  return (doc) => {
    const tags = doc.tags;
    if (tags === null || typeof tags !== "object" || !Object.hasOwn(tags, name)) return false;
    const values = (tags as Record<string, unknown>)[name];
    return wanted === "*" || (Array.isArray(values) && values.some((value) => matches(String(value))));
  };
}

function wildcardMatcher(wanted: string): (actual: string) => boolean {
  if (!wanted.includes("*")) return (actual) => actual === wanted;
  const literals = wanted.split("**").map((part) => part.split("*"));
  // The literal runs between wildcards; a `**` joins the neighbouring runs with an asterisk.
  const segments = literals.reduce((joined, parts) => (joined.length === 0 ? parts : [...joined.slice(0, -1), `${joined.at(-1)}*${parts[0]}`, ...parts.slice(1)]), [] as string[]);
  return (actual) => matchesSegments(actual, segments);
}

/** `segments` in order, the first at the start and the last at the end: a wildcard match without backtracking. */
function matchesSegments(actual: string, segments: string[]): boolean {
  const first = segments[0];
  const last = segments[segments.length - 1];
  if (segments.length === 1) return actual === first;
  if (!actual.startsWith(first) || actual.length < first.length + last.length) return false;
  let from = first.length;
  for (const middle of segments.slice(1, -1)) {
    const at = actual.indexOf(middle, from);
    if (at === -1) return false;
    from = at + middle.length;
  }
  return actual.length - last.length >= from && actual.endsWith(last);
}

function propertyTest(expression: string): Test {
  const presence = FIELD.exec(expression);
  if (presence !== null) {
    const [, negated, path] = presence;
    return (doc) => (valueAt(doc, path) !== undefined) !== (negated === "!");
  }
  const comparison = COMPARISON.exec(expression);
  if (comparison === null) {
    throw catalogError(CATALOG.badRequest, `property must look like name==value, created>1, name~regex or name; got ${expression}.`);
  }
  const [, path, operator, value] = comparison;
  if (operator === "~") return regexTest(path, value);
  if (operator === "==" || operator === "!=") return equalityTest(path, value, operator === "!=");
  return (doc) => {
    const actual = scalarAt(doc, path);
    if (actual === undefined) return operator === "!=";
    const order = comparesAsNumber(actual, value) ? (actual as number) - Number(value) : compareText(String(actual), value);
    if (operator === "==") return order === 0;
    if (operator === "!=") return order !== 0;
    if (operator === "<") return order < 0;
    if (operator === "<=") return order <= 0;
    if (operator === ">") return order > 0;
    return order >= 0;
  };
}

function equalityTest(path: string, value: string, negated: boolean): Test {
  const matches = valueMatcher(path, value);
  return (doc) => {
    const actual = scalarAt(doc, path);
    if (actual === undefined) return negated;
    const equal = comparesAsNumber(actual, value) ? actual === Number(value) : matches(String(actual));
    return equal !== negated;
  };
}

function regexTest(path: string, source: string): Test {
  let regex: RegExp;
  try {
    regex = new RegExp(source);
  } catch {
    throw catalogError(CATALOG.badRequest, `property ${path}~ needs a valid regular expression; got ${source}.`);
  }
  return (doc) => {
    const actual = scalarAt(doc, path);
    if (actual === undefined) return false;
    try {
      return runUserRegex(regex, () => regex.test(String(actual)));
    } catch (error) {
      if (error instanceof RegexTimeLimit) throw catalogError(CATALOG.badRequest, error.message);
      throw error;
    }
  };
}

/** The string, number or boolean at `path`; undefined for none, null, an object or an array. */
function scalarAt(doc: Document, path: string): string | number | boolean | undefined {
  const value = valueAt(doc, path);
  return value === null || typeof value === "object" ? undefined : (value as string | number | boolean | undefined);
}

/** A number field against a value written as a number compares as numbers; anything else as text. */
function comparesAsNumber(actual: unknown, value: string): boolean {
  return typeof actual === "number" && value.trim() !== "" && !Number.isNaN(Number(value));
}

/** Code-point order, the same in every locale. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** `schemaRef.id`: a dotted path into the dataset. */
function valueAt(doc: Document, path: string): unknown {
  let node: unknown = doc;
  for (const step of path.split(".")) {
    if (node === null || typeof node !== "object" || Array.isArray(node) || !Object.hasOwn(node, step)) return undefined;
    node = (node as Document)[step];
  }
  return node;
}
