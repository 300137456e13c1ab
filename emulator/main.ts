import { parseArgs } from "node:util";
import { setFlagsFromString } from "node:v8";
import { serve } from "@hono/node-server";
import { type AddressInfo, createServer } from "node:net";
import { createApp, VERSION } from "./app.js";
import { ConfigError, loadConfig, SETTINGS, type Config } from "./config.js";
import { loadFixtures } from "./fixtures/loader.js";
import { FixtureError } from "./fixtures/registry.js";
import type { Deps } from "./platform/context.js";
import { createIdSource } from "./platform/ids.js";
import { openStore } from "./store/db.js";
import { createLogger } from "./platform/log.js";
import { RequestJournal } from "./control/journal.js";

/**
 * Start-up only: settings (environment variables, each with a command-line flag twin that wins),
 * store, app, listen, graceful shutdown.
 */
export function main(argv: string[] = process.argv.slice(2)): void {
  if (argv[0] === "verify") return runVerify(argv.slice(1));
  let config: Config;
  try {
    const overrides = settingsFromFlags(argv);
    if (overrides === "help") return printHelp();
    if (overrides === "version") return console.log(VERSION);
    config = loadConfig(process.env, overrides);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    process.exit(2);
  }
  serveEmulator(config);
}

/**
 * The V8 flags the emulator runs with; the launcher of the bundled server (scripts/bundle.mjs) sets
 * the same ones before it compiles the bundle, as V8 rejects a code cache made under other flags.
 * Both are read when they are used, so setting them before the first request is enough.
 *
 * - Regular expressions move to V8's linear-time engine once a match has backtracked 50,000 times.
 *   Data Prep runs the patterns of a user's mapping set (matches_regex, extract_regex, split...) on
 *   event data; Java's engine backtracks as V8's does, but here one catastrophic pattern held the
 *   whole emulator: (a+)+$ over 28 characters took 29 s, with the fallback 5,000 characters take 2 ms.
 * - The old generation may grow by half before its next full collection, where V8 alone lets a small
 *   heap grow up to four times. Each inlet batch body (up to 1 MB) is one string in the large-object
 *   space, which only a full collection frees: after 1,000,000 batch records the peak RSS was
 *   140–154 MiB with V8's choice and 134–140 MiB with this, at the same speed (bench/FINDINGS.md).
 */
function setV8Flags(): void {
  setFlagsFromString("--enable-experimental-regexp-engine-on-excessive-backtracks");
  setFlagsFromString("--heap-growing-percent=50");
}

function settingsFromFlags(argv: string[]): Record<string, string> | "help" | "version" {
  const options = Object.fromEntries(SETTINGS.map((setting) => [setting.flag.slice(2), { type: "string" as const }]));
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: { ...options, help: { type: "boolean", short: "h" }, version: { type: "boolean" } },
      allowPositionals: false,
    });
  } catch (error) {
    throw new ConfigError(`${(error as Error).message}\nRun aep-flow-emulator --help for the settings.`);
  }
  if (parsed.values.help) return "help";
  if (parsed.values.version) return "version";
  const values = parsed.values as Record<string, string | boolean | undefined>;
  const overrides: Record<string, string> = {};
  for (const setting of SETTINGS) {
    const value = values[setting.flag.slice(2)];
    if (typeof value !== "string") continue;
    // An empty environment variable counts as unset; an empty flag is a mistake, not the default.
    if (value === "") throw new ConfigError(`${setting.flag} needs a value.\nRun aep-flow-emulator --help for the settings.`);
    overrides[setting.env] = value;
  }
  return overrides;
}

