import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestEmulator, type JsonResponse, ORG, OTHER_ORG, type RequestOptions, type TestEmulator } from "../support/app.js";
import { customerioFlowBody, customerioSourceBody, dataLakeTargetBody, httpApiConnectionBody } from "../support/flowservice.js";
import { fieldGroupBody, PROFILE, schemaBody } from "../support/registry.js";
import { body, enc, filter, headerSet, nastyText, nested, numberish, pathSegment, queryString, runs } from "./arbitraries.js";
import { envelopeOf, expectDocumentedError, expectHealthy, expectNoServerError, noPlatformHeaders } from "./support.js";
import {
  buildWorld,
  CATALOG,
  CIO_SCHEMA,
  CUSTOMERIO_FLOW_SPEC,
  CUSTOMERIO_SPEC,
  DATASET_ID,
  DP,
  FS,
  HTTP_API_SPEC,
  legacyMappingSet,
  SR,
  type World,
  XED,
  xdmEvent,
} from "./world.js";

/**
 * Random and adversarial input on every route the OpenAPI document lists: path parameters, query
 * strings, headers and bodies. Every answer is below 500 and every error is in the documented
 * envelope of its service; a refused write, and any read, leaves all state exactly as it was
 * (GET /_emulator/export plus the dataset records, before and after).
 */

/** Tenants the fuzz acts as; other orgs it invents are reset after each case. */
const KNOWN_TENANTS = [{ org: ORG }, { org: OTHER_ORG }, { org: ORG, sandbox: "dev" }];
const ORGS = [ORG, OTHER_ORG, "' OR 1=1 --", "ÿ org with spaces ÿ", `${"o".repeat(300)}@AdobeOrg`];

let emulator: TestEmulator;
let world: World;
let routes: { method: string; template: string }[];
const prototypeKeys = Object.getOwnPropertyNames(Object.prototype).sort();

/** Each group of properties gets its own emulator and world: successful random writes may delete parts of it. */
function freshEmulatorPerGroup(): void {
  beforeAll(async () => {
    emulator = createTestEmulator();
    world = await buildWorld(emulator.request);
    for (const tenant of KNOWN_TENANTS) {
      const seeded = await emulator.request("GET", `${FS}/flows`, tenant);
      expect(seeded.status).toBe(200);
    }
    const doc = (await emulator.request("GET", "/openapi.json")).body;
    routes = Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(([template, operations]) =>
      Object.keys(operations).map((method) => ({ method: method.toUpperCase(), template })),
    );
  });

  afterAll(async () => {
    await expectHealthy(emulator.request);
    // Nothing any request sent (__proto__ keys, constructor.prototype paths) reached Object.prototype.
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(prototypeKeys);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    emulator.close();
  });
}

const request = (method: string, path: string, options: RequestOptions = {}) => emulator.request(method, path, options);

/** An object nested `levels` levels deep, itself the first. */
const deepValue = (levels: number): unknown => JSON.parse(nested(levels, "object"));

// --- state -------------------------------------------------------------------------------------

interface State {
  tenants: Map<string, unknown>;
  records: string;
}

const tenantKey = (set: { org: string; sandbox: string }) => `${set.org}\u0000${set.sandbox}`;

async function state(): Promise<State> {
  const exported = await request("GET", "/_emulator/export", { headers: noPlatformHeaders() });
  expect(exported.status, exported.text).toBe(200);
  // Every inlet the fuzz can reach belongs to ORG, so only ORG can gain records.
  // (A fuzzed DELETE may remove the fixture dataset itself: its 404 is part of the state then.)
  const records = await request("GET", `/_emulator/datasets/${DATASET_ID}/records?limit=1000`, { headers: { Authorization: undefined } });
  return { tenants: new Map((exported.body as { org: string; sandbox: string }[]).map((set) => [tenantKey(set), set])), records: `${records.status} ${records.text}` };
}

/** Fixture sections a tenant gets on its first request; nothing else may appear in a new tenant. */
const FIXTURE_ONLY = new Set(["name", "org", "sandbox", "tenantId", "fieldGroups", "schemas", "dataSets"]);

function expectUnchanged(before: State, after: State, context: string): void {
  expect(after.records, `records changed: ${context}`).toBe(before.records);
  for (const [key, set] of before.tenants) expect(after.tenants.get(key), `state changed: ${context}`).toEqual(set);
  for (const [key, set] of after.tenants) {
    if (before.tenants.has(key)) continue;
    for (const section of Object.keys(set as object)) expect(FIXTURE_ONLY.has(section), `new tenant got ${section}: ${context}`).toBe(true);
  }
}

/** Tenants a case created by naming a new org: reset, so the state stays small. */
async function forgetNewTenants(before: State, after: State): Promise<void> {
  for (const [key, set] of after.tenants) {
    if (before.tenants.has(key)) continue;
    const { org, sandbox } = set as { org: string; sandbox: string };
    const reset = await request("POST", `/_emulator/reset?${new URLSearchParams({ org, sandbox })}`, { headers: noPlatformHeaders() });
    expect(reset.status, reset.text).toBe(200);
  }
}

// --- route model -------------------------------------------------------------------------------

