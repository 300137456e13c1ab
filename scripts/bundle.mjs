#!/usr/bin/env node
/**
 * Bundles the server for a fast cold start (after `tsc -p tsconfig.build.json`, which still emits
 * every module and the type declarations):
 *
 * - dist/emulator/server.cjs: the whole server in one script. Node 20 has no compile cache, and
 *   loading ~250 ES modules one by one (resolve, read, compile, link) took about half of a start.
 * - dist/emulator/main.js: replaces tsc's main.js. It runs server.cjs through node:vm with a V8
 *   code cache (what Node 22's module.enableCompileCache does), so a start does not compile again
 *   the code the previous start compiled. The cache is a file next to server.cjs named after the
 *   bundle's hash, the Node version and the architecture; V8 refuses a cache made with other flags.
 *   It is written once, shortly after a server that started without one listens (not by --help or verify),
 *   and only where the package's folder is writable (never in a shared temporary folder, where
 *   another user could plant one).
 *
 *   node scripts/bundle.mjs [outdir=dist/emulator]
 *
 * Kept out of the bundle: better-sqlite3 (a native addon found through its package), and what the
 * code loads on demand by createRequire (yaml, ua-parser-js, swagger-ui-dist's files) or by import()
 * (@pact-foundation/pact for `verify`). import() of the emulator's own modules stays in the one
 * script, evaluated on first use.
 */
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = fileURLToPath(new URL("..", import.meta.url));
const outdir = process.argv[2] ?? join(root, "dist/emulator");
const bundle = join(outdir, "server.cjs");

await build({
  absWorkingDir: root,
  entryPoints: ["emulator/main.ts"],
  outfile: bundle,
  bundle: true,
  format: "cjs",
  platform: "node",
  target: "node20",
  tsconfig: "tsconfig.build.json",
  external: ["better-sqlite3", "@pact-foundation/pact"],
  // The launcher's URL: the modules that find files from their own URL (fixtures, the Inspector's
  // static files) and main.ts's "run directly" check see dist/emulator/main.js, as without a bundle.
  define: { "import.meta.url": "__launcherUrl" },
  // import() of a package (@pact-foundation/pact) becomes require(): a script compiled from a V8 code
  // cache has no dynamic import callback on Node 20 ("A dynamic import callback was not specified").
  supported: { "dynamic-import": false },
  sourcemap: "linked",
  sourcesContent: false,
  legalComments: "eof",
  logLevel: "warning",
});

const hash = createHash("sha256").update(readFileSync(bundle)).digest("hex").slice(0, 16);
for (const name of readdirSync(outdir)) if (/^server-.*\.v8cache$/.test(name)) rmSync(join(outdir, name));
writeFileSync(join(outdir, "main.js"), launcher(hash));
rmSync(join(outdir, "main.js.map"), { force: true }); // tsc's, for the main.js the launcher replaced
await warmCodeCache();

/**
 * One start and one request, so that the first start after a build (a fresh container) has its cache
 * too: the image's Node is the build stage's. A start that fails here only costs that start its cache.
 */
async function warmCodeCache() {
  const env = { ...process.env, HOST: "127.0.0.1", PORT: "0", DB_PATH: ":memory:", FIXTURES: "customerio", LOG_LEVEL: "warn" };
  const child = spawn(process.execPath, [join(outdir, "main.js")], { env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  let errors = "";
  child.stdout.on("data", (chunk) => (output += chunk));
  child.stderr.on("data", (chunk) => (errors += chunk));
  const closed = new Promise((resolve) => child.once("close", resolve));
  const cached = () => readdirSync(outdir).some((name) => name.startsWith(`server-${hash}-`) && name.endsWith(".v8cache"));
  const deadline = Date.now() + 30_000;
  let asked = false;
  while (!cached() && child.exitCode === null && Date.now() < deadline) {
    const url = /listening on (http:\/\/\S+)/.exec(output)?.[1];
    if (url !== undefined && !asked) {
      asked = true;
      await fetch(`${url}/_emulator/health`).then((response) => response.text(), () => undefined);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const exitCode = child.exitCode;
  child.kill("SIGTERM");
  if (cached()) return;
  if (exitCode !== null) await closed; // all of its stderr
  const why = exitCode === null ? "" : ` (the warm-up start exited ${exitCode}: ${errors.trim() || "no message"})`;
  console.warn(`scripts/bundle.mjs: no V8 code cache was written${why}; the first start will compile the server`);
}

function launcher(bundleHash) {
  return `// Written by scripts/bundle.mjs: runs server.cjs (the bundled server) with a V8 code cache.
import { readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { setFlagsFromString } from "node:v8";
import vm from "node:vm";

// The flags main.ts sets (setV8Flags), set before the bundle is compiled: V8 rejects a code cache
// made under other flags, and the cache is made after main.ts has set them, so without this every
// start compiled the bundle afresh.
setFlagsFromString("--enable-experimental-regexp-engine-on-excessive-backtracks");
setFlagsFromString("--heap-growing-percent=50");

const bundle = fileURLToPath(new URL("./server.cjs", import.meta.url));
const cacheFile = join(dirname(bundle), \`server-${bundleHash}-\${process.version}-\${process.arch}.v8cache\`);
let cachedData;
try {
  cachedData = readFileSync(cacheFile);
} catch {
  cachedData = undefined;
}
const source = readFileSync(bundle, "utf8");
const script = new vm.Script(\`(function (exports, require, module, __filename, __dirname, __launcherUrl) {"use strict";\${source}\\n})\`, {
  filename: bundle,
  cachedData,
});
const module = { exports: {} };
// main.ts calls it once the server listens; the cache is made a little later, so that it holds the
// functions a start and its first requests compiled too.
if (cachedData === undefined || script.cachedDataRejected) globalThis[Symbol.for("aep-flow-emulator.serving")] = () => setTimeout(writeCache, 250).unref();
script.runInThisContext().call(module.exports, module.exports, createRequire(bundle), module, bundle, dirname(bundle), import.meta.url);

function writeCache() {
  const partial = \`\${cacheFile}.\${process.pid}.tmp\`;
  try {
    writeFileSync(partial, script.createCachedData());
    renameSync(partial, cacheFile);
  } catch {
    // a read-only package folder: every start compiles, as without a cache
    rmSync(partial, { force: true });
  }
}

export const { main, serveEmulator, createDeps } = module.exports;
`;
}
