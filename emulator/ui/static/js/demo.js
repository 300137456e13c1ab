// "Load the Customer.io demo": the requests of Adobe's Customer.io tutorial (source connection,
// target connection, mapping set, flow), sent in the picked tenant through the platform APIs.
// The schema and dataset come from the customerio fixture set (FIXTURES=customerio gives every
// tenant its copy); when the tenant lacks the dataset, the built-in set is seeded first.
import { call, CATALOG, DATA_PREP, FLOW_SERVICE } from "./api.js";
import { tenant, tenantLabel } from "./tenant.js";

export const TENANT_ID = "extconndev";
export const SCHEMA_ID = "https://ns.adobe.com/extconndev/schemas/945546112b746524bfd9f1264b26c2b7d8e7f5b7fadb953a";
export const DATASET_ID = "63ec807d3f5ce91bd2d06c65";
export const CONTENT_TYPE = "application/vnd.adobe.xed-full+json;version=1";

export const sourceConnectionRequest = {
  name: "Streaming Source Connection for Customer.io",
  providerId: "521eee4d-8cbe-4906-bb48-fb6bd4450033",
  description: "Streaming Source Connection for customer.io",
  connectionSpec: { id: "96479064-7b8a-4d69-b9ed-21c5683837ea", version: "1.0" },
  data: { format: "json" },
};

export const targetConnectionRequest = {
  name: "Streaming Target Connection for Customer.io",
  description: "Streaming Target Connection for Customer.io",
  connectionSpec: { id: "c604ff05-7f1a-43c0-8e18-33bf874cb11c", version: "1.0" },
  data: { format: "json", schema: { id: SCHEMA_ID, version: CONTENT_TYPE } },
  params: { dataSetId: DATASET_ID },
};

/** [destination under _extconndev, source path] of the tutorial's mapping set. */
export const TUTORIAL_MAPPINGS = [
  ["cio_id", "data.identifiers.cio_id"],
  ["email", "data.identifiers.email"],
  ["event_id0", "event_id"],
  ["metricx", "metric"],
  ["object_type1", "object_type"],
  ["timestampx", "timestamp"],
];

export const mappingSetRequest = {
  outputSchema: { schemaRef: { id: SCHEMA_ID, contentType: CONTENT_TYPE } },
  mappings: TUTORIAL_MAPPINGS.map(([destination, source]) => ({
    destinationXdmPath: `_${TENANT_ID}.${destination}`,
    sourceAttribute: source,
    identity: false,
    version: 0,
  })),
};

export const flowRequest = (sourceConnectionId, targetConnectionId, mappingId) => ({
  name: "Streaming Dataflow for Customer.io",
  description: "Streaming Dataflow for Customer.io",
  flowSpec: { id: "e77fde5a-22a8-11ed-861d-0242ac120002", version: "1.0" },
  sourceConnectionIds: [sourceConnectionId],
  targetConnectionIds: [targetConnectionId],
  transformations: [{ name: "Mapping", params: { mappingId, mappingVersion: 0 } }],
});

async function hasDataset() {
  const datasets = await call("GET", `${CATALOG}/dataSets?limit=100&properties=name`, { read: true });
  return datasets !== undefined && Object.prototype.hasOwnProperty.call(datasets, DATASET_ID);
}

/** Creates the tutorial's dataflow; `log(message)` narrates each step. Answers the flow id. */
export async function loadCustomerIoDemo(log) {
  log(`Checking that ${tenantLabel(tenant())} has the tutorial's dataset ${DATASET_ID}…`);
  if (!(await hasDataset())) {
    log("It does not: loading the built-in customerio fixture set (schema and dataset)…");
    const { fixtureSets } = await call("GET", "/_emulator/ui/fixtures/sets");
    const set = fixtureSets.find((candidate) => candidate.name === "customerio");
    if (!set) throw new Error("The built-in customerio fixture set is not in this installation (fixtures/customerio/fixture-set.json).");
    await call("POST", "/_emulator/seed", { body: set.document });
    if (!(await hasDataset())) {
      throw new Error(
        `${tenantLabel(tenant())} still has no dataset ${DATASET_ID}: the customerio fixture set is registered, but this tenant's copy was changed. ` +
          "Reset the tenant (Tenant page) to get a fresh copy, then load the demo again.",
      );
    }
  }
  const source = await call("POST", `${FLOW_SERVICE}/sourceConnections`, { body: sourceConnectionRequest });
  log(`Source connection ${source.id} created.`);
  const target = await call("POST", `${FLOW_SERVICE}/targetConnections`, { body: targetConnectionRequest });
  log(`Target connection ${target.id} created (dataset ${DATASET_ID}).`);
  const mappingSet = await call("POST", `${DATA_PREP}/mappingSets`, { body: mappingSetRequest });
  log(`Mapping set ${mappingSet.id} version ${mappingSet.version} created.`);
  const flow = await call("POST", `${FLOW_SERVICE}/flows`, { body: flowRequest(source.id, target.id, mappingSet.id) });
  log(`Dataflow ${flow.id} created and enabled.`);
  return flow.id;
}
