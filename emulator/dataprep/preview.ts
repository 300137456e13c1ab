import { z } from "@hono/zod-openapi";
import { compileMappingSet, newOutputBudget } from "./mapping/index.js";
import { MappingSetBody, type NormalisedMapping, ruleOf } from "./mapping-set.js";
import type { OutputSchema } from "./output-schema.js";
import { checkMappings, fieldTypesOf, type TransformErrorInfo, transformError } from "./validate.js";

/**
 * POST /mappingSets/preview: maps sample records with a mapping set body, nothing stored. The docs
 * answer one `{data, errors}` per record (the spec's single PreviewResponse object is the element
 * type); `errors` is null when a record maps cleanly. A mapping that cannot compile, or writes a
 * field the schema lacks, maps nothing and is reported with every record.
 */
export const MAX_PREVIEW_RECORDS = 1000;

export const PreviewBody = z
  .looseObject({
    data: z
      .union([z.array(z.unknown()).max(MAX_PREVIEW_RECORDS), z.record(z.string(), z.unknown())])
      .openapi({ description: "Sample records (one object is taken as one record, as the spec's example sends)" }),
    mappingSet: MappingSetBody,
  })
  .openapi("PreviewRequest");

export interface PreviewResult {
  data: Record<string, unknown>;
  errors: TransformErrorInfo[] | null;
}

export function previewRecords(mappings: NormalisedMapping[], schema: OutputSchema | undefined, records: unknown[]): PreviewResult[] {
  const problems = checkMappings(mappings, schema);
  const unsound = problems.flat();
  const sound = mappings.filter((_, index) => problems[index].length === 0);
  const compiled = compileMappingSet(sound.map(ruleOf), { fieldType: fieldTypesOf(schema) });
  const budget = newOutputBudget();
  return records.map((record) => {
    const { data, errors } = compiled.map(record, budget);
    const all = [...unsound, ...errors.map(transformError)];
    return { data, errors: all.length === 0 ? null : all };
  });
}

export function recordsOf(data: unknown[] | Record<string, unknown>): unknown[] {
  return Array.isArray(data) ? data : [data];
}
