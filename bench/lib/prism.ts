import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { CACHE, type Child, freePort, startChild } from "./children.js";

/**
 * Prism (`prism mock`), what a user might pick instead of the emulator: a stateless mock server of
 * an OpenAPI document. It is installed on demand into bench/.cache/prism (git-ignored), never as a
 * dependency of this package, in a folder of its own so that none of its dependencies can shadow
 * the emulator's in Node's module resolution.
 */
export const PRISM_VERSION = "5.14.2";
const PREFIX = join(CACHE, "prism");
const CLI = join(PREFIX, "node_modules/@stoplight/prism-cli/dist/index.js");

export type PrismInstall = { ok: true; cli: string; installedMs?: number } | { ok: false; reason: string };

export function ensurePrism(): PrismInstall {
  if (existsSync(CLI)) return { ok: true, cli: CLI };
  const started = performance.now();
  const result = spawnSync(
    "npm",
    ["install", "--prefix", PREFIX, "--no-audit", "--no-fund", "--save-exact", "--loglevel=error", `@stoplight/prism-cli@${PRISM_VERSION}`],
    { encoding: "utf8", timeout: 300_000 },
  );
  if (!existsSync(CLI)) {
    const output = `${result.stderr ?? ""}${result.stdout ?? ""}`.trim().split("\n").slice(-3).join(" ");
    return { ok: false, reason: `npm install @stoplight/prism-cli@${PRISM_VERSION} failed: ${result.error?.message ?? (output || `exit ${result.status}`)}` };
  }
  return { ok: true, cli: CLI, installedMs: performance.now() - started };
}

/**
 * `prism mock <document>` on a free port, logging at warn (the emulator runs at LOG_LEVEL=warn too,
 * so neither writes a line per request; at warn Prism prints no start line, so the port is probed).
 * Without -m, so the process measured is the one serving.
 */
export async function startPrism(cli: string, document: string): Promise<Child> {
  const port = await freePort();
  return startChild("prism", [process.execPath, cli, "mock", "-h", "127.0.0.1", "-p", String(port), "--verboseLevel", "warn", document], {
    probeUrl: `http://127.0.0.1:${port}/data/foundation/flowservice/flowSpecs`,
    timeoutMs: 120_000,
  });
}