/** Real values for a path parameter, by the segment before it. */
function realValues(template: string, parameter: string): string[] {
  const segments = template.split("/");
  const before = segments[segments.indexOf(`{${parameter}}`) - 1];
  const byCollection: Record<string, string[]> = {
    connections: [world.connectionId],
    sourceConnections: [world.sourceId, world.httpSourceId],
    targetConnections: [world.targetId, world.httpTargetId],
    flows: [world.flowId, world.httpFlowId],
    runs: [world.runId],
    connectionSpecs: [CUSTOMERIO_SPEC, HTTP_API_SPEC],
    flowSpecs: [CUSTOMERIO_FLOW_SPEC],
    schemas: [world.schemaAltId, enc(world.schemaId), enc(CIO_SCHEMA)],
    fieldgroups: [world.fieldGroupAltId, enc(world.fieldGroupId)],
    classes: [enc(PROFILE)],
    behaviors: [enc("https://ns.adobe.com/xdm/data/time-series")],
    dataSets: [world.dataSetId, DATASET_ID],
    mappingSets: [world.mappingSetId],
    mappings: [world.mappingId],
    collection: [world.inletId, world.webhookInletId, world.authInletId],
    batch: [world.inletId, world.webhookInletId, world.authInletId],
    datasets: [DATASET_ID],
  };
  if (parameter === "container") return ["tenant", "global"];
  return byCollection[before] ?? [];
}

function pathFor(template: string): fc.Arbitrary<string> {
  const parameters = [...template.matchAll(/\{([^}]+)\}/g)].map((match) => match[1]);
  if (parameters.length === 0) return fc.constant(template);
  return fc
    .tuple(
      ...parameters.map((parameter) => {
        const real = realValues(template, parameter);
        return real.length === 0 ? pathSegment : fc.oneof({ weight: 2, arbitrary: fc.constantFrom(...real) }, { weight: 1, arbitrary: pathSegment });
      }),
    )
    .map((values) => parameters.reduce((path, parameter, index) => path.replace(`{${parameter}}`, values[index]), template));
}

/** A body the route takes, to mutate. */
function validBody(method: string, template: string): unknown {
  const routes: Record<string, unknown> = {
    [`POST ${FS}/connections`]: httpApiConnectionBody("fuzzed"),
    [`POST ${FS}/sourceConnections`]: customerioSourceBody(),
    [`POST ${FS}/targetConnections`]: dataLakeTargetBody(),
    [`POST ${FS}/flows`]: customerioFlowBody(world.sourceId, world.targetId),
    [`POST ${FS}/runs`]: { flowId: world.flowId, params: {} },
    [`PATCH ${FS}/connections/{id}`]: [{ op: "replace", path: "/name", value: "renamed" }],
    [`PATCH ${FS}/sourceConnections/{id}`]: [{ op: "replace", path: "/description", value: "d" }],
    [`PATCH ${FS}/targetConnections/{id}`]: [{ op: "add", path: "/params/extra", value: 1 }],
    [`PATCH ${FS}/flows/{id}`]: [{ op: "replace", path: "/name", value: "renamed" }],
    [`POST ${SR}/tenant/schemas`]: schemaBody("Fuzzed schema", [PROFILE]),
    [`POST ${SR}/tenant/fieldgroups`]: fieldGroupBody("extconndev", "Fuzzed field group"),
    [`POST ${CATALOG}/dataSets`]: { name: "fuzzed", schemaRef: { id: CIO_SCHEMA, contentType: "application/vnd.adobe.xed+json;version=1" } },
    [`POST ${DP}/mappingSets`]: legacyMappingSet(),
    [`PUT ${DP}/mappingSets/{id}`]: legacyMappingSet(),
    [`POST ${DP}/mappingSets/validate`]: legacyMappingSet(),
    [`POST ${DP}/mappingSets/preview`]: { data: [{ event_id: "e", metric: "sent", object_type: "email", timestamp: 1 }], mappingSet: legacyMappingSet() },
    [`POST ${DP}/languages/el/validate`]: { expression: "upper(metric)" },
    ["POST /collection/{inletId}"]: xdmEvent(7, world.httpFlowId),
    ["POST /collection/batch/{inletId}"]: { messages: [xdmEvent(8, world.httpFlowId), { a: 1 }] },
    ["POST /data/foundation/import/collection/{inletId}"]: xdmEvent(9, world.httpFlowId),
    ["POST /data/foundation/import/collection/batch/{inletId}"]: { messages: [xdmEvent(10, world.httpFlowId)] },
  };
  return routes[`${method} ${template}`];
}

const WRITES = new Set(["POST", "PUT", "PATCH", "DELETE"]);

interface Case {
  method: string;
  path: string;
  query: string;
  headers: Record<string, string | undefined>;
  raw?: string;
}

async function send(input: Case): Promise<JsonResponse> {
  const headers = { ...input.headers };
  const raw = input.method === "GET" || input.method === "HEAD" ? undefined : input.raw;
  if (raw !== undefined && !Object.keys(headers).some((name) => name.toLowerCase() === "content-type")) headers["Content-Type"] = "application/json";
  return request(input.method, input.query === "" ? input.path : `${input.path}?${input.query}`, { headers, raw });
}

