import { RegexTimeLimit, runUserRegex } from "../../../platform/user-regex.js";
import { EvaluationError, MAX_ARRAY_LENGTH, requireArrayLength } from "../errors.js";

/**
 * Java regular expressions run on JavaScript's engine. The common syntax is shared; leading
 * inline flags such as (?i) become RegExp flags, and \p{...} switches on Unicode mode.
 */
const cache = new Map<string, RegExp>();

export function javaRegex(source: string, extraFlags = ""): RegExp {
  const key = `${extraFlags}/${source}`;
  const cached = cache.get(key);
  if (cached) {
    cached.lastIndex = 0;
    return cached;
  }
  const regex = build(source, extraFlags);
  if (cache.size > 256) cache.clear();
  cache.set(key, regex);
  return regex;
}

function build(source: string, extraFlags: string): RegExp {
  let body = source;
  let flags = extraFlags;
  const inline = /^\(\?([imsx]+)\)/.exec(body);
  if (inline) {
    body = body.slice(inline[0].length);
    for (const f of inline[1]) if (f !== "x" && !flags.includes(f)) flags += f;
  }
  body = body.replace(/\\A/g, "^").replace(/\\[zZ]/g, "$");
  if (/\\[pP]\{/.test(body)) flags += "u";
  try {
    return new RegExp(body, flags);
  } catch (error) {
    throw new EvaluationError(`Invalid regular expression '${source}': ${(error as Error).message}`);
  }
}

/**
 * `task` run with `regex` (made from `written`) under the user-regex time limit; running out of it
 * is the record's error.
 */
export function withRegex<T>(regex: RegExp, written: string, task: () => T): T {
  try {
    return runUserRegex(regex, task, written);
  } catch (error) {
    if (error instanceof RegexTimeLimit) throw new EvaluationError(error.message);
    throw error;
  }
}

/** Java's String.split: trailing empty strings are dropped, a leading one kept unless the match is empty. */
export function javaSplit(input: string, regexSource: string): string[] {
  if (input === "") return [""];
  const regex = javaRegex(regexSource, "g");
  return withRegex(regex, regexSource, () => splitOn(input, regex));
}

function splitOn(input: string, regex: RegExp): string[] {
  const parts: string[] = [];
  let last = 0;
  for (const match of input.matchAll(regex)) {
    const at = match.index ?? 0;
    if (match[0] === "" && at === 0) continue;
    if (match[0] === "" && at >= input.length) break;
    if (parts.push(input.slice(last, at)) > MAX_ARRAY_LENGTH) requireArrayLength(parts.length, "split");
    last = at + match[0].length;
  }
  parts.push(input.slice(last));
  while (parts.length > 1 && parts[parts.length - 1] === "") parts.pop();
  if (parts.length === 1 && parts[0] === "") return input.length > 0 ? [] : [""];
  return parts;
}

/** Whole-string match, as Java's String.matches. */
export function javaMatches(input: string, regexSource: string): boolean {
  const { body, flags } = stripInlineFlags(regexSource);
  const regex = javaRegex(`^(?:${body})$`, flags);
  return withRegex(regex, regexSource, () => regex.test(input));
}

function stripInlineFlags(source: string): { body: string; flags: string } {
  const inline = /^\(\?([ims]+)\)/.exec(source);
  if (!inline) return { body: source, flags: "" };
  return { body: source.slice(inline[0].length), flags: inline[1] };
}
