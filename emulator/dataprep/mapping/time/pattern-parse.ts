import { EvaluationError } from "../errors.js";
import { civilFromDays, daysFromCivil, daysInMonth } from "./calendar.js";
import { compilePattern, DAYS, MONTHS, QUARTERS, type Token } from "./pattern.js";
import { findZone, formatOffset, parseOffset, UTC, type Zone } from "./zone.js";
import { ZonedDateTime } from "./zoned-date-time.js";

interface Parsed {
  era?: number;
  yearOfEra?: number;
  weekYear?: number;
  month?: number;
  quarter?: number;
  day?: number;
  dayOfYear?: number;
  hour?: number;
  hour12?: number;
  hour0to11?: number;
  hour1to24?: number;
  pm?: boolean;
  minute?: number;
  second?: number;
  nano?: number;
  zone?: Zone;
}

interface ParseState {
  readonly text: string;
  pos: number;
  fields: Parsed;
}

/** Parses text with a pattern; text without zone information is read in defaultZone. */
export function parseDate(text: string, pattern: string, defaultZone: Zone = UTC): ZonedDateTime {
  const compiled = compilePattern(pattern);
  const state: ParseState = { text, pos: 0, fields: {} };
  if (!parseTokens(compiled.tokens, state) || state.pos !== text.length) {
    throw new EvaluationError(`Text '${text}' could not be parsed with pattern '${pattern}' at index ${state.pos}`);
  }
  return resolve(state.fields, text, defaultZone);
}

/** Like parseDate, but undefined instead of an error when the text does not match. */
export function tryParseDate(text: string, pattern: string, defaultZone: Zone = UTC): ZonedDateTime | undefined {
  try {
    return parseDate(text, pattern, defaultZone);
  } catch {
    return undefined;
  }
}

function parseTokens(tokens: Token[], state: ParseState): boolean {
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if (token.kind === "literal") {
      if (!state.text.startsWith(token.text, state.pos)) return false;
      state.pos += token.text.length;
      continue;
    }
    if (token.kind === "optional") {
      const saved = { pos: state.pos, fields: { ...state.fields } };
      if (!parseTokens(token.tokens, state)) Object.assign(state, saved);
      continue;
    }
    if (!parseField(token.letter, token.count, state, isNumeric(tokens[i + 1]))) return false;
  }
  return true;
}

function isNumeric(token: Token | undefined): boolean {
  if (!token || token.kind !== "field") return false;
  if ("MLQqec".includes(token.letter)) return token.count <= 2;
  return !"GEazVOXxZ".includes(token.letter);
}

function parseField(letter: string, count: number, s: ParseState, adjacentNumber: boolean): boolean {
  const f = s.fields;
  const num = (min: number, max: number) => readNumber(s, min, max);
  const small = (): number | undefined => (count === 1 ? num(1, adjacentNumber ? 1 : 2) : num(count, count));
  switch (letter) {
    case "G":
      return store(readText(s, ["Before Christ", "Anno Domini", "AD", "BC", "A", "B"]), (i) => (f.era = i === 1 || i === 2 || i === 4 ? 1 : 0));
    case "y":
    case "Y": {
      const value = count === 2 ? num(2, 2) : num(count, adjacentNumber ? count : 10);
      const resolved = value === undefined ? undefined : count === 2 ? 2000 + value : value;
      return store(resolved, (v) => (letter === "y" ? (f.yearOfEra = v) : (f.weekYear = v)));
    }
    case "M":
    case "L":
      if (count <= 2) return store(small(), (v) => (f.month = v));
      return store(readText(s, [...MONTHS, ...MONTHS.map((m) => m.slice(0, 3))]), (i) => (f.month = (i % 12) + 1));
    case "Q":
    case "q":
      if (count === 3) return store(readText(s, ["Q1", "Q2", "Q3", "Q4"]), (i) => (f.quarter = i + 1));
      if (count === 4) return store(readText(s, QUARTERS), (i) => (f.quarter = i + 1));
      return store(small(), (v) => (f.quarter = v));
    case "E":
      return store(readText(s, [...DAYS, ...DAYS.map((d) => d.slice(0, 3))]), () => undefined);
    case "e":
    case "c":
      if (count <= 2) return store(small(), () => undefined);
      return store(readText(s, [...DAYS, ...DAYS.map((d) => d.slice(0, 3))]), () => undefined);
    case "a":
      return store(readText(s, ["AM", "PM"]), (i) => (f.pm = i === 1));
    case "d":
      return store(small(), (v) => (f.day = v));
    case "D":
      return store(count === 1 ? num(1, 3) : num(count, 3), (v) => (f.dayOfYear = v));
    case "H":
      return store(small(), (v) => (f.hour = v));
    case "h":
      return store(small(), (v) => (f.hour12 = v));
    case "K":
      return store(small(), (v) => (f.hour0to11 = v));
    case "k":
      return store(small(), (v) => (f.hour1to24 = v));
    case "m":
      return store(small(), (v) => (f.minute = v));
    case "s":
      return store(small(), (v) => (f.second = v));
    case "S":
      return store(num(count, count), (v) => (f.nano = v * 10 ** (9 - count)));
    case "n":
      return store(num(1, 9), (v) => (f.nano = v));
    case "u":
    case "w":
    case "W":
    case "F":
    case "A":
      return store(num(1, letter === "A" ? 19 : 2), () => undefined);
    case "V":
    case "z":
      return store(readZoneId(s), (zone) => (f.zone = zone));
    case "O":
      return store(readLocalizedOffset(s), (zone) => (f.zone = zone));
    default: // X, x, Z
      return store(readIsoOffset(s), (zone) => (f.zone = zone));
  }
}

