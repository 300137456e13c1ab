import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT } from "../support/process.js";
import { ensureBuilt } from "./build.js";
import { type Listening, npmEnv, run, startListening } from "./helpers.js";

/**
 * The package as a user gets it: `npm pack` into one temp folder, `npm install <tarball>` into
 * another (better-sqlite3 compiles from source when no prebuilt binary downloads: about a minute
 * and a half on two cores), then from there: the server bin, aepflow and `aep-flow-emulator/client`
 * against it, and the Inspector it serves.
 */
const CUSTOMERIO_CONNECTION_SPEC = "96479064-7b8a-4d69-b9ed-21c5683837ea";
const work = mkdtempSync(join(tmpdir(), "aep-pack-"));
const packed = join(work, "packed");
const project = join(work, "project");
const bin = (name: string) => join(project, "node_modules", ".bin", name);
const installed = join(project, "node_modules", "aep-flow-emulator");
// no install-time analytics from dependencies (swagger-ui-dist's @scarf/scarf) in a test
const installEnv = npmEnv({ SCARF_ANALYTICS: "false", DO_NOT_TRACK: "1" });

let files: string[] = [];
let tarball = "";
const timings: Record<string, number> = {};

async function timed<T>(label: string, work: () => Promise<T>): Promise<T> {
  const started = Date.now();
  try {
    return await work();
  } finally {
    timings[label] = Date.now() - started;
  }
}

