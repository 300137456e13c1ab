import { describe, expect, it } from "vitest";
import { failure, value } from "./helpers.js";

describe("string functions", () => {
  it("concat joins its arguments", () => {
    expect(value('concat("Hi, ", "there", "!")')).toBe("Hi, there!");
  });

  it("concat writes numbers and booleans in Java form and skips nulls", () => {
    expect(value('concat("n=", 5, " ", true, missing, 2.5)')).toBe("n=5 true2.5");
  });

  it("explode splits on a regex, keeping inner empty parts and dropping trailing ones", () => {
    expect(value('explode("Hi, there!", " ")')).toEqual(["Hi,", "there!"]);
    expect(value('explode("a,,b,,")')).toEqual(["a", "", "b"]);
    expect(value('explode("id1|id2", "\\\\|")')).toEqual(["id1", "id2"]);
    expect(value('explode("a1b22c", "\\d+")')).toEqual(["a", "b", "c"]);
  });

  it("instr finds the 0-based index of an occurrence", () => {
    expect(value('instr("adobe.com", "com")')).toBe(6);
    expect(value('instr("a-b-c-d", "-", 0, 2)')).toBe(3);
    expect(value('instr("a-b-c-d", "-", 2)')).toBe(3);
    expect(value('instr("abc", "z")')).toBe(-1);
    // The empty string occurs before each character and at the end: four times in "abc", no fifth.
    expect(value('instr("abc", "", 0, 4)')).toBe(3);
    expect(value('instr("abc", "", 0, 5)')).toBe(-1);
    expect(value('instr("abc", "", 0, 9007199254740991)')).toBe(-1);
    expect(value('instr("abc", "b", 0, 9007199254740991)')).toBe(-1);
  });

  it("replacestr replaces every occurrence", () => {
    expect(value('replacestr("This is a string re test", "re", "replace")')).toBe("This is a string replace test");
    expect(value('replacestr("a.b.c", ".", "/")')).toBe("a/b/c");
  });

  it("substr takes a run of characters from a 0-based start, clipped to the string", () => {
    expect(value('substr("This is a substring test", 7, 8)')).toBe(" a subst");
    expect(value('substr("abc", 1, 99)')).toBe("bc");
    expect(value('substr("abc", 5, 2)')).toBe("");
  });

  it("lower and lcase convert to lower case", () => {
    expect(value('lower("HeLLo")')).toBe("hello");
    expect(value('lcase("HeLLo")')).toBe("hello");
  });

  it("upper and ucase convert to upper case", () => {
    expect(value('upper("HeLLo")')).toBe("HELLO");
    expect(value('ucase("HeLLo")')).toBe("HELLO");
  });

  it("split breaks on any separator character and drops empty parts", () => {
    expect(value('split("Hello world", " ")')).toEqual(["Hello", "world"]);
    expect(value('split("a, b;;c", ",; ")')).toEqual(["a", "b", "c"]);
    expect(value('split("a\\\\b", "\\\\")')).toEqual(["a", "b"]);
  });

  it("join puts a separator between array elements", () => {
    expect(value('join(" ", to_array(true, "Hello", "world"))')).toBe("Hello world");
    expect(value('join("-", 1, 2, 3)')).toBe("1-2-3");
  });

  it("lpad and rpad pad to a size with a repeated string, never truncating", () => {
    expect(value('lpad("bat", 8, "yz")')).toBe("yzyzybat");
    expect(value('rpad("bat", 8, "yz")')).toBe("batyzyzy");
    expect(value('lpad("bat", 5, "")')).toBe("  bat");
    expect(value('rpad("battery", 3, "x")')).toBe("battery");
    expect(value('lpad(missing, 3, "x")')).toBeNull();
  });

  it("no function or operator makes a string longer than 1 MiB (1,048,576 characters)", () => {
    expect(value('lpad("a", 1048576, "x")')).toHaveLength(1048576);
    expect(failure('lpad("a", 1048577, "x")').error).toMatch(/lpad would make a string of 1048577 characters; at most 1048576/);
    expect(failure('rpad("a", 300000000, "xy")').error).toMatch(/rpad would make a string of 300000000 characters/);
    const record = { s: "a".repeat(1000), big: "b".repeat(600_000) };
    expect(value(`replacestr(s, "a", "${"x".repeat(1048)}")`, record)).toHaveLength(1_048_000);
    expect(failure(`replacestr(s, "a", "${"x".repeat(1049)}")`, record).error).toMatch(/replacestr would make a string of 1049000 characters/);
    expect(value("upper(big)", record)).toHaveLength(600_000);
    expect(failure("big + big", record).error).toMatch(/the \+ operator would make a string of 1200000 characters/);
    expect(failure("concat(big, big)", record).error).toMatch(/concat would make a string of 1200000 characters/);
    expect(failure('big.replace("b", "bb")', record).error).toMatch(/replace would make a string of 1200000 characters/);
    expect(failure(`s.replace("", "${"x".repeat(1100)}")`, record).error).toMatch(/replace would make a string of 1102100 characters/);
  });

  it("left and right take the first or last n characters", () => {
    expect(value('left("abcde", 2)')).toBe("ab");
    expect(value('right("abcde", 2)')).toBe("de");
    expect(value('right("ab", 5)')).toBe("ab");
  });

  it("ltrim, rtrim and trim remove whitespace at the ends", () => {
    expect(value('ltrim(" hello ")')).toBe("hello ");
    expect(value('rtrim(" hello ")')).toBe(" hello");
    expect(value('trim(" hello ")')).toBe("hello");
  });

  it("string functions give null for a null input", () => {
    for (const fn of ["lower", "upper", "trim", "ltrim", "rtrim"]) expect(value(`${fn}(missing)`)).toBeNull();
    expect(value('substr(missing, 0, 1)')).toBeNull();
  });

  it("string functions reject a non-numeric count", () => {
    expect(failure('left("abc", "x")').error).toMatch(/count must be a number/);
  });
});

describe("regular expression functions", () => {
  it("extract_regex returns the match followed by its groups", () => {
    expect(value('extract_regex("E259,E259B_009,1_1", "([^,]+),[^,]*,([^,]+)")')).toEqual(["E259,E259B_009,1_1", "E259", "1_1"]);
  });

  it("extract_regex gives null without a match and null for groups that did not take part", () => {
    expect(value('extract_regex("abc", "\\d+")')).toBeNull();
    expect(value('extract_regex("ab", "a(x)?b")')).toEqual(["ab", null]);
  });

  it("matches_regex tests the whole string", () => {
    expect(value('matches_regex("E259,E259B_009,1_1", "([^,]+),[^,]*,([^,]+)")')).toBe(true);
    expect(value('matches_regex("abc1", "[a-z]+")')).toBe(false);
    expect(value('matches_regex("ABC", "(?i)abc")')).toBe(true);
  });

  it("an invalid regular expression is an evaluation error", () => {
    expect(failure('matches_regex("a", "(")').error).toMatch(/Invalid regular expression/);
  });
});
