import { afterEach, describe, expect, it } from "vitest";
import { parseErrorBody, retryDelayMs } from "../../client/http.js";
import { batchUrlOf } from "../../client/inlet.js";
import { AepError, collect, createClient, type ClientOptions } from "../../client/index.js";
import { CREDENTIALS, json, startStub, type Stub, type StubRequest } from "./support.js";
import type { ServerResponse } from "node:http";

/** The request core against a tiny node:http server on 127.0.0.1: retries, timeouts, headers, errors. */
let stub: Stub | undefined;
afterEach(async () => {
  await stub?.close();
  stub = undefined;
});

async function serve(answer: (request: StubRequest, index: number, response: ServerResponse) => void, options: Partial<ClientOptions> = {}) {
  stub = await startStub(answer);
  return { stub, client: createClient({ baseUrl: stub.url, ...CREDENTIALS, backoffMs: 1, ...options }) };
}

async function rejection(promise: Promise<unknown>): Promise<AepError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(AepError);
  return error as AepError;
}

const ONE_FLOW = { items: [{ id: "flow-1", etag: '"e"' }] };
const UNAVAILABLE = { error_code: "503000", message: "Service Unavailable" };

describe("retries", () => {
  it("retries a 503 that says Retry-After: 0 and answers the 200 that follows", async () => {
    const { stub, client } = await serve((_, index, response) =>
      index === 0 ? json(response, 503, UNAVAILABLE, { "Retry-After": "0" }) : json(response, 200, ONE_FLOW),
    );
    expect((await client.flowService.flows.get("flow-1")).id).toBe("flow-1");
    expect(stub.requests).toHaveLength(2);
  });

  it("retries a 429, and a POST as well (the service did not take it)", async () => {
    const { stub, client } = await serve((_, index, response) =>
      index === 0 ? json(response, 429, { error_code: "429001", message: "Too many requests" }) : json(response, 201, { id: "new", etag: '"e"' }),
    );
    expect(await client.flowService.flows.create({ name: "f", flowSpec: { id: "s" }, sourceConnectionIds: ["a"], targetConnectionIds: ["b"] })).toEqual({
      id: "new",
      etag: '"e"',
    });
    expect(stub.requests.map((request) => request.method)).toEqual(["POST", "POST"]);
    expect(stub.requests[1].body).toBe(stub.requests[0].body);
  });

  it("waits as long as Retry-After says before trying again", async () => {
    const { stub, client } = await serve((_, index, response) =>
      index === 0 ? json(response, 503, UNAVAILABLE, { "Retry-After": "1" }) : json(response, 200, ONE_FLOW),
    );
    await client.flowService.flows.get("flow-1");
    expect(stub.requests[1].at - stub.requests[0].at).toBeGreaterThanOrEqual(950);
  });

  it("gives up after `retries` retries with the last answer as an AepError", async () => {
    const { stub, client } = await serve((_, __, response) => json(response, 503, UNAVAILABLE, { "Retry-After": "0" }), { retries: 2 });
    const error = await rejection(client.flowService.flows.get("flow-1"));
    expect(error).toMatchObject({ status: 503, code: "503000", detail: "Service Unavailable", method: "GET" });
    expect(stub.requests).toHaveLength(3);
  });

  it("a 429 or 503 given up on is retryable and carries the Retry-After it said, in ms", async () => {
    const { client } = await serve((_, __, response) => json(response, 429, { error_code: "429050", message: "Too many requests" }, { "Retry-After": "7" }), { retries: 0 });
    expect(await rejection(client.flowService.flows.get("x"))).toMatchObject({ status: 429, code: "429050", retryable: true, retryAfterMs: 7000 });
    const dated = await serve((_, __, response) => json(response, 503, UNAVAILABLE, { "Retry-After": new Date(Date.now() + 60_000).toUTCString() }), { retries: 0 });
    const unavailable = await rejection(dated.client.flowService.flows.get("x"));
    expect(unavailable).toMatchObject({ status: 503, retryable: true });
    expect(unavailable.retryAfterMs).toBeGreaterThan(55_000);
  });

  it("other errors are not retryable and carry no retry advice, whatever Retry-After they send", async () => {
    const { client } = await serve((_, __, response) => json(response, 400, { error_code: "400003", message: "Missing header" }, { "Retry-After": "5" }));
    const error = await rejection(client.flowService.flows.get("x"));
    expect(error).toMatchObject({ status: 400, retryable: false });
    expect(error.retryAfterMs).toBeUndefined();
  });

  it("does not retry other errors", async () => {
    const { stub, client } = await serve((_, __, response) => json(response, 500, { error_code: "500000", message: "boom" }));
    expect((await rejection(client.flowService.flows.get("x"))).status).toBe(500);
    expect(stub.requests).toHaveLength(1);
  });

  it("does not retry at all when retries is 0", async () => {
    const { stub, client } = await serve((_, __, response) => json(response, 503, UNAVAILABLE), { retries: 0 });
    expect((await rejection(client.flowService.flows.get("x"))).status).toBe(503);
    expect(stub.requests).toHaveLength(1);
  });

  it("retryDelayMs: Retry-After in seconds or as a date wins; otherwise exponential backoff; never over a minute", () => {
    expect(retryDelayMs("2", 0, 500)).toBe(2000);
    expect(retryDelayMs("Wed, 21 Oct 2015 07:28:05 GMT", 0, 500, Date.parse("Wed, 21 Oct 2015 07:28:00 GMT"))).toBe(5000);
    expect(retryDelayMs("Wed, 21 Oct 2015 07:28:05 GMT", 0, 500, Date.parse("Wed, 21 Oct 2015 07:29:00 GMT"))).toBe(0);
    expect(retryDelayMs("3600", 0, 500)).toBe(60_000);
    for (const attempt of [0, 1, 2]) {
      const delay = retryDelayMs(null, attempt, 100);
      expect(delay).toBeGreaterThanOrEqual(100 * 2 ** attempt);
      expect(delay).toBeLessThan(100 * 2 ** attempt + 50);
    }
    expect(retryDelayMs("soon", 20, 500)).toBe(60_000);
  });
});

