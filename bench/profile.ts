/**
 * Profiles the emulator under one benchmark row: seeds a database, starts the compiled emulator
 * with `node --cpu-prof`, loads it like `npm run bench` does, stops it (the profile is written on
 * exit) and prints a summary (bench/profile-summary.ts).
 *
 *   npx tsx bench/profile.ts <get|post|list|patch|inlet|batch|start> [seconds=5] [flows=10000] [KEY=VALUE ...]
 *
 * `start` profiles a cold start (spawn to listening) instead, `hono` the bare Hono baseline under
 * the same load. Profiles go to bench/.cache/prof. PROFILE_MAIN=<main.js> profiles another build
 * (a copy inside bench/.cache, as for bench/ab.ts) instead of the current one.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import type { Seeded } from "./seed.js";
import { BUILT_MAIN, ensureBuild } from "./lib/build.js";
import { CACHE, keyAndValue, runJsonChild, startChild, tsx } from "./lib/children.js";
import { load } from "./lib/load.js";
import { planFor, type Route } from "./lib/rows.js";

const [route = "get", secondsArg = "5", flowsArg = "10000", ...settings] = process.argv.slice(2);
const dir = join(CACHE, "prof");
rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });
const main = process.env.PROFILE_MAIN ?? BUILT_MAIN;
if (main === BUILT_MAIN) ensureBuild();

const env = {
  HOST: "127.0.0.1",
  PORT: "0",
  FIXTURES: "customerio",
  LOG_LEVEL: "warn",
  ...Object.fromEntries(settings.map((setting) => keyAndValue(setting))),
};
const profileArgs = ["--cpu-prof", "--cpu-prof-dir", dir, "--cpu-prof-interval", "250"];
if (route === "hono") {
  const server = await startChild("bare hono", [process.execPath, ...profileArgs, "--import", "tsx", "bench/servers/bare-hono.ts"], { env: { PORT: "0" } });
  const result = await load({ url: server.url, duration: Number(secondsArg), requests: [{ method: "GET", path: "/" }], pid: server.pid });
  console.log(`hono: ${result.rps.toFixed(0)} req/s, p50 ${result.p50} ms, p99 ${result.p99} ms, ${result.cpuUsPerRequest?.toFixed(0)} µs CPU per request`);
  await server.stop();
} else if (route === "start") {
  const server = await startChild("emulator", [process.execPath, ...profileArgs, main], { env: { ...env, DB_PATH: ":memory:" } });
  await server.stop();
} else {
  const dbPath = join(CACHE, "db", "profile.sqlite");
  mkdirSync(join(CACHE, "db"), { recursive: true });
  rmSync(dbPath, { force: true });
  const seeded = await runJsonChild<Seeded>("seed", tsx("bench/seed.ts", dbPath, route === "list" ? flowsArg : route === "patch" ? "100" : "1"));
  const server = await startChild("emulator", [process.execPath, ...profileArgs, main], { env: { ...env, DB_PATH: dbPath } });
  const result = await load({ url: server.url, duration: Number(secondsArg), ...planFor(route as Route, seeded, new Map()), pid: server.pid });
  console.log(
    `${route}: ${result.rps.toFixed(0)} req/s, p50 ${result.p50} ms, p99 ${result.p99} ms, ${result.cpuUsPerRequest?.toFixed(0)} µs CPU per request, ` +
      `${result.errors} errors ${JSON.stringify(result.statusCodes)}`,
  );
  await server.stop();
  rmSync(dbPath, { force: true });
}
const file = readdirSync(dir).find((name) => name.endsWith(".cpuprofile"));
if (file === undefined) throw new Error("no profile was written");
spawnSync(process.execPath, ["--import", "tsx", "bench/profile-summary.ts", join(dir, file), "30"], { stdio: "inherit" });
