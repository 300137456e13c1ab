import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compileMappingSet, evaluateExpression, validateExpression, type MappingRule } from "../../../emulator/dataprep/mapping/index.js";
import { escapeKey } from "../../../emulator/dataprep/mapping/paths.js";

/** Fragments that make random strings look like expressions, so the parser gets past the first token. */
const FRAGMENTS = [
  "a", "b.c", "${x y}", "${", "}", "1", "2.5", "0x", '"s"', "'t'", '"', "\\", "(", ")", "[", "]", "[*]", "{", ":", ",", ".",
  "+", "-", "*", "/", "%", "==", "!=", "<", ">=", "&&", "||", "!", "~", "?", "?:", "??", "=~", "=^", "!$", " and ", " or ",
  " not ", " eq ", "new", "null", "true", "empty", "size", "concat(", "substr(", "date(", "upper(", "to_integer(", "iif(",
  "format(", '"yyyy-MM-dd"', ".equals(", ".get(", "split(", "json_to_object(", "now()", " ", "=", ";", "@",
];

const expressionLike = fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 40 }).map((parts) => parts.join(""));
const anyText = fc.oneof(fc.string({ maxLength: 200 }), fc.string({ unit: "binary", maxLength: 100 }), expressionLike);

describe("robustness", () => {
  it("validateExpression never throws and reports positions inside the text", () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const result = validateExpression(text);
        if (!result.valid) {
          expect(result.position).toBeGreaterThanOrEqual(0);
          expect(result.position).toBeLessThanOrEqual(text.length);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it("evaluateExpression never throws, whatever the expression and record", () => {
    fc.assert(
      fc.property(anyText, fc.jsonValue({ maxDepth: 3 }), (text, record) => {
        const result = evaluateExpression(text, record);
        expect("value" in result || "error" in result).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it("compileMappingSet and map never throw on arbitrary rules and records", () => {
    const rule = fc.record({
      sourceType: fc.constantFrom("ATTRIBUTE", "STATIC", "EXPRESSION"),
      source: anyText,
      destination: fc.oneof(anyText, fc.constantFrom("a", "a.b", "a[*].b", "x[0]", "${k}")),
    }) as fc.Arbitrary<MappingRule>;
    const types = fc.constantFrom(undefined, "string", "number", "integer", "boolean", "object", "array", "date", "date-time");
    fc.assert(
      fc.property(fc.array(rule, { maxLength: 5 }), types, fc.jsonValue({ maxDepth: 3 }), (rules, type, record) => {
        const set = compileMappingSet(rules, { fieldType: () => type });
        for (const input of [record, { a: { b: [1, "2", null] }, x: "y" }]) {
          const result = set.map(input);
          expect(result.errors.length).toBeGreaterThanOrEqual(set.errors.filter((e) => e !== null).length);
        }
      }),
      { numRuns: 500 },
    );
  });
});

type Tree = unknown;

const key = fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom("a.b", "x[0]", "${y}", "back\\slash", "$", "__proto__", "constructor", ""));
const leaf = fc.oneof(fc.string({ maxLength: 10 }), fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean());
const { tree } = fc.letrec<{ tree: Tree }>((tie) => ({
  tree: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    leaf,
    fc.array(tie("tree"), { maxLength: 4 }),
    fc.dictionary(key, tie("tree"), { maxKeys: 5, noNullPrototype: true }),
  ),
}));
const rootObject = fc.dictionary(key, tree, { maxKeys: 6, noNullPrototype: true });

/** Every leaf (scalar, empty array or empty object) with the path that reaches it. */
function leafPaths(value: unknown, prefix: string, out: string[]): string[] {
  if (Array.isArray(value) && value.length > 0) {
    value.forEach((item, i) => leafPaths(item, `${prefix}[${i}]`, out));
  } else if (value !== null && typeof value === "object" && Object.keys(value).length > 0) {
    for (const k of Object.keys(value)) leafPaths((value as Record<string, unknown>)[k], prefix ? `${prefix}.${escapeKey(k)}` : escapeKey(k), out);
  } else {
    out.push(prefix);
  }
  return out;
}

describe("attribute round trip", () => {
  it("mapping every leaf path to the same destination path rebuilds the record", () => {
    fc.assert(
      fc.property(rootObject, (record) => {
        const paths = leafPaths(record, "", []).filter((p) => p !== "");
        const set = compileMappingSet(paths.map((p) => ({ sourceType: "ATTRIBUTE", source: p, destination: p })));
        expect(set.errors.every((e) => e === null)).toBe(true);
        const result = set.map(record);
        expect(result.errors).toEqual([]);
        // toStrictEqual would compare own "constructor" keys as prototypes, hence toEqual plus JSON text.
        expect(result.data).toEqual(record);
        expect(JSON.stringify(result.data)).toBe(JSON.stringify(record));
      }),
      { numRuns: 500 },
    );
  });
});
