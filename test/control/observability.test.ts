import { afterEach, describe, expect, it } from "vitest";
import { connect } from "node:net";
import { createTestEmulator, ORG, platformHeaders, type RequestOptions, sendJson, type TestEmulator } from "../support/app.js";
import { create, customerioSourceBody, FS } from "../support/flowservice.js";
import { startEmulator, type RunningEmulator } from "../support/process.js";
import { control } from "./support.js";

let emulator: TestEmulator | undefined;
let running: RunningEmulator | undefined;
afterEach(async () => {
  emulator?.close();
  emulator = undefined;
  await running?.stop();
  running = undefined;
});

describe("GET /_emulator/ready", () => {
  it("answers 200 once the database is open, migrated and the fixtures are loaded", async () => {
    emulator = createTestEmulator();
    const response = await control(emulator, "GET", "/_emulator/ready");
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ status: "ready", checks: { database: true, migrations: true, fixtures: true } });
  });

  it("answers 503 with Retry-After while start-up is still loading fixtures", async () => {
    let loaded = false;
    emulator = createTestEmulator({ ready: () => loaded });
    const waiting = await control(emulator, "GET", "/_emulator/ready");
    expect(waiting.status).toBe(503);
    expect(waiting.headers.get("retry-after")).toBe("1");
    expect(waiting.body).toEqual({ status: "unavailable", checks: { database: true, migrations: true, fixtures: false } });
    loaded = true;
    expect((await control(emulator, "GET", "/_emulator/ready")).status).toBe(200);
  });

  it("answers 503 once the database is closed, while health still answers", async () => {
    emulator = createTestEmulator();
    emulator.store.close();
    const response = await control(emulator, "GET", "/_emulator/ready");
    expect(response.status).toBe(503);
    expect(response.body.checks).toEqual({ database: false, migrations: false, fixtures: true });
    expect((await control(emulator, "GET", "/_emulator/health")).status).toBe(200);
  });
});

