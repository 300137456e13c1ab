import type { BinaryOperator, UnaryOperator } from "./ast.js";
import { EvaluationError } from "./errors.js";
import { sizeOf } from "./functions/arrays.js";
import { javaMatches } from "./functions/javaregex.js";
import { isEmpty } from "./functions/objects.js";
import { asNumber, compareValues, isNil, looseEquals, requireInteger, toText, truthy, typeName } from "./values.js";

/**
 * JEXL operator semantics over engine values: `+` concatenates when either side is a string,
 * numeric strings take part in arithmetic, integer division truncates as in Java, and null counts
 * as 0 (arithmetic) or "" (concatenation) next to a non-null operand.
 */

function operand(value: unknown, op: string): number {
  if (isNil(value)) return 0;
  const number = asNumber(value);
  if (number === undefined) throw new EvaluationError(`Operator '${op}' needs numbers, got ${typeName(value)} '${toText(value)}'`);
  return number;
}

function add(left: unknown, right: unknown): unknown {
  if (isNil(left) && isNil(right)) return null;
  if (typeof left === "string" || typeof right === "string") return toText(left) + toText(right);
  return operand(left, "+") + operand(right, "+");
}

function arithmetic(op: "-" | "*" | "/" | "%", left: unknown, right: unknown): unknown {
  if (isNil(left) && isNil(right)) return null;
  const a = operand(left, op);
  const b = operand(right, op);
  if (op === "-") return a - b;
  if (op === "*") return a * b;
  if (b === 0) throw new EvaluationError("Division by zero");
  if (op === "%") return a % b;
  return Number.isInteger(a) && Number.isInteger(b) ? Math.trunc(a / b) : a / b;
}

function bitwise(op: "&" | "|" | "^", left: unknown, right: unknown): unknown {
  if (typeof left === "boolean" && typeof right === "boolean") {
    if (op === "&") return left && right;
    return op === "|" ? left || right : left !== right;
  }
  const a = requireInteger(left ?? 0, `Operator '${op}' operand`);
  const b = requireInteger(right ?? 0, `Operator '${op}' operand`);
  const result = op === "&" ? BigInt(a) & BigInt(b) : op === "|" ? BigInt(a) | BigInt(b) : BigInt(a) ^ BigInt(b);
  return Number(result);
}

function relational(op: "<" | "<=" | ">" | ">=", left: unknown, right: unknown): boolean {
  if (isNil(left) || isNil(right)) return false;
  const order = compareValues(left, right);
  if (order === undefined) throw new EvaluationError(`Cannot compare ${typeName(left)} with ${typeName(right)}`);
  if (op === "<") return order < 0;
  if (op === "<=") return order <= 0;
  return op === ">" ? order > 0 : order >= 0;
}

/** `=~`: membership when the right side is an array, otherwise a whole-string regex match. */
function matches(left: unknown, right: unknown): boolean {
  if (Array.isArray(right)) return right.some((item) => looseEquals(left, item));
  if (isNil(left) || isNil(right)) return false;
  return javaMatches(toText(left), toText(right));
}

export function binary(op: BinaryOperator, left: unknown, right: unknown): unknown {
  switch (op) {
    case "+":
      return add(left, right);
    case "-":
    case "*":
    case "/":
    case "%":
      return arithmetic(op, left, right);
    case "&":
    case "|":
    case "^":
      return bitwise(op, left, right);
    case "==":
      return looseEquals(left, right);
    case "!=":
      return !looseEquals(left, right);
    case "<":
    case "<=":
    case ">":
    case ">=":
      return relational(op, left, right);
    case "=~":
      return matches(left, right);
    case "!~":
      return !matches(left, right);
    case "=^":
      return !isNil(left) && !isNil(right) && toText(left).startsWith(toText(right));
    case "!^":
      return isNil(left) || isNil(right) || !toText(left).startsWith(toText(right));
    case "=$":
      return !isNil(left) && !isNil(right) && toText(left).endsWith(toText(right));
    default:
      return isNil(left) || isNil(right) || !toText(left).endsWith(toText(right));
  }
}

export function unary(op: UnaryOperator, value: unknown): unknown {
  switch (op) {
    case "!":
      return !truthy(value);
    case "empty":
      return isEmpty(value);
    case "size":
      return sizeOf(value);
    case "~":
      return isNil(value) ? null : Number(~BigInt(requireInteger(value, "Operator '~' operand")));
    default: {
      if (isNil(value)) return null;
      const number = asNumber(value);
      if (number === undefined) throw new EvaluationError(`Operator '${op}' needs a number, got ${typeName(value)} '${toText(value)}'`);
      return op === "-" ? -number : number;
    }
  }
}
