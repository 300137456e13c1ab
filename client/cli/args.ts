import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import type { ClientOptions } from "../http.js";

/** Command-line arguments: one option table for every command, parsed once with node:util. */
export class UsageError extends Error {}

export const OPTIONS = {
  "base-url": { type: "string" },
  "access-token": { type: "string" },
  "api-key": { type: "string" },
  org: { type: "string" },
  sandbox: { type: "string" },
  timeout: { type: "string" },
  json: { type: "boolean" },
  help: { type: "boolean", short: "h" },
  property: { type: "string", multiple: true },
  orderby: { type: "string" },
  limit: { type: "string" },
  file: { type: "string" },
  data: { type: "string" },
  "if-match": { type: "string" },
  mode: { type: "string" },
  version: { type: "string" },
  flow: { type: "string" },
  "sync-validation": { type: "boolean" },
  status: { type: "string" },
  wait: { type: "string" },
} as const;

export type Values = ReturnType<typeof parse>["values"];

function parse(argv: string[]) {
  return parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
}

export function parseCommandLine(argv: string[]): { positionals: string[]; values: Values } {
  try {
    return parse(withDashValues(argv));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/** Options whose value may begin with "-": the descending sort order, which parseArgs takes for another option. */
const DASH_VALUE_OPTIONS = new Set(["--orderby"]);

/** `--orderby -name` as `--orderby=-name`, which parseArgs reads as the option's value. */
function withDashValues(argv: string[]): string[] {
  const out: string[] = [];
  for (let index = 0; index < argv.length; index++) {
    const [arg, next] = [argv[index], argv[index + 1]];
    if (arg === "--") return [...out, ...argv.slice(index)];
    if (DASH_VALUE_OPTIONS.has(arg) && next !== undefined && /^-[^-]/.test(next)) {
      out.push(`${arg}=${next}`);
      index++;
      continue;
    }
    out.push(arg);
  }
  return out;
}

/** Settings from the environment, each overridden by its flag. */
export const SETTINGS = [
  { env: "AEP_BASE_URL", flag: "base-url", meaning: "Base URL (default https://platform.adobe.io)" },
  { env: "ACCESS_TOKEN", flag: "access-token", meaning: "IMS access token (Authorization: Bearer)" },
  { env: "API_KEY", flag: "api-key", meaning: "x-api-key" },
  { env: "IMS_ORG", flag: "org", meaning: "x-gw-ims-org-id" },
  { env: "SANDBOX_NAME", flag: "sandbox", meaning: "x-sandbox-name (default: the org's prod)" },
] as const;

export type SettingFlag = (typeof SETTINGS)[number]["flag"];

/** What every platform API wants: the gateway refuses a request without any of them. */
export const PLATFORM_CREDENTIALS: readonly SettingFlag[] = ["access-token", "api-key", "org"];

/** The longest per-request timeout: Node's timers hold at most 2^31 - 1 ms (about 24.8 days). */
const MAX_TIMEOUT_MS = 2_147_483_647;

/** A setting's flag, else its environment variable (an empty one is unset). */
export function settingOf(values: Values, env: Record<string, string | undefined>, flag: SettingFlag): string | undefined {
  const name = SETTINGS.find((setting) => setting.flag === flag)!.env;
  return values[flag] ?? (env[name] || undefined);
}

/**
 * The client's options; a credential in `required` that is missing is a usage error. One that is not
 * required and missing is empty: the command sends it only when it is given (send's token).
 */
export function clientOptionsOf(values: Values, env: Record<string, string | undefined>, required: readonly SettingFlag[] = PLATFORM_CREDENTIALS): ClientOptions {
  // An empty flag is a mistake (it would send an empty header); an empty environment variable is unset.
  for (const { flag } of SETTINGS) {
    if (values[flag] === "") throw new UsageError(`--${flag} needs a value.`);
  }
  const setting = (flag: SettingFlag) => settingOf(values, env, flag);
  const missing = SETTINGS.filter(({ flag }) => required.includes(flag) && setting(flag) === undefined);
  if (missing.length > 0) {
    throw new UsageError(`Missing ${missing.map(({ env: name, flag }) => `${name} (or --${flag})`).join(", ")}.`);
  }
  const baseUrl = setting("base-url");
  if (baseUrl !== undefined && !/^https?:$/.test(URL.canParse(baseUrl) ? new URL(baseUrl).protocol : "")) {
    throw new UsageError(`AEP_BASE_URL (or --base-url) must be an http(s) URL such as http://localhost:8080, not "${baseUrl}".`);
  }
  const timeoutMs = optionalInteger(values.timeout, "--timeout");
  if (timeoutMs !== undefined && (timeoutMs < 1 || timeoutMs > MAX_TIMEOUT_MS)) {
    throw new UsageError(`--timeout takes milliseconds from 1 to ${MAX_TIMEOUT_MS}, not ${values.timeout}.`);
  }
  return {
    baseUrl,
    accessToken: setting("access-token") ?? "",
    apiKey: setting("api-key") ?? "",
    orgId: setting("org") ?? "",
    sandboxName: setting("sandbox"),
    timeoutMs,
  };
}

export function optionalInteger(text: string | undefined, flag: string): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text)) throw new UsageError(`${flag} takes a whole number, not "${text}".`);
  return Number(text);
}

/** --limit, one rule for every command that takes it: a whole number of at least 1 (the most items shown). */
export function optionalLimit(values: Values): number | undefined {
  const limit = optionalInteger(values.limit, "--limit");
  if (limit === 0) throw new UsageError("--limit must be at least 1.");
  return limit;
}

/** The positional argument at `index`, or a usage error naming it. */
export function required(positionals: string[], index: number, name: string): string {
  const value = positionals[index];
  if (value === undefined || value === "") throw new UsageError(`Missing <${name}>.`);
  return value;
}

/** A JSON body from --data '<json>' or --file <path> (`-` reads stdin). */
export function jsonInput(values: Values, cwd: string, readStdin: () => string): unknown {
  if (values.data !== undefined && values.file !== undefined) throw new UsageError("Give --data or --file, not both.");
  const text =
    values.data ?? (values.file === "-" ? readStdin() : values.file !== undefined ? readFile(resolve(cwd, values.file)) : undefined);
  if (text === undefined) throw new UsageError("Give the JSON body with --data '<json>' or --file <path>.");
  try {
    return JSON.parse(withoutByteOrderMark(text));
  } catch (error) {
    throw new UsageError(`The body is not valid JSON: ${(error as Error).message}`);
  }
}

function readFile(path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch (error) {
    throw new UsageError(`Cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

/** Text editors on Windows begin UTF-8 files with a byte order mark, which JSON.parse refuses (the emulator drops it too). */
export function withoutByteOrderMark(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
