import { SyntaxFailure } from "./errors.js";
import { getOwn, setOwn, type JsonObject } from "./values.js";

/**
 * Source and destination paths: `a.b.c`, `a\.b` (a key containing a dot), `${First Name}` (a key
 * with special characters, read literally), `a[0]` (array index) and `a[*]` (every element).
 * A backslash escapes any character, so `\[`, `\\` and `\$` are literal too.
 */

export type PathStep =
  | { readonly kind: "key"; readonly key: string }
  | { readonly kind: "index"; readonly index: number }
  | { readonly kind: "wildcard" };

export interface ParsedPath {
  readonly text: string;
  readonly steps: readonly PathStep[];
  readonly wildcards: number;
}

/** The most steps a path may have, as expressions nest at most 256 deep: deeper output would not serialise. */
export const MAX_PATH_STEPS = 256;

export function parsePath(text: string): ParsedPath {
  if (typeof text !== "string" || text.length === 0) throw new SyntaxFailure("The path is empty", 0);
  const steps: PathStep[] = [];
  let pos = 0;
  let expectName = true;
  while (pos < text.length) {
    if (expectName) {
      const segment = readSegment(text, pos);
      steps.push({ kind: "key", key: segment.key });
      pos = segment.next;
      expectName = false;
      continue;
    }
    const c = text[pos];
    if (c === "[") {
      const bracket = readBracket(text, pos);
      steps.push(bracket.step);
      pos = bracket.next;
    } else if (c === ".") {
      pos++;
      if (pos === text.length) throw new SyntaxFailure("A path cannot end with '.'", pos - 1);
      expectName = true;
    } else {
      throw new SyntaxFailure(`Unexpected '${c}' in path; expected '.', '[' or the end`, pos);
    }
  }
  if (steps.length > MAX_PATH_STEPS) throw new SyntaxFailure(`The path has more than ${MAX_PATH_STEPS} steps`, 0);
  return { text, steps, wildcards: steps.filter((s) => s.kind === "wildcard").length };
}

function readSegment(text: string, start: number): { key: string; next: number } {
  if (text.startsWith("${", start)) return readWrapped(text, start);
  let key = "";
  let pos = start;
  while (pos < text.length && text[pos] !== "." && text[pos] !== "[") {
    if (text[pos] === "\\") {
      if (pos + 1 === text.length) throw new SyntaxFailure("A path cannot end with a lone '\\'", pos);
      key += text[pos + 1];
      pos += 2;
      continue;
    }
    key += text[pos++];
  }
  if (pos === start) throw new SyntaxFailure("Empty field name in path", start);
  return { key, next: pos };
}

function readWrapped(text: string, start: number): { key: string; next: number } {
  let key = "";
  let pos = start + 2;
  while (pos < text.length) {
    const c = text[pos];
    if (c === "}") return { key, next: pos + 1 };
    if (c === "\\" && pos + 1 < text.length) {
      key += text[pos + 1];
      pos += 2;
      continue;
    }
    key += c;
    pos++;
  }
  throw new SyntaxFailure("Unterminated '${' in path", start);
}

function readBracket(text: string, start: number): { step: PathStep; next: number } {
  const close = text.indexOf("]", start);
  if (close < 0) throw new SyntaxFailure("Unterminated '[' in path", start);
  const inner = text.slice(start + 1, close);
  if (inner === "*") return { step: { kind: "wildcard" }, next: close + 1 };
  if (!/^\d{1,9}$/.test(inner)) throw new SyntaxFailure(`Invalid array index '${inner}'; use a number or '*'`, start + 1);
  return { step: { kind: "index", index: Number(inner) }, next: close + 1 };
}

