import type { Deps } from "../platform/context.js";
import { fixtureStoreOf } from "../fixtures/store.js";

/**
 * The Schema Registry tenant id of an org (the `{TENANT_ID}` in `https://ns.adobe.com/{TENANT_ID}/...`
 * and the `_{TENANT_ID}` field namespace), first match wins:
 *  1. the `tenantId` of a fixture set that names this org;
 *  2. the DEFAULT_TENANT_ID setting;
 *  3. the `tenantId` of the first global fixture set (so with FIXTURES=customerio every org is
 *     `extconndev`, matching the tutorial's schema and `_extconndev.*` mapping paths);
 *  4. derived from the org id: lower-cased, the `@AdobeOrg` suffix dropped, only a-z and 0-9 kept
 *     (`0123456789ABCDEF01234567@AdobeOrg` -> `0123456789abcdef01234567`), `tenant` if nothing is left.
 */
export function tenantIdOf(deps: Pick<Deps, "store" | "defaultTenantId">, imsOrgId: string): string {
  const fromFixtures = fixtureStoreOf(deps.store.db).tenantIdFor(imsOrgId);
  return fromFixtures.own ?? deps.defaultTenantId ?? fromFixtures.global ?? derivedTenantId(imsOrgId);
}

export function derivedTenantId(imsOrgId: string): string {
  const id = imsOrgId.toLowerCase().replace(/@adobeorg$/, "").replace(/[^a-z0-9]/g, "").slice(0, 64);
  return id === "" ? "tenant" : id;
}
