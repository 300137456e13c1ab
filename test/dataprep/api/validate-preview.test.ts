import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestEmulator, type TestEmulator } from "../../support/app.js";
import { CIO_SCHEMA } from "../../support/registry.js";
import { createTypedSchema, currentTutorialBody, DP, expectDataPrepError, FULL, legacyTutorialBody, SUBSCRIBED, TUTORIAL_MAPPINGS } from "./support.js";

let emulator: TestEmulator;
beforeEach(() => {
  emulator = createTestEmulator();
});
afterEach(() => emulator.close());

const validate = (body: unknown) => emulator.request("POST", `${DP}/mappingSets/validate`, { body });
const preview = (body: unknown) => emulator.request("POST", `${DP}/mappingSets/preview`, { body });
const schemaRef = (id: string) => ({ outputSchema: { schemaRef: { id, contentType: FULL } } });

describe("POST /mappingSets/validate", () => {
  it("answers one {status: SUCCESS, errors: null} per sound mapping", async () => {
    const response = await validate(legacyTutorialBody());
    expect(response.status, response.text).toBe(200);
    expect(response.body).toEqual({ validationResponse: TUTORIAL_MAPPINGS.map(() => ({ status: "SUCCESS", errors: null })) });
  });

  it("answers FAILED with TransformErrorInfo for a bad expression, a missing destination and a STATIC that does not fit", async () => {
    const response = await validate({
      ...schemaRef(CIO_SCHEMA),
      mappings: [
        { sourceType: "ATTRIBUTE", source: "metric", destination: "_extconndev.metricx" },
        { sourceType: "EXPRESSION", source: "concat(metric,", destination: "_extconndev.metricx" },
        { sourceType: "ATTRIBUTE", source: "metric", destination: "_extconndev.nope" },
        { sourceType: "STATIC", source: "not a number", destination: "_extconndev.timestampx" },
        { sourceType: "ATTRIBUTE", source: "a..b", destination: "_extconndev.metricx" },
      ],
    });
    expect(response.status, response.text).toBe(200);
    const [ok, expression, destination, constant, path] = response.body.validationResponse;
    expect(ok).toEqual({ status: "SUCCESS", errors: null });
    expect(expression).toEqual({
      status: "FAILED",
      errors: [
        { destination: "_extconndev.metricx", source: "concat(metric,", sourceType: "EXPRESSION", columnName: null, exception: expect.stringMatching(/at position \d+/) },
      ],
    });
    expect(destination.errors[0]).toMatchObject({ sourceType: "ATTRIBUTE", columnName: "metric", exception: expect.stringMatching(/not a field of the schema/) });
    expect(constant.errors[0]).toMatchObject({ sourceType: "STATIC", exception: expect.stringMatching(/integer/) });
    expect(path.status).toBe("FAILED");
  });

  it("checks syntax only when the body names no output schema", async () => {
    const response = await validate({
      mappings: [
        { sourceType: "ATTRIBUTE", source: "metric", destination: "anywhere.at.all" },
        { sourceType: "EXPRESSION", source: "1 +", destination: "x" },
      ],
    });
    expect(response.body.validationResponse.map((entry: any) => entry.status)).toEqual(["SUCCESS", "FAILED"]);
  });

  it("refuses an output schema that does not exist (MAPPER-1101-400)", async () => {
    expectDataPrepError(await validate(legacyTutorialBody("https://ns.adobe.com/{TENANT_ID}/schemas/945546")), 1101, 400, /TENANT_ID/);
  });

  it("answers an empty list for no mappings", async () => {
    expect((await validate({ ...schemaRef(CIO_SCHEMA), mappings: [] })).body).toEqual({ validationResponse: [] });
  });
});

