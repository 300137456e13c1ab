import type { Deps, Tenant } from "../platform/context.js";
import { ensureTenantSeeded } from "../fixtures/registry.js";
import { fixtureStoreOf } from "../fixtures/store.js";
import { recordRepositoryOf, type StoredRecord } from "../inlet/records.js";
import { tenantIdOf } from "../schemaregistry/tenant.js";
import { type Document, EntityRepository } from "../store/entities.js";

/**
 * GET /_emulator/export: a tenant's state as a fixture set that POST /_emulator/seed (or FIXTURES)
 * loads back unchanged: every stored document, in dependency order and insertion order, with its
 * ids, etags, timestamps and versions, then the records the inlet wrote to its datasets, in the
 * order it wrote them. Mapping sets are their current version plus `previousVersions`. What the
 * export leaves out: the records of a dataset since deleted (the records endpoint answers 404 for
 * it, and a seed refuses a record whose dataset the set lacks), and the journal, fault rules and
 * registered fixture sets (configuration, not state).
 *
 * Records are most of a big export: each is kept as its JSON text only, read in one synchronous
 * walk (a consistent snapshot, as the documents are), never as a tree of objects; JSON answers
 * stream that text out without joining it into one string.
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

/** One tenant's fixture set: its documents, and its records (the set's last key) as JSON texts. */
export interface TenantExport {
  set: Document;
  records: string[];
}

/** One tenant's state. Its fixture copies are brought up to date first, as its next request would. */
export function exportTenant(deps: Deps, tenant: Tenant): TenantExport {
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
  const dataSetIds = new Set(((sections.dataSets as Document[] | undefined) ?? []).map((doc) => String(doc.id)));
  return { set: { ...set, ...sections }, records: recordTexts(deps, tenant, dataSetIds) };
}

/** Every tenant that holds state, in the order each first wrote something. */
export function exportAll(deps: Deps): TenantExport[] {
  for (const tenant of scopedFixtureTenants(deps)) ensureTenantSeeded(deps, tenant);
  const rows = deps.store.db
    .prepare("SELECT org, sandbox FROM entities GROUP BY org, sandbox ORDER BY MIN(seq)")
    .all() as { org: string; sandbox: string }[];
  return rows.map((row) => exportTenant(deps, { imsOrgId: row.org, sandboxName: row.sandbox }));
}

/** The fixture set as one document, records included (YAML is written from it). */
export function exportedDocument(exported: TenantExport): Document {
  if (exported.records.length === 0) return exported.set;
  return { ...exported.set, records: exported.records.map((text) => JSON.parse(text) as unknown) };
}

/**
 * The JSON text of one set (or of a list of them), in pieces: exactly JSON.stringify of
 * exportedDocument (of each), without ever holding it as one string.
 */
export function* exportedJson(exported: TenantExport | TenantExport[]): Generator<string> {
  if (!Array.isArray(exported)) {
    yield* setJson(exported);
    return;
  }
  yield "[";
  for (const [index, one] of exported.entries()) {
    if (index > 0) yield ",";
    yield* setJson(one);
  }
  yield "]";
}

function* setJson({ set, records }: TenantExport): Generator<string> {
  const head = JSON.stringify(set);
  if (records.length === 0) {
    yield head;
    return;
  }
  // `set` always has name, org and sandbox: its text ends with "}" after a field.
  yield `${head.slice(0, -1)},"records":[`;
  for (const [index, text] of records.entries()) yield index === 0 ? text : `,${text}`;
  yield "]}";
}

/** Pieces of text as a byte stream, in chunks of about 64 KiB. */
export function textStream(pieces: Iterator<string>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    pull(controller) {
      let chunk = "";
      while (chunk.length < 65_536) {
        const next = pieces.next();
        if (next.done) {
          if (chunk !== "") controller.enqueue(encoder.encode(chunk));
          controller.close();
          return;
        }
        chunk += next.value;
      }
      controller.enqueue(encoder.encode(chunk));
    },
  });
}

/** The records of the tenant's datasets, oldest first, each as the JSON of its fixture-set item. */
function recordTexts(deps: Deps, tenant: Tenant, dataSetIds: ReadonlySet<string>): string[] {
  const texts: string[] = [];
  for (const record of recordRepositoryOf(deps.store.db).all(tenant)) {
    if (dataSetIds.has(record.datasetId)) texts.push(JSON.stringify(fixtureRecord(record)));
  }
  return texts;
}

/** A record as the records endpoint answers it, but for its id (a seed gives it a new one). */
function fixtureRecord({ id: _id, ...record }: StoredRecord): Omit<StoredRecord, "id"> {
  return record;
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
