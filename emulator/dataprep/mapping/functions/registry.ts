/** What a function implementation receives besides its arguments. */
export interface CallContext {
  readonly record: unknown;
}

export type FunctionImpl = (args: unknown[], context: CallContext) => unknown;

export interface FunctionDef {
  readonly min: number;
  readonly max: number;
  readonly impl: FunctionImpl;
}

export type FunctionTable = Record<string, FunctionDef>;

export const MANY = Number.POSITIVE_INFINITY;

export function def(min: number, max: number, impl: FunctionImpl): FunctionDef {
  return { min, max, impl };
}

/** Java varargs: a single array argument stands for the whole argument list. */
export function spread(args: unknown[]): unknown[] {
  return args.length === 1 && Array.isArray(args[0]) ? args[0] : args;
}
