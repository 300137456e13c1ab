import { type HttpCore, isRecord, paginate, queryOfHref } from "./http.js";
import type { EmulatorRecord, FaultRule, Page, RecordQuery, ResetOptions, ResetResult } from "./types.js";

/**
 * The emulator's own control plane under /_emulator. Nothing here exists at platform.adobe.io;
 * everything else in the client speaks only Adobe's API.
 */
export class EmulatorClient {
  readonly faults: Faults;

  constructor(private readonly http: HttpCore) {
    this.faults = new Faults(http);
  }

  /** Resolves when the emulator answers; rejects with an AepError otherwise. */
  async health(): Promise<{ status: string }> {
    return this.http.json({ method: "GET", path: "/_emulator/health" });
  }

  /** Empties all state, or one tenant's (`org`, with `sandbox` defaulting to prod). */
  reset(options: ResetOptions = {}): Promise<ResetResult> {
    return this.http.json({ method: "POST", path: "/_emulator/reset", query: { org: options.org, sandbox: options.sandbox } });
  }

  /** Loads a seed document (the same shape as the emulator's seed files). */
  seed(seed: unknown): Promise<unknown> {
    return this.http.json({ method: "POST", path: "/_emulator/seed", body: seed });
  }

  /** Every record written to a dataset, page by page. */
  records(dataSetId: string, query: RecordQuery = {}): AsyncIterable<EmulatorRecord> {
    return paginate(query, (q) => this.recordsPage(dataSetId, q));
  }

  async recordsPage(dataSetId: string, query: RecordQuery = {}): Promise<Page<EmulatorRecord, RecordQuery>> {
    const body = await this.http.json<unknown>({
      method: "GET",
      path: `/_emulator/datasets/${encodeURIComponent(dataSetId)}/records`,
      query: { ...query },
    });
    const items = listOf<EmulatorRecord>(body, "records");
    const after = cursorOf(body);
    return { items, next: after !== undefined && items.length > 0 ? { ...query, after } : undefined };
  }
}

export class Faults {
  constructor(private readonly http: HttpCore) {}

  /** Makes matching requests answer `status`/`body`, or slows them by `latencyMs`. */
  add(rule: FaultRule): Promise<unknown> {
    return this.http.json({ method: "POST", path: "/_emulator/faults", body: rule });
  }

  async list(): Promise<FaultRule[]> {
    return listOf<FaultRule>(await this.http.json<unknown>({ method: "GET", path: "/_emulator/faults" }), "faults");
  }

  async clear(): Promise<void> {
    await this.http.send({ method: "DELETE", path: "/_emulator/faults" });
  }
}

/** A bare array, or the array under `key`, `items` or `data`. */
function listOf<T>(body: unknown, key: string): T[] {
  if (Array.isArray(body)) return body as T[];
  if (!isRecord(body)) return [];
  const list = body[key] ?? body.items ?? body.data;
  return Array.isArray(list) ? (list as T[]) : [];
}

/** The `after` cursor of the next page: `next` as a cursor or a link, or `_links.next.href`. */
function cursorOf(body: unknown): string | undefined {
  if (!isRecord(body)) return undefined;
  const links = isRecord(body._links) && isRecord(body._links.next) ? body._links.next.href : undefined;
  const next = typeof body.next === "string" ? body.next : typeof links === "string" ? links : undefined;
  if (next === undefined || next === "") return undefined;
  if (!next.includes("?")) return next;
  const after = queryOfHref(next).after;
  return typeof after === "string" ? after : undefined;
}
