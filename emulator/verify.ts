import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { serve } from "@hono/node-server";
import type { VerifierOptions } from "@pact-foundation/pact";
import { createApp } from "./app.js";
import { ConfigError, loadConfig } from "./config.js";
import { loadFixtures } from "./fixtures/loader.js";
import { FixtureError } from "./fixtures/registry.js";
import { createDeps } from "./main.js";
import { createLogger } from "./platform/log.js";
import { openStore } from "./store/db.js";

/**
 * `aep-flow-emulator verify`: checks Pact files (an integrator's, or contracts/pacts/) against a
 * fresh emulator. The emulator runs in this process on a free port with an in-memory database;
 * the Pact Verifier (@pact-foundation/pact, which the integrator's project already has when it
 * writes pacts) replays every interaction, setting up each provider state through
 * POST /_emulator/provider-states and injecting the values the state answers (fromProviderState).
 * States go through the verifier's own state-change proxy (stateHandlers) rather than straight to
 * the endpoint, as the verifier also asks for a state change before interactions without states.
 */

export const DEFAULT_PROVIDER = "aep-flow-service";
const VERIFIER_LOG_LEVELS = ["trace", "debug", "info", "warn", "error"] as const;
type VerifierLogLevel = (typeof VERIFIER_LOG_LEVELS)[number];

export interface VerifyOptions {
  /** Pact files, folders of pact files, or http(s) URLs of pacts (a Pact Broker's included). */
  pacts: string[];
  /**
   * The provider's name (default aep-flow-service), as the verifier reports it and a Pact Broker
   * selects by; pact files and URLs given here are verified whichever provider they name.
   */
  provider?: string;
  /** Fixture sets the emulator loads before verifying (as FIXTURES / --fixtures). */
  fixtures?: string[];
  /** The verifier's log level (default error: only the verification report is printed). */
  logLevel?: VerifierLogLevel;
  /** Emulator settings (environment variable names); HOST, PORT and DB_PATH are always 127.0.0.1, 0 and :memory:. */
  env?: Record<string, string | undefined>;
}

export interface VerifyResult {
  ok: boolean;
  /** The emulator's URL while it ran. */
  url: string;
  /** Why it failed, in a line (the verifier prints the details itself). */
  message?: string;
}

export class VerifyUsageError extends Error {}

/** Starts an emulator, verifies the pacts against it, stops it. Rejects only when it cannot run. */
export async function verifyPacts(options: VerifyOptions): Promise<VerifyResult> {
  const pactUrls = options.pacts.map(pactSource);
  const env = { ...(options.env ?? process.env), ...(options.fixtures === undefined ? {} : { FIXTURES: options.fixtures.join(",") }) };
  // The settings first: the Pact library reads LOG_LEVEL too, and a bad one failed its import,
  // which read as "the Pact library is missing".
  emulatorConfig(env);
  const { Verifier } = await loadPact();
  const emulator = await startInProcess(env);
  const stateFailures: string[] = [];
  try {
    const config: VerifierOptions = {
      provider: options.provider ?? DEFAULT_PROVIDER,
      providerBaseUrl: emulator.url,
      pactUrls,
      stateHandlers: providerStateHandlers(emulator.url, stateFailures),
      failIfNoPactsFound: true,
      logLevel: options.logLevel ?? "error",
    };
    await new Verifier(config).verifyProvider();
    if (stateFailures.length > 0) return { ok: false, url: emulator.url, message: stateFailures.join("; ") };
    return { ok: true, url: emulator.url };
  } catch (error) {
    return { ok: false, url: emulator.url, message: [failureLine(error), ...stateFailures].join("; ") };
  } finally {
    await emulator.close();
  }
}

/** The subcommand: parses argv (after "verify"), runs, answers the exit code (0 ok, 1 failed, 2 usage). */
export async function verifyCommand(argv: string[]): Promise<number> {
  let options: VerifyOptions | "help";
  try {
    options = parseVerifyArgs(argv);
  } catch (error) {
    if (!(error instanceof VerifyUsageError)) throw error;
    console.error(`${error.message}\nRun aep-flow-emulator verify --help for the options.`);
    return 2;
  }
  if (options === "help") {
    console.log(VERIFY_HELP);
    return 0;
  }
  process.env.PACT_DO_NOT_TRACK ??= "true";
  try {
    const result = await verifyPacts(options);
    if (result.ok) {
      console.log(`aep-flow-emulator verify: every interaction of ${options.pacts.join(", ")} holds against the emulator.`);
      return 0;
    }
    console.error(`aep-flow-emulator verify: verification failed${result.message ? `: ${result.message}` : ""}`);
    return 1;
  } catch (error) {
    if (error instanceof VerifyUsageError || error instanceof ConfigError || error instanceof FixtureError) {
      console.error(error.message);
      return 2;
    }
    throw error;
  }
}

