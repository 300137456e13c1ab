import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConfigError, DEFAULT_BODY_LIMIT, loadConfig } from "../../emulator/config.js";
import { MAX_EXPRESSION_LENGTH, MAX_RECORD_SIZE, MAX_REQUEST_OUTPUT } from "../../emulator/dataprep/mapping/index.js";
import { createTestEmulator, type JsonResponse, ORG, type TestEmulator } from "../support/app.js";
import { create, customerioFlowBody, customerioSourceBody, dataLakeTargetBody, FS, HTTP_API_FLOW_SPEC, HTTP_API_SPEC, httpApiConnectionBody } from "../support/flowservice.js";
import { runToExit, startEmulator, type RunningEmulator } from "../support/process.js";
import { CIO_SCHEMA, fieldGroupBody, PROFILE, schemaBody } from "../support/registry.js";
import { allRecords, expectDocumentedError, expectHealthy, httpRequester, noPlatformHeaders, type Requester, snapshot } from "./support.js";
import { buildWorld, CATALOG, DATASET_ID, DP, legacyMappingSet, SR, type World, xdmEvent, XED_ID } from "./world.js";

/**
 * Limits: the inlet's documented 1 MB, BODY_LIMIT on every other path (413 in each service's
 * envelope), JSON nesting depth, Data Prep's expression length, list page sizes and the bounds of
 * the Flow Service filter grammar. Every limit is checked at the bound and one past it.
 */

const MIB = 1024 * 1024;
const DCS = "http://ns.adobe.com/adobecloud/problem/data-collection-service/inlet";

/** A JSON body of exactly `bytes` bytes: `value` with a padding field. */
function sized(value: Record<string, unknown>, bytes: number): string {
  const base = JSON.stringify({ ...value, padding: "" });
  const text = JSON.stringify({ ...value, padding: "x".repeat(bytes - Buffer.byteLength(base)) });
  expect(Buffer.byteLength(text)).toBe(bytes);
  return text;
}

/** Whitespace before the JSON: the same document, `bytes` long. */
function padded(json: string, bytes: number): string {
  return `${" ".repeat(bytes - Buffer.byteLength(json))}${json}`;
}

describe("the inlet's 1 MB limit", () => {
  let emulator: TestEmulator;
  let world: World;
  beforeAll(async () => {
    emulator = createTestEmulator();
    world = await buildWorld(emulator.request);
  });
  afterAll(async () => {
    await expectHealthy(emulator.request);
    emulator.close();
  });

  it("takes a message of exactly 1 MiB and refuses one byte more with DCS's 413, storing nothing", async () => {
    const message = JSON.stringify(xdmEvent(5, world.httpFlowId));
    for (const path of [`/collection/${world.inletId}`, `/collection/batch/${world.inletId}`, `/data/foundation/import/collection/${world.inletId}`]) {
      const json = path.includes("/batch/") ? `{"messages":[${message}]}` : message;
      const platform = path.startsWith("/data/");
      const headers = { ...(platform ? {} : noPlatformHeaders()), "Content-Type": "application/json" };
      const before = await snapshot(emulator.request);
      const over = await emulator.request("POST", path, { raw: padded(json, MIB + 1), headers });
      expect(over.status, over.text).toBe(413);
      expect(over.body).toEqual({ type: DCS, status: 413, title: "Payload Too Large", report: { message: "The payload is larger than 1 MB.", "request-id": expect.any(String) } });
      expect(await snapshot(emulator.request)).toBe(before);
      const exact = await emulator.request("POST", path, { raw: padded(json, MIB), headers });
      expect(exact.status, exact.text.slice(0, 300)).toBe(path.includes("/batch/") ? 207 : 200);
    }
  });

  it("is the inlet's own limit: BODY_LIMIT does not change it", async () => {
    const small = createTestEmulator({ bodyLimit: 2048 });
    try {
      const inlet = await buildWorld(small.request);
      const response = await small.request("POST", `/collection/${inlet.inletId}`, {
        raw: padded(JSON.stringify(xdmEvent(6, inlet.httpFlowId)), 100_000),
        headers: { ...noPlatformHeaders(), "Content-Type": "application/json" },
      });
      expect(response.status, response.text).toBe(200);
    } finally {
      small.close();
    }
  });
});