function describeCase(input: Case): string {
  const raw = input.raw === undefined ? "" : ` body(${input.raw.length})=${input.raw.slice(0, 300)}`;
  return `${input.method} ${input.path.slice(0, 300)}?${input.query.slice(0, 300)} ${JSON.stringify(input.headers).slice(0, 400)}${raw}`;
}

/** Sends a case and holds it to the contract; refused writes and reads leave state as it was. */
async function check(input: Case): Promise<JsonResponse> {
  const before = await state();
  const response = await send(input);
  const context = describeCase(input);
  expectNoServerError(input.path, response, context);
  const after = await state();
  if (response.status >= 400 || !WRITES.has(input.method)) expectUnchanged(before, after, context);
  await forgetNewTenants(before, after);
  return response;
}

// --- properties --------------------------------------------------------------------------------

describe("random input on every route", () => {
  freshEmulatorPerGroup();
  it("lists the platform, inlet and control-plane routes it fuzzes", () => {
    const platform = routes.filter((route) => !route.template.startsWith("/_emulator"));
    expect(platform.length).toBeGreaterThan(40);
    expect(platform.map((route) => route.template)).toContain("/collection/batch/{inletId}");
  });

  it("path parameters, query strings, headers and bodies: a documented answer, never a 5xx", async () => {
    const platform = routes.filter((route) => !route.template.startsWith("/_emulator"));
    const anyCase = fc.constantFrom(...platform).chain((route) =>
      fc.record({
        method: fc.oneof({ weight: 9, arbitrary: fc.constant(route.method) }, { weight: 1, arbitrary: fc.constantFrom("GET", "POST", "PUT", "PATCH", "DELETE") }),
        path: pathFor(route.template),
        query: fc.oneof({ weight: 1, arbitrary: fc.constant("") }, { weight: 2, arbitrary: queryString }),
        headers: headerSet(ORGS),
        raw: WRITES.has(route.method) && route.method !== "DELETE" ? body(validBody(route.method, route.template)) : fc.constant(undefined),
      }),
    );
    await fc.assert(fc.asyncProperty(anyCase, async (input) => void (await check(input))), runs(200));
  });

  it("unknown paths under every service: that service's 404", async () => {
    const prefixes = [FS, SR, CATALOG, DP, "/data/foundation/import/collection", "/data/foundation/unknown", "/collection", "/_emulator", "/unknown"];
    const templates = routes.map((route) => new RegExp(`^${route.template.replace(/\{[^}]+\}/g, "[^/]+")}/?$`));
    const unknown = fc
      .record({
        prefix: fc.constantFrom(...prefixes),
        segments: fc.array(pathSegment, { minLength: 1, maxLength: 4 }),
        method: fc.constantFrom("GET", "POST", "PUT", "PATCH", "DELETE"),
      })
      .map(({ prefix, segments, method }) => ({ method, path: `${prefix}/${segments.join("/")}` }))
      .filter(({ path }) => !templates.some((template) => template.test(decodeURIComponentSafe(path)) || template.test(path)))
      // The inspector's pages are served beside the control plane, outside the OpenAPI document.
      .filter(({ path }) => !/^\/_emulator\/ui(\/|$)/.test(decodeURIComponentSafe(path)));
    await fc.assert(
      fc.asyncProperty(unknown, async ({ method, path }) => {
        const response = await check({ method, path, query: "", headers: {}, raw: method === "GET" || method === "DELETE" ? undefined : "{}" });
        expect(response.status, `${method} ${path}: ${response.text}`).toBe(404);
        expectDocumentedError(path, response, `${method} ${path}`);
      }),
      runs(60),
    );
  });

  it("the Flow Service filter grammar, ordering, paging and count: items of the tenant or a FLOW-14xx-400", async () => {
    const listing = fc.record({
      collection: fc.constantFrom("connections", "sourceConnections", "targetConnections", "flows", "runs", "connectionSpecs", "flowSpecs"),
      filters: fc.array(filter, { maxLength: 3 }),
      orderby: fc.option(fc.oneof(fc.constantFrom("name", "+name", "-name", "createdAt", "-updatedAt", "a[]", "+", "-", "--name", "name-", "a.b.c"), nastyText)),
      limit: fc.option(numberish),
      count: fc.option(fc.constantFrom("true", "false", "TRUE", "1", "")),
    });
    await fc.assert(
      fc.asyncProperty(listing, async ({ collection, filters, orderby, limit, count }) => {
        const params = new URLSearchParams();
        for (const each of filters) params.append("property", each);
        if (orderby !== null) params.set("orderby", orderby);
        if (limit !== null) params.set("limit", limit);
        if (count !== null) params.set("count", count);
        const path = `${FS}/${collection}`;
        const response = await check({ method: "GET", path, query: params.toString(), headers: {} });
        if (response.status >= 400) {
          expect(response.status).toBe(400);
          expect(response.body.type).toMatch(/FLOW-14\d\d-400$|FLOW-1100-400$/);
          return;
        }
        expect(response.status, response.text).toBe(200);
        if ("count" in response.body) {
          expect(response.body.count).toBeTypeOf("number");
          return;
        }
        expect(Array.isArray(response.body.items)).toBe(true);
        expect(response.body.items.length).toBeLessThanOrEqual(1000);
        if (!collection.endsWith("Specs")) for (const item of response.body.items) expect(item.imsOrgId ?? ORG).toBe(ORG);
      }),
      runs(120),
    );
  });

  it("limit and offset on every listing: capped at the documented maximum or refused in the service's envelope", async () => {
    const listings: { path: string; query: (limit: string, start: string) => string; items: (body: any) => unknown[]; max: number }[] = [
      { path: `${FS}/flows`, query: (limit) => `limit=${enc(limit)}`, items: (b) => b.items, max: 1000 },
      { path: `${FS}/runs`, query: (limit) => `limit=${enc(limit)}`, items: (b) => b.items, max: 1000 },
      { path: `${CATALOG}/dataSets`, query: (limit, start) => `limit=${enc(limit)}&start=${enc(start)}`, items: (b) => Object.keys(b), max: 100 },
      { path: `${DP}/mappingSets`, query: (limit, start) => `limit=${enc(limit)}&start=${enc(start)}`, items: (b) => b.data, max: 1000 },
      { path: `${SR}/tenant/schemas`, query: (limit, start) => `orderby=title&limit=${enc(limit)}&start=${enc(start)}`, items: (b) => b.results, max: 500 },
      { path: `/_emulator/datasets/${DATASET_ID}/records`, query: (limit, start) => `limit=${enc(limit)}&after=${enc(start)}`, items: (b) => b.items, max: 1000 },
      { path: "/_emulator/requests", query: (limit) => `limit=${enc(limit)}`, items: (b) => b.requests, max: 100_000 },
    ];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...listings), numberish, numberish, async (listing, limit, start) => {
        const response = await check({
          method: "GET",
          path: listing.path,
          query: listing.query(limit, start),
          headers: listing.path.startsWith(SR) ? { Accept: "application/vnd.adobe.xed-id+json" } : {},
        });
        if (response.status >= 400) return;
        expect(response.status, response.text).toBe(200);
        expect(listing.items(response.body).length).toBeLessThanOrEqual(listing.max);
      }),
      runs(100),
    );
  });

});

