import type { HttpCore } from "./http.js";
import type { BatchResponse, InletResponse, SendOptions, StreamingMessage } from "./types.js";

/**
 * The streaming inlet (DCS, https://dcs.adobedc.net): the inletUrl a flow or an HTTP API
 * connection hands out. Inlets take no platform headers; the access token goes along only for
 * inlets that require authentication.
 */
export class InletClient {
  constructor(private readonly http: HttpCore) {}

  /** One event: raw JSON for webhook and raw-data flows, or an XDM `{header, body}` message. */
  send(inletUrl: string, event: unknown, options: SendOptions = {}): Promise<InletResponse> {
    return this.http.json({
      method: "POST",
      path: withoutParam(inletUrl, "x-adobe-flow-id"),
      query: { "x-adobe-flow-id": options.flowId ?? flowIdOf(inletUrl), syncValidation: options.syncValidation },
      body: event,
      auth: options.authenticated ? "bearer" : "none",
    });
  }

  /** Many XDM messages in one request; answers 207 with one response per message, in order. */
  sendBatch(inletUrl: string, messages: StreamingMessage[], options: Pick<SendOptions, "authenticated"> = {}): Promise<BatchResponse> {
    return this.http.json({
      method: "POST",
      path: batchUrlOf(inletUrl),
      body: { messages },
      auth: options.authenticated ? "bearer" : "none",
    });
  }
}

/** https://host/collection/<inletId> -> https://host/collection/batch/<inletId>. */
export function batchUrlOf(inletUrl: string): string {
  const url = new URL(inletUrl);
  url.search = "";
  url.pathname = url.pathname.replace(/\/collection\/(?!batch\/)/, "/collection/batch/");
  return url.href;
}

/** A webhook URL may already carry the flow id (`{inletUrl}?x-adobe-flow-id={FLOW_ID}`). */
function flowIdOf(inletUrl: string): string | undefined {
  return new URL(inletUrl).searchParams.get("x-adobe-flow-id") ?? undefined;
}

function withoutParam(inletUrl: string, name: string): string {
  const url = new URL(inletUrl);
  url.searchParams.delete(name);
  return url.href;
}