describe("BODY_LIMIT on the platform paths and the control plane", () => {
  const LIMIT = 4096;
  let emulator: TestEmulator;
  let world: World;
  beforeAll(async () => {
    emulator = createTestEmulator({ bodyLimit: LIMIT });
    world = await buildWorld(emulator.request);
  });
  afterAll(async () => {
    await expectHealthy(emulator.request);
    emulator.close();
  });

  const writes = () => [
    { method: "POST", path: `${FS}/sourceConnections`, body: customerioSourceBody(), created: 201, code: "FLOW-1100-413" },
    { method: "PATCH", path: `${FS}/sourceConnections/${world.sourceId}`, body: null, created: 200, code: "FLOW-1100-413" },
    { method: "POST", path: `${SR}/tenant/schemas`, body: schemaBody("Sized", [PROFILE]), created: 201, code: "XDM-1000-413" },
    {
      method: "POST",
      path: `${CATALOG}/dataSets`,
      body: { name: "sized", schemaRef: { id: CIO_SCHEMA, contentType: "application/vnd.adobe.xed+json;version=1" } },
      created: 201,
      code: "PayloadTooLargeError",
    },
    { method: "POST", path: `${DP}/mappingSets`, body: legacyMappingSet(), created: 200, code: "MAPPER-1000-413" },
    { method: "POST", path: "/_emulator/provider-states", body: { state: "no flows exist" }, created: 200, code: "PayloadTooLargeError" },
  ];

  it("answers 413 in each service's envelope one byte over the limit, changes nothing, and takes a body at the limit", async () => {
    for (const write of writes()) {
      const headers: Record<string, string> = { "Content-Type": "application/json" };
      let json: string;
      if (write.method === "PATCH") {
        const current = (await emulator.request("GET", write.path)).body.items[0];
        headers["If-Match"] = current.etag;
        json = JSON.stringify([{ op: "replace", path: "/description", value: "" }]);
      } else json = JSON.stringify(write.body);
      const before = await snapshot(emulator.request);
      const over = await emulator.request(write.method, write.path, { raw: padded(json, LIMIT + 1), headers });
      expect(over.status, `${write.path}: ${over.text}`).toBe(413);
      expectDocumentedError(write.path, over, write.path);
      expect(JSON.stringify(over.body)).toContain(write.code);
      expect(over.text).toContain(`${LIMIT} bytes`);
      expect(await snapshot(emulator.request)).toBe(before);
      const at = await emulator.request(write.method, write.path, { raw: padded(json, LIMIT), headers });
      expect(at.status, `${write.path}: ${at.text}`).toBe(write.created);
    }
  });

  it("defaults to 10 MiB", async () => {
    expect(DEFAULT_BODY_LIMIT).toBe(10 * MIB);
    expect(loadConfig({}).bodyLimit).toBe(10 * MIB);
    const defaults = createTestEmulator();
    try {
      const body = customerioSourceBody();
      const over = await defaults.request("POST", `${FS}/sourceConnections`, { raw: sized(body, 10 * MIB + 1), headers: { "Content-Type": "application/json" } });
      expect(over.status).toBe(413);
      expect(over.body.type).toBe("https://ns.adobe.com/aep/errors/FLOW-1100-413");
      const big = await defaults.request("POST", `${FS}/sourceConnections`, { raw: sized(body, 3 * MIB), headers: { "Content-Type": "application/json" } });
      expect(big.status, big.text.slice(0, 300)).toBe(201);
    } finally {
      defaults.close();
    }
  });

  it("is read from BODY_LIMIT (bytes, at least 1024) and refused with a message naming it", () => {
    expect(loadConfig({ BODY_LIMIT: "1048576" }).bodyLimit).toBe(MIB);
    for (const bad of ["ten", "-1", "1.5", "100", "1e99", `${2 * 1024 * 1024 * 1024}`]) {
      expect(() => loadConfig({ BODY_LIMIT: bad })).toThrow(ConfigError);
      expect(() => loadConfig({ BODY_LIMIT: bad })).toThrow(/BODY_LIMIT=/);
    }
  });
});

describe("BODY_LIMIT in the real process", () => {
  let running: RunningEmulator;
  let request: Requester;
  beforeAll(async () => {
    running = await startEmulator({ DB_PATH: ":memory:", FIXTURES: "customerio", BODY_LIMIT: "2048" });
    request = httpRequester(running.url);
  });
  afterAll(async () => {
    if (request) await expectHealthy(request);
    await running?.stop();
  });

  it("refuses a declared Content-Length over the limit and a chunked body that grows past it", async () => {
    const declared = await request("POST", `${FS}/sourceConnections`, { raw: padded(JSON.stringify(customerioSourceBody()), 2049), headers: { "Content-Type": "application/json" } });
    expect(declared.status, declared.text).toBe(413);
    expectDocumentedError(FS, declared);

    const chunks = [padded("", 1000), padded("", 1000), JSON.stringify(customerioSourceBody())];
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        const next = chunks.shift();
        if (next === undefined) controller.close();
        else controller.enqueue(new TextEncoder().encode(next));
      },
    });
    const chunked = await fetch(`${running.url}${FS}/sourceConnections`, {
      method: "POST",
      headers: { Authorization: "Bearer t", "x-api-key": "k", "x-gw-ims-org-id": ORG, "Content-Type": "application/json" },
      body: stream,
      duplex: "half",
    } as RequestInit);
    expect(chunked.status).toBe(413);
    expect(((await chunked.json()) as { type: string }).type).toBe("https://ns.adobe.com/aep/errors/FLOW-1100-413");
    const listed = await request("GET", `${FS}/sourceConnections?count=true`);
    expect(listed.body).toEqual({ count: 0 });
  });

  it("keeps the inlet's 1 MB: a declared or chunked body over it is DCS's 413, one at BODY_LIMIT's size is taken", async () => {
    const world = await buildWorld(request);
    const message = JSON.stringify(xdmEvent(77, world.httpFlowId));
    const url = `${running.url}/collection/${world.inletId}`;
    const declared = await fetch(url, { method: "POST", headers: { "Content-Type": "application/json" }, body: padded(message, MIB + 1) });
    expect(declared.status).toBe(413);
    expect(((await declared.json()) as { report: { message: string } }).report.message).toBe("The payload is larger than 1 MB.");
    const pieces = [padded("", MIB / 2), padded("", MIB / 2), message];
    const chunked = await fetch(url, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: new ReadableStream<Uint8Array>({
        pull(controller) {
          const next = pieces.shift();
          if (next === undefined) controller.close();
          else controller.enqueue(new TextEncoder().encode(next));
        },
      }),
      duplex: "half",
    } as RequestInit);
    expect(chunked.status).toBe(413);
    expect(await answerToUnfinishedChunkedBody(url, MIB + 64 * 1024)).toMatch(/^HTTP\/1\.1 413 /);
    const taken = await fetch(url, { method: "POST", headers: { "Content-Type": "application/json" }, body: padded(message, 100_000) });
    expect(taken.status).toBe(200);
    expect(await allRecords(request, { org: ORG }, world.httpFlowId)).toHaveLength(2);
  });

  it("a bad BODY_LIMIT or --body-limit stops the start-up with exit code 2, naming the setting", async () => {
    const env = await runToExit({ DB_PATH: ":memory:", BODY_LIMIT: "lots" });
    expect(env.code).toBe(2);
    expect(env.output).toMatch(/BODY_LIMIT="lots"/);
    const flag = await runToExit({ DB_PATH: ":memory:" }, ["--import", "tsx", "emulator/main.ts", "--body-limit", "12"]);
    expect(flag.code).toBe(2);
    expect(flag.output).toContain('--body-limit="12": must be at least 1024 bytes');
  });
});

