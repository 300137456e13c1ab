import type { Deps, Tenant } from "../platform/context.js";
import { ensureTenantSeeded } from "../fixtures/registry.js";
import { fixtureStoreOf } from "../fixtures/store.js";
import { tenantIdOf } from "../schemaregistry/tenant.js";
import { type Document, EntityRepository } from "../store/entities.js";

/**
 * GET /_emulator/export: a tenant's state as a fixture set that POST /_emulator/seed (or FIXTURES)
 * loads back unchanged: every stored document, in dependency order and insertion order, with its
 * ids, etags, timestamps and versions. Mapping sets are their current version plus
 * `previousVersions`. What the export leaves out: dataset records (the inlet's writes) and the
 * journal, fault rules and registered fixture sets (configuration, not state).
 */

/** Fixture-set keys and the entity kinds they hold, in the order a seed writes them. */
const EXPORTED: ReadonlyArray<readonly [string, string]> = [
  ["fieldGroups", "xdm/mixins"],
  ["schemas", "xdm/schemas"],
  ["dataSets", "catalog/dataSets"],
  ["mappingSets", "dataprep/mappingSets"],
  ["connections", "connections"],
  ["sourceConnections", "sourceConnections"],
  ["targetConnections", "targetConnections"],
  ["flows", "flows"],
  ["runs", "runs"],
];

/** One tenant's state. Its fixture copies are brought up to date first, as its next request would. */
export function exportTenant(deps: Deps, tenant: Tenant): Document {
  ensureTenantSeeded(deps, tenant);
  const entities = new EntityRepository(deps.store.db);
  const set: Document = { name: exportNameOf(tenant), org: tenant.imsOrgId, sandbox: tenant.sandboxName };
  const sections: Document = {};
  for (const [key, kind] of EXPORTED) {
    const docs = entities.all(tenant, kind);
    if (docs.length > 0) sections[key] = kind === "dataprep/mappingSets" ? docs.map(exportedMappingSet) : docs;
  }
  const xdm = [...((sections.fieldGroups as Document[] | undefined) ?? []), ...((sections.schemas as Document[] | undefined) ?? [])];
  if (xdm.length > 0) set.tenantId = tenantIdOfResources(xdm) ?? tenantIdOf(deps, tenant.imsOrgId);
  return { ...set, ...sections };
}

/** Every tenant that holds state, in the order each first wrote something. */
export function exportAll(deps: Deps): Document[] {
  for (const tenant of scopedFixtureTenants(deps)) ensureTenantSeeded(deps, tenant);
  const rows = deps.store.db
    .prepare("SELECT org, sandbox FROM entities GROUP BY org, sandbox ORDER BY MIN(seq)")
    .all() as { org: string; sandbox: string }[];
  return rows.map((row) => exportTenant(deps, { imsOrgId: row.org, sandboxName: row.sandbox }));
}

/** A stable name per tenant, so a newer export of the same tenant replaces the older one. */
export function exportNameOf(tenant: Tenant): string {
  const safe = `${tenant.imsOrgId}.${tenant.sandboxName}`.replace(/[^A-Za-z0-9._-]/g, "_");
  return `export-${safe}`.slice(0, 100);
}

function scopedFixtureTenants(deps: Deps): Tenant[] {
  return fixtureStoreOf(deps.store.db)
    .all()
    .filter((row) => row.org !== null)
    .map((row) => ({ imsOrgId: row.org as string, sandboxName: row.sandbox ?? "prod" }));
}

/** The current version as GET answers it, with the older versions under previousVersions. */
function exportedMappingSet(doc: Document): Document {
  const versions = (doc.versions as Document[] | undefined) ?? [];
  const current = versions.at(-1) ?? {};
  return versions.length > 1 ? { ...current, previousVersions: versions.slice(0, -1) } : current;
}

/** The tenant id the resources' `meta:tenantNamespace` names, when they all name one. */
function tenantIdOfResources(resources: Document[]): string | undefined {
  const namespaces = new Set(resources.map((doc) => String(doc["meta:tenantNamespace"] ?? "").replace(/^_/, "")));
  if (namespaces.size !== 1) return undefined;
  const [only] = namespaces;
  return only === "" ? undefined : only;
}
