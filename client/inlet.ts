import { AepError, type HttpCore } from "./http.js";
import type { BatchMessage, BatchOptions, BatchResponse, InletResponse, SendOptions } from "./types.js";

/**
 * The streaming inlet (DCS, https://dcs.adobedc.net): the inletUrl a flow or an HTTP API
 * connection hands out. Inlets take no platform headers; the access token goes along only for
 * inlets that require authentication. Raw inlets (webhook sources such as Customer.io, HTTP API
 * inlets with `dataType: raw`) learn the dataflow from `x-adobe-flow-id`; XDM messages carry it in
 * `header.flowId`.
 */
export class InletClient {
  constructor(private readonly http: HttpCore) {}

  /**
   * One event: raw JSON for webhook and raw-data inlets, or an XDM `{header, body}` message.
   * A refused event (not an object, wrong flow, failed sync validation...) is an AepError.
   */
  send(inletUrl: string, event: unknown, options: SendOptions = {}): Promise<InletResponse> {
    return this.http.json({
      method: "POST",
      path: withoutParam(inletUrl, FLOW_ID),
      query: { [FLOW_ID]: options.flowId ?? flowIdOf(inletUrl), syncValidation: options.syncValidation },
      body: event,
      auth: options.authenticated ? "bearer" : "none",
    });
  }

  /**
   * Many messages in one request (`{messages: [...]}`); answers 207 with one response per message,
   * in order: `{xactionId}` for a message taken, `{statusCode, message}` for one refused (the
   * others are still written). For raw inlets give the dataflow in `flowId` (or in the inletUrl).
   */
  sendBatch(inletUrl: string, messages: readonly BatchMessage[], options: BatchOptions = {}): Promise<BatchResponse> {
    return this.http.json({
      method: "POST",
      path: batchUrlOf(withoutParam(inletUrl, FLOW_ID)),
      query: { [FLOW_ID]: options.flowId ?? flowIdOf(inletUrl) },
      body: { messages },
      auth: options.authenticated ? "bearer" : "none",
    });
  }
}

const FLOW_ID = "x-adobe-flow-id";

/** https://host/collection/<inletId>?q -> https://host/collection/batch/<inletId>?q. */
export function batchUrlOf(inletUrl: string): string {
  const url = urlOf(inletUrl);
  url.pathname = url.pathname.replace(/\/collection\/(?!batch\/)/, "/collection/batch/");
  return url.href;
}

/** A webhook URL may already carry the flow id (`{inletUrl}?x-adobe-flow-id={FLOW_ID}`). */
function flowIdOf(inletUrl: string): string | undefined {
  return urlOf(inletUrl).searchParams.get(FLOW_ID) ?? undefined;
}

function withoutParam(inletUrl: string, name: string): string {
  const url = urlOf(inletUrl);
  url.searchParams.delete(name);
  return url.href;
}

/** An inletUrl is absolute (http://host/collection/<inletId>): anything else is an AepError, not a TypeError. */
function urlOf(inletUrl: string): URL {
  try {
    return new URL(inletUrl);
  } catch {
    throw new AepError({ status: 0, code: "INVALID_URL", detail: `${inletUrl} is not an absolute URL such as http://localhost:8080/collection/<inletId>.`, method: "POST", url: inletUrl });
  }
}
