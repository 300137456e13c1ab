import { EvaluationError } from "../errors.js";
import { isNil, isObject, setOwn, toText, type JsonObject } from "../values.js";
import { pairsToObject, requireObject } from "./objects.js";
import { def, MANY, type FunctionTable } from "./registry.js";

/** Maps are plain objects here; keys of any primitive type are used as their string form. */

function keyList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((k) => !isNil(k)).map(toText) : [toText(value)];
}

/** One key: its value. An array of keys: the distinct values of the keys present. */
function mapGetValues(args: unknown[]): unknown {
  if (isNil(args[0]) || isNil(args[1])) return null;
  const map = requireObject(args[0], "map_get_values map");
  if (!Array.isArray(args[1])) return Object.hasOwn(map, toText(args[1])) ? map[toText(args[1])] : null;
  const values: unknown[] = [];
  for (const key of keyList(args[1])) {
    if (Object.hasOwn(map, key) && !values.includes(map[key])) values.push(map[key]);
  }
  return values;
}

function mapHasKeys(args: unknown[]): boolean {
  if (!isObject(args[0]) || isNil(args[1])) return false;
  const map = args[0];
  return keyList(args[1]).some((key) => Object.hasOwn(map, key));
}

/** Merges maps left to right; the first occurrence of a key wins. */
function addToMap(args: unknown[]): unknown {
  const result: JsonObject = {};
  for (const arg of args) {
    if (isNil(arg)) continue;
    const map = requireObject(arg, "add_to_map input");
    for (const key of Object.keys(map)) if (!Object.hasOwn(result, key)) setOwn(result, key, map[key]);
  }
  return result;
}

/** An array of objects keyed by the value of one of their fields. */
function arrayToMap(items: unknown, keyField: unknown): unknown {
  if (isNil(items)) return null;
  if (!Array.isArray(items)) throw new EvaluationError("array_to_map expects an array of objects");
  const field = toText(keyField);
  const result: JsonObject = {};
  for (const item of items) {
    if (!isObject(item) || isNil(item[field])) continue;
    setOwn(result, toText(item[field]), item);
  }
  return result;
}

/** object_to_map(OBJECT), object_to_map(OBJECT_ARRAY, KEY_ATTRIBUTE) or object_to_map(KEY, VALUE, ...). */
function objectToMap(args: unknown[]): unknown {
  if (args.length === 1) return isNil(args[0]) ? null : { ...requireObject(args[0], "object_to_map input") };
  if (args.length === 2 && Array.isArray(args[0])) return arrayToMap(args[0], args[1]);
  return pairsToObject(args, "object_to_map");
}

export const mapFunctions: FunctionTable = {
  map_get_values: def(2, 2, mapGetValues),
  map_has_keys: def(2, 2, mapHasKeys),
  add_to_map: def(1, MANY, addToMap),
  object_to_map: def(1, MANY, objectToMap),
  array_to_map: def(2, 2, (args) => arrayToMap(args[0], args[1])),
  to_map: def(1, MANY, (args) => pairsToObject(args, "to_map")),
};
