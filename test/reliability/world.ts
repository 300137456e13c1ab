import { expect } from "vitest";
import type { RequestOptions } from "../support/app.js";
import {
  CUSTOMERIO_FLOW_SPEC,
  CUSTOMERIO_SPEC,
  customerioFlowBody,
  customerioSourceBody,
  DATA_LAKE_SPEC,
  dataLakeTargetBody,
  FS,
  HTTP_API_FLOW_SPEC,
  HTTP_API_SPEC,
  httpApiConnectionBody,
} from "../support/flowservice.js";
import { CATALOG, CIO_SCHEMA, fieldGroupBody, PROFILE, schemaBody, SR } from "../support/registry.js";
import { DATASET_ID, type Requester } from "./support.js";

/**
 * One tenant's worth of every resource type, built through the API: connections, source and target
 * connections, a Customer.io flow with its mapping set, an HTTP API inlet and flow, runs (from
 * ingested records), a field group, a schema, a dataset. Works in-process and over a real port.
 */
export const DP = "/data/foundation/conversion";
export const XED = "application/vnd.adobe.xed+json; version=1";
export const XED_ID = "application/vnd.adobe.xed-id+json";

export interface World {
  connectionId: string;
  sourceId: string;
  targetId: string;
  flowId: string;
  httpFlowId: string;
  httpSourceId: string;
  httpTargetId: string;
  inletId: string;
  webhookInletId: string;
  /** An HTTP API inlet created with authenticationRequired: true (no flow). */
  authInletId: string;
  mappingSetId: string;
  mappingId: string;
  runId: string;
  fieldGroupId: string;
  fieldGroupAltId: string;
  schemaId: string;
  schemaAltId: string;
  dataSetId: string;
  recordCount: number;
}

export const legacyMappingSet = () => ({
  outputSchema: { schemaRef: { id: CIO_SCHEMA, contentType: "application/vnd.adobe.xed-full+json;version=1" } },
  mappings: [
    ["event_id", "_extconndev.event_id0"],
    ["metric", "_extconndev.metricx"],
    ["object_type", "_extconndev.object_type1"],
    ["timestamp", "_extconndev.timestampx"],
  ].map(([sourceAttribute, destinationXdmPath]) => ({ sourceAttribute, destinationXdmPath, identity: false, version: 0 })),
});

export const webhookEvent = (n: number) => ({
  event_id: `evt-${n}`,
  object_type: "email",
  metric: "sent",
  timestamp: 1613063089 + n,
  data: { identifiers: { id: String(n) } },
});

export const xdmEvent = (n: number, flowId?: string) => ({
  header: { schemaRef: { id: CIO_SCHEMA, contentType: "application/vnd.adobe.xed-full+json;version=1" }, ...(flowId ? { flowId } : {}) },
  body: {
    xdmMeta: { schemaRef: { id: CIO_SCHEMA, contentType: "application/vnd.adobe.xed-full+json;version=1" } },
    xdmEntity: { _extconndev: { event_id0: `event-${n}`, metricx: "sent", object_type1: "email", timestampx: 1613063089 + n, email: "a@example.com" } },
  },
});

async function created(request: Requester, method: string, path: string, body: unknown, options: RequestOptions, status = 201) {
  const response = await request(method, path, { ...options, body });
  expect(response.status, `${method} ${path}: ${response.text}`).toBe(status);
  return response.body;
}