describe("timeouts and transport failures", () => {
  it("a request with no answer within timeoutMs is an AepError TIMEOUT, not retried", async () => {
    const { stub, client } = await serve(() => {}, { timeoutMs: 150 });
    const error = await rejection(client.flowService.flows.get("slow"));
    expect(error).toMatchObject({ status: 0, code: "TIMEOUT" });
    expect(error.detail).toContain("150 ms");
    expect(stub.requests).toHaveLength(1);
  });

  it("a refused connection is an AepError NETWORK_ERROR", async () => {
    const { stub } = await serve(() => {});
    const url = stub.url;
    await stub.close();
    const client = createClient({ baseUrl: url, ...CREDENTIALS, retries: 0 });
    expect(await rejection(client.flowService.flows.get("x"))).toMatchObject({ status: 0, code: "NETWORK_ERROR" });
  });
});

describe("headers and URLs", () => {
  it("sends Adobe's four headers, JSON Content-Type only with a body, and If-Match on a patch", async () => {
    const { stub, client } = await serve((request, _, response) =>
      request.method === "GET" ? json(response, 200, ONE_FLOW) : json(response, 200, { id: "flow-1", etag: '"f"' }),
    );
    const sandboxed = createClient({ baseUrl: `${stub.url}/`, ...CREDENTIALS, sandboxName: "dev" });
    await sandboxed.flowService.flows.get("flow-1");
    await sandboxed.flowService.flows.update("flow-1", [{ op: "replace", path: "/name", value: "n" }], { ifMatch: '"e"' });
    const [read, patch] = stub.requests;
    expect(read.url).toBe("/data/foundation/flowservice/flows/flow-1");
    expect(read.headers).toMatchObject({
      authorization: "Bearer test-token",
      "x-api-key": CREDENTIALS.apiKey,
      "x-gw-ims-org-id": CREDENTIALS.orgId,
      "x-sandbox-name": "dev",
      accept: "application/json",
    });
    expect(read.headers["content-type"]).toBeUndefined();
    expect(patch.headers).toMatchObject({ "content-type": "application/json", "if-match": '"e"' });
    expect(JSON.parse(patch.body)).toEqual([{ op: "replace", path: "/name", value: "n" }]);
    await client.flowService.flows.get("flow-1");
    expect(stub.requests[2].headers["x-sandbox-name"]).toBeUndefined();
  });

  it("repeats property for each filter and encodes ids in paths", async () => {
    const { stub, client } = await serve((_, __, response) => json(response, 200, { items: [] }));
    await collect(client.flowService.runs.list({ flowId: "f/1", property: "state==enabled", orderby: "-createdAt", limit: 2 }));
    const [request] = stub.requests;
    const query = new URL(request.url, stub.url).searchParams;
    expect(query.getAll("property")).toEqual(["flowId==f/1", "state==enabled"]);
    expect(query.get("orderby")).toBe("-createdAt");
    expect(query.get("limit")).toBe("2");
    await rejection(client.flowService.flows.get("a/b"));
    expect(stub.requests[1].url).toBe("/data/foundation/flowservice/flows/a%2Fb");
  });

  it("get of an answer without items is an AepError UNEXPECTED_BODY", async () => {
    const { client } = await serve((_, __, response) => json(response, 200, { items: [] }));
    expect(await rejection(client.flowService.flows.get("x"))).toMatchObject({ status: 200, code: "UNEXPECTED_BODY" });
  });

  it("a service that names the page just read as the next one is an AepError PAGING_LOOP, not an endless list", async () => {
    const { client } = await serve((_, __, response) => json(response, 200, { items: [{ id: "a" }], _links: { next: { href: "/data/foundation/flowservice/flows?continuationToken=same" } } }));
    const seen: unknown[] = [];
    const listing = (async () => {
      for await (const item of client.flowService.flows.list()) seen.push(item);
    })();
    expect(await rejection(listing)).toMatchObject({ status: 0, code: "PAGING_LOOP" });
    expect(seen).toHaveLength(2);
  });

  it("an accessToken function that fails is an AepError TOKEN_ERROR, nothing sent", async () => {
    const { stub, client } = await serve((_, __, response) => json(response, 200, ONE_FLOW), {
      accessToken: () => {
        throw new Error("vault unreachable");
      },
    });
    expect(await rejection(client.flowService.flows.get("flow-1"))).toMatchObject({ status: 0, code: "TOKEN_ERROR", detail: expect.stringContaining("vault unreachable") });
    expect(stub.requests).toHaveLength(0);
  });

  it("a 2xx list whose body is empty, null or an HTML page is an AepError UNEXPECTED_BODY, not an empty list", async () => {
    const bodies: [string, string][] = [["application/json", ""], ["application/json", "null"], ["text/html", "<html>a portal</html>"], ["application/json", "7"]];
    for (const [contentType, body] of bodies) {
      const { client } = await serve((_, __, response) => {
        response.writeHead(200, { "Content-Type": contentType });
        response.end(body);
      });
      for (const list of [client.flowService.flows.listPage(), client.flowService.runs.listPage(), client.dataPrep.mappingSets.listPage()]) {
        expect(await rejection(list), body).toMatchObject({ status: 200, code: "UNEXPECTED_BODY" });
      }
      await stub?.close();
      stub = undefined;
    }
  });
});