/** `aep-flow-emulator verify ...`: loaded on demand, as it needs @pact-foundation/pact. */
function runVerify(argv: string[]): void {
  import("./verify.js")
    .then(({ verifyCommand }) => verifyCommand(argv))
    .then(
      (code) => process.exit(code),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
}

function printHelp(): void {
  const width = Math.max(...SETTINGS.map((setting) => `${setting.flag} <value>`.length));
  console.log(
    "Usage: aep-flow-emulator [options]\n" +
      "       aep-flow-emulator verify --pact <file|dir|url> [--pact ...] [--provider <name>] [--fixtures <sets>]\n" +
      "         (verifies Pact files against a fresh emulator; aep-flow-emulator verify --help)\n\n" +
      "Every option has an environment variable twin; the option wins.\n",
  );
  for (const setting of SETTINGS) {
    console.log(`  ${`${setting.flag} <value>`.padEnd(width)}  ${setting.env.padEnd(16)} ${setting.meaning} (default ${setting.default})`);
  }
}

/** Set by the launcher of the bundled server (scripts/bundle.mjs) to save its V8 code cache once it serves. */
const SERVING = Symbol.for("aep-flow-emulator.serving");

export function serveEmulator(config: Config): void {
  setV8Flags();
  if (config.port === 0) return startServing(config);
  // A port already taken (a second emulator started on the same port and, most likely, the same
  // DB_PATH) stops the start before the database is opened: a start that then failed to listen had
  // already written to the file, and the running emulator answered 500 (SQLITE_BUSY_SNAPSHOT).
  const probe = createServer();
  probe.once("error", (error) => couldNotListen(config, error));
  probe.listen(config.port, config.host, () => probe.close(() => startServing(config)));
}

function couldNotListen(config: Config, error: Error): never {
  console.error(`aep-flow-emulator could not listen on ${config.host}:${config.port}: ${error.message}`);
  process.exit(1);
}

function startServing(config: Config): void {
  const log = createLogger(config.logLevel);
  const store = openStoreOrExit(config.dbPath);
  let port = config.port;
  const deps = createDeps(config, store, log, () => port);
  loadStartupFixtures(deps, config.fixtures ?? [], log.info);
  const app = createApp(deps);

  const server = serve({ fetch: app.fetch, hostname: config.host, port: config.port }, (info: AddressInfo) => {
    port = info.port;
    const host = info.family === "IPv6" ? `[${info.address}]` : info.address;
    log.ready(`aep-flow-emulator listening on http://${host}:${info.port} (database ${config.dbPath})`);
    (globalThis as { [SERVING]?: () => void })[SERVING]?.();
  });
  server.on("error", (error) => {
    store.close();
    couldNotListen(config, error);
  });

  const shutdown = (signal: string) => {
    log.info(`received ${signal}, shutting down`);
    const exit = () => {
      store.close();
      process.exit(0);
    };
    server.close(exit);
    setTimeout(exit, 2000).unref();
  };
  process.once("SIGINT", () => shutdown("SIGINT"));
  process.once("SIGTERM", () => shutdown("SIGTERM"));
}

/** What the app runs with, from the settings: the one place serveEmulator and `verify` (verify.ts) share. */
export function createDeps(config: Config, store: Deps["store"], log: ReturnType<typeof createLogger>, port: () => number): Deps {
  return {
    store,
    ids: createIdSource(config.idSeed),
    now: Date.now,
    inletBaseUrl: () => config.inletBaseUrl ?? `http://localhost:${port()}`,
    apiKeys: config.apiKeys,
    orgIds: config.orgIds,
    log: log.request,
    logError: log.error,
    defaultTenantId: config.defaultTenantId,
    journal: new RequestJournal(config.journalSize, config.journalBodies),
    bodyLimit: config.bodyLimit,
  };
}

/** The database, or a message naming DB_PATH and exit 1 (such as a Docker volume this user cannot write). */
function openStoreOrExit(dbPath: string): ReturnType<typeof openStore> {
  try {
    return openStore(dbPath);
  } catch (error) {
    const { code, message } = error as { code?: string; message: string };
    const uid = process.getuid?.();
    const access = ["SQLITE_CANTOPEN", "SQLITE_READONLY", "SQLITE_PERM", "EACCES", "EPERM", "EROFS", "ENOTDIR"].includes(code ?? "");
    console.error(
      `aep-flow-emulator could not open its database DB_PATH=${dbPath}: ${message}` +
        (access ? `\nThe folder must exist or be creatable, and be writable${uid === undefined ? "" : ` by uid ${uid}`} (in Docker: the volume on /data).` : ""),
    );
    process.exit(1);
  }
}

/** FIXTURES, through the same registration as POST /_emulator/seed; a bad set stops the start-up. */
function loadStartupFixtures(deps: Deps, entries: string[], info: (message: string) => void): void {
  try {
    for (const loaded of loadFixtures(deps, entries)) info(`fixture set ${loaded.name} ${loaded.status} (revision ${loaded.revision.slice(0, 12)})`);
  } catch (error) {
    if (!(error instanceof FixtureError)) throw error;
    console.error(error.message);
    deps.store.close();
    process.exit(2);
  }
}

const invokedDirectly = process.argv[1] !== undefined && import.meta.url === new URL(`file://${process.argv[1]}`).href;
if (invokedDirectly) main();
