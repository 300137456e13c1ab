import { getQueryParams } from "hono/utils/url";
import type { Tenant } from "../platform/context.js";

/**
 * A bounded journal of recent requests, newest last, for "what did my code send?". Credentials are
 * never kept: Authorization and x-api-key are redacted before an entry is stored.
 */
export interface JournalEntry {
  id: number;
  time: string;
  method: string;
  path: string;
  query: Record<string, string[]>;
  status: number;
  durationMs: number;
  tenant?: Tenant;
  /** The route that answered, as METHOD /path/{param}, or undefined when none did. */
  operation?: string;
  requestId: string;
  requestBytes: number;
  responseBytes: number;
  requestHeaders: Record<string, string>;
  requestBody?: string;
  responseBody?: string;
  /** Set when a body was longer than the 64 KiB the journal keeps. */
  bodiesTruncated?: true;
  /** The fault rule id (or "header" for x-emulator-fault) that answered or delayed the request. */
  fault?: string;
}

export interface JournalFilter {
  /** Substring of the path, or a pattern with * wildcards. */
  path?: string;
  /** An exact status (404) or a class (4 for 4xx). */
  status?: number;
  statusClass?: number;
  org?: string;
  sandbox?: string;
  limit?: number;
}

/**
 * What the middleware records for a request. The parts only a reader of the journal needs (the
 * time as text, the parsed query, the redacted headers) are worked out when the journal is read:
 * building them cost every request more than its route did.
 */
export interface JournalDraft extends Omit<JournalEntry, "id" | "time" | "query" | "requestHeaders"> {
  /** Epoch milliseconds when the request arrived. */
  startedAt: number;
  /** The request's URL, or its path and query (only the query is read from it). */
  target: string;
  /** The request's Headers, or the server's raw [name, value, ...] list they are made from. */
  headers: Headers | string[];
}

const REDACTED = new Set(["authorization", "x-api-key", "cookie", "proxy-authorization"]);

export function redactHeaders(headers: Headers): Record<string, string> {
  const kept: Record<string, string> = {};
  headers.forEach((value, name) => {
    kept[name] = REDACTED.has(name.toLowerCase()) ? "[redacted]" : value;
  });
  return kept;
}

/** The Headers @hono/node-server makes from a raw list (HTTP/2 pseudo-headers left out). */
function headersOf(source: Headers | string[]): Headers {
  if (!Array.isArray(source)) return source;
  const headers = new Headers();
  for (let index = 0; index < source.length; index += 2) {
    if (!source[index].startsWith(":")) headers.append(source[index], source[index + 1]);
  }
  return headers;
}

function entryOf(id: number, draft: JournalDraft): JournalEntry {
  const { startedAt, target, headers, method, path, status, durationMs, tenant, operation, requestId, requestBytes, responseBytes, ...rest } = draft;
  return {
    id,
    time: new Date(startedAt).toISOString(),
    method,
    path,
    query: queryOf(target),
    status,
    durationMs,
    tenant,
    operation,
    requestId,
    requestBytes,
    responseBytes,
    requestHeaders: redactHeaders(headersOf(headers)),
    ...rest,
  };
}

/** Hono's parser looks for the query after a scheme and host, which a bare path and query lack. */
function queryOf(target: string): Record<string, string[]> {
  return getQueryParams(target.startsWith("/") ? `http://localhost${target}` : target) as Record<string, string[]>;
}

type Slot = JournalEntry | { id: number; draft: JournalDraft };

/** Distinct header lists the journal compares a request's with: clients, or kinds of request. */
const RECENT_HEADER_LISTS = 4;

function sameList(a: string[], b: string[]): boolean {
  if (a.length !== b.length) return false;
  for (let index = 0; index < a.length; index++) {
    if (a[index] !== b[index]) return false;
  }
  return true;
}

/**
 * A ring buffer: adding is O(1) and never copies, the oldest entry is overwritten once the journal
 * holds `capacity` entries. A capacity of 0 keeps nothing.
 */
export class RequestJournal {
  private slots: (Slot | undefined)[] = [];
  private oldest = 0;
  private count = 0;
  private nextId = 1;
  private readonly recentHeaders: string[][] = [];

