import { AepError, type HttpCore, type HttpResponse, idSegment, isRecord, paginate, type Query, queryOfHref, type RequestSpec } from "./http.js";
import type {
  Connection,
  ConnectionSpec,
  CreateConnectionRequest,
  CreateFlowRequest,
  CreateOptions,
  Created,
  CreateRunRequest,
  CreateSourceConnectionRequest,
  CreateTargetConnectionRequest,
  Flow,
  FlowListQuery,
  FlowRun,
  FlowSpec,
  IfMatchOptions,
  ModifyOptions,
  Page,
  PatchOperation,
  RunListQuery,
  SourceConnection,
  SpecListQuery,
  TargetConnection,
} from "./types.js";

/** Flow Service: https://platform.adobe.io/data/foundation/flowservice */
const BASE = "/data/foundation/flowservice";

interface ItemsBody<T> {
  items?: T[];
  _links?: { next?: { href?: string } };
}

/** What every Flow Service collection shares: `items` lists, `_links.next.href` paging, get by id. */
class FlowCollection<T, Q extends FlowListQuery> {
  constructor(
    protected readonly http: HttpCore,
    protected readonly collection: string,
  ) {}

  /** Every item, page by page, following `_links.next.href`. */
  list(query = {} as Q): AsyncIterable<T> {
    return paginate(query, (q) => this.listPage(q));
  }

  async listPage(query = {} as Q): Promise<Page<T, Q>> {
    const body = await this.http.json<ItemsBody<T>>({ method: "GET", path: this.path(), query: this.queryOf(query) });
    const href = body._links?.next?.href;
    return { items: body.items ?? [], next: href ? (queryOfHref(href) as unknown as Q) : undefined };
  }

  /** The entity itself (Flow Service wraps it in `items`). */
  async get(id: string): Promise<T> {
    const spec: RequestSpec = { method: "GET", path: this.path(id) };
    const answer = await this.http.send<ItemsBody<T>>(spec);
    const item = answer.body?.items?.[0];
    if (item === undefined) throw unexpected(answer, spec, "The answer has no items.");
    return item;
  }

  protected queryOf(query: Q): Query {
    const { property, orderby, limit, continuationToken } = query;
    return { property: typeof property === "string" ? [property] : property, orderby, limit, continuationToken };
  }

  protected path(...segments: string[]): string {
    return [BASE, this.collection, ...segments.map(idSegment)].join("/");
  }

  /** A write that answers `{id, etag}` (or, in some of Adobe's docs, `{items: [{id, etag}]}`). */
  protected async write(spec: RequestSpec): Promise<Created> {
    const answer = await this.http.send(spec);
    const body = answer.body;
    const created = isRecord(body) && Array.isArray(body.items) && isRecord(body.items[0]) ? body.items[0] : body;
    if (!isRecord(created) || typeof created.id !== "string") throw unexpected(answer, spec, "The answer carries no id.");
    return { id: created.id, etag: String(created.etag ?? "") };
  }
}

/** Collections that answer `count=true`: the entities and runs (not the spec catalogues). */
class CountedCollection<T, Q extends FlowListQuery> extends FlowCollection<T, Q> {
  /** How many items match the filters. */
  async count(query: Omit<Q, "orderby" | "limit" | "continuationToken"> = {} as Q): Promise<number> {
    const body = await this.http.json<{ count: number }>({
      method: "GET",
      path: this.path(),
      query: { ...this.queryOf(query as Q), count: "true" },
    });
    return body.count;
  }
}

/** connections, sourceConnections, targetConnections and flows share one lifecycle. */
export class FlowEntities<T extends { etag: string }, C> extends CountedCollection<T, FlowListQuery> {
  create(body: C, options: CreateOptions = {}): Promise<Created> {
    return this.write({ method: "POST", path: this.path(), query: { mode: options.mode }, body });
  }

  /** JSON Patch with the entity's etag in If-Match; a stale etag is an AepError 412 (FLOW-1404-412). */
  async update(id: string, operations: PatchOperation[], options: IfMatchOptions = {}): Promise<Created> {
    return this.write({ method: "PATCH", path: this.path(id), headers: { "If-Match": options.ifMatch }, body: operations });
  }

