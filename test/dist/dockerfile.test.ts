import { spawn } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { basename, join, posix, relative } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { ROOT } from "../support/process.js";
import { ensureBuilt } from "./build.js";
import { type Listening, run, startListening } from "./helpers.js";
import {
  copyOf,
  dockerignore,
  envOf,
  execForm,
  healthcheckOf,
  instructions,
  last,
  parseDockerfile,
  type Stage,
  words,
} from "./dockerfile.js";

/**
 * The image is checked without a Docker engine: the Dockerfile is parsed and held to the rules
 * below, and its CMD, with its ENV, is run on the built output the runtime stage copies.
 */
const dockerfile = parseDockerfile(readFileSync(join(ROOT, "Dockerfile"), "utf8"));
const ignored = dockerignore(readFileSync(join(ROOT, ".dockerignore"), "utf8"));
const buildStage = dockerfile.stages[0];
const runtime = dockerfile.stages[dockerfile.stages.length - 1];
const runtimeEnv = envOf(runtime);
const cmd = execForm(last(runtime, "CMD")?.args ?? "") ?? [];
const healthcheck = healthcheckOf(last(runtime, "HEALTHCHECK")!);
const stopSignal = (last(runtime, "STOPSIGNAL")?.args ?? "SIGTERM") as NodeJS.Signals;

function runIn(cwd: string, command: string, args: string[]) {
  return run(command, args, cwd, { env: { PATH: process.env.PATH ?? "" }, timeoutMs: 60_000 });
}

/** node:20-bookworm-slim -> name node, Node major 20, distribution bookworm (glibc). */
function baseImage(image: string): { name: string; major: string; distro: string; libc: string } {
  const [name, tag = "latest"] = image.split("@")[0].split(":");
  const major = /^(\d+)/.exec(tag)?.[1] ?? tag;
  const distro = /(alpine|bookworm|bullseye|buster|trixie|jammy|noble)/.exec(tag)?.[1] ?? "debian";
  return { name, major, distro, libc: distro === "alpine" ? "musl" : "glibc" };
}

function workdirOf(stage: Stage): string {
  let dir = "/";
  for (const { args } of instructions(stage, "WORKDIR")) dir = posix.resolve(dir, args);
  return dir;
}

interface Copied {
  inImage: string;
  inRepo: string;
  fromContext: boolean;
}

/**
 * Where each path a stage's COPY instructions put in its image comes from in this repository (after
 * `npm run build`), counting the stage's first `before` instructions: the build stage's WORKDIR is
 * the repository root, so `--from=build /app/dist` is ./dist.
 */
function layoutOf(stage: Stage, before = stage.instructions.length): Copied[] {
  const buildDir = workdirOf(buildStage);
  let dir = "/";
  const layout: Copied[] = [];
  for (const instruction of stage.instructions.slice(0, before)) {
    if (instruction.keyword === "WORKDIR") dir = posix.resolve(dir, instruction.args);
    if (instruction.keyword !== "COPY" && instruction.keyword !== "ADD") continue;
    const { flags, sources, destination } = copyOf(instruction);
    const from = flags.from;
    if (from !== undefined && from !== buildStage.name && from !== "0") throw new Error(`COPY --from=${from} is not the build stage`);
    const target = posix.resolve(dir, destination);
    for (const source of sources) {
      const inRepo = from === undefined ? join(ROOT, source) : join(ROOT, posix.relative(buildDir, posix.resolve("/", source)));
      const isFolder = existsSync(inRepo) && statSync(inRepo).isDirectory();
      const inImage = isFolder || !destination.endsWith("/") ? target : posix.join(target, basename(source));
      layout.push({ inImage, inRepo, fromContext: from === undefined });
    }
  }
  return layout;
}

function runtimeLayout(): Copied[] {
  return layoutOf(runtime);
}

/** The COPY that puts `path` in the image (the most specific one), and the repository file it is. */
function copiedAs(path: string, layout: Copied[]): (Copied & { file: string }) | undefined {
  const match = layout
    .filter(({ inImage }) => path === inImage || path.startsWith(`${inImage.replace(/\/$/, "")}/`))
    .sort((a, b) => b.inImage.length - a.inImage.length)[0];
  if (match === undefined) return undefined;
  return { ...match, file: join(match.inRepo, posix.relative(match.inImage, path)) };
}

/** The repository file that ends up at `path` inside the runtime image, or undefined. */
function inRepoOf(path: string): string | undefined {
  return copiedAs(path, runtimeLayout())?.file;
}

