import { coercerFor, type Coercer } from "./coerce.js";
import { EvaluationError, MAX_STRING_LENGTH, messageOf, SyntaxFailure } from "./errors.js";
import { compileNode } from "./evaluate.js";
import { parseExpression } from "./parser.js";
import { compileGetter, compileSetter, parsePath, type Getter, type Setter } from "./paths.js";
import type { CompiledMappingSet, CompileOptions, MappingError, MappingRule, OutputBudget, SourceType, XdmFieldType } from "./types.js";
import { isObject, type JsonObject } from "./values.js";

const SOURCE_TYPES: ReadonlySet<string> = new Set(["ATTRIBUTE", "STATIC", "EXPRESSION"]);

interface CompiledMapping {
  readonly error: MappingError | null;
  readonly rule: { destination: string; source: string; sourceType: SourceType };
  /** The output-ready value for a record, or undefined when nothing is to be written. */
  readonly produce: (record: unknown) => unknown;
  readonly write: Setter;
  /** What a failed transformation leaves: null at a destination of plain keys, nothing where `[n]` or `[*]` would make arrays. */
  readonly writeFailure: (root: JsonObject) => void;
  /** The array slots the destination's indexes make before the value (`a[9999]`: 10,000). */
  readonly slots: number;
}

/**
 * What a record's mapped values may hold, about the characters of their JSON: the inlet's message
 * limit. Each value is at most that already, but twenty mappings of `rpad(x, 1048576, "y")` made
 * 20 MiB per record, and a 15 KB batch of them ran the emulator out of memory.
 */
export const MAX_RECORD_SIZE = MAX_STRING_LENGTH;
/** What the records of one request may hold together (a preview's answer, an inlet batch's records). */
export const MAX_REQUEST_OUTPUT = 32 * MAX_STRING_LENGTH;
/** An error's message keeps this much: messages quote their input, which may be a megabyte. */
const MAX_ERROR_MESSAGE = 1024;

/** A budget for one request's records. */
export function newOutputBudget(): OutputBudget {
  return { remaining: MAX_REQUEST_OUTPUT };
}

const NOTHING = () => undefined;
const NO_WRITE: Setter = () => undefined;

export function compileMappingSet(rules: MappingRule[], options: CompileOptions = {}): CompiledMappingSet {
  const mappings = (Array.isArray(rules) ? rules : []).map((rule) => compileRule(rule, options));
  return {
    errors: mappings.map((m) => m.error),
    map: (record, budget) => applyMappings(mappings, record, budget),
  };
}

function applyMappings(mappings: CompiledMapping[], record: unknown, budget?: OutputBudget): { data: JsonObject; errors: MappingError[] } {
  const data: JsonObject = {};
  const errors: MappingError[] = [];
  let size = 0;
  for (let i = 0; i < mappings.length; i++) {
    const mapping = mappings[i];
    if (mapping.error) {
      errors.push({ ...mapping.error });
      continue;
    }
    let value: unknown;
    try {
      value = mapping.produce(record);
    } catch (error) {
      // Adobe's Data Prep: a transformation that fails sets its attribute to null and reports the error.
      errors.push(runtimeError(mapping, error));
      mapping.writeFailure(data);
      continue;
    }
    if (value === undefined) continue;
    try {
      const added = mapping.slots + sizeOf(value, MAX_RECORD_SIZE - size);
      if (size + added > MAX_RECORD_SIZE) throw new EvaluationError(`The record's mapped values would hold more than ${MAX_RECORD_SIZE} characters`);
      if (budget !== undefined && added > budget.remaining) {
        throw new EvaluationError(`The records this request maps would hold more than ${MAX_REQUEST_OUTPUT} characters`);
      }
      size += added;
      if (budget !== undefined) budget.remaining -= added;
      mapping.write(data, value);
    } catch (error) {
      errors.push(runtimeError(mapping, error));
    }
  }
  return { data, errors };
}

/** About the characters of `value`'s JSON; once past `limit` it stops counting and answers more than it. */
function sizeOf(value: unknown, limit: number): number {
  if (typeof value === "string") return value.length + 2;
  if (value === null || typeof value !== "object") return 8;
  let size = 2;
  const pending: unknown[] = [value];
  while (pending.length > 0 && size <= limit) {
    const next = pending.pop();
    if (typeof next === "string") size += next.length + 3;
    else if (next === null || typeof next !== "object") size += 9;
    else if (Array.isArray(next)) {
      size += 2;
      for (const element of next) pending.push(element);
    } else {
      size += 2;
      for (const [key, element] of Object.entries(next)) {
        size += key.length + 3;
        pending.push(element);
      }
    }
  }
  return size;
}

function runtimeError(mapping: CompiledMapping, error: unknown): MappingError {
  const message = messageOf(error);
  const result: MappingError = { ...mapping.rule, message: message.length > MAX_ERROR_MESSAGE ? `${message.slice(0, MAX_ERROR_MESSAGE)}…` : message };
  if (error instanceof EvaluationError && error.position !== undefined) result.position = error.position;
  return result;
}

