import { EvaluationError } from "./errors.js";
import { parseDateText } from "./time/parse.js";
import { UTC } from "./time/zone.js";
import { isoDate, ZonedDateTime } from "./time/zoned-date-time.js";
import type { XdmFieldType } from "./types.js";
import { asNumber, isObject, numberText, toOutput, typeName } from "./values.js";

/** Converts a non-null value to an XDM field type, or throws EvaluationError. */
export type Coercer = (value: unknown) => unknown;

// data-handling.md#booleans
const TRUE_WORDS = new Set(["y", "yes", "on", "true"]);
const FALSE_WORDS = new Set(["n", "no", "off", "false"]);

function cannot(value: unknown, type: XdmFieldType): EvaluationError {
  const shown = typeof value === "object" ? typeName(value) : `${typeName(value)} '${String(value)}'`;
  return new EvaluationError(`Cannot convert ${shown} to ${type}`);
}

function toStringField(value: unknown): unknown {
  if (typeof value === "string") return value;
  if (typeof value === "number") return numberText(value);
  if (typeof value === "boolean" || typeof value === "bigint") return String(value);
  if (value instanceof ZonedDateTime) return value.toString();
  throw cannot(value, "string");
}

function toNumberField(value: unknown, type: "number" | "integer"): unknown {
  const number = typeof value === "boolean" ? undefined : asNumber(value);
  if (number === undefined || !Number.isFinite(number)) throw cannot(value, type);
  // XDM's widest integer (long) holds ±(2^53 - 1), as Java's conversion to a long is refused past its range.
  if (type === "integer" && !Number.isSafeInteger(number)) throw cannot(value, type);
  return number;
}

function toBooleanField(value: unknown): unknown {
  if (typeof value === "boolean") return value;
  if (typeof value !== "string") throw cannot(value, "boolean");
  const word = value.trim().toLowerCase();
  if (TRUE_WORDS.has(word)) return true;
  if (FALSE_WORDS.has(word)) return false;
  throw cannot(value, "boolean");
}

/** Dates from date values, text in a recognised format, or epoch milliseconds. */
function toDateValue(value: unknown, type: "date" | "date-time"): ZonedDateTime {
  if (value instanceof ZonedDateTime) return value;
  if (typeof value === "string") return parseDateText(value);
  if (typeof value === "number" && Number.isFinite(value)) return new ZonedDateTime(Math.floor(value), UTC);
  throw cannot(value, type);
}

const COERCERS: Record<XdmFieldType, Coercer> = {
  string: toStringField,
  number: (value) => toNumberField(value, "number"),
  integer: (value) => toNumberField(value, "integer"),
  boolean: toBooleanField,
  "date-time": (value) => toDateValue(value, "date-time").toString(),
  date: (value) => isoDate(toDateValue(value, "date").local()),
  object: (value) => {
    if (!isObject(value)) throw cannot(value, "object");
    return toOutput(value);
  },
  array: (value) => {
    if (!Array.isArray(value)) throw cannot(value, "array");
    return toOutput(value);
  },
};

export function coercerFor(type: XdmFieldType | undefined): Coercer {
  return type && Object.hasOwn(COERCERS, type) ? COERCERS[type] : toOutput;
}
