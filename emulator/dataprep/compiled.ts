import { createHash } from "node:crypto";
import type { Tenant } from "../platform/context.js";
import { XdmRepository } from "../schemaregistry/repository.js";
import type { EntityRepository } from "../store/entities.js";
import { type CompiledMappingSet, compileMappingSet } from "./mapping/index.js";
import { type StoredMappingSet, storedRuleOf } from "./mapping-set.js";
import { findOutputSchema, type OutputSchema } from "./output-schema.js";
import { mappingSetVersion } from "./repository.js";
import { fieldTypesOf } from "./validate.js";

/**
 * Mapping set versions compiled by the engine, once each. A version never changes, but a reset or
 * a fixture set may write a different mapping set under the same id and version, so the cache key
 * carries a hash of the stored version too. Field types come from the output schema as it is when
 * the version is first compiled (XDM schemas only ever gain fields).
 */
const cache = new Map<string, CompiledMappingSet>();
const CACHE_LIMIT = 500;

export function compiledMappingSet(entities: EntityRepository, tenant: Tenant, id: string, version: number): CompiledMappingSet | undefined {
  const set = mappingSetVersion(entities, tenant, id, version);
  if (set === undefined) return undefined;
  const key = cacheKey(tenant, set);
  const cached = cache.get(key);
  if (cached !== undefined) return cached;
  const schema = findOutputSchema(new XdmRepository(entities), tenant, set.xdmSchema);
  const compiled = compileStored(set, schema);
  // Without its schema a version maps without coercion; it is compiled again once the schema is back.
  if (schema === undefined) return compiled;
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(key, compiled);
  return compiled;
}

export function compileStored(set: StoredMappingSet, schema: OutputSchema | undefined): CompiledMappingSet {
  return compileMappingSet(set.mappings.map(storedRuleOf), { fieldType: fieldTypesOf(schema) });
}

function cacheKey(tenant: Tenant, set: StoredMappingSet): string {
  const content = createHash("sha256").update(JSON.stringify(set)).digest("hex");
  return JSON.stringify([tenant.imsOrgId, tenant.sandboxName, set.id, set.version, content]);
}
