import { describe, expect, it } from "vitest";
import { compileMappingSet } from "../../../emulator/dataprep/mapping/index.js";
import { attribute, expression, mapOne, staticValue } from "./helpers.js";

const CUSTOMER_IO_RULES = [
  attribute("data.identifiers.cio_id", "_extconndev.cio_id"),
  attribute("data.identifiers.email", "_extconndev.email"),
  attribute("event_id", "_extconndev.event_id0"),
  attribute("metric", "_extconndev.metricx"),
  attribute("object_type", "_extconndev.object_type1"),
  attribute("timestamp", "_extconndev.timestampx"),
];

const CUSTOMER_IO_EVENT = {
  event_id: "01E4C4CT6YDC7Y5M7FE1GWWPQJ",
  object_type: "customer",
  metric: "subscribed",
  timestamp: 1613063089,
  data: {
    customer_id: "42",
    email_address: "test@example.com",
    identifiers: { id: "42", email: "test@example.com", cio_id: "d9c106000001" },
  },
};

const EMAILS = {
  customerInfo: {
    name: "John Smith",
    emails: [
      { name: "John Smith", email: "js@example.com" },
      { name: "Jane Smith", email: "jane@example.com" },
    ],
  },
};

describe("ATTRIBUTE mappings", () => {
  it("map the Customer.io tutorial event onto the _extconndev fields", () => {
    const result = compileMappingSet(CUSTOMER_IO_RULES).map(CUSTOMER_IO_EVENT);
    expect(result.errors).toEqual([]);
    expect(result.data).toEqual({
      _extconndev: {
        cio_id: "d9c106000001",
        email: "test@example.com",
        event_id0: "01E4C4CT6YDC7Y5M7FE1GWWPQJ",
        metricx: "subscribed",
        object_type1: "customer",
        timestampx: 1613063089,
      },
    });
  });

  it("reuse one compiled set for many records", () => {
    const set = compileMappingSet(CUSTOMER_IO_RULES);
    const other = { ...CUSTOMER_IO_EVENT, metric: "unsubscribed" };
    expect(set.map(CUSTOMER_IO_EVENT).data._extconndev).toMatchObject({ metricx: "subscribed" });
    expect(set.map(other).data._extconndev).toMatchObject({ metricx: "unsubscribed" });
    expect(set.errors).toEqual([null, null, null, null, null, null]);
  });

  it("read nested fields with dots and write them at the root or nested", () => {
    expect(mapOne([attribute("customerInfo.name", "name")], EMAILS).data).toEqual({ name: "John Smith" });
    expect(mapOne([attribute("customerInfo.name", "pi.name")], EMAILS).data).toEqual({ pi: { name: "John Smith" } });
  });

  it("read one array element by index", () => {
    expect(mapOne([attribute("customerInfo.emails[0].email", "pi.email")], EMAILS).data).toEqual({ pi: { email: "js@example.com" } });
  });

  it("copy a whole array or object without aliasing the input", () => {
    const { data } = mapOne([attribute("customerInfo.emails", "pi.emailList")], EMAILS);
    expect(data).toEqual({ pi: { emailList: EMAILS.customerInfo.emails } });
    expect((data.pi as { emailList: unknown }).emailList).not.toBe(EMAILS.customerInfo.emails);
  });

  it("write to an array index in the destination", () => {
    expect(mapOne([attribute("customerInfo.name", "piList[0]")], EMAILS).data).toEqual({ piList: ["John Smith"] });
    expect(mapOne([attribute("customerInfo.name", "piList[2]")], EMAILS).data).toEqual({ piList: [null, null, "John Smith"] });
  });

  it("fan a [*] source out to a [*] destination, one element per source element", () => {
    const { data } = mapOne([attribute("customerInfo.emails[*].name", "pi[*].names")], EMAILS);
    expect(data).toEqual({ pi: [{ names: "John Smith" }, { names: "Jane Smith" }] });
  });

  it("keep wildcard mappings aligned by index when an element lacks the field", () => {
    const record = { people: [{ name: "A", email: "a@x" }, { email: "b@x" }, { name: "C" }] };
    const { data } = mapOne([attribute("people[*].name", "out[*].n"), attribute("people[*].email", "out[*].e")], record);
    expect(data).toEqual({ out: [{ n: "A", e: "a@x" }, { e: "b@x" }, { n: "C" }] });
  });

  it("fan out nested wildcards level by level", () => {
    const record = { orders: [{ items: [{ sku: "a" }, { sku: "b" }] }, { items: [{ sku: "c" }] }] };
    const { data } = mapOne([attribute("orders[*].items[*].sku", "o[*].i[*].s")], record);
    expect(data).toEqual({ o: [{ i: [{ s: "a" }, { s: "b" }] }, { i: [{ s: "c" }] }] });
  });

  it("collect a [*] source into an array when the destination has no wildcard", () => {
    const { data } = mapOne([attribute("customerInfo.emails[*].email", "allEmails")], EMAILS);
    expect(data).toEqual({ allEmails: ["js@example.com", "jane@example.com"] });
  });

  it("read keys containing dots through \\. or ${...}", () => {
    const record = { "Full.Name": "John Smith", "First Name": "John", address: { "street.name": "Main St" } };
    expect(mapOne([attribute("Full\\.Name", "pi.name")], record).data).toEqual({ pi: { name: "John Smith" } });
    expect(mapOne([attribute("${First Name}", "pi.first")], record).data).toEqual({ pi: { first: "John" } });
    expect(mapOne([attribute("address.street\\.name", "street")], record).data).toEqual({ street: "Main St" });
  });

  it("fall back to a top-level key spelled like an unescaped dotted path (the docs' CSV example)", () => {
    const csvRow = { "Full.Name": "John Smith", Email: "js@example.com" };
    expect(mapOne([attribute("Full.Name", "pi.name")], csvRow).data).toEqual({ pi: { name: "John Smith" } });
  });

  it("write escaped dots in destinations as literal keys", () => {
    expect(mapOne([attribute("a", "x\\.y.z")], { a: 1 }).data).toEqual({ "x.y": { z: 1 } });
  });

  it("merge several destinations under the same parent", () => {
    const record = { first: "Jim", last: "Seltzer" };
    const { data } = mapOne([attribute("first", "person.name.firstName"), attribute("last", "person.name.lastName")], record);
    expect(data).toEqual({ person: { name: { firstName: "Jim", lastName: "Seltzer" } } });
  });

  it("leave the destination unwritten, without an error, when the source is missing or null", () => {
    const result = mapOne(
      [attribute("nope", "a"), attribute("present.deeper", "b"), attribute("nothing", "c"), attribute("present", "d")],
      { present: "text", nothing: null },
    );
    expect(result).toEqual({ data: { d: "text" }, errors: [] });
  });

  it("treat records that are not objects as having no fields", () => {
    for (const record of [null, 42, "text", [1, 2]]) {
      expect(mapOne([attribute("a.b", "x")], record)).toEqual({ data: {}, errors: [] });
    }
  });

  it("copy child attributes when an object is mapped onto an object (object copy)", () => {
    const record = { address: { line1: "4191 Ridgebrook Way", city: "San Jose", state: "California" } };
    const { data } = mapOne([attribute("address", "addr"), attribute("address.line1", "addr.addrLine1")], record);
    expect(data).toEqual({ addr: { line1: "4191 Ridgebrook Way", city: "San Jose", state: "California", addrLine1: "4191 Ridgebrook Way" } });
    expect(record.address).toEqual({ line1: "4191 Ridgebrook Way", city: "San Jose", state: "California" });
  });

  it("never touch Object.prototype through __proto__ keys", () => {
    const record = JSON.parse('{"__proto__": {"polluted": true}}');
    const { data } = mapOne([attribute("__proto__.polluted", "__proto__.polluted"), attribute("constructor", "x")], record);
    expect(Object.hasOwn(data, "__proto__")).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.hasOwn(data, "x")).toBe(false);
  });
});