function store<T>(value: T | undefined, apply: (value: T) => unknown): boolean {
  if (value === undefined) return false;
  apply(value);
  return true;
}

function readNumber(s: ParseState, min: number, max: number): number | undefined {
  let end = s.pos;
  while (end < s.text.length && end - s.pos < max && s.text.charCodeAt(end) >= 48 && s.text.charCodeAt(end) <= 57) end++;
  if (end - s.pos < min) return undefined;
  const value = Number(s.text.slice(s.pos, end));
  s.pos = end;
  return value;
}

/** Case-insensitive; the longest candidate that matches wins. Returns the candidate's index. */
function readText(s: ParseState, candidates: string[]): number | undefined {
  let best: number | undefined;
  for (let i = 0; i < candidates.length; i++) {
    const candidate = candidates[i];
    const slice = s.text.slice(s.pos, s.pos + candidate.length);
    if (slice.toLowerCase() !== candidate.toLowerCase()) continue;
    if (best === undefined || candidate.length > candidates[best].length) best = i;
  }
  if (best !== undefined) s.pos += candidates[best].length;
  return best;
}

function readZoneId(s: ParseState): Zone | undefined {
  const match = /^[A-Za-z][A-Za-z0-9_/+\-:]*/.exec(s.text.slice(s.pos));
  if (!match) return undefined;
  const zone = findZone(match[0]);
  if (zone) s.pos += match[0].length;
  return zone;
}

function readLocalizedOffset(s: ParseState): Zone | undefined {
  const match = /^GMT([+-]\d{1,2}(?::\d{2})?)?/i.exec(s.text.slice(s.pos));
  if (!match) return undefined;
  s.pos += match[0].length;
  return match[1] ? zoneForOffset(parseOffset(match[1])) : UTC;
}

function readIsoOffset(s: ParseState): Zone | undefined {
  const match = /^(?:GMT|UTC)?(Z|[+-]\d{2}(?::?\d{2}){0,2})/i.exec(s.text.slice(s.pos));
  if (!match) return undefined;
  const zone = match[1].toUpperCase() === "Z" ? UTC : zoneForOffset(parseOffset(match[1]));
  if (zone) s.pos += match[0].length;
  return zone;
}

function zoneForOffset(minutes: number | undefined): Zone | undefined {
  if (minutes === undefined) return undefined;
  return minutes === 0 ? UTC : findZone(formatOffset(minutes, true));
}

function resolve(f: Parsed, text: string, defaultZone: Zone): ZonedDateTime {
  const invalid = (what: string) => new EvaluationError(`Text '${text}' could not be parsed: invalid ${what}`);
  const yearOfEra = f.yearOfEra ?? f.weekYear;
  if (yearOfEra === undefined) throw new EvaluationError(`Text '${text}' could not be parsed: no year`);
  const year = f.era === 0 ? 1 - yearOfEra : yearOfEra;
  let month = f.month ?? (f.quarter !== undefined ? (f.quarter - 1) * 3 + 1 : 1);
  let day = f.day ?? 1;
  if (f.dayOfYear !== undefined && f.month === undefined) {
    const civil = civilFromDays(daysFromCivil(year, 1, 1) + f.dayOfYear - 1);
    if (civil.year !== year || f.dayOfYear < 1) throw invalid("day of year");
    month = civil.month;
    day = civil.day;
  }
  if (month < 1 || month > 12) throw invalid("month");
  if (day < 1 || day > daysInMonth(year, month)) throw invalid("day of month");
  const hour = resolveHour(f);
  if (hour === undefined || hour < 0 || hour > 23) throw invalid("hour");
  const minute = f.minute ?? 0;
  const second = f.second ?? 0;
  if (minute > 59) throw invalid("minute");
  if (second > 59) throw invalid("second");
  const local = { year, month, day, hour, minute, second, nano: f.nano ?? 0 };
  return ZonedDateTime.fromLocal(local, f.zone ?? defaultZone);
}

function resolveHour(f: Parsed): number | undefined {
  if (f.hour !== undefined) return f.hour;
  const pmShift = f.pm ? 12 : 0;
  if (f.hour12 !== undefined) return f.hour12 >= 1 && f.hour12 <= 12 ? (f.hour12 % 12) + pmShift : undefined;
  if (f.hour0to11 !== undefined) return f.hour0to11 <= 11 ? f.hour0to11 + pmShift : undefined;
  if (f.hour1to24 !== undefined) return f.hour1to24 >= 1 && f.hour1to24 <= 24 ? f.hour1to24 % 24 : undefined;
  return 0;
}
