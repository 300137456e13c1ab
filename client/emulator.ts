import { type HttpCore, idSegment, isRecord, paginate, queryOfHref } from "./http.js";
import type { ActiveFault, EmulatorRecord, FaultRule, Page, RecordQuery, ResetOptions, ResetResult } from "./types.js";

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

  /**
   * Every record the inlet wrote to a dataset (ingested and failed), oldest first, page by page.
   * The tenant is the client's org and sandbox; an unknown dataset is an AepError 404.
   */
  records(dataSetId: string, query: RecordQuery = {}): AsyncIterable<EmulatorRecord> {
    return paginate(query, (q) => this.recordsPage(dataSetId, q));
  }

  async recordsPage(dataSetId: string, query: RecordQuery = {}): Promise<Page<EmulatorRecord, RecordQuery>> {
    const body = await this.http.json<unknown>({
      method: "GET",
      path: `/_emulator/datasets/${idSegment(dataSetId)}/records`,
      query: { ...query },
    });
    const items = listOf<EmulatorRecord>(body, "records");
    const after = cursorOf(body);
    return { items, next: after !== undefined && items.length > 0 ? { ...query, after } : undefined };
  }
}

/**
 * Fault rules: matching platform (/data/...) and inlet (/collection/...) requests fail with a
 * status, slow down by a latency, or both. A rule with `count` goes away after N requests.
 */
export class Faults {
  constructor(private readonly http: HttpCore) {}

  /** Adds a rule; answers it with its id. */
  add(rule: FaultRule): Promise<ActiveFault> {
    return this.http.json({ method: "POST", path: "/_emulator/faults", body: rule });
  }

  /** The rules still active (a rule with a count is gone once it has fired that often). */
  async list(): Promise<ActiveFault[]> {
    return listOf<ActiveFault>(await this.http.json<unknown>({ method: "GET", path: "/_emulator/faults" }), "faults");
  }

  /** Removes one rule; an AepError 404 when it is gone already. */
  async remove(id: string): Promise<void> {
    await this.http.send({ method: "DELETE", path: `/_emulator/faults/${idSegment(id)}` });
  }

  /** Removes every rule; answers how many there were. */
  async clear(): Promise<number> {
    const body = await this.http.json<unknown>({ method: "DELETE", path: "/_emulator/faults" });
    return isRecord(body) && typeof body.cleared === "number" ? body.cleared : 0;
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
