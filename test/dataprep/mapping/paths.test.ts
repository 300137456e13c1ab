import { describe, expect, it } from "vitest";
import { SyntaxFailure } from "../../../emulator/dataprep/mapping/errors.js";
import { escapeKey, parsePath } from "../../../emulator/dataprep/mapping/paths.js";

function keys(path: string): unknown[] {
  return parsePath(path).steps.map((s) => (s.kind === "key" ? s.key : s.kind === "index" ? s.index : "*"));
}

function positionOf(path: string): number {
  try {
    parsePath(path);
  } catch (error) {
    if (error instanceof SyntaxFailure) return error.position;
  }
  throw new Error(`${path} parsed without error`);
}

describe("path parsing", () => {
  it("splits dotted paths into keys", () => {
    expect(keys("person.name.firstName")).toEqual(["person", "name", "firstName"]);
  });

  it("reads a backslash-escaped dot as part of the key", () => {
    expect(keys("address.street\\.name")).toEqual(["address", "street.name"]);
  });

  it("reads ${...} as one literal key, with or without escaped dots", () => {
    expect(keys("${First Name}.initial")).toEqual(["First Name", "initial"]);
    expect(keys("${First\\.Name}")).toEqual(["First.Name"]);
    expect(keys("${First.Name}")).toEqual(["First.Name"]);
  });

  it("reads array indexes and wildcards", () => {
    expect(keys("customerInfo.emails[0].email")).toEqual(["customerInfo", "emails", 0, "email"]);
    expect(keys("customerInfo.emails[*].name")).toEqual(["customerInfo", "emails", "*", "name"]);
    expect(parsePath("a[*].b[*]").wildcards).toBe(2);
  });

  it("keeps spaces and other characters inside bare keys", () => {
    expect(keys("Full Name.e-mail")).toEqual(["Full Name", "e-mail"]);
  });

  it("reports the position of malformed paths", () => {
    expect(positionOf("")).toBe(0);
    expect(positionOf("a..b")).toBe(2);
    expect(positionOf("a.")).toBe(1);
    expect(positionOf("a[x]")).toBe(2);
    expect(positionOf("a[0")).toBe(1);
    expect(positionOf("a[0]b")).toBe(4);
    expect(positionOf("x.${abc")).toBe(2);
    expect(positionOf("a\\")).toBe(1);
  });

  it("escapeKey produces a path that parses back to the same single key", () => {
    for (const key of ["plain", "a.b", "a[0]", "${x}", "back\\slash", "", " spaced ", "$dollar", "ünï.cödé"]) {
      expect(keys(escapeKey(key))).toEqual([key]);
    }
  });
});
