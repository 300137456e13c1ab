/**
 * Built-in, read-only catalogue of connection specs and flow specs.
 *
 * Each entry is the document the emulator answers inside `{ items: [...] }`
 * for `GET /connectionSpecs/{id}` and `GET /flowSpecs/{id}`.
 *
 * Where the facts come from (all public Adobe material):
 * - OpenAPI `flow-service.yaml` (AdobeDocs/experience-platform-apis,
 *   static/swagger-specs): schemas ConnectionSpecItemDTO, FlowSpecItemDTO,
 *   SourceSpecDTO, TargetSpecDTO, and the CloudStorageToAEP flow spec example
 *   (POST/PUT /flowSpecs), incl. its scheduleSpec rules.
 * - Experience League docs (AdobeDocs/experience-platform.en, help/sources/...):
 *   - tutorials/api/create/marketing-automation/customerio-webhook.md
 *     (Customer.io connection spec id, provider id, flow spec id, data format json);
 *   - sources-sdk/streaming/create.md (the `generic-streaming` connection spec
 *     template, provider 521eee4d-...) and streaming/update-flow-specs.md
 *     (GenericStreamingAEP flow spec e77fde5a-..., verbatim GET response);
 *   - tutorials/api/create/streaming/http.md and tutorials/api/collect/streaming.md
 *     (HTTP API spec bc7b00d6-..., auth "Streaming Connection", flow specs
 *     c1a19761-... "Steam data with transformation" [sic] and d8a6f005-...);
 *   - tutorials/api/draft.md (verbatim GET of Azure File Storage connection spec
 *     and of CloudStorageToAEP flow spec, incl. `isDraftModeSupported`);
 *   - Google Cloud Storage connector tutorial (GET /connectionSpecs?property=name=="google-cloud").
 * Anything filled in by us (not shown in a published Adobe response) is marked
 * "not from Adobe" in a comment next to it.
 */

// ---------------------------------------------------------------------------
// Shared fragments (verbatim shapes from the docs)
// ---------------------------------------------------------------------------

const JSON_SCHEMA_DRAFT7 = "http://json-schema.org/draft-07/schema#";

/** Streaming sources and flows (docs: sources-sdk streaming, collect/streaming.md). */
const streamingPermissions = {
  view: [{ "@type": "lowLevel", name: "StreamingSource", permissions: ["read"] }],
  manage: [{ "@type": "lowLevel", name: "StreamingSource", permissions: ["write"] }],
};

/** Batch ("enterprise") sources and flows (spec examples, draft.md). */
const enterprisePermissions = {
  manage: [{ "@type": "lowLevel", name: "EnterpriseSource", permissions: ["write"] }],
  view: [{ "@type": "lowLevel", name: "EnterpriseSource", permissions: ["read"] }],
};

/** "Mapping" transformation spec, as in CloudStorageToAEP / GenericStreamingAEP. */
const mappingTransformationSpec = {
  name: "Mapping",
  spec: {
    $schema: JSON_SCHEMA_DRAFT7,
    type: "object",
    description: "defines various params required for different mapping from source to target",
    properties: {
      mappingId: { type: "string" },
      mappingVersion: { type: "string" },
    },
  },
};

const optionSpecProperties = {
  errorDiagnosticsEnabled: {
    title: "Error diagnostics.",
    description: "Flag to enable detailed and sample error diagnostics summary.",
    type: "boolean",
    default: false,
  },
  partialIngestionPercent: {
    title: "Partial ingestion threshold.",
    description: "Percentage which defines the threshold of errors allowed before the run is marked as failed.",
    type: "number",
    exclusiveMinimum: 0,
  },
};