describe("limits while the journal keeps bodies (JOURNAL_BODIES=true)", () => {
  let running: RunningEmulator;
  let request: Requester;
  beforeAll(async () => {
    running = await startEmulator({ DB_PATH: ":memory:", FIXTURES: "customerio", BODY_LIMIT: "2048", JOURNAL_BODIES: "true" });
    request = httpRequester(running.url);
  });
  afterAll(async () => {
    if (request) await expectHealthy(request);
    await running?.stop();
  });

  it("still answers 413 to bodies over BODY_LIMIT or the inlet's 1 MB that never end, and keeps only what the route read", async () => {
    const platformHeaders = { Authorization: "Bearer t", "x-api-key": "k", "x-gw-ims-org-id": ORG };
    expect(await answerToUnfinishedChunkedBody(`${running.url}${FS}/sourceConnections`, 4 * MIB, platformHeaders)).toMatch(/^HTTP\/1\.1 413 /);
    const world = await buildWorld(request);
    expect(await answerToUnfinishedChunkedBody(`${running.url}/collection/${world.inletId}`, 4 * MIB)).toMatch(/^HTTP\/1\.1 413 /);
    const declared = await request("POST", `${FS}/sourceConnections`, { raw: padded(JSON.stringify(customerioSourceBody()), 5000), headers: { "Content-Type": "application/json" } });
    expect(declared.status).toBe(413);
    const created = await request("POST", `${FS}/sourceConnections`, { body: customerioSourceBody() });
    expect(created.status).toBe(201);

    const journal = await fetch(`${running.url}/_emulator/requests?status=4xx`);
    const refused = ((await journal.json()) as { requests: any[] }).requests.filter((entry) => entry.status === 413);
    expect(refused.map((entry) => [entry.path, entry.requestBody, entry.bodiesTruncated])).toEqual([
      [`${FS}/sourceConnections`, undefined, undefined],
      [`/collection/${world.inletId}`, undefined, undefined],
      [`${FS}/sourceConnections`, undefined, undefined],
    ]);
    expect(refused[2].requestBytes).toBe(5000);
    const kept = ((await (await fetch(`${running.url}/_emulator/requests?status=201&limit=1`)).json()) as { requests: any[] }).requests;
    expect(JSON.parse(kept[0].requestBody)).toEqual(customerioSourceBody());
  });
});

describe("Data Prep expression length", () => {
  let emulator: TestEmulator;
  beforeAll(() => {
    emulator = createTestEmulator();
  });
  afterAll(() => emulator.close());

  const withExpression = (length: number) => {
    const expression = `"${"a".repeat(length - 2)}"`;
    expect(expression).toHaveLength(length);
    return {
      outputSchema: { schemaRef: { id: CIO_SCHEMA, contentType: "application/vnd.adobe.xed-full+json;version=1" } },
      mappings: [{ sourceType: "EXPRESSION", source: expression, destination: "_extconndev.metricx" }],
    };
  };

  it(`stores an expression of ${MAX_EXPRESSION_LENGTH} characters and refuses one more with MAPPER-1100-400`, async () => {
    expect(MAX_EXPRESSION_LENGTH).toBe(4096);
    const at = await emulator.request("POST", `${DP}/mappingSets`, { body: withExpression(4096) });
    expect(at.status, at.text.slice(0, 300)).toBe(200);
    const over = await emulator.request("POST", `${DP}/mappingSets`, { body: withExpression(4097) });
    expect(over.status).toBe(400);
    expectDocumentedError(DP, over);
    expect(over.body.type).toBe("http://ns.adobe.com/aep/errors/MAPPER-1100-400");
    expect(over.body.detail).toMatch(/4096/);
    const list = await emulator.request("GET", `${DP}/mappingSets?start=0&limit=10`);
    expect(list.body.data).toHaveLength(1);
  });
});

