import { describe, expect, it } from "vitest";
import { failure, value } from "./helpers.js";

const BOOKS = {
  book_details: { author: "George R. R. Martin", price: 17.99, ISBN: "ISBN-978-0553801477" },
  book_details2: { author: "Neil Gaiman", price: 17.99, ISBN: "ISBN-0-380-97365-0", publisher: "William Morrow" },
  addresses: [
    { line1: "345 park ave", City: "san jose", type: "home" },
    { line1: "1 main st", City: "austin", type: "work" },
  ],
  address: { line1: "345 park ave", line2: "bldg 2", City: "san jose", State: "CA", type: "office" },
  evars: { evar: { field1: "x" } },
};

describe("object functions", () => {
  it("is_empty is true only for null and empty strings, arrays and objects", () => {
    expect(value("is_empty([1, null, 2, 3])")).toBe(false);
    expect(value("is_empty([])")).toBe(true);
    expect(value("is_empty({})")).toBe(true);
    expect(value('is_empty("")')).toBe(true);
    expect(value("is_empty(missing)")).toBe(true);
    expect(value("is_empty(0)")).toBe(false);
  });

  it("arrays_to_object zips key/array pairs into objects", () => {
    const expected = [{ sku: "id1", price: 22.5 }, { sku: "id2", price: 14.35 }];
    expect(value(`arrays_to_object('sku', explode("id1|id2", '\\\\|'), 'price', [22.5,14.35])`)).toEqual(expected);
    expect(value(`arrays_to_objects('sku', explode("id1|id2", '\\\\|'), 'price', [22.5,14.35])`)).toEqual(expected);
    expect(value("arrays_to_object('a', [1, 2], 'b', [3])")).toEqual([{ a: 1, b: 3 }, { a: 2 }]);
  });

  it("arrays_to_object rejects an odd number of arguments", () => {
    expect(failure("arrays_to_object('a', [1], 'b')").error).toMatch(/pairs/);
  });

  it("to_object builds an object from flat key/value pairs", () => {
    expect(value('to_object("firstName", "John", "lastName", "Doe")')).toEqual({ firstName: "John", lastName: "Doe" });
    expect(failure('to_object("a", 1, "b")').error).toMatch(/even number/);
  });

  it("str_to_object parses delimited pairs, trimming keys and values", () => {
    expect(value('str_to_object("firstName - John ; lastName - Doe ; phone - 123 456 7890", "-", ";")')).toEqual({
      firstName: "John",
      lastName: "Doe",
      phone: "123 456 7890",
    });
    expect(value('str_to_object("a:1,b:2")')).toEqual({ a: "1", b: "2" });
    expect(value('str_to_object("firstName - John ; lastName - ; - 123", "-", ";")')).toEqual({ firstName: "John", lastName: "" });
  });

  it("str_to_object followed by get reads one key", () => {
    expect(value('str_to_object("firstName - John ; lastName - ; phone - 123 456 7890", "-", ";").get("firstName")')).toBe("John");
  });

  it("contains_key tells whether a source path exists in the record", () => {
    expect(value('contains_key("evars.evar.field1")', BOOKS)).toBe(true);
    expect(value('contains_key("evars.evar.field2")', BOOKS)).toBe(false);
    expect(value('contains_key("addresses[1].type")', BOOKS)).toBe(true);
    expect(value('contains_key("addresses[*].zip")', BOOKS)).toBe(false);
    expect(value('is_set("evars.evar")', BOOKS)).toBe(true);
  });

  it("nullify gives null", () => {
    expect(value("nullify()")).toBeNull();
  });

  it("get_keys lists an object's keys", () => {
    expect(value('get_keys({"book1": "Pride and Prejudice", "book2": "1984"})')).toEqual(["book1", "book2"]);
    expect(failure('get_keys("text")').error).toMatch(/must be an object/);
  });

  it("get_values reads one key of delimited text", () => {
    expect(value('get_values("firstName - John , lastName - Cena , phone - 555 420 8692", "firstName", "-", ",")')).toBe("John");
    expect(value('get_values("a:1,b:2", "b", null, "")')).toBe("2");
    expect(value('get_values("a:1", "zzz", ":")')).toBeNull();
  });
});