function describeRule(rule: unknown): CompiledMapping["rule"] {
  const r = isObject(rule) ? rule : {};
  return {
    destination: typeof r.destination === "string" ? r.destination : "",
    source: typeof r.source === "string" ? r.source : "",
    sourceType: r.sourceType as SourceType,
  };
}

function compileRule(rule: MappingRule, options: CompileOptions): CompiledMapping {
  const described = describeRule(rule);
  try {
    checkShape(rule);
    const destination = parseDestination(rule.destination);
    const fieldType = lookupFieldType(options, rule.destination);
    const finalize = finalizer(coercerFor(fieldType), destination.wildcards);
    const plainKeys = destination.wildcards === 0 && destination.slots === 0;
    const writeFailure = plainKeys ? (root: JsonObject) => destination.setter(root, null) : NOTHING;
    return { error: null, rule: described, produce: producer(rule, finalize, fieldType), write: destination.setter, writeFailure, slots: destination.slots };
  } catch (error) {
    const message = messageOf(error);
    const failure: MappingError = { ...described, message };
    if (error instanceof SyntaxFailure) failure.position = error.position;
    return { error: failure, rule: described, produce: NOTHING, write: NO_WRITE, writeFailure: NOTHING, slots: 0 };
  }
}

function checkShape(rule: unknown): asserts rule is MappingRule {
  if (!isObject(rule)) throw new Error("A mapping must be an object");
  if (typeof rule.sourceType !== "string" || !SOURCE_TYPES.has(rule.sourceType)) {
    throw new Error(`sourceType must be ATTRIBUTE, STATIC or EXPRESSION, got '${String(rule.sourceType)}'`);
  }
  if (typeof rule.source !== "string") throw new Error("source must be a string");
  if (typeof rule.destination !== "string") throw new Error("destination must be a string");
}

function parseDestination(text: string): { setter: Setter; wildcards: number; slots: number } {
  try {
    const path = parsePath(text);
    const slots = path.steps.reduce((sum, step) => sum + (step.kind === "index" ? step.index + 1 : 0), 0);
    return { setter: compileSetter(path), wildcards: path.wildcards, slots };
  } catch (error) {
    if (error instanceof SyntaxFailure) throw new SyntaxFailure(`Invalid destination: ${error.message}`, error.position);
    throw error;
  }
}

function lookupFieldType(options: CompileOptions, destination: string): XdmFieldType | undefined {
  return options.fieldType ? options.fieldType(destination) : undefined;
}

/**
 * Coerces a raw value for the destination. With `[*]` in the destination the value is fanned
 * out, so coercion applies to the elements at that depth; null elements are left out.
 */
function finalizer(coerce: Coercer, depth: number): (value: unknown) => unknown {
  if (depth === 0) return coerce;
  const inner = finalizer(coerce, depth - 1);
  return (value) => (Array.isArray(value) ? value : [value]).map((item) => (item === null || item === undefined ? undefined : inner(item)));
}

function producer(rule: MappingRule, finalize: (value: unknown) => unknown, fieldType: XdmFieldType | undefined): (record: unknown) => unknown {
  if (rule.sourceType === "STATIC") return staticProducer(rule.source, finalize, fieldType);
  const read = rule.sourceType === "ATTRIBUTE" ? attributeReader(rule.source) : expressionReader(rule.source);
  return (record) => {
    const value = read(record);
    return value === null || value === undefined ? undefined : finalize(value);
  };
}

/** A constant, converted once; a constant the destination type cannot hold is a compile error. */
function staticProducer(source: string, finalize: (value: unknown) => unknown, fieldType: XdmFieldType | undefined): () => unknown {
  let value: unknown;
  try {
    value = finalize(source);
  } catch (error) {
    throw new Error(`STATIC value does not fit the destination's ${fieldType} type: ${messageOf(error)}`);
  }
  return () => value;
}

function attributeReader(source: string): Getter {
  let getter: Getter;
  try {
    getter = compileGetter(parsePath(source));
  } catch (error) {
    if (error instanceof SyntaxFailure) throw new SyntaxFailure(`Invalid source path: ${error.message}`, error.position);
    throw error;
  }
  return withLiteralKeyFallback(getter, source);
}

/**
 * mapping-set.md maps a CSV column "Full.Name" with the unescaped source "Full.Name", so a plain
 * dotted path that finds nothing falls back to a top-level key spelled exactly like the path.
 */
function withLiteralKeyFallback(getter: Getter, source: string): Getter {
  if (!source.includes(".") || /[\\[$]/.test(source)) return getter;
  return (record) => {
    const value = getter(record);
    if (value !== undefined || !isObject(record) || !Object.hasOwn(record, source)) return value;
    return record[source];
  };
}

function expressionReader(source: string): (record: unknown) => unknown {
  const evaluate = compileNode(parseExpression(source));
  return (record) => evaluate({ record });
}