describe("Data Prep regular expressions in the real process", () => {
  let running: RunningEmulator;
  let request: Requester;
  beforeAll(async () => {
    running = await startEmulator({ DB_PATH: ":memory:", FIXTURES: "customerio" });
    request = httpRequester(running.url);
  });
  afterAll(async () => {
    if (request) await expectHealthy(request);
    await running?.stop();
  });

  it("answer a pattern that backtracks without end, as the backtracking engine would, and go on serving", async () => {
    const mappings = [
      { sourceType: "EXPRESSION", source: 'matches_regex(text, "(a+)+$")', destination: "_extconndev.metricx" },
      { sourceType: "EXPRESSION", source: 'extract_regex(text, "^(a|aa)+$")', destination: "_extconndev.email" },
      { sourceType: "EXPRESSION", source: 'extract_regex(text, "(a+)b")', destination: "_extconndev.event_id0" },
    ];
    const text = `${"a".repeat(5000)}b`;
    const preview = await request("POST", `${DP}/mappingSets/preview`, { body: { data: [{ text }], mappingSet: { mappings } } });
    expect(preview.status, preview.text.slice(0, 300)).toBe(200);
    expect(preview.body[0].data._extconndev).toEqual({ metricx: false, event_id0: [text, "a".repeat(5000)] });
    expect(preview.body[0].errors).toBeNull();
  });

  it("run backreferences, lookarounds, counted repetition and the i flag within a time limit: the record's error names it, and the emulator goes on serving", async () => {
    const mappings = [
      { sourceType: "EXPRESSION", source: 'matches_regex(text, "^(a|a)*\\\\1b$")', destination: "_extconndev.metricx" },
      { sourceType: "EXPRESSION", source: 'extract_regex(text, "(?i)^(A+)+(?=b)")', destination: "_extconndev.email" },
      { sourceType: "EXPRESSION", source: 'extract_regex(text, "^(a{1,10})+b")', destination: "_extconndev.cio_id" },
      { sourceType: "EXPRESSION", source: 'extract_regex(word, "(\\\\w)\\\\1")', destination: "_extconndev.event_id0" },
      { sourceType: "EXPRESSION", source: 'extract_regex(word, "(?i)L{2}(?=o)")', destination: "_extconndev.object_type1" },
    ];
    const data = [{ text: `${"a".repeat(40)}!`, word: "hello" }];
    const preview = await request("POST", `${DP}/mappingSets/preview`, { body: { data, mappingSet: { mappings } } });
    expect(preview.status, preview.text.slice(0, 300)).toBe(200);
    // The patterns that ran too long failed their mappings: those attributes are null, as a failed transformation's are.
    expect(preview.body[0].data._extconndev).toEqual({ metricx: null, email: null, cio_id: null, event_id0: ["ll", "l"], object_type1: ["ll"] });
    const errors = preview.body[0].errors as { destination: string; exception: string }[];
    expect(errors.map((error) => error.destination)).toEqual(["_extconndev.metricx", "_extconndev.email", "_extconndev.cio_id"]);
    for (const [index, pattern] of ["^(a|a)*\\1b$", "(?i)^(A+)+(?=b)", "^(a{1,10})+b"].entries()) {
      expect(errors[index].exception).toContain(`'${pattern}' ran longer than the emulator allows`);
    }

    // Thirty such records: once a request has spent the second it may, the rest fail at once.
    const many = Array.from({ length: 30 }, () => data[0]);
    const slow = await request("POST", `${DP}/mappingSets/preview`, { body: { data: many, mappingSet: { mappings: mappings.slice(0, 1) } } });
    expect(slow.status).toBe(200);
    for (const record of slow.body) expect(record.errors[0].exception).toContain("ran longer than the emulator allows");
    const next = await request("POST", `${DP}/mappingSets/preview`, { body: { data, mappingSet: { mappings: mappings.slice(3) } } });
    expect(next.body[0]).toMatchObject({ data: { _extconndev: { event_id0: ["ll", "l"], object_type1: ["ll"] } }, errors: null });
  }, 30_000);

  it("validate events against a schema pattern that backtracks without end, and go on serving", async () => {
    const created = async (path: string, body: unknown) => {
      const response = await request("POST", path, { body });
      expect(response.status, response.text.slice(0, 300)).toBeLessThan(300);
      return response.body;
    };
    const fieldGroup = await created(`${SR}/tenant/fieldgroups`, fieldGroupBody("extconndev", "Patterned", { code: { type: "string", pattern: "^(a+)+$" }, twice: { type: "string", pattern: "^(a|a)*\\1b$" } }));
    const schema = await created(`${SR}/tenant/schemas`, schemaBody("Patterned schema", [PROFILE, fieldGroup.$id]));
    const dataSetId = String((await created(`${CATALOG}/dataSets`, { name: "Patterned", schemaRef: { id: schema.$id, contentType: "application/vnd.adobe.xed+json;version=1" } }))[0]).split("/").at(-1);
    const base = await created(`${FS}/connections`, { ...httpApiConnectionBody("Patterned inlet"), auth: { specName: "Streaming Connection", params: { dataType: "xdm" } } });
    const source = await created(`${FS}/sourceConnections`, { name: "s", baseConnectionId: base.id, connectionSpec: { id: HTTP_API_SPEC } });
    const target = await created(`${FS}/targetConnections`, { ...dataLakeTargetBody(dataSetId), data: { format: "parquet_xdm", schema: { id: schema.$id, version: "application/vnd.adobe.xed-full+json;version=1" } } });
    const flow = await created(`${FS}/flows`, { name: "f", flowSpec: { id: HTTP_API_FLOW_SPEC, version: "1.0" }, sourceConnectionIds: [source.id], targetConnectionIds: [target.id] });
    const inletId = (await request("GET", `${FS}/connections/${base.id}`)).body.items[0].auth.params.inletId;
    const message = (code: string, twice?: string) => ({
      header: { schemaRef: { id: schema.$id, contentType: "application/vnd.adobe.xed-full+json;version=1" }, flowId: flow.id },
      body: { xdmMeta: { schemaRef: { id: schema.$id } }, xdmEntity: { _extconndev: { code, ...(twice === undefined ? {} : { twice }) } } },
    });
    const refused = await request("POST", `/collection/${inletId}?syncValidation=true`, { body: message(`${"a".repeat(5000)}!`) });
    expect(refused.status, refused.text.slice(0, 300)).toBe(400);
    expect(refused.text).toMatch(/pattern/);
    const accepted = await request("POST", `/collection/${inletId}?syncValidation=true`, { body: message("a".repeat(5000)) });
    expect(accepted.status, accepted.text.slice(0, 300)).toBe(200);
    // A backreference is beyond the linear-time engine: it runs within the time limit instead.
    const limited = await request("POST", `/collection/${inletId}?syncValidation=true`, { body: message("a", `${"a".repeat(40)}!`) });
    expect(limited.status, limited.text.slice(0, 300)).toBe(400);
    expect(limited.text).toContain("'^(a|a)*\\\\1b$' ran longer than the emulator allows");
    const matching = await request("POST", `/collection/${inletId}?syncValidation=true`, { body: message("a", "aab") });
    expect(matching.status, matching.text.slice(0, 300)).toBe(200);
  });
});

