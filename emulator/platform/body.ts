import { IncomingMessage } from "node:http";
import { promisify } from "node:util";
import { gunzip } from "node:zlib";
import type { Context, MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { AppEnv } from "./context.js";
import { badRequestForPath, payloadTooLargeForPath, serviceForPath } from "./errors.js";

/**
 * Limits on request bodies, before any route reads them: BODY_LIMIT bytes (413 in the envelope of
 * the service the path belongs to) and JSON nested at most MAX_JSON_DEPTH levels deep (400). The
 * streaming inlet has its own documented 1 MB limit and checks both itself (inlet/routes.ts).
 */

/**
 * Jackson's default maximum nesting depth (StreamReadConstraints, 1000), which Adobe's Java services
 * parse with. Deeper documents would overflow the stack of the code that copies, stores or
 * validates them.
 */
export const MAX_JSON_DEPTH = 1000;

/** BODY_LIMIT on every path but the inlet's. */
export function requestBodyLimit(maxBytes: number): MiddlewareHandler<AppEnv> {
  const limit = bodyLimit({
    maxSize: maxBytes,
    onError: (c) => {
      throw payloadTooLargeForPath(c.req.path, maxBytes);
    },
  });
  return (c, next) => {
    if (c.req.method === "GET" || c.req.method === "HEAD" || serviceForPath(c.req.path) === "inlet") return next();
    // Hono's bodyLimit asks for `raw.body` first, which turns @hono/node-server's lightweight request
    // into a full one and makes every later read of the body go through a web stream. A declared
    // length is checked here without it, as bodyLimit would check it.
    const declared = c.req.header("content-length");
    if (declared !== undefined && c.req.header("transfer-encoding") === undefined) {
      if (Number.parseInt(declared, 10) > maxBytes) throw payloadTooLargeForPath(c.req.path, maxBytes);
      return next();
    }
    return limit(c, next);
  };
}

/** JSON bodies (or bodies that declare no type) nested deeper than `maxFor(path)`, or holding a number beyond a double, are refused. */
export function jsonDepthLimit(maxFor: (path: string) => number): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    await refuseUnstorableJson(c, maxFor(c.req.path));
    return next();
  };
}

/** A JSON body the store could not keep as sent: nested deeper than `max`, or holding a number beyond a double. */
export async function refuseUnstorableJson(c: Context<AppEnv>, max = MAX_JSON_DEPTH): Promise<void> {
  // GET and HEAD carry no body; for the others an absent body reads as "" (asking `raw.body`
  // would turn the server's lightweight request into a full one).
  if (c.req.method === "GET" || c.req.method === "HEAD" || serviceForPath(c.req.path) === "inlet") return;
  const contentType = c.req.header("content-type");
  if (contentType !== undefined && contentType.trim() !== "" && !/json/i.test(contentType)) return;
  const text = await bodyText(c);
  if (jsonDepthExceeds(text, max)) throw tooDeep(c.req.path, max);
  if (jsonHoldsNumberOutOfRange(text)) {
    throw badRequestForPath(c.req.path, "The request body holds a number larger than a double can hold (about 1.8e308).");
  }
}

/**
 * What only a number JSON.parse reads as ±Infinity can look like: a number (after `:`, `,`, `[` or
 * at the start) with an exponent of three digits or more, or with 210 digits or more before its
 * point (with an exponent of two digits at most, that many are needed to pass 1.8e308). Matching
 * number tokens only keeps ids out of it: one random UUID in twelve holds "5e401".
 */