  /**
   * Read-modify-write: reads the entity, asks `change` for the patch, and sends it with the etag it
   * read. When someone else updated the entity in between (412), it reads again and retries.
   * `change` returning no operations leaves the entity alone.
   */
  async modify(
    id: string,
    change: (current: T) => PatchOperation[] | undefined | Promise<PatchOperation[] | undefined>,
    options: ModifyOptions = {},
  ): Promise<Created> {
    const attempts = options.attempts ?? 5;
    for (let attempt = 1; ; attempt++) {
      const current = await this.get(id);
      const operations = await change(current);
      if (operations === undefined || operations.length === 0) return { id, etag: current.etag };
      try {
        return await this.update(id, operations, { ifMatch: current.etag });
      } catch (error) {
        if (!(error instanceof AepError) || error.status !== 412 || attempt >= attempts) throw error;
      }
    }
  }

  async delete(id: string): Promise<void> {
    await this.http.send({ method: "DELETE", path: this.path(id) });
  }

  /** Publishes a draft (`POST /{collection}/{id}/action?op=publish`). */
  async publish(id: string, options: IfMatchOptions = {}): Promise<Created> {
    return this.action(id, "publish", options);
  }

  protected action(id: string, op: string, options: IfMatchOptions): Promise<Created> {
    return this.write({ method: "POST", path: this.path(id, "action"), query: { op }, headers: { "If-Match": options.ifMatch } });
  }
}

export class Flows extends FlowEntities<Flow, CreateFlowRequest> {
  constructor(http: HttpCore) {
    super(http, "flows");
  }

  async enable(id: string, options: IfMatchOptions = {}): Promise<Created> {
    return this.action(id, "enable", options);
  }

  async disable(id: string, options: IfMatchOptions = {}): Promise<Created> {
    return this.action(id, "disable", options);
  }
}

export class Runs extends CountedCollection<FlowRun, RunListQuery> {
  constructor(http: HttpCore) {
    super(http, "runs");
  }

  /** Starts a run of a flow scheduled `once`. */
  create(body: CreateRunRequest): Promise<Created> {
    return this.write({ method: "POST", path: this.path(), body });
  }

  protected override queryOf(query: RunListQuery): Query {
    const { flowId, ...rest } = query;
    const base = super.queryOf(rest);
    if (flowId === undefined) return base;
    return { ...base, property: [`flowId==${flowId}`, ...((base.property as string[] | undefined) ?? [])] };
  }
}

/** The read-only catalogues, connectionSpecs and flowSpecs: `property=` filters, one page. */
export class Specs<T> extends FlowCollection<T, SpecListQuery> {}

export class FlowServiceClient {
  readonly connections: FlowEntities<Connection, CreateConnectionRequest>;
  readonly sourceConnections: FlowEntities<SourceConnection, CreateSourceConnectionRequest>;
  readonly targetConnections: FlowEntities<TargetConnection, CreateTargetConnectionRequest>;
  readonly flows: Flows;
  readonly runs: Runs;
  readonly connectionSpecs: Specs<ConnectionSpec>;
  readonly flowSpecs: Specs<FlowSpec>;

  constructor(http: HttpCore) {
    this.connections = new FlowEntities(http, "connections");
    this.sourceConnections = new FlowEntities(http, "sourceConnections");
    this.targetConnections = new FlowEntities(http, "targetConnections");
    this.flows = new Flows(http);
    this.runs = new Runs(http);
    this.connectionSpecs = new Specs<ConnectionSpec>(http, "connectionSpecs");
    this.flowSpecs = new Specs<FlowSpec>(http, "flowSpecs");
  }
}

function unexpected(answer: HttpResponse, spec: RequestSpec, detail: string): AepError {
  return new AepError({ status: answer.status, code: "UNEXPECTED_BODY", detail, body: answer.body, method: spec.method, url: spec.path });
}
