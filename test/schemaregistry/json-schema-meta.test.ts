import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";

describe("the precompiled JSON Schema meta-schema check", () => {
  it("is what ajv generates from draft-07 with the emulator's options (scripts/json-schema-meta.mjs --check)", () => {
    const check = spawnSync(process.execPath, ["scripts/json-schema-meta.mjs", "--check"], { encoding: "utf8" });
    expect(check.stderr).toBe("");
    expect(check.status).toBe(0);
  });
});
