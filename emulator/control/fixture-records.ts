import type { FixtureSet } from "../fixtures/format.js";
import { type NewRecord, recordRepositoryOf } from "../inlet/records.js";
import type { Deps, Tenant } from "../platform/context.js";
import { placeholderError } from "../platform/errors.js";
import type { EntityRepository } from "../store/entities.js";

/**
 * Dataset records in fixture sets (fixtures/apply.ts calls this), written after every other
 * section: each names a dataset the tenant has once the set is applied, and a flow, which may have
 * been deleted since it wrote the record (its records stay in the dataset). Records have no
 * ids of their own, so applying a set twice (a new revision of it, an export seeded over the state
 * it came from) must not write them twice: the set's records replace the tenant's records of the
 * datasets they name.
 */
type FixtureRecord = NonNullable<FixtureSet["records"]>[number];

export function seedRecords(deps: Deps, entities: EntityRepository, tenant: Tenant, items: FixtureRecord[]): void {
  if (items.length === 0) return;
  const known = new Map<string, boolean>();
  const exists = (kind: string, id: string) => {
    const key = `${kind}\u0000${id}`;
    let found = known.get(key);
    if (found === undefined) {
      found = entities.get(tenant, kind, id) !== undefined;
      known.set(key, found);
    }
    return found;
  };
  const records = items.map((item, index): NewRecord => {
    if (!exists("catalog/dataSets", item.datasetId)) throw missing(index, "dataset", item.datasetId);
    return { ...item, record: item.record, errors: item.errors ?? [] };
  });
  recordRepositoryOf(deps.store.db).replace(tenant, new Set(records.map((record) => record.datasetId)), records);
}

function missing(index: number, noun: string, id: string) {
  return placeholderError(400, "BadRequestError", `records.${index} names the ${noun} ${id}, which neither the set nor the tenant has.`);
}