describe("parseErrorBody reads every envelope", () => {
  it("gateway {error_code, message}, string or number", () => {
    expect(parseErrorBody(403, { error_code: "403010", message: "Oauth token is missing." })).toEqual({
      code: "403010",
      detail: "Oauth token is missing.",
      report: undefined,
      requestId: undefined,
    });
    expect(parseErrorBody(401, { error_code: 401013, message: "Oauth token is not valid" }).code).toBe("401013");
  });

  it("Flow Service FLOW-<code>-<status> with its report and request id", () => {
    const parsed = parseErrorBody(404, {
      type: "https://ns.adobe.com/aep/errors/FLOW-1439-404",
      title: "Resource not found",
      status: 404,
      report: { "detailed-message": "The requested flows resource x is not found.", id: "x", "request-id": "req-1", type: "flows" },
      errorMessage: "The requested flows resource x is not found.",
      errorDetails: "The requested flows resource x is not found.",
    });
    expect(parsed).toMatchObject({ code: "FLOW-1439-404", detail: "The requested flows resource x is not found.", requestId: "req-1" });
    expect(parsed.report).toMatchObject({ id: "x", type: "flows" });
  });

  it("the older Flow Service {errorMessage, errorDetails}, with the request id from x-request-id", () => {
    const parsed = parseErrorBody(412, { errorMessage: "Supplied version=[a] does not match", errorDetails: "..." }, new Headers({ "x-request-id": "r-9" }));
    expect(parsed).toMatchObject({ code: "HTTP-412", detail: "Supplied version=[a] does not match", requestId: "r-9" });
  });

  it("Schema Registry XDM-<code>-<status> with registryRequestId", () => {
    const parsed = parseErrorBody(404, {
      type: "http://ns.adobe.com/aep/errors/XDM-1012-404",
      title: "Resource Not Found",
      status: 404,
      report: { registryRequestId: "reg-1", timestamp: "10-22-2020 06:42:13", "detailed-message": "Requested resource s is not found" },
      detail: "Requested resource s is not found",
    });
    expect(parsed).toMatchObject({ code: "XDM-1012-404", detail: "Requested resource s is not found", requestId: "reg-1" });
  });

  it("the generic placeholder problem and the streaming inlet's problem: the title is the code", () => {
    expect(parseErrorBody(400, { type: "/placeholder/type/uri", status: 400, title: "BadRequestError", detail: "A valid content-type must be specified" })).toMatchObject({
      code: "BadRequestError",
      detail: "A valid content-type must be specified",
    });
    expect(
      parseErrorBody(401, {
        type: "https://ns.adobe.com/adobecloud/problem/data-collection-service-authorization",
        status: "401",
        title: "Authorization",
        report: { message: "[id] Ims service token is empty" },
      }),
    ).toMatchObject({ code: "Authorization", detail: "[id] Ims service token is empty" });
  });

  it("the inlet's sync validation failure: report.message and every violation of _streamingValidation", () => {
    const violation = (pointer: string, keyword: string, message: string) => ({ schemaLocation: "#", pointerToViolation: pointer, causingExceptions: [], keyword, message });
    const body = {
      type: "http://ns.adobe.com/adobecloud/problem/data-collection-service/inlet",
      status: 400,
      title: "Invalid XDM Message Format",
      report: {
        message: "inletId: [i] imsOrgId: [o] Message is invalid",
        cause: {
          _streamingValidation: [
            {
              schemaLocation: "#",
              pointerToViolation: "#",
              causingExceptions: [
                violation("#/_tenant/email", "type", "expected type: String, found: Integer"),
                violation("#", "required", "required key [_id] not found"),
              ],
              message: "2 schema violations found",
            },
          ],
        },
      },
    };
    expect(parseErrorBody(400, body)).toMatchObject({
      code: "Invalid XDM Message Format",
      detail: "inletId: [i] imsOrgId: [o] Message is invalid: #/_tenant/email: expected type: String, found: Integer; required key [_id] not found",
      report: body.report,
    });
  });

  it("a proxy's HTML error page is read by its title, or its text without the markup", () => {
    const nginx = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";
    expect(parseErrorBody(502, nginx)).toMatchObject({ code: "HTTP-502", detail: "502 Bad Gateway" });
    const untitled = "<!DOCTYPE html><html><body><h1>504 Gateway Time-out</h1>\n<p>The server didn't respond in time.</p></body></html>";
    expect(parseErrorBody(504, untitled)).toMatchObject({ code: "HTTP-504", detail: "504 Gateway Time-out The server didn't respond in time." });
    expect(parseErrorBody(500, "  upstream connect error <not markup>  ")).toMatchObject({ detail: "upstream connect error <not markup>" });
  });

  it("text and HTML bodies become HTTP-<status> with the start of the text", async () => {
    expect(parseErrorBody(502, "<html>Bad Gateway</html>")).toMatchObject({ code: "HTTP-502", detail: "Bad Gateway" });
    expect(parseErrorBody(500, undefined)).toMatchObject({ code: "HTTP-500", detail: "HTTP 500" });
    const { client } = await serve((_, __, response) => {
      response.writeHead(502, { "Content-Type": "text/html" });
      response.end("<html>Bad Gateway</html>");
    });
    const error = await rejection(client.flowService.flows.get("x"));
    expect(error).toMatchObject({ status: 502, code: "HTTP-502", body: "<html>Bad Gateway</html>" });
    expect(error.message).toContain("502 HTTP-502");
  });
});