/** FileSystem explore spec (verbatim from the Azure File Storage spec in draft.md). */
const fileSystemExploreSpec = {
  name: "FileSystem",
  type: "FileSystem",
  requestSpec: {
    $schema: JSON_SCHEMA_DRAFT7,
    type: "object",
    description: "defines explorable objects",
    properties: {
      objectType: { type: "string", enum: ["file", "folder", "root"] },
    },
    allOf: [
      {
        if: { properties: { objectType: { enum: ["file"] } } },
        then: {
          properties: {
            object: { type: "string", description: "defines file to get schema or preview of." },
            fileType: { type: "string", enum: ["delimited"] },
            preview: { type: "boolean" },
          },
          required: ["object", "fileType"],
        },
      },
      {
        if: { properties: { objectType: { enum: ["folder"] } } },
        then: { properties: { object: { type: "string" } }, required: ["object"] },
      },
    ],
  },
  responseSpec: {
    root: {
      $schema: JSON_SCHEMA_DRAFT7,
      type: "array",
      description: "lists tables/items under the database/container requested.",
      items: {
        type: "object",
        properties: {
          type: { type: "string", description: "defines type of an item." },
          name: { type: "string", description: "defines display name of an item." },
          path: { type: "string", description: "defines path of an item." },
          canPreview: { type: "boolean", default: false, description: "defines whether an item is previewable or not." },
          canFetchSchema: {
            type: "boolean",
            default: false,
            description: "defines whether schema can be fetched for an item or not.",
          },
        },
      },
    },
    folder: {
      $schema: JSON_SCHEMA_DRAFT7,
      type: "array",
      items: {
        type: "object",
        properties: {
          type: { type: "string" },
          name: { type: "string" },
          path: { type: "string" },
          canPreview: { type: "boolean", default: false },
          canFetchSchema: { type: "boolean", default: false },
        },
      },
    },
    file: {
      delimited: {
        $schema: JSON_SCHEMA_DRAFT7,
        type: "object",
        properties: {
          format: { type: "string" },
          schema: {
            type: "object",
            properties: {
              columns: {
                type: "array",
                items: { type: "object", properties: { name: { type: "string" }, type: { type: "string" } } },
              },
            },
          },
          data: { type: "array", items: { type: "object" } },
        },
      },
    },
  },
};

/** Cloud storage source spec (verbatim from the Azure File Storage spec in draft.md, minus uiAttributes). */
const cloudStorageSourceSpecBody = {
  name: "CloudStorage",
  type: "CloudStorage",
  spec: {
    $schema: JSON_SCHEMA_DRAFT7,
    type: "object",
    properties: {
      path: {
        type: "string",
        description: "input path for copying files, can be a folder path, file path or a wildcard pattern",
      },
      recursive: {
        type: "boolean",
        description: "indicates recursive copy in case of folder or wild card path, default is false",
      },
    },
    required: ["path"],
  },
};

// ---------------------------------------------------------------------------
// Well-known ids
// ---------------------------------------------------------------------------

/** Streaming provider (HTTP API, generic-streaming, Customer.io). */
const STREAMING_PROVIDER_ID = "521eee4d-8cbe-4906-bb48-fb6bd4450033";
/** Batch/enterprise provider (cloud storage, CloudStorageToAEP). */
const ENTERPRISE_PROVIDER_ID = "0ed90a81-07f4-4586-8190-b40eccef1c5a";

const CUSTOMERIO_SPEC_ID = "96479064-7b8a-4d69-b9ed-21c5683837ea";
const HTTP_API_SPEC_ID = "bc7b00d6-623a-4dfc-9fdb-f1240aeadaeb";
const DATA_LAKE_SPEC_ID = "c604ff05-7f1a-43c0-8e18-33bf874cb11c";
const GCS_SPEC_ID = "32e8f412-cdf7-464c-9885-78184cb113fd";
const AZURE_FILE_STORAGE_SPEC_ID = "be5ec48c-5b78-49d5-b8fa-7c89ec4569b8";

// ---------------------------------------------------------------------------
// Connection specs
// ---------------------------------------------------------------------------