describe("Data Prep path length", () => {
  it("maps a destination of 256 steps and reports one of 257 as a mapping error, never a 500", async () => {
    const emulator = createTestEmulator();
    try {
      const preview = (destination: string) =>
        emulator.request("POST", `${DP}/mappingSets/preview`, {
          body: { data: { a: { deep: true } }, mappingSet: { mappings: [{ sourceType: "ATTRIBUTE", source: "a", destination }] } },
        });
      const at = await preview(Array.from({ length: 256 }, () => "b").join("."));
      expect(at.status, at.text.slice(0, 300)).toBe(200);
      expect(at.body[0].errors).toBeNull();
      for (const destination of [Array.from({ length: 257 }, () => "b").join("."), `b${"[0]".repeat(5000)}`, Array.from({ length: 6000 }, () => "b").join(".")]) {
        const over = await preview(destination);
        expect(over.status, over.text.slice(0, 300)).toBe(200);
        expect(over.body[0].errors[0].exception).toMatch(/more than 256 steps/);
      }
    } finally {
      emulator.close();
    }
  });
});

describe("what Data Prep mappings may make", () => {
  let emulator: TestEmulator;
  const expression = (source: string, destination = "_extconndev.metricx") => ({ sourceType: "EXPRESSION", source, destination });
  const preview = async (data: unknown[], mappings: unknown[]) => {
    const answer = await emulator.request("POST", `${DP}/mappingSets/preview`, { body: { data, mappingSet: { mappings } } });
    expect(answer.status, answer.text.slice(0, 300)).toBe(200);
    return answer.body as { data: Record<string, unknown>; errors: { destination: string; exception: string }[] | null }[];
  };
  beforeAll(() => {
    emulator = createTestEmulator();
  });
  afterAll(() => emulator.close());

  it(`hold a record's mapped values to ${MAX_RECORD_SIZE} characters: more is that mapping's error, as with destination array slots`, async () => {
    const half = (n: number) => expression('rpad(a, 500000, "y")', `_extconndev.f${n}`);
    const [record] = await preview([{ a: "x" }], [half(1), half(2), half(3)]);
    expect(Object.keys((record.data._extconndev ?? {}) as object)).toEqual(["f1", "f2"]);
    expect(record.errors).toHaveLength(1);
    expect(record.errors?.[0]).toMatchObject({ destination: "_extconndev.f3", exception: expect.stringContaining(`more than ${MAX_RECORD_SIZE} characters`) });

    // Thirty records of twenty megabyte values answered 500 (the answer could not be serialised).
    const whole = Array.from({ length: 20 }, (_, n) => expression('rpad(a, 1048576, "y")', `_extconndev.g${n}`));
    const thirty = await preview(Array.from({ length: 30 }, () => ({ a: "x" })), whole);
    for (const each of thirty) expect(each.errors?.map((error) => error.destination)).toEqual(whole.map((mapping) => mapping.destination));

    // An index in the destination makes its array's slots: 200 of a[9999] would be 2 million nulls.
    const slots = Array.from({ length: 200 }, (_, n) => ({ sourceType: "STATIC", source: "x", destination: `p${n}[9999]` }));
    const [padded] = await preview([{}], slots);
    const written = Object.keys(padded.data).length;
    expect(written).toBe(Math.floor(MAX_RECORD_SIZE / (10_000 + 3)));
    expect(padded.errors).toHaveLength(200 - written);
  });

  it(`hold one request's records to ${MAX_REQUEST_OUTPUT} characters together: the records after that fail`, async () => {
    const records = await preview(Array.from({ length: 70 }, () => ({ a: "x" })), [expression('rpad(a, 500000, "y")')]);
    const fitted = Math.floor(MAX_REQUEST_OUTPUT / 500_002);
    records.forEach((record, index) => {
      if (index < fitted) expect(record.errors, `record ${index}`).toBeNull();
      else expect(record.errors?.[0].exception, `record ${index}`).toContain(`more than ${MAX_REQUEST_OUTPUT} characters`);
    });
  });

  it("keep arrays to 65,536 elements and check joins before they are built", async () => {
    const commas = (n: number) => `rpad("", ${2 * n}, "a,")`;
    const [record] = await preview(
      [{}],
      [
        expression(`size_of(split(${commas(65_535)} + "a", ","))`, "_extconndev.at"),
        expression(`size_of(split(${commas(65_536)} + "a", ","))`, "_extconndev.over"),
        expression(`size_of(join_arrays(split(${commas(40_000)}, ","), split(${commas(40_000)}, ",")))`, "_extconndev.joinedOver"),
        expression(`size_of(flattenArray([split(${commas(40_000)}, ","), split(${commas(40_000)}, ",")]))`, "_extconndev.flatOver"),
        expression(`size_of(join_arrays(split(${commas(30_000)}, ","), split(${commas(30_000)}, ",")))`, "_extconndev.joinedAt"),
      ],
    );
    expect(record.data._extconndev).toEqual({ at: 65_536, over: null, joinedOver: null, flatOver: null, joinedAt: 60_000 });
    const messages = (record.errors ?? []).map((error) => error.exception);
    expect(messages).toEqual([
      expect.stringMatching(/^split would make an array of 65537 elements; at most 65536/),
      expect.stringMatching(/^join_arrays would make an array of 80000 elements/),
      expect.stringMatching(/^flattenArray would make an array of 65537 elements/),
    ]);
  });

  it("quote at most 1024 characters of their input in an error", async () => {
    const [record] = await preview([{ a: `x${"9".repeat(500_000)}` }], [expression("to_integer(a)")]);
    const exception = record.errors?.[0].exception ?? "";
    expect(exception).toMatch(/^Cannot convert 'x9{1000,}…/);
    expect(exception.length).toBeLessThan(1100);
  });

  it("never run a batch out of memory: megabyte values on every message of a 15 KB batch fail each record and the emulator goes on", async () => {
    const source = await create(emulator, "sourceConnections", customerioSourceBody());
    const target = await create(emulator, "targetConnections", dataLakeTargetBody(DATASET_ID));
    const fields = ["cio_id", "email", "event_id0", "metricx", "object_type1"];
    const body = { outputSchema: { schemaRef: { id: CIO_SCHEMA, contentType: "application/vnd.adobe.xed-full+json;version=1" } }, mappings: fields.map((field) => expression('rpad(metric, 1048576, "y")', `_extconndev.${field}`)) };
    const mapping = await emulator.request("POST", `${DP}/mappingSets`, { body });
    expect(mapping.status, mapping.text.slice(0, 300)).toBe(200);
    const flow = await create(emulator, "flows", customerioFlowBody(source.id, target.id, [{ name: "Mapping", params: { mappingId: mapping.body.id, mappingVersion: 0 } }]));
    const inletUrl = String((await emulator.request("GET", `${FS}/flows/${flow.id}`)).body.items[0].options.inletUrl);
    const answer = await emulator.app.request(`/collection/batch/${inletUrl.slice(-64)}?x-adobe-flow-id=${flow.id}`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ messages: Array.from({ length: 1000 }, () => ({ metric: "m" })) }),
    });
    expect(answer.status).toBe(207);
    const stored = await emulator.request("GET", `/_emulator/datasets/${DATASET_ID}/records?limit=1000`);
    expect(stored.status).toBe(200);
    expect(stored.body.items).toHaveLength(1000);
    for (const record of stored.body.items) {
      expect(record.status).toBe("failed");
      expect(record.errors).toHaveLength(5);
      expect(JSON.stringify(record).length).toBeLessThan(10_000);
    }
  }, 60_000);
});

