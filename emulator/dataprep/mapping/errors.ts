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

/**
 * The longest string a function or operator may make, in characters: the streaming inlet's own
 * message limit (1 MiB). Without it `lpad(x, 300000000, "y")` built 300 million characters per
 * record and the preview answer could not be written (a 500).
 */
export const MAX_STRING_LENGTH = 1024 * 1024;

/** Refuses a result of `length` characters that `what` would make (checked before building it where it can be). */
export function requireStringLength(length: number, what: string): void {
  if (length > MAX_STRING_LENGTH) {
    throw new EvaluationError(`${what} would make a string of ${length} characters; at most ${MAX_STRING_LENGTH} are allowed`);
  }
}

/**
 * The longest array a function or method may make. `join_arrays` of a hundred `split`s of
 * megabyte strings built 59 million elements in 16 s for one record; a streaming record's arrays
 * are far shorter.
 */
export const MAX_ARRAY_LENGTH = 65_536;

/** Refuses an array of `length` elements that `what` would make (checked before building it where it can be). */
export function requireArrayLength(length: number, what: string): void {
  if (length > MAX_ARRAY_LENGTH) {
    throw new EvaluationError(`${what} would make an array of ${length} elements; at most ${MAX_ARRAY_LENGTH} are allowed`);
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