describe("STATIC mappings", () => {
  it("write the constant whatever the record", () => {
    expect(mapOne([staticValue("CUSTOMER", "userType")], { name: "John Smith" }).data).toEqual({ userType: "CUSTOMER" });
    expect(mapOne([staticValue("CUSTOMER", "userType")], null).data).toEqual({ userType: "CUSTOMER" });
  });

  it("convert the constant to the destination type", () => {
    const types = { count: "integer", flag: "boolean", when: "date-time" } as const;
    const rules = [staticValue("42", "count"), staticValue("yes", "flag"), staticValue("2020-01-02", "when")];
    expect(mapOne(rules, {}, types).data).toEqual({ count: 42, flag: true, when: "2020-01-02T00:00:00Z" });
  });

  it("reject at compile time a constant the destination type cannot hold", () => {
    const set = compileMappingSet([staticValue("abc", "count"), staticValue("ok", "other")], {
      fieldType: (d) => (d === "count" ? "integer" : undefined),
    });
    expect(set.errors[0]?.message).toMatch(/integer/);
    expect(set.errors[1]).toBeNull();
    expect(set.map({})).toEqual({ data: { other: "ok" }, errors: [set.errors[0]] });
  });
});

describe("compile-time errors", () => {
  it("are reported per mapping with a position, while the other mappings still apply", () => {
    const set = compileMappingSet([attribute("a", "bad..dest"), attribute("a..b", "x"), expression("concat(", "y"), attribute("a", "ok")]);
    expect(set.errors[0]).toMatchObject({ destination: "bad..dest", sourceType: "ATTRIBUTE", position: 4 });
    expect(set.errors[1]).toMatchObject({ source: "a..b", position: 2 });
    expect(set.errors[2]).toMatchObject({ source: "concat(", sourceType: "EXPRESSION", position: 7 });
    expect(set.errors[3]).toBeNull();
    const result = set.map({ a: 1 });
    expect(result.data).toEqual({ ok: 1 });
    expect(result.errors).toHaveLength(3);
  });

  it("reject an unknown sourceType and a destination that starts with an index", () => {
    const set = compileMappingSet([
      { sourceType: "CONSTANT" as never, source: "x", destination: "y" },
      attribute("a", "[0].b"),
    ]);
    expect(set.errors[0]?.message).toMatch(/sourceType/);
    expect(set.errors[1]?.message).toMatch(/field name/);
  });

  it("refuse destination indexes large enough to allocate huge arrays", () => {
    expect(compileMappingSet([attribute("a", "list[100000]")]).errors[0]?.message).toMatch(/cannot exceed/);
  });
});