describe("JSON Patch documents", () => {
  freshEmulatorPerGroup();

  it("JSON Patch documents sent with the current etag: applied (200, new etag) or refused with nothing changed", async () => {
    const op = fc.record(
      {
        op: fc.oneof({ weight: 4, arbitrary: fc.constantFrom("add", "replace", "remove", "ADD", "Replace") }, { weight: 1, arbitrary: fc.oneof(fc.constantFrom("move", "copy", "test", ""), nastyText) }),
        path: fc.oneof(
          { weight: 4, arbitrary: fc.constantFrom("/name", "/description", "/params", "/params/x", "/data", "/data/format", "/auth/params", "/auth/params/name",
            "/transformations", "/transformations/0", "/transformations/-", "/sourceConnectionIds/0", "/sourceConnectionIds/99", "/sourceConnectionIds/-1",
            "/params/a~1b", "/params/~2", "/params/~", "/", "", "name", "/id", "/etag", "/state", "/createdAt", "/connectionSpec", "/connectionSpec/id",
            "/flowSpec", "/inheritedAttributes", "/options", "/runs", "/__proto__/polluted", "/constructor/prototype/polluted", "/params/__proto__",
            "/name/x", "/data/format/deep", `/params${"/a".repeat(200)}`) },
          { weight: 1, arbitrary: nastyText.map((text) => `/${text}`) },
        ),
        value: fc.oneof(fc.jsonValue({ maxDepth: 3, stringUnit: "binary" }), fc.constantFrom({ polluted: true }, "x".repeat(5000))),
      },
      { requiredKeys: ["op", "path"] },
    );
    const document = fc.oneof(
      { weight: 4, arbitrary: fc.array(op, { minLength: 1, maxLength: 3 }).map((ops) => JSON.stringify(ops)) },
      { weight: 1, arbitrary: op.map((one) => JSON.stringify(one)) },
      { weight: 1, arbitrary: body(undefined) },
    );
    const target = fc.constantFrom(
      ["connections", () => world.connectionId],
      ["sourceConnections", () => world.sourceId],
      ["targetConnections", () => world.targetId],
      ["flows", () => world.flowId],
    ) as fc.Arbitrary<[string, () => string]>;
    await fc.assert(
      fc.asyncProperty(target, document, async ([collection, id], raw) => {
        const path = `${FS}/${collection}/${id()}`;
        const current = await request("GET", path);
        expect(current.status, current.text).toBe(200);
        const etag = current.body.items[0].etag;
        const response = await check({ method: "PATCH", path, query: "", headers: { "If-Match": etag }, raw });
        const after = await request("GET", path);
        expect(after.status, after.text).toBe(200);
        if (response.status === 200) {
          expect(response.body).toEqual({ id: id(), etag: after.body.items[0].etag });
          expect(after.body.items[0].etag).not.toBe(etag);
        } else {
          expect(response.body.type, response.text).toMatch(/FLOW-1(100|40[35]|41[0-9]|4[2-5]\d)-400$/);
          expect(after.body.items[0].etag).toBe(etag);
        }
      }),
      runs(100),
    );
  });
});

