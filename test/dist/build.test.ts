import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { ROOT } from "../support/process.js";
import { ensureBuilt } from "./build.js";
import { npmEnv, startListening } from "./helpers.js";

/** Every file under a folder, relative to the repository root. */
function filesUnder(folder: string): string[] {
  const out: string[] = [];
  const visit = (path: string) => {
    if (statSync(path).isDirectory()) for (const entry of readdirSync(path)) visit(join(path, entry));
    else out.push(relative(ROOT, path));
  };
  visit(join(ROOT, folder));
  return out;
}

describe("npm run build", () => {
  beforeAll(ensureBuilt, 180_000);

  it("emits every runtime file of emulator/ and client/ into dist/, data files included", () => {
    const missing: string[] = [];
    for (const file of [...filesUnder("emulator"), ...filesUnder("client")]) {
      if (/\.test\.ts$/.test(file) || file.endsWith(".d.ts")) continue;
      // The inspector's static files are served from the package root (emulator/ui/files.ts), not from dist/.
      if (file.startsWith(join("emulator", "ui", "static"))) continue;
      // tsc emits x.js for x.ts; anything else (JSON, YAML, HTML read at run time) must be copied as is
      const emitted = join("dist", file.endsWith(".ts") ? file.replace(/\.ts$/, ".js") : file);
      if (!existsSync(join(ROOT, emitted))) missing.push(`${file} -> ${emitted}`);
    }
    expect(missing, "add a copy step to the build script for non-TypeScript files").toEqual([]);
  });

  it("emits the server, the CLI and the client with its type declarations", () => {
    for (const file of ["dist/emulator/main.js", "dist/client/cli/main.js", "dist/client/index.js", "dist/client/index.d.ts"]) {
      expect(existsSync(join(ROOT, file)), file).toBe(true);
    }
  });

  // The script's command, not `npm run start:dist`: npm's SIGTERM does not reach the server behind its shell.
  it("npm run start:dist's command starts the built server, which answers health and stops on SIGTERM with 0", async () => {
    const manifest = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> };
    const [command, ...args] = manifest.scripts["start:dist"].trim().split(/\s+/);
    expect(command).toBe("node");
    const env = npmEnv({ HOST: "127.0.0.1", PORT: "0", DB_PATH: ":memory:", LOG_LEVEL: "warn" });
    const server = await startListening(process.execPath, args, { cwd: ROOT, env });
    try {
      const health = await fetch(`${server.url}/_emulator/health`);
      expect(health.status).toBe(200);
    } finally {
      server.kill("SIGTERM");
    }
    expect(await server.exited).toBe(0);
  });
});
