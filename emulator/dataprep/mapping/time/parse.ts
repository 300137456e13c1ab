import { EvaluationError } from "../errors.js";
import { tryParseDate } from "./pattern-parse.js";
import { findZone, UTC, type Zone } from "./zone.js";
import { ZonedDateTime } from "./zoned-date-time.js";

/**
 * Date strings read without an explicit format: ISO-8601-like text first (which covers the docs'
 * "2019-10-23 11:24", "2016-11-09T11:44:44.797" and "2019-10-17T11:55:12 PST"), then the formats
 * listed in data-handling.md, in that order.
 */
const DOCUMENTED_FORMATS = [
  "yyyy-MM-dd HH:mm:ssZ",
  "yyyy-MM-dd HH:mm:ss.SSSZ",
  "yyyy-MM-dd HH:mm:ss.SSS",
  "yyyy-MM-dd'T'HH:mm:ss.SSSX",
  "yyyy-MM-dd'T'HH:mm:ss'Z'",
  "yyyy-MM-dd",
  "yyyy/MM/dd",
  "yyyy.MM.dd",
  "yyyy-MMM-dd",
  "yyyyMMdd",
  "MM-dd-yyyy",
  "MMddyyyy",
  "M/dd/yyyy",
  "dd.M.yyyy",
  "M/dd/yyyy hh:mm:ss a",
  "dd.M.yyyy hh:mm:ss a",
  "dd.MMM.yyyy",
  "dd-MMM-yyyy",
];

const ISO =
  /^([+-]?\d{4,9})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?|[A-Za-z][A-Za-z0-9_/+\-:]*)?(?:\[([^\]]+)\])?$/;

export function parseDateText(text: string, defaultZone: Zone = UTC): ZonedDateTime {
  const trimmed = text.trim();
  const iso = parseIso(trimmed, defaultZone);
  if (iso) return iso;
  for (const format of DOCUMENTED_FORMATS) {
    const parsed = tryParseDate(trimmed, format, defaultZone);
    if (parsed) return parsed;
  }
  throw new EvaluationError(`Cannot parse '${text}' as a date`);
}

function parseIso(text: string, defaultZone: Zone): ZonedDateTime | undefined {
  const m = ISO.exec(text);
  if (!m) return undefined;
  const zone = m[9] !== undefined ? findZone(m[9]) : m[8] !== undefined ? findZone(m[8]) : defaultZone;
  if (!zone) return undefined;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const [hour, minute, second] = [Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0)];
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) return undefined;
  const nano = m[7] === undefined ? 0 : Number(m[7].padEnd(9, "0"));
  const result = ZonedDateTime.fromLocal({ year, month, day, hour, minute, second, nano }, zone);
  const check = result.local();
  return check.day === day ? result : undefined;
}
