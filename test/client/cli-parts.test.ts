import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { clientOptionsOf, jsonInput, parseCommandLine, UsageError } from "../../client/cli/args.js";
import type { Io } from "../../client/cli/context.js";
import { run } from "../../client/cli/main.js";
import { BUILT_IN_EVENTS, customerioEvents, isMalformedFixture, packageRoot } from "../../client/cli/demo.js";
import { loadEvents, progressBar, renderBar } from "../../client/cli/send.js";
import { cell, column, renderRecord, renderTable, time } from "../../client/cli/table.js";
import { ROOT } from "../support/process.js";

function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "aepflow-parts-"));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, ".."), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

describe("the table printer", () => {
  it("aligns columns under upper-case headers and a rule, flattening values to one line", () => {
    const rows = [
      { id: "a", name: "first", spec: { id: "s" } },
      { id: "bbbb", name: "second\nline", spec: undefined },
    ];
    const text = renderTable(rows, [column("id", (row) => row.id), column("name", (row) => row.name), column("spec", (row) => row.spec)]);
    expect(text).toBe(["ID    NAME         SPEC", "----  -----------  ----------", 'a     first        {"id":"s"}', "bbbb  second line", ""].join("\n"));
  });

  it("renders one entity as FIELD / VALUE, times as ISO, absent values as nothing", () => {
    expect(renderRecord({ id: "x", count: 2 })).toBe("FIELD  VALUE\n-----  -----\nid     x\ncount  2\n");
    expect(time(0)).toBe("1970-01-01T00:00:00.000Z");
    expect(time(undefined)).toBe("");
    expect(cell(null)).toBe("");
    expect(cell(false)).toBe("false");
  });
});

describe("the progress bar", () => {
  const tty = () => {
    const written: string[] = [];
    return { written, stream: { isTTY: true, columns: 60, write: (text: string) => written.push(text) } };
  };

  it("draws on a terminal for more than one event, one line rewritten in place", () => {
    const { written, stream } = tty();
    const bar = progressBar(stream, 4);
    bar.update(1);
    bar.update(4);
    bar.finish();
    expect(written).toEqual([`\r${renderBar(1, 4, 30)}`, `\r${renderBar(4, 4, 30)}`, "\n"]);
    expect(renderBar(1, 4, 8)).toBe("sending [##------] 1/4");
    expect(renderBar(4, 4, 8)).toBe("sending [########] 4/4");
  });

  it("stays silent when stderr is not a terminal, or for a single event", () => {
    const piped: string[] = [];
    const notTty = progressBar({ isTTY: false, write: (text: string) => piped.push(text) }, 10);
    notTty.update(5);
    notTty.finish();
    const { written, stream } = tty();
    const single = progressBar(stream, 1);
    single.update(1);
    single.finish();
    expect(piped).toEqual([]);
    expect(written).toEqual([]);
  });
});

describe("loading events", () => {
  it("reads one event, an array, or NDJSON, and a folder's event files in name order", () => {
    const dir = folder({
      "b.json": '[{"n":2},{"n":3}]',
      "a.json": '{"n":1}',
      "c.ndjson": '{"n":4}\n\n{"n":5}\n',
      "readme.md": "not events",
    });
    const events = loadEvents(dir);
    expect(events.map((event) => event.source)).toEqual(["a.json", "b.json#0", "b.json#1", "c.ndjson#0", "c.ndjson#1"]);
    expect(events.map((event) => (event.event as { n: number }).n)).toEqual([1, 2, 3, 4, 5]);
    expect(loadEvents(join(dir, "a.json"))).toEqual([{ source: "a.json", event: { n: 1 } }]);
  });

  it("reads files that begin with a UTF-8 byte order mark, as events and as --file bodies", () => {
    const dir = folder({ "bom.json": '\uFEFF{"n":1}', "bom.ndjson": '\uFEFF{"n":2}\n{"n":3}\n' });
    expect(loadEvents(dir).map((event) => (event.event as { n: number }).n)).toEqual([1, 2, 3]);
    expect(jsonInput({ file: "bom.json" }, dir, () => "")).toEqual({ n: 1 });
  });

  it("a broken file or a missing path is a usage error naming it", () => {
    const dir = folder({ "bad.json": "{" });
    expect(() => loadEvents(dir)).toThrow(UsageError);
    expect(() => loadEvents(dir)).toThrow(/bad\.json is not valid JSON/);
    expect(() => loadEvents(join(dir, "absent"))).toThrow(/No file or folder/);
  });
});

