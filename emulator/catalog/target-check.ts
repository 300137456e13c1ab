import type { Tenant } from "../platform/context.js";
import { FLOW, flowError } from "../platform/errors.js";
import type { Document, EntityRepository } from "../store/entities.js";
import { DataSetRepository } from "./repository.js";

export const DATA_LAKE_SPEC_ID = "c604ff05-7f1a-43c0-8e18-33bf874cb11c";

/**
 * A target connection writes into a dataset of its own tenant: `params.dataSetId` must name one
 * (a data lake target must name one), and `data.schema.id`, when given, must be that dataset's
 * schema (FLOW-1425).
 */
export function requireTargetDataSet(entities: EntityRepository, tenant: Tenant, target: Document): void {
  const params = (target.params ?? {}) as { dataSetId?: unknown };
  const specId = (target.connectionSpec as { id?: string } | undefined)?.id;
  if (params.dataSetId === undefined) {
    if (specId !== DATA_LAKE_SPEC_ID) return;
    throw flowError(FLOW.invalidRequest, "The request could not be processed. A data lake target connection needs params.dataSetId.");
  }
  const dataSetId = String(params.dataSetId);
  const dataSet = new DataSetRepository(entities).get(tenant, dataSetId);
  if (dataSet === undefined) {
    throw flowError(
      FLOW.invalidRequest,
      `The request could not be processed. The dataset ${dataSetId} is not found in the sandbox ${tenant.sandboxName}. Verify the dataset ID before trying again.`,
      { id: dataSetId, type: "dataSets" },
    );
  }
  const schemaId = ((target.data ?? {}) as { schema?: { id?: unknown } }).schema?.id;
  const dataSetSchema = (dataSet.schemaRef as { id?: string } | undefined)?.id;
  if (schemaId === undefined || schemaId === dataSetSchema) return;
  throw flowError(
    FLOW.schemaMismatch,
    `Error while matching schema in target dataset ${dataSetId}: the target connection names ${String(schemaId)} and the dataset uses ${dataSetSchema}. Schema with same id and version must be used in both mapping and target dataset.`,
  );
}
