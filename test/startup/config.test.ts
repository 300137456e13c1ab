import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../emulator/config.js";

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
  ])("refuses %s=%s with a message naming the setting", (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(new RegExp(`${name}=`));
  });
});
