import { EvaluationError, MAX_ARRAY_LENGTH, requireArrayLength, requireStringLength } from "../errors.js";
import { isNil, isObject, toText, truthy, typeName } from "../values.js";
import { def, MANY, spread, type FunctionTable } from "./registry.js";

export function sizeOf(value: unknown): number {
  if (isNil(value)) return 0;
  if (typeof value === "string" || Array.isArray(value)) return value.length;
  if (isObject(value)) return Object.keys(value).length;
  throw new EvaluationError(`Cannot take the size of a ${typeName(value)}`);
}

function asArray(value: unknown): unknown[] {
  if (isNil(value)) return [];
  return Array.isArray(value) ? value : [value];
}

/** Nested arrays' elements in order, refused once they pass MAX_ARRAY_LENGTH. */
function flatten(value: unknown[], what: string): unknown[] {
  const flat: unknown[] = [];
  const add = (items: unknown[]) => {
    for (const item of items) {
      if (Array.isArray(item)) add(item);
      else if (flat.push(item) > MAX_ARRAY_LENGTH) requireArrayLength(flat.length, what);
    }
  };
  add(value);
  return flat;
}

/** The arrays joined, refused before they are when the result would pass MAX_ARRAY_LENGTH. */
function joined(arrays: unknown[][], what: string): unknown[] {
  requireArrayLength(arrays.reduce((sum, array) => sum + array.length, 0), what);
  return arrays.flat(1);
}

function arrayToString(separator: unknown, values: unknown): string | null {
  if (isNil(values)) return null;
  const texts = flatten(asArray(values), "array_to_string").map(toText);
  const glue = toText(separator);
  requireStringLength(texts.reduce((sum, text) => sum + text.length, 0) + Math.max(0, texts.length - 1) * glue.length, "array_to_string");
  return texts.join(glue);
}

export const arrayFunctions: FunctionTable = {
  coalesce: def(1, MANY, (args) => spread(args).find((v) => !isNil(v)) ?? null),
  first: def(1, MANY, (args) => spread(args)[0] ?? null),
  last: def(1, MANY, (args) => {
    const items = spread(args);
    return items[items.length - 1] ?? null;
  }),
  add_to_array: def(1, MANY, (args) => joined([asArray(args[0]), args.slice(1)], "add_to_array")),
  join_arrays: def(1, MANY, (args) => joined(args.map(asArray), "join_arrays")),
  to_array: def(1, MANY, (args) => {
    const values = args.slice(1);
    return truthy(args[0]) ? values.map((v) => v ?? null) : values.filter((v) => !isNil(v));
  }),
  size_of: def(1, 1, (args) => sizeOf(args[0])),
  // Profile upserts only; on insert (the only case an emulator sees) the array passes through.
  upsert_array_append: def(1, 2, (args) => args[0] ?? null),
  upsert_array_replace: def(1, 2, (args) => args[0] ?? null),
  array_to_string: def(2, 2, (args) => arrayToString(args[0], args[1])),
  flattenArray: def(1, 1, (args) => (isNil(args[0]) ? null : flatten(asArray(args[0]), "flattenArray"))),
};
