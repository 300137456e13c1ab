import { z } from "zod";
import { TenantIdText } from "./schemaregistry/tenant-id.js";

/** Every setting the emulator reads, validated once at start-up. */
const LOG_LEVELS = ["silent", "error", "warn", "info", "debug"] as const;

/** 10 MiB: above the largest body the platform APIs take in practice (see README, Reliability). */
export const DEFAULT_BODY_LIMIT = 10 * 1024 * 1024;

const csv = z
  .string()
  .transform((value) => value.split(",").map((item) => item.trim()).filter(Boolean));

/** An allow-list: one that names nothing would refuse every request. */
const allowList = csv.refine((items) => items.length > 0, "must name at least one value (leave it unset to allow any)");

/** A list of fixture sets: "," or " " names none, a mistake rather than a way to load none. */
const fixtureList = csv.refine((items) => items.length > 0, "must name at least one fixture set (leave it unset to load none)");

const TRUE_WORDS = ["true", "yes", "1"];
const FALSE_WORDS = ["false", "no", "0"];

/** Every on/off setting: true or false, also yes/no and 1/0, in any case, with spaces around them. */
const onOff = z
  .string()
  .trim()
  .toLowerCase()
  .refine((value) => TRUE_WORDS.includes(value) || FALSE_WORDS.includes(value), "must be true or false (yes/no and 1/0 also work, in any case)")
  .transform((value) => TRUE_WORDS.includes(value));

/** Digits only: z.coerce.number() read " " as 0 and 0x20A1 or 1e3 as numbers. */
const wholeNumber = z.string().trim().regex(/^\d{1,10}$/, "must be a whole number written in digits").transform(Number);

/** A value that does not begin or end with spaces (a path, a host): " " was taken as a path. */
const untrimmed = z.string().min(1).refine((value) => value.trim() === value, "must not begin or end with spaces");

const configSchema = z.object({
  HOST: untrimmed.regex(/^[^\s/?#@]+$/, "must be a host name or IP address, such as 127.0.0.1 or 0.0.0.0").default("127.0.0.1"),
  PORT: wholeNumber.pipe(z.number().max(65535, "must be at most 65535")).default(8080),
  DB_PATH: untrimmed.default(".data/emulator.sqlite"),
  INLET_BASE_URL: z
    .url({ protocol: /^https?$/, error: "must be an http(s) URL such as http://localhost:8080" })
    .refine((url) => !url.includes("?") && !url.includes("#"), "must have no query or fragment: inletUrls are this base and /collection/<inletId>")
    .transform((url) => url.replace(/\/+$/, ""))
    .optional(),
  LOG_LEVEL: z.enum(LOG_LEVELS).default("info"),
  API_KEYS: allowList.optional(),
  ORG_IDS: allowList.optional(),
  ID_SEED: z.string().refine((value) => value.trim() !== "", "must not be blank (leave it unset for random ids)").optional(),
  DEFAULT_TENANT_ID: TenantIdText.optional(),
  FIXTURES: fixtureList.optional(),
  JOURNAL_SIZE: wholeNumber.pipe(z.number().max(1_000_000, "must be at most 1000000")).default(1000),
  JOURNAL_BODIES: onOff.default(false),
  BODY_LIMIT: z
    .string()
    .trim()
    .regex(/^\d{1,10}$/, "must be a whole number of bytes, such as 10485760")
    .transform(Number)
    .pipe(z.number().min(1024, "must be at least 1024 bytes").max(1024 * 1024 * 1024, "must be at most 1073741824 bytes (1 GiB)"))
    .default(DEFAULT_BODY_LIMIT),
});

export type LogLevel = (typeof LOG_LEVELS)[number];

export interface Config {
  host: string;
  port: number;
  dbPath: string;
  /** Base of every inletUrl handed out; undefined means http://localhost:<listening port>. */
  inletBaseUrl?: string;
  logLevel: LogLevel;
  /** When set, only these x-api-key values are accepted (403003 otherwise). */
  apiKeys?: string[];
  /** When set, only these x-gw-ims-org-id values are accepted (403025 otherwise). */
  orgIds?: string[];
  /** Makes generated ids repeatable (etags keep the second they were made in). */
  idSeed?: string;
  /** Schema Registry tenant id of an org that no fixture set names. */
  defaultTenantId?: string;
  /** Fixture sets loaded at start-up: built-in names (customerio) or paths to JSON/YAML files. */
  fixtures?: string[];
  /** How many recent requests GET /_emulator/requests keeps; 0 keeps none. */
  journalSize: number;
  /** Whether the journal keeps request and response bodies (up to 64 KiB each). */
  journalBodies: boolean;
  /** The largest request body the platform paths take, in bytes; larger ones answer 413. */
  bodyLimit: number;
}

export class ConfigError extends Error {}

/**
 * The settings from the environment, and from command-line flags (keyed by variable name) that win
 * over it. A refused value is named as the user wrote it: the flag (--port) when it came from one.
 */
export function loadConfig(env: Record<string, string | undefined> = process.env, flags: Record<string, string> = {}): Config {
  const given = { ...env, ...flags };
  const present = Object.fromEntries(
    Object.keys(configSchema.shape)
      .filter((key) => given[key] !== undefined && given[key] !== "")
      .map((key) => [key, given[key]]),
  );
  const parsed = configSchema.safeParse(present);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => {
      const name = String(issue.path[0]);
      const source = name in flags ? (SETTINGS.find((setting) => setting.env === name)?.flag ?? name) : name;
      return `  ${source}=${JSON.stringify(present[name])}: ${issue.message}`;
    });
    throw new ConfigError(`Invalid configuration:\n${lines.join("\n")}`);
  }
  const value = parsed.data;
  return {
    host: value.HOST,
    port: value.PORT,
    dbPath: value.DB_PATH,
    inletBaseUrl: value.INLET_BASE_URL,
    logLevel: value.LOG_LEVEL,
    apiKeys: value.API_KEYS,
    orgIds: value.ORG_IDS,
    idSeed: value.ID_SEED,
    defaultTenantId: value.DEFAULT_TENANT_ID,
    fixtures: value.FIXTURES,
    journalSize: value.JOURNAL_SIZE,
    journalBodies: value.JOURNAL_BODIES,
    bodyLimit: value.BODY_LIMIT,
  };
}

