import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { platformHeaders } from "../support/app.js";
import { packageWithStaleDist, STALE_DIST } from "../support/checkout.js";
import { customerioSourceBody, FS } from "../support/flowservice.js";
import { runToExit, startEmulator } from "../support/process.js";

describe("the emulator process", () => {
  it("prints one ready line with its URL, answers health, and exits 0 on SIGTERM", async () => {
    const emulator = await startEmulator({ DB_PATH: ":memory:" });
    expect(emulator.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const health = await fetch(`${emulator.url}/_emulator/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: "ok" });
    expect(await emulator.stop("SIGTERM")).toBe(0);
    // Everything it printed, start to exit, at the default LOG_LEVEL (warn): that one line.
    expect(emulator.output().split("\n").filter((line) => line !== "")).toEqual([`aep-flow-emulator listening on ${emulator.url} (database :memory:)`]);
  });

  // SQLite removes the -wal and -shm files when the last connection closes cleanly; a process
  // killed outright (SIGKILL, the control) leaves them beside the database.
  for (const signal of ["SIGTERM", "SIGINT", "SIGKILL"] as const) {
    const clean = signal !== "SIGKILL";
    it(`${signal} after writes to a file database: ${clean ? "exits 0 and closes it cleanly, no -wal or -shm file left" : "the -wal and -shm files stay (no clean close)"}`, async () => {
      const dbPath = join(mkdtempSync(join(tmpdir(), "aep-emulator-")), "emulator.sqlite");
      const emulator = await startEmulator({ DB_PATH: dbPath });
      const created = await fetch(`${emulator.url}${FS}/sourceConnections`, {
        method: "POST",
        headers: { ...platformHeaders(), "Content-Type": "application/json" },
        body: JSON.stringify(customerioSourceBody()),
      });
      expect(created.status).toBe(201);
      expect(readdirSync(dirname(dbPath)).sort()).toEqual(["emulator.sqlite", "emulator.sqlite-shm", "emulator.sqlite-wal"]);
      const code = await emulator.stop(signal);
      if (!clean) {
        expect(code).toBeNull();
        expect(readdirSync(dirname(dbPath)).sort()).toEqual(["emulator.sqlite", "emulator.sqlite-shm", "emulator.sqlite-wal"]);
        return;
      }
      expect(code).toBe(0);
      expect(readdirSync(dirname(dbPath))).toEqual(["emulator.sqlite"]);
    });
  }

  it("keeps state across a restart on the same DB_PATH, creating the folder", async () => {
    const folder = join(mkdtempSync(join(tmpdir(), "aep-emulator-")), "nested", "state");
    const dbPath = join(folder, "emulator.sqlite");
    const first = await startEmulator({ DB_PATH: dbPath });
    expect(existsSync(folder)).toBe(true);
    const created = await fetch(`${first.url}${FS}/sourceConnections`, {
      method: "POST",
      headers: { ...platformHeaders(), "Content-Type": "application/json" },
      body: JSON.stringify(customerioSourceBody()),
    });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    expect(await first.stop("SIGINT")).toBe(0);

    const second = await startEmulator({ DB_PATH: dbPath });
    const read = await fetch(`${second.url}${FS}/sourceConnections/${id}`, { headers: platformHeaders() });
    expect(read.status).toBe(200);
    expect(((await read.json()) as { items: { id: string }[] }).items[0].id).toBe(id);
    await second.stop();
  });

  it("a second start on a port and DB_PATH already in use stops before it opens the database: exit 1, the files unchanged, the first serving on", async () => {
    const dbPath = join(mkdtempSync(join(tmpdir(), "aep-emulator-")), "emulator.sqlite");
    const first = await startEmulator({ DB_PATH: dbPath, FIXTURES: "customerio" });
    const write = () =>
      fetch(`${first.url}${FS}/sourceConnections`, {
        method: "POST",
        headers: { ...platformHeaders(), "Content-Type": "application/json" },
        body: JSON.stringify(customerioSourceBody()),
      });
    expect((await write()).status).toBe(201);
    const files = () => [dbPath, `${dbPath}-wal`].map((file) => createHash("sha256").update(readFileSync(file)).digest("hex"));
    const before = files();
    const port = new URL(first.url).port;
    const second = await runToExit({ DB_PATH: dbPath, FIXTURES: "customerio", PORT: port, HOST: "127.0.0.1" });
    expect(second.code).toBe(1);
    expect(second.output).toContain(`could not listen on 127.0.0.1:${port}`);
    expect(files()).toEqual(before);
    expect((await write()).status).toBe(201);
    expect(await first.stop()).toBe(0);
  });

  it("hands out inletUrls on the listening port unless INLET_BASE_URL is set", async () => {
    const emulator = await startEmulator({ DB_PATH: ":memory:" });
    const port = new URL(emulator.url).port;
    const created = await fetch(`${emulator.url}${FS}/connections`, {
      method: "POST",
      headers: { ...platformHeaders(), "Content-Type": "application/json" },
      body: JSON.stringify({ name: "inlet", connectionSpec: { id: "bc7b00d6-623a-4dfc-9fdb-f1240aeadaeb" }, auth: { specName: "Streaming Connection", params: {} } }),
    });
    const { id } = (await created.json()) as { id: string };
    const item = ((await (await fetch(`${emulator.url}${FS}/connections/${id}`, { headers: platformHeaders() })).json()) as any).items[0];
    expect(item.auth.params.inletUrl).toMatch(new RegExp(`^http://localhost:${port}/collection/[0-9a-f]{64}$`));
    await emulator.stop();

    const behindProxy = await startEmulator({ DB_PATH: ":memory:", INLET_BASE_URL: "https://abc.ngrok.example" });
    const again = await fetch(`${behindProxy.url}${FS}/connections`, {
      method: "POST",
      headers: { ...platformHeaders(), "Content-Type": "application/json" },
      body: JSON.stringify({ name: "inlet", connectionSpec: { id: "bc7b00d6-623a-4dfc-9fdb-f1240aeadaeb" } }),
    });
    const second = (await again.json()) as { id: string };
    const proxied = ((await (await fetch(`${behindProxy.url}${FS}/connections/${second.id}`, { headers: platformHeaders() })).json()) as any).items[0];
    expect(proxied.auth.params.inletUrl).toMatch(/^https:\/\/abc\.ngrok\.example\/collection\/[0-9a-f]{64}$/);
    await behindProxy.stop();
  });

  it("fails fast with a clear message on a bad setting", async () => {
    const { code, output } = await runToExit({ PORT: "eighty" });
    expect(code).toBe(2);
    expect(output).toContain("Invalid configuration");
    expect(output).toContain('PORT="eighty"');
  });

  it.each([
    ["JOURNAL_BODIES", "maybe", "must be true or false (yes/no and 1/0 also work, in any case)"],
    ["JOURNAL_SIZE", "1000001", "must be at most 1000000"],
    ["ID_SEED", " ", "must not be blank"],
    ["FIXTURES", ",", "must name at least one fixture set"],
    ["FIXTURES", " , ", "must name at least one fixture set"],
  ])("refuses %s=%j: exit 2, the variable, its value and what is wrong on stderr", async (name, value, message) => {
    const { code, stdout, stderr } = await runToExit({ DB_PATH: ":memory:", [name]: value });
    expect(code).toBe(2);
    expect(stderr).toContain("Invalid configuration");
    expect(stderr).toContain(`${name}=${JSON.stringify(value)}: ${message}`);
    expect(stdout).toBe("");
  });
});

describe("the aep-flow-emulator bin", () => {
  it("takes flags that twin the environment settings, and the flag wins", async () => {
    const emulator = await startEmulator({ PORT: "1", DB_PATH: "/nonexistent/never/used.sqlite" }, [
      "node",
      "bin/aep-flow-emulator.js",
      "--port",
      "0",
      "--db-path",
      ":memory:",
      "--log-level",
      "silent",
    ]);
    expect((await fetch(`${emulator.url}/_emulator/health`)).status).toBe(200);
    expect(emulator.output()).toContain("database :memory:");
    await emulator.stop();
  });

  it("--help lists every setting with its environment variable", async () => {
    const { code, output } = await runToExit({}, ["bin/aep-flow-emulator.js", "--help"]);
    expect(code).toBe(0);
    for (const name of ["--port", "PORT", "--db-path", "DB_PATH", "--inlet-base-url", "INLET_BASE_URL", "--log-level"]) {
      expect(output).toContain(name);
    }
  });

  it("an empty flag value fails fast rather than falling back to the default", async () => {
    const { code, output } = await runToExit({ DB_PATH: ":memory:" }, ["--import", "tsx", "emulator/main.ts", "--db-path", ""]);
    expect(code).toBe(2);
    expect(output).toContain("--db-path needs a value");
  });

  it.each([
    ["--port", "eighty", "PORT", "must be a whole number written in digits"],
    ["--id-seed", " ", "ID_SEED", "must not be blank"],
    ["--fixtures", ",", "FIXTURES", "must name at least one fixture set"],
    ["--journal-bodies", "maybe", "JOURNAL_BODIES", "must be true or false"],
  ])("a bad %s value is refused under the flag's name, not the variable's", async (flag, value, variable, message) => {
    const { code, stdout, stderr } = await runToExit({ DB_PATH: ":memory:" }, ["--import", "tsx", "emulator/main.ts", flag, value]);
    expect(code).toBe(2);
    expect(stderr).toContain(`${flag}=${JSON.stringify(value)}: ${message}`);
    expect(stderr).not.toContain(`${variable}=`);
    expect(stdout).toBe("");
  });

  it("names each refused value where it came from: the flag, or the environment variable", async () => {
    const { code, stderr } = await runToExit({ DB_PATH: ":memory:", JOURNAL_SIZE: "lots" }, ["--import", "tsx", "emulator/main.ts", "--port", "eighty"]);
    expect(code).toBe(2);
    expect(stderr).toContain('--port="eighty"');
    expect(stderr).toContain('JOURNAL_SIZE="lots"');
  });

  it("an unknown flag fails fast", async () => {
    const { code, output } = await runToExit({}, ["bin/aep-flow-emulator.js", "--colour", "blue"]);
    expect(code).toBe(2);
    expect(output).toContain("--colour");
  });

  it("runs the sources (through tsx) in a git checkout, even with a dist/ there; dist/ where there are no sources (the installed package)", async () => {
    const checkout = packageWithStaleDist("aep-flow-emulator", { sources: true });
    const installed = packageWithStaleDist("aep-flow-emulator", { sources: false });
    try {
      const fromSources = await runToExit({}, [checkout.bin, "--help"]);
      expect(fromSources.output).not.toContain(STALE_DIST);
      expect(fromSources.code, fromSources.output).toBe(0);
      expect(fromSources.output).toContain("DB_PATH");
      expect(await runToExit({}, [installed.bin, "--help"])).toMatchObject({ code: 3, output: `${STALE_DIST}\n` });
    } finally {
      for (const { folder } of [checkout, installed]) rmSync(folder, { recursive: true, force: true });
    }
  });
});

describe("LOG_LEVEL", () => {
  const READY = /^aep-flow-emulator listening on http:\/\/127\.0\.0\.1:\d+ \(database .+\)$/;

  /**
   * A session at the level: start with a fixture set, one request that answers 200, one that answers
   * 500, SIGTERM. No request can make the emulator answer 500, so the test renames a table under it.
   */
  async function session(level: string): Promise<{ stdout: string[]; stderr: string }> {
    const dbPath = join(mkdtempSync(join(tmpdir(), "aep-emulator-")), "emulator.sqlite");
    const emulator = await startEmulator({ DB_PATH: dbPath, LOG_LEVEL: level, FIXTURES: "customerio" });
    expect((await fetch(`${emulator.url}/_emulator/health`)).status).toBe(200);
    const db = new Database(dbPath);
    db.exec("ALTER TABLE entities RENAME TO entities_gone");
    db.close();
    expect((await fetch(`${emulator.url}${FS}/sourceConnections`, { headers: platformHeaders() })).status).toBe(500);
    expect(await emulator.stop("SIGTERM")).toBe(0);
    return { stdout: emulator.stdout().split("\n").filter(Boolean), stderr: emulator.stderr() };
  }

  const requestLines = (lines: string[]) =>
    lines.filter((line) => line.startsWith("{")).map((line) => {
      const { method, path, status, ms, requestId, time } = JSON.parse(line);
      expect(typeof ms).toBe("number");
      expect(requestId).toEqual(expect.any(String));
      expect(Date.parse(time)).not.toBeNaN();
      return { method, path, status };
    });

  it.each(["info", "debug"])("%s prints the ready line, the fixture sets, one JSON line per request and the shutdown on stdout, a 500's error on stderr", async (level) => {
    const { stdout, stderr } = await session(level);
    expect(stdout.filter((line) => READY.test(line))).toHaveLength(1);
    expect(stdout.filter((line) => /^fixture set customerio \w+ \(revision [0-9a-f]{12}\)$/.test(line))).toHaveLength(1);
    expect(requestLines(stdout)).toEqual([
      { method: "GET", path: "/_emulator/health", status: 200 },
      { method: "GET", path: `${FS}/sourceConnections`, status: 500 },
    ]);
    expect(stdout.at(-1)).toBe("received SIGTERM, shutting down");
    expect(stdout).toHaveLength(5);
    expect(stderr).toContain("no such table: entities");
  });

  it.each(["warn", "error"])("%s prints only the ready line on stdout, and a 500's error on stderr", async (level) => {
    const { stdout, stderr } = await session(level);
    expect(stdout).toHaveLength(1);
    expect(stdout[0]).toMatch(READY);
    expect(stderr).toContain("no such table: entities");
  });

  it("silent prints the ready line and nothing else, not even a 500's error", async () => {
    const { stdout, stderr } = await session("silent");
    expect(stdout).toHaveLength(1);
    expect(stdout[0]).toMatch(READY);
    expect(stderr).toBe("");
  });
});
