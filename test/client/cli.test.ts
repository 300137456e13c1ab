import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { collect } from "../../client/index.js";
import { packageWithStaleDist, STALE_DIST } from "../support/checkout.js";
import { customerioSourceBody, dataLakeTargetBody } from "../support/flowservice.js";
import { cliEnv, flowBody, json, runCli, runCliInProcess, startClientEmulator, startStub, type ClientEmulator } from "./support.js";

/**
 * aepflow configured by environment variables: as a child process (node --import tsx client/cli/main.ts)
 * for help, usage errors and the bin shim; in process (its run(argv, io)) for the commands, which is
 * the same code without starting node and tsx for every call.
 */
describe("aepflow", () => {
  let running: ClientEmulator;
  let env: Record<string, string>;

  beforeAll(async () => {
    running = await startClientEmulator();
    env = cliEnv(running.url);
  });
  afterAll(() => running.emulator.stop());
  beforeEach(async () => {
    await running.client.emulator.reset();
  });

  it("--help lists the commands and settings without needing credentials", async () => {
    const result = await runCli(["--help"]);
    expect(result.code).toBe(0);
    for (const text of ["flows enable <id>", "runs list", "send <inletUrl> <file|dir>", "records <datasetId>", "demo customerio", "AEP_BASE_URL", "SANDBOX_NAME"]) {
      expect(result.stdout).toContain(text);
    }
  });

  it("a usage error exits 2 and names what is missing", async () => {
    const missing = await runCli(["flows", "list"], { AEP_BASE_URL: running.url });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("ACCESS_TOKEN (or --access-token)");
    expect(missing.stderr).toContain("IMS_ORG (or --org)");
  });

  it("create, list (table and JSON), get, update, delete a source connection", async () => {
    const created = await runCliInProcess(["source-connections", "create", "--data", JSON.stringify(customerioSourceBody()), "--json"], env);
    expect(created.code, created.stderr).toBe(0);
    const { id, etag } = JSON.parse(created.stdout);
    expect(etag).toMatch(/^".+"$/);

    const [table, listedJson] = await Promise.all([runCliInProcess(["source-connections", "list"], env), runCliInProcess(["source-connections", "list", "--json"], env)]);
    expect(table.code).toBe(0);
    const [header, rule, row] = table.stdout.trimEnd().split("\n");
    expect(header).toMatch(/^ID\s+NAME\s+CONNECTION SPEC\s+BASE CONNECTION\s+STATE\s+UPDATED$/);
    expect(rule).toMatch(/^-+\s+-+/);
    expect(row).toContain(id);
    expect(row).toContain("enabled");

    const listed = JSON.parse(listedJson.stdout);
    expect(listed.map((item: { id: string }) => item.id)).toEqual([id]);

    const updated = await runCliInProcess(["source-connections", "update", id, "--data", '[{"op":"replace","path":"/name","value":"renamed by aepflow"}]', "--json"], env);
    expect(updated.code, updated.stderr).toBe(0);
    const got = JSON.parse((await runCliInProcess(["source-connections", "get", id, "--json"], env)).stdout);
    expect(got).toMatchObject({ id, name: "renamed by aepflow", etag: JSON.parse(updated.stdout).etag });

    const stale = await runCliInProcess(["source-connections", "update", id, "--data", '{"op":"replace","path":"/name","value":"x"}', "--if-match", etag], env);
    expect(stale.code).toBe(1);
    expect(stale.stderr).toContain("412 FLOW-1404-412");

    expect((await runCliInProcess(["source-connections", "delete", id], env)).code).toBe(0);
    const gone = await runCliInProcess(["source-connections", "get", id, "--json"], env);
    expect(gone.code).toBe(1);
    expect(JSON.parse(gone.stderr).error).toMatchObject({ status: 404, code: "FLOW-1439-404", requestId: expect.any(String) });
  });

  it("list --orderby -name sorts descending, the README's sort order, written with or without =", async () => {
    for (const name of ["b", "c", "a"]) await running.client.flowService.sourceConnections.create({ ...customerioSourceBody(), name });
    for (const argv of [["--orderby", "-name"], ["--orderby=-name"]]) {
      const listed = await runCliInProcess(["source-connections", "list", ...argv, "--json"], env);
      expect(listed.code, listed.stderr).toBe(0);
      expect(JSON.parse(listed.stdout).map((item: { name: string }) => item.name)).toEqual(["c", "b", "a"]);
    }
    const ascending = await runCliInProcess(["source-connections", "list", "--orderby", "name", "--json"], env);
    expect(JSON.parse(ascending.stdout).map((item: { name: string }) => item.name)).toEqual(["a", "b", "c"]);
  });

  it("create reads --file relative to the working folder", async () => {
    const folder = mkdtempSync(join(tmpdir(), "aepflow-"));
    writeFileSync(join(folder, "target.json"), JSON.stringify(dataLakeTargetBody()));
    const created = await runCliInProcess(["target-connections", "create", "--file", "target.json", "--json"], env, { cwd: folder });
    expect(created.code, created.stderr).toBe(0);
    expect(await running.client.flowService.targetConnections.count()).toBe(1);
  });

  it("flows disable and enable; runs list --flow shows only that flow's runs", async () => {
    const { client } = running;
    const source = await client.flowService.sourceConnections.create(customerioSourceBody());
    const target = await client.flowService.targetConnections.create(dataLakeTargetBody());
    const streaming = await client.flowService.flows.create(flowBody(source.id, target.id));
    const once = await client.flowService.flows.create(flowBody(source.id, target.id, { scheduleParams: { startTime: "1612310466", frequency: "once" } }));
    const run = await client.flowService.runs.create({ flowId: once.id });

    expect((await runCliInProcess(["flows", "disable", streaming.id], env)).code).toBe(0);
    expect((await client.flowService.flows.get(streaming.id)).state).toBe("disabled");
    const twice = await runCliInProcess(["flows", "disable", streaming.id], env);
    expect(twice.code).toBe(1);
    expect(twice.stderr).toContain("FLOW-1422-400");
    expect((await runCliInProcess(["flows", "enable", streaming.id], env)).code).toBe(0);
    expect((await client.flowService.flows.get(streaming.id)).state).toBe("enabled");

    const runs = await runCliInProcess(["runs", "list", "--flow", once.id, "--json"], env);
    expect(JSON.parse(runs.stdout).map((item: { id: string }) => item.id)).toEqual([run.id]);
    const none = await runCliInProcess(["runs", "list", "--flow", streaming.id], env);
    expect(none.stdout).toBe("(none)\n");
  });

  it("create --mode draft makes a draft; publish, flows enable and disable take --if-match and refuse a stale etag (412)", async () => {
    const draft = await runCliInProcess(["source-connections", "create", "--data", JSON.stringify(customerioSourceBody()), "--mode", "draft", "--json"], env);
    expect(draft.code, draft.stderr).toBe(0);
    const { id, etag } = JSON.parse(draft.stdout);
    expect((await running.client.flowService.sourceConnections.get(id)).state).toBe("draft");
    await running.client.flowService.sourceConnections.update(id, [{ op: "replace", path: "/name", value: "renamed" }], { ifMatch: etag });
    const stalePublish = await runCliInProcess(["source-connections", "publish", id, "--if-match", etag], env);
    expect(stalePublish.code).toBe(1);
    expect(stalePublish.stderr).toContain("412 FLOW-1404-412");
    const current = (await running.client.flowService.sourceConnections.get(id)).etag;
    expect((await runCliInProcess(["source-connections", "publish", id, "--if-match", current], env)).code).toBe(0);
    expect((await running.client.flowService.sourceConnections.get(id)).state).toBe("enabled");

    const target = await running.client.flowService.targetConnections.create(dataLakeTargetBody());
    const flow = await running.client.flowService.flows.get((await running.client.flowService.flows.create(flowBody(id, target.id))).id);
    const disabled = await runCliInProcess(["flows", "disable", flow.id, "--if-match", flow.etag, "--json"], env);
    expect(disabled.code, disabled.stderr).toBe(0);
    const staleEnable = await runCliInProcess(["flows", "enable", flow.id, "--if-match", flow.etag], env);
    expect(staleEnable.code).toBe(1);
    expect(staleEnable.stderr).toContain("412 FLOW-1404-412");
    expect((await running.client.flowService.flows.get(flow.id)).state).toBe("disabled");
    expect((await runCliInProcess(["flows", "enable", flow.id, "--if-match", JSON.parse(disabled.stdout).etag], env)).code).toBe(0);
    expect((await running.client.flowService.flows.get(flow.id)).state).toBe("enabled");
  });

  it("flags override the environment: --base-url and --sandbox win", async () => {
    const created = await runCliInProcess(
      ["source-connections", "create", "--data", JSON.stringify(customerioSourceBody()), "--base-url", running.url, "--sandbox", "dev", "--json"],
      { ...env, AEP_BASE_URL: "http://127.0.0.1:9", SANDBOX_NAME: "prod" },
    );
    expect(created.code, created.stderr).toBe(0);
    const dev = running.clientWith({ sandboxName: "dev" });
    expect((await collect(dev.flowService.sourceConnections.list())).map((item) => item.id)).toEqual([JSON.parse(created.stdout).id]);
    expect(await running.client.flowService.sourceConnections.count()).toBe(0);
  });

  it("--limit caps what list shows", async () => {
    for (let index = 0; index < 3; index++) await running.client.flowService.sourceConnections.create(customerioSourceBody());
    const two = await runCliInProcess(["source-connections", "list", "--limit", "2", "--json"], env);
    expect(JSON.parse(two.stdout)).toHaveLength(2);
  });

  it("send posts every event of a folder to the inlet with the flow id; a refused event exits 1", async () => {
    const folder = mkdtempSync(join(tmpdir(), "aepflow-events-"));
    writeFileSync(join(folder, "a.json"), JSON.stringify({ event_id: "1", metric: "sent" }));
    writeFileSync(join(folder, "b.json"), JSON.stringify([{ event_id: "2" }, { event_id: "bad" }]));
    writeFileSync(join(folder, "notes.txt"), "not an event");
    const inlet = await startStub((request, index, response) => {
      if (JSON.parse(request.body).event_id === "bad") return json(response, 400, { type: "inlet", status: 400, title: "Invalid", report: { message: "rejected" } });
      json(response, 200, { inletId: "abc", xactionId: `x:${index}`, receivedTimeMs: 1 });
    });
    try {
      const result = await runCliInProcess(["send", `${inlet.url}/collection/abc`, folder, "--flow", "flow-1", "--json"], env);
      expect(result.code).toBe(1);
      const summary = JSON.parse(result.stdout);
      expect(summary).toMatchObject({ sent: 3, accepted: 2, failed: 1 });
      expect(summary.results[2]).toMatchObject({ source: "b.json#1", status: 400, code: "Invalid", message: "rejected" });
      expect(inlet.requests.map((request) => request.url)).toEqual(Array(3).fill("/collection/abc?x-adobe-flow-id=flow-1"));
      expect(inlet.requests.map((request) => JSON.parse(request.body).event_id)).toEqual(["1", "2", "bad"]);
      // the token, given, goes along (for an inlet that requires authentication); the platform headers do not
      expect(inlet.requests.map((request) => [request.headers.authorization, request.headers["x-api-key"], request.headers["x-gw-ims-org-id"]])).toEqual(
        Array(3).fill(["Bearer test-token", undefined, undefined]),
      );
      expect(result.stderr).not.toContain("sending [");

      const table = await runCliInProcess(["send", `${inlet.url}/collection/abc?x-adobe-flow-id=flow-2`, join(folder, "a.json")], env);
      expect(table.code).toBe(0);
      expect(table.stdout).toBe("1/1 accepted\n");
      expect(inlet.requests.at(-1)?.url).toBe("/collection/abc?x-adobe-flow-id=flow-2");
    } finally {
      await inlet.close();
    }
  });

  it("send needs no credentials: with no settings at all it posts each event without Authorization or platform headers", async () => {
    const events = join(mkdtempSync(join(tmpdir(), "aepflow-events-")), "events.ndjson");
    writeFileSync(events, `${JSON.stringify({ event_id: "1" })}\n${JSON.stringify({ event_id: "2" })}\n`);
    const inlet = await startStub((_, index, response) => json(response, 200, { inletId: "abc", xactionId: `x:${index}`, receivedTimeMs: 1 }));
    try {
      const result = await runCliInProcess(["send", `${inlet.url}/collection/abc`, events, "--flow", "flow-1", "--json"], {});
      expect(result.code, result.stderr).toBe(0);
      expect(JSON.parse(result.stdout)).toMatchObject({ sent: 2, accepted: 2, failed: 0 });
      expect(inlet.requests).toHaveLength(2);
      for (const { headers } of inlet.requests) {
        expect([headers.authorization, headers["x-api-key"], headers["x-gw-ims-org-id"], headers["x-sandbox-name"]]).toEqual([undefined, undefined, undefined, undefined]);
      }
      // the other commands still want all three
      const list = await runCliInProcess(["flows", "list"], { AEP_BASE_URL: inlet.url });
      expect(list.code).toBe(2);
      expect(list.stderr).toContain("Missing ACCESS_TOKEN (or --access-token), API_KEY (or --api-key), IMS_ORG (or --org).");
    } finally {
      await inlet.close();
    }
  });

  it("the bin shim runs the CLI's sources (through tsx) in a git checkout, even with a dist/ there", async () => {
    const checkout = packageWithStaleDist("aepflow", { sources: true });
    try {
      const result = await runBin(checkout.bin, ["connection-specs", "list", "--json"], env);
      expect(result.stdout).not.toContain(STALE_DIST);
      expect(result.code, result.stderr).toBe(0);
      expect(JSON.parse(result.stdout).map((spec: { id: string }) => spec.id)).toContain("96479064-7b8a-4d69-b9ed-21c5683837ea");
    } finally {
      rmSync(checkout.folder, { recursive: true, force: true });
    }
  });

  it("the bin shim runs dist/ where there are no sources (the installed package)", async () => {
    const installed = packageWithStaleDist("aepflow", { sources: false });
    try {
      expect(await runBin(installed.bin, ["--help"], env)).toMatchObject({ code: 3, stdout: `${STALE_DIST}\n` });
    } finally {
      rmSync(installed.folder, { recursive: true, force: true });
    }
  });
});

/** node <bin> args, with the environment and `env`: its exit code and output. */
async function runBin(bin: string, args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [bin, ...args], { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk) => (stdout += chunk));
  child.stderr.on("data", (chunk) => (stderr += chunk));
  const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
  return { code, stdout, stderr };
}

describe("aepflow against a throttling service", () => {
  it("a 429 it gives up on says when to try again: retryAfterMs in --json, 'try again in n s' in text", async () => {
    const stub = await startStub((_, __, response) => json(response, 429, { error_code: "429050", message: "Too many requests" }, { "Retry-After": "0" }));
    try {
      const asJson = await runCliInProcess(["flows", "list", "--json"], cliEnv(stub.url));
      expect(asJson.code).toBe(1);
      expect(JSON.parse(asJson.stderr).error).toMatchObject({ status: 429, code: "429050", message: "Too many requests", retryAfterMs: 0 });
      const asText = await runCliInProcess(["flows", "list"], cliEnv(stub.url));
      expect(asText.stderr).toBe("aepflow: 429 429050: Too many requests (try again in 0 s)\n");
    } finally {
      await stub.close();
    }
  });
});