export const connectionSpecs: ReadonlyArray<Record<string, unknown>> = [
  // Customer.io webhook (beta streaming source). Id, provider, version and
  // data format "json" are from the Customer.io API tutorial. Adobe publishes
  // no GET of this spec; the document below follows the `generic-streaming`
  // template of the Streaming SDK (sources-sdk/streaming/create.md), which is
  // what webhook sources on provider 521eee4d-... and flow spec
  // GenericStreamingAEP are built from. Category, label, description,
  // isDraftModeSupported and sourceSpec.spec: not from Adobe.
  {
    id: CUSTOMERIO_SPEC_ID,
    name: "customerio-webhook", // not from Adobe (SDK sources are often named "generic-streaming")
    providerId: STREAMING_PROVIDER_ID,
    version: "1.0",
    type: "generic-streaming",
    description: "Stream Customer.io reporting webhook events into Experience Platform.", // not from Adobe
    authSpec: [],
    sourceSpec: {
      // not from Adobe: describes the documented source connection body, whose
      // `data.format` "Currently, the only supported data format is `json`".
      spec: {
        $schema: JSON_SCHEMA_DRAFT7,
        type: "object",
        description: "Defines the data of a Customer.io webhook source connection.",
        properties: {
          data: {
            type: "object",
            properties: { format: { type: "string", enum: ["json"] } },
            required: ["format"],
          },
        },
      },
      attributes: {
        authRequired: false,
        uiAttributes: {
          documentationLink: "http://www.adobe.com/go/understanding-data-streaming-ingestion-en",
          isSource: true,
          monitoringSupported: false,
          category: { key: "marketingAutomation" },
          icon: { key: "customerio" }, // not from Adobe
          description: { text: "Customer.io webhook source" }, // not from Adobe
          label: { text: "Customer.io" },
          frequency: { text: "streaming" },
        },
      },
    },
    exploreSpec: { type: "StreamingConnection" },
    attributes: {
      category: "Marketing Automation",
      connectorName: "Customer.io",
      isSource: true,
      isStreaming: true, // not from Adobe
      isDraftModeSupported: true, // not from Adobe
      documentationLink: "http://www.adobe.com/go/understanding-data-streaming-ingestion-en",
      uiAttributes: { apiFeatures: { updateSupported: false } },
    },
    permissionsInfo: streamingPermissions,
  },

  // HTTP API streaming source. Id, provider, auth spec name "Streaming Connection"
  // and its params (dataType xdm|raw, name, sourceId, authenticationRequired)
  // are from http.md; the document shape follows the generic-streaming template.
  // name / description / attributes: not from Adobe.
  {
    id: HTTP_API_SPEC_ID,
    name: "http-api", // not from Adobe
    providerId: STREAMING_PROVIDER_ID,
    version: "1.0",
    type: "streaming", // not from Adobe
    description: "Stream XDM or raw JSON data to Experience Platform over HTTP.", // not from Adobe
    authSpec: [
      {
        name: "Streaming Connection",
        type: "Streaming Connection", // not from Adobe
        spec: {
          $schema: JSON_SCHEMA_DRAFT7,
          type: "object",
          description: "defines auth params required for a streaming (HTTP API) connection", // not from Adobe
          properties: {
            dataType: {
              type: "string",
              enum: ["xdm", "raw"],
              description: "The data type for the streaming connection.",
            },
            name: { type: "string", description: "The name of the streaming connection." },
            sourceId: { type: "string", description: "The ID of the streaming connection; defaults to name." },
            authenticationRequired: {
              type: "boolean",
              default: false,
              description: "Whether messages sent to the inlet must carry an Authorization header.",
            },
          },
          required: ["dataType"],
        },
      },
    ],
    sourceSpec: {
      attributes: {
        uiAttributes: {
          documentationLink: "http://www.adobe.com/go/understanding-data-streaming-ingestion-en",
          isSource: true,
          category: { key: "streaming" },
          icon: { key: "Generic-Streaming" },
          description: { text: "HTTP API streaming connector" }, // not from Adobe
          label: { text: "HTTP API" },
          frequency: { text: "streaming" },
        },
      },
    },
    exploreSpec: { type: "StreamingConnection" },
    attributes: {
      category: "Streaming",
      connectorName: "HTTP API",
      isSource: true,
      isStreaming: true, // not from Adobe
      isDraftModeSupported: true, // not from Adobe (draft.md's example dataflow uses this source's flow spec)
      documentationLink: "http://www.adobe.com/go/understanding-data-streaming-ingestion-en",
      uiAttributes: { apiFeatures: { updateSupported: false } },
    },
    permissionsInfo: streamingPermissions,
  },

  // Data Lake target. Only the id, version "1.0" and its role ("the fixed
  // connection specification ID tied to Data Lake") are documented; no GET of
  // it is published. The rest follows TargetSpecDTO and is not from Adobe.
  {
    id: DATA_LAKE_SPEC_ID,
    name: "Data Lake", // docs wording ("[!DNL Data Lake]"); exact API name not published
    providerId: ENTERPRISE_PROVIDER_ID, // not from Adobe
    version: "1.0",
    type: "DataLake", // not from Adobe
    description: "Experience Platform Data Lake: the dataset that ingested data lands in.", // not from Adobe
    authSpec: [],
    targetSpec: {
      name: "DataLake",
      type: "DataLake",
      spec: {
        $schema: JSON_SCHEMA_DRAFT7,
        type: "object",
        description: "Defines params required when Data Lake is used as a target in a flow.",
        properties: {
          dataSetId: { type: "string", description: "The ID of the target dataset." },
        },
        required: ["dataSetId"],
      },
      attributes: {
        uiAttributes: {
          isDestination: true,
          category: "dataLake",
          label: "Data Lake",
        },
      },
    },
    attributes: {
      category: "Data Lake",
      isSource: false,
      isDestination: true,
      isDraftModeSupported: true, // draft.md creates draft target connections with this spec
    },
    permissionsInfo: enterprisePermissions, // not from Adobe
  },

  // Google Cloud Storage (batch source). id / name / providerId / version /
  // authSpec are verbatim from the GCS API tutorial; the spec's
  // ConnectionSpecItemDTO / SourceSpecDTO property examples give the category,
  // connectorName, documentation link, label and description. sourceSpec.spec and
  // exploreSpec are the cloud-storage shapes documented for Azure File Storage.
  {
    id: GCS_SPEC_ID,
    name: "google-cloud",
    providerId: ENTERPRISE_PROVIDER_ID,
    version: "1.0",
    authSpec: [
      {
        name: "Basic Authentication for google-cloud",
        type: "Basic Authentication",
        spec: {
          $schema: JSON_SCHEMA_DRAFT7,
          type: "object",
          description: "defines auth params required for connecting to google-cloud storage connector.",
          properties: {
            accessKeyId: { type: "string", description: "Access Key Id for the user account" },
            secretAccessKey: { type: "string", description: "Secret Access Key for the user account", format: "password" },
            bucketName: { type: "string", description: "The name of your Google Cloud Storage bucket." }, // from the newer tutorial's body
            folderPath: { type: "string", description: "The path to the folder that you want to provide access to." }, // idem
          },
          required: ["accessKeyId", "secretAccessKey"],
        },
      },
    ],
    sourceSpec: {
      ...cloudStorageSourceSpecBody,
      attributes: {
        uiAttributes: {
          documentationLink: "http://www.adobe.com/go/sources-google-cloud-storage-en",
          isSource: true,
          category: { key: "cloudStorage" },
          icon: { key: "google" },
          description: {
            text: "Create a live inbound connection to your Google Cloud Storage account to periodically ingest delimited data file into Experience Platform.",
          },
          label: { text: "Google Cloud Storage" },
        },
      },
    },
    exploreSpec: fileSystemExploreSpec,
    attributes: {
      category: "Cloud Storage",
      connectorName: "Google Cloud Storage",
      isSource: true,
      isDraftModeSupported: true, // not shown for GCS; cloud-storage sources share CloudStorageToAEP, which supports drafts
      uiAttributes: { apiFeatures: { explorePaginationSupported: false } },
    },
    permissionsInfo: enterprisePermissions,
  },

  // Azure File Storage (batch source): verbatim from the GET in draft.md.
  {
    id: AZURE_FILE_STORAGE_SPEC_ID,
    name: "azure-file-storage",
    providerId: ENTERPRISE_PROVIDER_ID,
    version: "1.0",
    authSpec: [
      {
        name: "Basic Authentication",
        type: "basicAuthentication",
        spec: {
          $schema: JSON_SCHEMA_DRAFT7,
          type: "object",
          description: "defines auth params",
          properties: {
            host: { type: "string", description: "Specifies the Azure File Storage endpoint." },
            userid: { type: "string", description: "Specify the user to access the Azure File Storage." },
            password: { type: "string", description: "Specify the storage access key", format: "password" },
          },
          required: ["host", "userid", "password"],
        },
      },
    ],
    sourceSpec: {
      ...cloudStorageSourceSpecBody,
      attributes: {
        uiAttributes: {
          documentationLink: "http://www.adobe.com/go/sources-azure-file-storage-en",
          isSource: true,
          category: { key: "cloudStorage" },
          icon: { key: "azureFileStorage" },
          description: { key: "azureFileStorageDescription" },
          label: { key: "azureFileStorageLabel" },
        },
      },
    },
    exploreSpec: fileSystemExploreSpec,
    attributes: {
      category: "Cloud Storage",
      connectorName: "Azure File Storage",
      isSource: true,
      isDraftModeSupported: true,
      uiAttributes: { apiFeatures: { explorePaginationSupported: false } },
    },
    permissionsInfo: enterprisePermissions,
  },
];

