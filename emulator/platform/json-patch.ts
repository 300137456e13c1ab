import { MAX_JSON_DEPTH, valueDepthExceeds } from "./body.js";
import { FLOW, flowEmptyBody, flowError } from "./errors.js";

/**
 * JSON Patch (RFC 6902) as Flow Service takes it: add, replace and remove, in any letter case,
 * on RFC 6901 pointers. Adobe's spec documents a single instruction object for PATCH /connections
 * while every doc sends an array, so both are accepted.
 */
export interface PatchOperation {
  op: "add" | "replace" | "remove";
  path: string;
  value?: unknown;
}

const SUPPORTED = new Set(["add", "replace", "remove"]);

export function parsePatch(body: unknown): PatchOperation[] {
  if (body === undefined || body === null || (Array.isArray(body) && body.length === 0)) {
    throw flowEmptyBody();
  }
  const list = Array.isArray(body) ? body : [body];
  return list.map(parseOperation);
}

function parseOperation(raw: unknown): PatchOperation {
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
    throw patchInvalid("each patch instruction must be an object with op and path");
  }
  const { op, path, value } = raw as Record<string, unknown>;
  if (typeof op !== "string") throw patchInvalid('Missing field "op".');
  const normalised = op.toLowerCase();
  if (!SUPPORTED.has(normalised)) {
    throw flowError(
      FLOW.unsupportedPatchOp,
      `Unsupported operation '${op}' received. Please use one of the supported operation types and try again.`,
    );
  }
  if (typeof path !== "string" || !path.startsWith("/")) throw patchInvalid('Missing field "path".');
  if (normalised !== "remove" && !("value" in (raw as object))) throw patchInvalid('Missing field "value".');
  return normalised === "remove"
    ? { op: "remove", path }
    : { op: normalised as PatchOperation["op"], path, value };
}

/** Whether an add or replace writes null, at its path or anywhere inside its value (iterative: any depth is safe). */
export function writesNull(operations: PatchOperation[]): boolean {
  const stack: unknown[] = operations.filter((operation) => operation.op !== "remove").map((operation) => operation.value);
  while (stack.length > 0) {
    const value = stack.pop();
    if (value === null) return true;
    if (typeof value !== "object") continue;
    for (const child of Object.values(value as object)) stack.push(child);
  }
  return false;
}

export function patchInvalid(detail: string): never {
  throw flowError(FLOW.patchInvalid, `An error has occurred while validating patch instructions: ${detail}`);
}

export function pointerSegments(path: string): string[] {
  const segments = path
    .slice(1)
    .split("/")
    .map((segment) => segment.replace(/~1/g, "/").replace(/~0/g, "~"));
  // Assigning to __proto__ would change an object's prototype instead of adding a field.
  if (segments.includes("__proto__")) patchInvalid(`The path ${path} is not valid.`);
  return segments;
}

/**
 * Applies the operations to a copy; the original is untouched when any operation fails. Only the
 * objects and arrays on the operations' paths are copied (copy on write), the rest is shared, and
 * so are the values the operations add: a later operation that writes inside one copies it first,
 * which keeps the operations as sent (flows record them in lastOperation).
 */
export function applyPatch<T extends object>(document: T, operations: PatchOperation[]): T {
  const fresh = new WeakSet<object>();
  const copy = shallowCopy(document as Record<string, unknown>, fresh);
  for (const operation of operations) applyOne(copy, operation, fresh);
  return copy as T;
}

/**
 * Refuses operations that a document keeps as sent, `levels` below its root (a flow's
 * `lastOperation.ops` is two), when they would nest it more than MAX_JSON_DEPTH levels deep:
 * SQLite's JSON functions refuse a deeper document.
 */
export function refuseDeepOperations(operations: PatchOperation[], levels: number): void {
  if (valueDepthExceeds(operations, MAX_JSON_DEPTH - levels)) tooDeep();
}

function tooDeep(): never {
  patchInvalid(`the document would be nested more than ${MAX_JSON_DEPTH} levels deep.`);
}

type Container = Record<string, unknown> | unknown[];

/** A container made by this patch is changed in place; one shared with the original is copied first. */
function shallowCopy<C extends Container>(node: C, fresh: WeakSet<object>): C {
  if (fresh.has(node)) return node;
  const copy = (Array.isArray(node) ? node.slice() : { ...node }) as C;
  fresh.add(copy);
  return copy;
}

function applyOne(root: Record<string, unknown>, operation: PatchOperation, fresh: WeakSet<object>): void {
  const segments = pointerSegments(operation.path);
  // Each value is at most MAX_JSON_DEPTH deep, but a long path can nest one inside another. Only
  // what an operation adds gets deeper, so the rest of the document is not walked again.
  if (operation.op !== "remove" && valueDepthExceeds(operation.value, MAX_JSON_DEPTH - segments.length)) tooDeep();
  const key = segments[segments.length - 1];
  const parent = walk(root, segments.slice(0, -1), operation.path, fresh);

  if (Array.isArray(parent)) {
    applyToArray(parent, key, operation);
    return;
  }
  const exists = Object.prototype.hasOwnProperty.call(parent, key);
  if (operation.op !== "add" && !exists) patchInvalid(`Missing field "${key}".`);
  if (operation.op === "remove") {
    delete parent[key];
    return;
  }
  parent[key] = operation.value;
}

function applyToArray(array: unknown[], key: string, operation: PatchOperation): void {
  const index = key === "-" && operation.op === "add" ? array.length : arrayIndex(key);
  const limit = operation.op === "add" ? array.length : array.length - 1;
  if (index === undefined || index > limit) patchInvalid(`Missing field "${key}".`);
  if (operation.op === "add") array.splice(index, 0, operation.value);
  else if (operation.op === "remove") array.splice(index, 1);
  else array[index] = operation.value;
}

/** The container a pointer's parent names, copied (with every container above it) before it changes. */
function walk(root: Record<string, unknown>, segments: string[], path: string, fresh: WeakSet<object>): Container {
  let node: Container = root;
  for (const segment of segments) {
    let child: unknown;
    let slot: string | number | undefined;
    if (Array.isArray(node)) {
      slot = arrayIndex(segment);
      child = slot === undefined ? undefined : node[slot];
    } else if (Object.prototype.hasOwnProperty.call(node, segment)) {
      slot = segment;
      child = node[segment];
    }
    if (slot === undefined || child === undefined || child === null || typeof child !== "object") {
      patchInvalid(`Missing field "${segment}" on the path ${path}.`);
    }
    const copy = shallowCopy(child as Container, fresh);
    (node as Record<string | number, unknown>)[slot] = copy;
    node = copy;
  }
  return node;
}

function arrayIndex(segment: string): number | undefined {
  return /^(0|[1-9][0-9]{0,8})$/.test(segment) ? Number(segment) : undefined;
}
