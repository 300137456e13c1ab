import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_EXPRESSION_LENGTH } from "../../../emulator/dataprep/mapping/index.js";
import { createTestEmulator, type JsonResponse, type TestEmulator } from "../../support/app.js";
import { CIO_SCHEMA } from "../../support/registry.js";
import { createMappingSet, currentTutorialBody, DP, expectDataPrepError, legacyTutorialBody } from "./support.js";

/** Bad input is a 4xx in the Data Prep envelope, never a 500. */
let emulator: TestEmulator;
let existing: string;
beforeAll(async () => {
  emulator = createTestEmulator();
  existing = (await createMappingSet(emulator)).id;
});
afterAll(() => emulator.close());

const WRITES: [string, () => string][] = [
  ["POST", () => `${DP}/mappingSets`],
  ["PUT", () => `${DP}/mappingSets/${existing}`],
  ["POST", () => `${DP}/mappingSets/validate`],
  ["POST", () => `${DP}/mappingSets/preview`],
  ["POST", () => `${DP}/languages/el/validate`],
];

function expectClientError(response: JsonResponse): void {
  expect(response.status, response.text).toBeGreaterThanOrEqual(400);
  expect(response.status, response.text).toBeLessThan(500);
  expect(response.body?.type, response.text).toMatch(/^http:\/\/ns\.adobe\.com\/aep\/errors\/MAPPER-\d+-4\d\d$/);
}

const json = { "Content-Type": "application/json" };

describe("malformed bodies", () => {
  for (const [method, path] of WRITES) {
    it(`${method} ${path().replace(existing, "{id}")}: non-JSON, empty, null, an array or a scalar is MAPPER-1000-400`, async () => {
      for (const raw of ["{", "not json", "", "   ", "null", "[]", "42", '"text"', "{\"mappings\": [}"]) {
        const response = await emulator.request(method, path(), { raw, headers: json });
        expectDataPrepError(response, 1000, 400);
      }
    });
  }

  it("a body that is not declared JSON is the platform's Content-Type error", async () => {
    const response = await emulator.request("POST", `${DP}/mappingSets`, { raw: "{}", headers: { "Content-Type": "text/plain" } });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ title: "BadRequestError", detail: "A valid content-type must be specified" });
  });

  it("wrong types anywhere in a mapping set body are MAPPER-1000-400 naming the field", async () => {
    const bodies: [unknown, RegExp][] = [
      [{ ...legacyTutorialBody(), mappings: "all of them" }, /mappings/],
      [{ ...legacyTutorialBody(), mappings: [42] }, /mappings\.0/],
      [{ ...legacyTutorialBody(), mappings: [null] }, /mappings\.0/],
      [{ ...legacyTutorialBody(), mappings: [{ sourceAttribute: 1, destinationXdmPath: "x" }] }, /sourceAttribute/],
      [{ ...legacyTutorialBody(), mappings: [{ source: "a", destination: ["x"] }] }, /destination/],
      [{ ...legacyTutorialBody(), mappings: [{ source: "a", destination: "x", identity: "no" }] }, /identity/],
      [{ ...legacyTutorialBody(), outputSchema: "schema" }, /outputSchema/],
      [{ ...legacyTutorialBody(), outputSchema: { schemaRef: { id: 7 } } }, /outputSchema\.schemaRef\.id/],
      [{ ...legacyTutorialBody(), outputSchema: { schemaRef: { id: "" } } }, /outputSchema\.schemaRef\.id/],
      [{ ...legacyTutorialBody(), name: { first: "x" } }, /name/],
      [{ ...legacyTutorialBody(), status: "LIVE" }, /status/],
      [{ ...legacyTutorialBody(), mappings: Array.from({ length: 2001 }, () => ({ source: "a", destination: "b" })) }, /mappings/],
    ];
    for (const [body, field] of bodies) {
      expectDataPrepError(await emulator.request("POST", `${DP}/mappingSets`, { body }), 1000, 400, field);
    }
  });
});

