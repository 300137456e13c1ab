import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig, SETTINGS } from "../../emulator/config.js";
import { ROOT } from "../support/process.js";

describe("configuration from the environment", () => {
  it("has the documented defaults", () => {
    expect(loadConfig({})).toEqual({
      host: "127.0.0.1",
      port: 8080,
      dbPath: ".data/emulator.sqlite",
      inletBaseUrl: undefined,
      logLevel: "info",
      apiKeys: undefined,
      orgIds: undefined,
      idSeed: undefined,
      journalSize: 1000,
      journalBodies: false,
      bodyLimit: 10 * 1024 * 1024,
    });
  });

  it("reads every setting", () => {
    const config = loadConfig({
      HOST: "0.0.0.0",
      PORT: "0",
      DB_PATH: ":memory:",
      INLET_BASE_URL: "https://inlet.example.com/",
      LOG_LEVEL: "debug",
      API_KEYS: "a, b",
      ORG_IDS: "X@AdobeOrg",
      ID_SEED: "seed",
    });
    expect(config).toMatchObject({
      host: "0.0.0.0",
      port: 0,
      dbPath: ":memory:",
      inletBaseUrl: "https://inlet.example.com",
      logLevel: "debug",
      apiKeys: ["a", "b"],
      orgIds: ["X@AdobeOrg"],
      idSeed: "seed",
    });
  });

  it("reads whole numbers written in digits, with spaces around them", () => {
    expect(loadConfig({ PORT: " 8081 ", JOURNAL_SIZE: "0", BODY_LIMIT: "1024" })).toMatchObject({ port: 8081, journalSize: 0, bodyLimit: 1024 });
  });

  it.each([
    ["PORT", "eighty"],
    ["PORT", "70000"],
    ["PORT", "-1"],
    ["LOG_LEVEL", "loud"],
    ["INLET_BASE_URL", "not a url"],
    ["INLET_BASE_URL", "ftp://files.example.com"],
    ["INLET_BASE_URL", "http://host:9/p?q=1"],
    ["INLET_BASE_URL", "http://host:9/p#frag"],
    ["PORT", " "],
    ["PORT", "0x20A1"],
    ["PORT", "1e3"],
    ["PORT", "80.5"],
    ["JOURNAL_SIZE", " "],
    ["JOURNAL_SIZE", "0x10"],
    ["BODY_LIMIT", "0x400"],
    ["BODY_LIMIT", "2e6"],
    ["DB_PATH", " "],
    ["DB_PATH", " /tmp/x.sqlite"],
    ["HOST", " "],
    ["HOST", "local host"],
    ["API_KEYS", ","],
    ["API_KEYS", " "],
    ["ORG_IDS", " , "],
    ["JOURNAL_BODIES", "maybe"],
    ["JOURNAL_BODIES", "on"],
    ["JOURNAL_BODIES", " "],
    ["JOURNAL_SIZE", "1000001"],
    ["ID_SEED", " "],
    ["FIXTURES", ","],
    ["FIXTURES", " , "],
  ])("refuses %s=%s with a message naming the setting", (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(new RegExp(`${name}=`));
  });

  it.each([
    ["true", true],
    ["TRUE", true],
    [" True ", true],
    ["yes", true],
    ["YES", true],
    ["1", true],
    ["false", false],
    ["FALSE", false],
    ["No", false],
    ["0", false],
  ])("reads the on/off JOURNAL_BODIES=%j as %s", (value, expected) => {
    expect(loadConfig({ JOURNAL_BODIES: value }).journalBodies).toBe(expected);
  });

  it("lists what an on/off setting accepts when it refuses one", () => {
    expect(() => loadConfig({ JOURNAL_BODIES: "maybe" })).toThrow('JOURNAL_BODIES="maybe": must be true or false (yes/no and 1/0 also work, in any case)');
  });

  it.each(SETTINGS.map((setting) => setting.env))("refuses a blank %s, as every setting does", (name) => {
    expect(() => loadConfig({ [name]: "  " })).toThrow(new RegExp(`^ {2}${name}="  ": `, "m"));
  });

  it("reads an ID_SEED with spaces inside it as it is", () => {
    expect(loadConfig({ ID_SEED: "my seed" }).idSeed).toBe("my seed");
  });
});

describe("configuration from flags", () => {
  it("the flag wins over the environment variable, which is then not read", () => {
    expect(loadConfig({ PORT: "eighty" }, { PORT: "8081" }).port).toBe(8081);
  });

  it("names a refused value by the flag it came from, and by the variable otherwise", () => {
    expect(() => loadConfig({ PORT: "eighty" }, {})).toThrow(/^ {2}PORT="eighty": /m);
    let message = "";
    try {
      loadConfig({ JOURNAL_SIZE: "lots" }, { PORT: "eighty" });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/^ {2}--port="eighty": must be a whole number/m);
    expect(message).toMatch(/^ {2}JOURNAL_SIZE="lots": must be a whole number/m);
    expect(message).not.toContain("PORT=");
  });
});

describe("the settings list", () => {
  /** The rows of the README's Configuration table: variable, flag, default (without backticks). */
  function readmeRows(): string[][] {
    const readme = readFileSync(`${ROOT}/README.md`, "utf8");
    const section = readme.slice(readme.indexOf("\n## Configuration\n"), readme.indexOf("\n## ", readme.indexOf("\n## Configuration\n") + 1));
    return section
      .split("\n")
      .filter((line) => line.startsWith("| `"))
      .map((line) => line.split("|").slice(1, 4).map((cell) => cell.trim().replaceAll("`", "")));
  }

  it("the README's Configuration table lists exactly the settings, with their flags and defaults", () => {
    const unbracketed = (value: string) => value.replace(/^\((.*)\)$/, "$1");
    expect(readmeRows()).toEqual(SETTINGS.map((setting) => [setting.env, setting.flag, unbracketed(setting.default)]));
  });

  it("every field of the configuration is a listed setting, with a flag named after its variable", () => {
    const variableOf = (field: string) => field.replace(/[A-Z]/g, (letter) => `_${letter}`).toUpperCase();
    expect(Object.keys(loadConfig({})).map(variableOf).sort()).toEqual(SETTINGS.map((setting) => setting.env).sort());
    for (const setting of SETTINGS) expect(setting.flag).toBe(`--${setting.env.toLowerCase().replaceAll("_", "-")}`);
  });
});
