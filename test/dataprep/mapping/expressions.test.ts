import { describe, expect, it } from "vitest";
import { evaluateExpression, MAX_EXPRESSION_LENGTH, validateExpression } from "../../../emulator/dataprep/mapping/index.js";
import { failure, value } from "./helpers.js";

function invalidAt(expression: string): { message: string; position: number } {
  const result = validateExpression(expression);
  if (result.valid) throw new Error(`${expression} was valid`);
  return result;
}

describe("literals", () => {
  it("read strings in both quote styles with escapes", () => {
    expect(value('"a\\"b"')).toBe('a"b');
    expect(value("'it\\'s'")).toBe("it's");
    expect(value('"tab\\there"')).toBe("tab\there");
    expect(value('"\\u0041"')).toBe("A");
    expect(value('"back\\\\slash"')).toBe("back\\slash");
  });

  it("keep unknown escapes such as regex classes intact", () => {
    expect(value('"\\d+"')).toBe("\\d+");
  });

  it("read integers, decimals, exponents, hex and Java suffixes", () => {
    expect(value("42")).toBe(42);
    expect(value("1.5")).toBe(1.5);
    expect(value("1.5e3")).toBe(1500);
    expect(value("0x1F")).toBe(31);
    expect(value("10L")).toBe(10);
  });

  it("read booleans, null, arrays and maps", () => {
    expect(value("true")).toBe(true);
    expect(value("false")).toBe(false);
    expect(value("null")).toBeNull();
    expect(value('[1, "two", [3]]')).toEqual([1, "two", [3]]);
    expect(value('{"a": 1, "b": [true]}')).toEqual({ a: 1, b: [true] });
    expect(value("{}")).toEqual({});
  });
});

describe("field references", () => {
  const record = {
    name: { first: "John" },
    "First Name": "Jo",
    "First.Name": "J.",
    items: [{ sku: "a" }, { sku: "b" }],
    map: { key: "v" },
    $id: 7,
    new: "reserved",
  };

  it("resolve bare and dotted names", () => {
    expect(value("name.first", record)).toBe("John");
    expect(value("$id", record)).toBe(7);
  });

  it("resolve ${...}-wrapped names with spaces or dots", () => {
    expect(value("${First Name}", record)).toBe("Jo");
    expect(value("${First\\.Name}", record)).toBe("J.");
    expect(value("${First.Name}", record)).toBe("J.");
  });

  // help/data-prep/home.md#escape-special-characters: `address.street\.name`, also in calculated fields.
  it("resolve a backslash-escaped period in a bare name as part of that name", () => {
    const address = { address: { "street.name": "Main St", street: { name: "wrong" } } };
    expect(value("address.street\\.name", address)).toBe("Main St");
    expect(value("upper(address.street\\.name)", address)).toBe("MAIN ST");
    expect(value("First\\.Name", record)).toBe("J.");
    expect(value("${new}", record)).toBe(value("\\new", record));
  });

  it("index arrays and objects", () => {
    expect(value("items[1].sku", record)).toBe("b");
    expect(value('map["key"]', record)).toBe("v");
  });

  it("project [*] over arrays", () => {
    expect(value("items[*].sku", record)).toEqual(["a", "b"]);
  });

  it("give null for missing fields, out-of-range indexes and fields of non-objects", () => {
    expect(value("nothing", record)).toBeNull();
    expect(value("name.first.deeper", record)).toBeNull();
    expect(value("items[5].sku", record)).toBeNull();
  });

  it("require reserved words to be wrapped as ${...}", () => {
    expect(invalidAt("new")).toMatchObject({ position: 0, message: expect.stringContaining("${new}") });
    expect(invalidAt("1 + and")).toMatchObject({ position: 4 });
    expect(invalidAt("x + _errors")).toMatchObject({ position: 4 });
    expect(value("${new}", record)).toBe("reserved");
  });

  it("accept reserved words after a dot", () => {
    expect(value("data.new", { data: { new: 1 } })).toBe(1);
  });

  it("require field names that are function names to be wrapped", () => {
    expect(invalidAt("timestamp + 1")).toMatchObject({ position: 0, message: expect.stringContaining("${timestamp}") });
    expect(value("${timestamp} + 1", { timestamp: 1613063089 })).toBe(1613063090);
  });
});