/** Settings, their environment variable and what they mean: --help prints them, and the README table must list them (config.test.ts). */
export const SETTINGS: ReadonlyArray<{ env: string; flag: string; default: string; meaning: string }> = [
  { env: "HOST", flag: "--host", default: "127.0.0.1", meaning: "Interface to listen on (0.0.0.0 in Docker)." },
  { env: "PORT", flag: "--port", default: "8080", meaning: "Port to listen on; 0 picks a free port." },
  { env: "DB_PATH", flag: "--db-path", default: ".data/emulator.sqlite", meaning: "SQLite file (folder created) or :memory:." },
  { env: "INLET_BASE_URL", flag: "--inlet-base-url", default: "http://localhost:<port>", meaning: "Base of every inletUrl handed out." },
  { env: "LOG_LEVEL", flag: "--log-level", default: "info", meaning: "silent, error, warn, info or debug (info and debug print a line per request)." },
  { env: "API_KEYS", flag: "--api-keys", default: "(any)", meaning: "Comma-separated x-api-key allow-list; others get 403003." },
  { env: "ORG_IDS", flag: "--org-ids", default: "(any)", meaning: "Comma-separated x-gw-ims-org-id allow-list; others get 403025." },
  { env: "ID_SEED", flag: "--id-seed", default: "(random)", meaning: "Seed that makes generated ids (and the random part of etags) repeatable." },
  { env: "DEFAULT_TENANT_ID", flag: "--default-tenant-id", default: "(from the org id)", meaning: "Schema Registry tenant id of orgs no fixture set names: lower-case letters, digits and _, not xdm or experience." },
  { env: "FIXTURES", flag: "--fixtures", default: "(none)", meaning: "Comma-separated fixture sets to load: built-in names (customerio) or JSON/YAML paths." },
  { env: "JOURNAL_SIZE", flag: "--journal-size", default: "1000", meaning: "Recent requests GET /_emulator/requests keeps; 0 turns the journal off." },
  { env: "JOURNAL_BODIES", flag: "--journal-bodies", default: "false", meaning: "true keeps request and response bodies (64 KiB each) in the journal; also yes/no, 1/0, any case." },
  { env: "BODY_LIMIT", flag: "--body-limit", default: "10485760", meaning: "Largest request body (bytes) the platform APIs take; larger is 413. The inlet keeps its 1 MB." },
];
