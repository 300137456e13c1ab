import { jsonDepthExceeds, MAX_JSON_DEPTH } from "../../../platform/body.js";
import { EvaluationError } from "../errors.js";
import { isNil } from "../values.js";
import { def, type FunctionTable } from "./registry.js";

/** Parses JSON text; a value that is already structured (the docs pass a map literal) passes through. */
function jsonToObject(value: unknown): unknown {
  if (isNil(value)) return null;
  if (typeof value !== "string") return value;
  // As deep as a request body may be: deeper values ran the engine's copying and typing out of stack.
  if (jsonDepthExceeds(value)) throw new EvaluationError(`Invalid JSON: nested more than ${MAX_JSON_DEPTH} levels deep`);
  try {
    return JSON.parse(value);
  } catch (error) {
    throw new EvaluationError(`Invalid JSON: ${(error as Error).message}`);
  }
}

export const jsonFunctions: FunctionTable = {
  json_to_object: def(1, 1, (args) => jsonToObject(args[0])),
};
