import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runToExit } from "../support/process.js";

describe("the emulator's database at start-up", () => {
  it("a DB_PATH it cannot open stops the start-up with one message naming DB_PATH, exit 1, no stack trace", async () => {
    const folder = mkdtempSync(join(tmpdir(), "aep-db-"));
    const notAFolder = join(folder, "file");
    writeFileSync(notAFolder, "");
    const dbPath = join(notAFolder, "emulator.sqlite");
    const { code, output } = await runToExit({ DB_PATH: dbPath });
    rmSync(folder, { recursive: true, force: true });
    expect(code).toBe(1);
    expect(output).toContain(`could not open its database DB_PATH=${dbPath}`);
    expect(output).not.toMatch(/^\s+at /m);
  });
});