describe("the streaming inlet", () => {
  it("send posts the raw event with x-adobe-flow-id and no platform headers", async () => {
    const answer = { inletId: "abc", xactionId: "1:2:3", receivedTimeMs: 1, syncValidation: { skipped: true } };
    const { stub, client } = await serve((_, __, response) => json(response, 200, answer));
    expect(await client.inlet.send(`${stub.url}/collection/abc`, { event_id: "e1" }, { flowId: "flow-1" })).toEqual(answer);
    const [request] = stub.requests;
    expect(request.url).toBe("/collection/abc?x-adobe-flow-id=flow-1");
    expect(JSON.parse(request.body)).toEqual({ event_id: "e1" });
    expect(request.headers["content-type"]).toBe("application/json");
    for (const header of ["authorization", "x-api-key", "x-gw-ims-org-id"]) expect(request.headers[header]).toBeUndefined();
  });

  it("send keeps a flow id already in the webhook URL; authenticated inlets get the token", async () => {
    const { stub, client } = await serve((_, __, response) => json(response, 200, { inletId: "abc", xactionId: "x", receivedTimeMs: 1 }));
    await client.inlet.send(`${stub.url}/collection/abc?x-adobe-flow-id=from-url`, {}, { authenticated: true, syncValidation: true });
    const [request] = stub.requests;
    expect(request.url).toBe("/collection/abc?x-adobe-flow-id=from-url&syncValidation=true");
    expect(request.headers.authorization).toBe("Bearer test-token");
    expect(request.headers["x-api-key"]).toBeUndefined();
  });

  it("sendBatch posts {messages} to /collection/batch/<inletId> and takes the 207", async () => {
    const answer = { inletId: "abc", batchId: "b", receivedTimeMs: 1, responses: [{ xactionId: "b:0" }, { statusCode: 400, message: "bad" }] };
    const { stub, client } = await serve((_, __, response) => json(response, 207, answer));
    const message = {
      header: { schemaRef: { id: "s", contentType: "c" }, datasetId: "d", flowId: "f" },
      body: { xdmMeta: { schemaRef: { id: "s", contentType: "c" } }, xdmEntity: {} },
    };
    expect(await client.inlet.sendBatch(`${stub.url}/collection/abc`, [message, message])).toEqual(answer);
    expect(stub.requests[0].url).toBe("/collection/batch/abc");
    expect(JSON.parse(stub.requests[0].body).messages).toHaveLength(2);
    expect(batchUrlOf("https://dcs.adobedc.net/collection/batch/abc")).toBe("https://dcs.adobedc.net/collection/batch/abc");
  });

  it("sendBatch to a raw inlet sends the flow id (from options, or kept from the webhook URL) as x-adobe-flow-id", async () => {
    const answer = { inletId: "abc", batchId: "b", receivedTimeMs: 1, responses: [{ xactionId: "b:0" }] };
    const { stub, client } = await serve((_, __, response) => json(response, 207, answer));
    await client.inlet.sendBatch(`${stub.url}/collection/abc`, [{ event_id: "e1" }], { flowId: "flow-1" });
    await client.inlet.sendBatch(`${stub.url}/collection/abc?x-adobe-flow-id=from-url`, [{ event_id: "e2" }], { authenticated: true });
    expect(stub.requests.map((request) => request.url)).toEqual(["/collection/batch/abc?x-adobe-flow-id=flow-1", "/collection/batch/abc?x-adobe-flow-id=from-url"]);
    expect(JSON.parse(stub.requests[0].body)).toEqual({ messages: [{ event_id: "e1" }] });
    expect(stub.requests[0].headers.authorization).toBeUndefined();
    expect(stub.requests[1].headers.authorization).toBe("Bearer test-token");
    expect(batchUrlOf("https://dcs.adobedc.net/collection/abc?x-adobe-flow-id=f")).toBe("https://dcs.adobedc.net/collection/batch/abc?x-adobe-flow-id=f");
  });

  it("an inlet's refusal is an AepError with its status", async () => {
    const { client, stub } = await serve((_, __, response) =>
      json(response, 400, { type: "http://ns.adobe.com/adobecloud/problem/data-collection-service/inlet", status: 400, title: "Invalid XDM Message Format", report: { message: "Message is invalid" } }),
    );
    expect(await rejection(client.inlet.send(`${stub.url}/collection/abc`, {}, { flowId: "f" }))).toMatchObject({
      status: 400,
      code: "Invalid XDM Message Format",
      detail: "Message is invalid",
    });
  });
});
