import { describe, expect, it } from "vitest";
import { FUNCTIONS } from "../../../emulator/dataprep/mapping/functions/index.js";
import { evaluateExpression, functionCatalogue, operatorCatalogue, validateExpression } from "../../../emulator/dataprep/mapping/index.js";
import { METHODS } from "../../../emulator/dataprep/mapping/methods.js";

const NON_DETERMINISTIC = new Set(["now", "timestamp", "uuid", "guid"]);
const EXAMPLE_RECORD = { evars: { evar: { field1: "x" } } };

describe("function catalogue", () => {
  it("lists each function once, with the documented listing shape", () => {
    const names = functionCatalogue.map((f) => f.function);
    expect(new Set(names).size).toBe(names.length);
    for (const doc of functionCatalogue) {
      expect(Object.keys(doc).sort()).toEqual(["category", "description", "example", "function", "params", "result", "returnType", "returns", "since", "syntax"]);
      expect(doc.since).toBe(1);
      doc.params.forEach((param, i) => {
        expect(Object.keys(param).sort()).toEqual(["dataType", "description", "name", "position", "type"]);
        expect(param.position).toBe(i + 1);
      });
    }
  });

  it("documents every callable function, and documents nothing that cannot be called", () => {
    const documented = new Set(functionCatalogue.map((f) => f.function));
    for (const name of FUNCTIONS.keys()) expect(documented, name).toContain(name);
    for (const name of documented) expect(FUNCTIONS.has(name) || METHODS.has(name), name).toBe(true);
  });

  it("leaves out only the Analytics, lambda and FPID functions", () => {
    const documented = new Set(functionCatalogue.map((f) => f.function));
    for (const absent of ["aa_get_event_id", "aa_get_product_evars", "filterArray", "transformArray", "fpid_to_ecid"]) {
      expect(documented.has(absent)).toBe(false);
    }
    expect(documented.size).toBeGreaterThanOrEqual(90);
  });

  it("gives examples that evaluate to their stated results", () => {
    for (const doc of functionCatalogue) {
      const result = evaluateExpression(doc.example, EXAMPLE_RECORD);
      if (NON_DETERMINISTIC.has(doc.function)) {
        expect("value" in result, doc.example).toBe(true);
        continue;
      }
      expect(result, doc.example).toEqual({ value: JSON.parse(doc.result) });
    }
  });
});

describe("operator catalogue", () => {
  it("lists operators in the documented listing shape, including the spec's examples", () => {
    for (const op of operatorCatalogue) {
      expect(Object.keys(op).sort()).toEqual(["description", "example", "methodName", "numberOfOperands", "operatorSymbol"]);
    }
    const pairs = operatorCatalogue.map((op) => `${op.operatorSymbol} ${op.methodName} ${op.numberOfOperands}`);
    expect(pairs).toEqual(expect.arrayContaining(["+ add 2", "/ divide 2", "~ complement 1", "- negate 1", "! not 1"]));
  });

  it("gives examples that are valid expressions", () => {
    for (const op of operatorCatalogue) expect(validateExpression(op.example), op.example).toEqual({ valid: true });
  });
});
