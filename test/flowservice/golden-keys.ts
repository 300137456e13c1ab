/**
 * Golden key sets for Flow Service responses, transcribed from Adobe's public
 * OpenAPI file `flow-service.yaml` (AdobeDocs/experience-platform-apis) and the
 * Experience League docs (AdobeDocs/experience-platform.en). Golden tests check
 * that each emulator response item has the same TOP-LEVEL keys with the same
 * JSON value types as Adobe's examples.
 *
 * `keys`: present in Adobe's example and always producible by an emulator that
 * creates the resource from the documented request bodies.
 * `optional`: in Adobe's examples/schemas but only present in some cases
 * (depends on the source type, the request body, or on runs having happened).
 * A response must not contain a key that is in neither map.
 *
 * Types are those of the JSON values, e.g. epoch-millisecond timestamps are
 * "number" and etags/versions (quoted strings like "\"6802064a-0000-0200-...\"")
 * are "string".
 */

export type JsonType = "string" | "number" | "boolean" | "object" | "array" | "null";

export interface GoldenEntry {
  /** The spec schema / docs example the keys were read from. */
  source: string;
  /** Keys every such item has. */
  keys: Record<string, JsonType>;
  /** Keys only some items have. */
  optional: Record<string, JsonType>;
}

/** The audit fields every Flow Service entity carries (ConnectionItemDTO etc.). */
const audit: Record<string, JsonType> = {
  id: "string",
  createdAt: "number",
  updatedAt: "number",
  createdBy: "string",
  updatedBy: "string",
  createdClient: "string",
  updatedClient: "string",
  sandboxId: "string",
  sandboxName: "string",
  imsOrgId: "string",
};

export const golden: Record<string, GoldenEntry> = {
  connection: {
    source:
      "flow-service.yaml components.schemas.ConnectionItemDTO (property examples); docs help/sources/tutorials/api/create/streaming/http.md GET /connections/{id}",
    keys: {
      ...audit,
      name: "string",
      description: "string",
      connectionSpec: "object",
      state: "string",
      version: "string",
      etag: "string",
    },
    optional: {
      // every documented base connection body has auth, but the spec only requires connectionSpec
      auth: "object",
    },
  },

  sourceConnection: {
    source:
      "flow-service.yaml components.schemas.SourceConnectionItemDTO (property examples); docs customerio-webhook.md and streaming/http.md POST /sourceConnections bodies",
    keys: {
      ...audit,
      name: "string",
      description: "string",
      state: "string",
      connectionSpec: "object",
      version: "string",
      etag: "string",
    },
    optional: {
      baseConnectionId: "string", // absent for webhook sources (Customer.io has no base connection)
      data: "object", // absent in the HTTP API source connection body
      params: "object", // e.g. cloud storage `path`
      providerRefId: "string",
      inheritedAttributes: "object", // { baseConnection: { id, connectionSpec } } when there is a base connection
      // Not in SourceConnectionItemDTO: the Customer.io tutorial's request sends it and the emulator
      // keeps fields it is sent.
      providerId: "string",
    },
  },

  targetConnection: {
    source:
      "flow-service.yaml components.schemas.TargetConnectionItemDTO (property examples); docs customerio-webhook.md POST /targetConnections body",
    keys: {
      ...audit,
      name: "string",
      description: "string",
      state: "string",
      data: "object", // required by CreateTargetConnectionRequest
      connectionSpec: "object",
      version: "string",
      etag: "string",
    },
    optional: {
      params: "object", // { dataSetId } in every documented data-lake body, but not required by the spec
      providerRefId: "string",
      inheritedAttributes: "object",
    },
  },

  flow: {
    source:
      "flow-service.yaml components.schemas.FlowItemDTO (property examples); docs customerio-webhook.md GET /flows/{id} (api-behaviour.md §1.1)",
    keys: {
      ...audit,
      name: "string",
      description: "string",
      flowSpec: "object", // FlowItemDTO: type object (its example is just the id string)
      state: "string",
      version: "string",
      etag: "string",
      sourceConnectionIds: "array",
      targetConnectionIds: "array",
      inheritedAttributes: "object",
      transformations: "array", // in both examples; a flow created without transformations (HTTP API d8a6f005) may lack it
      runs: "string", // "/runs?property=flowId==<id>"
      lastOperation: "object",
    },
    optional: {
      scheduleParams: "object", // batch flows only
      options: "object", // streaming webhook flows: { inletUrl }
      lastRunDetails: "object", // only after a run
      providerRefId: "string", // in the Customer.io GET example, not in FlowItemDTO
    },
  },

  run: {
    source:
      "flow-service.yaml components.schemas.FlowRunItemDTO (property examples; spec spells eTag/activites, docs etag/activities); docs help/sources/tutorials/api/monitor.md GET /runs",
    keys: {
      ...audit,
      flowId: "string",
      flowSpec: "object", // FlowRunItemDTO; not in the monitor.md example
      etag: "string", // spec: eTag; docs: etag -> use etag
      metrics: "object",
      activities: "array", // spec: activites (typo); docs: activities
    },
    optional: {
      providerRefId: "string", // FlowRunItemDTO only
      params: "object", // runs created via POST /runs (CreateFlowRunRequest.params)
    },
  },

  connectionSpec: {
    source:
      "flow-service.yaml components.schemas.ConnectionSpecItemDTO; docs tutorials/api/draft.md GET /connectionSpecs/{id} and sources-sdk/streaming/create.md",
    keys: {
      id: "string",
      name: "string",
      providerId: "string",
      version: "string",
      authSpec: "array",
      attributes: "object",
      permissionsInfo: "object",
    },
    optional: {
      type: "string", // streaming SDK specs
      description: "string", // streaming SDK specs
      sourceSpec: "object", // sources
      targetSpec: "object", // targets (UpdateConnectionSpecRequest)
      exploreSpec: "object",
    },
  },

  flowSpec: {
    source:
      "flow-service.yaml components.schemas.FlowSpecItemDTO and the POST/PUT /flowSpecs CloudStorageToAEP example; docs draft.md and sources-sdk/streaming/update-flow-specs.md GET /flowSpecs/{id}",
    keys: {
      id: "string",
      name: "string",
      providerId: "string",
      version: "string",
      sourceConnectionSpecIds: "array",
      targetConnectionSpecIds: "array",
      attributes: "object",
      permissionsInfo: "object",
    },
    optional: {
      transformationSpecs: "array", // schema says object; every real example is an array
      optionSpec: "object",
      scheduleSpec: "object", // batch flow specs
      runSpec: "object",
    },
  },

  createResponse: {
    source:
      "flow-service.yaml CreateConnectionResponse / CreateSourceConnectionResponse / CreateTargetConnectionResponse / CreateFlowResponse / CreateFlowRunResponse; PATCH and POST .../action responses in the docs",
    keys: {
      id: "string",
      etag: "string",
    },
    optional: {},
  },

  listResponse: {
    source:
      "flow-service.yaml FlowListResponse / FlowRunsListResponse / SourceConnectionsListResponse / TargetConnectionsListResponse ({items, _links: PageLinksResponse, count}); docs monitor.md (`\"_links\": {}` on the last page)",
    keys: {
      items: "array",
      _links: "object", // ConnectionListResponse, ConnectionSpecResponse and FlowSpecResponse declare only `items`
    },
    optional: {
      count: "number",
    },
  },
};