// Each case compares the whole store before and after, for every write route: about 15 s for the
// slowest sweep on an idle 2-core machine, so the group gets more than the 20 s default per test.
describe("hostile bodies, one of each on every write route", { timeout: 90_000 }, () => {
  freshEmulatorPerGroup();
  const writes = () => routes.filter((route) => WRITES.has(route.method) && route.method !== "DELETE" && !route.template.startsWith("/_emulator"));
  const concrete = (template: string) =>
    template.replace(/\{([^}]+)\}/g, (_, parameter: string) => realValues(template, parameter)[0] ?? "unknown");

  it("wrong types in every field of a valid body: refused in the envelope, nothing stored", async () => {
    for (const route of writes()) {
      const valid = validBody(route.method, route.template);
      if (valid === undefined || typeof valid !== "object") continue;
      const fields = Array.isArray(valid) ? [] : Object.keys(valid as object);
      for (const field of fields) {
        for (const wrong of [null, 42, "text", [], { nested: { deeper: 1 } }]) {
          const raw = JSON.stringify({ ...(valid as object), [field]: wrong });
          const response = await check({ method: route.method, path: concrete(route.template), query: "", headers: {}, raw });
          if (response.status >= 400) expectDocumentedError(route.template, response, `${route.method} ${route.template} ${field}=${JSON.stringify(wrong)}`);
        }
      }
    }
  });

  it("a value as deep as a body may be, in every field of a valid body and in patches: a documented answer, never a 5xx", async () => {
    for (const route of writes()) {
      const valid = validBody(route.method, route.template);
      if (valid === undefined || valid === null || typeof valid !== "object") continue;
      // The body is level 1: a field's value may take levels 2 to 1000, an operation's value 3 to 1000.
      const bodies = Array.isArray(valid)
        ? ["/params/deep", "/scheduleParams", "/options/deep", "/data/deep", "/auth/params/deep"].map((path) => [{ op: "add", path, value: deepValue(998) }])
        : Object.keys(valid).map((field) => ({ ...(valid as object), [field]: deepValue(999) }));
      for (const deep of bodies) {
        const path = concrete(route.template);
        const headers: Record<string, string> = {};
        if (route.method === "PATCH") headers["If-Match"] = (await request("GET", path)).body.items[0].etag;
        const response = await check({ method: route.method, path, query: "", headers, raw: JSON.stringify(deep) });
        if (response.status >= 400) expectDocumentedError(route.template, response, `${route.method} ${route.template} ${JSON.stringify(deep).slice(0, 80)}`);
      }
    }
  });

  it("no body and no Content-Type on a route that needs a body: the service's 400, nothing stored", async () => {
    for (const route of writes()) {
      const response = await check({ method: route.method, path: concrete(route.template), query: "", headers: { "Content-Type": undefined } });
      expectDocumentedError(route.template, response, `${route.method} ${route.template} without a body`);
    }
  });

  it("non-JSON, empty and truncated bodies: the service's 400 (or the content-type 400), never stored", async () => {
    for (const route of writes()) {
      for (const raw of ["", "   ", "{", "not json", "{\"a\":", "[1,2", "\ufeff{}", "<a/>", "\u0000"]) {
        const response = await check({ method: route.method, path: concrete(route.template), query: "", headers: {}, raw });
        expectDocumentedError(route.template, response, `${route.method} ${route.template} ${JSON.stringify(raw)}`);
      }
    }
  });

  it("bodies nested deeper than 1000 levels: the service's 400; 1000 levels are still read", async () => {
    for (const route of writes()) {
      const path = concrete(route.template);
      for (const kind of ["array", "object"] as const) {
        const tooDeep = kind === "array" ? `${"[".repeat(1001)}${"]".repeat(1001)}` : `${'{"a":'.repeat(1000)}{}${"}".repeat(1000)}`;
        const response = await check({ method: route.method, path, query: "", headers: {}, raw: tooDeep });
        expect(response.status, `${route.method} ${path}: ${response.text}`).toBe(400);
        expectDocumentedError(route.template, response);
        expect(response.text).toMatch(/nested more than 1000 levels/);
        const deepest = await check({ method: route.method, path, query: "", headers: {}, raw: kind === "array" ? `${"[".repeat(1000)}${"]".repeat(1000)}` : `${'{"a":'.repeat(999)}{}${"}".repeat(999)}` });
        expect(deepest.text).not.toMatch(/nested more than/);
      }
    }
  });

  it("a number beyond a double (1e400, -1e400, 400 digits, 300 digits and e99) in any field or patch value: the service's 400, nothing stored", async () => {
    const beyond = (text: string) =>
      text
        .replace('"@beyond@"', "-1e400")
        .replace('"@huge@"', "1e400")
        .replace('"@digits@"', "9".repeat(400))
        .replace('"@scaled@"', `1${"0".repeat(299)}.5e99`);
    // The inlet is not a store of documents: it takes what JSON.parse reads and keeps the message as sent.
    for (const route of writes().filter((each) => !each.template.includes("/collection/"))) {
      const valid = validBody(route.method, route.template);
      if (valid === undefined || valid === null || typeof valid !== "object") continue;
      const path = concrete(route.template);
      const markers = ["@huge@", "@beyond@", "@digits@", "@scaled@"];
      const bodies = Array.isArray(valid)
        ? markers.map((marker) => [{ op: "add", path: "/params/number", value: marker }])
        : Object.keys(valid).flatMap((field) => markers.map((marker) => ({ ...(valid as object), [field]: marker })));
      for (const body of bodies) {
        const headers: Record<string, string> = {};
        if (route.method === "PATCH") headers["If-Match"] = (await request("GET", path)).body.items[0].etag;
        const raw = beyond(JSON.stringify(body));
        const response = await check({ method: route.method, path, query: "", headers, raw });
        expect(response.status, `${route.method} ${path} ${raw.slice(0, 120)}`).toBe(400);
        expectDocumentedError(route.template, response);
        expect(response.text, `${route.method} ${path} ${raw.slice(0, 120)}`).toMatch(/larger than a double can hold/);
      }
    }
    // The same text inside a string is text, and the largest doubles are numbers.
    const seeded = await request("POST", "/_emulator/seed", { body: { name: "text-not-number", description: "1e400 9e999" } });
    expect(seeded.status, seeded.text).toBe(201);
    const huge = await check({ method: "POST", path: "/_emulator/seed", query: "", headers: {}, raw: '{"name":"beyond","description":"x","runs":[{"id":"r","flowId":"f","n":1e400}]}' });
    expect(huge.status).toBe(400);
    expect(huge.text).toMatch(/larger than a double can hold/);
    const largest = await check({ method: "POST", path: "/_emulator/seed", query: "", headers: {}, raw: '{"name":"largest","description":"1.7976931348623157e308"}' });
    expect(largest.text).not.toMatch(/larger than a double/);
  });

  it("a deep value inside a valid body is stored and read back whole, or refused; never a 500", async () => {
    let value: unknown = "leaf";
    for (let depth = 0; depth < 990; depth++) value = { a: value };
    const response = await request("POST", `${FS}/sourceConnections`, { body: { ...customerioSourceBody(), params: value } });
    expect(response.status, response.text).toBe(201);
    const read = await request("GET", `${FS}/sourceConnections/${response.body.id}`);
    expect(read.body.items[0].params).toEqual(value);
    // A patch cannot nest one deep value inside another past the limit.
    const patch = await request("PATCH", `${FS}/sourceConnections/${response.body.id}`, {
      body: [{ op: "add", path: `/params${"/a".repeat(980)}`, value }],
      headers: { "If-Match": read.body.items[0].etag },
    });
    expect(patch.status, patch.text).toBe(400);
    expect(patch.body.type).toMatch(/FLOW-1455-400$/);
    expect(await request("DELETE", `${FS}/sourceConnections/${response.body.id}`)).toMatchObject({ status: 204 });
  });

  it("a patch may nest a value exactly 1000 levels deep into the document, not 1001", async () => {
    const created = await request("POST", `${FS}/sourceConnections`, { body: { ...customerioSourceBody(), params: deepValue(100) } });
    const id = created.body.id;
    const etag = async () => (await request("GET", `${FS}/sourceConnections/${id}`)).body.items[0].etag;
    // The document is level 1 and params level 2, so what replaces /params/a×10 starts at level 12.
    const path = `/params${"/a".repeat(10)}`;
    const tooDeep = await request("PATCH", `${FS}/sourceConnections/${id}`, { body: [{ op: "replace", path, value: deepValue(990) }], headers: { "If-Match": await etag() } });
    expect(tooDeep.status, tooDeep.text).toBe(400);
    expect(tooDeep.body.type).toMatch(/FLOW-1455-400$/);
    expect(tooDeep.text).toMatch(/nested more than 1000 levels/);
    const deepest = await request("PATCH", `${FS}/sourceConnections/${id}`, { body: [{ op: "replace", path, value: deepValue(989) }], headers: { "If-Match": await etag() } });
    expect(deepest.status, deepest.text).toBe(200);
    const read = await request("GET", `${FS}/sourceConnections/${id}`);
    let reached: any = read.body.items[0].params;
    for (let level = 0; level < 10; level++) reached = reached.a;
    expect(reached).toEqual(deepValue(989));

    // A flow keeps each patch in lastOperation.ops too, where an operation's value starts at level 5.
    const flow = `${FS}/flows/${world.flowId}`;
    const flowEtag = async () => (await request("GET", flow)).body.items[0].etag;
    const refused = await request("PATCH", flow, { body: [{ op: "add", path: "/scheduleParams", value: deepValue(997) }], headers: { "If-Match": await flowEtag() } });
    expect(refused.status, refused.text).toBe(400);
    expect(refused.text).toMatch(/nested more than 1000 levels/);
    const kept = await request("PATCH", flow, { body: [{ op: "add", path: "/scheduleParams", value: deepValue(996) }], headers: { "If-Match": await flowEtag() } });
    expect(kept.status, kept.text).toBe(200);
    const stored = (await request("GET", flow)).body.items[0];
    expect(stored.scheduleParams).toEqual(deepValue(996));
    expect(stored.lastOperation.ops).toEqual([{ op: "add", path: "/scheduleParams", value: deepValue(996) }]);
  });

  it("huge strings and unicode are stored and read back exactly", async () => {
    const texts = ["x".repeat(2_000_000), "🙂".repeat(100_000), "\u202e\u0644\u0627 \u200b\ufeff ÿ \u0000 \ud83d\ude00", "\ud800 lone \udc00"];
    for (const text of texts) {
      const created = await request("POST", `${FS}/sourceConnections`, { body: { ...customerioSourceBody(), name: text, description: text } });
      expect(created.status, created.text.slice(0, 300)).toBe(201);
      const read = await request("GET", `${FS}/sourceConnections/${created.body.id}`);
      expect(read.body.items[0].name === text).toBe(true);
      const filtered = await request("GET", `${FS}/sourceConnections?property=${enc(`id==${created.body.id}`)}`);
      expect(filtered.body.items).toHaveLength(1);
      expect(await request("DELETE", `${FS}/sourceConnections/${created.body.id}`)).toMatchObject({ status: 204 });
    }
  });

  it("Catalog properties= names only a dataset's own fields: prototype names are not fields", async () => {
    for (const path of [`${CATALOG}/dataSets/${DATASET_ID}`, `${CATALOG}/dataSets`]) {
      const response = await request("GET", `${path}?properties=__proto__,constructor,toString,hasOwnProperty,name`);
      expect(response.status, response.text).toBe(200);
      expect(response.body[DATASET_ID]).toEqual({ name: "Customer.io webhook events" });
      expect(response.text).not.toContain("__proto__");
    }
  });

  it("filter values that look like SQL are compared as values: they match nothing and drop nothing", async () => {
    const count = async () => (await request("GET", `${FS}/flows?count=true`)).body.count;
    const flows = await count();
    for (const injection of ["' OR '1'='1", "\") OR 1=1 --", "x'); DROP TABLE entities; --", "1 OR 1=1", "*"]) {
      for (const field of ["name", "id", "sourceConnectionIds[]", "a\"b"]) {
        const response = await request("GET", `${FS}/flows?property=${enc(`${field}==${injection}`)}`);
        expectNoServerError(FS, response);
        if (response.status === 200) expect(response.body.items).toEqual([]);
      }
    }
    expect(await count()).toBe(flows);
  });
});

