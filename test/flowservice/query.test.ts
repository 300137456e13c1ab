import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestEmulator, type TestEmulator } from "../support/app.js";
import { create, createCustomerioFlow, customerioSourceBody, expectFlowError, FS } from "../support/flowservice.js";

describe("list queries: property filters, orderby, paging, count", () => {
  let emulator: TestEmulator;
  beforeEach(() => {
    emulator = createTestEmulator();
  });
  afterEach(() => emulator.close());

  const list = (query: string, collection = "sourceConnections") => emulator.request("GET", `${FS}/${collection}?${query}`);
  const names = (response: { body: any }) => response.body.items.map((item: any) => item.name);

  async function sources(...specs: { name: string; description?: string; params?: unknown }[]) {
    const ids: string[] = [];
    for (const spec of specs) ids.push((await create(emulator, "sourceConnections", { ...customerioSourceBody(), ...spec })).id);
    return ids;
  }

  describe("property=", () => {
    it("== matches bare and quoted values, and a comma is an OR", async () => {
      await sources({ name: "alpha" }, { name: "beta" }, { name: "gamma" });
      expect(names(await list("property=name==beta"))).toEqual(["beta"]);
      expect(names(await list("property=name==%22beta%22"))).toEqual(["beta"]);
      expect(names(await list("property=name==alpha,gamma"))).toEqual(["alpha", "gamma"]);
    });

    it("repeated property parameters are ANDed", async () => {
      await sources({ name: "a", description: "x" }, { name: "b", description: "x" }, { name: "a", description: "y" });
      const response = await list("property=name==a&property=description==x");
      expect(response.body.items).toHaveLength(1);
      expect(response.body.items[0]).toMatchObject({ name: "a", description: "x" });
    });

    it("!= excludes the values and keeps documents without the field", async () => {
      await sources({ name: "a", description: "x" }, { name: "b", description: "y" }, { name: "c" });
      expect(names(await list("property=description!=x"))).toEqual(["b", "c"]);
    });

    it("compares numbers numerically with > >= < <=", async () => {
      const [first] = await sources({ name: "one" }, { name: "two" }, { name: "three" });
      const all = (await list("")).body.items;
      const middle = all[1].createdAt;
      expect(names(await list(`property=createdAt>${middle}`))).toEqual(["three"]);
      expect(names(await list(`property=createdAt>=${middle}`))).toEqual(["two", "three"]);
      expect(names(await list(`property=createdAt<${middle}`))).toEqual(["one"]);
      expect(names(await list(`property=createdAt<=${middle}`))).toEqual(["one", "two"]);
      expect(names(await list(`property=id==${first}`))).toEqual(["one"]);
    });

    it("walks dotted paths and [] array paths", async () => {
      await sources({ name: "p1", params: { table: "lead", columns: [{ name: "firstName" }, { name: "email" }], tags: ["x", "y"] } });
      await sources({ name: "p2", params: { table: "account", columns: [{ name: "id" }], tags: ["z"] } });
      expect(names(await list("property=params.table==lead"))).toEqual(["p1"]);
      expect(names(await list("property=params.columns[].name==id"))).toEqual(["p2"]);
      expect(names(await list("property=params.tags[]==y,z"))).toEqual(["p1", "p2"]);
      expect(names(await list("property=params.tags[].deeper==y"))).toEqual([]);
    });

    it("finds flows by their connection ids, as the docs show", async () => {
      const first = await createCustomerioFlow(emulator);
      await createCustomerioFlow(emulator);
      const response = await list(`property=sourceConnectionIds[]==${first.source.id}`, "flows");
      expect(response.body.items.map((item: any) => item.id)).toEqual([first.flow.id]);
      const byState = await list("property=state==enabled&property=inheritedAttributes.targetConnections[].connectionSpec.id==c604ff05-7f1a-43c0-8e18-33bf874cb11c", "flows");
      expect(byState.body.items).toHaveLength(2);
    });

    it("reads a state in any letter case, as the docs write ENABLED or Failed; other values keep their case", async () => {
      const { flow } = await createCustomerioFlow(emulator);
      for (const state of ["enabled", "ENABLED", "Enabled"]) {
        expect((await list(`property=state==${state}`, "flows")).body.items.map((item: any) => item.id), state).toEqual([flow.id]);
      }
      expect((await list("property=state!=ENABLED", "flows")).body.items).toEqual([]);
      expect((await list("property=state==DISABLED,Draft", "flows")).body.items).toEqual([]);
      await sources({ name: "Alpha" });
      expect(names(await list("property=name==alpha"))).toEqual([]);
    });

    it("a value with a SQL-looking payload is only a value", async () => {
      await sources({ name: "safe" });
      const response = await list(`property=name==${encodeURIComponent("x' OR '1'='1")}`);
      expect(response.status).toBe(200);
      expect(response.body.items).toEqual([]);
      const field = await list(`property=${encodeURIComponent("name')--")}==x`);
      expectFlowError(field, 1449, 400);
    });

    it("an id is compared only with == and != (1448 for >, >=, <, <=)", async () => {
      const [id] = await sources({ name: "one" });
      for (const operator of [">", ">=", "<", "<="]) {
        const response = await list(`property=id${encodeURIComponent(operator)}${id}`);
        expectFlowError(response, 1448, 400);
        expect(response.body.errorMessage).toBe(`Operator ${operator} not supported for field id.`);
      }
      expectFlowError(await emulator.request("GET", `${FS}/flowSpecs?property=id>=abc`), 1448, 400);
      expect(names(await list(`property=id!=${id}`))).toEqual([]);
    });

    it("a time field takes one number (1452 for a list, with == and != too)", async () => {
      for (const filter of ["createdAt==1676643256,1676643210", "updatedAt!=1,2", "createdAt==yesterday"]) {
        const response = await list(`property=${filter}`, "flows");
        expectFlowError(response, 1452, 400);
        const [field, value] = filter.split(/[=!]=/);
        expect(response.body.errorMessage).toBe(`Invalid value ${value} for field ${field}.`);
      }
      expectFlowError(await list("property=metrics.durationSummary.startedAtUTC==1,2", "runs"), 1452, 400);
    });

    it("answers the documented codes for bad filters", async () => {
      expectFlowError(await list("property=name!>x"), 1450, 400);
      expectFlowError(await list("property=name~x"), 1440, 400);
      expectFlowError(await list("property=createdAt<=1,2"), 1443, 400);
      expectFlowError(await list("property=createdAt=="), 1453, 400);
      expectFlowError(await list("property=createdAt>yesterday"), 1452, 400);
      expectFlowError(await list("property=na%20me==x"), 1449, 400);
      expectFlowError(await list("property=name==%22unterminated"), 1454, 400);
      expectFlowError(await list("property=justaname"), 1453, 400);
      const unknown = await list("testParam=1");
      expectFlowError(unknown, 1451, 400);
      expect(unknown.body.errorMessage).toBe("Invalid params testParam provided in query params.");
    });
  });

  describe("orderby", () => {
    it("sorts ascending without a prefix or with +, descending with -", async () => {
      await sources({ name: "b" }, { name: "c" }, { name: "a" });
      expect(names(await list("orderby=name"))).toEqual(["a", "b", "c"]);
      expect(names(await list("orderby=%2Bname"))).toEqual(["a", "b", "c"]);
      expect(names(await list("orderby=+name"))).toEqual(["a", "b", "c"]);
      expect(names(await list("orderby=-name"))).toEqual(["c", "b", "a"]);
      expect(names(await list("orderby=-createdAt"))).toEqual(["a", "c", "b"]);
    });

    it("answers 1432 for a bad sort order and 1433 for a bad field", async () => {
      expectFlowError(await list("orderby=--name"), 1432, 400);
      expectFlowError(await list("orderby=%2B-name"), 1432, 400);
      expectFlowError(await list("orderby=name-"), 1432, 400);
      const badField = await list("orderby=%23id");
      expectFlowError(badField, 1433, 400);
      expect(badField.body.errorMessage).toBe("Incorrect field= #id passed in orderBy, example are +name, -name, name.");
      expectFlowError(await list("orderby=*name"), 1433, 400);
      expectFlowError(await list("orderby=na%20me"), 1433, 400);
      expectFlowError(await list("orderby=tags[]"), 1433, 400);
    });
  });

  describe("paging", () => {
    it("limit pages with an opaque continuationToken and a relative next link; the last page has _links {}", async () => {
      await sources(...Array.from({ length: 5 }, (_, index) => ({ name: `s${index}` })));
      const first = await list("limit=2");
      expect(names(first)).toEqual(["s0", "s1"]);
      expect(first.body._links.next.href).toMatch(/^\/sourceConnections\?continuationToken=[A-Za-z0-9_-]+$/);
      const second = await emulator.request("GET", `${FS}${first.body._links.next.href}`);
      expect(names(second)).toEqual(["s2", "s3"]);
      const third = await emulator.request("GET", `${FS}${second.body._links.next.href}`);
      expect(names(third)).toEqual(["s4"]);
      expect(third.body._links).toEqual({});
    });

    it("keeps the filter and ordering across pages", async () => {
      await sources(...["d", "a", "c", "b", "e"].map((name) => ({ name, description: name < "e" ? "keep" : "drop" })));
      const seen: string[] = [];
      let href: string | undefined = "/sourceConnections?property=description==keep&orderby=-name&limit=1";
      while (href) {
        const page = await emulator.request("GET", `${FS}${href}`);
        expect(page.status).toBe(200);
        seen.push(...names(page));
        href = page.body._links.next?.href;
      }
      expect(seen).toEqual(["d", "c", "b", "a"]);
    });

    it("stays correct while rows are added between pages: no item twice, none lost", async () => {
      await sources(...Array.from({ length: 4 }, (_, index) => ({ name: `old${index}` })));
      for (const ordering of ["", "&orderby=name", "&orderby=-createdAt"]) {
        const seen: string[] = [];
        let href: string | undefined = `/sourceConnections?limit=2${ordering}`;
        let added = 0;
        while (href) {
          const page = await emulator.request("GET", `${FS}${href}`);
          seen.push(...names(page));
          href = page.body._links.next?.href;
          await sources({ name: `new${ordering.length}-${added++}` });
        }
        const old = seen.filter((name) => name.startsWith("old"));
        expect(old.sort()).toEqual(["old0", "old1", "old2", "old3"]);
        expect(new Set(seen).size).toBe(seen.length);
      }
    });

    it("refuses a bad limit or token", async () => {
      expectFlowError(await list("limit=0"), 1453, 400);
      expectFlowError(await list("limit=-5"), 1453, 400);
      expectFlowError(await list("limit=ten"), 1453, 400);
      expectFlowError(await list("continuationToken=not-a-token"), 1453, 400);
      const forged = Buffer.from(JSON.stringify({ f: ["name=="], o: null, l: 1, k: [null, 1] })).toString("base64url");
      expectFlowError(await list(`continuationToken=${forged}`), 1453, 400);
    });

    it("caps a huge limit at 1000", async () => {
      await sources({ name: "only" });
      const response = await list("limit=999999999");
      expect(response.status).toBe(200);
      expect(names(response)).toEqual(["only"]);
    });
  });

  describe("count", () => {
    it("count=true answers only {count} of the filtered items", async () => {
      await sources({ name: "a" }, { name: "a" }, { name: "b" });
      expect((await list("count=true")).body).toEqual({ count: 3 });
      expect((await list("property=name==a&count=true")).body).toEqual({ count: 2 });
      expect((await list("count=false")).body.items).toHaveLength(3);
    });

    it("reads true and false in any letter case (Python's requests sends True), an empty value as false; other words are 1453", async () => {
      await sources({ name: "a" }, { name: "b" });
      expect((await list("count=True")).body).toEqual({ count: 2 });
      expect((await list("count=TRUE")).body).toEqual({ count: 2 });
      expect((await list("count=False")).body.items).toHaveLength(2);
      expect((await list("count=")).body.items).toHaveLength(2);
      expect((await list("count=%20true")).body).toEqual({ count: 2 });
      for (const word of ["yes", "1", "t", "truee"]) expectFlowError(await list(`count=${word}`), 1453, 400);
    });

    it("count with limit is 1401", async () => {
      const response = await list("count=true&limit=2");
      expectFlowError(response, 1401, 400);
    });
  });
});
