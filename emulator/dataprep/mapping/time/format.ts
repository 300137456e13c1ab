import { daysFromCivil, isoWeek } from "./calendar.js";
import { compilePattern, DAYS, MONTHS, QUARTERS, type Token } from "./pattern.js";
import { formatOffset } from "./zone.js";
import { pad, type LocalDateTime, type ZonedDateTime } from "./zoned-date-time.js";

interface FormatContext {
  date: ZonedDateTime;
  local: LocalDateTime;
  dayOfWeek: number;
  offset: number;
}

export function formatDate(date: ZonedDateTime, pattern: string): string {
  const compiled = compilePattern(pattern);
  const context: FormatContext = {
    date,
    local: date.local(),
    dayOfWeek: date.dayOfWeek(),
    offset: date.offsetMinutes,
  };
  return formatTokens(compiled.tokens, context);
}

function formatTokens(tokens: Token[], context: FormatContext): string {
  let out = "";
  for (const token of tokens) {
    if (token.kind === "literal") out += token.text;
    else if (token.kind === "optional") out += formatTokens(token.tokens, context);
    else out += formatField(token.letter, token.count, context);
  }
  return out;
}

function formatField(letter: string, count: number, c: FormatContext): string {
  const l = c.local;
  switch (letter) {
    case "G":
      return era(l.year, count);
    case "y":
      return year(l.year > 0 ? l.year : 1 - l.year, count);
    case "Y":
      return year(isoWeek(l.year, l.month, l.day).weekYear, count);
    case "u":
      return pad(c.dayOfWeek, count);
    case "M":
    case "L":
      return count <= 2 ? pad(l.month, count) : text(MONTHS[l.month - 1], count);
    case "Q":
    case "q":
      return quarter(Math.ceil(l.month / 3), count);
    case "w":
      return pad(isoWeek(l.year, l.month, l.day).week, count);
    case "W":
      return String(weekOfMonth(l));
    case "d":
      return pad(l.day, count);
    case "D":
      return pad(daysFromCivil(l.year, l.month, l.day) - daysFromCivil(l.year, 1, 1) + 1, count);
    case "F":
      return String(Math.ceil(l.day / 7));
    case "E":
      return text(DAYS[c.dayOfWeek - 1], Math.max(count, 3));
    case "e":
    case "c":
      return count <= 2 ? pad((c.dayOfWeek % 7) + 1, count) : text(DAYS[c.dayOfWeek - 1], count);
    case "a":
      return l.hour < 12 ? "AM" : "PM";
    case "H":
      return pad(l.hour, count);
    case "k":
      return pad(l.hour === 0 ? 24 : l.hour, count);
    case "K":
      return pad(l.hour % 12, count);
    case "h":
      return pad(l.hour % 12 === 0 ? 12 : l.hour % 12, count);
    case "m":
      return pad(l.minute, count);
    case "s":
      return pad(l.second, count);
    case "S":
      return pad(l.nano, 9).slice(0, count);
    case "n":
      return pad(l.nano, count);
    case "A":
      return pad(((l.hour * 60 + l.minute) * 60 + l.second) * 1000 + Math.floor(l.nano / 1e6), count);
    case "V":
      return c.date.zone.id;
    case "z":
      return count === 4 ? c.date.zone.longName(c.date.epochMs) : c.date.zone.shortName(c.date.epochMs);
    case "O":
      return localizedOffset(c.offset, count === 4);
    case "X":
      return c.offset === 0 ? "Z" : isoOffset(c.offset, count);
    case "x":
      return isoOffset(c.offset, count);
    default: // Z
      if (count === 4) return localizedOffset(c.offset, true);
      if (count === 5) return c.offset === 0 ? "Z" : formatOffset(c.offset, true);
      return formatOffset(c.offset, false);
  }
}

function era(year: number, count: number): string {
  const ad = year > 0;
  if (count === 4) return ad ? "Anno Domini" : "Before Christ";
  if (count === 5) return ad ? "A" : "B";
  return ad ? "AD" : "BC";
}

function year(value: number, count: number): string {
  return count === 2 ? pad(value % 100, 2) : pad(value, count);
}

function text(full: string, count: number): string {
  if (count === 4) return full;
  if (count === 5) return full[0];
  return full.slice(0, 3);
}

function quarter(value: number, count: number): string {
  if (count === 3) return `Q${value}`;
  if (count === 4) return QUARTERS[value - 1];
  return pad(value, Math.min(count, 2));
}

function weekOfMonth(l: LocalDateTime): number {
  const firstDay = daysFromCivil(l.year, l.month, 1);
  const firstDow = ((((firstDay + 3) % 7) + 7) % 7) + 1;
  return Math.floor((l.day + firstDow - 2) / 7) + 1;
}

function isoOffset(minutes: number, count: number): string {
  const colon = count === 3 || count === 5;
  if (count === 1) {
    const full = formatOffset(minutes, false);
    return minutes % 60 === 0 ? full.slice(0, 3) : full;
  }
  return formatOffset(minutes, colon);
}

function localizedOffset(minutes: number, long: boolean): string {
  if (minutes === 0) return "GMT";
  if (long) return `GMT${formatOffset(minutes, true)}`;
  const sign = minutes < 0 ? "-" : "+";
  const abs = Math.abs(minutes);
  const rest = abs % 60 === 0 ? "" : `:${pad(abs % 60, 2)}`;
  return `GMT${sign}${Math.floor(abs / 60)}${rest}`;
}