/** The built-in fixture sets the bundle's warm-up start loads (scripts/bundle.mjs starts the server with FIXTURES=...). */
function warmUpFixtures(): string[] {
  const bundleScript = readFileSync(join(ROOT, "scripts", "bundle.mjs"), "utf8");
  const fixtures = /\bFIXTURES: "([^"]*)"/.exec(bundleScript)?.[1];
  if (fixtures === undefined) throw new Error("scripts/bundle.mjs sets no FIXTURES for its warm-up start");
  return fixtures.split(",").filter((name) => name !== "");
}

describe("the Dockerfile", () => {
  it("has a build stage and a runtime stage on the same Node major and libc", () => {
    expect(dockerfile.stages.length).toBeGreaterThanOrEqual(2);
    const build = baseImage(buildStage.image);
    const run = baseImage(runtime.image);
    expect(build.name).toBe("node");
    expect(run.name).toBe("node");
    expect(run.major).toMatch(/^\d+$/);
    expect(build.major).toBe(run.major);
    expect(build.distro).toBe(run.distro);
    expect(build.libc).toBe(run.libc);
    expect(run.distro).not.toBe("alpine");
    expect(Number(run.major)).toBeGreaterThanOrEqual(Number(/\d+/.exec(JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).engines.node)![0]));
  });

  it("builds better-sqlite3 and the TypeScript in the build stage, then drops the dev dependencies", () => {
    const runs = instructions(buildStage, "RUN").map(({ args }) => args);
    const apt = runs.find((args) => args.includes("apt-get install"));
    expect(apt).toBeDefined();
    for (const tool of ["python3", "make", "g++"]) expect(words(apt!)).toContain(tool);
    expect(runs.some((args) => /\bnpm ci\b/.test(args))).toBe(true);
    expect(runs.some((args) => args.includes("npm run build"))).toBe(true);
    expect(runs.some((args) => /npm prune --omit=dev/.test(args))).toBe(true);
    expect(instructions(runtime, "RUN").some(({ args }) => /apt-get|npm (ci|install)|node-gyp/.test(args))).toBe(false);
  });

  it("runs as a non-root user in the final stage", () => {
    const user = last(runtime, "USER")?.args;
    expect(user).toBeDefined();
    expect(user!.split(":")[0]).not.toMatch(/^(root|0)$/);
  });

  it("listens on 0.0.0.0:8080 and keeps its database in the /data volume", () => {
    expect(runtimeEnv.HOST).toBe("0.0.0.0");
    expect(runtimeEnv.PORT ?? "8080").toBe("8080");
    expect(runtimeEnv.DB_PATH).toMatch(/^\/data\/[^/]+$/);
    expect(instructions(runtime, "EXPOSE").flatMap(({ args }) => words(args))).toContain("8080");
    const volumes = instructions(runtime, "VOLUME").flatMap(({ args }) => execForm(args) ?? words(args));
    expect(volumes).toContain("/data");
    expect(runtimeEnv.PACT_DO_NOT_TRACK).toBe("true");
  });

  it("asks /_emulator/health with node (no curl or wget) in its HEALTHCHECK", () => {
    expect(healthcheck.command).toBeDefined();
    expect(healthcheck.command![0]).toBe("node");
    const script = healthcheck.command!.join(" ");
    expect(script).toContain("/_emulator/health");
    expect(script).not.toMatch(/\b(curl|wget)\b/);
    expect(healthcheck.flags.timeout).toBeDefined();
  });

  it("stops with a signal the server shuts down gracefully on, and runs node as PID 1", () => {
    expect(["SIGTERM", "SIGINT"]).toContain(stopSignal);
    expect(cmd[0]).toBe("node");
    expect(last(runtime, "ENTRYPOINT")).toBeUndefined();
  });

  it("trims better-sqlite3 to a build that still loads (its RUN, run on a copy)", async () => {
    const trim = instructions(buildStage, "RUN").find(({ args }) => args.includes("better_sqlite3.node"));
    expect(trim).toBeDefined();
    const project = mkdtempSync(join(tmpdir(), "aep-trim-"));
    try {
      for (const name of ["better-sqlite3", "bindings", "file-uri-to-path"]) {
        cpSync(join(ROOT, "node_modules", name), join(project, "node_modules", name), { recursive: true });
      }
      const shell = await runIn(project, "sh", ["-c", trim!.args]);
      expect(shell.code, shell.output).toBe(0);
      expect(readdirSync(join(project, "node_modules", "better-sqlite3")).sort()).not.toContain("deps");
      const load = await runIn(project, process.execPath, ["-e", "const D = require('better-sqlite3'); console.log(new D(':memory:').prepare('select 41 + 1 as x').get().x)"]);
      expect(load.code, load.output).toBe(0);
      expect(load.output.trim()).toBe("42");
    } finally {
      rmSync(project, { recursive: true, force: true });
    }
  });

  it("gives the build stage, before it runs npm run build, every file the bundle's warm-up start reads", () => {
    // Without them the warm-up start exits 2 and writes no code cache, and the runtime stage's dist
    // is read-only to the server's user: the image would compile the server on every start.
    const buildRun = buildStage.instructions.findIndex(({ keyword, args }) => keyword === "RUN" && args.includes("npm run build"));
    expect(buildRun).toBeGreaterThan(-1);
    const beforeBuild = layoutOf(buildStage, buildRun);
    const workdir = workdirOf(buildStage);
    const fixtures = warmUpFixtures();
    expect(fixtures).toContain("customerio");
    const needed = ["package.json", "scripts/bundle.mjs", "emulator/main.ts", ...fixtures.map((name) => `fixtures/${name}/fixture-set.json`)];
    for (const file of needed) {
      const copied = copiedAs(posix.join(workdir, file), beforeBuild);
      expect(copied !== undefined && existsSync(copied.file), `${file} is not in the build stage before RUN npm run build`).toBe(true);
    }
  });

  it("copies the build stage's dist, with the code cache its warm-up start wrote, into the runtime stage", () => {
    const cache = posix.join(workdirOf(runtime), "dist/emulator/server-0123456789abcdef-v20.0.0-x64.v8cache");
    const copied = copiedAs(cache, runtimeLayout());
    expect(copied, `${cache} is not copied into the runtime stage`).toBeDefined();
    expect(copied!.fromContext, "the code cache comes from the build stage, not the build context").toBe(false);
    expect(copied!.file).toBe(join(ROOT, "dist/emulator/server-0123456789abcdef-v20.0.0-x64.v8cache"));
  });

  it("copies into the build stage only files that exist and are not in .dockerignore", () => {
    for (const instruction of instructions(buildStage, "COPY")) {
      for (const source of copyOf(instruction).sources) {
        expect(existsSync(join(ROOT, source)), `${source} does not exist`).toBe(true);
        expect(ignored(source), `${source} is excluded by .dockerignore`).toBe(false);
      }
    }
  });

  it("keeps node_modules, .git, .data and dist out of the build context", () => {
    for (const path of ["node_modules", "node_modules/hono/package.json", ".git", ".data", ".data/emulator.sqlite", "dist", "dist/emulator/main.js"]) {
      expect(ignored(path), path).toBe(true);
    }
    for (const path of ["package.json", "package-lock.json", "emulator/main.ts", "fixtures/customerio/fixture-set.json"]) {
      expect(ignored(path), path).toBe(false);
    }
  });
});