describe("GET /docs", () => {
  it("serves an index page that loads local Swagger UI assets and our initializer", async () => {
    emulator = createTestEmulator();
    const page = await control(emulator, "GET", "/docs");
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toMatch(/^text\/html/);
    const assets = [...page.text.matchAll(/(?:href|src)="([^"]+)"/g)].map((match) => match[1]);
    expect(assets).toEqual(
      expect.arrayContaining(["/docs/swagger-ui.css", "/docs/swagger-ui-bundle.js", "/docs/swagger-initializer.js"]),
    );
    expect(assets.every((asset) => asset.startsWith("/docs/"))).toBe(true);
    expect(page.text).not.toMatch(/https?:\/\//);
    expect(page.text).not.toMatch(/<script>(?!<\/script>)/);
    for (const asset of assets) {
      const response = await emulator.app.request(asset);
      expect(response.status, asset).toBe(200);
      expect((await response.arrayBuffer()).byteLength, asset).toBeGreaterThan(0);
    }
    const bundle = await emulator.app.request("/docs/swagger-ui-bundle.js");
    expect(bundle.headers.get("content-type")).toMatch(/javascript/);
    expect(await bundle.text()).toContain("SwaggerUIBundle");
  });

  it("points Swagger UI at /openapi.json with the online validator off", async () => {
    emulator = createTestEmulator();
    const script = await control(emulator, "GET", "/docs/swagger-initializer.js");
    expect(script.status).toBe(200);
    expect(script.text).toContain('url: "/openapi.json"');
    expect(script.text).toContain("validatorUrl: null");
    expect(script.text).not.toContain("petstore");
    expect((await control(emulator, "GET", "/docs/")).status).toBe(200);
  });

  it("answers 404 for files it does not serve", async () => {
    emulator = createTestEmulator();
    for (const path of ["/docs/package.json", "/docs/index.js", "/docs/..%2Fpackage.json", "/docs/swagger-ui.js.map"]) {
      expect((await emulator.app.request(path)).status, path).toBe(404);
    }
  });
});

describe("/openapi.json", () => {
  it("describes every control-plane route", async () => {
    emulator = createTestEmulator();
    const { paths } = (await control(emulator, "GET", "/openapi.json")).body;
    const control_ = Object.entries(paths as Record<string, Record<string, unknown>>)
      .filter(([path]) => path.startsWith("/_emulator"))
      .flatMap(([path, operations]) => Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`));
    expect(control_).toEqual(
      expect.arrayContaining([
        "GET /_emulator/health",
        "GET /_emulator/ready",
        "POST /_emulator/reset",
        "POST /_emulator/seed",
        "GET /_emulator/seed",
        "GET /_emulator/export",
        "GET /_emulator/requests",
        "DELETE /_emulator/requests",
        "POST /_emulator/faults",
        "GET /_emulator/faults",
        "DELETE /_emulator/faults",
        "DELETE /_emulator/faults/{id}",
        "POST /_emulator/provider-states",
        "GET /_emulator/provider-states",
      ]),
    );
    expect(paths["/_emulator/seed"].post.requestBody.content).toHaveProperty("application/yaml");
  });
});

describe("request log", () => {
  it("writes one line per request with method, path, status, ms, request id and tenant, and no credentials", async () => {
    const lines: Record<string, unknown>[] = [];
    emulator = createTestEmulator({ log: (line) => lines.push(line) });
    await create(emulator, "sourceConnections", customerioSourceBody(), { sandbox: "dev", headers: { Authorization: "Bearer very-secret", "x-api-key": "key-secret" } });
    await emulator.request("GET", `${FS}/flows`, { headers: { "x-request-id": "trace-1" } });
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({ method: "POST", path: `${FS}/sourceConnections`, status: 201, tenant: `${ORG}/dev`, requestId: expect.any(String) });
    expect(lines[1]).toMatchObject({ method: "GET", status: 200, requestId: "trace-1", ms: expect.any(Number) });
    const text = JSON.stringify(lines);
    expect(text).not.toContain("very-secret");
    expect(text).not.toContain("key-secret");
  });

  it("names the tenant of an inlet request, which carries no platform headers", async () => {
    const lines: Record<string, unknown>[] = [];
    emulator = createTestEmulator({ log: (line) => lines.push(line) });
    const values = (await control(emulator, "POST", "/_emulator/provider-states", { body: { state: "a Customer.io dataflow exists", params: { org: "Inlet@AdobeOrg" } } })).body;
    lines.length = 0;
    const response = await emulator.app.request(`/collection/${values.inletId}?x-adobe-flow-id=${values.flowId}`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ event_id: "e1", object_type: "email", metric: "sent", timestamp: 1585250305, data: {} }),
    });
    expect(response.status).toBe(200);
    expect(lines).toEqual([expect.objectContaining({ path: `/collection/${values.inletId}`, status: 200, tenant: "Inlet@AdobeOrg/prod" })]);
    const journal = (await control(emulator, "GET", "/_emulator/requests")).body.requests;
    expect(journal[0].tenant).toEqual({ imsOrgId: "Inlet@AdobeOrg", sandboxName: "prod" });
  });
});

describe("over a real port", () => {
  // Served over a port, an entry keeps Node's list of the request's headers, shared with a recent
  // entry whose list is the same: every entry must still show its own request's headers.
  it("shows each request's own headers, among repeated and more distinct header sets than it compares with", async () => {
    running = await startEmulator({ DB_PATH: ":memory:", JOURNAL_SIZE: "50" });
    const headersOf = (client: number) => ({ ...platformHeaders(), "x-sandbox-name": `sandbox-${client}`, "x-client": `client-${client}` });
    const order = [1, 1, 2, 3, 1, 4, 5, 6, 2, 6, 6, 1];
    for (const [index, client] of order.entries()) {
      const extra: Record<string, string> = index === 3 ? { "x-extra": "only here" } : {};
      const answer = await fetch(`${running.url}${FS}/flows`, { headers: { ...headersOf(client), ...extra } });
      expect(answer.status).toBe(200);
    }
    const answer = await fetch(`${running.url}/_emulator/requests`);
    const { requests } = (await answer.json()) as { requests: { requestHeaders: Record<string, string> }[] };
    expect(requests).toHaveLength(order.length);
    for (const [index, request] of requests.entries()) {
      expect(request.requestHeaders, `request ${index}`).toMatchObject({ "x-client": `client-${order[index]}`, "x-sandbox-name": `sandbox-${order[index]}` });
      expect(request.requestHeaders["x-extra"], `request ${index}`).toBe(index === 3 ? "only here" : undefined);
    }
  }, 20_000);

  it("is ready after start, journals bodies with JOURNAL_BODIES=true, injects faults and serves the docs", async () => {
    running = await startEmulator({ DB_PATH: ":memory:", FIXTURES: "customerio", JOURNAL_BODIES: "true", JOURNAL_SIZE: "5", LOG_LEVEL: "info" });
    const url = running.url;
    expect((await fetch(`${url}/_emulator/ready`)).status).toBe(200);
    const headers = { Authorization: "Bearer real-secret", "x-api-key": "k", "x-gw-ims-org-id": ORG, "Content-Type": "application/json" };
    const body = JSON.stringify(customerioSourceBody());
    const created = await fetch(`${url}${FS}/sourceConnections`, { method: "POST", headers, body });
    expect(created.status).toBe(201);
    const createdBody = await created.json();
    const fault = await fetch(`${url}/_emulator/faults`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ path: `${FS}/flows`, status: 503, count: 1 }),
    });
    expect(fault.status).toBe(201);
    const faulted = await fetch(`${url}${FS}/flows`, { headers });
    expect(faulted.status).toBe(503);
    expect(faulted.headers.get("retry-after")).toBe("1");
    expect((await fetch(`${url}${FS}/flows?property=state==enabled&property=name==a%20b&limit=5`, { headers })).status).toBe(200);
    const journal = (await (await fetch(`${url}/_emulator/requests`)).json()) as any;
    expect(journal.requests.map((entry: any) => entry.status)).toEqual([201, 503, 200]);
    expect(journal.requests[2].query).toEqual({ property: ["state==enabled", "name==a b"], limit: ["5"] });
    expect(journal.requests[2].path).toBe(`${FS}/flows`);
    expect((await fetch(`${url}/c?x=1&y`)).status).toBe(404);
    const short = (await (await fetch(`${url}/_emulator/requests?path=/c`)).json()) as any;
    expect(short.requests.map((entry: any) => [entry.path, entry.query])).toEqual([["/c", { x: ["1"], y: [""] }]]);
    expect(journal.requests[0]).toMatchObject({ requestBytes: body.length, requestBody: body, responseBody: JSON.stringify(createdBody) });
    expect(journal.capacity).toBe(5);
    expect((await fetch(`${url}/docs`)).status).toBe(200);
    expect((await fetch(`${url}/docs/swagger-ui.css`)).status).toBe(200);
    const logged = running
      .output()
      .split("\n")
      .filter((line) => line.startsWith("{"))
      .map((line) => JSON.parse(line))
      .filter((line) => line.path.startsWith(FS));
    expect(logged.map((line) => [line.method, line.status, line.tenant])).toEqual([
      ["POST", 201, `${ORG}/prod`],
      ["GET", 503, `${ORG}/prod`],
      ["GET", 200, `${ORG}/prod`],
    ]);
    expect(running.output()).not.toContain("real-secret");
  }, 20_000);
});

describe("over a real port and in process", () => {
  // Served over a port, the x- headers, x-request-id and request bodies go through Node's own request
  // and response (platform/headers.ts, platform/body.ts, app.ts); in process, through Hono's. The
  // answers match.
  const cases: [string, string, RequestOptions][] = [
    ["plain", `${FS}/flows`, {}],
    ["padded tenant headers", `${FS}/flows`, { headers: { "x-gw-ims-org-id": `  ${ORG}\t`, "x-sandbox-name": " prod ", "x-api-key": " k " } }],
    ["no x-api-key", `${FS}/flows`, { headers: { "x-api-key": undefined } }],
    ["blank org", `${FS}/flows`, { headers: { "x-gw-ims-org-id": "  " } }],
    ["unknown flow", `${FS}/flows/no-such-flow`, {}],
    ["x-emulator-fault", `${FS}/flows`, { headers: { "x-emulator-fault": " 429 " } }],
    ["invalid x-emulator-fault", `${FS}/flows`, { headers: { "x-emulator-fault": "2xx" } }],
    ["unknown inlet", "/collection/0000", { headers: { "x-adobe-flow-id": " f " }, raw: "{}" }],
  ];

  it("are read and answered alike, with x-request-id on every answer", async () => {
    emulator = createTestEmulator();
    running = await startEmulator({ DB_PATH: ":memory:", FIXTURES: "customerio" });
    const url = running.url;
    for (const [name, path, options] of cases) {
      const method = options.raw === undefined ? "GET" : "POST";
      for (const requestId of ["trace-7", "not a valid id"]) {
        const withId = { ...options, headers: { ...options.headers, "x-request-id": requestId, ...(options.raw ? { "Content-Type": "application/json" } : {}) } };
        const local = await emulator.request(method, path, withId);
        const remote = await sendJson((init) => fetch(`${url}${path}`, init), method, withId);
        const label = `${name}, x-request-id ${JSON.stringify(requestId)}`;
        expect(remote.status, label).toBe(local.status);
        for (const answer of [local, remote]) {
          const echoed = answer.headers.get("x-request-id");
          if (requestId === "trace-7") expect(echoed, label).toBe("trace-7");
          else expect(echoed, label).toMatch(/^[0-9a-f-]{36}$/);
        }
        const withoutIds = (text: string, answer: typeof local) => text.replaceAll(answer.headers.get("x-request-id") as string, "<id>");
        expect(withoutIds(remote.text, remote), label).toBe(withoutIds(local.text, local));
      }
    }
  }, 20_000);

  it("read request bodies alike: a byte order mark, invalid UTF-8, none, not JSON, sent in chunks", async () => {
    emulator = createTestEmulator();
    running = await startEmulator({ DB_PATH: ":memory:", FIXTURES: "customerio" });
    const url = running.url;
    const flow = JSON.stringify({ name: "f", flowSpec: { id: "no-such-spec", version: "1.0" }, sourceConnectionIds: ["s"], targetConnectionIds: ["t"] });
    const chunks = (text: string) =>
      new ReadableStream({
        start(controller) {
          controller.enqueue(new TextEncoder().encode(text.slice(0, 20)));
          controller.enqueue(new TextEncoder().encode(text.slice(20)));
          controller.close();
        },
      });
    const bodies: [string, () => RequestInit["body"]][] = [
      ["plain", () => flow],
      ["a byte order mark", () => `\uFEFF${flow}`],
      ["invalid UTF-8 inside a string", () => Buffer.concat([Buffer.from(flow.slice(0, 10)), Buffer.from([0xff, 0xc3]), Buffer.from(flow.slice(10))])],
      ["no body", () => undefined],
      ["not JSON", () => "{"],
      ["sent in chunks, without Content-Length", () => chunks(flow)],
    ];
    const answers = new Map<string, string>();
    for (const [name, body] of bodies) {
      const init = () => ({ method: "POST", headers: { ...platformHeaders(), "Content-Type": "application/json", "x-request-id": "trace-9" }, body: body(), duplex: "half" }) as RequestInit;
      const local = await emulator.app.request(`${FS}/flows`, init());
      const remote = await fetch(`${url}${FS}/flows`, init());
      const answer = await remote.text();
      expect([remote.status, answer], name).toEqual([local.status, await local.text()]);
      answers.set(name, answer);
    }
    expect(answers.get("a byte order mark")).toBe(answers.get("plain"));
    expect(answers.get("sent in chunks, without Content-Length")).toBe(answers.get("plain"));
    expect(answers.get("not JSON")).not.toBe(answers.get("plain"));

    // A client that goes away in the middle of its body: the emulator goes on answering.
    const socket = connect(Number(new URL(url).port), "127.0.0.1");
    await new Promise((resolve) => socket.once("connect", resolve));
    const head = Object.entries({ ...platformHeaders(), "Content-Type": "application/json", "Content-Length": "500" }).map(([name, value]) => `${name}: ${value}`);
    socket.write(`POST ${FS}/flows HTTP/1.1\r\nHost: 127.0.0.1\r\n${head.join("\r\n")}\r\n\r\n{"name": "hal`);
    await new Promise((resolve) => setTimeout(resolve, 50));
    socket.destroy();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect((await fetch(`${url}/_emulator/health`)).status).toBe(200);
    expect((await fetch(`${url}${FS}/flows`, { headers: platformHeaders() })).status).toBe(200);
    expect(running.output()).not.toMatch(/Error|error/);
  }, 20_000);
});
