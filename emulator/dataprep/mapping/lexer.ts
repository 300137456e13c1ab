import { SyntaxFailure } from "./errors.js";

export type TokenKind = "number" | "string" | "identifier" | "wrapped" | "operator" | "eof";

export interface Token {
  readonly kind: TokenKind;
  /** Operator symbol, identifier name, decoded string or wrapped field name. */
  readonly text: string;
  readonly number?: number;
  /** 0-based offset of the first character. */
  readonly pos: number;
}

/** Longest symbols first so that "<=" wins over "<". */
const OPERATORS = [
  "&&", "||", "==", "!=", "<=", ">=", "=~", "!~", "=^", "=$", "!^", "!$", "?:", "??",
  "+", "-", "*", "/", "%", "<", ">", "!", "~", "&", "|", "^", "(", ")", "[", "]", "{", "}",
  ",", ".", "?", ":",
];

const IDENTIFIER_START = /[\p{L}_$]/u;
const IDENTIFIER_PART = /[\p{L}\p{N}_$]/u;

export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let pos = 0;
  while (pos < source.length) {
    const c = source[pos];
    if (/\s/.test(c)) {
      pos++;
      continue;
    }
    const token = readToken(source, pos);
    tokens.push(token.token);
    pos = token.next;
  }
  tokens.push({ kind: "eof", text: "", pos: source.length });
  return tokens;
}

function readToken(source: string, pos: number): { token: Token; next: number } {
  const c = source[pos];
  if (c === '"' || c === "'") return readString(source, pos);
  if (c >= "0" && c <= "9") return readNumber(source, pos);
  if (c === "$" && source[pos + 1] === "{") return readWrapped(source, pos);
  if (isIdentifierStart(source, pos)) return readIdentifier(source, pos);
  return readOperator(source, pos);
}

function isIdentifierStart(source: string, pos: number): boolean {
  if (isEscape(source, pos)) return true;
  const cp = String.fromCodePoint(source.codePointAt(pos) ?? 0);
  return IDENTIFIER_START.test(cp);
}

function isEscape(source: string, pos: number): boolean {
  return source[pos] === "\\" && pos + 1 < source.length;
}

/**
 * A name, in which a backslash makes the next character part of it: Adobe's docs write a child
 * attribute with a period as `address.street\.name`. A name with an escape is a field, as `${...}`
 * is, never a keyword or a function.
 */
function readIdentifier(source: string, start: number): { token: Token; next: number } {
  let name = "";
  let escaped = false;
  let pos = start;
  while (pos < source.length) {
    if (isEscape(source, pos)) {
      const cp = String.fromCodePoint(source.codePointAt(pos + 1) ?? 0);
      name += cp;
      pos += 1 + cp.length;
      escaped = true;
      continue;
    }
    const cp = String.fromCodePoint(source.codePointAt(pos) ?? 0);
    if (!IDENTIFIER_PART.test(cp)) break;
    name += cp;
    pos += cp.length;
  }
  return { token: { kind: escaped ? "wrapped" : "identifier", text: name, pos: start }, next: pos };
}

function readWrapped(source: string, start: number): { token: Token; next: number } {
  let name = "";
  let pos = start + 2;
  while (pos < source.length) {
    const c = source[pos];
    if (c === "}") return { token: { kind: "wrapped", text: name, pos: start }, next: pos + 1 };
    if (c === "\\" && pos + 1 < source.length) {
      name += source[pos + 1];
      pos += 2;
      continue;
    }
    name += c;
    pos++;
  }
  throw new SyntaxFailure("Unterminated '${' field name", start);
}

/**
 * Escapes \\, \', \", \n, \t, \r and \uXXXX are decoded; any other backslash is kept, so regular
 * expressions such as "\d+" or "\|" reach the function unchanged (as JEXL does).
 */
function readString(source: string, start: number): { token: Token; next: number } {
  const quote = source[start];
  let value = "";
  let pos = start + 1;
  while (pos < source.length) {
    const c = source[pos];
    if (c === quote) return { token: { kind: "string", text: value, pos: start }, next: pos + 1 };
    if (c !== "\\" || pos + 1 >= source.length) {
      value += c;
      pos++;
      continue;
    }
    const escape = decodeEscape(source, pos);
    value += escape.text;
    pos = escape.next;
  }
  throw new SyntaxFailure("Unterminated string literal", start);
}

function decodeEscape(source: string, pos: number): { text: string; next: number } {
  const e = source[pos + 1];
  if (e === "\\" || e === '"' || e === "'") return { text: e, next: pos + 2 };
  if (e === "n") return { text: "\n", next: pos + 2 };
  if (e === "t") return { text: "\t", next: pos + 2 };
  if (e === "r") return { text: "\r", next: pos + 2 };
  const hex = source.slice(pos + 2, pos + 6);
  if (e === "u" && /^[0-9a-fA-F]{4}$/.test(hex)) return { text: String.fromCharCode(parseInt(hex, 16)), next: pos + 6 };
  return { text: `\\${e}`, next: pos + 2 };
}

const NUMBER = /^(?:0[xX][0-9a-fA-F]+|\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)/;

/** Java literal suffixes (10L, 1.5f, 1.5d, 10B, 1.5H) are accepted and ignored. */
function readNumber(source: string, start: number): { token: Token; next: number } {
  const match = NUMBER.exec(source.slice(start, start + 400));
  const text = match ? match[0] : source[start];
  let next = start + text.length;
  if (/[lLfFdDbBhH]/.test(source[next] ?? "") && !isIdentifierPartAt(source, next + 1)) next++;
  if (isIdentifierPartAt(source, next)) throw new SyntaxFailure(`Invalid number '${source.slice(start, next + 1)}'`, start);
  const number = /^0[xX]/.test(text) ? parseInt(text.slice(2), 16) : Number(text);
  return { token: { kind: "number", text, number, pos: start }, next };
}

function isIdentifierPartAt(source: string, pos: number): boolean {
  if (pos >= source.length) return false;
  return IDENTIFIER_PART.test(String.fromCodePoint(source.codePointAt(pos) ?? 0));
}

function readOperator(source: string, pos: number): { token: Token; next: number } {
  for (const op of OPERATORS) {
    if (!source.startsWith(op, pos)) continue;
    // "!$name" is "not" applied to the field $name, not the "!$" (does not end with) operator.
    if (op === "!$" && (source[pos + 2] === "{" || isIdentifierPartAt(source, pos + 2))) continue;
    return { token: { kind: "operator", text: op, pos }, next: pos + op.length };
  }
  const c = source[pos];
  if (c === "=") throw new SyntaxFailure("Assignment '=' is not supported; use '==' to compare", pos);
  if (c === ";") throw new SyntaxFailure("Only a single expression is allowed; ';' is not supported", pos);
  const shown = String.fromCodePoint(source.codePointAt(pos) ?? 0);
  throw new SyntaxFailure(`Unexpected character '${shown}'`, pos);
}
