import { EvaluationError } from "../errors.js";
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

function flatten(value: unknown[]): unknown[] {
  return value.flatMap((item) => (Array.isArray(item) ? flatten(item) : [item]));
}

export const arrayFunctions: FunctionTable = {
  coalesce: def(1, MANY, (args) => spread(args).find((v) => !isNil(v)) ?? null),
  first: def(1, MANY, (args) => spread(args)[0] ?? null),
  last: def(1, MANY, (args) => {
    const items = spread(args);
    return items[items.length - 1] ?? null;
  }),
  add_to_array: def(1, MANY, (args) => [...asArray(args[0]), ...args.slice(1)]),
  join_arrays: def(1, MANY, (args) => args.flatMap(asArray)),
  to_array: def(1, MANY, (args) => {
    const values = args.slice(1);
    return truthy(args[0]) ? values.map((v) => v ?? null) : values.filter((v) => !isNil(v));
  }),
  size_of: def(1, 1, (args) => sizeOf(args[0])),
  // Profile upserts only; on insert (the only case an emulator sees) the array passes through.
  upsert_array_append: def(1, 2, (args) => args[0] ?? null),
  upsert_array_replace: def(1, 2, (args) => args[0] ?? null),
  array_to_string: def(2, 2, (args) => (isNil(args[1]) ? null : flatten(asArray(args[1])).map(toText).join(toText(args[0])))),
  flattenArray: def(1, 1, (args) => (isNil(args[0]) ? null : flatten(asArray(args[0])))),
};
