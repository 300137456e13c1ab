import { EvaluationError, requireStringLength } from "./errors.js";
import { javaMatches, javaSplit } from "./functions/javaregex.js";
import { isEmpty } from "./functions/objects.js";
import { sizeOf } from "./functions/arrays.js";
import { replaceEvery } from "./functions/string.js";
import { deepEquals, getOwn, isObject, looseEquals, requireInteger, requireString, toText, typeName } from "./values.js";

/**
 * Java methods callable on values (`"a".equals(b)`, `str_to_object(...).get("k")`). A method
 * called on null yields null, as in JEXL's lenient mode.
 */
export interface MethodDef {
  readonly min: number;
  readonly max: number;
  readonly impl: (target: unknown, args: unknown[]) => unknown;
}

function method(min: number, max: number, impl: MethodDef["impl"]): MethodDef {
  return { min, max, impl };
}

function onString(name: string, impl: (target: string, args: unknown[]) => unknown): MethodDef["impl"] {
  return (target, args) => {
    if (typeof target !== "string") throw new EvaluationError(`Method '${name}' is not available on a ${typeName(target)}`);
    return impl(target, args);
  };
}

/** get(i) on arrays and strings, get(key) on objects. */
function get(target: unknown, args: unknown[]): unknown {
  if (Array.isArray(target)) return target[requireInteger(args[0], "get index")] ?? null;
  if (isObject(target)) return getOwn(target, toText(args[0])) ?? null;
  if (typeof target === "string") return target.charAt(requireInteger(args[0], "get index")) || null;
  throw new EvaluationError(`Method 'get' is not available on a ${typeName(target)}`);
}

function contains(target: unknown, args: unknown[]): boolean {
  if (typeof target === "string") return target.includes(requireString(args[0], "contains argument"));
  if (Array.isArray(target)) return target.some((item) => looseEquals(item, args[0]));
  if (isObject(target)) return Object.hasOwn(target, toText(args[0]));
  throw new EvaluationError(`Method 'contains' is not available on a ${typeName(target)}`);
}

export const METHODS: ReadonlyMap<string, MethodDef> = new Map(
  Object.entries({
    equals: method(1, 1, (target, args) => typeof target === typeof args[0] && deepEquals(target, args[0])),
    equalsIgnoreCase: method(1, 1, (target, args) =>
      typeof target === "string" && typeof args[0] === "string" && target.toLowerCase() === args[0].toLowerCase(),
    ),
    get: method(1, 1, get),
    length: method(0, 0, (target) => sizeOf(target)),
    size: method(0, 0, (target) => sizeOf(target)),
    isEmpty: method(0, 0, (target) => isEmpty(target)),
    contains: method(1, 1, contains),
    containsKey: method(1, 1, (target, args) => isObject(target) && Object.hasOwn(target, toText(args[0]))),
    startsWith: method(1, 1, onString("startsWith", (s, args) => s.startsWith(requireString(args[0], "prefix")))),
    endsWith: method(1, 1, onString("endsWith", (s, args) => s.endsWith(requireString(args[0], "suffix")))),
    toUpperCase: method(0, 0, onString("toUpperCase", (s) => s.toUpperCase())),
    toLowerCase: method(0, 0, onString("toLowerCase", (s) => s.toLowerCase())),
    trim: method(0, 0, onString("trim", (s) => s.trim())),
    substring: method(1, 2, onString("substring", substring)),
    indexOf: method(1, 1, onString("indexOf", (s, args) => s.indexOf(requireString(args[0], "indexOf argument")))),
    replace: method(2, 2, onString("replace", (s, args) => javaReplace(s, toText(args[0]), toText(args[1])))),
    matches: method(1, 1, onString("matches", (s, args) => javaMatches(s, requireString(args[0], "regex")))),
    split: method(1, 1, onString("split", (s, args) => javaSplit(s, requireString(args[0], "regex")))),
    toString: method(0, 0, (target) => toText(target)),
  }),
);

/** Java's String.replace: an empty target matches before every character and at the end. */
function javaReplace(s: string, target: string, replacement: string): string {
  if (target !== "") return replaceEvery(s, target, replacement, "replace");
  requireStringLength(s.length + (s.length + 1) * replacement.length, "replace");
  return s === "" ? replacement : `${replacement}${s.split("").join(replacement)}${replacement}`;
}

/** Java's substring: out-of-range indexes are an error rather than clipped. */
function substring(s: string, args: unknown[]): string {
  const begin = requireInteger(args[0], "substring begin index");
  const end = args.length > 1 ? requireInteger(args[1], "substring end index") : s.length;
  if (begin < 0 || end > s.length || begin > end) {
    throw new EvaluationError(`substring(${begin}, ${end}) is out of range for a string of length ${s.length}`);
  }
  return s.substring(begin, end);
}