// ---------------------------------------------------------------------------
// Flow specs
// ---------------------------------------------------------------------------

export const flowSpecs: ReadonlyArray<Record<string, unknown>> = [
  // GenericStreamingAEP: verbatim GET from sources-sdk/streaming/update-flow-specs.md.
  // The Customer.io tutorial creates its dataflow with this flow spec id.
  {
    id: "e77fde5a-22a8-11ed-861d-0242ac120002",
    name: "GenericStreamingAEP",
    providerId: STREAMING_PROVIDER_ID,
    version: "1.0",
    sourceConnectionSpecIds: [
      "e77fd9d2-22a8-11ed-861d-0242ac120002",
      CUSTOMERIO_SPEC_ID, // added by us (not in the published list), so Customer.io flows validate
    ],
    targetConnectionSpecIds: [DATA_LAKE_SPEC_ID],
    optionSpec: {
      name: "OptionSpec",
      spec: {
        $schema: JSON_SCHEMA_DRAFT7,
        type: "object",
        properties: {
          ...optionSpecProperties,
          inletUrl: {
            title: "Inlet Url.",
            description: "Inlet Url which defines the streaming endpoint.",
            type: "string",
          },
        },
      },
    },
    transformationSpecs: [mappingTransformationSpec],
    attributes: {
      isSourceFlow: true,
      flacValidationSupported: true,
      isDraftModeSupported: true, // not from Adobe
      frequency: "streaming",
      uiAttributes: { apiFeatures: { updateSupported: true, flowRunsSupported: true } },
    },
    permissionsInfo: streamingPermissions,
  },

  // HTTP API with mapping: verbatim from tutorials/api/collect/streaming.md,
  // including Adobe's typo "Steam" in the name.
  {
    id: "c1a19761-d2c7-4702-b9fa-fe91f0613e81",
    name: "Steam data with transformation",
    providerId: STREAMING_PROVIDER_ID,
    version: "1.0",
    sourceConnectionSpecIds: [
      "d27d4907-7351-47dd-bbc2-05a04365703d",
      "51ae16c2-bdad-42fd-9fce-8d5dfddaf140",
      HTTP_API_SPEC_ID,
    ],
    targetConnectionSpecIds: [DATA_LAKE_SPEC_ID],
    transformationSpecs: [
      {
        name: "Mapping",
        spec: {
          $schema: JSON_SCHEMA_DRAFT7,
          type: "object",
          description: "defines various params required for different mapping from Raw to XDM",
          properties: { mappingId: { type: "string" } },
          required: ["mappingId"],
        },
      },
    ],
    attributes: {
      isSourceFlow: true, // not from Adobe
      isDraftModeSupported: true, // draft.md drafts a dataflow with this flow spec
      frequency: "streaming", // not from Adobe
      uiAttributes: { apiFeatures: { updateSupported: false, flowRunsSupported: false } },
    },
    permissionsInfo: streamingPermissions,
  },

  // Stream data with optional transformation: verbatim GET from tutorials/api/collect/streaming.md,
  // whose dataflow request uses it; its sources include the HTTP API (the others, Kinesis, Event
  // Hubs and Pub/Sub, are not in this catalogue).
  {
    id: "d69717ba-71b4-4313-b654-49f9cf126d7a",
    name: "Stream data with optional transformation",
    providerId: STREAMING_PROVIDER_ID,
    version: "1.0",
    sourceConnectionSpecIds: [
      HTTP_API_SPEC_ID,
      "bf9f5905-92b7-48bf-bf20-455bc6b60a4e",
      "86043421-563b-46ec-8e6c-e23184711bf6",
      "70116022-a743-464a-bbfe-e226a7f8210c",
    ],
    targetConnectionSpecIds: ["bf9f5905-92b7-48bf-bf20-455bc6b60a4e", DATA_LAKE_SPEC_ID, "db4fe783-ef79-4a12-bda9-32b2b1bc3b2c"],
    transformationSpecs: [
      {
        name: "Mapping",
        spec: {
          $schema: JSON_SCHEMA_DRAFT7,
          type: "object",
          description: "defines various params required for different mapping from source to target",
          properties: { mappingId: { type: "string" } },
        },
      },
    ],
    attributes: { uiAttributes: { apiFeatures: { flowRunsSupported: false } } },
    permissionsInfo: streamingPermissions,
  },

  // HTTP API without transformations (XDM data). Id, provider and source/target
  // specs are from http.md; Adobe publishes no GET of it, so the name and
  // attributes are not from Adobe.
  {
    id: "d8a6f005-7eaf-4153-983e-e8574508b877",
    name: "Stream data without transformation", // not from Adobe
    providerId: STREAMING_PROVIDER_ID,
    version: "1.0",
    sourceConnectionSpecIds: [HTTP_API_SPEC_ID],
    targetConnectionSpecIds: [DATA_LAKE_SPEC_ID],
    attributes: {
      isSourceFlow: true,
      isDraftModeSupported: true,
      frequency: "streaming",
      uiAttributes: { apiFeatures: { updateSupported: false, flowRunsSupported: false } },
    },
    permissionsInfo: streamingPermissions,
  },

  // CloudStorageToAEP: verbatim GET from draft.md (same as the OpenAPI
  // POST/PUT /flowSpecs example, which lacks the last source spec id, the
  // Encryption transformation and isDraftModeSupported).
  {
    id: "9753525b-82c7-4dce-8a9b-5ccfce2b9876",
    name: "CloudStorageToAEP",
    providerId: ENTERPRISE_PROVIDER_ID,
    version: "1.0",
    sourceConnectionSpecIds: [
      "b3ba5556-48be-44b7-8b85-ff2b69b46dc4",
      "ecadc60c-7455-4d87-84dc-2a0e293d997b",
      "b7829c2f-2eb0-4f49-a6ee-55e33008b629",
      "4c10e202-c428-4796-9208-5f1f5732b1cf",
      "fb2e94c9-c031-467d-8103-6bd6e0a432f2",
      GCS_SPEC_ID,
      "b7bf2577-4520-42c9-bae9-cad01560f7bc",
      "998b8ae3-cec0-43b7-8abe-40b1eb4ee069",
      AZURE_FILE_STORAGE_SPEC_ID,
      "54e221aa-d342-4707-bcff-7a4bceef0001",
      "c85f9425-fb21-426c-ad0b-405e9bd8a46c",
      "26f526f2-58f4-4712-961d-e41bf1ccc0e8",
    ],
    targetConnectionSpecIds: [DATA_LAKE_SPEC_ID],
    optionSpec: {
      name: "OptionSpec",
      spec: { $schema: JSON_SCHEMA_DRAFT7, type: "object", properties: optionSpecProperties },
    },
    transformationSpecs: [
      mappingTransformationSpec,
      {
        name: "Encryption",
        spec: {
          $schema: JSON_SCHEMA_DRAFT7,
          type: "object",
          description: "defines various params required for encrypted data ingestion",
          properties: {
            publicKeyId: {
              type: "string",
              description:
                "publicKeyId returned in encryptionKey creation API. One must use the publicKeyId corresponding to the same publicKey they used for encrypting the files",
            },
          },
        },
      },
    ],
    scheduleSpec: {
      name: "PeriodicSchedule",
      type: "Periodic",
      spec: {
        $schema: JSON_SCHEMA_DRAFT7,
        type: "object",
        properties: {
          startTime: { description: "epoch time", type: "integer" },
          frequency: { type: "string", enum: ["once", "minute", "hour", "day", "week"] },
          interval: { type: "integer" },
          backfill: { type: "boolean", default: true },
        },
        required: ["startTime", "frequency"],
        if: { properties: { frequency: { const: "once" } } },
        then: { allOf: [{ not: { required: ["interval"] } }, { not: { required: ["backfill"] } }] },
        else: {
          required: ["interval"],
          if: { properties: { frequency: { const: "minute" } } },
          then: { properties: { interval: { minimum: 15 } } },
          else: { properties: { interval: { minimum: 1 } } },
        },
      },
    },
    attributes: {
      isSourceFlow: true,
      flacValidationSupported: true,
      isDraftModeSupported: true,
      frequency: "batch",
      notification: { category: "sources", flowRun: { enabled: true } },
    },
    permissionsInfo: enterprisePermissions,
  },
];
