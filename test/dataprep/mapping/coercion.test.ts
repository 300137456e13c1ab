import { describe, expect, it } from "vitest";
import { compileMappingSet } from "../../../emulator/dataprep/mapping/index.js";
import { attribute, expression, mapOne } from "./helpers.js";

describe("coercion to the destination type", () => {
  it("turns the preview example's numeric id into the string _id", () => {
    const rules = [attribute("id", "_id"), attribute("firstName", "person.name.firstName"), attribute("lastName", "person.name.lastName")];
    const result = mapOne(rules, { id: 1234, firstName: "Jim", lastName: "Seltzer" }, { _id: "string" });
    expect(result).toEqual({ data: { _id: "1234", person: { name: { firstName: "Jim", lastName: "Seltzer" } } }, errors: [] });
  });

  it("converts to strings from numbers, booleans and dates", () => {
    const rules = [attribute("n", "a"), attribute("b", "b"), expression('date("2020-05-06")', "c")];
    expect(mapOne(rules, { n: 1.5, b: false }, { a: "string", b: "string", c: "string" }).data).toEqual({
      a: "1.5",
      b: "false",
      c: "2020-05-06T00:00:00Z",
    });
  });

  it("converts numeric text to numbers and integers", () => {
    const types = { n: "number", i: "integer" } as const;
    expect(mapOne([attribute("x", "n"), attribute("y", "i")], { x: " 4.5 ", y: "42" }, types).data).toEqual({ n: 4.5, i: 42 });
  });

  it("converts the documented boolean words", () => {
    const rules = ["y", "YES", "on", "TRUE", "n", "NO", "off", "False"].map((_, i) => attribute(`v${i}`, `b${i}`));
    const record = Object.fromEntries(["y", "YES", "on", "TRUE", "n", "NO", "off", "False"].map((word, i) => [`v${i}`, word]));
    const types = Object.fromEntries(rules.map((r) => [r.destination, "boolean" as const]));
    expect(Object.values(mapOne(rules, record, types).data)).toEqual([true, true, true, true, false, false, false, false]);
  });

  it("converts date text and epoch milliseconds to date-time and date fields", () => {
    const types = { dt: "date-time", d: "date", ms: "date-time" } as const;
    const rules = [attribute("when", "dt"), attribute("when", "d"), attribute("epoch", "ms")];
    expect(mapOne(rules, { when: "2019-10-23 11:24", epoch: 1571829875000 }, types).data).toEqual({
      dt: "2019-10-23T11:24:00Z",
      d: "2019-10-23",
      ms: "2019-10-23T11:24:35Z",
    });
  });

  it("writes dates produced by expressions as ISO-8601 strings when the type is unknown", () => {
    expect(mapOne([expression('date("2019-10-23 11:24")', "x")], {}).data).toEqual({ x: "2019-10-23T11:24:00Z" });
  });

  it("converts each fanned-out element", () => {
    const { data } = mapOne([attribute("ids[*]", "out[*].id")], { ids: [1, 2] }, { "out[*].id": "string" });
    expect(data).toEqual({ out: [{ id: "1" }, { id: "2" }] });
  });

  it("passes objects and arrays to object and array fields as copies", () => {
    const record = { o: { a: 1 }, l: [1, 2] };
    const { data } = mapOne([attribute("o", "o"), attribute("l", "l")], record, { o: "object", l: "array" });
    expect(data).toEqual(record);
    expect(data.o).not.toBe(record.o);
  });
});

describe("failed transformations", () => {
  it("set the destination to null, report the error, and let the other mappings apply (as Adobe's Data Prep documents)", () => {
    const rules = [attribute("count", "count"), attribute("name", "name")];
    const result = mapOne(rules, { count: "twelve", name: "Ann" }, { count: "integer" });
    expect(result.data).toEqual({ count: null, name: "Ann" });
    expect(result.errors).toEqual([
      { destination: "count", source: "count", sourceType: "ATTRIBUTE", message: "Cannot convert string 'twelve' to integer" },
    ]);
  });

  it("reject values that do not fit: fractions in integers, words in booleans, objects in strings, text in objects", () => {
    const types = { i: "integer", b: "boolean", s: "string", o: "object", n: "number", a: "array" } as const;
    const rules = [attribute("x", "i"), attribute("w", "b"), attribute("obj", "s"), attribute("w", "o"), attribute("t", "n"), attribute("w", "a")];
    const result = mapOne(rules, { x: 4.2, w: "maybe", obj: { k: 1 }, t: true }, types);
    expect(result.data).toEqual({ i: null, b: null, s: null, o: null, n: null, a: null });
    expect(result.errors.map((e) => e.destination)).toEqual(["i", "b", "s", "o", "n", "a"]);
  });

  it("leave an indexed destination unset: null there would make the array's slots", () => {
    const result = mapOne([attribute("n", "out[3]")], { n: "x" }, { "out[3]": "integer" });
    expect(result.data).toEqual({});
    expect(result.errors).toHaveLength(1);
  });

  it("leave a fanned-out destination entirely unset when one element fails", () => {
    const result = mapOne([attribute("v[*]", "out[*]")], { v: ["1", "x", "3"] }, { "out[*]": "integer" });
    expect(result.data).toEqual({});
    expect(result.errors).toHaveLength(1);
  });

  it("are reported per record, so one bad record does not affect the next", () => {
    const set = compileMappingSet([attribute("n", "n")], { fieldType: () => "number" });
    expect(set.map({ n: "oops" })).toEqual({ data: { n: null }, errors: [expect.objectContaining({ destination: "n" })] });
    expect(set.map({ n: "7" })).toEqual({ data: { n: 7 }, errors: [] });
  });

  it("never escape map(), whatever the record", () => {
    const set = compileMappingSet([expression("a.b + c[0]", "x"), attribute("a[*].b", "y[*]")]);
    const weird = [undefined, null, 1, "s", [], { a: "str" }, { a: [1, null, { b: [] }] }, { c: "not array" }];
    for (const record of weird) expect(() => set.map(record)).not.toThrow();
  });
});