describe("operators", () => {
  it("apply arithmetic precedence and left associativity", () => {
    expect(value("1 + 2 * 3")).toBe(7);
    expect(value("(1 + 2) * 3")).toBe(9);
    expect(value("10 - 4 - 3")).toBe(3);
    expect(value("2 * 3 % 4")).toBe(2);
  });

  it("divide integers with truncation and decimals exactly", () => {
    expect(value("7 / 2")).toBe(3);
    expect(value("-7 / 2")).toBe(-3);
    expect(value("7.5 / 2")).toBe(3.75);
    expect(value("7 div 2")).toBe(3);
    expect(value("7 mod 3")).toBe(1);
  });

  it("fail on division by zero at the operator's position", () => {
    expect(failure("1 + 4 / 0")).toEqual({ error: "Division by zero", position: 6 });
  });

  it("concatenate when either side of + is a string and coerce numeric strings elsewhere", () => {
    expect(value('"a" + 1')).toBe("a1");
    expect(value('1 + "a"')).toBe("1a");
    expect(value('"10" - 4')).toBe(6);
    expect(value("missing + 1")).toBe(1);
    expect(value('missing + "x"')).toBe("x");
  });

  it("negate, complement and apply bitwise operators", () => {
    expect(value("-(2 + 3)")).toBe(-5);
    expect(value('-"3"')).toBe(-3);
    expect(value("~44")).toBe(-45);
    expect(value("12 & 10")).toBe(8);
    expect(value("12 | 10")).toBe(14);
    expect(value("12 ^ 10")).toBe(6);
  });

  it("compare numbers numerically and strings lexicographically", () => {
    expect(value("2 < 10")).toBe(true);
    expect(value('"2" < "10"')).toBe(false);
    expect(value('"10" == 10')).toBe(true);
    expect(value("1 != 2")).toBe(true);
    expect(value("3 >= 3 && 3 <= 3")).toBe(true);
  });

  it("accept the word forms eq ne lt le gt ge and or not", () => {
    expect(value("1 eq 1 and 1 ne 2")).toBe(true);
    expect(value("1 lt 2 and 2 le 2 and 3 gt 2 and 3 ge 3")).toBe(true);
    expect(value("false or not false")).toBe(true);
  });

  it("bind && tighter than || and ! tighter than both", () => {
    expect(value("true || false && false")).toBe(true);
    expect(value("!true || true")).toBe(true);
    expect(value("!(true || true)")).toBe(false);
    expect(value("1 + 1 == 2 && 2 < 3")).toBe(true);
  });

  it("short-circuit && and ||", () => {
    expect(value('false && to_integer("x") == 1')).toBe(false);
    expect(value('true || to_integer("x") == 1')).toBe(true);
  });

  it("use JEXL truthiness", () => {
    expect(value('"false" ? 1 : 2')).toBe(2);
    expect(value('"" ? 1 : 2')).toBe(2);
    expect(value("0 ? 1 : 2")).toBe(2);
    expect(value("[] ? 1 : 2")).toBe(2);
    expect(value('"yes" ? 1 : 2')).toBe(1);
  });

  it("evaluate ternaries right-associatively", () => {
    const grade = 'score >= 90 ? "A" : score >= 80 ? "B" : "C"';
    expect(value(grade, { score: 95 })).toBe("A");
    expect(value(grade, { score: 85 })).toBe("B");
    expect(value(grade, { score: 10 })).toBe("C");
  });

  it("fall back with ?: on falsy values and with ?? on null only", () => {
    expect(value('missing ?: "default"')).toBe("default");
    expect(value('"" ?: "default"')).toBe("default");
    expect(value('"" ?? "default"')).toBe("");
    expect(value('missing ?? "default"')).toBe("default");
  });

  it("test membership and patterns with =~ !~ =^ =$", () => {
    expect(value("2 =~ [1, 2, 3]")).toBe(true);
    expect(value('"abc" =~ "a.c"')).toBe(true);
    expect(value('"abc" !~ "b"')).toBe(true);
    expect(value('"john@example.com" =$ ".com"')).toBe(true);
    expect(value('"John" =^ "Jo" && "John" !^ "x" && "John" !$ "x"')).toBe(true);
  });

  it("measure with empty() and size()", () => {
    expect(value('empty("")')).toBe(true);
    expect(value("empty(missing)")).toBe(true);
    expect(value("size([1, 2, 3])")).toBe(3);
    expect(value('size("abcd")')).toBe(4);
  });
});