describe("list page sizes", () => {
  const TENANT = "LIMITS0123456789ABCDEF01@AdobeOrg";
  const as = { org: TENANT };
  let emulator: TestEmulator;
  beforeAll(async () => {
    emulator = createTestEmulator();
    const hex = (n: number, width: number) => n.toString(16).padStart(width, "0");
    // Seeded in one request: 1001 source connections, 101 datasets, 1001 mapping sets, 1001 records.
    const set = {
      name: "limits",
      org: TENANT,
      sourceConnections: Array.from({ length: 1001 }, (_, n) => ({ id: `source-${n}`, name: `s${n}`, connectionSpec: { id: HTTP_API_SPEC, version: "1.0" } })),
      dataSets: Array.from({ length: 101 }, (_, n) => ({ id: hex(n + 1, 24), name: `d${n}`, schemaRef: { id: CIO_SCHEMA, contentType: "application/vnd.adobe.xed+json;version=1" } })),
      mappingSets: Array.from({ length: 1001 }, (_, n) => ({ id: hex(n + 1, 32), ...legacyMappingSet() })),
    };
    const seeded = await emulator.request("POST", "/_emulator/seed", { body: set, headers: noPlatformHeaders() });
    expect(seeded.status, seeded.text.slice(0, 500)).toBeLessThan(300);
    const world = await buildWorld(emulator.request, as);
    const messages = Array.from({ length: 1001 }, (_, n) => xdmEvent(n + 10, world.httpFlowId));
    const batch = await emulator.request("POST", `/collection/batch/${world.inletId}`, { body: { messages }, headers: noPlatformHeaders() });
    expect(batch.status, batch.text.slice(0, 300)).toBe(207);
  });
  afterAll(async () => {
    await expectHealthy(emulator.request);
    emulator.close();
  });

  const count = (response: JsonResponse, items: (body: any) => unknown[]) => {
    expect(response.status, response.text.slice(0, 500)).toBe(200);
    return items(response.body).length;
  };

  it("Flow Service: 100 by default, at most 1000 whatever limit asks; 0, negative and non-numbers are FLOW-1453-400", async () => {
    const items = (body: any) => body.items;
    expect(count(await emulator.request("GET", `${FS}/sourceConnections`, as), items)).toBe(100);
    expect(count(await emulator.request("GET", `${FS}/sourceConnections?limit=1000`, as), items)).toBe(1000);
    for (const limit of ["1001", "100000", "999999999"]) {
      const response = await emulator.request("GET", `${FS}/sourceConnections?limit=${limit}`, as);
      expect(count(response, items)).toBe(1000);
      expect(response.body._links.next.href).toMatch(/continuationToken=/);
    }
    for (const limit of ["0", "-1", "1.5", "abc", "1e3", "", "9999999999"]) {
      const response = await emulator.request("GET", `${FS}/sourceConnections?limit=${limit}`, as);
      expect(response.status, `limit=${limit}`).toBe(400);
      expectDocumentedError(FS, response);
      expect(response.body.type).toBe("https://ns.adobe.com/aep/errors/FLOW-1453-400");
    }
  });

  it("Catalog: 20 by default, at most 100; 0 and non-numbers are 400 in Catalog's envelope", async () => {
    const items = (body: any) => Object.keys(body);
    expect(count(await emulator.request("GET", `${CATALOG}/dataSets`, as), items)).toBe(20);
    expect(count(await emulator.request("GET", `${CATALOG}/dataSets?limit=100`, as), items)).toBe(100);
    expect(count(await emulator.request("GET", `${CATALOG}/dataSets?limit=1000`, as), items)).toBe(100);
    // 101 seeded, the fixture's and the world's: 103.
    expect(count(await emulator.request("GET", `${CATALOG}/dataSets?limit=100&start=100`, as), items)).toBe(3);
    for (const query of ["limit=0", "limit=-5", "limit=x", "start=-1", "start=1.5"]) {
      const response = await emulator.request("GET", `${CATALOG}/dataSets?${query}`, as);
      expect(response.status, query).toBe(400);
      expectDocumentedError(CATALOG, response);
    }
  });

  it("Data Prep: at most 1000 whatever limit asks, echoed in _page.limit; bad numbers are MAPPER-1000-400", async () => {
    const items = (body: any) => body.data;
    const capped = await emulator.request("GET", `${DP}/mappingSets?start=0&limit=100000`, as);
    expect(count(capped, items)).toBe(1000);
    expect(capped.body._page).toEqual({ count: 1000, limit: 1000 });
    expect(capped.body._links.next.href).toMatch(/start=1000/);
    expect(count(await emulator.request("GET", `${DP}/mappingSets?start=1000&limit=1000`, as), items)).toBe(2);
    for (const query of ["start=0&limit=0", "start=-1&limit=5", "start=0&limit=x", "start=0&limit=-5"]) {
      const response = await emulator.request("GET", `${DP}/mappingSets?${query}`, as);
      expect(response.status, query).toBe(400);
      expectDocumentedError(DP, response);
      expect(response.body.type).toBe("http://ns.adobe.com/aep/errors/MAPPER-1000-400");
    }
  });

  it("Schema Registry: limit up to 500 with orderby; 501 is XDM-1000-400", async () => {
    const headers = { Accept: XED_ID };
    const at = await emulator.request("GET", `${SR}/tenant/schemas?orderby=title&limit=500`, { ...as, headers });
    expect(at.status, at.text).toBe(200);
    const over = await emulator.request("GET", `${SR}/tenant/schemas?orderby=title&limit=501`, { ...as, headers });
    expect(over.status).toBe(400);
    expectDocumentedError(SR, over);
    expect(over.body.type).toBe("http://ns.adobe.com/aep/errors/XDM-1000-400");
  });

  it("dataset records: at most 1000 a page, the rest behind next", async () => {
    const page = await emulator.request("GET", `/_emulator/datasets/${DATASET_ID}/records?limit=100000`, as);
    expect(count(page, (body) => body.items)).toBe(1000);
    expect(page.body.next).toBeDefined();
    // The batch's 1001 and the world's two.
    expect(await allRecords(emulator.request, { org: TENANT })).toHaveLength(1003);
  });
});