describe("hostile values", () => {
  it(`an expression over ${MAX_EXPRESSION_LENGTH} characters fails to validate and cannot be stored`, async () => {
    const long = `concat(${Array.from({ length: 1200 }, () => '"ab"').join(", ")})`;
    expect(long.length).toBeGreaterThan(MAX_EXPRESSION_LENGTH);
    const body = { ...currentTutorialBody(), mappings: [{ sourceType: "EXPRESSION", source: long, destination: "_extconndev.metricx" }] };
    const validation = await emulator.request("POST", `${DP}/mappingSets/validate`, { body });
    expect(validation.body.validationResponse[0]).toMatchObject({ status: "FAILED", errors: [expect.objectContaining({ exception: expect.stringMatching(/4096/) })] });
    expectDataPrepError(await emulator.request("POST", `${DP}/mappingSets`, { body }), 1100, 400, /4096/);
  });

  it("huge strings: a 1 MB name is stored, a 100 000-character destination is refused", async () => {
    const name = "n".repeat(1_000_000);
    const created = await createMappingSet(emulator, { ...legacyTutorialBody(), name });
    expect((await emulator.request("GET", `${DP}/mappingSets/${created.id}`)).body.name).toHaveLength(1_000_000);
    const destination = `_extconndev.${"x".repeat(100_000)}`;
    const response = await emulator.request("POST", `${DP}/mappingSets`, { body: { ...currentTutorialBody(), mappings: [{ source: "a", destination }] } });
    expectDataPrepError(response, 1100, 400, /not a field of the schema/);
    expect(response.body.detail.length).toBeLessThan(200_000);
  });

  it("prototype keys are ordinary names: refused as destinations the schema lacks, harmless as sources", async () => {
    for (const destination of ["__proto__", "__proto__.polluted", "constructor", "_extconndev.constructor", "_extconndev.__proto__", "toString"]) {
      const response = await emulator.request("POST", `${DP}/mappingSets`, { body: { ...currentTutorialBody(), mappings: [{ source: "a", destination }] } });
      expectDataPrepError(response, 1100, 400);
    }
    const preview = await emulator.request("POST", `${DP}/mappingSets/preview`, {
      body: { data: [JSON.parse('{"__proto__": {"polluted": true}}')], mappingSet: currentTutorialBody(CIO_SCHEMA, [["__proto__.polluted", "_extconndev.metricx"]]) },
    });
    expect(preview.status, preview.text).toBe(200);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("odd path ids are a 404, not an error", async () => {
    for (const id of ["x".repeat(5000), "%00", "..%2F..", "' OR 1=1 --", encodeURIComponent("{TENANT_ID}")]) {
      const response = await emulator.request("GET", `${DP}/mappingSets/${id}`);
      expect([404, 400], response.text).toContain(response.status);
      expectClientError(response);
    }
  });

  it("deeply nested and odd preview records map without failing", async () => {
    // Bodies nest at most MAX_JSON_DEPTH (1000) levels; the record sits two levels down.
    let deep: unknown = "leaf";
    for (let depth = 0; depth < 990; depth++) deep = { a: deep };
    const response = await emulator.request("POST", `${DP}/mappingSets/preview`, {
      body: { data: [deep, null, 42, "text", [1, 2]], mappingSet: currentTutorialBody() },
    });
    expect(response.status, response.text).toBe(200);
    expect(response.body).toHaveLength(5);
  });
});

describe("random mapping set bodies", () => {
  const text = fc.oneof(fc.string({ maxLength: 30 }), fc.constantFrom("_extconndev.metricx", "_extconndev.timestampx", "a[*].b", "${x}", "upper(", "[0]"));
  const mappingArb = fc.record(
    {
      sourceType: fc.oneof(fc.constantFrom("ATTRIBUTE", "STATIC", "EXPRESSION", "text/x.schema-path", "text/x.aep-xl"), fc.string({ maxLength: 8 })),
      source: text,
      destination: text,
      sourceAttribute: text,
      destinationXdmPath: text,
      identity: fc.oneof(fc.boolean(), fc.string({ maxLength: 3 })),
    },
    { requiredKeys: [] },
  );
  const bodyArb = fc.record(
    {
      outputSchema: fc.oneof(fc.constant({ schemaRef: { id: CIO_SCHEMA } }), fc.record({ schemaRef: fc.record({ id: fc.string({ maxLength: 20 }) }) }), fc.anything()),
      mappings: fc.oneof(fc.array(mappingArb, { maxLength: 6 }), fc.anything()),
      name: fc.oneof(fc.string(), fc.anything()),
      xdmSchema: fc.oneof(fc.constant(CIO_SCHEMA), fc.string({ maxLength: 10 })),
    },
    { requiredKeys: [] },
  );

  it("never answer 5xx on any endpoint", async () => {
    await fc.assert(
      fc.asyncProperty(bodyArb, fc.array(fc.anything(), { maxLength: 3 }), async (body, data) => {
        for (const [method, path] of WRITES.slice(0, 3)) {
          const response = await emulator.request(method, path(), { body });
          if (response.status !== 200) expectClientError(response);
        }
        const preview = await emulator.request("POST", `${DP}/mappingSets/preview`, { body: { data, mappingSet: body } });
        if (preview.status !== 200) expectClientError(preview);
      }),
      { numRuns: 150 },
    );
  });
});
