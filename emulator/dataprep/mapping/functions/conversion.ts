import { EvaluationError } from "../errors.js";
import { isNil, toText, typeName } from "../values.js";
import { def, type FunctionTable } from "./registry.js";

const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;

function numericText(value: unknown, target: string): string {
  if (typeof value === "boolean" || (typeof value === "object" && value !== null)) {
    throw new EvaluationError(`Cannot convert ${typeName(value)} to ${target}`);
  }
  const text = toText(value).trim();
  if (!DECIMAL.test(text)) throw new EvaluationError(`Cannot convert '${toText(value)}' to ${target}`);
  return text;
}

function toDecimal(value: unknown, target: string): unknown {
  if (isNil(value)) return null;
  const number = Number(numericText(value, target));
  if (!Number.isFinite(number)) throw new EvaluationError(`'${toText(value)}' is out of range for ${target}`);
  return number;
}

/** The integral part (BigDecimal.toBigInteger); a bigint when it does not fit a double exactly. */
function toBigint(value: unknown): unknown {
  if (isNil(value)) return null;
  if (typeof value === "bigint") return value;
  const text = numericText(value, "BigInteger");
  const number = Number(text);
  if (Number.isSafeInteger(Math.trunc(number))) return Math.trunc(number) || 0;
  if (/[eE.]/.test(text)) return BigInt(Math.trunc(number));
  return BigInt(text);
}

/** Decimals are truncated toward zero; values outside 32 bits are an error. */
function toInteger(value: unknown): unknown {
  if (isNil(value)) return null;
  const number = Math.trunc(Number(numericText(value, "Integer"))) || 0;
  if (number < INT32_MIN || number > INT32_MAX) throw new EvaluationError(`'${toText(value)}' is out of range for Integer`);
  return number;
}

export const conversionFunctions: FunctionTable = {
  to_bigint: def(1, 1, (args) => toBigint(args[0])),
  to_decimal: def(1, 1, (args) => toDecimal(args[0], "Double")),
  to_float: def(1, 1, (args) => toDecimal(args[0], "Float")),
  to_integer: def(1, 1, (args) => toInteger(args[0])),
};