export async function buildWorld(request: Requester, options: RequestOptions = {}, label = "w"): Promise<World> {
  const item = async (collection: string, id: string) => {
    const response = await request("GET", `${FS}/${collection}/${id}`, options);
    expect(response.status, response.text).toBe(200);
    return response.body.items[0];
  };
  const connectionId = (await created(request, "POST", `${FS}/connections`, httpApiConnectionBody(`${label} raw inlet`), options)).id;
  const sourceId = (await created(request, "POST", `${FS}/sourceConnections`, customerioSourceBody(), options)).id;
  const targetId = (await created(request, "POST", `${FS}/targetConnections`, dataLakeTargetBody(), options)).id;
  const mapping = await created(request, "POST", `${DP}/mappingSets`, legacyMappingSet(), options, 200);
  const flowId = (
    await created(
      request,
      "POST",
      `${FS}/flows`,
      customerioFlowBody(sourceId, targetId, [{ name: "Mapping", params: { mappingId: mapping.id, mappingVersion: 0 } }]),
      options,
    )
  ).id;
  const webhookInletId = String((await item("flows", flowId)).options.inletUrl).slice(-64);

  const xdmConnection = await created(
    request,
    "POST",
    `${FS}/connections`,
    { name: `${label} xdm inlet`, connectionSpec: { id: HTTP_API_SPEC, version: "1.0" }, auth: { specName: "Streaming Connection", params: { dataType: "xdm" } } },
    options,
  );
  const inletId = String((await item("connections", xdmConnection.id)).auth.params.inletId);
  const httpSourceId = (
    await created(request, "POST", `${FS}/sourceConnections`, { name: "s", baseConnectionId: xdmConnection.id, connectionSpec: { id: HTTP_API_SPEC } }, options)
  ).id;
  const httpTargetId = (await created(request, "POST", `${FS}/targetConnections`, dataLakeTargetBody(), options)).id;
  const httpFlowId = (
    await created(
      request,
      "POST",
      `${FS}/flows`,
      { name: "HTTP API flow", flowSpec: { id: HTTP_API_FLOW_SPEC, version: "1.0" }, sourceConnectionIds: [httpSourceId], targetConnectionIds: [httpTargetId] },
      options,
    )
  ).id;

  const authConnection = await created(
    request,
    "POST",
    `${FS}/connections`,
    { name: `${label} authenticated inlet`, connectionSpec: { id: HTTP_API_SPEC, version: "1.0" }, auth: { specName: "Streaming Connection", params: { dataType: "xdm", authenticationRequired: true } } },
    options,
  );
  const authInletId = String((await item("connections", authConnection.id)).auth.params.inletId);

  // Two records (one through each inlet) give the flows their runs.
  const json = { ...options, headers: { ...options.headers, Authorization: undefined, "x-api-key": undefined, "x-gw-ims-org-id": undefined } };
  const one = await request("POST", `/collection/${inletId}`, { ...json, body: xdmEvent(1, httpFlowId) });
  expect(one.status, one.text).toBe(200);
  const two = await request("POST", `/collection/${webhookInletId}?x-adobe-flow-id=${flowId}`, { ...json, body: webhookEvent(1) });
  expect(two.status, two.text).toBe(200);
  const runs = await request("GET", `${FS}/runs?property=flowId==${httpFlowId}`, options);
  expect(runs.body.items, runs.text).toHaveLength(1);

  const fieldGroup = await created(request, "POST", `${SR}/tenant/fieldgroups`, fieldGroupBody("extconndev", `${label} loyalty`), options);
  const schema = await created(request, "POST", `${SR}/tenant/schemas`, schemaBody(`${label} profile`, [PROFILE, fieldGroup.$id]), options);
  const dataSet = await created(
    request,
    "POST",
    `${CATALOG}/dataSets`,
    { name: `${label} dataset`, schemaRef: { id: schema.$id, contentType: "application/vnd.adobe.xed+json;version=1" } },
    options,
  );
  const mappingSet = await request("GET", `${DP}/mappingSets/${mapping.id}`, options);
  return {
    connectionId,
    sourceId,
    targetId,
    flowId,
    httpFlowId,
    httpSourceId,
    httpTargetId,
    inletId,
    webhookInletId,
    authInletId,
    mappingSetId: mapping.id,
    mappingId: mappingSet.body.mappings[0].id,
    runId: runs.body.items[0].id,
    fieldGroupId: fieldGroup.$id,
    fieldGroupAltId: fieldGroup["meta:altId"],
    schemaId: schema.$id,
    schemaAltId: schema["meta:altId"],
    dataSetId: String(dataSet[0]).replace("@/dataSets/", ""),
    recordCount: 2,
  };
}

export { CATALOG, CIO_SCHEMA, CUSTOMERIO_FLOW_SPEC, CUSTOMERIO_SPEC, DATA_LAKE_SPEC, DATASET_ID, FS, HTTP_API_SPEC, SR };
