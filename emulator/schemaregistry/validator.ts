import { createHash } from "node:crypto";
import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import formatsModule from "ajv-formats";
import type { Tenant } from "../platform/context.js";
import { fallsBackToLinearTime, RegexTimeLimit, runUserRegex } from "../platform/user-regex.js";
import { onePerDatabase, type Store } from "../store/db.js";
import { EntityRepository } from "../store/entities.js";
import { validate as draft07 } from "./json-schema-meta.generated.js";
import { XdmRepository } from "./repository.js";
import { type JsonSchema, resolveResource } from "./resolve.js";

/**
 * Validating records against a tenant's schema, as streaming ingestion does. A schema is resolved
 * into one JSON Schema, closed (XDM objects permit no extra keys), and compiled by ajv once per
 * schema `$id`, version and content; the compiled function is cached. Violations read like Adobe's
 * streaming validation report (schemaLocation, pointerToViolation, keyword, message).
 */

export interface Violation {
  schemaLocation: string;
  pointerToViolation: string;
  keyword: string;
  message: string;
  causingExceptions: Violation[];
}

export interface RecordValidation {
  valid: boolean;
  /** Every violation found; Adobe's report stops after five, which is the caller's to apply. */
  errors: Violation[];
}

/** The schema is not in the tenant (the caller decides which error that is). */
export class XdmSchemaNotFound extends Error {
  constructor(readonly schemaId: string) {
    super(`Schema ${schemaId} is not found.`);
  }
}

export function validateRecord(store: Store, tenant: Tenant, schemaId: string, record: unknown): RecordValidation {
  const repository = repositoryOf(store);
  const schema = repository.find(tenant, "schemas", schemaId);
  if (schema === undefined) throw new XdmSchemaNotFound(schemaId);
  return validated(compiled(resolveResource(schema, repository.lookup(tenant))), record);
}

function validated(validate: ValidateFunction, record: unknown): RecordValidation {
  try {
    if (validate(record)) return { valid: true, errors: [] };
  } catch (error) {
    if (!(error instanceof RegexTimeLimit)) throw error;
    return { valid: false, errors: [{ schemaLocation: "#", pointerToViolation: "#", keyword: "pattern", message: error.message, causingExceptions: [] }] };
  }
  return { valid: false, errors: (validate.errors ?? []).map(toViolation) };
}

/**
 * A validator for one tenant schema, cached while the schema's registry eTag stays the same (Adobe
 * caches schemas for streaming validation too). Undefined when the tenant has no such schema.
 */
export function schemaValidator(store: Store, tenant: Tenant, schemaId: string): ((record: unknown) => RecordValidation) | undefined {
  const repository = repositoryOf(store);
  const schema = repository.find(tenant, "schemas", schemaId);
  if (schema === undefined) return undefined;
  const metadata = (schema["meta:registryMetadata"] ?? {}) as Record<string, unknown>;
  const key = `${tenant.imsOrgId}|${tenant.sandboxName}|${schemaId}|${String(metadata.eTag)}|${String(metadata["repo:lastModifiedDate"])}`;
  let validate = bySchemaVersion.get(key);
  if (validate === undefined) {
    validate = compiled(resolveResource(schema, repository.lookup(tenant)));
    if (bySchemaVersion.size >= CACHE_LIMIT) bySchemaVersion.clear();
    bySchemaVersion.set(key, validate);
  }
  const check = validate;
  return (record) => validated(check, record);
}

const bySchemaVersion = new Map<string, ValidateFunction>();

/** `validateRecord` bound to a store: `recordValidator(deps.store)(tenant, schemaId, record)`. */
export function recordValidator(store: Store): (tenant: Tenant, schemaId: string, record: unknown) => RecordValidation {
  return (tenant, schemaId, record) => validateRecord(store, tenant, schemaId, record);
}

/** Compiles an XDM resource's resolved schema; throws when it is not valid JSON Schema. */
export function compileResolved(resolved: JsonSchema): ValidateFunction {
  return compiled(resolved);
}

// --- compile once ---------------------------------------------------------------------------------

type AddFormats = (ajv: Ajv) => Ajv;
// ajv-formats is CommonJS: depending on the loader its default import is the plugin or its module.
const formatsExport = formatsModule as unknown as AddFormats | { default: AddFormats };
const addFormats: AddFormats = typeof formatsExport === "function" ? formatsExport : formatsExport.default;

/**
 * `pattern` keywords compile without the `u` flag unless they use syntax only Unicode mode has
 * (\p{...}, \u{...}): V8's linear-time fallback for runaway backtracking (main.ts) does not run
 * Unicode-mode expressions, and one schema's `(a+)+$` held the emulator on a single event. Without
 * `u`, `.` and classes see UTF-16 units: astral characters count twice.
 */