describe("EXPRESSION mappings", () => {
  it("evaluate the expression against each record", () => {
    const set = compileMappingSet([expression("concat(upper(lastName), upper(firstName))", "pi.created")]);
    expect(set.map({ firstName: "John", lastName: "Smith" }).data).toEqual({ pi: { created: "SMITHJOHN" } });
    expect(set.map({ firstName: "Jane", lastName: "Doe" }).data).toEqual({ pi: { created: "DOEJANE" } });
  });

  it("leave the destination unset when the expression gives null (nullify)", () => {
    expect(mapOne([expression("nullify()", "a"), expression("missing", "b")], {})).toEqual({ data: {}, errors: [] });
  });

  it("set a failing destination to null, report it with a position, and apply the others", () => {
    const rules = [expression('1 + to_integer("abc")', "bad"), attribute("name", "good")];
    const result = mapOne(rules, { name: "x" });
    expect(result.data).toEqual({ bad: null, good: "x" });
    expect(result.errors).toEqual([
      { destination: "bad", source: '1 + to_integer("abc")', sourceType: "EXPRESSION", message: expect.stringMatching(/abc/), position: 4 },
    ]);
  });

  it("fan an array result out to a [*] destination", () => {
    const { data } = mapOne([expression('split(tags, ",")', "t[*].name")], { tags: "a,b" });
    expect(data).toEqual({ t: [{ name: "a" }, { name: "b" }] });
  });
});
