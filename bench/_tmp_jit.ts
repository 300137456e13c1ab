import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import type { Seeded } from "./seed.js";
import { BUILT_MAIN, ensureBuild } from "./lib/build.js";
import { CACHE, runJsonChild, startChild, tsx } from "./lib/children.js";
import { load } from "./lib/load.js";
import { planFor, type Route } from "./lib/rows.js";
const route = (process.argv[2] ?? "post") as Route;
ensureBuild();
const dbPath = join(CACHE, "db", "jit.sqlite");
mkdirSync(join(CACHE, "db"), { recursive: true });
rmSync(dbPath, { force: true });
const seeded = await runJsonChild<Seeded>("seed", tsx("bench/seed.ts", dbPath, route === "patch" ? "100" : route === "list" ? "10000" : "1"));
const flags = (process.env.FLAGS ?? "--trace-opt --trace-deopt").split(" ");
const server = await startChild("emulator", [process.execPath, ...flags, BUILT_MAIN], { env: { HOST: "127.0.0.1", PORT: "0", FIXTURES: "customerio", LOG_LEVEL: "warn", DB_PATH: dbPath } });
const etags = new Map();
let opt = 0, deopt = 0; const deopts = new Map<string, number>();
server.process.stdout?.on("data", (chunk: Buffer) => {
  for (const line of chunk.toString().split("\n")) {
    if (line.includes("completed compiling") || line.includes("completed optimizing")) opt++;
    if (line.includes("bailout (kind")) { deopt++; const m = line.match(/<JSFunction ([^ >]*)/); const reason = line.match(/reason: ([^)\]]*)/); const k = `${m?.[1]} ${reason?.[1]}`; deopts.set(k, (deopts.get(k) ?? 0) + 1); }
  }
});
for (let round = 1; round <= Number(process.env.ROUNDS ?? 4); round++) {
  const result = await load({ url: server.url, duration: Number(process.env.SECS ?? 3), ...planFor(route, seeded, etags), pid: server.pid });
  console.log(`ROUND ${round} ${route}: ${result.rps.toFixed(0)} req/s ${result.cpuUsPerRequest?.toFixed(0)} µs`);
  console.log(`  optimized ${opt}, deoptimized ${deopt}`); opt = 0; deopt = 0;
  if (round >= 2) console.log([...deopts].sort((a, b) => b[1] - a[1]).slice(0, 15));
  deopts.clear();
}
await server.stop();