describe("map functions", () => {
  it("map_get_values returns a key's value, or the distinct values of several keys", () => {
    expect(value('map_get_values(book_details, "author")', BOOKS)).toBe("George R. R. Martin");
    expect(value('map_get_values(book_details, ["author", "price", "missing"])', BOOKS)).toEqual(["George R. R. Martin", 17.99]);
    expect(value('map_get_values(to_map("a", 1, "b", 1), ["a", "b"])')).toEqual([1]);
  });

  it("map_has_keys is true when any of the keys is present", () => {
    expect(value('map_has_keys(book_details, "author")', BOOKS)).toBe(true);
    expect(value('map_has_keys(book_details, ["nope", "ISBN"])', BOOKS)).toBe(true);
    expect(value('map_has_keys(book_details, "nope")', BOOKS)).toBe(false);
  });

  it("add_to_map merges maps, keeping the first value of a repeated key", () => {
    expect(value("add_to_map(book_details, book_details2)", BOOKS)).toEqual({
      author: "George R. R. Martin",
      price: 17.99,
      ISBN: "ISBN-978-0553801477",
      publisher: "William Morrow",
    });
  });

  it("object_to_map accepts key/value pairs, an object, or objects keyed by an attribute", () => {
    expect(value('object_to_map("firstName", "John", "lastName", "Doe")')).toEqual({ firstName: "John", lastName: "Doe" });
    expect(value("object_to_map(address)", BOOKS)).toEqual(BOOKS.address);
    expect(value("object_to_map(addresses, \"type\")", BOOKS)).toEqual({ home: BOOKS.addresses[0], work: BOOKS.addresses[1] });
  });

  it("array_to_map keys objects by a field", () => {
    expect(value('array_to_map(addresses, "type")', BOOKS)).toEqual({ home: BOOKS.addresses[0], work: BOOKS.addresses[1] });
    expect(value('array_to_map(missing, "type")', BOOKS)).toBeNull();
  });

  it("to_map builds a map from key/value pairs", () => {
    expect(value('to_map("firstName", "John", "lastName", "Doe")')).toEqual({ firstName: "John", lastName: "Doe" });
  });
});

describe("array functions", () => {
  it("coalesce returns the first non-null value", () => {
    expect(value('coalesce(null, null, null, "first", null, "second")')).toBe("first");
    expect(value('coalesce([null, "x"])')).toBe("x");
    expect(value("coalesce(null, missing)")).toBeNull();
  });

  it("first and last pick the ends of the arguments or of one array", () => {
    expect(value('first("1", "2", "3")')).toBe("1");
    expect(value('last("1", "2", "3")')).toBe("3");
    expect(value("last([4, 5])")).toBe(5);
    expect(value("first([])")).toBeNull();
  });

  it("add_to_array appends values", () => {
    expect(value("add_to_array(['a', 'b'], 'c', 'd')")).toEqual(["a", "b", "c", "d"]);
    expect(value("add_to_array(missing, 'c')")).toEqual(["c"]);
  });

  it("join_arrays concatenates arrays", () => {
    expect(value("join_arrays(['a', 'b'], ['c'], ['d', 'e'])")).toEqual(["a", "b", "c", "d", "e"]);
  });

  it("to_array collects values, dropping nulls unless asked to keep them", () => {
    expect(value("to_array(false, 1, null, 2, 3)")).toEqual([1, 2, 3]);
    expect(value("to_array(true, 1, null, 2, 3)")).toEqual([1, null, 2, 3]);
  });

  it("size_of counts elements, keys or characters", () => {
    expect(value("size_of([1, 2, 3, 4])")).toBe(4);
    expect(value('size_of({"a": 1})')).toBe(1);
    expect(value('size_of("abc")')).toBe(3);
    expect(value("size_of(missing)")).toBe(0);
    expect(failure("size_of(5)").error).toMatch(/size/);
  });

  it("upsert_array_append and upsert_array_replace return the array as is on insert", () => {
    expect(value("upsert_array_append([123, 456])")).toEqual([123, 456]);
    expect(value("upsert_array_replace([123, 456], 1)")).toEqual([123, 456]);
  });

  it("array_to_string flattens and joins with a separator", () => {
    expect(value('array_to_string(";", ["Hello", "world"])')).toBe("Hello;world");
    expect(value('array_to_string(",", [[1, 2], [3]])')).toBe("1,2,3");
  });

  it("flattenArray flattens nested arrays", () => {
    expect(value("flattenArray([[['a', 'b'], ['c', 'd']], [['e'], ['f']]])")).toEqual(["a", "b", "c", "d", "e", "f"]);
  });
});
