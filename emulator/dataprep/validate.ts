import { DATAPREP, dataprepError } from "../platform/errors.js";
import { compileMappingSet, type MappingError, type SourceType, type XdmFieldType } from "./mapping/index.js";
import { type NormalisedMapping, ruleOf } from "./mapping-set.js";
import { fieldAt, fieldTypeOf, type OutputSchema } from "./output-schema.js";

/**
 * Checking the mappings of a mapping set body: each must compile (a well-formed source path or
 * expression, a STATIC value the destination type can hold) and write a field of the output
 * schema. POST /mappingSets/validate answers the result per mapping; creates refuse any failure.
 */

/** data-prep.yaml TransformErrorInfo. */
export interface TransformErrorInfo {
  destination: string;
  source: string;
  sourceType: SourceType;
  columnName: string | null;
  exception: string;
}

export interface ValidationEntry {
  status: "SUCCESS" | "FAILED";
  errors: TransformErrorInfo[] | null;
}

/** The problems of each mapping, in order (an empty list for a sound mapping). */
export function checkMappings(mappings: NormalisedMapping[], schema: OutputSchema | undefined): TransformErrorInfo[][] {
  const compiled = compileMappingSet(mappings.map(ruleOf), { fieldType: fieldTypesOf(schema) });
  return mappings.map((mapping, index) => {
    const error = compiled.errors[index];
    if (error !== null && error !== undefined) return [transformError(error)];
    const missing = schema !== undefined && fieldAt(schema.resolved, mapping.destination) === undefined;
    if (!missing) return [];
    return [transformError({ ...mapping, message: `The destination ${clip(mapping.destination)} is not a field of the schema ${schema.id}` })];
  });
}

/** The engine's `fieldType` option for a schema (no coercion without one). */
export function fieldTypesOf(schema: OutputSchema | undefined): (destination: string) => XdmFieldType | undefined {
  if (schema === undefined) return () => undefined;
  return (destination) => fieldTypeOf(fieldAt(schema.resolved, destination));
}

export function transformError(error: MappingError): TransformErrorInfo {
  const at = error.position === undefined ? "" : ` (at position ${error.position})`;
  return {
    destination: error.destination,
    source: error.source,
    sourceType: error.sourceType,
    columnName: error.sourceType === "ATTRIBUTE" ? error.source : null,
    exception: `${error.message}${at}`,
  };
}

export function validationEntries(problems: TransformErrorInfo[][]): ValidationEntry[] {
  return problems.map((errors) => (errors.length === 0 ? { status: "SUCCESS", errors: null } : { status: "FAILED", errors }));
}

/** A create or PUT stores only a mapping set whose every mapping is sound. */
export function requireSoundMappings(mappings: NormalisedMapping[], schema: OutputSchema): void {
  const problems = checkMappings(mappings, schema);
  const failed = problems.flatMap((errors, index) => errors.map((error) => ({ index, ...error })));
  if (failed.length === 0) return;
  const shown = failed.slice(0, 5).map((error) => `mappings[${error.index}] (${clip(error.destination)}): ${error.exception}`);
  const more = failed.length > shown.length ? ` (and ${failed.length - shown.length} more)` : "";
  throw dataprepError(DATAPREP.invalidMappingSet, `The mapping set is not valid: ${shown.join("; ")}${more}.`, { errors: failed });
}

/** A value quoted in a message, cut short: bodies may carry huge strings. */
function clip(text: string): string {
  return text.length <= 200 ? text : `${text.slice(0, 200)}...`;
}