export const VERIFY_HELP = `Usage: aep-flow-emulator verify --pact <file|dir|url> [--pact ...] [options]

Starts an emulator (in this process, on a free port, in-memory database), replays every interaction
of the pacts against it with the Pact Verifier, and exits 0 when all hold, 1 when one does not.
Provider states are set up through POST /_emulator/provider-states (GET it for the list).

  --pact <file|dir|url>   A pact file, a folder of pact files, or an http(s) URL (repeatable)
  --provider <name>       The name the Pact Verifier runs under (default ${DEFAULT_PROVIDER}); the
                          report names the pact's own provider, and every pact given is verified
  --fixtures <sets>       Fixture sets to load first, comma-separated (built-in names or paths)
  --log-level <level>     The verifier's log level: ${VERIFIER_LOG_LEVELS.join(", ")} (default error)
  -h, --help              This help

Other emulator settings (API_KEYS, ORG_IDS, ID_SEED, DEFAULT_TENANT_ID, INLET_BASE_URL, LOG_LEVEL)
come from the environment, as for the emulator itself. Needs @pact-foundation/pact 16 or later.`;

export function parseVerifyArgs(argv: string[]): VerifyOptions | "help" {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: {
        pact: { type: "string", multiple: true },
        provider: { type: "string" },
        fixtures: { type: "string", multiple: true },
        "log-level": { type: "string" },
        help: { type: "boolean", short: "h" },
      },
      allowPositionals: false,
    });
  } catch (error) {
    throw new VerifyUsageError((error as Error).message);
  }
  const { values } = parsed;
  if (values.help) return "help";
  const pacts = values.pact ?? [];
  if (pacts.length === 0) throw new VerifyUsageError("aep-flow-emulator verify needs at least one --pact <file|dir|url>.");
  const logLevel = values["log-level"];
  if (logLevel !== undefined && !(VERIFIER_LOG_LEVELS as readonly string[]).includes(logLevel)) {
    throw new VerifyUsageError(`--log-level must be one of ${VERIFIER_LOG_LEVELS.join(", ")}; got ${logLevel}.`);
  }
  const provider = values.provider;
  if (provider !== undefined && provider.trim() === "") throw new VerifyUsageError("--provider needs a name.");
  const fixtures = values.fixtures?.flatMap((entry) => entry.split(",")).map((entry) => entry.trim()).filter(Boolean);
  // As FIXTURES: a list that names no set is a mistake, not a request to load none.
  if (fixtures !== undefined && fixtures.length === 0) throw new VerifyUsageError("--fixtures must name at least one fixture set.");
  return { pacts, provider, fixtures, logLevel: logLevel as VerifierLogLevel | undefined };
}

type StateHandlers = NonNullable<VerifierOptions["stateHandlers"]>;

/**
 * Every named provider state goes to the emulator's POST /_emulator/provider-states ({state,
 * params, action}); setup answers the values fromProviderState injects. The verifier asks for a
 * state change before every interaction, also one without states: those are no-ops here. A state
 * the emulator refuses (unknown name, bad params) fails the verification with its reason.
 */
function providerStateHandlers(baseUrl: string, failures: string[]): StateHandlers {
  const change = (state: string, action: "setup" | "teardown") => async (params?: unknown) => {
    const response = await fetch(`${baseUrl}/_emulator/provider-states`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ state, params: params ?? {}, action }),
    });
    const text = await response.text();
    // A state whose setup was refused has nothing to tear down; its setup failure says why.
    if (!response.ok && action === "teardown" && failures.some((failure) => failure.startsWith(`provider state ${JSON.stringify(state)} (setup)`))) return undefined;
    if (!response.ok) {
      let detail = text;
      try {
        detail = (JSON.parse(text) as { detail?: string }).detail ?? text;
      } catch {
        // not JSON
      }
      const failure = `provider state ${JSON.stringify(state)} (${action}) was refused: ${detail}`;
      if (!failures.includes(failure)) failures.push(failure);
      throw new Error(failure);
    }
    return action === "setup" ? (JSON.parse(text) as Record<string, never>) : undefined;
  };
  return new Proxy({} as StateHandlers, {
    get: (_target, name) =>
      typeof name === "string" && name !== "" ? { setup: change(name, "setup"), teardown: change(name, "teardown") } : undefined,
  });
}

