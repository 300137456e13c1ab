import type { Tenant } from "../platform/context.js";
import { equalsFilter } from "../platform/query.js";
import type { Document, EntityRepository } from "../store/entities.js";

/**
 * Catalog datasets, kept in the shared entities table. The stored document carries its `id`;
 * responses key each dataset by it instead (routes.ts drops the field).
 */
const KIND = "catalog/dataSets";

export class DataSetRepository {
  constructor(private readonly entities: EntityRepository) {}

  get(tenant: Tenant, id: string): Document | undefined {
    return this.entities.get(tenant, KIND, id);
  }

  all(tenant: Tenant): Document[] {
    return this.entities.all(tenant, KIND);
  }

  /** Inserts, or replaces the dataset with the same id (fixtures are applied this way). */
  put(tenant: Tenant, doc: Document): void {
    const id = String(doc.id);
    if (!this.entities.update(tenant, KIND, id, doc)) this.entities.insert(tenant, KIND, id, doc);
  }

  delete(tenant: Tenant, id: string): boolean {
    return this.entities.delete(tenant, KIND, id);
  }

  usingSchema(tenant: Tenant, schemaId: string): Document[] {
    return this.entities.all(tenant, KIND, [equalsFilter("schemaRef.id", schemaId)]);
  }
}