describe("method calls", () => {
  it("compare strings with equals and equalsIgnoreCase", () => {
    expect(value('"string1".equals("STRING1")')).toBe(false);
    expect(value('"string1".equalsIgnoreCase("STRING1")')).toBe(true);
    expect(value('name.equals("x")', { name: "x" })).toBe(true);
  });

  it("read map and list entries with get, also on function results", () => {
    expect(value('str_to_object("firstName - John ; lastName - Doe", "-", ";").get("firstName")')).toBe("John");
    expect(value("[10, 20, 30].get(1)")).toBe(20);
  });

  it("chain string methods", () => {
    expect(value('" abc ".trim().toUpperCase().equals("ABC")')).toBe(true);
    expect(value('"hello".substring(1, 3)')).toBe("el");
    expect(value('"a-b".replace("-", "+")')).toBe("a+b");
    // As Java's String.replace: an empty target matches before every character and at the end.
    expect(value('"abc".replace("", "-")')).toBe("-a-b-c-");
    expect(value('"".replace("", "-")')).toBe("-");
    expect(value('"abc".contains("b") && "abc".startsWith("a") && "abc".endsWith("c")')).toBe(true);
  });

  it("give null when the receiver is null", () => {
    expect(value('missing.equals("x")')).toBeNull();
  });

  it("report unknown methods when validating", () => {
    expect(invalidAt('"a".frobnicate()')).toMatchObject({ position: 4, message: "Unknown method 'frobnicate'" });
  });

  it("report a method used on the wrong type when evaluating", () => {
    expect(failure("(5).toUpperCase()")).toMatchObject({ position: 4, error: expect.stringMatching(/toUpperCase/) });
  });
});

describe("syntax errors", () => {
  it("accept the documented validation example", () => {
    expect(validateExpression('concat("Hi", ",", "there", "!")')).toEqual({ valid: true });
  });

  it("report 0-based positions", () => {
    expect(invalidAt("1 +").position).toBe(3);
    expect(invalidAt("(1 + 2").position).toBe(6);
    expect(invalidAt('"abc').position).toBe(0);
    expect(invalidAt("1 = 2").position).toBe(2);
    expect(invalidAt("a ; b").position).toBe(2);
    expect(invalidAt("@").position).toBe(0);
    expect(invalidAt('concat("a",)').position).toBe(11);
    expect(invalidAt("1 2").position).toBe(2);
    expect(invalidAt("12abc").position).toBe(0);
    expect(invalidAt("a.").position).toBe(2);
    expect(invalidAt("${abc").position).toBe(0);
    expect(invalidAt("").position).toBe(0);
  });

  it("report unknown functions at their position, with names matched exactly", () => {
    expect(invalidAt("1 + foo(2)")).toEqual({ valid: false, message: "Unknown function 'foo'", position: 4 });
    expect(invalidAt('UPPER("a")').message).toBe("Unknown function 'UPPER'");
  });

  it("check the number of arguments", () => {
    expect(invalidAt('substr("a")')).toMatchObject({ position: 0, message: "Function 'substr' expects 3 arguments, got 1" });
    expect(invalidAt("now(1)").message).toBe("Function 'now' expects 0 arguments, got 1");
    expect(invalidAt("concat()").message).toBe("Function 'concat' expects at least 1 argument, got 0");
  });

  it("refuse expressions longer than 4096 characters", () => {
    const longest = `"${"a".repeat(MAX_EXPRESSION_LENGTH - 2)}"`;
    expect(validateExpression(longest)).toEqual({ valid: true });
    const tooLong = `"${"a".repeat(MAX_EXPRESSION_LENGTH - 1)}"`;
    expect(invalidAt(tooLong)).toMatchObject({ position: MAX_EXPRESSION_LENGTH, message: expect.stringContaining("4096") });
    expect(evaluateExpression(tooLong, {})).toMatchObject({ position: MAX_EXPRESSION_LENGTH });
  });

  it("refuse pathological nesting with an error instead of overflowing the stack", () => {
    expect(invalidAt(`${"(".repeat(1500)}1${")".repeat(1500)}`).message).toMatch(/nested too deeply/);
    expect(invalidAt(`${"-".repeat(3000)}1`).message).toMatch(/nested too deeply/);
  });

  it("report a non-string expression as invalid", () => {
    expect(validateExpression(42 as never)).toMatchObject({ valid: false, position: 0 });
  });
});
