import { EvaluationError, requireStringLength } from "../errors.js";
import { isNil, requireInteger, requireString, toText } from "../values.js";
import { javaSplit } from "./javaregex.js";
import { def, MANY, type FunctionTable } from "./registry.js";

const text = (value: unknown, what: string) => requireString(value, what);

function concat(args: unknown[]): string {
  let out = "";
  for (const arg of args) out += toText(arg);
  return out;
}

function explode(args: unknown[]): unknown {
  if (isNil(args[0])) return null;
  const separator = isNil(args[1]) ? "," : text(args[1], "explode regex");
  return javaSplit(text(args[0], "explode input"), separator);
}

/** 0-based index of the nth occurrence, -1 when absent (the docs: instr("adobe.com", "com") is 6). */
function instr(args: unknown[]): unknown {
  if (isNil(args[0]) || isNil(args[1])) return null;
  const input = text(args[0], "instr input");
  const search = text(args[1], "instr substring");
  let from = isNil(args[2]) ? 0 : Math.max(0, requireInteger(args[2], "instr start position"));
  const occurrence = isNil(args[3]) ? 1 : requireInteger(args[3], "instr occurrence");
  if (occurrence < 1) throw new EvaluationError("instr occurrence must be at least 1");
  let found = -1;
  for (let n = 0; n < occurrence; n++) {
    // Past the end there is no further occurrence (indexOf would answer the end again for "").
    if (from > input.length) return -1;
    found = input.indexOf(search, from);
    if (found < 0) return -1;
    from = found + Math.max(search.length, 1);
  }
  return found;
}

function replacestr(args: unknown[]): unknown {
  if (isNil(args[0])) return null;
  const input = text(args[0], "replacestr input");
  if (isNil(args[1]) || args[1] === "") return input;
  return replaceEvery(input, text(args[1], "replacestr search"), toText(args[2]), "replacestr");
}

/** Every occurrence of `search` replaced, refused before it is built when it would pass MAX_STRING_LENGTH. */
export function replaceEvery(input: string, search: string, replacement: string, what: string): string {
  const pieces = input.split(search);
  requireStringLength(input.length + (pieces.length - 1) * (replacement.length - search.length), what);
  return pieces.join(replacement);
}

/** 0-based start; the range is clipped to the string. */
function substr(args: unknown[]): unknown {
  if (isNil(args[0])) return null;
  const input = text(args[0], "substr input");
  const start = Math.max(0, requireInteger(args[1], "substr start index"));
  const length = requireInteger(args[2], "substr length");
  if (length <= 0) return "";
  return input.substring(start, start + length);
}

/** The separator is a set of characters, any of which splits; "\x" in it stands for x. Empty parts are dropped. */
function split(args: unknown[]): unknown {
  if (isNil(args[0])) return null;
  const input = text(args[0], "split input");
  const separators = new Set(unescapeSeparator(text(args[1], "split separator")));
  const parts: string[] = [];
  let current = "";
  for (const c of input) {
    if (!separators.has(c)) {
      current += c;
      continue;
    }
    if (current) parts.push(current);
    current = "";
  }
  if (current) parts.push(current);
  return parts;
}

function unescapeSeparator(separator: string): string[] {
  const chars: string[] = [];
  for (let i = 0; i < separator.length; i++) {
    if (separator[i] === "\\" && i + 1 < separator.length) i++;
    chars.push(separator[i]);
  }
  return chars;
}

function join(args: unknown[]): unknown {
  const separator = toText(args[0]);
  const items = args.length === 2 && Array.isArray(args[1]) ? args[1] : args.slice(1);
  return items.map(toText).join(separator);
}

/** Apache Commons leftPad/rightPad: never truncates; a null or empty padding is one space. */
function pad(args: unknown[], left: boolean): unknown {
  if (isNil(args[0])) return null;
  const input = text(args[0], "pad input");
  const size = requireInteger(args[1], "pad count");
  const padding = isNil(args[2]) || args[2] === "" ? " " : toText(args[2]);
  const missing = size - input.length;
  if (missing <= 0) return input;
  requireStringLength(size, left ? "lpad" : "rpad");
  const fill = padding.repeat(Math.ceil(missing / padding.length)).slice(0, missing);
  return left ? fill + input : input + fill;
}

function leftRight(args: unknown[], fromLeft: boolean): unknown {
  if (isNil(args[0])) return null;
  const input = text(args[0], "input string");
  const count = requireInteger(args[1], "count");
  if (count <= 0) return "";
  return fromLeft ? input.slice(0, count) : input.slice(Math.max(0, input.length - count));
}

function unary(fn: (s: string) => string): FunctionTable[string] {
  return def(1, 1, (args) => (isNil(args[0]) ? null : fn(text(args[0], "input"))));
}

export const stringFunctions: FunctionTable = {
  concat: def(1, MANY, concat),
  explode: def(1, 2, explode),
  instr: def(2, 4, instr),
  replacestr: def(3, 3, replacestr),
  substr: def(3, 3, substr),
  lower: unary((s) => s.toLowerCase()),
  lcase: unary((s) => s.toLowerCase()),
  upper: unary((s) => s.toUpperCase()),
  ucase: unary((s) => s.toUpperCase()),
  split: def(2, 2, split),
  join: def(2, MANY, join),
  lpad: def(3, 3, (args) => pad(args, true)),
  rpad: def(3, 3, (args) => pad(args, false)),
  left: def(2, 2, (args) => leftRight(args, true)),
  right: def(2, 2, (args) => leftRight(args, false)),
  ltrim: unary((s) => s.trimStart()),
  rtrim: unary((s) => s.trimEnd()),
  trim: unary((s) => s.trim()),
};
