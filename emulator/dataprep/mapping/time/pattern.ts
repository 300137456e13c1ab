import { EvaluationError } from "../errors.js";

/**
 * The subset of Java's DateTimeFormatter pattern language that Data Prep documents
 * (help/data-prep/data-handling.md#format), compiled once per pattern string for format.ts and
 * pattern-parse.ts. `u` follows Adobe's table (day-of-week number, 1 = Monday), not Java's year.
 */

export type Token =
  | { kind: "field"; letter: string; count: number }
  | { kind: "literal"; text: string }
  | { kind: "optional"; tokens: Token[] };

export interface DatePattern {
  readonly source: string;
  readonly tokens: Token[];
}

const MAX_COUNT: Record<string, number> = {
  G: 5, y: 19, Y: 19, u: 2, M: 5, L: 5, Q: 5, q: 5, w: 2, W: 1, d: 2, D: 3, F: 1, E: 5, e: 5,
  c: 5, a: 1, H: 2, k: 2, K: 2, h: 2, m: 2, s: 2, S: 9, n: 9, A: 19, V: 2, z: 4, O: 4, X: 5,
  x: 5, Z: 5,
};

export const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
export const DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
export const QUARTERS = ["1st quarter", "2nd quarter", "3rd quarter", "4th quarter"];

const cache = new Map<string, DatePattern>();

export function compilePattern(source: string): DatePattern {
  const cached = cache.get(source);
  if (cached) return cached;
  const pattern = { source, tokens: tokenize(source) };
  if (cache.size > 256) cache.clear();
  cache.set(source, pattern);
  return pattern;
}

function patternError(source: string, message: string): EvaluationError {
  return new EvaluationError(`Invalid date pattern '${source}': ${message}`);
}

function tokenize(source: string): Token[] {
  const stack: Token[][] = [[]];
  let i = 0;
  while (i < source.length) {
    const c = source[i];
    const current = stack[stack.length - 1];
    if (/[A-Za-z]/.test(c)) {
      let end = i;
      while (source[end] === c) end++;
      current.push(fieldToken(source, c, end - i));
      i = end;
    } else if (c === "'") {
      const { text, next } = quoted(source, i);
      current.push({ kind: "literal", text });
      i = next;
    } else if (c === "[") {
      const group: Token[] = [];
      current.push({ kind: "optional", tokens: group });
      stack.push(group);
      i++;
    } else if (c === "]") {
      if (stack.length === 1) throw patternError(source, "unbalanced ']'");
      stack.pop();
      i++;
    } else if (c === "{" || c === "}" || c === "#") {
      throw patternError(source, `reserved character '${c}'`);
    } else {
      current.push({ kind: "literal", text: c });
      i++;
    }
  }
  if (stack.length !== 1) throw patternError(source, "unclosed '['");
  return stack[0];
}

function fieldToken(source: string, letter: string, count: number): Token {
  const max = MAX_COUNT[letter];
  if (max === undefined) throw patternError(source, `unknown pattern letter '${letter}'`);
  if (count > max) throw patternError(source, `too many pattern letters '${letter}'`);
  if (letter === "V" && count !== 2) throw patternError(source, "pattern letter 'V' must be 'VV'");
  if (letter === "O" && count !== 1 && count !== 4) throw patternError(source, "pattern letter 'O' must be 'O' or 'OOOO'");
  return { kind: "field", letter, count };
}

function quoted(source: string, start: number): { text: string; next: number } {
  if (source[start + 1] === "'") return { text: "'", next: start + 2 };
  let text = "";
  let i = start + 1;
  while (i < source.length) {
    if (source[i] !== "'") {
      text += source[i++];
      continue;
    }
    if (source[i + 1] !== "'") return { text, next: i + 1 };
    text += "'";
    i += 2;
  }
  throw patternError(source, "unterminated quoted text");
}
