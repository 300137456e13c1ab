import { EvaluationError } from "../errors.js";
import { compileGetter, parsePath, type Getter } from "../paths.js";
import { isNil, isObject, requireString, setOwn, toText, typeName, type JsonObject } from "../values.js";
import { def, MANY, type CallContext, type FunctionTable } from "./registry.js";

export function isEmpty(value: unknown): boolean {
  if (isNil(value)) return true;
  if (typeof value === "string" || Array.isArray(value)) return value.length === 0;
  if (isObject(value)) return Object.keys(value).length === 0;
  return false;
}

/** Pairs of (key, array) zipped into objects: element i gets every key's i-th value. */
function arraysToObject(args: unknown[]): unknown {
  if (args.length % 2 !== 0) throw new EvaluationError("arrays_to_object expects pairs of key and array");
  const columns: { key: string; values: unknown[] }[] = [];
  for (let i = 0; i < args.length; i += 2) {
    const values = args[i + 1];
    columns.push({ key: requireString(args[i], "arrays_to_object key"), values: Array.isArray(values) ? values : isNil(values) ? [] : [values] });
  }
  const length = Math.max(0, ...columns.map((c) => c.values.length));
  return Array.from({ length }, (_, row) => {
    const item: JsonObject = {};
    for (const column of columns) if (row < column.values.length) setOwn(item, column.key, column.values[row]);
    return item;
  });
}

/** A flat key, value, key, value... list (or one array holding it) as an object. */
export function pairsToObject(args: unknown[], name: string): JsonObject {
  const flat = args.length === 1 && Array.isArray(args[0]) ? args[0] : args;
  if (flat.length % 2 !== 0) throw new EvaluationError(`${name} expects an even number of arguments (key, value pairs)`);
  const result: JsonObject = {};
  for (let i = 0; i < flat.length; i += 2) {
    if (isNil(flat[i])) throw new EvaluationError(`${name} keys must not be null`);
    setOwn(result, toText(flat[i]), flat[i + 1]);
  }
  return result;
}

/** "k1:v1,k2:v2" with literal delimiters; keys and values are trimmed, a pair without a value gets null. */
function parsePairs(input: string, valueDelimiter: string, fieldDelimiter: string): JsonObject {
  const result: JsonObject = {};
  for (const field of input.split(fieldDelimiter)) {
    const at = field.indexOf(valueDelimiter);
    const key = (at < 0 ? field : field.slice(0, at)).trim();
    if (key === "") continue;
    setOwn(result, key, at < 0 ? null : field.slice(at + valueDelimiter.length).trim());
  }
  return result;
}

function delimiter(value: unknown, fallback: string): string {
  return isNil(value) || value === "" ? fallback : toText(value);
}

function strToObject(args: unknown[]): unknown {
  if (isNil(args[0])) return null;
  return parsePairs(requireString(args[0], "str_to_object input"), delimiter(args[1], ":"), delimiter(args[2], ","));
}

function getValues(args: unknown[]): unknown {
  if (isNil(args[0]) || isNil(args[1])) return null;
  const pairs = parsePairs(requireString(args[0], "get_values input"), delimiter(args[2], ":"), delimiter(args[3], ","));
  const key = toText(args[1]).trim();
  return Object.hasOwn(pairs, key) ? pairs[key] : null;
}

const pathCache = new Map<string, Getter>();

function sourceGetter(path: string): Getter {
  const cached = pathCache.get(path);
  if (cached) return cached;
  const getter = compileGetter(parsePath(path));
  if (pathCache.size > 256) pathCache.clear();
  pathCache.set(path, getter);
  return getter;
}

/** Whether a source path (same syntax as ATTRIBUTE sources) is present in the record. */
function containsKey(args: unknown[], context: CallContext): boolean {
  if (isNil(args[0])) return false;
  const path = requireString(args[0], "contains_key path");
  let getter: Getter;
  try {
    getter = sourceGetter(path);
  } catch {
    return false;
  }
  const found = getter(context.record);
  if (found === undefined) return false;
  if (!Array.isArray(found) || !path.includes("[*]")) return true;
  return found.some((value) => value !== undefined);
}

export function requireObject(value: unknown, what: string): JsonObject {
  if (isObject(value)) return value;
  throw new EvaluationError(`${what} must be an object, got ${typeName(value)}`);
}

export const objectFunctions: FunctionTable = {
  is_empty: def(1, 1, (args) => isEmpty(args[0])),
  arrays_to_object: def(2, MANY, arraysToObject),
  // The docs' own example calls it arrays_to_objects.
  arrays_to_objects: def(2, MANY, arraysToObject),
  to_object: def(1, MANY, (args) => pairsToObject(args, "to_object")),
  str_to_object: def(1, 3, strToObject),
  contains_key: def(1, 1, containsKey),
  is_set: def(1, 1, containsKey),
  nullify: def(0, 0, () => null),
  get_keys: def(1, 1, (args) => (isNil(args[0]) ? null : Object.keys(requireObject(args[0], "get_keys input")))),
  get_values: def(2, 4, getValues),
};
