import { FLOW, flowError, flowVersionMismatch } from "./errors.js";
import type { IdSource } from "./ids.js";

/**
 * Flow Service etags are Cosmos DB style values carried with their double quotes:
 * "\"4c012103-0000-0200-0000-63ef57db0000\"" (random part, fixed middle, hex epoch seconds).
 */
export function newEtag(ids: IdSource, nowMs: number): string {
  const seconds = Math.floor(nowMs / 1000).toString(16).padStart(8, "0");
  return `"${ids.hex(8)}-0000-0200-0000-${seconds}0000"`;
}

/** Compares etags the way clients send them: quoted or not, with or without a weak prefix. */
export function sameEtag(a: string, b: string): boolean {
  return bare(a) === bare(b);
}

function bare(etag: string): string {
  return etag.trim().replace(/^W\//, "").replace(/^"+|"+$/g, "");
}

/**
 * The If-Match value of a request: the header, or the `if-match` query parameter that Adobe's own
 * Postman collection sends.
 */
export function ifMatchOf(header: string | undefined, query: string | undefined): string | undefined {
  const value = header ?? query;
  return value === undefined || value.trim() === "" ? undefined : value;
}

/** Throws 1403 when no If-Match was sent and 412 when it is not the current etag. */
export function requireIfMatch(supplied: string | undefined, current: string): void {
  if (supplied === undefined) {
    throw flowError(
      FLOW.ifMatchMissing,
      "The header 'If-Match' is missing in the request. Please provide the header and try again.",
    );
  }
  if (!sameEtag(supplied, current)) throw flowVersionMismatch(supplied, current);
}

/** Like requireIfMatch, but an absent If-Match is fine (flow actions take it optionally). */
export function checkOptionalIfMatch(supplied: string | undefined, current: string): void {
  if (supplied !== undefined && !sameEtag(supplied, current)) throw flowVersionMismatch(supplied, current);
}

