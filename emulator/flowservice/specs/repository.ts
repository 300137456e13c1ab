import { openStore, type Store } from "../../store/db.js";
import { EntityRepository, type Document } from "../../store/entities.js";
import type { Tenant } from "../../platform/context.js";
import type { Filter } from "../../platform/query.js";
import { connectionSpecs, flowSpecs } from "./catalogue.js";

/**
 * The read-only catalogue of connection and flow specs. It lives in a private in-memory SQLite
 * database so that `property=` filters run through exactly the same SQL as the tenant entities.
 */
export interface SpecCatalogue {
  connectionSpec(id: string): Document | undefined;
  flowSpec(id: string): Document | undefined;
  listConnectionSpecs(filters: Filter[]): Document[];
  listFlowSpecs(filters: Filter[]): Document[];
}

const CATALOGUE: Tenant = { imsOrgId: "@catalogue", sandboxName: "@catalogue" };

export function openSpecCatalogue(): SpecCatalogue & { store: Store } {
  const store = openStore(":memory:");
  const entities = new EntityRepository(store.db);
  store.transaction(() => {
    for (const spec of connectionSpecs) entities.insert(CATALOGUE, "connectionSpecs", String(spec.id), spec);
    for (const spec of flowSpecs) entities.insert(CATALOGUE, "flowSpecs", String(spec.id), spec);
  });
  return {
    store,
    connectionSpec: (id) => entities.get(CATALOGUE, "connectionSpecs", id),
    flowSpec: (id) => entities.get(CATALOGUE, "flowSpecs", id),
    listConnectionSpecs: (filters) => entities.all(CATALOGUE, "connectionSpecs", filters),
    listFlowSpecs: (filters) => entities.all(CATALOGUE, "flowSpecs", filters),
  };
}
