import { readFileSync, realpathSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { AepError } from "../http.js";
import { createClient } from "../index.js";
import { clientOptionsOf, parseCommandLine, SETTINGS, UsageError } from "./args.js";
import { type Command, type Io, Output } from "./context.js";
import { DEMO_COMMANDS, packageRoot } from "./demo.js";
import { FLOW_SERVICE_COMMANDS } from "./entities.js";
import { MAPPING_SET_COMMANDS } from "./mappingsets.js";
import { RECORD_COMMANDS } from "./records.js";
import { SEND_COMMANDS } from "./send.js";

/** aepflow: the reference client on the command line. Exit codes: 0 ok, 1 the API said no, 2 usage. */
const COMMANDS: Record<string, Command> = {
  ...FLOW_SERVICE_COMMANDS,
  ...MAPPING_SET_COMMANDS,
  ...SEND_COMMANDS,
  ...RECORD_COMMANDS,
  ...DEMO_COMMANDS,
};

export async function run(argv: string[], io: Io): Promise<number> {
  // Alone, --version is the package's; after a command it is a mapping set's version.
  if (argv.length === 1 && argv[0] === "--version") {
    io.stdout.write(`${packageVersion()}\n`);
    return 0;
  }
  let json = argv.includes("--json");
  try {
    const { positionals, values } = parseCommandLine(argv);
    json = values.json ?? false;
    const found = findCommand(positionals);
    if (values.help || found === undefined) {
      if (!values.help && positionals.length > 0) throw new UsageError(`Unknown command "${positionals.slice(0, 2).join(" ")}".`);
      io.stdout.write(usage());
      return 0;
    }
    const client = createClient(clientOptionsOf(values, io.env, found.command.requires));
    const code = await found.command.run({ client, args: found.args, values, out: new Output(io, json), io });
    return code ?? 0;
  } catch (error) {
    return report(error, io, json);
  }
}

function packageVersion(): string {
  const root = packageRoot();
  if (root === undefined) return "unknown";
  return (JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { version: string }).version;
}

/** `flows get <id>` -> the "flows get" command with args [id]; `send <url> <file>` -> "send". */
function findCommand(positionals: string[]): { command: Command; args: string[] } | undefined {
  const [group, action] = positionals;
  if (group === undefined) return undefined;
  const twoWords = COMMANDS[`${group} ${action}`];
  if (action !== undefined && twoWords !== undefined) return { command: twoWords, args: positionals.slice(2) };
  const oneWord = COMMANDS[group];
  return oneWord === undefined ? undefined : { command: oneWord, args: positionals.slice(1) };
}

function report(error: unknown, io: Io, json: boolean): number {
  if (error instanceof UsageError) {
    io.stderr.write(`aepflow: ${error.message}\nRun aepflow --help for the commands.\n`);
    return 2;
  }
  if (!(error instanceof AepError)) throw error;
  const fields = { status: error.status, code: error.code, message: error.detail, requestId: error.requestId, retryAfterMs: error.retryAfterMs, method: error.method, url: error.url };
  if (json) io.stderr.write(`${JSON.stringify({ error: fields })}\n`);
  else io.stderr.write(`aepflow: ${error.status || "no answer"} ${error.code}: ${error.detail}${error.requestId ? ` (request ${error.requestId})` : ""}${retryAdvice(error)}\n`);
  return 1;
}

/** The wait a 429 or 503 asked for, once the client's own retries are spent. */
function retryAdvice(error: AepError): string {
  if (!error.retryable) return "";
  return error.retryAfterMs === undefined ? " (try again later)" : ` (try again in ${Math.ceil(error.retryAfterMs / 1000)} s)`;
}

function usage(): string {
  const commands = Object.values(COMMANDS).map((command) => `  aepflow ${command.usage}\n      ${command.summary}`);
  const settings = SETTINGS.map(({ env, flag, meaning }) => `  ${env.padEnd(13)} --${flag.padEnd(13)} ${meaning}`);
  return [
    "aepflow: Adobe Experience Platform Flow Service client (works against platform.adobe.io and the emulator)",
    "",
    "Commands:",
    ...commands,
    "",
    "Settings (environment variable, or the flag, which wins):",
    ...settings,
    "",
    "Every command but send needs ACCESS_TOKEN, API_KEY and IMS_ORG. send needs none (the inlet takes no platform",
    "headers) and sends ACCESS_TOKEN, when set, as Authorization, for an inlet that requires authentication.",
    "",
    "Flags: --json (JSON on stdout instead of tables), --timeout <ms> (per request), -h/--help.",
    "Exit codes: 0 done, 1 the service answered an error (or an event that should have got through did not), 2 bad usage.",
    "",
  ].join("\n");
}

export async function main(argv: string[] = process.argv.slice(2)): Promise<void> {
  // A reader that stops early (aepflow flows list | head -1) closes the pipe: stop quietly, as Unix tools do.
  process.stdout.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code !== "EPIPE") throw error;
    process.exit(0);
  });
  const io: Io = {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    cwd: process.cwd(),
    readStdin: () => readFileSync(0, "utf8"),
  };
  process.exitCode = await run(argv, io);
}

function isEntryPoint(): boolean {
  if (process.argv[1] === undefined) return false;
  try {
    return import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href;
  } catch {
    return false;
  }
}

if (isEntryPoint()) await main();
