import { copyFileSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ROOT } from "./process.js";

/**
 * A folder laid out like this repository around a copy of one bin shim, with a dist/ that is not the
 * sources' build: its main.js prints STALE_DIST and exits 3. With `sources`, the TypeScript sources
 * are there too (symlinks to this repository's), as in a git checkout; without, as in the installed
 * npm package, which ships none. The shim is copied, not linked: it finds the package from its own path.
 */
export const STALE_DIST = "ran the stale dist/";

export function packageWithStaleDist(bin: "aepflow" | "aep-flow-emulator", options: { sources: boolean }): { folder: string; bin: string } {
  const folder = mkdtempSync(join(tmpdir(), "aep-shim-"));
  mkdirSync(join(folder, "bin"));
  copyFileSync(join(ROOT, "bin", `${bin}.js`), join(folder, "bin", `${bin}.js`));
  copyFileSync(join(ROOT, "package.json"), join(folder, "package.json"));
  symlinkSync(join(ROOT, "node_modules"), join(folder, "node_modules"));
  const built = join(folder, "dist", bin === "aepflow" ? "client/cli" : "emulator");
  mkdirSync(built, { recursive: true });
  writeFileSync(join(built, "main.js"), `export function main() {\n  console.log(${JSON.stringify(STALE_DIST)});\n  process.exitCode = 3;\n}\n`);
  if (options.sources) {
    for (const name of ["emulator", "client", "fixtures", "tsconfig.json"]) symlinkSync(join(ROOT, name), join(folder, name));
  }
  return { folder, bin: join(folder, "bin", `${bin}.js`) };
}