/** A URL as given; a path made absolute, and it must exist. */
/**
 * A pact file, a folder holding pact files, or a URL. A local source must hold at least one
 * interaction: the verifier passed a folder without pacts, an empty --pact (the current folder)
 * and a JSON file that is no pact, so a CI job pointed at the wrong place went green.
 */
function pactSource(entry: string): string {
  if (/^https?:\/\//i.test(entry)) return entry;
  if (entry.trim() === "") throw new VerifyUsageError("--pact needs a file, a folder or a URL.");
  const path = resolve(entry);
  if (!existsSync(path)) throw new VerifyUsageError(`No pact file or folder at ${entry}.`);
  const files = statSync(path).isDirectory()
    ? readdirSync(path).filter((name) => name.endsWith(".json")).map((name) => join(path, name))
    : [path];
  if (!files.some(holdsInteractions)) throw new VerifyUsageError(`No pact with interactions at ${entry}: nothing would be verified.`);
  return path;
}

function holdsInteractions(file: string): boolean {
  try {
    const pact = JSON.parse(readFileSync(file, "utf8")) as { interactions?: unknown };
    return Array.isArray(pact.interactions) && pact.interactions.length > 0;
  } catch {
    return false;
  }
}

async function loadPact(): Promise<{ Verifier: new (options: VerifierOptions) => { verifyProvider(): Promise<string> } }> {
  let pact: Record<string, unknown>;
  try {
    pact = (await import("@pact-foundation/pact")) as Record<string, unknown>;
  } catch (error) {
    throw new VerifyUsageError(
      "aep-flow-emulator verify needs the Pact library in your project: npm install --save-dev @pact-foundation/pact@16\n" +
        `(${(error as Error).message.split("\n")[0]})`,
    );
  }
  const Verifier = (pact.Verifier ?? (pact.default as Record<string, unknown> | undefined)?.Verifier) as
    | (new (options: VerifierOptions) => { verifyProvider(): Promise<string> })
    | undefined;
  if (Verifier === undefined) throw new VerifyUsageError("@pact-foundation/pact has no Verifier: use version 16 or later.");
  return { Verifier };
}

/** The verifier rejects with its whole JSON report as the message; one line is enough here. */
function failureLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  try {
    const report = JSON.parse(message) as { errors?: Array<{ interaction?: string }> };
    const failed = (report.errors ?? []).map((each) => each.interaction).filter((name): name is string => typeof name === "string");
    if (failed.length === 1) return `1 interaction failed: ${failed[0]}`;
    if (failed.length > 1) return `${failed.length} interactions failed (the verifier's Failures above name them)`;
  } catch {
    // not the JSON report
  }
  return message.split("\n")[0];
}

export interface InProcessEmulator {
  url: string;
  close(): Promise<void>;
}

/**
 * The emulator on 127.0.0.1, a free port and an in-memory database, in this process: the same
 * dependencies serveEmulator (main.ts) builds, without its signal handlers and exits.
 */
function emulatorConfig(env: Record<string, string | undefined>) {
  return loadConfig({ LOG_LEVEL: "warn", ...env, HOST: "127.0.0.1", PORT: "0", DB_PATH: ":memory:" });
}

export async function startInProcess(env: Record<string, string | undefined>): Promise<InProcessEmulator> {
  const config = emulatorConfig(env);
  const log = createLogger(config.logLevel);
  const store = openStore(config.dbPath);
  let port = 0;
  const deps = createDeps(config, store, log, () => port);
  try {
    loadFixtures(deps, config.fixtures ?? []);
  } catch (error) {
    store.close();
    throw error;
  }
  const app = createApp(deps);
  const server = await new Promise<ReturnType<typeof serve>>((resolveServer, reject) => {
    const listening = serve({ fetch: app.fetch, hostname: config.host, port: 0 }, (info: AddressInfo) => {
      port = info.port;
      resolveServer(listening);
    });
    listening.once("error", reject);
  });
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((done) => {
        server.close(() => {
          store.close();
          done();
        });
        // Keep-alive sockets of the verifier would hold close() open.
        (server as { closeAllConnections?: () => void }).closeAllConnections?.();
      }),
  };
}
