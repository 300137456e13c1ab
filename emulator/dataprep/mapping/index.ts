import { EvaluationError, messageOf, SyntaxFailure } from "./errors.js";
import { compileNode } from "./evaluate.js";
import { parseExpression } from "./parser.js";
import { toOutput } from "./values.js";

/**
 * The Data Prep mapping engine: compiles mapping sets (ATTRIBUTE paths, STATIC values and
 * EXPRESSIONs in Data Prep's JEXL-like language) and applies them to raw records. Pure functions:
 * no I/O, no state between calls.
 */

export type {
  CompiledMappingSet,
  CompileOptions,
  FunctionDoc,
  FunctionParamDoc,
  MappingError,
  MappingRule,
  OperatorDoc,
  OutputBudget,
  SourceType,
  XdmFieldType,
} from "./types.js";
export { compileMappingSet, MAX_RECORD_SIZE, MAX_REQUEST_OUTPUT, newOutputBudget } from "./compile.js";
export { functionCatalogue, operatorCatalogue } from "./catalogue.js";
export { MAX_EXPRESSION_LENGTH } from "./parser.js";

export function validateExpression(expression: string): { valid: true } | { valid: false; message: string; position: number } {
  if (typeof expression !== "string") return { valid: false, message: "The expression must be a string", position: 0 };
  try {
    parseExpression(expression);
    return { valid: true };
  } catch (error) {
    const position = error instanceof SyntaxFailure ? error.position : 0;
    return { valid: false, message: messageOf(error), position };
  }
}

/** Evaluates an expression against one record; dates in the result come back as ISO strings. */
export function evaluateExpression(expression: string, record: unknown): { value: unknown } | { error: string; position?: number } {
  if (typeof expression !== "string") return { error: "The expression must be a string", position: 0 };
  try {
    const evaluate = compileNode(parseExpression(expression));
    return { value: toOutput(evaluate({ record })) ?? null };
  } catch (error) {
    if (error instanceof SyntaxFailure) return { error: error.message, position: error.position };
    if (error instanceof EvaluationError && error.position !== undefined) return { error: error.message, position: error.position };
    return { error: messageOf(error) };
  }
}
