import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { ROOT } from "../support/process.js";
import { run } from "./helpers.js";

/**
 * `npm run build`, once, for every test that needs dist/: vitest runs test files in parallel
 * workers, so a lock folder (mkdir is atomic) keeps two files from building at once, and a stamp
 * of the build's inputs (path, size, mtime of every source file and manifest) lets the second file,
 * and the next run with no source change, use the output the first one made.
 */
const CACHE = join(ROOT, "node_modules", ".cache", "aep-flow-emulator");
const LOCK = join(CACHE, "build.lock");
const STAMP = join(CACHE, "build.stamp");
const INPUT_FOLDERS = ["emulator", "client", "scripts"];
const INPUT_FILES = ["tsconfig.json", "tsconfig.build.json", "package.json", "package-lock.json"];
const OUTPUTS = ["dist/emulator/main.js", "dist/client/index.js", "dist/client/cli/main.js"];

export async function ensureBuilt(): Promise<void> {
  mkdirSync(CACHE, { recursive: true });
  await withLock(async () => {
    const fingerprint = inputsFingerprint();
    const fresh = existsSync(STAMP) && readFileSync(STAMP, "utf8") === fingerprint && OUTPUTS.every((file) => existsSync(join(ROOT, file)));
    if (fresh) return;
    const { code, output } = await run("npm", ["run", "build"], ROOT);
    if (code !== 0) throw new Error(`npm run build failed (${code}):\n${output}`);
    writeFileSync(STAMP, fingerprint);
  });
}

function inputsFingerprint(): string {
  const hash = createHash("sha256");
  const visit = (path: string) => {
    const stat = statSync(path, { throwIfNoEntry: false });
    if (stat === undefined) return;
    if (stat.isDirectory()) {
      for (const entry of readdirSync(path).sort()) visit(join(path, entry));
      return;
    }
    hash.update(`${relative(ROOT, path)}\0${stat.size}\0${stat.mtimeMs}\n`);
  };
  for (const entry of [...INPUT_FOLDERS, ...INPUT_FILES]) visit(join(ROOT, entry));
  return hash.digest("hex");
}

async function withLock(work: () => Promise<void>): Promise<void> {
  const deadline = Date.now() + 180_000;
  for (;;) {
    try {
      mkdirSync(LOCK);
      writeFileSync(join(LOCK, "pid"), String(process.pid));
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      if (holderIsGone()) {
        rmSync(LOCK, { recursive: true, force: true });
        continue;
      }
      if (Date.now() > deadline) throw new Error(`timed out waiting for the build lock ${LOCK}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  try {
    await work();
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}

/** A lock left by a process that died (a killed test run) is taken over. */
function holderIsGone(): boolean {
  let pid: number;
  try {
    pid = Number(readFileSync(join(LOCK, "pid"), "utf8"));
  } catch {
    // created but the pid not written yet, or removed meanwhile: only stale if old
    const stat = statSync(LOCK, { throwIfNoEntry: false });
    return stat !== undefined && Date.now() - stat.mtimeMs > 10_000;
  }
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "ESRCH";
  }
}

