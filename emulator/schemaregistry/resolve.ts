import type { Document } from "../store/entities.js";

/**
 * Resolving an XDM resource into one JSON Schema: every `allOf` entry (a class, behavior, field
 * group, `#/definitions/...` or `<id>#/definitions/...`) and every field-level `$ref` (a data type)
 * is replaced by the fields it contributes. Objects that several resources contribute to (the
 * tenant namespace `_<tenantId>` filled by two field groups) are merged, and `required` lists are
 * joined. Used by the `xed-full` Accept variants and by record validation.
 */

export type JsonSchema = Record<string, unknown>;
export type Lookup = (id: string) => Document | undefined;

interface Fields {
  properties: Record<string, JsonSchema>;
  required: string[];
}

export class UnresolvedReferenceError extends Error {
  constructor(readonly ref: string, reason = "is not found") {
    super(`The referenced resource ${ref} ${reason}.`);
  }
}

/**
 * How many fields and references one resolution may expand. Every `$ref` is expanded where it is
 * used, so definitions that use the one before them twice double the work at each level: a field
 * group of 20 such definitions (under 2 KB) took 7 s to resolve, 30 would have taken hours. Adobe's
 * largest standard schemas resolve to a few thousand fields.
 */
export const MAX_RESOLVED_NODES = 100_000;

interface Resolution {
  lookup: Lookup;
  /** The `$id` of the resource being resolved, which the limit's error names. */
  root: string;
  /** How many more fields and references it may expand. */
  left: number;
}

/** The resource with `allOf` and `definitions` replaced by `properties` (and `required`). */
export function resolveResource(resource: Document, lookup: Lookup): Document {
  const resolution: Resolution = { lookup, root: String(resource.$id), left: MAX_RESOLVED_NODES };
  const fields = fieldsOf(resource, resource, resolution, [String(resource.$id)]);
  const { allOf: _allOf, definitions: _definitions, ...rest } = resource;
  return {
    ...rest,
    type: "object",
    properties: fields.properties,
    ...(fields.required.length > 0 ? { required: fields.required } : {}),
  };
}

/** The spec's examples also spell the key "$ref " (with a space). */
function refOf(node: Document): string | undefined {
  const ref = node.$ref ?? node["$ref "];
  return typeof ref === "string" ? ref : undefined;
}

/** `node` is the resource itself or one of its definitions; `owner` holds the definitions. */
function fieldsOf(node: Document, owner: Document, resolution: Resolution, trail: string[]): Fields {
  spend(resolution);
  let fields: Fields = {
    properties: resolveProperties(node.properties, owner, resolution, trail),
    required: Array.isArray(node.required) ? (node.required as string[]) : [],
  };
  const allOf = Array.isArray(node.allOf) ? (node.allOf as Document[]) : [];
  for (const item of allOf) fields = mergeFields(fields, fieldsOfItem(item, owner, resolution, trail));
  return fields;
}

function fieldsOfItem(item: Document, owner: Document, resolution: Resolution, trail: string[]): Fields {
  const ref = refOf(item);
  if (ref === undefined) return fieldsOf(item, owner, resolution, trail);
  const target = dereference(ref, owner, resolution, trail);
  return fieldsOf(target.node, target.owner, resolution, target.trail);
}

/** `<id>#<fragment>` (the `#` also URL-encoded); an empty id is the resource the `$ref` is in. */
export function splitRef(ref: string): { id: string; fragment: string } {
  const decoded = ref.replace(/%23/gi, "#");
  const hash = decoded.indexOf("#");
  return hash === -1 ? { id: decoded, fragment: "" } : { id: decoded.slice(0, hash), fragment: decoded.slice(hash + 1) };
}

