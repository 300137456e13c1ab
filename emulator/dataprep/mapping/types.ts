/** Public shapes of the mapping engine; index.ts re-exports them. */

export type SourceType = "ATTRIBUTE" | "STATIC" | "EXPRESSION";

export interface MappingRule {
  sourceType: SourceType;
  source: string;
  destination: string;
}

export type XdmFieldType =
  | "string"
  | "number"
  | "integer"
  | "boolean"
  | "object"
  | "array"
  | "date"
  | "date-time";

export interface MappingError {
  destination: string;
  source: string;
  sourceType: SourceType;
  message: string;
  position?: number;
}

export interface CompileOptions {
  /** The XDM type of a destination, given the destination exactly as written in the mapping. */
  fieldType?: (destination: string) => XdmFieldType | undefined;
}

/** The output one request may still map, shared by its records (compile.ts: `newOutputBudget()`). */
export interface OutputBudget {
  remaining: number;
}

export interface CompiledMappingSet {
  /** Compile-time error per mapping (bad path, bad expression), null when the mapping is fine. */
  readonly errors: (MappingError | null)[];
  /**
   * Maps one raw record to an XDM object. Never throws. `budget`: the output the request's records
   * may still hold, shared by them (compile.ts).
   */
  map(record: unknown, budget?: OutputBudget): { data: Record<string, unknown>; errors: MappingError[] };
}

export interface FunctionParamDoc {
  name: string;
  description: string;
  type: string;
  dataType: string;
  position: number;
}

/** One item of GET /languages/el/functions. */
export interface FunctionDoc {
  category: string;
  function: string;
  description: string;
  syntax: string;
  returns: string;
  returnType: string;
  example: string;
  result: string;
  params: FunctionParamDoc[];
  since: number;
}

/** One item of GET /languages/el/operators. */
export interface OperatorDoc {
  operatorSymbol: string;
  methodName: string;
  numberOfOperands: number;
  description: string;
  example: string;
}
