import { afterEach, describe, expect, it } from "vitest";
import { FaultRules } from "../../emulator/control/faults.js";
import { errorForStatus } from "../../emulator/platform/errors.js";
import { createTestEmulator, ORG, OTHER_ORG, type TestEmulator } from "../support/app.js";
import { createCustomerioFlow, expectFlowError, FS, getItem } from "../support/flowservice.js";
import { createHttpApiInlet, DCS_TYPE, goodEntity, post, records, xdmMessage } from "../support/inlet.js";
import { CATALOG, SR } from "../support/registry.js";
import { control, expectControlError } from "./support.js";

let emulator: TestEmulator;
afterEach(() => emulator.close());

const addFault = async (rule: unknown) => {
  const response = await control(emulator, "POST", "/_emulator/faults", { body: rule });
  expect(response.status, response.text).toBe(201);
  return response.body as { id: string; fired: number };
};

const flowsStatus = async (options = {}) => (await emulator.request("GET", `${FS}/flows`, options)).status;

describe("POST /_emulator/faults", () => {
  it("answers 201 with the rule and its id; GET lists it", async () => {
    emulator = createTestEmulator();
    const rule = { method: "get", path: `${FS}/flows*`, status: 503, count: 2 };
    const added = await addFault(rule);
    expect(added).toEqual({ id: expect.stringMatching(/^[0-9a-f-]{36}$/), method: "GET", path: `${FS}/flows*`, status: 503, count: 2, fired: 0 });
    const listed = await control(emulator, "GET", "/_emulator/faults");
    expect(listed.body).toEqual({ faults: [added] });
  });

  it("a status alone answers the Flow Service's own error body, with Retry-After: 1 for 503", async () => {
    emulator = createTestEmulator();
    await addFault({ path: `${FS}/flows*`, status: 503 });
    const response = await emulator.request("GET", `${FS}/flows`);
    expectFlowError(response, 1103, 503);
    expect(response.headers.get("retry-after")).toBe("1");
    expect(response.body.report["request-id"]).toBe(response.headers.get("x-request-id"));
    expect(response.headers.get("x-emulator-fault")).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("fires exactly count times, then the real answer comes back and the rule is gone", async () => {
    emulator = createTestEmulator();
    const rule = await addFault({ path: `${FS}/flows`, status: 500, count: 2 });
    const statuses = [await flowsStatus(), await flowsStatus(), await flowsStatus(), await flowsStatus()];
    expect(statuses).toEqual([500, 500, 200, 200]);
    expect((await control(emulator, "GET", "/_emulator/faults")).body.faults).toEqual([]);
    expect((await control(emulator, "DELETE", `/_emulator/faults/${rule.id}`)).status).toBe(404);
  });

  it("counts fired requests while it lasts", async () => {
    emulator = createTestEmulator();
    await addFault({ path: `${FS}/flows`, status: 500, count: 3 });
    await flowsStatus();
    const listed = await control(emulator, "GET", "/_emulator/faults");
    expect(listed.body.faults[0].fired).toBe(1);
  });

  it("delays the real answer by latencyMs when it has no status", async () => {
    emulator = createTestEmulator();
    await addFault({ path: `${FS}/flows`, latencyMs: 150 });
    const started = performance.now();
    const response = await emulator.request("GET", `${FS}/flows`);
    expect(performance.now() - started).toBeGreaterThanOrEqual(145);
    expect(response.status).toBe(200);
    expect(response.body.items).toEqual([]);
    expect(response.headers.get("x-emulator-fault")).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("delays a fault answer by latencyMs plus jitter", async () => {
    emulator = createTestEmulator();
    await addFault({ path: `${FS}/flows`, status: 504, latencyMs: 120, jitterMs: 30 });
    const started = performance.now();
    const response = await emulator.request("GET", `${FS}/flows`);
    expect(performance.now() - started).toBeGreaterThanOrEqual(115);
    expectFlowError(response, 1104, 504);
    expect(response.headers.get("retry-after")).toBeNull();
  });

  it("with probability 0 never fires, with probability 1 always fires", async () => {
    emulator = createTestEmulator();
    const never = await addFault({ path: `${FS}/flows`, status: 500, probability: 0 });
    for (let index = 0; index < 20; index++) expect(await flowsStatus()).toBe(200);
    await control(emulator, "DELETE", `/_emulator/faults/${never.id}`);
    await addFault({ path: `${FS}/flows`, status: 500, probability: 1 });
    for (let index = 0; index < 20; index++) expect(await flowsStatus()).toBe(500);
  });

  it("fires at random with a probability in between (seeded random)", () => {
    let draws = 0;
    const sequence = [0.1, 0.9, 0.4, 0.6];
    const rules = new FaultRules(() => sequence[draws++ % sequence.length]);
    rules.add({ id: "r", path: "/x", status: 500, probability: 0.5, fired: 0 });
    const fired = [1, 2, 3, 4].map(() => rules.take({ method: "GET", path: "/x" }) !== undefined);
    expect(fired).toEqual([true, false, true, false]);
  });

  it("matches method, org and sandbox when the rule names them", async () => {
    emulator = createTestEmulator();
    await addFault({ method: "POST", path: `${FS}/flows`, status: 500 });
    await addFault({ path: `${FS}/connections`, org: OTHER_ORG, sandbox: "dev", status: 500 });
    expect(await flowsStatus()).toBe(200);
    expect((await emulator.request("POST", `${FS}/flows`, { body: {} })).status).toBe(500);
    const connections = async (options: { org?: string; sandbox?: string }) => (await emulator.request("GET", `${FS}/connections`, options)).status;
    expect(await connections({})).toBe(200);
    expect(await connections({ org: OTHER_ORG })).toBe(200);
    expect(await connections({ org: OTHER_ORG, sandbox: "dev" })).toBe(500);
  });

  it("answers the rule's body and headers; the rule's Retry-After wins", async () => {
    emulator = createTestEmulator();
    const long = "x".repeat(8192);
    await addFault({ path: `${FS}/flows`, status: 429, body: { custom: true }, headers: { "Retry-After": "7", "x-extra": "yes", "x-latin": "caf\u00e9\tnoir", "x-long": long } });
    const response = await emulator.request("GET", `${FS}/flows`);
    expect(response.status).toBe(429);
    expect(response.body).toEqual({ custom: true });
    expect(response.headers.get("retry-after")).toBe("7");
    expect(response.headers.get("x-extra")).toBe("yes");
    expect(response.headers.get("x-latin")).toBe("caf\u00e9\tnoir");
    expect(response.headers.get("x-long")).toBe(long);
  });

  it("answers before the gateway, so a fault can look like the gateway's answer", async () => {
    emulator = createTestEmulator();
    await addFault({ path: "/data/*", status: 401 });
    const response = await emulator.request("GET", `${SR}/tenant/schemas`, { headers: { Authorization: undefined } });
    expect(response.status).toBe(401);
    expect(response.body).toEqual({ error_code: "401013", message: "Oauth token is not valid" });
  });

  it("answers the inlet's body on /collection paths", async () => {
    emulator = createTestEmulator();
    await addFault({ path: "/collection/*", status: 503 });
    const response = await emulator.app.request(`/collection/${"a".repeat(64)}`, { method: "POST", body: "{}", headers: { "Content-Type": "application/json" } });
    expect(response.status).toBe(503);
    expect(response.headers.get("retry-after")).toBe("1");
    expect(await response.json()).toMatchObject({
      type: "http://ns.adobe.com/adobecloud/problem/data-collection-service/inlet",
      status: 503,
      report: { message: "The service is unavailable." },
    });
  });

  it("never applies to /_emulator", async () => {
    emulator = createTestEmulator();
    await addFault({ path: "*", status: 500 });
    expect((await control(emulator, "GET", "/_emulator/health")).status).toBe(200);
    expect((await control(emulator, "GET", "/_emulator/faults")).status).toBe(200);
    expect((await control(emulator, "GET", "/_emulator/health", { headers: { "x-emulator-fault": "503" } })).status).toBe(200);
    expect(await flowsStatus()).toBe(500);
  });

  it("is journaled with its final status and rule id", async () => {
    emulator = createTestEmulator();
    const rule = await addFault({ path: `${FS}/flows`, status: 502, count: 1 });
    await flowsStatus();
    const { body } = await control(emulator, "GET", "/_emulator/requests");
    expect(body.requests).toEqual([expect.objectContaining({ path: `${FS}/flows`, status: 502, fault: rule.id })]);
  });

  it("is journaled with its rule id when it only delays; the header fault as \"header\"; an invalid header as no fault", async () => {
    emulator = createTestEmulator();
    const rule = await addFault({ path: `${FS}/flows`, latencyMs: 1, count: 1 });
    await flowsStatus();
    await flowsStatus({ headers: { "x-emulator-fault": "503" } });
    await flowsStatus({ headers: { "x-emulator-fault": "200" } });
    await flowsStatus();
    const { body } = await control(emulator, "GET", "/_emulator/requests");
    expect(body.requests.map((entry: { status: number; fault?: string }) => [entry.status, entry.fault])).toEqual([
      [200, rule.id],
      [503, "header"],
      [400, undefined],
      [200, undefined],
    ]);
  });

  it.each([
    ["no path", { status: 500 }, /path/],
    ["a path that does not start with /", { path: "data/x", status: 500 }, /path: must start with \//],
    ["neither status nor latency", { path: "/data/x" }, /needs a status, a latencyMs or both/],
    ["a body without a status", { path: "/data/x", latencyMs: 1, body: {} }, /body and headers need a status/],
    ["a status that is not an error", { path: "/data/x", status: 200 }, /status/],
    ["a probability above 1", { path: "/data/x", status: 500, probability: 2 }, /probability/],
    ["a count of 0", { path: "/data/x", status: 500, count: 0 }, /count/],
    ["an unknown method", { path: "/data/x", status: 500, method: "FETCH" }, /method: must be one of/],
    ["an unknown field", { path: "/data/x", status: 500, when: "now" }, /when/],
    ["a bad header name", { path: "/data/x", status: 500, headers: { "bad header": "x" } }, /headers/],
    ["a header value with a line break", { path: "/data/x", status: 500, headers: { "x-a": "b\r\nx-evil: 1" } }, /headers\.x-a: must be an HTTP header value/],
    ["a header value with NUL", { path: "/data/x", status: 500, headers: { "x-a": "a\u0000b" } }, /must be an HTTP header value/],
    ["a header value beyond Latin-1", { path: "/data/x", status: 500, headers: { "x-a": "\u2603" } }, /must be an HTTP header value/],
    ["a header value of 8193 characters", { path: "/data/x", status: 500, headers: { "x-a": "x".repeat(8193) } }, /at most 8192 characters/],
    ["a Content-Length of its own", { path: "/data/x", status: 500, headers: { "Content-Length": "5" } }, /set by the server/],
    ["a Transfer-Encoding of its own", { path: "/data/x", status: 500, headers: { "transfer-encoding": "chunked" } }, /set by the server/],
  ])("refuses %s with 400 and adds nothing", async (_case, rule, detail) => {
    emulator = createTestEmulator();
    expectControlError(await control(emulator, "POST", "/_emulator/faults", { body: rule }), 400, detail);
    expect((await control(emulator, "GET", "/_emulator/faults")).body.faults).toEqual([]);
  });

  it("refuses malformed JSON with 400", async () => {
    emulator = createTestEmulator();
    expectControlError(await control(emulator, "POST", "/_emulator/faults", { raw: "{" }), 400, /JSON/);
  });
});

describe("DELETE /_emulator/faults", () => {
  it("removes one rule by id, or all of them", async () => {
    emulator = createTestEmulator();
    const first = await addFault({ path: `${FS}/flows`, status: 500 });
    await addFault({ path: `${FS}/connections`, status: 500 });
    await addFault({ path: `${FS}/runs`, status: 500 });
    expect((await control(emulator, "DELETE", `/_emulator/faults/${first.id}`)).status).toBe(204);
    expect(await flowsStatus()).toBe(200);
    expect((await control(emulator, "GET", "/_emulator/faults")).body.faults).toHaveLength(2);
    expect((await control(emulator, "DELETE", "/_emulator/faults")).body).toEqual({ cleared: 2 });
    expect((await emulator.request("GET", `${FS}/connections`)).status).toBe(200);
  });

  it("answers 404 for an unknown rule", async () => {
    emulator = createTestEmulator();
    expectControlError(await control(emulator, "DELETE", "/_emulator/faults/nope"), 404, /No fault rule nope/);
  });
});

describe("x-emulator-fault request header", () => {
  it("makes that one request fail with that status, in the path's envelope", async () => {
    emulator = createTestEmulator();
    const faulted = await emulator.request("GET", `${FS}/flows`, { headers: { "x-emulator-fault": "500" } });
    expectFlowError(faulted, 1102, 500);
    expect(faulted.headers.get("x-emulator-fault")).toBe("header");
    expect(await flowsStatus()).toBe(200);
    const throttled = await emulator.request("GET", `${CATALOG}/dataSets`, { headers: { "x-emulator-fault": "429" } });
    expect(throttled.status).toBe(429);
    expect(throttled.body).toEqual({ error_code: "429050", message: "Too many requests" });
    expect(throttled.headers.get("retry-after")).toBe("1");
  });

  it("does not write anything: a faulted create stores nothing", async () => {
    emulator = createTestEmulator();
    const { flow } = await createCustomerioFlow(emulator);
    const response = await emulator.request("DELETE", `${FS}/flows/${flow.id}`, { headers: { "x-emulator-fault": "503" } });
    expect(response.status).toBe(503);
    expect((await emulator.request("GET", `${FS}/flows/${flow.id}`)).status).toBe(200);
  });

  it.each([["200"], ["abc"], ["5000"], [""]])("refuses the value %j with 400", async (value) => {
    emulator = createTestEmulator();
    const response = await emulator.request("GET", `${FS}/flows`, { headers: { "x-emulator-fault": value } });
    expectControlError(response, 400, /x-emulator-fault header must be an HTTP error status/);
  });
});

describe("errorForStatus", () => {
  const body = (path: string, status: number) => errorForStatus(path, status).body("rid") as any;

  it.each([
    [`${FS}/flows`, 400, "https://ns.adobe.com/aep/errors/FLOW-1100-400"],
    [`${FS}/flows`, 404, "https://ns.adobe.com/aep/errors/FLOW-1101-404"],
    [`${FS}/flows/x`, 412, "https://ns.adobe.com/aep/errors/FLOW-1404-412"],
    [`${FS}/flows`, 500, "https://ns.adobe.com/aep/errors/FLOW-1102-500"],
    [`${FS}/flows`, 503, "https://ns.adobe.com/aep/errors/FLOW-1103-503"],
    [`${FS}/flows`, 504, "https://ns.adobe.com/aep/errors/FLOW-1104-504"],
    [`${SR}/tenant/schemas`, 400, "http://ns.adobe.com/aep/errors/XDM-1000-400"],
    [`${SR}/tenant/schemas`, 404, "http://ns.adobe.com/aep/errors/XDM-1001-404"],
    ["/data/foundation/conversion/mappingSets", 500, "http://ns.adobe.com/aep/errors/MAPPER-1900-500"],
    ["/collection/abc", 500, "http://ns.adobe.com/adobecloud/problem/data-collection-service/inlet"],
    ["/collection/abc", 401, "https://ns.adobe.com/adobecloud/problem/data-collection-service-authorization"],
  ])("%s %i answers %s", (path, status, type) => {
    expect(errorForStatus(path, status).status).toBe(status);
    expect(body(path, status).type).toBe(type);
  });

  it("answers the gateway's bodies for 401, 403 and 429 on platform paths", () => {
    expect(body(`${FS}/flows`, 401)).toEqual({ error_code: "401013", message: "Oauth token is not valid" });
    expect(body(`${CATALOG}/dataSets`, 403)).toEqual({ error_code: "403025", message: "Profile is not valid" });
    expect(body(`${SR}/stats`, 429)).toEqual({ error_code: "429050", message: "Too many requests" });
  });

  it("answers the service's generic envelope for statuses without an Adobe code", () => {
    expect(body(`${FS}/flows`, 502)).toEqual({ type: "/placeholder/type/uri", status: 502, title: "BadGatewayError", detail: "Bad gateway." });
    expect(body(`${CATALOG}/dataSets`, 503)).toMatchObject({ status: 503, title: "ServiceUnavailableError", report: { "request-id": "rid" } });
    expect(body("/collection/abc", 413)).toMatchObject({ status: 413, report: { message: "The payload is larger than 1 MB." } });
    expect(body("/data/foundation/other", 409)).toEqual({ type: "/placeholder/type/uri", status: 409, title: "ConflictError", detail: "Conflict." });
    expect(body(`${FS}/flows`, 500).report["request-id"]).toBe("rid");
  });
});

describe("fault isolation between tenants", () => {
  it("an org-scoped rule leaves other orgs alone", async () => {
    emulator = createTestEmulator();
    await addFault({ path: `${FS}/*`, org: ORG, status: 503 });
    expect(await flowsStatus()).toBe(503);
    expect(await flowsStatus({ org: OTHER_ORG })).toBe(200);
  });
});

describe("fault rules limited to a tenant, on the streaming inlet", () => {
  const UNKNOWN_INLET = "0".repeat(64);
  type HttpApiInlet = Awaited<ReturnType<typeof createHttpApiInlet>>;
  const message = (inlet: HttpApiInlet, n = 1) => xdmMessage(goodEntity(n), { flowId: inlet.flow.id });
  const sendOne = (inlet: HttpApiInlet, base = "/collection", headers: Record<string, string> = {}) =>
    post(emulator, `${base}/${inlet.inletId}`, message(inlet), headers);
  const sendBatch = (inlet: HttpApiInlet) => post(emulator, `/collection/batch/${inlet.inletId}`, { messages: [message(inlet, 2), message(inlet, 3)] });
  const runsOf = async (inlet: HttpApiInlet, options = {}) => (await emulator.request("GET", `${FS}/runs?property=flowId==${inlet.flow.id}`, options)).body.items;

  it("fire on that tenant's inlet, single and batch, though a webhook sender names no tenant; nothing is stored", async () => {
    emulator = createTestEmulator();
    const inlet = await createHttpApiInlet(emulator);
    const rule = await addFault({ path: "/collection/*", org: ORG, sandbox: "prod", status: 503 });

    const single = await sendOne(inlet);
    expect(single.status, single.text).toBe(503);
    expect(single.body).toMatchObject({ type: DCS_TYPE, status: 503, report: { message: "The service is unavailable." } });
    expect(single.headers.get("retry-after")).toBe("1");
    expect(single.headers.get("x-emulator-fault")).toBe(rule.id);
    const batch = await sendBatch(inlet);
    expect(batch.status, batch.text).toBe(503);
    expect(batch.headers.get("x-emulator-fault")).toBe(rule.id);

    expect((await control(emulator, "GET", "/_emulator/faults")).body.faults).toEqual([expect.objectContaining({ id: rule.id, fired: 2 })]);
    expect((await records(emulator)).items).toEqual([]);
    expect(await runsOf(inlet)).toEqual([]);
  });

  it("leave another tenant's inlet alone, single and batch", async () => {
    emulator = createTestEmulator();
    const others = await createHttpApiInlet(emulator, { dataType: "xdm" }, { org: OTHER_ORG });
    const dev = await createHttpApiInlet(emulator, { dataType: "xdm" }, { sandbox: "dev" });
    await addFault({ path: "/collection/*", org: ORG, sandbox: "prod", status: 503 });
    expect((await sendOne(others)).status).toBe(200);
    expect((await sendBatch(others)).status).toBe(207);
    expect((await records(emulator, "", { org: OTHER_ORG })).items).toHaveLength(3);
    expect((await sendOne(dev)).status).toBe(200);
    expect((await records(emulator, "", { sandbox: "dev" })).items).toHaveLength(1);
  });

  it("leave an unknown inlet alone, which has no tenant (a rule for a sandbox too); a rule for any tenant fires there", async () => {
    emulator = createTestEmulator();
    await addFault({ path: "/collection/*", org: ORG, status: 503 });
    await addFault({ path: "/collection/*", sandbox: "prod", status: 503 });
    expect((await post(emulator, `/collection/${UNKNOWN_INLET}`, {})).status).toBe(404);
    expect((await post(emulator, `/collection/batch/${UNKNOWN_INLET}`, { messages: [] })).status).toBe(404);

    const anyTenant = await addFault({ path: "/collection/*", status: 502 });
    const unknown = await post(emulator, `/collection/${UNKNOWN_INLET}`, {});
    expect(unknown.status).toBe(502);
    expect(unknown.headers.get("x-emulator-fault")).toBe(anyTenant.id);
  });

  it("for a sandbox alone, fire on that sandbox's inlets of any org", async () => {
    emulator = createTestEmulator();
    const others = await createHttpApiInlet(emulator, { dataType: "xdm" }, { org: OTHER_ORG, sandbox: "dev" });
    const prod = await createHttpApiInlet(emulator);
    await addFault({ path: "/collection/*", sandbox: "dev", status: 503 });
    expect((await sendOne(others)).status).toBe(503);
    expect((await sendOne(prod)).status).toBe(200);
  });

  it("fire on a webhook flow's inlet, whose tenant is the flow's", async () => {
    emulator = createTestEmulator();
    const { flow } = await createCustomerioFlow(emulator, { sandbox: "dev" });
    const inletPath = new URL((await getItem(emulator, "flows", flow.id, { sandbox: "dev" })).options.inletUrl).pathname;
    const rule = await addFault({ path: "/collection/*", org: ORG, sandbox: "dev", status: 503 });
    const response = await post(emulator, `${inletPath}?x-adobe-flow-id=${flow.id}`, { event: "email_sent" });
    expect(response.status, response.text).toBe(503);
    expect(response.headers.get("x-emulator-fault")).toBe(rule.id);
  });

  it("on /data/foundation/import/collection, match the inlet's tenant without platform headers and the headers' tenant with them", async () => {
    emulator = createTestEmulator();
    const inlet = await createHttpApiInlet(emulator);
    await addFault({ path: "/data/foundation/import/collection/*", org: OTHER_ORG, status: 503 });
    const IMPORT = "/data/foundation/import/collection";
    expect((await sendOne(inlet, IMPORT)).status).toBe(200);
    const asOtherOrg = { Authorization: "Bearer t", "x-api-key": "test-client", "x-gw-ims-org-id": OTHER_ORG };
    expect((await sendOne(inlet, IMPORT, asOtherOrg)).status).toBe(503);

    await control(emulator, "DELETE", "/_emulator/faults");
    await addFault({ path: "/data/foundation/import/collection/*", org: ORG, status: 503 });
    expect((await sendOne(inlet, IMPORT)).status).toBe(503);
    // The headers name the tenant: another org's request reaches the inlet, which does not know it.
    expect((await sendOne(inlet, IMPORT, asOtherOrg)).status).toBe(404);
    expect((await records(emulator)).items).toHaveLength(1);
  });
});