/** Finds what a `$ref` names: a definition of `owner`, a whole resource, or a resource's definition. */
function dereference(ref: string, owner: Document, resolution: Resolution, trail: string[]): { node: Document; owner: Document; trail: string[] } {
  const { id, fragment } = splitRef(ref);
  const key = fragment === "" ? id : `${id === "" ? String(owner.$id) : id}#${fragment}`;
  if (trail.includes(key)) throw new UnresolvedReferenceError(ref, "refers back to itself");
  const target = id === "" ? owner : resolution.lookup(id);
  if (target === undefined) throw new UnresolvedReferenceError(ref);
  const targetTrail = [...trail, key];
  if (fragment === "") return { node: target, owner: target, trail: targetTrail };
  const name = /^\/definitions\/(.+)$/.exec(fragment)?.[1];
  const definitions = (target.definitions ?? {}) as Record<string, Document>;
  const definition = name !== undefined && Object.hasOwn(definitions, name) ? definitions[name] : undefined;
  if (definition === undefined || definition === null || typeof definition !== "object") throw new UnresolvedReferenceError(ref);
  return { node: definition, owner: target, trail: targetTrail };
}

function resolveProperties(properties: unknown, owner: Document, resolution: Resolution, trail: string[]): Record<string, JsonSchema> {
  if (properties === null || typeof properties !== "object") return {};
  return Object.fromEntries(
    Object.entries(properties as Record<string, unknown>).map(([name, field]) => [name, resolveField(field, owner, resolution, trail)]),
  );
}

/** A field, with a data type `$ref` inlined and its sub-fields, items and map values resolved. */
function resolveField(field: unknown, owner: Document, resolution: Resolution, trail: string[]): JsonSchema {
  if (field === null || typeof field !== "object" || Array.isArray(field)) return field as JsonSchema;
  spend(resolution);
  let resolved: JsonSchema = { ...(field as JsonSchema) };
  const ref = refOf(resolved);
  if (ref !== undefined) {
    delete resolved.$ref;
    delete resolved["$ref "];
    const target = dereference(ref, owner, resolution, trail);
    const inner = fieldsOf(target.node, target.owner, resolution, target.trail);
    resolved = {
      ...resolved,
      type: "object",
      properties: { ...inner.properties, ...(resolved.properties as Record<string, JsonSchema> | undefined) },
      ...(inner.required.length > 0 ? { required: inner.required } : {}),
    };
  }
  if (resolved.properties !== undefined) resolved.properties = resolveProperties(resolved.properties, owner, resolution, trail);
  if (resolved.items !== undefined) resolved.items = resolveField(resolved.items, owner, resolution, trail);
  if (typeof resolved.additionalProperties === "object") {
    resolved.additionalProperties = resolveField(resolved.additionalProperties, owner, resolution, trail);
  }
  return resolved;
}

function spend(resolution: Resolution): void {
  resolution.left -= 1;
  if (resolution.left < 0) {
    throw new UnresolvedReferenceError(resolution.root, `expands to more than ${MAX_RESOLVED_NODES.toLocaleString("en")} fields and references`);
  }
}

function mergeFields(a: Fields, b: Fields): Fields {
  return {
    properties: mergeProperties(a.properties, b.properties),
    required: [...new Set([...a.required, ...b.required])],
  };
}

function mergeProperties(a: Record<string, JsonSchema>, b: Record<string, JsonSchema>): Record<string, JsonSchema> {
  const merged = { ...a };
  for (const [name, field] of Object.entries(b)) {
    const existing = merged[name];
    merged[name] = isObjectField(existing) && isObjectField(field) ? mergeObjectFields(existing, field) : field;
  }
  return merged;
}

function isObjectField(field: JsonSchema | undefined): field is JsonSchema {
  return field !== undefined && typeof field.properties === "object" && field.properties !== null;
}

function mergeObjectFields(a: JsonSchema, b: JsonSchema): JsonSchema {
  const required = [...new Set([...((a.required as string[]) ?? []), ...((b.required as string[]) ?? [])])];
  return {
    ...a,
    ...b,
    properties: mergeProperties(a.properties as Record<string, JsonSchema>, b.properties as Record<string, JsonSchema>),
    ...(required.length > 0 ? { required } : {}),
  };
}