describe("the demo's events", () => {
  it("finds the package root from the CLI's own folder", () => {
    expect(packageRoot(join(ROOT, "client", "cli"))).toBe(ROOT.replace(/\/$/, ""));
    expect(packageRoot(tmpdir())).toBeUndefined();
  });

  it("loads fixtures/customerio/events/*.json under the package root when present", () => {
    const root = folder({ "fixtures/customerio/events/01-subscribed.json": '{"event_id":"x","object_type":"customer"}' });
    expect(customerioEvents(root)).toEqual([{ source: "01-subscribed.json", event: { event_id: "x", object_type: "customer" } }]);
  });

  it("takes each fixture file as one webhook body: a file holding an array is one body that is not an object", () => {
    const root = folder({
      "fixtures/customerio/events/a.json": '{"event_id":"a"}',
      "fixtures/customerio/events/malformed-not-an-object.json": '["customer", "subscribed", 1]',
    });
    expect(customerioEvents(root)).toEqual([
      { source: "a.json", event: { event_id: "a" } },
      { source: "malformed-not-an-object.json", event: ["customer", "subscribed", 1] },
    ]);
    const events = join(root, "fixtures/customerio/events");
    expect(loadEvents(events)).toHaveLength(4);
    expect(loadEvents(events, { splitArrays: false })).toHaveLength(2);
  });

  it("knows the malformed fixtures by their name", () => {
    expect(isMalformedFixture("malformed-timestamp-as-iso-string.json")).toBe(true);
    expect(isMalformedFixture("/x/events/Malformed-email.json")).toBe(true);
    expect(isMalformedFixture("email-sent.json")).toBe(false);
    expect(isMalformedFixture("not-malformed.json")).toBe(false);
    expect(isMalformedFixture("built-in#0")).toBe(false);
  });

  it("falls back to built-in Customer.io webhook events when the folder is absent", () => {
    const events = customerioEvents(folder({}));
    expect(events).toHaveLength(BUILT_IN_EVENTS.length);
    for (const { event } of events) {
      expect(event).toMatchObject({ event_id: expect.any(String), object_type: expect.any(String), metric: expect.any(String), timestamp: expect.any(Number), data: expect.any(Object) });
    }
    expect(new Set(events.map(({ event }) => (event as { event_id: string }).event_id)).size).toBe(events.length);
  });
});

describe("settings and input", () => {
  const values = (argv: string[]) => parseCommandLine(argv).values;
  const env = { AEP_BASE_URL: "http://env", ACCESS_TOKEN: "env-token", API_KEY: "env-key", IMS_ORG: "ENV@AdobeOrg", SANDBOX_NAME: "dev" };

  it("reads the environment, each flag overriding its variable", () => {
    expect(clientOptionsOf(values([]), env)).toMatchObject({ baseUrl: "http://env", accessToken: "env-token", apiKey: "env-key", orgId: "ENV@AdobeOrg", sandboxName: "dev" });
    const flagged = clientOptionsOf(values(["--base-url", "http://flag", "--org", "FLAG@AdobeOrg", "--sandbox", "qa", "--timeout", "500"]), env);
    expect(flagged).toMatchObject({ baseUrl: "http://flag", orgId: "FLAG@AdobeOrg", sandboxName: "qa", accessToken: "env-token", timeoutMs: 500 });
  });

  it("names every missing credential; empty variables count as missing; the base URL defaults to Adobe's", () => {
    expect(() => clientOptionsOf(values([]), { ACCESS_TOKEN: "", API_KEY: "k" })).toThrow("Missing ACCESS_TOKEN (or --access-token), IMS_ORG (or --org).");
    expect(clientOptionsOf(values([]), { ACCESS_TOKEN: "t", API_KEY: "k", IMS_ORG: "o" }).baseUrl).toBeUndefined();
    expect(() => clientOptionsOf(values(["--timeout", "soon"]), env)).toThrow(/--timeout takes a whole number/);
  });

  it("takes a body from --data, a file, or stdin, but not from two places", () => {
    const dir = folder({ "body.json": '{"from":"file"}' });
    expect(jsonInput(values(["--data", '{"from":"data"}']), dir, () => "")).toEqual({ from: "data" });
    expect(jsonInput(values(["--file", "body.json"]), dir, () => "")).toEqual({ from: "file" });
    expect(jsonInput(values(["--file", "-"]), dir, () => '{"from":"stdin"}')).toEqual({ from: "stdin" });
    expect(() => jsonInput(values(["--data", "{}", "--file", "body.json"]), dir, () => "")).toThrow(/not both/);
    expect(() => jsonInput(values([]), dir, () => "")).toThrow(/--data/);
    expect(() => jsonInput(values(["--file", "missing.json"]), dir, () => "")).toThrow(/Cannot read .*missing\.json: ENOENT/);
  });
});

/** A folder of events holding a folder named like an event file. */
const folderWithFolder = mkdtempSync(join(tmpdir(), "aepflow-events-"));
mkdirSync(join(folderWithFolder, "sub.json"));

