import { setOwnField } from "../../platform/own-fields.js";
import { EvaluationError } from "./errors.js";
import { ZonedDateTime } from "./time/zoned-date-time.js";

/**
 * Values inside the engine are JSON values plus ZonedDateTime (dates) and bigint (to_bigint
 * beyond 2^53). Objects play the role of Java maps.
 */

export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value) && !(value instanceof ZonedDateTime);
}

export function isNil(value: unknown): value is null | undefined {
  return value === null || value === undefined;
}

export function typeName(value: unknown): string {
  if (value === null || value === undefined) return "null";
  if (Array.isArray(value)) return "array";
  if (value instanceof ZonedDateTime) return "date";
  return typeof value === "bigint" ? "number" : typeof value;
}

/** JEXL truthiness: null, false, 0, "", "false" and empty collections are false. */
export function truthy(value: unknown): boolean {
  if (value === null || value === undefined) return false;
  if (typeof value === "boolean") return value;
  if (typeof value === "number") return value !== 0 && !Number.isNaN(value);
  if (typeof value === "string") return value.length > 0 && value !== "false";
  if (typeof value === "bigint") return value !== 0n;
  if (Array.isArray(value)) return value.length > 0;
  if (isObject(value)) return Object.keys(value).length > 0;
  return true;
}

/** Java-like text of a number: integral doubles print without a fraction. */
export function numberText(value: number): string {
  return Object.is(value, -0) ? "0" : String(value);
}

/** The string form used by concat, string coercion and string operators; null becomes "". */
export function toText(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return value;
  if (typeof value === "number") return numberText(value);
  if (typeof value === "boolean" || typeof value === "bigint") return String(value);
  if (value instanceof ZonedDateTime) return value.toString();
  return JSON.stringify(toOutput(value));
}

/** A number from a number, bigint or numeric string; undefined when there is none. */
export function asNumber(value: unknown): number | undefined {
  if (typeof value === "number") return value;
  if (typeof value === "bigint") return Number(value);
  if (typeof value !== "string") return undefined;
  const trimmed = value.trim();
  if (trimmed === "" || !/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(trimmed)) return undefined;
  return Number(trimmed);
}

export function requireNumber(value: unknown, what: string): number {
  const number = asNumber(value);
  if (number === undefined || Number.isNaN(number)) {
    throw new EvaluationError(`${what} must be a number, got ${typeName(value)} '${toText(value)}'`);
  }
  return number;
}

export function requireInteger(value: unknown, what: string): number {
  const number = requireNumber(value, what);
  if (!Number.isInteger(number)) throw new EvaluationError(`${what} must be an integer, got ${numberText(number)}`);
  return number;
}

export function requireString(value: unknown, what: string): string {
  if (typeof value === "string") return value;
  if (value === null || value === undefined) throw new EvaluationError(`${what} must not be null`);
  if (typeof value === "object" && !(value instanceof ZonedDateTime)) {
    throw new EvaluationError(`${what} must be a string, got ${typeName(value)}`);
  }
  return toText(value);
}

/** Loose equality of the == operator: numbers and numeric strings compare as numbers. */
export function looseEquals(a: unknown, b: unknown): boolean {
  if (isNil(a) || isNil(b)) return isNil(a) && isNil(b);
  if (typeof a === "string" && typeof b === "string") return a === b;
  const numA = typeof a === "number" || typeof a === "bigint" ? Number(a) : undefined;
  const numB = typeof b === "number" || typeof b === "bigint" ? Number(b) : undefined;
  if (numA !== undefined || numB !== undefined) {
    const left = numA ?? asNumber(a);
    const right = numB ?? asNumber(b);
    return left !== undefined && right !== undefined && left === right;
  }
  if (typeof a === "boolean" || typeof b === "boolean") return toText(a) === toText(b);
  return deepEquals(a, b);
}

/** Structural equality (Java equals on lists and maps); dates compare by instant. */
export function deepEquals(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a instanceof ZonedDateTime || b instanceof ZonedDateTime) {
    return a instanceof ZonedDateTime && b instanceof ZonedDateTime && a.epochMs === b.epochMs && a.subMilliNanos === b.subMilliNanos;
  }
  if (typeof a === "bigint" || typeof b === "bigint") return (typeof a === "bigint" || typeof a === "number") && Number(a) === Number(b);
  if (Array.isArray(a)) {
    return Array.isArray(b) && a.length === b.length && a.every((item, i) => deepEquals(item, b[i]));
  }
  if (isObject(a) && isObject(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((k) => Object.hasOwn(b, k) && deepEquals(a[k], b[k]));
  }
  return false;
}

/**
 * Natural ordering (Comparable.compareTo) for min, max and the relational operators; undefined when
 * the two values are not comparable.
 */
export function compareValues(a: unknown, b: unknown): number | undefined {
  if (typeof a === "string" && typeof b === "string") return a < b ? -1 : a > b ? 1 : 0;
  if (a instanceof ZonedDateTime && b instanceof ZonedDateTime) {
    return Math.sign(a.epochMs - b.epochMs) || Math.sign(a.subMilliNanos - b.subMilliNanos);
  }
  if (typeof a === "boolean" && typeof b === "boolean") return Number(a) - Number(b);
  const left = asNumber(a);
  const right = asNumber(b);
  if (left === undefined || right === undefined || Number.isNaN(left) || Number.isNaN(right)) return undefined;
  return left < right ? -1 : left > right ? 1 : 0;
}

/**
 * A value ready to leave the engine: dates become ISO strings, bigints numbers, and containers are
 * copied so that the output never aliases (and later writes never mutate) the input record.
 */
export function toOutput(value: unknown): unknown {
  if (value === null || typeof value !== "object") return typeof value === "bigint" ? Number(value) : value;
  if (value instanceof ZonedDateTime) return value.toString();
  if (Array.isArray(value)) return value.map((item) => (item === undefined ? null : toOutput(item)));
  const copy: JsonObject = {};
  for (const key of Object.keys(value)) setOwn(copy, key, toOutput((value as JsonObject)[key]));
  return copy;
}

/** Own-property read; never walks into Object.prototype ("__proto__", "constructor"...). */
export function getOwn(target: JsonObject, key: string): unknown {
  return Object.hasOwn(target, key) ? target[key] : undefined;
}

/** Own-property write that is safe for keys such as "__proto__". */
export function setOwn(target: JsonObject, key: string, value: unknown): void {
  setOwnField(target, key, value);
}
