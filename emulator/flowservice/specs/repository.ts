import { openStore, type Store } from "../../store/db.js";
import { EntityRepository, type Document } from "../../store/entities.js";
import { deepFreeze } from "../../store/shared-documents.js";
import type { Tenant } from "../../platform/context.js";
import type { Filter } from "../../platform/query.js";
import { connectionSpecs, flowSpecs } from "./catalogue.js";

/**
 * The read-only catalogue of connection and flow specs. It lives in a private in-memory SQLite
 * database so that `property=` filters run through exactly the same SQL as the tenant entities.
 * Nothing writes to it after it opens (no tenant, fixture or reset reaches it), so one spec is
 * served from a map of parsed, frozen documents: every flow and connection write reads one.
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
  const connectionSpecById = parsedById(entities.all(CATALOGUE, "connectionSpecs"));
  const flowSpecById = parsedById(entities.all(CATALOGUE, "flowSpecs"));
  return {
    store,
    connectionSpec: (id) => connectionSpecById.get(id),
    flowSpec: (id) => flowSpecById.get(id),
    listConnectionSpecs: (filters) => entities.all(CATALOGUE, "connectionSpecs", filters),
    listFlowSpecs: (filters) => entities.all(CATALOGUE, "flowSpecs", filters),
  };
}

function parsedById(specs: Document[]): ReadonlyMap<string, Document> {
  return new Map(specs.map((spec) => [String(spec.id), deepFreeze(spec)]));
}
