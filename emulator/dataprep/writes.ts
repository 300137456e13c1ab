import { DATAPREP, dataprepError } from "../platform/errors.js";
import type { DataPrepContext } from "./context.js";
import { buildMappingSetVersion, type MappingSetRequest, normaliseMapping, outputSchemaRefOf, type StoredMappingSet } from "./mapping-set.js";
import { type OutputSchema, requireOutputSchema } from "./output-schema.js";
import { requireSoundMappings } from "./validate.js";

/**
 * Writing mapping sets: a create is version 0 under a new id (or a fixture's fixed id), a PUT is
 * the next version under the same id with new mapping ids. Both refuse a body whose output schema
 * is missing or whose mappings do not compile or write fields the schema lacks.
 */

export function createMappingSet(ctx: DataPrepContext, body: MappingSetRequest, id: string): StoredMappingSet {
  const first = firstVersion(ctx, body, id);
  ctx.deps.store.transaction(() => ctx.mappingSets.create(ctx.tenant, first));
  return first;
}

/** A request's create: committed with the writes grouped in this turn, resolved once committed. */
export async function createMappingSetGrouped(ctx: DataPrepContext, body: MappingSetRequest, id: string): Promise<StoredMappingSet> {
  const first = firstVersion(ctx, body, id);
  await ctx.deps.store.grouped(() => ctx.mappingSets.create(ctx.tenant, first));
  return first;
}

function firstVersion(ctx: DataPrepContext, body: MappingSetRequest, id: string): StoredMappingSet {
  const schema = requireSoundBody(ctx, body);
  return buildMappingSetVersion(body, schema.id, {
    id,
    version: 0,
    createdDate: ctx.now,
    createdBy: ctx.caller.userId,
    now: ctx.now,
    userId: ctx.caller.userId,
    newId: () => ctx.deps.ids.resourceHex(32),
  });
}

/** A PUT: committed with the writes grouped in this turn, resolved once committed. */
export function replaceMappingSet(ctx: DataPrepContext, id: string, body: MappingSetRequest): Promise<StoredMappingSet> {
  const schema = requireSoundBody(ctx, body);
  return ctx.deps.store.grouped(() => {
    const current = requireMappingSet(ctx, id);
    const next = buildMappingSetVersion(body, schema.id, {
      id,
      version: current.version + 1,
      createdDate: current.createdDate,
      createdBy: current.createdBy,
      now: ctx.now,
      userId: ctx.caller.userId,
      newId: () => ctx.deps.ids.resourceHex(32),
    });
    ctx.mappingSets.append(ctx.tenant, next);
    return next;
  });
}

export function requireMappingSet(ctx: DataPrepContext, id: string): StoredMappingSet {
  const current = ctx.mappingSets.current(ctx.tenant, id);
  if (current !== undefined) return current;
  throw dataprepError(DATAPREP.mappingSetNotFound, `The mapping set ${id} is not found in the sandbox ${ctx.tenant.sandboxName}.`);
}

/** The output schema a create or PUT names, required, with every mapping sound against it. */
function requireSoundBody(ctx: DataPrepContext, body: MappingSetRequest): OutputSchema {
  const ref = outputSchemaRefOf(body);
  if (ref === undefined) {
    throw dataprepError(DATAPREP.invalidRequest, "A mapping set needs its output schema: outputSchema.schemaRef.id (or the legacy xdmSchema).");
  }
  const schema = requireOutputSchema(ctx.deps, ctx.schemas, ctx.tenant, ref.id);
  requireSoundMappings(body.mappings.map(normaliseMapping), schema);
  return schema;
}