const UNICODE_ONLY_SYNTAX = /\\[pP]\{|\\u\{/;
const patternRegExp = Object.assign(
  (pattern: string, flags: string) => {
    const regex = new RegExp(pattern, UNICODE_ONLY_SYNTAX.test(pattern) ? flags : flags.replace("u", ""));
    if (fallsBackToLinearTime(regex)) return regex;
    // The rest run under the user-regex time limit; running out of it fails the record (validated()).
    // ajv keys compiled patterns by toString(), as a RegExp gives it.
    return { test: (text: string) => runUserRegex(regex, () => regex.test(text), pattern), toString: () => String(regex) };
  },
  { code: "new RegExp" },
);
// validateSchema: false, as requireJsonSchema makes ajv's own check with draft-07 precompiled.
const ajv = addFormats(new Ajv({ allErrors: true, strict: false, verbose: true, validateSchema: false, code: { regExp: patternRegExp } }));
const cache = new Map<string, ValidateFunction>();
const CACHE_LIMIT = 500;

function compiled(resolved: JsonSchema): ValidateFunction {
  const closedSchema = closed(withoutIdentity(resolved));
  const content = JSON.stringify(closedSchema);
  const key = `${String(resolved.$id)}|${String(resolved.version)}|${createHash("sha256").update(content).digest("hex")}`;
  let validate = cache.get(key);
  if (validate === undefined) {
    requireJsonSchema(closedSchema);
    validate = ajv.compile(closedSchema);
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(key, validate);
  }
  return validate;
}

/**
 * What ajv's own check of a schema against its meta-schema throws, made with that check compiled
 * ahead of time (scripts/json-schema-meta.mjs): ajv compiled the meta-schema before the first
 * schema, 30-40 ms of every start that loads a fixture set. Schemas reach ajv without `$schema`
 * (withoutIdentity), so draft-07, ajv's default, is the one meta-schema it checked them against.
 */
const validateDraft07 = draft07 as unknown as ValidateFunction;

function requireJsonSchema(schema: JsonSchema): void {
  if (validateDraft07(schema)) return;
  throw new Error(`schema is invalid: ${ajv.errorsText(validateDraft07.errors)}`);
}

/** ajv registers schemas by `$id`, and XDM's draft-06 `$schema` is not one it loads: drop both. */
function withoutIdentity(schema: JsonSchema): JsonSchema {
  const { $id: _id, $schema: _schema, ...rest } = schema;
  return rest;
}

/** Objects with declared properties accept no other keys; maps keep their additionalProperties. */
function closed(schema: unknown): JsonSchema {
  if (schema === null || typeof schema !== "object" || Array.isArray(schema)) return schema as JsonSchema;
  const node = { ...(schema as JsonSchema) };
  if (node.properties !== null && typeof node.properties === "object") {
    node.properties = Object.fromEntries(Object.entries(node.properties as JsonSchema).map(([name, field]) => [name, closed(field)]));
    if (node.additionalProperties === undefined) node.additionalProperties = false;
  }
  if (node.items !== undefined) node.items = closed(node.items);
  if (typeof node.additionalProperties === "object") node.additionalProperties = closed(node.additionalProperties);
  return node;
}

// --- violations -----------------------------------------------------------------------------------

function toViolation(error: ErrorObject): Violation {
  const location = error.schemaPath.split("/").slice(0, -1).join("/") || "#";
  return {
    schemaLocation: location,
    pointerToViolation: `#${error.instancePath}`,
    keyword: error.keyword,
    message: messageOf(error),
    causingExceptions: [],
  };
}

/** Adobe's wording (everit json-schema) where it is known; ajv's otherwise. */
function messageOf(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case "type":
      return `expected type: ${javaTypeOf(String(params.type))}, found: ${javaTypeOfValue(error.data)}`;
    case "required":
      return `required key [${String(params.missingProperty)}] not found`;
    case "additionalProperties":
      return `extraneous key [${String(params.additionalProperty)}] is not permitted`;
    case "enum":
      return `${JSON.stringify(error.data)} is not a valid enum value`;
    case "format":
      return `[${String(error.data)}] is not a valid ${String(params.format)}`;
    case "pattern":
      return `string [${String(error.data)}] does not match pattern ${String(params.pattern)}`;
    case "minimum":
      return `${String(error.data)} is not greater or equal to ${String(params.limit)}`;
    case "maximum":
      return `${String(error.data)} is not less or equal to ${String(params.limit)}`;
    case "minLength":
      return `expected minLength: ${String(params.limit)}, actual: ${String(error.data).length}`;
    case "maxLength":
      return `expected maxLength: ${String(params.limit)}, actual: ${String(error.data).length}`;
    default:
      return error.message ?? error.keyword;
  }
}

const JAVA_TYPES: Record<string, string> = {
  string: "String",
  integer: "Integer",
  number: "Number",
  boolean: "Boolean",
  object: "JSONObject",
  array: "JSONArray",
  null: "Null",
};

function javaTypeOf(types: string): string {
  return types.split(",").map((type) => JAVA_TYPES[type] ?? type).join(" or ");
}

function javaTypeOfValue(value: unknown): string {
  if (value === null) return "Null";
  if (Array.isArray(value)) return "JSONArray";
  if (typeof value === "number") {
    if (!Number.isInteger(value)) return "BigDecimal";
    return Math.abs(value) <= 2147483647 ? "Integer" : "Long";
  }
  return JAVA_TYPES[typeof value] ?? typeof value;
}

const repositoryOf = onePerDatabase((store: Store) => new XdmRepository(new EntityRepository(store.db)));
