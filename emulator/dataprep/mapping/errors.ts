/**
 * A failure while evaluating a mapping against one record (bad argument, failed conversion...).
 * It never leaves the engine: compile.ts and index.ts turn it into a MappingError or an error result.
 */
export class EvaluationError extends Error {
  constructor(
    message: string,
    public position?: number,
  ) {
    super(message);
    this.name = "EvaluationError";
  }
}

/** A syntax or semantic error found before evaluation, with a 0-based character position. */
export class SyntaxFailure extends Error {
  constructor(
    message: string,
    public readonly position: number,
  ) {
    super(message);
    this.name = "SyntaxFailure";
  }
}

export function fail(message: string): never {
  throw new EvaluationError(message);
}

/** The message of anything thrown, for errors that must be reported rather than rethrown. */
export function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