describe("the Dockerfile, after npm run build", () => {
  beforeAll(ensureBuilt, 180_000);

  it("starts a file that exists in the image after npm run build", () => {
    const file = posix.resolve(workdirOf(runtime), cmd[1]);
    const inRepo = inRepoOf(file);
    expect(inRepo, `${file} is not copied into the runtime stage`).toBeDefined();
    expect(existsSync(inRepo!), `${inRepo} does not exist`).toBe(true);
    // the compiled code is ESM: package.json with "type": "module" must sit above it
    const manifest = inRepoOf(posix.join(workdirOf(runtime), "package.json"));
    expect(manifest && JSON.parse(readFileSync(manifest, "utf8")).type).toBe("module");
  });

  it("copies into the runtime stage only files that exist in the repository or the build output", () => {
    const layout = runtimeLayout();
    expect(layout.length).toBeGreaterThan(0);
    for (const { inRepo, inImage, fromContext } of layout) {
      expect(existsSync(inRepo), `${inImage} comes from ${inRepo}, which does not exist`).toBe(true);
      if (fromContext) expect(ignored(relative(ROOT, inRepo)), `${inRepo} is excluded by .dockerignore`).toBe(false);
    }
    // the code cache npm run build's warm-up start wrote for this Node (test/dist/bundle.test.ts)
    const cache = readdirSync(join(ROOT, "dist", "emulator")).find((name) => name.endsWith(`-${process.version}-${process.arch}.v8cache`));
    expect(cache, "npm run build wrote no code cache").toBeDefined();
    for (const needed of ["dist/emulator/main.js", `dist/emulator/${cache}`, "dist/client/cli/main.js", "node_modules/better-sqlite3/package.json", "fixtures/customerio/fixture-set.json", "bin/aep-flow-emulator.js"]) {
      const inRepo = inRepoOf(posix.join(workdirOf(runtime), needed));
      expect(inRepo !== undefined && existsSync(inRepo), `${needed} is not in the image`).toBe(true);
    }
  });
});

