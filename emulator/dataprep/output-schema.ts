import type { Deps, Tenant } from "../platform/context.js";
import { DATAPREP, dataprepError } from "../platform/errors.js";
import type { XdmRepository } from "../schemaregistry/repository.js";
import { type JsonSchema, resolveResource, UnresolvedReferenceError } from "../schemaregistry/resolve.js";
import { tenantIdOf } from "../schemaregistry/tenant.js";
import type { XdmFieldType } from "./mapping/index.js";
import { parsePath } from "./mapping/paths.js";

/**
 * The XDM schema a mapping set writes: a schema of the tenant, resolved to one JSON Schema. Its
 * fields say which destinations exist and which XDM type each has, which is what the engine
 * coerces values to.
 */
export interface OutputSchema {
  /** The schema's canonical `$id`. */
  id: string;
  resolved: JsonSchema;
}

/** The tenant's schema by `$id` or `meta:altId`, resolved; undefined when it is missing or broken. */
export function findOutputSchema(schemas: XdmRepository, tenant: Tenant, ref: string): OutputSchema | undefined {
  const schema = schemas.find(tenant, "schemas", ref);
  if (schema === undefined) return undefined;
  try {
    return { id: String(schema.$id), resolved: resolveResource(schema, schemas.lookup(tenant)) };
  } catch (error) {
    if (error instanceof UnresolvedReferenceError) return undefined;
    throw error;
  }
}

/** As findOutputSchema, or a 400 saying why the schema cannot be used. */
export function requireOutputSchema(deps: Deps, schemas: XdmRepository, tenant: Tenant, ref: string): OutputSchema {
  const found = findOutputSchema(schemas, tenant, ref);
  if (found !== undefined) return found;
  throw dataprepError(DATAPREP.outputSchemaNotFound, `The output schema ${ref} is not found in the sandbox ${tenant.sandboxName}.${placeholderHint(deps, tenant, ref)}`);
}

/** Adobe's docs write `{TENANT_ID}` in schema ids; it is not special, so say what to put there. */
function placeholderHint(deps: Deps, tenant: Tenant, ref: string): string {
  if (!ref.includes("{TENANT_ID}")) return "";
  return ` {TENANT_ID} is a placeholder in Adobe's examples: replace it with your tenant id (${tenantIdOf(deps, tenant.imsOrgId)} in this org).`;
}

/**
 * The field a destination path names, walking `properties`, map values (`additionalProperties`)
 * and array `items` (for `[n]` and `[*]`); undefined when the schema has no such field.
 */
export function fieldAt(schema: JsonSchema, destination: string): JsonSchema | undefined {
  let steps;
  try {
    steps = parsePath(destination).steps;
  } catch {
    return undefined;
  }
  let node: JsonSchema | undefined = schema;
  for (const step of steps) {
    if (node === undefined) return undefined;
    node = step.kind === "key" ? childOf(node, step.key) : itemsOf(node);
  }
  return node;
}

function childOf(node: JsonSchema, key: string): JsonSchema | undefined {
  const properties = node.properties;
  if (isSchema(properties) && Object.hasOwn(properties, key) && isSchema(properties[key])) return properties[key] as JsonSchema;
  if (isSchema(node.additionalProperties)) return node.additionalProperties;
  return node.additionalProperties === true ? {} : undefined;
}

function itemsOf(node: JsonSchema): JsonSchema | undefined {
  return typeOf(node) === "array" && isSchema(node.items) ? node.items : undefined;
}

/** The XDM type the engine coerces a field's values to. */
export function fieldTypeOf(field: JsonSchema | undefined): XdmFieldType | undefined {
  if (field === undefined) return undefined;
  const type = typeOf(field);
  if (type === "string") {
    if (field.format === "date-time" || field["meta:xdmType"] === "date-time") return "date-time";
    if (field.format === "date" || field["meta:xdmType"] === "date") return "date";
    return "string";
  }
  if (type === "number" || type === "integer" || type === "boolean" || type === "object" || type === "array") return type;
  return undefined;
}

/** `type`, or the first non-null entry of a type list. */
function typeOf(node: JsonSchema): string | undefined {
  const type = node.type;
  if (typeof type === "string") return type;
  if (Array.isArray(type)) return type.find((entry): entry is string => typeof entry === "string" && entry !== "null");
  return undefined;
}

function isSchema(value: unknown): value is JsonSchema {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}