/** Escapes a key so that parsePath reads it back as one literal segment. */
export function escapeKey(key: string): string {
  if (key === "") return "${}";
  return key.replace(/[\\.[$]/g, (c) => `\\${c}`);
}

// ---------------------------------------------------------------------------------------------
// Reading

/** Reads a path from a value; undefined when any step is missing. Wildcards yield arrays. */
export type Getter = (root: unknown) => unknown;

export function compileGetter(path: ParsedPath): Getter {
  const { steps } = path;
  if (steps.every((s) => s.kind === "key")) return keyGetter(steps.map((s) => (s as { key: string }).key));
  const reads = steps.map(stepReader);
  const walk = (value: unknown, from: number): unknown => {
    let current = value;
    for (let i = from; i < steps.length; i++) {
      if (current === undefined || current === null) return undefined;
      if (steps[i].kind !== "wildcard") {
        current = reads[i](current);
        continue;
      }
      if (!Array.isArray(current)) return undefined;
      return current.map((item) => walk(item, i + 1));
    }
    return current;
  };
  return (root) => walk(root, 0);
}

function keyGetter(keys: string[]): Getter {
  if (keys.some((k) => k in Object.prototype)) {
    return (root) => {
      let current = root;
      for (const key of keys) {
        if (current === null || typeof current !== "object" || Array.isArray(current)) return undefined;
        current = getOwn(current as JsonObject, key);
      }
      return current;
    };
  }
  const n = keys.length;
  return (root) => {
    let current: unknown = root;
    for (let i = 0; i < n; i++) {
      if (current === null || typeof current !== "object" || Array.isArray(current)) return undefined;
      current = (current as JsonObject)[keys[i]];
    }
    return current;
  };
}

function stepReader(step: PathStep): (value: unknown) => unknown {
  if (step.kind === "key") {
    const { key } = step;
    return (value) => (typeof value === "object" && value !== null && !Array.isArray(value) ? getOwn(value as JsonObject, key) : undefined);
  }
  if (step.kind === "index") {
    const { index } = step;
    return (value) => (Array.isArray(value) ? value[index] : undefined);
  }
  return (value) => value;
}

// ---------------------------------------------------------------------------------------------
// Writing

/**
 * Writes a value at a path, creating objects and arrays on the way. With wildcards the value is an
 * array (nested once per wildcard) whose elements fan out to the matching indexes; null and
 * missing elements are skipped.
 */
export type Setter = (root: JsonObject, value: unknown) => void;

/** Writing index n fills the slots before it with null, so n is bounded. */
const MAX_DESTINATION_INDEX = 9999;

export function compileSetter(path: ParsedPath): Setter {
  const { steps } = path;
  if (steps[0]?.kind !== "key") throw new SyntaxFailure("A destination must start with a field name", 0);
  const tooFar = steps.find((s) => s.kind === "index" && s.index > MAX_DESTINATION_INDEX);
  if (tooFar) throw new SyntaxFailure(`A destination array index cannot exceed ${MAX_DESTINATION_INDEX}`, path.text.indexOf("["));
  if (steps.every((s) => s.kind === "key")) return keySetter(steps.map((s) => (s as { key: string }).key));
  const last = steps.length - 1;
  const write = (container: unknown, i: number, value: unknown): void => {
    const step = steps[i];
    if (step.kind === "wildcard") {
      const items = Array.isArray(value) ? value : [value];
      for (let j = 0; j < items.length; j++) {
        if (items[j] === undefined || items[j] === null) continue;
        const slot: PathStep = { kind: "index", index: j };
        if (i === last) writeChild(container, slot, items[j]);
        else write(ensureChild(container, slot, steps[i + 1]), i + 1, items[j]);
      }
      return;
    }
    if (i === last) writeChild(container, step, value);
    else write(ensureChild(container, step, steps[i + 1]), i + 1, value);
  };
  return (root, value) => write(root, 0, value);
}

function keySetter(keys: string[]): Setter {
  const last = keys.length - 1;
  const lastKey = keys[last];
  if (keys.some((k) => k in Object.prototype)) {
    return (root, value) => {
      let node = root;
      for (let i = 0; i < last; i++) node = ensureObject(node, keys[i]);
      setOwn(node, lastKey, value);
    };
  }
  return (root, value) => {
    let node = root;
    for (let i = 0; i < last; i++) {
      const key = keys[i];
      let child = node[key];
      if (child === null || typeof child !== "object" || Array.isArray(child)) {
        child = {};
        node[key] = child;
      }
      node = child as JsonObject;
    }
    node[lastKey] = value;
  };
}

function ensureObject(node: JsonObject, key: string): JsonObject {
  const child = getOwn(node, key);
  if (child !== null && typeof child === "object" && !Array.isArray(child)) return child as JsonObject;
  const created: JsonObject = {};
  setOwn(node, key, created);
  return created;
}

function ensureChild(container: unknown, step: PathStep, next: PathStep): unknown {
  const wantArray = next.kind !== "key";
  const existing = readChild(container, step);
  const fits = existing !== null && typeof existing === "object" && Array.isArray(existing) === wantArray;
  if (fits) return existing;
  const created = wantArray ? [] : {};
  writeChild(container, step, created);
  return created;
}

function readChild(container: unknown, step: PathStep): unknown {
  if (step.kind === "key") return getOwn(container as JsonObject, step.key);
  return (container as unknown[])[(step as { index: number }).index];
}

function writeChild(container: unknown, step: PathStep, value: unknown): void {
  if (step.kind === "key") {
    setOwn(container as JsonObject, step.key, value);
    return;
  }
  const array = container as unknown[];
  const index = (step as { index: number }).index;
  while (array.length < index) array.push(null);
  array[index] = value;
}