describe("aepflow's usage errors (run in-process): exit code 2, nothing sent", () => {
  const env = { AEP_BASE_URL: "http://127.0.0.1:9", ACCESS_TOKEN: "t", API_KEY: "k", IMS_ORG: "o" };

  async function cli(argv: string[], cwd = ROOT) {
    let stdout = "";
    let stderr = "";
    const io: Io = { stdout: { write: (text) => (stdout += text) }, stderr: { write: (text) => (stderr += text) }, env, cwd, readStdin: () => "" };
    const code = await run(argv, io);
    return { code, stdout, stderr };
  }

  it.each([
    [["flows", "explode"], 'Unknown command "flows explode"'],
    [["flows", "list", "--colour"], "--colour"],
    [["flows", "get"], "Missing <id>"],
    [["source-connections", "list", "--limit", "two"], "--limit takes a whole number"],
    [["source-connections", "list", "--limit", "0"], "--limit must be at least 1"],
    [["flows", "create", "--data", "{"], "not valid JSON"],
    [["flows", "create"], "--data '<json>' or --file <path>"],
    [["flows", "create", "--data", "{}", "--mode", "live"], '--mode takes "draft"'],
    [["flows", "update", "f", "--data", '[{"path":"/name"}]'], "The patch must be"],
    [["mapping-sets", "create", "--data", "{}"], 'needs "mappings"'],
    [["mapping-sets", "delete", "m"], "no DELETE for mapping sets"],
    [["send", "http://127.0.0.1:9/collection/abc", "package.json"], "--flow <id>"],
    [["send", "http://127.0.0.1:9/collection/abc", "no-such-folder", "--flow", "f"], "No file or folder"],
    [["demo", "customerio", "--wait", "soon"], "--wait takes a whole number"],
    [["flows", "list", "--timeout", "0"], "--timeout takes milliseconds from 1 to 2147483647"],
    [["flows", "list", "--timeout", "3000000000"], "--timeout takes milliseconds from 1 to 2147483647"],
    [["flows", "list", "--base-url", "notaurl"], "must be an http(s) URL"],
    [["flows", "list", "--base-url", "ftp://files.example.com"], "must be an http(s) URL"],
    [["flows", "list", "--access-token", ""], "--access-token needs a value"],
    [["flows", "list", "--org", ""], "--org needs a value"],
    [["send", "notaurl", "package.json", "--flow", "f"], "notaurl is not an inletUrl"],
    [["send", "/collection/abc", "package.json", "--flow", "f"], "/collection/abc is not an inletUrl"],
    [["send", "http://127.0.0.1:9/collection/abc", folderWithFolder, "--flow", "f"], "sub.json cannot be read: EISDIR"],
  ])("aepflow %j", async (argv, message) => {
    const result = await cli(argv);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
    expect(result.stderr).toContain("Run aepflow --help");
    expect(result.stdout).toBe("");
  });

  it("--limit is one rule for every command that takes it: 0 and a word are usage errors, before any request", async () => {
    const help = (await cli(["--help"])).stdout;
    const takingLimit = [...help.matchAll(/^ {2}aepflow (.+)$/gm)].map(([, usage]) => usage).filter((usage) => usage.includes("--limit <n>"));
    // each command's own words and positionals, up to its options: records <datasetId> -> records x
    const commands = takingLimit.map((usage) => usage.split(" [")[0].split(" ").map((word) => (word.startsWith("<") ? "x" : word)));
    expect(commands.map((words) => words.filter((word) => word !== "x").join(" "))).toEqual(
      expect.arrayContaining(["flows list", "runs list", "source-connections list", "mapping-sets list", "records"]),
    );
    for (const command of commands) {
      for (const [limit, message] of [
        ["0", "--limit must be at least 1."],
        ["two", '--limit takes a whole number, not "two".'],
      ]) {
        const result = await cli([...command, "--limit", limit]);
        expect(result, `aepflow ${command.join(" ")} --limit ${limit}`).toMatchObject({ code: 2, stdout: "", stderr: expect.stringContaining(`aepflow: ${message}\n`) });
      }
    }
  });

  it("--version alone prints the package's version and exits 0; after a command it is still a mapping set's version", async () => {
    const { version } = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string };
    expect(await cli(["--version"])).toMatchObject({ code: 0, stdout: `${version}\n`, stderr: "" });
    expect(await cli(["mapping-sets", "get", "m", "--version", "two"])).toMatchObject({ code: 2, stderr: expect.stringContaining("--version") });
  });

  it("no command prints the help and exits 0; --help wins over a command", async () => {
    expect(await cli([])).toMatchObject({ code: 0, stdout: expect.stringContaining("Commands:") });
    expect(await cli(["flows", "list", "--help"])).toMatchObject({ code: 0, stdout: expect.stringContaining("aepflow flows list") });
  });

  it("an unreachable service exits 1 with NETWORK_ERROR, as JSON on stderr with --json", async () => {
    const result = await cli(["flows", "list", "--json", "--timeout", "2000"]);
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stderr).error).toMatchObject({ status: 0, code: "NETWORK_ERROR" });
  });
});
