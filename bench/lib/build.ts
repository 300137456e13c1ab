import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { CACHE, ROOT } from "./children.js";

/**
 * The emulator as it ships: `tsc -p tsconfig.build.json` then scripts/bundle.mjs, into bench/.cache/build/dist
 * (not the repository's dist/, which belongs to `npm run build`). Rebuilt only when a source file
 * changed since the last build. bench/.cache/build/fixtures links to the repository's fixtures, where
 * the built loader looks for the built-in sets (two folders above dist/emulator/fixtures).
 */
export const BUILD = join(CACHE, "build");
export const BUILT_MAIN = join(BUILD, "dist/emulator/main.js");

export interface BuildOutcome {
  main: string;
  built: boolean;
  ms: number;
  warning?: string;
}

export function ensureBuild(): BuildOutcome {
  const started = performance.now();
  const hash = sourceHash();
  const stamp = join(BUILD, "source-hash");
  mkdirSync(BUILD, { recursive: true });
  if (!existsSync(join(BUILD, "fixtures"))) symlinkSync(join(ROOT, "fixtures"), join(BUILD, "fixtures"));
  if (existsSync(BUILT_MAIN) && existsSync(stamp) && readFileSync(stamp, "utf8") === hash) {
    return { main: BUILT_MAIN, built: false, ms: performance.now() - started };
  }
  const tsc = join(ROOT, "node_modules/typescript/bin/tsc");
  const result = spawnSync(
    process.execPath,
    [tsc, "-p", "tsconfig.build.json", "--outDir", join(BUILD, "dist"), "--declaration", "false", "--sourceMap", "false",
      "--incremental", "--tsBuildInfoFile", join(BUILD, "tsbuildinfo")],
    { cwd: ROOT, encoding: "utf8" },
  );
  if (!existsSync(BUILT_MAIN)) throw new Error(`tsc did not build the emulator:\n${result.stdout}${result.stderr}`);
  // As `npm run build` ships it: the server bundled into one dist/emulator/main.js.
  const bundle = spawnSync(process.execPath, [join(ROOT, "scripts/bundle.mjs"), join(BUILD, "dist/emulator")], { cwd: ROOT, encoding: "utf8" });
  if (bundle.status !== 0) throw new Error(`scripts/bundle.mjs did not bundle the emulator:\n${bundle.stdout}${bundle.stderr}`);
  writeFileSync(stamp, hash);
  const warning = result.status === 0 ? undefined : `tsc reported errors (the build was emitted anyway): ${(result.stdout || result.stderr).split("\n")[0]}`;
  return { main: BUILT_MAIN, built: true, ms: performance.now() - started, warning };
}

/** A hash of every source file the build compiles, and of the compiler settings. */
function sourceHash(): string {
  const hash = createHash("sha256");
  for (const file of ["tsconfig.json", "tsconfig.build.json", "package-lock.json", "scripts/bundle.mjs"]) hash.update(readFileSync(join(ROOT, file)));
  const walk = (folder: string) => {
    for (const name of readdirSync(folder).sort()) {
      const path = join(folder, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith(".ts") || name.endsWith(".json")) hash.update(path).update(readFileSync(path));
    }
  };
  walk(join(ROOT, "emulator"));
  walk(join(ROOT, "client"));
  return hash.digest("hex");
}
