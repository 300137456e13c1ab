import { randomUUID } from "node:crypto";
import { def, type FunctionTable } from "./registry.js";

export const specialFunctions: FunctionTable = {
  uuid: def(0, 0, () => randomUUID()),
  guid: def(0, 0, () => randomUUID()),
};
