import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { failure, value } from "./helpers.js";

describe("hashing functions", () => {
  it("sha1, sha256, sha512 and md5 give the documented digests of \"my text\"", () => {
    expect(value('sha1("my text", "UTF-8")')).toBe("c3599c11e47719df18a2448690840c5dfcce3c80");
    expect(value('sha256("my text", "UTF-8")')).toBe("7330d2b39ca35eaf4cb95fc846c21ee6a39af698154a83a586ee270a0d372104");
    expect(value('sha512("my text", "UTF-8")')).toBe(
      "a3d7e45a0d9be5fd4e4b9a3b8c9c2163c21ef708bf11b4232bb21d2a8704ada2cdcd7b367dd0788a89a5c908cfe377aceb1072a7b386b7d4fd2ff68a8fd24d16",
    );
    expect(value('md5("my text", "UTF-8")')).toBe("d3b96ce8c9fb4e9bd0198d03ba6852c7");
  });

  it("crc32 gives the documented 8df92e80 for \"my text\"", () => {
    expect(value('crc32("my text", "UTF-8")')).toBe("8df92e80");
    expect(value('crc32("my text")')).toBe("8df92e80");
  });

  it("hash UTF-8 by default and honour the other charsets", () => {
    expect(value('md5("my text")')).toBe("d3b96ce8c9fb4e9bd0198d03ba6852c7");
    const latin1 = createHash("md5").update(Buffer.from([0xe9])).digest("hex");
    expect(value('md5("é", "ISO-8859-1")')).toBe(latin1);
    const utf16 = createHash("md5").update(Buffer.from([0xfe, 0xff, 0x00, 0x61])).digest("hex");
    expect(value('md5("a", "UTF-16")')).toBe(utf16);
    const ascii = createHash("md5").update(Buffer.from("?")).digest("hex");
    expect(value('md5("é", "US-ASCII")')).toBe(ascii);
  });

  it("reject an unknown charset and give null for null input", () => {
    expect(failure('sha1("x", "EBCDIC")').error).toMatch(/Unsupported charset/);
    expect(value("sha256(missing)")).toBeNull();
  });
});

const FERRET = '"foo://example.com:8042/over/there?name=ferret#nose"';

describe("URL functions", () => {
  it("get_url_protocol reads the scheme, null for text that is not a URL", () => {
    expect(value('get_url_protocol("https://platform.adobe.com/home")')).toBe("https");
    expect(value('get_url_protocol("not a url")')).toBeNull();
    expect(value('get_url_protocol("platform.adobe.com")')).toBeNull();
  });

  it("get_url_host reads the host without user info or port", () => {
    expect(value('get_url_host("https://platform.adobe.com/home")')).toBe("platform.adobe.com");
    expect(value('get_url_host("http://user:pw@example.com:8080/x")')).toBe("example.com");
  });

  it("get_url_port reads an explicit port or the scheme's default", () => {
    expect(value('get_url_port("sftp://example.com//home/joe/employee.csv")')).toBe(22);
    expect(value(`get_url_port(${FERRET})`)).toBe(8042);
    expect(value('get_url_port("https://example.com")')).toBe(443);
    expect(value('get_url_port("foo://example.com")')).toBeNull();
  });

  it("get_url_path reads the full path or its last segment", () => {
    expect(value('get_url_path("sftp://example.com//home/joe/employee.csv")')).toBe("//home/joe/employee.csv");
    expect(value('get_url_path("sftp://example.com//home/joe/employee.csv", false)')).toBe("employee.csv");
  });

  it("get_url_query_str retains, removes or appends the anchor as documented", () => {
    expect(value(`get_url_query_str(${FERRET}, "retain")`)).toEqual({ name: "ferret#nose" });
    expect(value(`get_url_query_str(${FERRET}, "remove")`)).toEqual({ name: "ferret" });
    expect(value(`get_url_query_str(${FERRET}, "append")`)).toEqual({ name: "ferret", _anchor_: "nose" });
    expect(value('get_url_query_str("https://x.com/?a=1&b=two%20words&c", "remove")')).toEqual({ a: "1", b: "two words", c: null });
  });

  it("get_url_query_str rejects an unknown anchor mode", () => {
    expect(failure(`get_url_query_str(${FERRET}, "keep")`).error).toMatch(/retain/);
  });

  it("get_url_encoded and get_url_decoded round-trip the documented URL", () => {
    const encoded = "https%3A%2F%2Fexample.com%2Fpartneralliance_asia-pacific_2022";
    expect(value('get_url_encoded("https://example.com/partneralliance_asia-pacific_2022")')).toBe(encoded);
    expect(value(`get_url_decoded("${encoded}")`)).toBe("https://example.com/partneralliance_asia-pacific_2022");
  });

  it("get_url_encoded encodes every reserved character of the appendix", () => {
    expect(value(`get_url_encoded(" !#$&'()*+,/:;=?@[]~")`)).toBe("%20%21%23%24%26%27%28%29%2A%2B%2C%2F%3A%3B%3D%3F%40%5B%5D%7E");
  });

  it("get_url_decoded rejects broken percent-encoding", () => {
    expect(failure('get_url_decoded("%E0%A4%A")').error).toMatch(/percent-encoding/);
  });
});
