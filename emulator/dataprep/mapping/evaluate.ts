import type { Node } from "./ast.js";
import { EvaluationError, messageOf, requireArrayLength, requireStringLength } from "./errors.js";
import { FUNCTIONS } from "./functions/index.js";
import { METHODS } from "./methods.js";
import { binary, unary } from "./operators.js";
import { getOwn, isObject, setOwn, toText, truthy, type JsonObject } from "./values.js";

/** What an expression sees: the record and, inside a `[*]` projection, the current element. */
export interface Scope {
  readonly record: unknown;
  readonly element?: unknown;
}

export type Evaluator = (scope: Scope) => unknown;

/**
 * Compiles a syntax tree into nested closures once, so evaluating a record does no tree walking
 * or name lookups. Missing fields evaluate to null.
 */
export function compileNode(node: Node): Evaluator {
  switch (node.type) {
    case "literal": {
      const value = node.value;
      return () => value;
    }
    case "array": {
      const elements = node.elements.map(compileNode);
      return (scope) => elements.map((element) => element(scope));
    }
    case "map":
      return compileMap(node.entries.map((e) => ({ key: compileNode(e.key), value: compileNode(e.value) })));
    case "field": {
      const read = propertyReader(node.name);
      return (scope) => read(scope.record);
    }
    case "member": {
      const object = compileNode(node.object);
      const read = propertyReader(node.key);
      return (scope) => read(object(scope));
    }
    case "index":
      return compileIndex(compileNode(node.object), compileNode(node.index));
    case "element":
      return (scope) => scope.element ?? null;
    case "project":
      return compileProjection(compileNode(node.source), compileNode(node.body));
    case "call":
      return compileCall(node.name, node.args.map(compileNode), node.pos);
    case "method":
      return compileMethod(node.name, compileNode(node.object), node.args.map(compileNode), node.pos);
    case "unary": {
      const operand = compileNode(node.operand);
      const { op, pos } = node;
      return (scope) => {
        try {
          return unary(op, operand(scope));
        } catch (error) {
          throw tagged(error, pos);
        }
      };
    }
    case "binary": {
      const left = compileNode(node.left);
      const right = compileNode(node.right);
      const { op, pos } = node;
      return (scope) => {
        try {
          return bounded(binary(op, left(scope), right(scope)), `the ${op} operator`);
        } catch (error) {
          throw tagged(error, pos);
        }
      };
    }
    case "logical":
      return compileLogical(node.op, compileNode(node.left), compileNode(node.right));
    case "conditional": {
      const test = compileNode(node.test);
      const then = compileNode(node.then);
      const otherwise = compileNode(node.otherwise);
      return (scope) => (truthy(test(scope)) ? then(scope) : otherwise(scope));
    }
  }
}

/** A property of an object, or null; arrays, strings and dates have no fields. */
function propertyReader(key: string): (value: unknown) => unknown {
  if (key in Object.prototype) return (value) => (isObject(value) ? (getOwn(value, key) ?? null) : null);
  return (value) => (isObject(value) ? ((value as JsonObject)[key] ?? null) : null);
}

function compileMap(entries: { key: Evaluator; value: Evaluator }[]): Evaluator {
  return (scope) => {
    const result: JsonObject = {};
    for (const entry of entries) setOwn(result, toText(entry.key(scope)), entry.value(scope));
    return result;
  };
}

function compileIndex(object: Evaluator, index: Evaluator): Evaluator {
  return (scope) => {
    const target = object(scope);
    const at = index(scope);
    if (Array.isArray(target) && typeof at === "number") return target[at] ?? null;
    if (isObject(target) && at !== null && at !== undefined) return getOwn(target, toText(at)) ?? null;
    return null;
  };
}

function compileProjection(source: Evaluator, body: Evaluator): Evaluator {
  return (scope) => {
    const items = source(scope);
    if (!Array.isArray(items)) return null;
    return items.map((element) => body({ record: scope.record, element }));
  };
}

function compileCall(name: string, args: Evaluator[], pos: number): Evaluator {
  const { impl } = FUNCTIONS.get(name) as NonNullable<ReturnType<typeof FUNCTIONS.get>>;
  return (scope) => {
    const values = args.map((arg) => arg(scope));
    try {
      return bounded(impl(values, scope), name);
    } catch (error) {
      throw tagged(error, pos);
    }
  };
}

/** A result within MAX_STRING_LENGTH and MAX_ARRAY_LENGTH (a string's length is known before V8 lays it out flat). */
function bounded(value: unknown, what: string): unknown {
  if (typeof value === "string") requireStringLength(value.length, what);
  else if (Array.isArray(value)) requireArrayLength(value.length, what);
  return value;
}

function compileMethod(name: string, object: Evaluator, args: Evaluator[], pos: number): Evaluator {
  const { impl } = METHODS.get(name) as NonNullable<ReturnType<typeof METHODS.get>>;
  return (scope) => {
    const target = object(scope);
    if (target === null || target === undefined) return null;
    const values = args.map((arg) => arg(scope));
    try {
      return bounded(impl(target, values), name);
    } catch (error) {
      throw tagged(error, pos);
    }
  };
}

function compileLogical(op: "&&" | "||" | "?:" | "??", left: Evaluator, right: Evaluator): Evaluator {
  switch (op) {
    case "&&":
      return (scope) => truthy(left(scope)) && truthy(right(scope));
    case "||":
      return (scope) => truthy(left(scope)) || truthy(right(scope));
    case "?:":
      return (scope) => {
        const value = left(scope);
        return truthy(value) ? value : right(scope);
      };
    default:
      return (scope) => left(scope) ?? right(scope);
  }
}

/** A failure as an EvaluationError carrying the innermost operator or call position. */
function tagged(error: unknown, pos: number): EvaluationError {
  if (!(error instanceof EvaluationError)) return new EvaluationError(messageOf(error), pos);
  error.position ??= pos;
  return error;
}