describe("the streaming inlet under random messages", () => {
  freshEmulatorPerGroup();
  it("acknowledges exactly what it stores: 200 is one record, 207 one per xactionId, a refusal none", async () => {
    // Each message as JSON text: mutations of a good XDM message, random JSON, odd values, deep nesting.
    const message = fc.oneof(
      { weight: 2, arbitrary: fc.constant(JSON.stringify(xdmEvent(100, world.httpFlowId))) },
      { weight: 4, arbitrary: fc.integer({ min: 100, max: 1_000_000 }).chain((n) => body(xdmEvent(n, world.httpFlowId))) },
      { weight: 1, arbitrary: fc.constantFrom(...[null, [], "text", 42, { header: {}, body: {} }, { header: { imsOrgId: OTHER_ORG, flowId: "x" }, body: { xdmEntity: {} } }].map((value) => JSON.stringify(value))) },
    );
    const post = fc.record({
      inlet: fc.constantFrom("xdm", "webhook", "unknown"),
      batch: fc.boolean(),
      messages: fc.array(message, { minLength: 1, maxLength: 4 }),
      flowId: fc.oneof(fc.constant(undefined), fc.constantFrom("own", "other"), nastyText),
      via: fc.constantFrom("query", "header"),
      sync: fc.boolean(),
      contentType: fc.oneof({ weight: 6, arbitrary: fc.constant("application/json") }, { weight: 1, arbitrary: fc.constantFrom("text/plain", "", "application/x-jackson-smile", "application/json; charset=utf-8") }),
    });
    let seen = (await allRecordsOf()).length;
    await fc.assert(
      fc.asyncProperty(post, async (input) => {
        const inletId = input.inlet === "xdm" ? world.inletId : input.inlet === "webhook" ? world.webhookInletId : "f".repeat(64);
        const own = input.inlet === "webhook" ? world.flowId : world.httpFlowId;
        const flowId = input.flowId === "own" ? own : input.flowId === "other" ? world.httpFlowId === own ? world.flowId : world.httpFlowId : input.flowId;
        const params = new URLSearchParams();
        if (flowId !== undefined && input.via === "query") params.set("x-adobe-flow-id", flowId);
        if (input.sync && !input.batch) params.set("syncValidation", "true");
        const headers: Record<string, string | undefined> = { ...noPlatformHeaders(), "Content-Type": input.contentType };
        if (flowId !== undefined && input.via === "header") headers["x-adobe-flow-id"] = wellFormedHeader(flowId);
        const raw = input.batch ? `{"messages":[${input.messages.join(",")}]}` : input.messages[0];
        const path = `/collection/${input.batch ? "batch/" : ""}${inletId}`;
        const before = await state();
        const response = await send({ method: "POST", path, query: params.toString(), headers, raw });
        const context = describeCase({ method: "POST", path, query: params.toString(), headers, raw });
        expectNoServerError(path, response, context);
        const added = (await allRecordsOf()).length - seen;
        if (response.status === 200) expect(added, context).toBe(1);
        else if (response.status === 207) {
          expect(response.body.responses, context).toHaveLength(JSON.parse(raw).messages.length);
          expect(added, context).toBe(response.body.responses.filter((each: { xactionId?: string }) => each.xactionId !== undefined).length);
        } else {
          expect(added, context).toBe(0);
          expectUnchanged(before, await state(), context);
        }
        seen += added;
      }),
      runs(100),
    );
    // The runs count exactly what the dataset holds, flow by flow.
    for (const id of [world.flowId, world.httpFlowId]) {
      const stored = (await allRecordsOf(id)).length;
      const flowRuns = await request("GET", `${FS}/runs?property=flowId==${id}`);
      const counted = flowRuns.body.items.reduce((sum: number, run: any) => sum + run.metrics.recordSummary.inputRecordCount, 0);
      expect(counted).toBe(stored);
    }
  });
});