describe("bounds of the Flow Service filter grammar", () => {
  let emulator: TestEmulator;
  beforeAll(async () => {
    emulator = createTestEmulator();
    await buildWorld(emulator.request);
  });
  afterAll(async () => {
    await expectHealthy(emulator.request);
    emulator.close();
  });

  const list = (query: string, collection = "flows") => emulator.request("GET", `${FS}/${collection}?${query}`);
  const values = (n: number, numeric = false) => Array.from({ length: n }, (_, i) => (numeric ? String(i) : `v${i}`)).join(",");
  const paths = (levels: number) => Array.from({ length: levels }, (_, i) => `a${i}[]`).join(".");

  it("takes 50 filters of 100 values each, four array levels deep, for == and !=, with count and continuation", async () => {
    for (const operator of ["==", "!="]) {
      const filters = Array.from({ length: 50 }, (_, i) => `property=${encodeURIComponent(`${i % 2 ? paths(4) : "name"}${operator}${values(100, i % 3 === 0)}`)}`);
      const response = await list(filters.join("&"));
      expect(response.status, response.text.slice(0, 500)).toBe(200);
      const counted = await list(`${filters.join("&")}&count=true`);
      expect(counted.status, counted.text.slice(0, 500)).toBe(200);
    }
    const paged = await list(`${Array.from({ length: 50 }, () => "property=name!=x").join("&")}&limit=1`, "connections");
    expect(paged.status, paged.text).toBe(200);
    const next = await emulator.request("GET", `${FS}${paged.body._links.next.href}`);
    expect(next.status, next.text).toBe(200);
  });

  it("refuses 51 filters, 101 values, a fifth array level and 33 path segments with Adobe's codes", async () => {
    const cases: [string, number][] = [
      [Array.from({ length: 51 }, () => "property=name==x").join("&"), 1453],
      [`property=${encodeURIComponent(`name==${values(101)}`)}`, 1453],
      [`property=${encodeURIComponent(`${paths(5)}==1`)}`, 1449],
      [`property=${encodeURIComponent(`${Array.from({ length: 33 }, () => "a").join(".")}==1`)}`, 1449],
      [`orderby=${Array.from({ length: 33 }, () => "a").join(".")}`, 1433],
    ];
    for (const [query, code] of cases) {
      const response = await list(query);
      expect(response.status, `${query.slice(0, 100)}: ${response.text.slice(0, 300)}`).toBe(400);
      expect(response.body.type).toBe(`https://ns.adobe.com/aep/errors/FLOW-${code}-400`);
      expectDocumentedError(FS, response);
    }
  });

  it("refuses a continuation token that smuggles in more filters than a query may have", async () => {
    const token = Buffer.from(JSON.stringify({ f: Array.from({ length: 2000 }, (_, i) => `name==v${i}`), o: null, l: 10, k: [null, 0] })).toString("base64url");
    const response = await list(`continuationToken=${token}`);
    expect(response.status, response.text.slice(0, 300)).toBe(400);
    expect(response.body.type).toBe("https://ns.adobe.com/aep/errors/FLOW-1453-400");
  });
});

/**
 * Sends `bytes` of a chunked body and never the chunk that ends it, and answers the first line the
 * server writes back: the server must stop reading and answer once the body is over its limit,
 * without waiting for (or holding) the rest.
 */
async function answerToUnfinishedChunkedBody(url: string, bytes: number, headers: Record<string, string> = {}): Promise<string> {
  const { hostname, port, pathname } = new URL(url);
  const socket = connect(Number(port), hostname);
  try {
    await new Promise((resolve) => socket.once("connect", resolve));
    const more = Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`).join("");
    socket.write(`POST ${pathname} HTTP/1.1\r\nHost: ${hostname}\r\nContent-Type: application/json\r\n${more}Transfer-Encoding: chunked\r\n\r\n`);
    const piece = " ".repeat(64 * 1024);
    for (let sent = 0; sent < bytes; sent += piece.length) socket.write(`${piece.length.toString(16)}\r\n${piece}\r\n`);
    const answer = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("no answer while the body was unfinished")), 5000);
      socket.once("data", (chunk) => {
        clearTimeout(timer);
        resolve(chunk.toString());
      });
    });
    return answer.split("\r\n")[0];
  } finally {
    socket.destroy();
  }
}