describe("the npm package", () => {
  beforeAll(async () => {
    await timed("build", ensureBuilt);
    mkdirSync(packed, { recursive: true });
    // --ignore-scripts: prepack would rebuild dist/ under the other dist tests running in parallel;
    // ensureBuilt has just built it, and a test below checks prepack builds.
    const pack = await timed("pack", () => run("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", packed], ROOT, { env: npmEnv(), timeoutMs: 60_000 }));
    if (pack.code !== 0) throw new Error(`npm pack failed:\n${pack.output}`);
    const [summary] = JSON.parse(pack.stdout) as Array<{ filename: string; files: Array<{ path: string }> }>;
    files = summary.files.map((file) => file.path);
    tarball = join(packed, summary.filename);

    rmSync(project, { recursive: true, force: true });
    mkdirSync(project, { recursive: true });
    writeFileSync(
      join(project, "package.json"),
      `${JSON.stringify({ name: "aep-consumer", private: true, type: "module", allowScripts: { "better-sqlite3": true }, scarfSettings: { enabled: false } }, null, 2)}\n`,
    );
    const install = await timed("install", () =>
      run("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", tarball], project, { env: installEnv, timeoutMs: 300_000 }),
    );
    if (install.code !== 0) throw new Error(`npm install ${tarball} failed:\n${install.output}`);
  }, 360_000);

  afterAll(() => {
    console.info(`dist timings (ms): ${JSON.stringify(timings)}`);
    rmSync(work, { recursive: true, force: true });
  });

  it("packs the compiled code, the bins, the fixtures, README and LICENSE, and no sources or tests", () => {
    for (const file of [
      "package.json",
      "README.md",
      "LICENSE",
      "bin/aep-flow-emulator.js",
      "bin/aepflow.js",
      "dist/emulator/main.js",
      "emulator/ui/static/index.html",
      "dist/client/index.js",
      "dist/client/index.d.ts",
      "dist/client/cli/main.js",
      "fixtures/customerio/fixture-set.json",
    ]) {
      expect(files, file).toContain(file);
    }
    const unwanted = files.filter((file) => /^(test|contracts|bench|emulator(?!\/ui\/static\/)|client|node_modules|\.data|\.ci)\//.test(file) || /\.sqlite|\.tgz$/.test(file) || (file.endsWith(".ts") && !file.endsWith(".d.ts")));
    expect(unwanted).toEqual([]);
  });

  it("builds before it packs (prepack), for npm publish", () => {
    const manifest = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> };
    expect(manifest.scripts.prepack).toMatch(/npm run build/);
  });

  it("aep-flow-emulator --help runs from the installed package", async () => {
    const { code, output } = await run(bin("aep-flow-emulator"), ["--help"], project, { env: installEnv, timeoutMs: 30_000 });
    expect(code, output).toBe(0);
    expect(output).toContain("--port");
    expect(output).toContain("DB_PATH");
  });

  it("aepflow --help runs from the installed package", async () => {
    const { code, output } = await run(bin("aepflow"), ["--help"], project, { env: installEnv, timeoutMs: 30_000 });
    expect(code, output).toBe(0);
    expect(output).toContain("aepflow");
  });

  describe("started from the installed bin", () => {
    let server: Listening;

    beforeAll(async () => {
      server = await startListening(bin("aep-flow-emulator"), ["--port", "0", "--db-path", join(work, "data", "emulator.sqlite"), "--fixtures", "customerio"], {
        cwd: project,
        env: installEnv,
      });
    }, 30_000);

    afterAll(async () => {
      server?.kill("SIGTERM");
      await server?.exited;
    });

    /** The installed aepflow against this server, as a user sets it up: the base URL and the credentials in the environment. */
    const aepflow = (args: string[]) =>
      run(bin("aepflow"), [...args, "--json"], project, {
        env: { ...installEnv, AEP_BASE_URL: server.url, ACCESS_TOKEN: "any-token", API_KEY: "consumer", IMS_ORG: "0123456789ABCDEF01234567@AdobeOrg" },
        timeoutMs: 60_000,
      });

    it("answers health and ready, serves /docs, and loads the built-in customerio fixture set from the package", async () => {
      expect(server.output()).toMatch(/fixture set customerio (created|unchanged|updated)/);
      const health = await fetch(`${server.url}/_emulator/health`);
      expect(health.status).toBe(200);
      const ready = await fetch(`${server.url}/_emulator/ready`);
      expect(ready.status).toBe(200);
      // /docs serves Swagger UI from the swagger-ui-dist dependency, resolved from the install
      const bundle = await fetch(`${server.url}/docs/swagger-ui-bundle.js`);
      expect(bundle.status).toBe(200);
    });

    it("aep-flow-emulator/client imports from an .mjs file and lists the connection specs", async () => {
      const script = join(project, "list-specs.mjs");
      writeFileSync(
        script,
        [
          'import { createClient } from "aep-flow-emulator/client";',
          "const client = createClient({",
          "  baseUrl: process.argv[2],",
          '  accessToken: "any-token",',
          '  apiKey: "consumer",',
          '  orgId: "0123456789ABCDEF01234567@AdobeOrg",',
          "});",
          "const health = await client.emulator.health();",
          "const specs = await client.flowService.connectionSpecs.listPage();",
          "console.log(JSON.stringify({ health, ids: specs.items.map((spec) => spec.id) }));",
          "",
        ].join("\n"),
      );
      const { code, output, stdout } = await run(process.execPath, [script, server.url], project, { env: installEnv, timeoutMs: 30_000 });
      expect(code, output).toBe(0);
      const answer = JSON.parse(stdout) as { health: { status: string }; ids: string[] };
      expect(answer.health.status).toBe("ok");
      expect(answer.ids).toContain(CUSTOMERIO_CONNECTION_SPEC);
    });

    it("aep-flow-emulator/client loads with require() from a CommonJS file (npm init's default)", async () => {
      const script = join(project, "list-specs.cjs");
      writeFileSync(
        script,
        [
          'const { createClient } = require("aep-flow-emulator/client");',
          'const client = createClient({ baseUrl: process.argv[2], accessToken: "t", apiKey: "k", orgId: "0123456789ABCDEF01234567@AdobeOrg" });',
          "client.flowService.connectionSpecs.listPage().then((specs) => console.log(JSON.stringify(specs.items.map((spec) => spec.id))));",
          "",
        ].join("\n"),
      );
      const { code, output, stdout } = await run(process.execPath, [script, server.url], project, { env: installEnv, timeoutMs: 30_000 });
      expect(code, output).toBe(0);
      expect(JSON.parse(stdout)).toContain(CUSTOMERIO_CONNECTION_SPEC);
    });

    it("aep-flow-emulator/client resolves its type declarations under TypeScript's classic node resolution", async () => {
      writeFileSync(join(project, "classic.ts"), 'import { createClient } from "aep-flow-emulator/client";\nexport const client = createClient({ accessToken: "t", apiKey: "k", orgId: "o" });\n');
      writeFileSync(
        join(project, "tsconfig.classic.json"),
        JSON.stringify({
          compilerOptions: { module: "ESNext", moduleResolution: "node", target: "ES2022", lib: ["ES2023", "DOM"], types: [], strict: true, noEmit: true, skipLibCheck: true },
          files: ["classic.ts"],
        }),
      );
      const tsc = join(ROOT, "node_modules", "typescript", "bin", "tsc");
      const { code, output } = await run(process.execPath, [tsc, "-p", "tsconfig.classic.json"], project, { env: installEnv, timeoutMs: 60_000 });
      expect(code, output).toBe(0);
    });

    it("aep-flow-emulator/client resolves its type declarations under NodeNext", async () => {
      writeFileSync(
        join(project, "typed.ts"),
        [
          'import { createClient, type AepClient } from "aep-flow-emulator/client";',
          'const client: AepClient = createClient({ baseUrl: "http://127.0.0.1:8080", accessToken: "t", apiKey: "k", orgId: "o" });',
          "export const specs = client.flowService.connectionSpecs;",
          "",
        ].join("\n"),
      );
      writeFileSync(
        join(project, "tsconfig.json"),
        JSON.stringify({
          compilerOptions: { module: "NodeNext", moduleResolution: "NodeNext", target: "ES2022", lib: ["ES2023", "DOM"], types: [], strict: true, noEmit: true, skipLibCheck: true },
          files: ["typed.ts"],
        }),
      );
      const tsc = join(ROOT, "node_modules", "typescript", "bin", "tsc");
      const { code, output } = await run(process.execPath, [tsc, "-p", "tsconfig.json"], project, { env: installEnv, timeoutMs: 60_000 });
      expect(code, output).toBe(0);
    });

    it("aepflow demo customerio --json builds the dataflow, sends the package's Customer.io events, and flows list --json shows the flow", async () => {
      const events = readdirSync(join(installed, "fixtures", "customerio", "events")).filter((name) => name.endsWith(".json"));
      const malformed = events.filter((name) => name.startsWith("malformed-"));
      const demo = await aepflow(["demo", "customerio", "--wait", "10000"]);
      expect(demo.code, demo.output).toBe(0);
      const result = JSON.parse(demo.stdout) as { flowId: string; counts: Record<string, number>; problems: string[]; countedFrom: string };
      expect(result).toMatchObject({ flowId: expect.stringMatching(/^[0-9a-f-]{36}$/), problems: [], countedFrom: "records" });
      expect(result.counts).toMatchObject({ sent: events.length, written: events.length - malformed.length });

      const flows = await aepflow(["flows", "list"]);
      expect(flows.code, flows.output).toBe(0);
      const listed = JSON.parse(flows.stdout) as Array<{ id: string; state: string }>;
      expect(listed.find((flow) => flow.id === result.flowId)).toMatchObject({ state: "enabled" });
    }, 60_000);

    it("serves the Inspector's page and its static files from the package (package.json files: emulator/ui/static)", async () => {
      const page = await fetch(`${server.url}/_emulator/ui`);
      expect(page.status).toBe(200);
      expect(page.headers.get("content-type")).toBe("text/html; charset=utf-8");
      expect(await page.text()).toContain('src="/_emulator/ui/assets/js/main.js"');
      const script = await fetch(`${server.url}/_emulator/ui/assets/js/main.js`);
      expect(script.status).toBe(200);
      expect(script.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
      const stylesheet = await fetch(`${server.url}/_emulator/ui/assets/inspector.css`);
      expect(stylesheet.status).toBe(200);
      expect(stylesheet.headers.get("content-type")).toBe("text/css; charset=utf-8");
    });

    // last in this block: the tests above need the server
    it("stops on SIGTERM with exit code 0", async () => {
      server.kill("SIGTERM");
      expect(await server.exited).toBe(0);
    });
  });
});