describe("XDM message headers with fields of the wrong type", () => {
  freshEmulatorPerGroup();

  it("are refused one by one in DCS's envelope; the rest of a batch is still written", async () => {
    const wrong: Record<string, unknown>[] = [
      { flowId: [] }, { flowId: {} }, { flowId: 42 }, { flowId: null }, { flowId: true }, { flowId: "" },
      { imsOrgId: 42 }, { imsOrgId: {} }, { datasetId: [] }, { schemaRef: "x" }, { schemaRef: { id: 5 } }, { schemaRef: null },
    ];
    const headers = { ...noPlatformHeaders(), "Content-Type": "application/json" };
    for (const fields of wrong) {
      const message = xdmEvent(50, world.httpFlowId);
      const bad = { ...message, header: { ...message.header, ...fields } };
      const single = await request("POST", `/collection/${world.inletId}`, { raw: JSON.stringify(bad), headers });
      expectNoServerError("/collection", single, JSON.stringify(fields));
      const batch = await request("POST", `/collection/batch/${world.inletId}`, { raw: JSON.stringify({ messages: [bad, xdmEvent(51, world.httpFlowId)] }), headers });
      expect(batch.status, `${JSON.stringify(fields)}: ${batch.text}`).toBe(207);
      expect(batch.body.responses[1]).toEqual({ xactionId: expect.any(String) });
    }
  });
});

