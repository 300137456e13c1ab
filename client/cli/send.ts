import { readdirSync, readFileSync, statSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { AepError } from "../http.js";
import type { AepClient } from "../index.js";
import type { SendOptions } from "../types.js";
import { required, settingOf, UsageError, withoutByteOrderMark } from "./args.js";
import type { Command, Io } from "./context.js";
import { column, renderTable } from "./table.js";

/** `send <inletUrl> <file|dir> --flow <id>`: streams events to an inlet, one request each. */

export interface LoadedEvent {
  /** file, or file#index for arrays and NDJSON lines. */
  source: string;
  event: unknown;
}

const EVENT_FILE = /\.(json|ndjson|jsonl)$/i;

export interface LoadOptions {
  /**
   * A JSON file holding an array is that many events (the default). False: every JSON file is one
   * message as it stands, arrays included (a fixture of a body that is not an object).
   */
  splitArrays?: boolean;
}

/** Events from a file (one JSON event, a JSON array, or NDJSON) or every such file of a folder. */
export function loadEvents(path: string, options: LoadOptions = {}): LoadedEvent[] {
  const stats = statOf(path);
  if (!stats.isDirectory()) return eventsOfFile(path, options);
  const files = readdirSync(path).filter((name) => EVENT_FILE.test(name)).sort();
  return files.flatMap((name) => eventsOfFile(join(path, name), options));
}

function statOf(path: string) {
  try {
    return statSync(path);
  } catch {
    throw new UsageError(`No file or folder at ${path}.`);
  }
}

function eventsOfFile(path: string, options: LoadOptions): LoadedEvent[] {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new UsageError(`${path} cannot be read: ${(error as Error).message}`);
  }
  const name = basename(path);
  if (/\.(ndjson|jsonl)$/i.test(path)) {
    const lines = text.split("\n").filter((line) => line.trim() !== "");
    return lines.map((line, index) => ({ source: `${name}#${index}`, event: parseEvent(line, `${name}#${index}`) }));
  }
  const parsed = parseEvent(text, name);
  if (!Array.isArray(parsed) || options.splitArrays === false) return [{ source: name, event: parsed }];
  return parsed.map((event, index) => ({ source: `${name}#${index}`, event }));
}

function parseEvent(text: string, source: string): unknown {
  try {
    return JSON.parse(withoutByteOrderMark(text));
  } catch (error) {
    throw new UsageError(`${source} is not valid JSON: ${(error as Error).message}`);
  }
}

export interface SendResult {
  source: string;
  status: number;
  xactionId?: string;
  code?: string;
  message?: string;
}

/** Sends each event in order; a refused event is recorded, not thrown. */
export async function sendEvents(
  client: AepClient,
  inletUrl: string,
  events: LoadedEvent[],
  options: SendOptions,
  onSent: (done: number) => void = () => {},
): Promise<SendResult[]> {
  const results: SendResult[] = [];
  for (const { source, event } of events) {
    results.push(await sendOne(client, inletUrl, source, event, options));
    onSent(results.length);
  }
  return results;
}

async function sendOne(client: AepClient, inletUrl: string, source: string, event: unknown, options: SendOptions): Promise<SendResult> {
  try {
    const answer = await client.inlet.send(inletUrl, event, options);
    return { source, status: 200, xactionId: answer.xactionId };
  } catch (error) {
    if (!(error instanceof AepError)) throw error;
    return { source, status: error.status, code: error.code, message: error.detail };
  }
}

/** A one-line progress bar on stderr, drawn only for a terminal and more than one event. */
export function progressBar(stream: Io["stderr"], total: number): { update(done: number): void; finish(): void } {
  if (!stream.isTTY || total < 2) return { update() {}, finish() {} };
  const width = Math.max(10, Math.min(40, (stream.columns ?? 80) - 30));
  return {
    update(done) {
      stream.write(`\r${renderBar(done, total, width)}`);
    },
    finish() {
      stream.write("\n");
    },
  };
}

export function renderBar(done: number, total: number, width: number): string {
  const filled = total === 0 ? width : Math.round((done / total) * width);
  return `sending [${"#".repeat(filled)}${"-".repeat(width - filled)}] ${done}/${total}`;
}

const COLUMNS = [
  column<SendResult>("source", (row) => row.source),
  column<SendResult>("status", (row) => row.status || "no answer"),
  column<SendResult>("xactionId / error", (row) => row.xactionId ?? `${row.code}: ${row.message}`),
];

export const SEND_COMMANDS: Record<string, Command> = {
  send: {
    usage: "send <inletUrl> <file|dir> [--flow <id>] [--sync-validation]",
    summary: "Send events (a JSON file, an array, NDJSON, or a folder of them) to an inlet (ACCESS_TOKEN, when set, as Authorization)",
    // The inlet takes no platform headers: only an inlet that requires authentication wants the token.
    requires: [],
    async run(ctx) {
      const inletUrl = required(ctx.args, 0, "inletUrl");
      if (!URL.canParse(inletUrl)) throw new UsageError(`${inletUrl} is not an inletUrl: give the absolute URL, such as http://localhost:8080/collection/<inletId>.`);
      const events = loadEvents(resolve(ctx.io.cwd, required(ctx.args, 1, "file|dir")));
      if (events.length === 0) throw new UsageError("No events found (.json, .ndjson or .jsonl).");
      if (ctx.values.flow === undefined && !inletUrl.includes("x-adobe-flow-id=")) {
        throw new UsageError("Give the dataflow with --flow <id> (or an inletUrl with ?x-adobe-flow-id=).");
      }
      const bar = progressBar(ctx.io.stderr, events.length);
      const authenticated = settingOf(ctx.values, ctx.io.env, "access-token") !== undefined;
      const options = { flowId: ctx.values.flow, syncValidation: ctx.values["sync-validation"], authenticated };
      const results = await sendEvents(ctx.client, inletUrl, events, options, bar.update);
      bar.finish();
      const accepted = results.filter((result) => result.status === 200).length;
      const summary = { sent: results.length, accepted, failed: results.length - accepted, results };
      ctx.out.print(summary, () => `${accepted}/${results.length} accepted\n${renderResults(results)}`);
      return summary.failed === 0 ? 0 : 1;
    },
  },
};

/** Only the refused events are worth a table; the accepted ones are counted. */
function renderResults(results: SendResult[]): string {
  const failed = results.filter((result) => result.status !== 200);
  return failed.length === 0 ? "" : `\n${renderTable(failed, COLUMNS)}`;
}
