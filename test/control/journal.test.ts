import { afterEach, describe, expect, it } from "vitest";
import fc from "fast-check";
import { pathMatcher, RequestJournal } from "../../emulator/control/journal.js";
import { createTestEmulator, ORG, OTHER_ORG, type TestEmulator } from "../support/app.js";
import { create, customerioSourceBody, FS } from "../support/flowservice.js";
import { createHttpApiInlet, goodEntity, post, xdmMessage } from "../support/inlet.js";
import { control, expectControlError } from "./support.js";

let emulator: TestEmulator;
afterEach(() => emulator.close());

const journal = async (query = "", headers: Record<string, string> = {}) => {
  const response = await control(emulator, "GET", `/_emulator/requests${query}`, { headers });
  expect(response.status, response.text).toBe(200);
  return response.body as { requests: any[]; size: number; capacity: number; keepBodies: boolean };
};

describe("GET /_emulator/requests", () => {
  it("records method, path, query, status, duration, tenant, operation, request id and body sizes", async () => {
    emulator = createTestEmulator();
    const created = await create(emulator, "sourceConnections", customerioSourceBody(), { sandbox: "dev" });
    await emulator.request("GET", `${FS}/sourceConnections/${created.id}?x=1&x=2`, { sandbox: "dev", headers: { "x-request-id": "trace-42" } });
    const { requests } = await journal();
    expect(requests).toHaveLength(2);
    const [post, get] = requests;
    expect(post).toMatchObject({
      method: "POST",
      path: `${FS}/sourceConnections`,
      status: 201,
      tenant: { imsOrgId: ORG, sandboxName: "dev" },
      operation: `POST ${FS}/sourceConnections`,
      requestBytes: JSON.stringify(customerioSourceBody()).length,
    });
    expect(post.responseBytes).toBeGreaterThan(0);
    expect(post.durationMs).toBeGreaterThanOrEqual(0);
    expect(post.time).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(get).toMatchObject({
      method: "GET",
      path: `${FS}/sourceConnections/${created.id}`,
      query: { x: ["1", "2"] },
      status: 200,
      operation: `GET ${FS}/sourceConnections/{id}`,
      requestId: "trace-42",
      requestBytes: 0,
    });
    expect(get.id).toBeGreaterThan(post.id);
    expect(post.requestBody).toBeUndefined();
    expect(post.responseBody).toBeUndefined();
  });

  it("always redacts Authorization and x-api-key (and cookies)", async () => {
    emulator = createTestEmulator();
    await emulator.request("GET", `${FS}/flows`, { headers: { Authorization: "Bearer secret-token", "x-api-key": "secret-key", Cookie: "s=1" } });
    const { requests } = await journal();
    expect(requests[0].requestHeaders).toMatchObject({ authorization: "[redacted]", "x-api-key": "[redacted]", cookie: "[redacted]", "x-gw-ims-org-id": ORG });
    const everything = JSON.stringify(await journal());
    expect(everything).not.toContain("secret-token");
    expect(everything).not.toContain("secret-key");
  });

  it("records the final status of errors, unknown paths and gateway refusals", async () => {
    emulator = createTestEmulator();
    await emulator.request("GET", `${FS}/flows/no-such-flow`);
    await emulator.request("GET", "/data/foundation/nowhere");
    await emulator.request("GET", `${FS}/flows`, { headers: { Authorization: undefined } });
    const { requests } = await journal();
    expect(requests.map((entry) => entry.status)).toEqual([404, 404, 403]);
    expect(requests[0].operation).toBe(`GET ${FS}/flows/{id}`);
    expect(requests[1].operation).toBeUndefined();
    // The gateway refused before resolving the tenant: the journal still files it under the org header.
    expect(requests[2].tenant).toEqual({ imsOrgId: ORG, sandboxName: "prod" });
  });

  it("does not journal the control plane, the docs or /openapi.json", async () => {
    emulator = createTestEmulator();
    await control(emulator, "GET", "/_emulator/health");
    await control(emulator, "POST", "/_emulator/reset");
    await control(emulator, "GET", "/openapi.json");
    await control(emulator, "GET", "/docs");
    await emulator.request("GET", `${FS}/flows`);
    const { requests } = await journal();
    expect(requests.map((entry) => entry.path)).toEqual([`${FS}/flows`]);
  });

  it("filters by path (substring or * pattern), status or class, org, sandbox and limit", async () => {
    emulator = createTestEmulator();
    await emulator.request("GET", `${FS}/flows`);
    await emulator.request("GET", `${FS}/flows/missing`);
    await emulator.request("GET", `${FS}/sourceConnections`, { sandbox: "dev" });
    await emulator.request("GET", `${FS}/connections`, { org: OTHER_ORG });
    const paths = async (query: string) => (await journal(query)).requests.map((entry) => entry.path);
    expect(await paths("?path=flowservice/flows")).toEqual([`${FS}/flows`, `${FS}/flows/missing`]);
    expect(await paths(`?path=${encodeURIComponent(`${FS}/*s`)}`)).toEqual([`${FS}/flows`, `${FS}/sourceConnections`, `${FS}/connections`]);
    expect(await paths("?status=404")).toEqual([`${FS}/flows/missing`]);
    expect(await paths("?status=2xx")).toEqual([`${FS}/flows`, `${FS}/sourceConnections`, `${FS}/connections`]);
    expect(await paths(`?org=${encodeURIComponent(OTHER_ORG)}`)).toEqual([`${FS}/connections`]);
    expect(await paths("?sandbox=dev")).toEqual([`${FS}/sourceConnections`]);
    expect(await paths(`?org=${encodeURIComponent(ORG)}&sandbox=prod&limit=1`)).toEqual([`${FS}/flows/missing`]);
    expect(await paths("?limit=2")).toEqual([`${FS}/sourceConnections`, `${FS}/connections`]);
  });

  it("matches a pattern of many stars over long paths, as it matches a short one", async () => {
    emulator = createTestEmulator();
    const long = `${FS}/${"a".repeat(60)}`;
    for (let n = 0; n < 20; n++) await emulator.request("GET", long);
    await emulator.request("GET", `${FS}/flows`);
    const paths = async (pattern: string) => (await journal(`?path=${encodeURIComponent(pattern)}`)).requests.map((entry) => entry.path);
    expect(await paths(`*${"a*".repeat(30)}b`)).toEqual([]);
    expect(await paths(`*${"a*".repeat(30)}a`)).toHaveLength(20);
    expect(await paths(`${FS}/*${"a*".repeat(60)}`)).toHaveLength(20);
    expect(await paths(`${FS}/*${"a*".repeat(61)}`)).toEqual([]);
    expect(await paths("*/fl*ws")).toEqual([`${FS}/flows`]);
  });

  it.each([["?status=abc"], ["?status=99"], ["?limit=0"], ["?limit=x"], ["?path="]])("refuses the filter %s with 400", async (query) => {
    emulator = createTestEmulator();
    expectControlError(await control(emulator, "GET", `/_emulator/requests${query}`), 400, /.+/);
  });

  it("shows a caller that names a tenant in x-gw-ims-org-id only that tenant's entries", async () => {
    emulator = createTestEmulator();
    await emulator.request("GET", `${FS}/flows`);
    await emulator.request("GET", `${FS}/flows`, { sandbox: "dev" });
    await emulator.request("GET", `${FS}/flows`, { org: OTHER_ORG });
    await emulator.request("GET", `${FS}/flows`, { headers: { "x-gw-ims-org-id": undefined } });
    const seen = async (headers: Record<string, string>, query = "") =>
      (await journal(query, headers)).requests.map((entry) => entry.tenant ?? null);
    expect(await seen({ "x-gw-ims-org-id": OTHER_ORG })).toEqual([{ imsOrgId: OTHER_ORG, sandboxName: "prod" }]);
    expect(await seen({ "x-gw-ims-org-id": ORG, "x-sandbox-name": "dev" })).toEqual([{ imsOrgId: ORG, sandboxName: "dev" }]);
    // Asking for another tenant's entries does not widen the view.
    expect(await seen({ "x-gw-ims-org-id": OTHER_ORG }, `?org=${encodeURIComponent(ORG)}`)).toEqual([]);
    expect(await seen({})).toHaveLength(4);
    // limit counts the caller's own entries, and size does not reveal the others.
    const own = await journal("?limit=1", { "x-gw-ims-org-id": ORG });
    expect(own.requests.map((entry) => entry.tenant)).toEqual([{ imsOrgId: ORG, sandboxName: "prod" }]);
    expect(own.size).toBe(1);
    expect((await journal()).size).toBe(4);
  });

  it("names the inlet's tenant for an inlet request a fault answered: the org and sandbox filters find it, DELETE with them clears it", async () => {
    emulator = createTestEmulator();
    const inlet = await createHttpApiInlet(emulator, { dataType: "xdm" }, { sandbox: "dev" });
    const message = xdmMessage(goodEntity(), { flowId: inlet.flow.id });
    await control(emulator, "POST", "/_emulator/faults", { body: { path: "/collection/*", org: ORG, sandbox: "dev", status: 503, count: 1 } });
    await control(emulator, "POST", "/_emulator/faults", { body: { path: "/collection/*", status: 502, count: 1 } });
    await control(emulator, "DELETE", "/_emulator/requests");

    expect((await post(emulator, `/collection/${inlet.inletId}`, message)).status).toBe(503);
    expect((await post(emulator, `/collection/batch/${inlet.inletId}`, { messages: [message] })).status).toBe(502);
    expect((await post(emulator, `/collection/${inlet.inletId}`, message, { "x-emulator-fault": "429" })).status).toBe(429);
    expect((await post(emulator, `/collection/${"0".repeat(64)}`, message)).status).toBe(404);
    await emulator.request("GET", `${FS}/flows`);

    const entries = async (query: string) =>
      (await journal(query)).requests.map((entry) => [entry.path.replace(inlet.inletId, "{inletId}"), entry.status, entry.tenant ?? null]);
    const dev = { imsOrgId: ORG, sandboxName: "dev" };
    expect(await entries(`?org=${encodeURIComponent(ORG)}&sandbox=dev`)).toEqual([
      ["/collection/{inletId}", 503, dev],
      ["/collection/batch/{inletId}", 502, dev],
      ["/collection/{inletId}", 429, dev],
    ]);
    expect(await entries("?sandbox=dev&path=/collection/*")).toHaveLength(3);
    expect(await entries(`?org=${encodeURIComponent(OTHER_ORG)}`)).toEqual([]);

    const cleared = await control(emulator, "DELETE", `/_emulator/requests?org=${encodeURIComponent(ORG)}&sandbox=dev`);
    expect(cleared.body).toEqual({ cleared: 3 });
    expect(await entries("")).toEqual([
      [`/collection/${"0".repeat(64)}`, 404, null],
      [`${FS}/flows`, 200, { imsOrgId: ORG, sandboxName: "prod" }],
    ]);
  });

  it("keeps only the newest JOURNAL_SIZE entries", async () => {
    emulator = createTestEmulator({ journal: new RequestJournal(3, false) });
    for (let index = 0; index < 7; index++) await emulator.request("GET", `${FS}/flows?n=${index}`);
    const body = await journal();
    expect(body).toMatchObject({ size: 3, capacity: 3 });
    expect(body.requests.map((entry) => entry.query.n[0])).toEqual(["4", "5", "6"]);
  });

  it("keeps nothing with JOURNAL_SIZE=0", async () => {
    emulator = createTestEmulator({ journal: new RequestJournal(0, false) });
    await emulator.request("GET", `${FS}/flows`);
    expect(await journal()).toEqual({ requests: [], size: 0, capacity: 0, keepBodies: false });
  });

  it("keeps request and response bodies with JOURNAL_BODIES, cut at 64 KiB", async () => {
    emulator = createTestEmulator({ journal: new RequestJournal(10, true) });
    const created = await create(emulator, "sourceConnections", customerioSourceBody());
    const big = { ...customerioSourceBody(), description: "x".repeat(70 * 1024) };
    await emulator.request("POST", `${FS}/sourceConnections`, { body: big });
    const { requests, keepBodies } = await journal();
    expect(keepBodies).toBe(true);
    expect(JSON.parse(requests[0].requestBody)).toEqual(customerioSourceBody());
    expect(JSON.parse(requests[0].responseBody)).toEqual(created);
    expect(requests[0].bodiesTruncated).toBeUndefined();
    expect(requests[1].requestBody).toHaveLength(64 * 1024);
    expect(requests[1].requestBytes).toBe(JSON.stringify(big).length);
    expect(requests[1].bodiesTruncated).toBe(true);
    // The handler still read the whole body.
    expect(requests[1].status).toBe(201);
  });

  it("keeps the answer of a request without a body (GET) with JOURNAL_BODIES", async () => {
    emulator = createTestEmulator({ journal: new RequestJournal(10, true) });
    const created = await create(emulator, "sourceConnections", customerioSourceBody());
    const read = await emulator.request("GET", `${FS}/sourceConnections/${created.id}`);
    const { requests } = await journal();
    expect(requests[1]).toMatchObject({ method: "GET", status: 200, requestBytes: 0, responseBytes: read.text.length });
    expect(requests[1].requestBody).toBeUndefined();
    expect(JSON.parse(requests[1].responseBody)).toEqual(read.body);
  });
});

describe("DELETE /_emulator/requests", () => {
  it("clears everything", async () => {
    emulator = createTestEmulator();
    await emulator.request("GET", `${FS}/flows`);
    await emulator.request("GET", `${FS}/flows`, { org: OTHER_ORG });
    const cleared = await control(emulator, "DELETE", "/_emulator/requests");
    expect(cleared.body).toEqual({ cleared: 2 });
    expect((await journal()).requests).toEqual([]);
  });

  it("clears only the caller's tenant when it names one, in headers or in the query", async () => {
    emulator = createTestEmulator();
    await emulator.request("GET", `${FS}/flows`);
    await emulator.request("GET", `${FS}/flows`, { sandbox: "dev" });
    await emulator.request("GET", `${FS}/flows`, { org: OTHER_ORG });
    const byHeader = await control(emulator, "DELETE", "/_emulator/requests", { headers: { "x-gw-ims-org-id": OTHER_ORG } });
    expect(byHeader.body).toEqual({ cleared: 1 });
    const byQuery = await control(emulator, "DELETE", `/_emulator/requests?org=${encodeURIComponent(ORG)}&sandbox=dev`);
    expect(byQuery.body).toEqual({ cleared: 1 });
    expect((await journal()).requests.map((entry) => entry.tenant)).toEqual([{ imsOrgId: ORG, sandboxName: "prod" }]);
    expectControlError(await control(emulator, "DELETE", "/_emulator/requests?sandbox=dev"), 400, /sandbox needs org/);
    expect((await journal()).requests).toHaveLength(1);
  });
});

describe("RequestJournal", () => {
  it("is a ring: the oldest entries go first, ids keep counting, clearing a tenant keeps order", () => {
    const ring = new RequestJournal(3, false);
    const entry = (n: number, org = "A") => ({
      time: "",
      method: "GET",
      path: `/p${n}`,
      query: {},
      status: 200,
      durationMs: 0,
      tenant: { imsOrgId: org, sandboxName: "prod" },
      requestId: `r${n}`,
      requestBytes: 0,
      responseBytes: 0,
      requestHeaders: {},
    });
    for (let n = 1; n <= 5; n++) ring.add(entry(n, n % 2 === 0 ? "B" : "A"));
    expect(ring.list().map((each) => [each.id, each.path])).toEqual([[3, "/p3"], [4, "/p4"], [5, "/p5"]]);
    expect(ring.clear({ imsOrgId: "B", sandboxName: "prod" })).toBe(1);
    ring.add(entry(6));
    ring.add(entry(7));
    expect(ring.list().map((each) => each.path)).toEqual(["/p5", "/p6", "/p7"]);
    expect(ring.size).toBe(3);
  });
});

describe("path patterns", () => {
  it("match exactly what the anchored regular expression with .* for each * matches", () => {
    const regexOf = (pattern: string) => new RegExp(`^${pattern.split("*").map((text) => text.replace(/[.+?^${}()|[\]\\/]/g, "\\$&")).join(".*")}$`);
    const text = (maxLength: number) => fc.string({ unit: fc.constantFrom("a", "b", "/", "."), maxLength });
    const pattern = fc.string({ unit: fc.constantFrom("a", "b", "/", ".", "*"), maxLength: 8 }).filter((value) => value.includes("*"));
    fc.assert(fc.property(pattern, text(12), (glob, path) => pathMatcher(glob)(path) === regexOf(glob).test(path)), { numRuns: 5000 });
  });
});
