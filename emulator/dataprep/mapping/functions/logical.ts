import { looseEquals, truthy } from "../values.js";
import { def, MANY, type FunctionTable } from "./registry.js";

/** decode(KEY, k1, v1, k2, v2, ..., [DEFAULT]): the value paired with the first matching key. */
function decode(args: unknown[]): unknown {
  const [key, ...options] = args;
  const pairs = options.length - (options.length % 2);
  for (let i = 0; i < pairs; i += 2) {
    if (looseEquals(key, options[i])) return options[i + 1];
  }
  return options.length % 2 === 1 ? options[options.length - 1] : null;
}

export const logicalFunctions: FunctionTable = {
  decode: def(1, MANY, decode),
  iif: def(3, 3, (args) => (truthy(args[0]) ? args[1] : args[2])),
};
