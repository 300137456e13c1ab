import { EvaluationError } from "../errors.js";
import { compareValues, isNil, typeName } from "../values.js";
import { def, MANY, spread, type FunctionTable } from "./registry.js";

/** Natural ordering of mutually comparable values; nulls are ignored. */
function extreme(args: unknown[], sign: 1 | -1): unknown {
  let best: unknown = null;
  for (const value of spread(args)) {
    if (isNil(value)) continue;
    if (best === null) {
      best = value;
      continue;
    }
    const order = compareValues(value, best);
    if (order === undefined) throw new EvaluationError(`Cannot compare ${typeName(value)} with ${typeName(best)}`);
    if (order * sign > 0) best = value;
  }
  return best;
}

export const aggregationFunctions: FunctionTable = {
  min: def(1, MANY, (args) => extreme(args, -1)),
  max: def(1, MANY, (args) => extreme(args, 1)),
};
