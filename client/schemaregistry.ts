import { AepError, type HttpCore, idSegment, paginate, queryOfHref } from "./http.js";
import type {
  FieldGroup,
  FieldGroupRequest,
  Page,
  RegistryStats,
  Schema,
  SchemaRequest,
  XdmCreated,
  XdmGetOptions,
  XdmListQuery,
  XdmResource,
  XdmSummary,
} from "./types.js";

/** Schema Registry: https://platform.adobe.io/data/foundation/schemaregistry */
const BASE = "/data/foundation/schemaregistry";

interface ResultsBody {
  results?: XdmSummary[];
  _page?: { orderby?: string; next?: string | null };
  _links?: { next?: string | { href?: string } | null };
}

/**
 * Schemas and field groups: the same calls on two collections. Reads need an Accept header with a
 * version (`application/vnd.adobe.xed+json; version=1`); listings one without
 * (`application/vnd.adobe.xed-id+json`). Ids in paths are the `$id` (URL-encoded) or `meta:altId`.
 */
export class XdmResources<T extends XdmResource, C> {
  constructor(
    private readonly http: HttpCore,
    private readonly collection: "schemas" | "fieldgroups",
  ) {}

  /** Creates it in the tenant container; answers its ids and the whole resource. */
  async create(body: C): Promise<XdmCreated<T>> {
    const answer = await this.http.send<T>({ method: "POST", path: this.path("tenant"), body });
    const resource = answer.body;
    if (typeof resource?.$id !== "string") {
      throw new AepError({ status: answer.status, code: "UNEXPECTED_BODY", detail: "The answer carries no $id.", body: resource, method: "POST", url: this.path("tenant") });
    }
    return {
      id: resource.$id,
      altId: resource["meta:altId"],
      etag: resource["meta:registryMetadata"]?.eTag,
      version: resource.version,
      resource,
    };
  }

  async get(id: string, options: XdmGetOptions = {}): Promise<T> {
    return this.http.json({
      method: "GET",
      path: this.itemPath(options.container ?? "tenant", id),
      headers: { Accept: `application/vnd.adobe.${options.format ?? "xed"}+json; version=1` },
    });
  }

  async delete(id: string): Promise<void> {
    await this.http.send({ method: "DELETE", path: this.itemPath("tenant", id) });
  }

  list(query: XdmListQuery = {}): AsyncIterable<XdmSummary> {
    return paginate(query, (q) => this.listPage(q));
  }

  /** One page; the next one starts at `_page.next` (the link in `_links.next` says the same). */
  async listPage(query: XdmListQuery = {}): Promise<Page<XdmSummary, XdmListQuery>> {
    const { container = "tenant", full, property, ...paging } = query;
    // Adobe's spec takes limit and start only with orderby: title unless one is given.
    const orderby = paging.orderby ?? (paging.limit !== undefined || paging.start !== undefined ? "title" : undefined);
    const body = await this.http.json<ResultsBody>({
      method: "GET",
      path: this.path(container),
      query: { ...paging, orderby, property: typeof property === "string" ? [property] : property },
      headers: { Accept: full ? "application/vnd.adobe.xed+json" : "application/vnd.adobe.xed-id+json" },
    });
    return { items: body.results ?? [], next: nextOf(query, body) };
  }

  private path(container: string): string {
    return `${BASE}/${container}/${this.collection}`;
  }

  private itemPath(container: string, id: string): string {
    return `${this.path(container)}/${idSegment(id)}`;
  }
}

/** Listings page by `start` (a value of the orderby field), which only works with `orderby`. */
function nextOf(query: XdmListQuery, body: ResultsBody): XdmListQuery | undefined {
  const link = body._links?.next;
  const href = typeof link === "string" ? link : link?.href;
  const fromLink = href ? queryOfHref(href) : {};
  const start = typeof fromLink.start === "string" ? fromLink.start : body._page?.next;
  if (typeof start !== "string" || start === "") return undefined;
  const orderby = typeof fromLink.orderby === "string" ? fromLink.orderby : (query.orderby ?? body._page?.orderby);
  return { ...query, start, orderby };
}

export class SchemaRegistryClient {
  readonly schemas: XdmResources<Schema, SchemaRequest>;
  readonly fieldGroups: XdmResources<FieldGroup, FieldGroupRequest>;

  constructor(private readonly http: HttpCore) {
    this.schemas = new XdmResources(http, "schemas");
    this.fieldGroups = new XdmResources(http, "fieldgroups");
  }

  /** The org's tenant id (custom fields live under `_{tenantId}`) and resource counts. */
  stats(): Promise<RegistryStats> {
    return this.http.json({ method: "GET", path: `${BASE}/stats` });
  }
}
