import { DataSetRepository } from "../catalog/repository.js";
import type { Tenant } from "../platform/context.js";
import { FLOW, flowError } from "../platform/errors.js";
import type { Document, EntityRepository } from "../store/entities.js";
import { MappingSetRepository } from "./repository.js";

/**
 * A flow's `Mapping` transformation (`{name: "Mapping", params: {mappingId, mappingVersion}}`) must
 * name a mapping set of the flow's tenant (FLOW-1419, the mapping validation error, when it does
 * not), a version of it that exists (FLOW-1412, default 0), and the mapping set must write the
 * schema of every target connection's dataset (FLOW-1425).
 */

export interface MappingReference {
  id: string;
  version: number;
}

export function requireMappingTransformations(entities: EntityRepository, tenant: Tenant, transformations: unknown, targets: Document[]): void {
  const mappingSets = new MappingSetRepository(entities);
  for (const transformation of mappingTransformations(transformations)) {
    const params = (transformation.params ?? {}) as { mappingId?: unknown; mappingVersion?: unknown };
    if (typeof params.mappingId !== "string" || params.mappingId === "") {
      throw flowError(FLOW.mappingInvalid, "The Mapping transformation needs params.mappingId, the id of a mapping set.");
    }
    const versions = mappingSets.sharedVersions(tenant, params.mappingId);
    const current = versions.at(-1);
    if (current === undefined) {
      throw flowError(
        FLOW.mappingInvalid,
        `The mapping set ${params.mappingId} named by the Mapping transformation is not found in the sandbox ${tenant.sandboxName}.`,
        { id: params.mappingId, type: "mappingSets" },
      );
    }
    const version = versionOf(params.mappingVersion);
    const set = version === undefined ? undefined : versions.find((each) => each.version === version);
    if (set === undefined) {
      throw flowError(
        FLOW.invalidMappingVersion,
        `Invalid Mapping Version in request. Please provide correct mapping version. The mapping set ${params.mappingId} has versions 0 to ${current.version}; got ${JSON.stringify(params.mappingVersion)}.`,
      );
    }
    requireSameSchema(entities, tenant, set.xdmSchema, targets);
  }
}

/** The mapping set a flow maps with, if it has a Mapping transformation (the first one). */
export function mappingOfFlow(flow: Document): MappingReference | undefined {
  const transformation = mappingTransformations(flow.transformations)[0];
  const params = (transformation?.params ?? {}) as { mappingId?: unknown; mappingVersion?: unknown };
  if (typeof params.mappingId !== "string") return undefined;
  const version = versionOf(params.mappingVersion);
  return version === undefined ? undefined : { id: params.mappingId, version };
}

function mappingTransformations(transformations: unknown): Document[] {
  if (!Array.isArray(transformations)) return [];
  return transformations.filter(
    (each): each is Document => each !== null && typeof each === "object" && String((each as Document).name).toLowerCase() === "mapping",
  );
}

/** `mappingVersion` defaults to 0; a number or a numeric string. */
function versionOf(value: unknown): number | undefined {
  if (value === undefined || value === null) return 0;
  if (typeof value === "number") return Number.isInteger(value) && value >= 0 ? value : undefined;
  if (typeof value === "string" && /^[0-9]{1,9}$/.test(value)) return Number(value);
  return undefined;
}

/** The schema a target connection writes: its `data.schema.id`, else its dataset's. */
function targetSchemaOf(entities: EntityRepository, tenant: Tenant, target: Document): string | undefined {
  const declared = (target.data as { schema?: { id?: unknown } } | undefined)?.schema?.id;
  if (typeof declared === "string") return declared;
  const dataSetId = (target.params as { dataSetId?: unknown } | undefined)?.dataSetId;
  if (typeof dataSetId !== "string") return undefined;
  return (new DataSetRepository(entities).get(tenant, dataSetId)?.schemaRef as { id?: string } | undefined)?.id;
}

function requireSameSchema(entities: EntityRepository, tenant: Tenant, mappingSchema: string, targets: Document[]): void {
  for (const target of targets) {
    const targetSchema = targetSchemaOf(entities, tenant, target);
    if (targetSchema === undefined || targetSchema === mappingSchema) continue;
    throw flowError(
      FLOW.schemaMismatch,
      `Error while matching schema in target dataset: the mapping set writes ${mappingSchema} and the target connection ${String(target.id)} writes ${targetSchema}. Schema with same id and version must be used in both mapping and target dataset.`,
    );
  }
}
