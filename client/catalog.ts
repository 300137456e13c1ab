import { AepError, type HttpCore, idSegment, isRecord, nextOffset, paginate } from "./http.js";
import type { DataSet, DataSetListQuery, DataSetRequest, Page } from "./types.js";

/** Catalog: https://platform.adobe.io/data/foundation/catalog */
const BASE = "/data/foundation/catalog/dataSets";
const DEFAULT_PAGE_SIZE = 50;
/** Catalog answers at most 100 datasets a page whatever `limit` asks: asking more read a short page as the last. */
const MAX_PAGE_SIZE = 100;

/**
 * Datasets. Catalog answers writes with `["@/dataSets/<id>"]` and reads with an object keyed by id;
 * the client answers `{id}` and datasets that carry their `id`.
 */
export class DataSets {
  constructor(private readonly http: HttpCore) {}

  async create(body: DataSetRequest, options: { requestDataSource?: boolean } = {}): Promise<{ id: string }> {
    const answer = await this.http.send({ method: "POST", path: BASE, query: { requestDataSource: options.requestDataSource }, body });
    const id = idOfReference(answer.body);
    if (id === undefined) {
      throw new AepError({ status: answer.status, code: "UNEXPECTED_BODY", detail: "The answer carries no @/dataSets/<id>.", body: answer.body, method: "POST", url: BASE });
    }
    return { id };
  }

  async get(id: string, options: { properties?: string } = {}): Promise<DataSet> {
    const path = `${BASE}/${idSegment(id)}`;
    const answer = await this.http.send({ method: "GET", path, query: { properties: options.properties } });
    const dataSet = dataSetsOf(answer.body).find((one) => one.id === id) ?? dataSetsOf(answer.body)[0];
    if (dataSet === undefined) {
      throw new AepError({ status: answer.status, code: "UNEXPECTED_BODY", detail: "The answer holds no dataset.", body: answer.body, method: "GET", url: path });
    }
    return dataSet;
  }

  async delete(id: string): Promise<void> {
    await this.http.send({ method: "DELETE", path: `${BASE}/${idSegment(id)}` });
  }

  list(query: DataSetListQuery = {}): AsyncIterable<DataSet> {
    return paginate(query, (q) => this.listPage(q));
  }

  /** One page (`limit` + `start` offset). */
  async listPage(query: DataSetListQuery = {}): Promise<Page<DataSet, DataSetListQuery>> {
    const limit = Math.min(query.limit ?? DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE);
    const start = query.start ?? 0;
    const property = typeof query.property === "string" ? [query.property] : query.property;
    const body = await this.http.json<unknown>({ method: "GET", path: BASE, query: { ...query, property, limit, start } });
    const items = dataSetsOf(body);
    return { items, next: nextOffset({ ...query, start }, items.length, limit) };
  }
}

export class CatalogClient {
  readonly dataSets: DataSets;

  constructor(http: HttpCore) {
    this.dataSets = new DataSets(http);
  }
}

/** `{"<id>": {...}}` -> `[{id, ...}]`. */
function dataSetsOf(body: unknown): DataSet[] {
  if (!isRecord(body)) return [];
  return Object.entries(body)
    .filter(([, value]) => isRecord(value))
    .map(([id, value]) => ({ ...(value as Record<string, unknown>), id }));
}

/** `["@/dataSets/5c8c3c555033b814b69f947f"]` -> the id. */
function idOfReference(body: unknown): string | undefined {
  const reference = Array.isArray(body) ? body[0] : undefined;
  if (typeof reference !== "string") return undefined;
  return /^@\/dataSets\/(.+)$/i.exec(reference)?.[1];
}
