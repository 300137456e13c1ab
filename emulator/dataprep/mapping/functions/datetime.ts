import { EvaluationError } from "../errors.js";
import { dayOfYear, daysInMonth, isoWeek } from "../time/calendar.js";
import { parseDateText } from "../time/parse.js";
import { formatDate } from "../time/format.js";
import { parseDate } from "../time/pattern-parse.js";
import { requireZone, UTC } from "../time/zone.js";
import { ZonedDateTime, type LocalDateTime } from "../time/zoned-date-time.js";
import { asNumber, isNil, requireInteger, requireString, typeName } from "../values.js";
import { def, type FunctionTable } from "./registry.js";

/** A date argument: a date value, an epoch-milliseconds number, or text in a recognised format. */
export function toDate(value: unknown, what: string): ZonedDateTime {
  if (value instanceof ZonedDateTime) return value;
  if (typeof value === "number" || typeof value === "bigint") return fromEpochMs(Number(value));
  if (typeof value === "string") return parseDateText(value);
  throw new EvaluationError(`${what} must be a date, got ${typeName(value)}`);
}

function fromEpochMs(ms: number): ZonedDateTime {
  const whole = Math.floor(ms);
  return new ZonedDateTime(whole, UTC, Math.round((ms - whole) * 1e6));
}

function format(args: unknown[]): unknown {
  if (isNil(args[0])) return null;
  return formatDate(toDate(args[0], "format date"), requireString(args[1], "format pattern"));
}

/** Epoch milliseconds formatted in UTC. */
function dformat(args: unknown[]): unknown {
  if (isNil(args[0])) return null;
  const ms = asNumber(args[0]);
  if (ms === undefined) throw new EvaluationError(`dformat timestamp must be a number of milliseconds, got '${String(args[0])}'`);
  return formatDate(fromEpochMs(ms), requireString(args[1], "dformat pattern"));
}

/** date(DATE[, FORMAT[, DEFAULT]]): the default stands in for a null, empty or unparsable date. */
function date(args: unknown[]): unknown {
  const [input, pattern, fallback] = args;
  const defaultDate = isNil(fallback) ? null : toDate(fallback, "date default");
  if (isNil(input) || input === "") return defaultDate;
  try {
    if (typeof input === "string" && !isNil(pattern)) return parseDate(input, requireString(pattern, "date format"));
    return toDate(input, "date input");
  } catch (error) {
    if (defaultDate) return defaultDate;
    throw error;
  }
}

const PARTS: Record<string, string> = {
  year: "year", yyyy: "year", yy: "year",
  quarter: "quarter", qq: "quarter", q: "quarter",
  month: "month", mm: "month", m: "month",
  dayofyear: "dayofyear", dy: "dayofyear", y: "dayofyear",
  day: "day", dd: "day", d: "day",
  week: "week", ww: "week", w: "week",
  weekday: "weekday", dw: "weekday",
  hour: "hour", hh: "hour", hh24: "hour", hh12: "hour12",
  minute: "minute", mi: "minute", n: "minute",
  second: "second", ss: "second", s: "second",
  millisecond: "millisecond", sss: "millisecond",
};

/** Component names are case-insensitive: the docs list "mm" and use "MM" for the month. */
function component(value: unknown): string {
  const name = requireString(value, "date component").trim().toLowerCase();
  const part = PARTS[name];
  if (!part) throw new EvaluationError(`Unknown date component '${String(value)}'`);
  return part;
}

function datePart(args: unknown[]): unknown {
  if (isNil(args[1])) return null;
  const part = component(args[0]);
  const zoned = toDate(args[1], "date_part date");
  const l = zoned.local();
  switch (part) {
    case "year":
      return l.year;
    case "quarter":
      return Math.ceil(l.month / 3);
    case "month":
      return l.month;
    case "dayofyear":
      return dayOfYear(l.year, l.month, l.day);
    case "day":
      return l.day;
    case "week":
      return isoWeek(l.year, l.month, l.day).week;
    case "weekday":
      return zoned.dayOfWeek();
    case "hour":
      return l.hour;
    case "hour12":
      return l.hour % 12 === 0 ? 12 : l.hour % 12;
    case "minute":
      return l.minute;
    case "second":
      return l.second;
    default:
      return Math.floor(l.nano / 1e6);
  }
}

const SETTABLE: Record<string, { field: keyof LocalDateTime; min: number; max: number }> = {
  year: { field: "year", min: -999_999, max: 999_999 },
  month: { field: "month", min: 1, max: 12 },
  day: { field: "day", min: 1, max: 31 },
  hour: { field: "hour", min: 0, max: 23 },
  minute: { field: "minute", min: 0, max: 59 },
  second: { field: "second", min: 0, max: 59 },
};

/** Like Java's withMonth/withYear: a day past the end of the new month is clipped to its last day. */
function setDatePart(args: unknown[]): unknown {
  if (isNil(args[2])) return null;
  const part = component(args[0]);
  const rule = SETTABLE[part];
  if (!rule) throw new EvaluationError(`set_date_part cannot set '${String(args[0])}'`);
  const value = requireInteger(args[1], "set_date_part value");
  if (value < rule.min || value > rule.max) throw new EvaluationError(`${part} must be between ${rule.min} and ${rule.max}, got ${value}`);
  const zoned = toDate(args[2], "set_date_part date");
  const local = { ...zoned.local(), [rule.field]: value };
  if (rule.field === "day" && value > daysInMonth(local.year, local.month)) {
    throw new EvaluationError(`Invalid day ${value} for ${local.year}-${local.month}`);
  }
  local.day = Math.min(local.day, daysInMonth(local.year, local.month));
  return ZonedDateTime.fromLocal(local, zoned.zone);
}

function makeDateTime(args: unknown[]): unknown {
  const names = ["year", "month", "day", "hour", "minute", "second", "nanosecond"];
  const [year, month, day, hour, minute, second, nano] = names.map((name, i) => requireInteger(args[i], `make_date_time ${name}`));
  const check = (name: string, value: number, min: number, max: number) => {
    if (value < min || value > max) throw new EvaluationError(`make_date_time ${name} must be between ${min} and ${max}, got ${value}`);
  };
  check("month", month, 1, 12);
  check("day", day, 1, daysInMonth(year, month));
  check("hour", hour, 0, 23);
  check("minute", minute, 0, 59);
  check("second", second, 0, 59);
  check("nanosecond", nano, 0, 999_999_999);
  const zone = isNil(args[7]) ? UTC : requireZone(args[7]);
  return ZonedDateTime.fromLocal({ year, month, day, hour, minute, second, nano }, zone);
}

export const datetimeFunctions: FunctionTable = {
  now: def(0, 0, () => new ZonedDateTime(Date.now(), UTC)),
  timestamp: def(0, 0, () => Date.now()),
  format: def(2, 2, format),
  dformat: def(2, 2, dformat),
  date: def(1, 3, date),
  date_part: def(2, 2, datePart),
  set_date_part: def(3, 3, setDatePart),
  make_date_time: def(7, 8, makeDateTime),
  make_timestamp: def(7, 8, makeDateTime),
  zone_date_to_utc: def(1, 1, (args) => (isNil(args[0]) ? null : toDate(args[0], "zone_date_to_utc date").withZone(UTC))),
  zone_date_to_zone: def(2, 2, (args) =>
    isNil(args[0]) ? null : toDate(args[0], "zone_date_to_zone date").withZone(requireZone(args[1])),
  ),
};
