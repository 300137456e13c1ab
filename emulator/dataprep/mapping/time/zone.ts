import { EvaluationError } from "../errors.js";
import { daysFromCivil, MS_PER_DAY } from "./calendar.js";

/** A time zone: a fixed offset or an IANA region whose offset is looked up through Intl. */
export interface Zone {
  readonly id: string;
  /** Offset from UTC in minutes at the given instant. */
  offsetAt(epochMs: number): number;
  shortName(epochMs: number): string;
  longName(epochMs: number): string;
}

class FixedZone implements Zone {
  constructor(
    readonly id: string,
    private readonly offset: number,
  ) {}

  offsetAt(): number {
    return this.offset;
  }

  shortName(): string {
    return this.offset === 0 ? "UTC" : `GMT${formatOffset(this.offset, true)}`;
  }

  longName(): string {
    return this.offset === 0 ? "Coordinated Universal Time" : `GMT${formatOffset(this.offset, true)}`;
  }
}

class RegionZone implements Zone {
  private readonly parts: Intl.DateTimeFormat;
  private names?: { short: Intl.DateTimeFormat; long: Intl.DateTimeFormat };

  constructor(readonly id: string) {
    this.parts = new Intl.DateTimeFormat("en-US", {
      timeZone: id,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
      era: "short",
    });
  }

  offsetAt(epochMs: number): number {
    const whole = Math.floor(epochMs / 1000) * 1000;
    const fields: Record<string, string> = {};
    for (const part of this.parts.formatToParts(new Date(whole))) fields[part.type] = part.value;
    const year = fields.era === "BC" ? 1 - Number(fields.year) : Number(fields.year);
    const days = daysFromCivil(year, Number(fields.month), Number(fields.day));
    const seconds = Number(fields.hour) * 3600 + Number(fields.minute) * 60 + Number(fields.second);
    return Math.round((days * MS_PER_DAY + seconds * 1000 - whole) / 60000);
  }

  shortName(epochMs: number): string {
    return this.zoneName(epochMs, "short");
  }

  longName(epochMs: number): string {
    return this.zoneName(epochMs, "long");
  }

  private zoneName(epochMs: number, style: "short" | "long"): string {
    this.names ??= {
      short: new Intl.DateTimeFormat("en-US", { timeZone: this.id, timeZoneName: "short" }),
      long: new Intl.DateTimeFormat("en-US", { timeZone: this.id, timeZoneName: "long" }),
    };
    const part = this.names[style].formatToParts(new Date(epochMs)).find((p) => p.type === "timeZoneName");
    return part?.value ?? this.id;
  }
}

export const UTC: Zone = new FixedZone("Z", 0);

/**
 * Common abbreviations as fixed offsets: the docs convert "2019-10-17T11:55:12 PST" to
 * 19:55:12Z, i.e. PST is UTC-8 even in October, not the America/Los_Angeles region.
 */
const ABBREVIATIONS: Record<string, number> = {
  UTC: 0, GMT: 0, UT: 0, Z: 0, WET: 0, WEST: 60, BST: 60, CET: 60, CEST: 120, EET: 120, EEST: 180,
  MSK: 180, IST: 330, SGT: 480, HKT: 480, AWST: 480, JST: 540, KST: 540, ACST: 570, AEST: 600,
  AEDT: 660, NZST: 720, NZDT: 780, HST: -600, AKST: -540, AKDT: -480, PST: -480, PDT: -420,
  MST: -420, MDT: -360, CST: -360, CDT: -300, EST: -300, EDT: -240, AST: -240, ADT: -180,
  NST: -210, NDT: -150,
};

const OFFSET = /^([+-])(\d{1,2})(?::?(\d{2}))?(?::?(\d{2}))?$/;
const PREFIXED_OFFSET = /^(?:UTC|GMT|UT)([+-].*)$/i;
const cache = new Map<string, Zone | null>();

/** Minutes east of UTC for "+02:00", "-0800", "+5"; undefined when the text is not an offset. */
export function parseOffset(text: string): number | undefined {
  const match = OFFSET.exec(text);
  if (!match) return undefined;
  const minutes = Number(match[2]) * 60 + Number(match[3] ?? 0);
  if (minutes > 18 * 60 || Number(match[3] ?? 0) > 59) return undefined;
  return match[1] === "-" ? -minutes : minutes;
}

/** "+HH:MM" (or "+HHMM" without the colon); "Z" is left to the caller. */
export function formatOffset(minutes: number, colon: boolean): string {
  const sign = minutes < 0 ? "-" : "+";
  const abs = Math.abs(minutes);
  const hours = String(Math.floor(abs / 60)).padStart(2, "0");
  const mins = String(abs % 60).padStart(2, "0");
  return colon ? `${sign}${hours}:${mins}` : `${sign}${hours}${mins}`;
}

/** A zone from an id ("Europe/Paris", "UTC", "+02:00", "GMT-8", "PST"), or undefined. */
export function findZone(id: string): Zone | undefined {
  const cached = cache.get(id);
  if (cached !== undefined) return cached ?? undefined;
  const zone = buildZone(id.trim());
  if (cache.size > 500) cache.clear();
  cache.set(id, zone ?? null);
  return zone;
}

/** Like findZone, but an unknown id is an evaluation error. */
export function requireZone(id: unknown): Zone {
  const zone = typeof id === "string" ? findZone(id) : undefined;
  if (!zone) throw new EvaluationError(`Unknown time zone '${String(id)}'`);
  return zone;
}

function buildZone(id: string): Zone | undefined {
  if (id === "Z") return UTC;
  const upper = id.toUpperCase();
  if (upper in ABBREVIATIONS) return new FixedZone(upper === "Z" ? "Z" : upper, ABBREVIATIONS[upper]);
  const offset = parseOffset(id);
  if (offset !== undefined) return new FixedZone(formatOffset(offset, true), offset);
  const prefixed = PREFIXED_OFFSET.exec(id);
  if (prefixed) {
    const inner = parseOffset(prefixed[1]);
    return inner === undefined ? undefined : new FixedZone(id, inner);
  }
  return regionZone(id);
}

function regionZone(id: string): Zone | undefined {
  if (!/^[A-Za-z][A-Za-z0-9_+\-]*(\/[A-Za-z0-9_+\-]+)*$/.test(id)) return undefined;
  try {
    return new RegionZone(id);
  } catch {
    return undefined;
  }
}
