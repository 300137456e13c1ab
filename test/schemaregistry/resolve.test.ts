import { describe, expect, it } from "vitest";
import { findGlobal } from "../../emulator/schemaregistry/classes.js";
import { resolveResource, UnresolvedReferenceError, type Lookup } from "../../emulator/schemaregistry/resolve.js";
import type { Document } from "../../emulator/store/entities.js";

const T = "https://ns.adobe.com/acme";

function lookupOf(...resources: Document[]): Lookup {
  return (id) => findGlobal(id) ?? resources.find((resource) => resource.$id === id);
}

const fieldGroup = (id: string, fields: Document, required?: string[]): Document => ({
  $id: `${T}/mixins/${id}`,
  definitions: { main: { properties: { _acme: { type: "object", properties: fields, ...(required ? { required } : {}) } } } },
  allOf: [{ $ref: "#/definitions/main" }],
});

describe("resolveResource", () => {
  it("joins a class, its behavior and field groups into one object schema", () => {
    const a = fieldGroup("a", { phone: { type: "string" } }, ["phone"]);
    const b = fieldGroup("b", { points: { type: "integer" } });
    const schema = { $id: `${T}/schemas/s`, title: "S", allOf: [{ $ref: "https://ns.adobe.com/xdm/context/profile" }, { $ref: a.$id }, { $ref: b.$id }] };
    const resolved = resolveResource(schema, lookupOf(a, b));
    expect(resolved.allOf).toBeUndefined();
    expect(resolved.type).toBe("object");
    const properties = resolved.properties as Record<string, Document>;
    expect(properties._id).toMatchObject({ type: "string" });
    expect(properties._acme).toEqual({ type: "object", properties: { phone: { type: "string" }, points: { type: "integer" } }, required: ["phone"] });
  });

  it("inlines a data type named by a field's $ref, and honours the spec's \"$ref \" spelling", () => {
    const address = { $id: `${T}/datatypes/address`, properties: { city: { type: "string" } }, required: ["city"] };
    const group: Document = {
      $id: `${T}/mixins/g`,
      definitions: { main: { properties: { _acme: { type: "object", properties: { home: { title: "Home", $ref: address.$id } } } } } },
      allOf: [{ "$ref ": "#/definitions/main" }],
    };
    const resolved = resolveResource(group, lookupOf(address));
    const home = ((resolved.properties as Document)._acme as Document & { properties: Record<string, Document> }).properties.home;
    expect(home).toEqual({ title: "Home", type: "object", properties: { city: { type: "string" } }, required: ["city"] });
  });

  it("follows <id>#/definitions/<name> and the %23 spelling of it", () => {
    const shared = { $id: `${T}/mixins/shared`, definitions: { extra: { properties: { flag: { type: "boolean" } } } } };
    const one = { $id: `${T}/schemas/one`, allOf: [{ $ref: `${shared.$id}#/definitions/extra` }] };
    const two = { $id: `${T}/schemas/two`, allOf: [{ $ref: `${shared.$id}%23/definitions/extra` }] };
    expect(resolveResource(one, lookupOf(shared)).properties).toEqual({ flag: { type: "boolean" } });
    expect(resolveResource(two, lookupOf(shared)).properties).toEqual({ flag: { type: "boolean" } });
  });

  it("throws UnresolvedReferenceError for a missing resource, a missing definition and a cycle", () => {
    const missing = { $id: `${T}/schemas/m`, allOf: [{ $ref: `${T}/mixins/none` }] };
    expect(() => resolveResource(missing, lookupOf())).toThrow(UnresolvedReferenceError);
    const noDefinition = { $id: `${T}/mixins/n`, allOf: [{ $ref: "#/definitions/none" }] };
    expect(() => resolveResource(noDefinition, lookupOf())).toThrow(/#\/definitions\/none is not found/);
    const loop: Document = { $id: `${T}/mixins/loop`, definitions: { a: { allOf: [{ $ref: "#/definitions/a" }] } }, allOf: [{ $ref: "#/definitions/a" }] };
    expect(() => resolveResource(loop, lookupOf())).toThrow(/refers back to itself/);
    const selfish: Document = { $id: `${T}/mixins/self`, allOf: [{ $ref: `${T}/mixins/self` }] };
    expect(() => resolveResource(selfish, lookupOf(selfish))).toThrow(/refers back to itself/);
  });
});
