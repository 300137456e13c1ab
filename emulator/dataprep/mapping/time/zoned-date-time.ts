import { EvaluationError } from "../errors.js";
import { civilFromDays, daysFromCivil, isoDayOfWeek, MS_PER_DAY } from "./calendar.js";
import { formatOffset, UTC, type Zone } from "./zone.js";

/** Wall-clock fields of a date-time in its zone. */
export interface LocalDateTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** Nanosecond of second, 0-999,999,999. */
  nano: number;
}

const MAX_EPOCH_MS = 8.64e15;

/**
 * The engine's date value, standing in for Java's ZonedDateTime: an instant (epoch milliseconds
 * plus sub-millisecond nanoseconds) seen in a zone.
 */
export class ZonedDateTime {
  constructor(
    readonly epochMs: number,
    readonly zone: Zone = UTC,
    readonly subMilliNanos = 0,
  ) {
    if (!Number.isFinite(epochMs) || Math.abs(epochMs) > MAX_EPOCH_MS) {
      throw new EvaluationError("Date is out of the supported range");
    }
  }

  static fromLocal(local: LocalDateTime, zone: Zone): ZonedDateTime {
    const millis = Math.floor(local.nano / 1e6);
    const localMs =
      daysFromCivil(local.year, local.month, local.day) * MS_PER_DAY +
      ((local.hour * 60 + local.minute) * 60 + local.second) * 1000 +
      millis;
    return new ZonedDateTime(toEpoch(localMs, zone), zone, local.nano % 1e6);
  }

  get offsetMinutes(): number {
    return this.zone.offsetAt(this.epochMs);
  }

  local(): LocalDateTime {
    const localMs = this.epochMs + this.offsetMinutes * 60000;
    const epochDay = Math.floor(localMs / MS_PER_DAY);
    const msOfDay = localMs - epochDay * MS_PER_DAY;
    const { year, month, day } = civilFromDays(epochDay);
    const secondOfDay = Math.floor(msOfDay / 1000);
    return {
      year,
      month,
      day,
      hour: Math.floor(secondOfDay / 3600),
      minute: Math.floor(secondOfDay / 60) % 60,
      second: secondOfDay % 60,
      nano: (msOfDay % 1000) * 1e6 + this.subMilliNanos,
    };
  }

  /** ISO day of week of the local date, 1 = Monday. */
  dayOfWeek(): number {
    const localMs = this.epochMs + this.offsetMinutes * 60000;
    return isoDayOfWeek(Math.floor(localMs / MS_PER_DAY));
  }

  withZone(zone: Zone): ZonedDateTime {
    return new ZonedDateTime(this.epochMs, zone, this.subMilliNanos);
  }

  /** ISO-8601 with offset: 2019-10-23T11:24:00Z, 2019-10-17T11:55:12.5-07:00. */
  toString(): string {
    const l = this.local();
    return `${isoDate(l)}T${pad(l.hour, 2)}:${pad(l.minute, 2)}:${pad(l.second, 2)}${fraction(l.nano)}${isoOffset(this.offsetMinutes)}`;
  }

  toJSON(): string {
    return this.toString();
  }
}

export function isoDate(local: Pick<LocalDateTime, "year" | "month" | "day">): string {
  const year =
    local.year >= 0 && local.year <= 9999
      ? pad(local.year, 4)
      : `${local.year < 0 ? "-" : "+"}${pad(Math.abs(local.year), 4)}`;
  return `${year}-${pad(local.month, 2)}-${pad(local.day, 2)}`;
}

function isoOffset(minutes: number): string {
  return minutes === 0 ? "Z" : formatOffset(minutes, true);
}

/** Java prints fractions in groups of three digits and omits a zero fraction. */
function fraction(nano: number): string {
  if (nano === 0) return "";
  if (nano % 1e6 === 0) return `.${pad(nano / 1e6, 3)}`;
  if (nano % 1e3 === 0) return `.${pad(nano / 1e3, 6)}`;
  return `.${pad(nano, 9)}`;
}

export function pad(value: number, width: number): string {
  return String(value).padStart(width, "0");
}

/** Local wall-clock milliseconds to an instant; the second pass settles DST transitions. */
function toEpoch(localMs: number, zone: Zone): number {
  const firstGuess = localMs - zone.offsetAt(localMs) * 60000;
  const offset = zone.offsetAt(firstGuess);
  return localMs - offset * 60000;
}
