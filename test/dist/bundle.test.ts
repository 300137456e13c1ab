import { cpSync, existsSync, mkdirSync, readdirSync, rmSync, statSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT } from "../support/process.js";
import { ensureBuilt } from "./build.js";
import { npmEnv, run, startListening } from "./helpers.js";

/**
 * The bundled server (scripts/bundle.mjs): dist/emulator/main.js runs dist/emulator/server.cjs with
 * a V8 code cache that the build makes and a start without one writes.
 */
const caches = (folder: string) => readdirSync(folder).filter((name) => name.endsWith(".v8cache"));
// inside the repository, so the copy finds node_modules (better-sqlite3) as dist/ does
const copy = join(ROOT, "test-artifacts", `bundle-${process.pid}`);

describe("the bundled server", () => {
  beforeAll(async () => {
    await ensureBuilt();
    rmSync(copy, { recursive: true, force: true });
    mkdirSync(copy, { recursive: true });
    cpSync(join(ROOT, "dist", "emulator"), join(copy, "dist", "emulator"), { recursive: true });
    for (const name of caches(join(copy, "dist", "emulator"))) rmSync(join(copy, "dist", "emulator", name));
    symlinkSync(join(ROOT, "fixtures"), join(copy, "fixtures"));
  }, 180_000);

  afterAll(() => rmSync(copy, { recursive: true, force: true }));

  it("is built with a code cache for this Node", () => {
    expect(existsSync(join(ROOT, "dist", "emulator", "server.cjs"))).toBe(true);
    expect(caches(join(ROOT, "dist", "emulator")).filter((name) => name.endsWith(`-${process.version}-${process.arch}.v8cache`))).toHaveLength(1);
  });

  it("verify loads @pact-foundation/pact from the bundle started with its cache", async () => {
    const pact = join(ROOT, "contracts", "pacts", "aepflow-reference-client-aep-flow-service.json");
    const verify = await run(process.execPath, [join(ROOT, "dist", "emulator", "main.js"), "verify", "--pact", pact], ROOT, { timeoutMs: 120_000 });
    expect(verify.output).toContain("holds against the emulator");
    expect(verify.code).toBe(0);
  }, 150_000);

  it("--version and --help write no cache", async () => {
    const folder = join(copy, "dist", "emulator");
    expect((await run(process.execPath, [join(folder, "main.js"), "--version"], ROOT)).stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
    expect((await run(process.execPath, [join(folder, "main.js"), "--help"], ROOT)).code).toBe(0);
    expect(caches(folder)).toEqual([]);
  });

  it("a start without a cache serves, with its fixtures, and writes one that the next start serves with", async () => {
    const folder = join(copy, "dist", "emulator");
    const written = () => statSync(join(folder, caches(folder)[0])).mtimeMs;
    let first = 0;
    const env = npmEnv({ HOST: "127.0.0.1", PORT: "0", DB_PATH: ":memory:", FIXTURES: "customerio", LOG_LEVEL: "warn" });
    for (const round of [1, 2]) {
      const server = await startListening(process.execPath, [join(folder, "main.js")], { cwd: ROOT, env });
      try {
        const ready = await fetch(`${server.url}/_emulator/ready`);
        expect(ready.status).toBe(200);
        expect(await ready.json()).toMatchObject({ checks: { fixtures: true } });
        const sets = (await (await fetch(`${server.url}/_emulator/seed`)).json()) as unknown;
        expect(JSON.stringify(sets)).toContain("customerio");
        if (round === 1) {
          await waitFor(() => caches(folder).length === 1);
          first = written();
        }
        // A start whose cache V8 rejects (made under other V8 flags) writes it again 250 ms after listening.
        if (round === 2) await new Promise((resolve) => setTimeout(resolve, 1000));
      } finally {
        server.kill();
        await server.exited;
      }
    }
    expect(caches(folder)).toHaveLength(1);
    expect(written(), "the second start took the cache the first one wrote").toBe(first);
  }, 60_000);
});

async function waitFor(condition: () => boolean): Promise<void> {
  for (let tries = 0; tries < 200 && !condition(); tries++) await new Promise((resolve) => setTimeout(resolve, 50));
  expect(condition()).toBe(true);
}