  constructor(
    readonly capacity: number,
    readonly keepBodies: boolean,
  ) {}

  add(entry: Omit<JournalEntry, "id">): void {
    if (this.capacity === 0) return;
    this.store({ id: this.nextId++, ...entry });
  }

  /** Adds a request as the middleware saw it; it becomes a JournalEntry when it is first read. */
  record(draft: JournalDraft): void {
    if (this.capacity === 0) return;
    if (Array.isArray(draft.headers)) draft.headers = this.sharedHeaders(draft.headers);
    this.store({ id: this.nextId++, draft });
  }

  /**
   * The header list of a recent entry when it is the same as this one, else this one. A client
   * sends the same headers request after request; with each request's own list kept, V8 promoted
   * twice as much per young-generation collection under GET load (593 against 272 KB).
   */
  private sharedHeaders(headers: string[]): string[] {
    for (const known of this.recentHeaders) {
      if (sameList(known, headers)) return known;
    }
    this.recentHeaders.unshift(headers);
    if (this.recentHeaders.length > RECENT_HEADER_LISTS) this.recentHeaders.pop();
    return headers;
  }

  private store(stored: Slot): void {
    if (this.count < this.capacity) {
      this.slots[(this.oldest + this.count) % this.capacity] = stored;
      this.count += 1;
      return;
    }
    this.slots[this.oldest] = stored;
    this.oldest = (this.oldest + 1) % this.capacity;
  }

  /** Matching entries, oldest first; `limit` keeps the most recent ones. */
  list(filter: JournalFilter = {}): JournalEntry[] {
    const matchesPath = filter.path === undefined ? () => true : pathMatcher(filter.path);
    const found = this.all().filter(
      (entry) =>
        matchesPath(entry.path) &&
        (filter.status === undefined || entry.status === filter.status) &&
        (filter.statusClass === undefined || Math.floor(entry.status / 100) === filter.statusClass) &&
        (filter.org === undefined || entry.tenant?.imsOrgId === filter.org) &&
        (filter.sandbox === undefined || entry.tenant?.sandboxName === filter.sandbox),
    );
    return filter.limit === undefined ? found : found.slice(Math.max(0, found.length - filter.limit));
  }

  /** Forgets every entry, or one tenant's; answers how many were removed. */
  clear(tenant?: Tenant): number {
    const before = this.count;
    const kept =
      tenant === undefined
        ? []
        : this.all().filter(
            (entry) => entry.tenant?.imsOrgId !== tenant.imsOrgId || entry.tenant?.sandboxName !== tenant.sandboxName,
          );
    this.slots = kept;
    this.oldest = 0;
    this.count = kept.length;
    return before - kept.length;
  }

  get size(): number {
    return this.count;
  }

  private all(): JournalEntry[] {
    const entries: JournalEntry[] = [];
    for (let index = 0; index < this.count; index++) {
      const at = (this.oldest + index) % this.capacity;
      const slot = this.slots[at] as Slot;
      if ("draft" in slot) {
        const entry = entryOf(slot.id, slot.draft);
        this.slots[at] = entry;
        entries.push(entry);
      } else entries.push(slot);
    }
    return entries;
  }
}

/**
 * `*` matches any run of characters; without a `*` the pattern matches as a substring. Matched
 * without a regular expression: `^.*a.*a.*…b$` backtracks without end on a long path (a journal
 * filter of ten `*a` held the server for minutes). The text between stars is found left to right,
 * each piece as early as it can be, which finds a match whenever there is one.
 */
export function pathMatcher(pattern: string): (path: string) => boolean {
  if (!pattern.includes("*")) return (path) => path.includes(pattern);
  const pieces = pattern.split("*");
  const first = pieces[0];
  const last = pieces[pieces.length - 1];
  const middle = pieces.slice(1, -1);
  return (path) => {
    if (path.length < first.length + last.length || !path.startsWith(first) || !path.endsWith(last)) return false;
    const end = path.length - last.length;
    let from = first.length;
    for (const piece of middle) {
      const at = path.indexOf(piece, from);
      if (at === -1 || at + piece.length > end) return false;
      from = at + piece.length;
    }
    return true;
  };
}
