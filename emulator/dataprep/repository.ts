import type { Tenant } from "../platform/context.js";
import type { EntityRepository } from "../store/entities.js";
import { sharedDocument } from "../store/shared-documents.js";
import type { StoredMappingSet } from "./mapping-set.js";

/**
 * Mapping sets, kept in the shared entities table: one document per mapping set holding every
 * version, oldest first (`{id, versions: [v0, v1, ...]}`). A PUT rewrites that one row, so a new
 * version is written whole or not at all, and versions never change once written.
 */
const KIND = "dataprep/mappingSets";

interface MappingSetDocument {
  id: string;
  versions: StoredMappingSet[];
  [field: string]: unknown;
}

export class MappingSetRepository {
  constructor(private readonly entities: EntityRepository) {}

  /** The latest version. */
  current(tenant: Tenant, id: string): StoredMappingSet | undefined {
    return this.document(tenant, id)?.versions.at(-1);
  }

  version(tenant: Tenant, id: string, version: number): StoredMappingSet | undefined {
    return this.document(tenant, id)?.versions.find((each) => each.version === version);
  }

  /** Every version, oldest first (none for an unknown id). */
  versions(tenant: Tenant, id: string): StoredMappingSet[] {
    return this.document(tenant, id)?.versions ?? [];
  }

  /** Every version, oldest first, shared and frozen: for checks that only read them. */
  sharedVersions(tenant: Tenant, id: string): ReadonlyArray<StoredMappingSet> {
    return (sharedDocument(this.entities, tenant, KIND, id) as MappingSetDocument | undefined)?.versions ?? [];
  }

  /** The latest version of every mapping set of the tenant. */
  all(tenant: Tenant): StoredMappingSet[] {
    return this.entities.all(tenant, KIND).flatMap((doc) => (doc as MappingSetDocument).versions.slice(-1));
  }

  /** Stores a new mapping set, or replaces the one with the same id (fixtures are applied this way). */
  create(tenant: Tenant, first: StoredMappingSet): void {
    const doc: MappingSetDocument = { id: first.id, versions: [first] };
    if (!this.entities.update(tenant, KIND, first.id, doc)) this.entities.insert(tenant, KIND, first.id, doc);
  }

  /** Appends the next version; false when the mapping set does not exist. */
  append(tenant: Tenant, next: StoredMappingSet): boolean {
    const doc = this.document(tenant, next.id);
    if (doc === undefined) return false;
    return this.entities.update(tenant, KIND, next.id, { ...doc, versions: [...doc.versions, next] });
  }

  private document(tenant: Tenant, id: string): MappingSetDocument | undefined {
    return this.entities.get(tenant, KIND, id) as MappingSetDocument | undefined;
  }
}

/** One version of a tenant's mapping set, as stored (the inlet reads mapping sets through this). */
export function mappingSetVersion(entities: EntityRepository, tenant: Tenant, id: string, version: number): StoredMappingSet | undefined {
  return new MappingSetRepository(entities).version(tenant, id, version);
}
