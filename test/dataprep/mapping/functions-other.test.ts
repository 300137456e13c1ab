import { describe, expect, it } from "vitest";
import { failure, IPHONE_UA, value } from "./helpers.js";

describe("logical functions", () => {
  const decode = 'decode(stateCode, "ca", "California", "pa", "Pennsylvania", "N/A")';

  it("decode returns the value paired with the key, or the trailing default", () => {
    expect(value(decode, { stateCode: "ca" })).toBe("California");
    expect(value(decode, { stateCode: "pa" })).toBe("Pennsylvania");
    expect(value(decode, { stateCode: "ny" })).toBe("N/A");
    expect(value('decode("x", "a", 1)')).toBeNull();
    expect(value('decode(2, "1", "one", "2", "two")')).toBe("two");
  });

  it("iif chooses by the condition", () => {
    expect(value('iif("s".equalsIgnoreCase("S"), "True", "False")')).toBe("True");
    expect(value('iif(1 > 2, "True", "False")')).toBe("False");
    expect(value('iif(missing, "True", "False")')).toBe("False");
  });
});

describe("aggregation functions", () => {
  it("min and max use natural ordering", () => {
    expect(value("min(3, 1, 4)")).toBe(1);
    expect(value("max(3, 1, 4)")).toBe(4);
    expect(value('max("apple", "pear", "fig")')).toBe("pear");
    expect(value('max(date("2020-01-01"), date("2021-01-01"))')).toBe("2021-01-01T00:00:00Z");
    expect(value("min([5, null, 2])")).toBe(2);
  });

  it("min and max refuse values that cannot be compared", () => {
    expect(failure('min(1, [2])').error).toMatch(/Cannot compare/);
  });
});

describe("type conversions", () => {
  it("to_bigint keeps the integral part, exactly even beyond 2^53", () => {
    expect(value('to_bigint("1000000.34")')).toBe(1000000);
    expect(value('concat(to_bigint("123456789012345678901234567890"))')).toBe("123456789012345678901234567890");
  });

  it("to_decimal and to_float read decimal text", () => {
    expect(value('to_decimal("20.5")')).toBe(20.5);
    expect(value('to_float("12.3456")')).toBe(12.3456);
    expect(value('to_decimal(" 1e3 ")')).toBe(1000);
  });

  it("to_integer reads whole numbers and refuses values outside 32 bits", () => {
    expect(value('to_integer("12")')).toBe(12);
    expect(value('to_integer("12.9")')).toBe(12);
    expect(failure('to_integer("3000000000")').error).toMatch(/out of range/);
  });

  it("conversions fail on text that is not a number and pass null through", () => {
    expect(failure('to_decimal("abc")').error).toBe("Cannot convert 'abc' to Double");
    expect(failure('to_integer("")').error).toMatch(/Cannot convert/);
    expect(value("to_integer(missing)")).toBeNull();
  });
});

describe("JSON functions", () => {
  it("json_to_object parses JSON text", () => {
    expect(value(`json_to_object('{"info":{"firstName":"John","lastName":"Doe"}}')`)).toEqual({ info: { firstName: "John", lastName: "Doe" } });
    expect(value("json_to_object(payload).items[0]", { payload: '{"items": [7]}' })).toBe(7);
  });

  it("json_to_object passes structured values through and rejects invalid JSON", () => {
    expect(value('json_to_object({"info": {"firstName": "John"}})')).toEqual({ info: { firstName: "John" } });
    expect(failure("json_to_object('{oops')").error).toMatch(/Invalid JSON/);
  });

  it("json_to_object reads JSON nested 1000 levels deep and refuses deeper, as request bodies", () => {
    const nestedText = (levels: number) => `${"[".repeat(levels)}${"]".repeat(levels)}`;
    let deepest: unknown = value("json_to_object(payload)", { payload: nestedText(1000) });
    for (let level = 1; level < 1000; level++) deepest = (deepest as unknown[])[0];
    expect(deepest).toEqual([]);
    expect(failure("json_to_object(payload)", { payload: nestedText(1001) }).error).toMatch(/Invalid JSON: nested more than 1000 levels deep/);
    expect(failure("json_to_object(payload)", { payload: nestedText(100_000) }).error).toMatch(/nested more than 1000 levels deep/);
  });
});

describe("special operations", () => {
  it("uuid and guid generate distinct version 4 UUIDs", () => {
    const pattern = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
    const a = value("uuid()");
    const b = value("guid()");
    expect(a).toMatch(pattern);
    expect(b).toMatch(pattern);
    expect(a).not.toBe(b);
  });
});

describe("user agent functions", () => {
  const ua = { ua: IPHONE_UA };

  it("read the operating system of the documented iPhone user agent", () => {
    expect(value("ua_os_name(ua)", ua)).toBe("iOS");
    expect(value("ua_os_version_major(ua)", ua)).toBe("iOS 5");
    expect(value("ua_os_version(ua)", ua)).toBe("5.1.1");
    expect(value("ua_os_name_version(ua)", ua)).toBe("iOS 5.1.1");
  });

  it("read the agent and device class of the documented iPhone user agent", () => {
    expect(value("ua_agent_version(ua)", ua)).toBe("5.1");
    expect(value("ua_agent_version_major(ua)", ua)).toBe("Safari 5");
    expect(value("ua_agent_name(ua)", ua)).toBe("Safari");
    expect(value("ua_device_class(ua)", ua)).toBe("Phone");
  });

  it("classify desktops, tablets and robots", () => {
    const chrome = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36";
    const ipad = "Mozilla/5.0 (iPad; CPU OS 13_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/13.0.3 Mobile/15E148 Safari/604.1";
    const bot = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)";
    expect(value("ua_device_class(ua)", { ua: chrome })).toBe("Desktop");
    expect(value("ua_agent_name(ua)", { ua: chrome })).toBe("Chrome");
    expect(value("ua_os_name(ua)", { ua: chrome })).toBe("Windows");
    expect(value("ua_device_class(ua)", { ua: ipad })).toBe("Tablet");
    expect(value("ua_device_class(ua)", { ua: bot })).toBe("Robot");
  });

  it("give null for a missing user agent or an unknown component", () => {
    expect(value("ua_os_name(missing)")).toBeNull();
    expect(value('ua_agent_version("curl-ish nonsense")')).toBeNull();
    expect(value('ua_device_class("")')).toBe("Unknown");
  });
});
