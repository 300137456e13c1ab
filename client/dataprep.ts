import { type HttpCore, idSegment, isRecord, nextOffset, paginate, queryOfHref } from "./http.js";
import type {
  Mapping,
  MappingSet,
  MappingSetCreated,
  MappingSetGetOptions,
  MappingSetListQuery,
  MappingSetRequest,
  MappingValidation,
  Page,
  PreviewResult,
} from "./types.js";

/** Data Prep: https://platform.adobe.io/data/foundation/conversion */
const BASE = "/data/foundation/conversion/mappingSets";
const DEFAULT_PAGE_SIZE = 50;

interface MappingSetPage {
  data?: MappingSet[];
  _page?: { count?: number; limit?: number };
  _links?: { next?: { href?: string } | null };
}

/**
 * Mapping sets. Data Prep has no etags and no DELETE: a PUT replaces the mapping set and bumps its
 * version, and every earlier version stays readable with `?version=`.
 */
export class MappingSets {
  constructor(private readonly http: HttpCore) {}

  /** Answers 200 (not 201) with `{id, version: 0, createdDate, ...}`. */
  create(body: MappingSetRequest): Promise<MappingSetCreated> {
    return this.http.json({ method: "POST", path: BASE, body });
  }

  /** The current version, or the one asked for. */
  async get(id: string, options: MappingSetGetOptions = {}): Promise<MappingSet> {
    return this.http.json({ method: "GET", path: pathOf(id), query: { version: options.version, expandSchema: options.expandSchema } });
  }

  /** Replaces the mapping set; answers it with its version incremented. */
  async update(id: string, body: MappingSetRequest): Promise<MappingSet> {
    return this.http.json({ method: "PUT", path: pathOf(id), body });
  }

  /** Every version, oldest first. */
  async versions(id: string): Promise<MappingSet[]> {
    const current = await this.get(id);
    const earlier = await Promise.all(Array.from({ length: current.version }, (_, version) => this.get(id, { version })));
    return [...earlier, current];
  }

  /** The mappings of the current version. */
  async mappings(id: string): Promise<Mapping[]> {
    return this.http.json({ method: "GET", path: `${pathOf(id)}/mappings` });
  }

  list(query: MappingSetListQuery = {}): AsyncIterable<MappingSet> {
    return paginate(query, (q) => this.listPage(q));
  }

  /** One page (`start` + `limit`, which Data Prep requires together). */
  async listPage(query: MappingSetListQuery = {}): Promise<Page<MappingSet, MappingSetListQuery>> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const start = query.start ?? 0;
    const body = await this.http.json<MappingSetPage>({ method: "GET", path: BASE, query: { ...query, limit, start } });
    const items = body.data ?? [];
    const href = body._links?.next?.href;
    if (href) return { items, next: { ...query, ...numbersOf(queryOfHref(href)) } };
    return { items, next: nextOffset({ ...query, start }, items.length, body._page?.limit ?? limit) };
  }

  /** Checks each mapping of a mapping set body without storing it. */
  validate(body: MappingSetRequest): Promise<MappingValidation> {
    return this.http.json({ method: "POST", path: `${BASE}/validate`, body });
  }

  /**
   * Maps sample records with a mapping set body. The docs answer one `{data, errors}` per record;
   * the spec a single object: both come back as an array.
   */
  async preview(data: Record<string, unknown>[], mappingSet: MappingSetRequest): Promise<PreviewResult[]> {
    const answer = await this.http.json<unknown>({ method: "POST", path: `${BASE}/preview`, body: { data, mappingSet } });
    if (Array.isArray(answer)) return answer as PreviewResult[];
    return isRecord(answer) ? [answer as unknown as PreviewResult] : [];
  }
}

export class DataPrepClient {
  readonly mappingSets: MappingSets;

  constructor(http: HttpCore) {
    this.mappingSets = new MappingSets(http);
  }
}

function pathOf(id: string): string {
  return `${BASE}/${idSegment(id)}`;
}

/** start and limit from a next link, as numbers. */
function numbersOf(query: Record<string, string | string[]>): MappingSetListQuery {
  const next: MappingSetListQuery = {};
  if (typeof query.start === "string") next.start = Number(query.start);
  if (typeof query.limit === "string") next.limit = Number(query.limit);
  return next;
}
