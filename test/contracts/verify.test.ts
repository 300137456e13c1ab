import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { parseVerifyArgs, verifyCommand, verifyPacts } from "../../emulator/verify.js";
import { ROOT, runToExit } from "../support/process.js";

/**
 * `aep-flow-emulator verify`: the integrator's way to check their pacts against the emulator.
 * Run as a child process (the verifier's native core prints its report straight to stdout).
 */
process.env.PACT_DO_NOT_TRACK ??= "true";

const MAIN = ["--import", "tsx", "emulator/main.ts"];
/** The verifier colours its report whatever the output is; the tests read it plain. */
const plain = (text: string) => text.replace(/\x1b\[[0-9;]*m/g, "");
const verify = async (...args: string[]) => {
  const { code, output } = await runToExit({ PACT_DO_NOT_TRACK: "true", LOG_LEVEL: "warn" }, [...MAIN, "verify", ...args]);
  return { code, output: plain(output) };
};
const WRONG = join(ROOT, "test/contracts/fixtures/wrong.json");
const scratch = mkdtempSync(join(tmpdir(), "aep-verify-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe("aep-flow-emulator verify", () => {
  it("passes the committed pacts in contracts/pacts/ (exit 0)", async () => {
    const { code, output } = await verify("--pact", "contracts/pacts");
    expect(code, output).toBe(0);
    expect(output).toContain("a request to create a Customer.io streaming dataflow with a mapping");
    expect(output).toContain("every interaction of contracts/pacts holds against the emulator");
  });

  it("fails a pact the emulator does not honour (exit 1), with the verifier's mismatch in its output", async () => {
    const { code, output } = await verify("--pact", WRONG, "--provider", "aep-flow-service");
    expect(code, output).toBe(1);
    expect(output).toContain("a request to create a mapping set, expecting 201 (Data Prep answers 200)");
    expect(output).toMatch(/expected 201 but was 200/i);
    expect(output).toContain("verification failed");
  });

  it("fails a pact that names a provider state the emulator does not know, saying which", async () => {
    const pact = JSON.parse(readFileSync(WRONG, "utf8"));
    pact.interactions[0].providerStates = [{ name: "a unicorn exists" }];
    pact.interactions[0].response.status = 200;
    const file = join(scratch, "unknown-state.json");
    writeFileSync(file, JSON.stringify(pact));
    const result = await verifyPacts({ pacts: [file], env: { LOG_LEVEL: "warn" } });
    expect(result.ok).toBe(false);
    expect(result.message).toMatch(/provider state "a unicorn exists" \(setup\) was refused: Unknown provider state "a unicorn exists"\. Known states: /);
  });

  it("takes a pact by URL (as a Pact Broker serves them), and fixture sets to load first", async () => {
    const pact = JSON.parse(readFileSync(WRONG, "utf8"));
    pact.interactions[0].response.status = 200;
    const server = createServer((_request, response) => response.writeHead(200, { "Content-Type": "application/json" }).end(JSON.stringify(pact)));
    await new Promise<void>((listening) => server.listen(0, "127.0.0.1", listening));
    try {
      const { port } = server.address() as AddressInfo;
      const result = await verifyPacts({ pacts: [`http://127.0.0.1:${port}/pacts/provider/aep-flow-service/consumer/wrong-consumer/latest`], fixtures: ["customerio"], env: { LOG_LEVEL: "warn" } });
      expect(result).toMatchObject({ ok: true });
    } finally {
      server.close();
    }
  });

  it("needs --pact, a pact that exists and fixture sets that exist (exit 2)", async () => {
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      expect(await verifyCommand([])).toBe(2);
      expect(await verifyCommand(["--pact", "no/such/pacts"])).toBe(2);
      expect(await verifyCommand(["--pact", "a.json", "--colour", "blue"])).toBe(2);
      expect(await verifyCommand(["--pact", WRONG, "--fixtures", "no-such-set"])).toBe(2);
      const said = errors.mock.calls.map((call) => String(call[0])).join("\n");
      expect(said).toContain("needs at least one --pact");
      expect(said).toContain("No pact file or folder at no/such/pacts");
      expect(said).toContain("--colour");
      expect(said).toContain("No fixture set no-such-set");
    } finally {
      errors.mockRestore();
    }
  });

  it("checks the emulator's settings before it loads the Pact library, which reads LOG_LEVEL too (exit 2 naming it)", async () => {
    const { code, output } = await runToExit({ PACT_DO_NOT_TRACK: "true", LOG_LEVEL: "bogus" }, [...MAIN, "verify", "--pact", WRONG]);
    expect(code, output).toBe(2);
    expect(output).toContain('LOG_LEVEL="bogus"');
    expect(output).not.toContain("needs the Pact library");
  });

  it("refuses sources that hold no interaction (exit 2) rather than passing with nothing verified", async () => {
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      const empty = mkdtempSync(join(scratch, "empty-"));
      const notPact = join(scratch, "not-a-pact.json");
      writeFileSync(notPact, JSON.stringify({ hello: 1 }));
      const noInteractions = join(scratch, "no-interactions.json");
      writeFileSync(noInteractions, JSON.stringify({ consumer: { name: "c" }, provider: { name: "p" }, interactions: [] }));
      for (const pact of [empty, notPact, noInteractions, "", " "]) expect(await verifyCommand(["--pact", pact]), JSON.stringify(pact)).toBe(2);
      const said = errors.mock.calls.map((call) => String(call[0])).join("\n");
      expect(said).toContain(`No pact with interactions at ${empty}: nothing would be verified.`);
      expect(said).toContain(`No pact with interactions at ${notPact}`);
      expect(said).toContain("--pact needs a file, a folder or a URL.");
    } finally {
      errors.mockRestore();
    }
  });

  it("is listed by aep-flow-emulator --help, and explains itself with verify --help", async () => {
    const [main, own] = await Promise.all([runToExit({}, [...MAIN, "--help"]), verify("--help")]);
    expect(main.code).toBe(0);
    expect(main.output).toContain("aep-flow-emulator verify --pact <file|dir|url>");
    expect(own.code).toBe(0);
    for (const flag of ["--pact <file|dir|url>", "--provider <name>", "--fixtures <sets>", "aep-flow-service", "/_emulator/provider-states"]) {
      expect(own.output).toContain(flag);
    }
  });

  it("parses repeated --pact and comma-separated --fixtures", () => {
    expect(parseVerifyArgs(["--pact", "a.json", "--pact", "pacts/", "--fixtures", "customerio,./mine.yaml", "--provider", "flows"])).toEqual({
      pacts: ["a.json", "pacts/"],
      provider: "flows",
      fixtures: ["customerio", "./mine.yaml"],
      logLevel: undefined,
    });
    expect(() => parseVerifyArgs(["--pact", "a.json", "--log-level", "loud"])).toThrow(/--log-level must be one of/);
    expect(() => parseVerifyArgs(["--pact", "a.json", "extra"])).toThrow();
    for (const empty of [",", " , ", ""]) {
      expect(() => parseVerifyArgs(["--pact", "a.json", "--fixtures", empty]), JSON.stringify(empty)).toThrow(/--fixtures must name at least one fixture set/);
    }
  });
});
