import { aggregationFunctions } from "./aggregation.js";
import { arrayFunctions } from "./arrays.js";
import { conversionFunctions } from "./conversion.js";
import { datetimeFunctions } from "./datetime.js";
import { hashingFunctions } from "./hashing.js";
import { jsonFunctions } from "./json.js";
import { logicalFunctions } from "./logical.js";
import { mapFunctions } from "./maps.js";
import { objectFunctions } from "./objects.js";
import { regexFunctions } from "./regex.js";
import type { FunctionDef } from "./registry.js";
import { specialFunctions } from "./special.js";
import { stringFunctions } from "./string.js";
import { urlFunctions } from "./url.js";
import { userAgentFunctions } from "./useragent.js";

export type { CallContext, FunctionDef } from "./registry.js";

/** Every function an expression may call, by exact (case-sensitive) name. */
export const FUNCTIONS: ReadonlyMap<string, FunctionDef> = new Map(
  Object.entries({
    ...stringFunctions,
    ...regexFunctions,
    ...hashingFunctions,
    ...urlFunctions,
    ...datetimeFunctions,
    ...objectFunctions,
    ...mapFunctions,
    ...arrayFunctions,
    ...logicalFunctions,
    ...aggregationFunctions,
    ...conversionFunctions,
    ...jsonFunctions,
    ...specialFunctions,
    ...userAgentFunctions,
  }),
);