describe("docker-compose.yml", () => {
  const compose = parseYaml(readFileSync(join(ROOT, "docker-compose.yml"), "utf8")) as {
    services: Record<string, { build?: unknown; ports?: string[]; environment?: Record<string, string>; volumes?: string[] }>;
    volumes?: Record<string, unknown>;
  };
  const emulator = compose.services.emulator;

  it("builds this Dockerfile, publishes 8080 and keeps /data in a named volume", () => {
    expect(emulator.build).toBe(".");
    expect(emulator.ports).toContain("8080:8080");
    const data = emulator.volumes?.find((volume) => volume.endsWith(":/data"));
    expect(data).toBeDefined();
    expect(Object.keys(compose.volumes ?? {})).toContain(data!.split(":")[0]);
  });

  it("sets FIXTURES and INLET_BASE_URL", () => {
    expect(emulator.environment?.FIXTURES).toBe("customerio");
    expect(emulator.environment?.INLET_BASE_URL).toMatch(/^https?:\/\//);
  });
});

/** The image's start command: its CMD, in its WORKDIR (the repository), with only its ENV (and PATH). */
function startLikeTheImage(extraEnv: Record<string, string>): Promise<Listening> {
  return startListening(cmd[0], cmd.slice(1), { cwd: ROOT, env: { PATH: process.env.PATH ?? "", ...runtimeEnv, ...extraEnv } });
}

/** Runs the HEALTHCHECK's command as Docker would inside the container (with the image's ENV). */
function runHealthcheck(port: number): Promise<number | null> {
  const command = healthcheck.command!;
  const child = spawn(command[0], command.slice(1), {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? "", ...runtimeEnv, PORT: String(port) },
    stdio: "ignore",
  });
  const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
  return new Promise((resolve) =>
    child.once("exit", (code) => {
      clearTimeout(timer);
      resolve(code);
    }),
  );
}

async function waitForHealthy(port: number, timeoutMs = 15_000): Promise<number | null> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const code = await runHealthcheck(port);
    if (code === 0 || Date.now() > deadline) return code;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

describe("the image's start command, run on the built output", () => {
  const folder = mkdtempSync(join(tmpdir(), "aep-image-"));
  beforeAll(ensureBuilt, 180_000);
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it("listens on 0.0.0.0, turns healthy by its HEALTHCHECK, answers ready, and stops on STOPSIGNAL with exit 0", async () => {
    const dbPath = join(folder, "data", runtimeEnv.DB_PATH.split("/").pop()!);
    const server = await startLikeTheImage({ PORT: "0", DB_PATH: dbPath });
    try {
      const url = new URL(server.url);
      expect(url.hostname).toBe("0.0.0.0");
      const port = Number(url.port);
      expect(await waitForHealthy(port)).toBe(0);

      const ready = await fetch(`http://127.0.0.1:${port}/_emulator/ready`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toMatchObject({ status: "ready" });
      expect(existsSync(dbPath)).toBe(true);
    } finally {
      server.kill(stopSignal);
    }
    expect(await server.exited).toBe(0);
    expect(server.output()).toContain(`received ${stopSignal}`);
  });

  it("the HEALTHCHECK fails when nothing answers", async () => {
    expect(await runHealthcheck(await closedPort())).not.toBe(0);
  });

  it("loads the compose file's FIXTURES (the built-in customerio set) from the built output", async () => {
    const compose = parseYaml(readFileSync(join(ROOT, "docker-compose.yml"), "utf8")) as { services: { emulator: { environment: Record<string, string> } } };
    const server = await startLikeTheImage({ ...compose.services.emulator.environment, PORT: "0", DB_PATH: ":memory:" });
    try {
      expect(server.output()).toMatch(/fixture set customerio (created|unchanged|updated)/);
    } finally {
      server.kill(stopSignal);
    }
    expect(await server.exited).toBe(0);
  });
});
