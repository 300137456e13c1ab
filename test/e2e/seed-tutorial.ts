/**
 * The requests of Adobe's Customer.io tutorial ("Crie uma conexão de origem e um fluxo de dados para
 * Customer.io usando a API do Serviço de Fluxo"), transcribed with their own bodies and ids. The
 * mapping set's {TENANT_ID} placeholder is replaced by the tenant, as a user of the tutorial does.
 */
export const TENANT_ID = "extconndev";
export const SCHEMA_ID = "https://ns.adobe.com/extconndev/schemas/945546112b746524bfd9f1264b26c2b7d8e7f5b7fadb953a";
export const DATASET_ID = "63ec807d3f5ce91bd2d06c65";

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
  data: {
    format: "json",
    schema: { id: SCHEMA_ID, version: "application/vnd.adobe.xed-full+json;version=1" },
  },
  params: { dataSetId: DATASET_ID },
};

const mapping = (destination: string, source: string) => ({
  destinationXdmPath: `_extconndev.${destination}`,
  sourceAttribute: source,
  identity: false,
  version: 0,
});

export const mappingSetRequest = {
  outputSchema: {
    schemaRef: {
      id: `https://ns.adobe.com/${TENANT_ID}/schemas/945546112b746524bfd9f1264b26c2b7d8e7f5b7fadb953a`,
      contentType: "application/vnd.adobe.xed-full+json;version=1",
    },
  },
  mappings: [
    mapping("cio_id", "data.identifiers.cio_id"),
    mapping("email", "data.identifiers.email"),
    mapping("event_id0", "event_id"),
    mapping("metricx", "metric"),
    mapping("object_type1", "object_type"),
    mapping("timestampx", "timestamp"),
  ],
};

export const flowRequest = (sourceConnectionId: string, targetConnectionId: string, mappingId: string) => ({
  name: "Streaming Dataflow for Customer.io",
  description: "Streaming Dataflow for Customer.io",
  flowSpec: { id: "e77fde5a-22a8-11ed-861d-0242ac120002", version: "1.0" },
  sourceConnectionIds: [sourceConnectionId],
  targetConnectionIds: [targetConnectionId],
  transformations: [{ name: "Mapping", params: { mappingId, mappingVersion: 0 } }],
});