describe("the control plane under random input", () => {
  it("answers below 500, errors in the platform's problem body, and stays healthy", async () => {
    const control = createTestEmulator();
    try {
      const doc = (await control.request("GET", "/openapi.json")).body;
      const controlRoutes = Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(([template, operations]) =>
        Object.keys(operations).map((method) => ({ method: method.toUpperCase(), template })),
      ).filter((route) => route.template.startsWith("/_emulator"));
      expect(controlRoutes.length).toBeGreaterThan(8);
      const anyCase = fc.constantFrom(...controlRoutes).chain((route) =>
        fc.record({
          route: fc.constant(route),
          path: fc.constant(route.template).chain((template) =>
            template.includes("{") ? fc.oneof(fc.constant(template.replace(/\{[^}]+\}/, DATASET_ID)), pathSegment.map((segment) => template.replace(/\{[^}]+\}/, segment))) : fc.constant(template),
          ),
          query: fc.oneof(fc.constant(""), queryString),
          headers: headerSet(ORGS),
          raw: route.method === "GET" || route.method === "DELETE" ? fc.constant(undefined) : body({ name: "fuzz", state: "the Customer.io schema and dataset exist", path: "/data/*", status: 503 }),
        }),
      );
      await fc.assert(
        fc.asyncProperty(anyCase, async (input) => {
          const headers = { ...input.headers };
          if (input.raw !== undefined && headers["Content-Type"] === undefined) headers["Content-Type"] = "application/json";
          const path = input.query === "" ? input.path : `${input.path}?${input.query}`;
          const response = await control.request(input.route.method, path, { headers, raw: input.raw });
          expectNoServerError(input.path, response, `${input.route.method} ${path} ${input.raw?.slice(0, 200)}`);
          if (response.status >= 400) expect(envelopeOf(input.path)).toBe("control");
        }),
        runs(100),
      );
      await expectHealthy(control.request);
    } finally {
      control.close();
    }
  });
});

// --- helpers -----------------------------------------------------------------------------------

async function allRecordsOf(flowId?: string): Promise<unknown[]> {
  const items: unknown[] = [];
  let after = "0";
  for (;;) {
    const query = new URLSearchParams({ limit: "1000", after, ...(flowId ? { flowId } : {}) });
    const page = await request("GET", `/_emulator/datasets/${DATASET_ID}/records?${query}`, { headers: { Authorization: undefined } });
    expect(page.status, page.text).toBe(200);
    items.push(...page.body.items);
    if (page.body.next === undefined) return items;
    after = page.body.next;
  }
}

function wellFormedHeader(value: string): string {
  return Array.from(value, (char) => (char.charCodeAt(0) >= 0x20 && char.charCodeAt(0) <= 0x7e ? char : "_")).join("");
}

function decodeURIComponentSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