const OUT_OF_RANGE_HINT = /(?:^|[:,[])\s*-?(?:\d{210}|\d+(?:\.\d*)?[eE]\+?\d{3})/;

/**
 * Whether the JSON holds a number beyond a double (1e400, 400 digits). JSON.parse reads it as
 * ±Infinity and JSON.stringify stores that as null: a field group with "minimum": 1e400 was kept
 * with null, which then failed every schema using it and a seed of the export.
 */
export function jsonHoldsNumberOutOfRange(text: string): boolean {
  if (!OUT_OF_RANGE_HINT.test(text)) return false;
  let found = false;
  try {
    JSON.parse(text, (_key, value: unknown) => {
      if (typeof value === "number" && !Number.isFinite(value)) found = true;
      return value;
    });
  } catch {
    return false;
  }
  return found;
}

/**
 * The request body as text, read once: Hono's later `c.req.text()` and `c.req.json()` (its
 * validators') answer from the same cache. Served by @hono/node-server, a body nothing has started
 * reading is read straight from Node's request: through `c.req.text()` it went through a web
 * ReadableStream and a TextDecoder, which cost a batch of 500 inlet messages a tenth of its time.
 * Decoded as the Fetch API decodes (invalid bytes become U+FFFD, a leading byte order mark is dropped).
 * With `limit`, reading stops as soon as the body is longer (a body sent in chunks declares no
 * length) and `limit.tooLarge()` is thrown, so no client can make the emulator hold more.
 */
export function bodyText(c: Context, limit?: BodyLimit): Promise<string> {
  // Hono types the cache as Body's methods; it holds their promises.
  const cache = c.req.bodyCache as { text?: Promise<string> };
  if (cache.text !== undefined) return cache.text;
  const incoming = unreadIncoming(c);
  if (incoming === undefined) return c.req.text();
  const text = readAll(incoming, limit?.bytes ?? Number.POSITIVE_INFINITY).then(utf8Text, (reason) => {
    throw readFailure(c, reason, limit);
  });
  cache.text = text;
  return text;
}

export interface BodyLimit {
  bytes: number;
  tooLarge: () => Error;
}

/**
 * The text of a body sent with `Content-Encoding: gzip`, inflated, cached where bodyText caches it
 * (the route's validator then parses the inflated JSON). Neither the compressed bytes nor the
 * inflated ones may pass `limit.bytes`; bytes that are not gzip are a 400.
 */
export function gunzippedBodyText(c: Context, limit: BodyLimit): Promise<string> {
  const cache = c.req.bodyCache as { text?: Promise<string> };
  if (cache.text !== undefined) return cache.text;
  const text = bodyBytes(c, limit, true).then(utf8Text);
  cache.text = text;
  return text;
}

/**
 * The body's bytes, inflated when `gzipped`, for a body that is not text (the inlet's Smile).
 * Neither the bytes sent nor the inflated ones may pass `limit.bytes`. Nothing is cached.
 */
export async function bodyBytes(c: Context, limit: BodyLimit, gzipped: boolean): Promise<Buffer> {
  const incoming = unreadIncoming(c);
  // Not through c.req.arrayBuffer(): Hono would cache the bytes sent, and its validator could parse those.
  const sent = incoming === undefined ? c.req.raw.arrayBuffer().then((buffer) => Buffer.from(buffer)) : readAll(incoming, limit.bytes);
  const bytes = await sent.catch((reason) => {
    throw readFailure(c, reason, limit);
  });
  if (bytes.length > limit.bytes) throw limit.tooLarge();
  return gzipped ? gunzipBytes(c, bytes, limit) : bytes;
}

const gunzipAsync = promisify(gunzip);

async function gunzipBytes(c: Context, bytes: Buffer, limit: BodyLimit): Promise<Buffer> {
  try {
    return await gunzipAsync(bytes, { maxOutputLength: limit.bytes });
  } catch (error) {
    if ((error as { code?: string }).code === "ERR_BUFFER_TOO_LARGE") throw limit.tooLarge();
    throw badRequestForPath(c.req.path, "The request body is not valid gzip, as its Content-Encoding says.");
  }
}

/** Node's request, when the body is served by @hono/node-server and nothing has started reading it. */
function unreadIncoming(c: Context): IncomingMessage | undefined {
  const incoming = (c.env as { incoming?: unknown } | undefined)?.incoming;
  if (!(incoming instanceof IncomingMessage) || incoming.readableDidRead || incoming.readableFlowing !== null) return undefined;
  return incoming;
}

function utf8Text(bytes: Buffer): string {
  const decoded = bytes.toString("utf8");
  return decoded.charCodeAt(0) === 0xfeff ? decoded.slice(1) : decoded;
}

function readFailure(c: Context, reason: unknown, limit: BodyLimit | undefined): Error {
  if (reason === TOO_LARGE && limit !== undefined) return limit.tooLarge();
  // No one is left to read the answer; an ApiError keeps it out of the server's error log.
  return badRequestForPath(c.req.path, "The client closed the connection before sending the whole body.");
}

const TOO_LARGE = Symbol("too large");

/** The whole body; rejects with TOO_LARGE (and stops reading) once it is longer than `maxBytes`. */
function readAll(incoming: IncomingMessage, maxBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let length = 0;
    const onData = (chunk: Buffer) => {
      length += chunk.length;
      if (length <= maxBytes) {
        chunks.push(chunk);
        return;
      }
      // @hono/node-server drains or closes what is left once the answer is sent.
      incoming.off("data", onData);
      incoming.pause();
      reject(TOO_LARGE);
    };
    incoming.on("data", onData);
    incoming.once("end", () => resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks)));
    incoming.once("error", reject);
    incoming.once("close", () => {
      if (!incoming.readableEnded) reject(new Error("closed"));
    });
  });
}

export function tooDeep(path: string, max = MAX_JSON_DEPTH) {
  return badRequestForPath(path, `The request body is nested more than ${max} levels deep.`);
}

/** Whether JSON text opens more than `max` arrays or objects inside one another (strings skipped). */
export function jsonDepthExceeds(text: string, max = MAX_JSON_DEPTH): boolean {
  let depth = 0;
  for (let index = 0; index < text.length; index++) {
    const char = text.charCodeAt(index);
    if (char === 0x22) {
      index = closingQuote(text, index);
    } else if (char === 0x7b || char === 0x5b) {
      if (++depth > max) return true;
    } else if (char === 0x7d || char === 0x5d) {
      depth--;
    }
  }
  return false;
}

/** The index of the quote that closes the string opened at `open` (text.length if none): indexOf skips string contents natively. */
export function closingQuote(text: string, open: number): number {
  let quote = text.indexOf('"', open + 1);
  while (quote !== -1) {
    let backslashes = 0;
    while (text.charCodeAt(quote - 1 - backslashes) === 0x5c) backslashes++;
    if (backslashes % 2 === 0) return quote;
    quote = text.indexOf('"', quote + 1);
  }
  return text.length;
}

/** Whether a parsed value nests arrays or objects more than `max` deep (iterative: any depth is safe). */
export function valueDepthExceeds(value: unknown, max = MAX_JSON_DEPTH): boolean {
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop() as [unknown, number];
    if (node === null || typeof node !== "object") continue;
    if (depth > max) return true;
    for (const child of Object.values(node)) if (child !== null && typeof child === "object") stack.push([child, depth + 1]);
  }
  return false;
}
