import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { functionCatalogue, MAX_EXPRESSION_LENGTH, operatorCatalogue } from "../../../emulator/dataprep/mapping/index.js";
import { createTestEmulator, type TestEmulator } from "../../support/app.js";
import { DP, expectDataPrepError } from "./support.js";

let emulator: TestEmulator;
beforeEach(() => {
  emulator = createTestEmulator();
});
afterEach(() => emulator.close());

const validate = (body: unknown) => emulator.request("POST", `${DP}/languages/el/validate`, { body });

describe("GET /languages/el/functions and /operators", () => {
  it("lists the engine's functions in Adobe's item shape", async () => {
    const response = await emulator.request("GET", `${DP}/languages/el/functions`);
    expect(response.status, response.text).toBe(200);
    expect(response.body).toEqual(functionCatalogue);
    expect(response.body.find((item: any) => item.function === "concat")).toMatchObject({
      category: "String",
      syntax: expect.any(String),
      returnType: expect.any(String),
      params: expect.any(Array),
      since: expect.any(Number),
    });
  });

  it("lists the operators", async () => {
    const response = await emulator.request("GET", `${DP}/languages/el/operators`);
    expect(response.status, response.text).toBe(200);
    expect(response.body).toEqual(operatorCatalogue);
    expect(Object.keys(response.body[0]).sort()).toEqual(["description", "example", "methodName", "numberOfOperands", "operatorSymbol"]);
  });
});

describe("POST /languages/el/validate", () => {
  it('answers the docs\' {validationStatus: "succeeded", error: "none"} for a sound expression', async () => {
    const response = await validate({ expression: 'concat("Hi", ",", "there", "!")' });
    expect(response.status, response.text).toBe(200);
    expect(response.body).toEqual({ validationStatus: "succeeded", error: "none" });
  });

  it("accepts the spec example's nested {expression: {expression}}", async () => {
    expect((await validate({ expression: { expression: "upper(firstName)" } })).body).toEqual({ validationStatus: "succeeded", error: "none" });
  });

  it("answers failed with the parser's message and position for an expression that does not parse", async () => {
    const response = await validate({ expression: 'concat("Hi", ' });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ validationStatus: "failed", error: expect.stringMatching(/\(at position \d+\)$/) });
  });

  it(`fails an expression longer than ${MAX_EXPRESSION_LENGTH} characters`, async () => {
    const response = await validate({ expression: `"${"a".repeat(MAX_EXPRESSION_LENGTH)}"` });
    expect(response.body).toEqual({ validationStatus: "failed", error: expect.stringMatching(/4096/) });
  });

  it("refuses a body without a string expression (MAPPER-1000-400)", async () => {
    expectDataPrepError(await validate({}), 1000, 400, /expression/);
    expectDataPrepError(await validate({ expression: 42 }), 1000, 400, /expression/);
    expectDataPrepError(await validate([]), 1000, 400);
  });
});
