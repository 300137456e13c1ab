import type { Tenant } from "../platform/context.js";
import { equalsFilter } from "../platform/query.js";
import type { Document, EntityRepository } from "../store/entities.js";
import { findGlobal, type GlobalKind, listGlobal } from "./classes.js";

/**
 * Tenant resources of the Schema Registry, kept in the shared entities table (one JSON document
 * per resource, keyed by `$id`). `mixins` is Adobe's resource type for field groups.
 */
export type TenantKind = "schemas" | "mixins";
export type ResourceKind = TenantKind | GlobalKind;
export type Container = "tenant" | "global";

const STORED_KIND: Record<TenantKind, string> = { schemas: "xdm/schemas", mixins: "xdm/mixins" };

export class XdmRepository {
  constructor(private readonly entities: EntityRepository) {}

  /** A resource of this tenant by `$id` or `meta:altId`. */
  find(tenant: Tenant, kind: TenantKind, ref: string): Document | undefined {
    return (
      this.entities.get(tenant, STORED_KIND[kind], ref) ??
      this.entities.all(tenant, STORED_KIND[kind], [equalsFilter("meta:altId", ref)])[0]
    );
  }

  all(tenant: Tenant, kind: TenantKind): Document[] {
    return this.entities.all(tenant, STORED_KIND[kind]);
  }

  /** Inserts, or replaces the resource with the same `$id` (fixtures are applied this way). */
  put(tenant: Tenant, kind: TenantKind, doc: Document): void {
    const id = String(doc.$id);
    if (!this.entities.update(tenant, STORED_KIND[kind], id, doc)) this.entities.insert(tenant, STORED_KIND[kind], id, doc);
  }

  delete(tenant: Tenant, kind: TenantKind, id: string): boolean {
    return this.entities.delete(tenant, STORED_KIND[kind], id);
  }

  /** Titles are unique across a tenant's resources of every type. */
  withTitle(tenant: Tenant, title: string): Document | undefined {
    const filter = [equalsFilter("title", title)];
    return this.entities.all(tenant, STORED_KIND.schemas, filter)[0] ?? this.entities.all(tenant, STORED_KIND.mixins, filter)[0];
  }

  /** Schemas whose allOf names `id`. */
  schemasUsing(tenant: Tenant, id: string): Document[] {
    return this.entities.all(tenant, STORED_KIND.schemas, [equalsFilter("refs[]", id)]);
  }

  /** Any resource a `$ref` may name: a global one or one of this tenant's. */
  lookup(tenant: Tenant): (id: string) => Document | undefined {
    return (id) => findGlobal(id) ?? this.entities.get(tenant, STORED_KIND.mixins, id) ?? this.entities.get(tenant, STORED_KIND.schemas, id);
  }

  /** What GET /{container}/{kind} lists. */
  listIn(tenant: Tenant, container: Container, kind: ResourceKind): Document[] {
    if (container === "global") return kind === "behaviors" || kind === "classes" ? listGlobal(kind) : [];
    return kind === "schemas" || kind === "mixins" ? this.all(tenant, kind) : [];
  }

  /** What GET /{container}/{kind}/{id} finds. */
  findIn(tenant: Tenant, container: Container, kind: ResourceKind, ref: string): Document | undefined {
    if (container === "global") return kind === "behaviors" || kind === "classes" ? findGlobal(ref, kind) : undefined;
    return kind === "schemas" || kind === "mixins" ? this.find(tenant, kind, ref) : undefined;
  }
}