describe("POST /mappingSets/preview", () => {
  it("maps each record with the engine: one {data, errors: null} per record", async () => {
    const response = await preview({ data: [SUBSCRIBED, { ...SUBSCRIBED, metric: "opened" }], mappingSet: legacyTutorialBody() });
    expect(response.status, response.text).toBe(200);
    expect(response.body).toEqual([
      {
        data: {
          _extconndev: {
            cio_id: "d9c106000001",
            email: "test@example.com",
            event_id0: SUBSCRIBED.event_id,
            metricx: "subscribed",
            object_type1: "customer",
            timestampx: 1613063089,
          },
        },
        errors: null,
      },
      { data: { _extconndev: expect.objectContaining({ metricx: "opened" }) }, errors: null },
    ]);
  });

  it("coerces values to the destination's XDM type, as the docs' example turns id 1234 into _id \"1234\"", async () => {
    const body = {
      data: [{ id: 1234, firstName: "Jim", seconds: "1613063089" }],
      mappingSet: {
        ...schemaRef(CIO_SCHEMA),
        mappings: [
          { sourceType: "ATTRIBUTE", source: "id", destination: "_id" },
          { sourceType: "ATTRIBUTE", source: "firstName", destination: "_extconndev.email" },
          { sourceType: "ATTRIBUTE", source: "seconds", destination: "_extconndev.timestampx" },
        ],
      },
    };
    expect((await preview(body)).body).toEqual([{ data: { _id: "1234", _extconndev: { email: "Jim", timestampx: 1613063089 } }, errors: null }]);
  });

  it("coerces to every XDM type: integer, number, boolean, date-time, date, arrays, maps", async () => {
    const schemaId = await createTypedSchema(emulator);
    const mapping = (source: string, destination: string, sourceType = "ATTRIBUTE") => ({ sourceType, source, destination: `_extconndev.typed.${destination}` });
    const response = await preview({
      data: [{ n: "42", x: "2.5", yes: "yes", at: 1613063089000, day: "2021-02-11T17:04:49Z", skus: ["a", "b"], label: 7 }],
      mappingSet: {
        ...schemaRef(schemaId),
        mappings: [
          mapping("n", "count"),
          mapping("x", "amount"),
          mapping("yes", "active"),
          mapping("at", "seen"),
          mapping("day", "born"),
          mapping("skus", "tags"),
          mapping("skus[*]", "items[*].sku"),
          mapping("label", "attributes.colour"),
          mapping("3", "items[0].qty", "STATIC"),
        ],
      },
    });
    expect(response.status, response.text).toBe(200);
    expect(response.body[0].errors).toBeNull();
    expect(response.body[0].data._extconndev.typed).toEqual({
      count: 42,
      amount: 2.5,
      active: true,
      seen: "2021-02-11T17:04:49Z",
      born: "2021-02-11",
      tags: ["a", "b"],
      items: [{ sku: "a", qty: 3 }, { sku: "b" }],
      attributes: { colour: "7" },
    });
  });

  it("reports a value that cannot be converted in that record's errors, and maps the rest", async () => {
    const response = await preview({ data: [{ ...SUBSCRIBED, timestamp: "yesterday" }], mappingSet: legacyTutorialBody() });
    expect(response.body[0].data._extconndev).toMatchObject({ metricx: "subscribed" });
    // Adobe's Data Prep: the attribute of a failed transformation is set to null, and the error reported.
    expect(response.body[0].data._extconndev.timestampx).toBeNull();
    expect(response.body[0].errors).toEqual([
      { destination: "_extconndev.timestampx", source: "timestamp", sourceType: "ATTRIBUTE", columnName: "timestamp", exception: expect.stringMatching(/integer/) },
    ]);
  });

  it("reports an unsound mapping with every record and maps nothing for it", async () => {
    const response = await preview({
      data: [SUBSCRIBED, {}],
      mappingSet: legacyTutorialBody(CIO_SCHEMA, [["metric", "_extconndev.metricx"], ["metric", "_extconndev.nope"]]),
    });
    expect(response.body).toEqual([
      { data: { _extconndev: { metricx: "subscribed" } }, errors: [expect.objectContaining({ destination: "_extconndev.nope" })] },
      { data: {}, errors: [expect.objectContaining({ destination: "_extconndev.nope" })] },
    ]);
  });

  it("reports an expression that would make a string past 1 MiB in that record's errors, and maps the rest", async () => {
    const mappingSet = currentTutorialBody();
    mappingSet.mappings.push({ sourceType: "EXPRESSION", source: 'lpad(metric, 300000000, "x")', destination: "_extconndev.email" });
    const response = await preview({ data: [SUBSCRIBED, SUBSCRIBED], mappingSet });
    expect(response.status, response.text.slice(0, 300)).toBe(200);
    for (const record of response.body) {
      expect(record.data._extconndev).toMatchObject({ metricx: "subscribed" });
      expect(record.errors).toEqual([expect.objectContaining({ destination: "_extconndev.email", exception: expect.stringMatching(/lpad would make a string of 300000000 characters/) })]);
    }
  });

  it("takes one object as one record (the spec's example sends data as an object)", async () => {
    const response = await preview({ data: SUBSCRIBED, mappingSet: currentTutorialBody() });
    expect(response.body).toHaveLength(1);
    expect(response.body[0].data._extconndev.event_id0).toBe(SUBSCRIBED.event_id);
  });

  it("maps without coercion when the mapping set names no schema", async () => {
    const response = await preview({ data: [{ id: 1234 }], mappingSet: { mappings: [{ sourceType: "ATTRIBUTE", source: "id", destination: "a.b" }] } });
    expect(response.body).toEqual([{ data: { a: { b: 1234 } }, errors: null }]);
  });

  it("refuses a body without data or mappingSet, or more than 1000 records", async () => {
    expectDataPrepError(await preview({ data: [SUBSCRIBED] }), 1000, 400, /mappingSet/);
    expectDataPrepError(await preview({ mappingSet: legacyTutorialBody() }), 1000, 400, /data/);
    expectDataPrepError(await preview({ data: Array.from({ length: 1001 }, () => ({})), mappingSet: legacyTutorialBody() }), 1000, 400);
  });
});
