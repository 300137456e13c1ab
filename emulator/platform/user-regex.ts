import { type Context, createContext, Script } from "node:vm";

/**
 * Regular expressions written by users (Data Prep mappings, XDM `pattern` keywords) run on the
 * emulator's one thread. V8's linear-time engine takes over from runaway backtracking (main.ts),
 * but only for expressions it can run: not those with backreferences, lookarounds or counted
 * repetition ({n,m}), nor with the i or u flag. `^(a|a)*\1b$` over 40 characters held the emulator
 * for hours. Those run under a time limit instead: node:vm's timeout is the one way to stop a
 * running expression (about 60 µs per run, so the others run directly).
 */
export const EACH_RUN_MS = 100;
/** All limited runs in one turn of the event loop (one request's records): later ones fail at once. */
export const TURN_BUDGET_MS = 1000;

export class RegexTimeLimit extends Error {
  constructor(source: string) {
    super(`the regular expression '${source.length > 100 ? `${source.slice(0, 100)}…` : source}' ran longer than the emulator allows (${EACH_RUN_MS} ms per run, ${TURN_BUDGET_MS} ms per request)`);
    this.name = "RegexTimeLimit";
  }
}

const UNSUPPORTED_FLAGS = /[iuv]/;
/** Backreferences, lookarounds and counted repetition; a false alarm (an escaped \\1) only costs time. */
const UNSUPPORTED_SYNTAX = /\\[1-9]|\\k<|\(\?<?[=!]|\{\d/;

/** Whether V8's linear-time engine can take this expression over when it backtracks too much. */
export function fallsBackToLinearTime(regex: RegExp): boolean {
  return !UNSUPPORTED_FLAGS.test(regex.flags) && !UNSUPPORTED_SYNTAX.test(regex.source);
}

/** Made on first use: a context costs the start-up a few milliseconds most runs never need. */
let limited: { context: Context; script: Script } | undefined;
let spentThisTurn = 0;
let resetScheduled = false;

/**
 * `task` (which runs `regex`) run directly, or within the time limit when `regex` needs one.
 * `written` is the expression as its user wrote it, for the error.
 */
export function runUserRegex<T>(regex: RegExp, task: () => T, written = regex.source): T {
  if (fallsBackToLinearTime(regex)) return task();
  const remaining = TURN_BUDGET_MS - spentThisTurn;
  if (remaining <= 0) throw new RegexTimeLimit(written);
  if (!resetScheduled) {
    resetScheduled = true;
    setImmediate(() => {
      spentThisTurn = 0;
      resetScheduled = false;
    });
  }
  limited ??= { context: createContext({ task: undefined, result: undefined }), script: new Script("result = task();") };
  const { context, script } = limited;
  const started = performance.now();
  context.task = task;
  try {
    script.runInContext(context, { timeout: Math.min(EACH_RUN_MS, Math.ceil(remaining)) });
    return context.result as T;
  } catch (error) {
    if ((error as { code?: unknown }).code === "ERR_SCRIPT_EXECUTION_TIMEOUT") throw new RegexTimeLimit(written);
    throw error;
  } finally {
    spentThisTurn += performance.now() - started;
    context.task = undefined;
    context.result = undefined;
  }
}
