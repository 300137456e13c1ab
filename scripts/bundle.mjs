#!/usr/bin/env node
/**
 * Bundles the server into dist/emulator/main.js (after `tsc -p tsconfig.build.json`, which still emits
 * every module and the type declarations). Node 20 has no compile cache, and loading ~250 ES modules
 * one by one (resolve, read, compile, link) took about half of a cold start; one file takes a fraction.
 *
 *   node scripts/bundle.mjs [outdir=dist/emulator]
 *
 * Kept out of the bundle: better-sqlite3 (a native addon found through its package), and what the
 * code loads on demand by createRequire (yaml, ua-parser-js, swagger-ui-dist's files) or by import()
 * (@pact-foundation/pact for `verify`). import() of the emulator's own modules stays in the one file,
 * evaluated on first use (no chunks: main.js must stay the module that runs main(), see main.ts).
 */
import { build } from "esbuild";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const outdir = process.argv[2] ?? `${root}dist/emulator`;

await build({
  absWorkingDir: root,
  entryPoints: ["emulator/main.ts"],
  outdir,
  bundle: true,
  format: "esm",
  platform: "node",
  target: "node20",
  tsconfig: "tsconfig.build.json",
  external: ["better-sqlite3", "@pact-foundation/pact"],
  // CommonJS dependencies bundled into ESM still call require() for Node's own modules.
  banner: { js: 'import { createRequire as __bundleRequire } from "node:module";\nconst require = __bundleRequire(import.meta.url);' },
  sourcemap: "linked",
  sourcesContent: false,
  legalComments: "eof",
  logLevel: "warning",
});
