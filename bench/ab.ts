/**
 * A/B comparison of two emulator variants under one benchmark row, interleaved round by round so
 * that the drift of a shared machine hits both alike. For checking that a performance change helps
 * before keeping it.
 *
 *   npx tsx bench/ab.ts <route> <rounds> <seconds> <a-main.js> <b-main.js> [A:KEY=VALUE ...] [B:KEY=VALUE ...]
 *
 * A variant is a compiled main.js (copy bench/.cache/build to another folder before a change, then
 * rebuild) plus environment settings (AB_SEED=<path of an older tree's bench/seed.ts> seeds with
 * that tree, when A cannot open a database of B's schema). Routes: get, post, list, patch, inlet, batch, bare-hono, and
 * start (cold start to healthy, DB_PATH=:memory: FIXTURES=customerio; `seconds` is then ignored).
 */
import { copyFileSync, mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import type { Seeded } from "./seed.js";
import { CACHE, type Child, coldStart, fetchJson, keyAndValue, runJsonChild, startChild, tsx } from "./lib/children.js";
import { load } from "./lib/load.js";
import { median } from "./lib/report.js";
import { type Etags, planFor, type Route } from "./lib/rows.js";
import { FS, platformHeaders, READ_SANDBOX } from "./lib/workload.js";

const [route, roundsArg = "5", secondsArg = "3", aMain, bMain, ...settings] = process.argv.slice(2);
if (route === undefined || aMain === undefined || bMain === undefined) {
  console.error("usage: tsx bench/ab.ts <route> <rounds> <seconds> <a-main.js> <b-main.js> [A:KEY=VALUE] [B:KEY=VALUE]");
  process.exit(2);
}
const envOf = (prefix: string) =>
  Object.fromEntries(settings.filter((setting) => setting.startsWith(prefix)).map((setting) => keyAndValue(setting.slice(prefix.length))));

if (route === "start") {
  const times: number[][] = [[], []];
  for (let round = 0; round < Number(roundsArg); round++) {
    for (const [index, main] of [aMain, bMain].entries()) {
      const env = { HOST: "127.0.0.1", DB_PATH: ":memory:", FIXTURES: "customerio", LOG_LEVEL: "warn", ...envOf(index === 0 ? "A:" : "B:") };
      times[index].push(await coldStart([process.execPath, main], env, "/_emulator/health"));
    }
  }
  const [a, b] = times.map(median);
  console.log(`cold start A ${a.toFixed(0)} ms (${times[0].map((t) => t.toFixed(0)).join(", ")}), B ${b.toFixed(0)} ms (${times[1].map((t) => t.toFixed(0)).join(", ")})`);
  process.exit(0);
}

const dir = join(CACHE, "db");
mkdirSync(dir, { recursive: true });
const base = join(dir, "ab-seed.sqlite");
removeDatabase(base);
// AB_SEED names another seed.ts (an older tree's), whose schema both variants can open.
const seedScript = process.env.AB_SEED ?? "bench/seed.ts";
const seeded = await runJsonChild<Seeded>("seed", tsx(seedScript, base, route === "list" ? "10000" : route === "patch" ? "100" : "1"));

async function variant(name: string, main: string, env: Record<string, string>): Promise<{ child: Child; etags: Etags }> {
  const db = join(dir, `ab-${name}.sqlite`);
  // A run that was stopped leaves its WAL behind, which SQLite would replay onto the fresh copy.
  removeDatabase(db);
  copyFileSync(base, db);
  // NODE_ARGS: Node and V8 flags for the variant's command line (V8's own are not allowed in NODE_OPTIONS).
  const { NODE_ARGS: nodeArgs = "", ...childEnv } = env;
  const child = await startChild(name, [process.execPath, ...nodeArgs.split(" ").filter(Boolean), main], {
    env: { HOST: "127.0.0.1", PORT: "0", DB_PATH: db, FIXTURES: "customerio", LOG_LEVEL: "warn", ...childEnv },
  });
  return { child, etags: new Map() };
}

const variants: { child: Child; etags: Etags }[] = [];
// A variant that fails to start must not leave the other one running.
process.once("exit", () => {
  for (const { child } of variants) child.process.kill();
});
variants.push(await variant("A", aMain, envOf("A:")));
variants.push(await variant("B", bMain, envOf("B:")));
const rates: number[][] = [[], []];
const cpu: number[][] = [[], []];
for (let round = 0; round < Number(roundsArg); round++) {
  for (const [index, { child, etags }] of variants.entries()) {
    if (route === "patch") {
      // A run that ends mid-request leaves a stale etag behind: read each flow's current one.
      for (const flow of seeded.patchFlows) {
        const current = await fetchJson(`${child.url}${FS}/flows/${flow.id}`, { headers: platformHeaders(READ_SANDBOX) });
        etags.set(flow.id, current.body.items[0].etag);
      }
    }
    const plan = route === "bare-hono" ? { requests: [{ method: "GET", path: "/" }] } : planFor(route as Route, seeded, etags);
    if (round === 0) await load({ url: child.url, duration: 1, ...plan });
    const result = await load({ url: child.url, duration: Number(secondsArg), ...plan, pid: child.pid });
    rates[index].push(result.rps);
    cpu[index].push(result.cpuUsPerRequest ?? NaN);
    console.log(
      `round ${round + 1} ${index === 0 ? "A" : "B"}: ${result.rps.toFixed(0)} req/s, p99 ${result.p99} ms, ${result.cpuUsPerRequest?.toFixed(0)} µs CPU/request` +
        (result.errors ? `, ${result.errors} errors` : ""),
    );
  }
}
for (const { child } of variants) await child.stop();
const [a, b] = rates.map(median);
const ratios = rates[1].map((value, index) => value / rates[0][index]);
console.log(`A ${a.toFixed(0)} req/s, B ${b.toFixed(0)} req/s: B/A ${median(ratios).toFixed(2)} (per round ${ratios.map((ratio) => ratio.toFixed(2)).join(", ")})`);
console.log(`CPU per request: A ${median(cpu[0]).toFixed(0)} µs, B ${median(cpu[1]).toFixed(0)} µs`);
for (const name of ["seed", "A", "B"]) removeDatabase(join(dir, `ab-${name}.sqlite`));

function removeDatabase(path: string): void {
  for (const suffix of ["", "-wal", "-shm"]) rmSync(`${path}${suffix}`, { force: true });
}
