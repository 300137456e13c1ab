import { compileMappingSet, evaluateExpression, type MappingRule, type XdmFieldType } from "../../../emulator/dataprep/mapping/index.js";

/** The value of an expression, failing the test with the engine's message if it errors. */
export function value(expression: string, record: unknown = {}): unknown {
  const result = evaluateExpression(expression, record);
  if ("error" in result) throw new Error(`${expression} failed: ${result.error} (position ${result.position})`);
  return result.value;
}

/** The error of an expression that is expected to fail. */
export function failure(expression: string, record: unknown = {}): { error: string; position?: number } {
  const result = evaluateExpression(expression, record);
  if ("value" in result) throw new Error(`${expression} was expected to fail but gave ${JSON.stringify(result.value)}`);
  return result;
}

export function attribute(source: string, destination: string): MappingRule {
  return { sourceType: "ATTRIBUTE", source, destination };
}

export function expression(source: string, destination: string): MappingRule {
  return { sourceType: "EXPRESSION", source, destination };
}

export function staticValue(source: string, destination: string): MappingRule {
  return { sourceType: "STATIC", source, destination };
}

/** Compiles and maps one record in one go. */
export function mapOne(rules: MappingRule[], record: unknown, types: Record<string, XdmFieldType> = {}) {
  return compileMappingSet(rules, { fieldType: (destination) => types[destination] }).map(record);
}

export const IPHONE_UA =
  "Mozilla/5.0 (iPhone; CPU iPhone OS 5_1_1 like Mac OS X) AppleWebKit/534.46 (KHTML, like Gecko) Version/5.1 Mobile/9B206 Safari/7534.48.3";
