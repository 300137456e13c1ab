/**
 * Request and response types of the Adobe Experience Platform APIs the client speaks, in Adobe's
 * own field names. Entities are open (`[field: string]: unknown`): the services add fields over
 * time, and a client that drops what it does not know cannot round-trip them.
 */

// ---------------------------------------------------------------------------------------------
// Shared

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** `{id, etag}`: what every Flow Service write answers. The etag carries its double quotes. */
export interface Created {
  id: string;
  etag: string;
}

/** One page of a list, and the query that fetches the next one (absent on the last page). */
export interface Page<T, Q> {
  items: T[];
  next?: Q;
}

/** A JSON Patch instruction as Flow Service takes it (lower-case ops, JSON Pointer paths). */
export interface PatchOperation {
  op: "add" | "replace" | "remove";
  path: string;
  value?: unknown;
}

export interface SpecRef {
  id: string;
  version?: string;
}

// ---------------------------------------------------------------------------------------------
// Flow Service

/** Fields every Flow Service entity carries. */
export interface FlowServiceEntity {
  id: string;
  createdAt: number;
  updatedAt: number;
  createdBy: string;
  updatedBy: string;
  createdClient: string;
  updatedClient: string;
  sandboxId: string;
  sandboxName: string;
  imsOrgId: string;
  name?: string;
  description?: string;
  state: "enabled" | "disabled" | "draft" | (string & {});
  version: string;
  etag: string;
  [field: string]: unknown;
}

export interface Connection extends FlowServiceEntity {
  connectionSpec: SpecRef;
  auth?: { specName?: string; params?: Record<string, unknown> };
}

export interface SourceConnection extends FlowServiceEntity {
  connectionSpec: SpecRef;
  baseConnectionId?: string;
  data?: { format?: string; [field: string]: unknown };
  params?: Record<string, unknown>;
  inheritedAttributes?: { baseConnection?: { id: string; connectionSpec: SpecRef } };
}

export interface TargetConnection extends FlowServiceEntity {
  connectionSpec: SpecRef;
  baseConnectionId?: string;
  data?: { format?: string; schema?: { id: string; version?: string }; [field: string]: unknown };
  params?: { dataSetId?: string; [field: string]: unknown };
}

export interface Transformation {
  name: string;
  params: Record<string, unknown>;
}

export interface ScheduleParams {
  startTime?: number | string;
  frequency?: "once" | "minute" | "hour" | "day" | "week";
  interval?: number | string;
  backfill?: boolean | string;
}

export interface FlowOperation {
  started: number;
  updated: number;
  percentCompleted?: number;
  status?: { value: string; errors: unknown[] };
  ops?: PatchOperation[];
  operation: string;
}

export interface Flow extends FlowServiceEntity {
  flowSpec: SpecRef;
  sourceConnectionIds: string[];
  targetConnectionIds: string[];
  transformations?: Transformation[];
  scheduleParams?: ScheduleParams;
  inheritedAttributes?: Record<string, unknown>;
  /** Webhook sources (Customer.io): where the webhook posts its events. */
  options?: { inletUrl?: string; [field: string]: unknown };
  runs?: string;
  providerRefId?: string;
  lastOperation?: FlowOperation;
  lastRunDetails?: { id?: string; state?: string; startedAtUTC?: number; completedAtUTC?: number };
}

export interface RecordSummary {
  inputRecordCount?: number;
  outputRecordCount?: number;
  createdRecordCount?: number;
  updatedRecordCount?: number;
  skippedRecordCount?: number;
  failedRecordCount?: number;
  [field: string]: unknown;
}

export interface RunMetrics {
  durationSummary?: { startedAtUTC?: number; completedAtUTC?: number };
  sizeSummary?: { inputBytes?: number; outputBytes?: number };
  recordSummary?: RecordSummary;
  fileSummary?: Record<string, unknown>;
  statusSummary?: { status?: string; errors?: { code?: string; message?: string }[]; [field: string]: unknown };
  [field: string]: unknown;
}

export interface FlowRun {
  id: string;
  flowId: string;
  createdAt: number;
  updatedAt: number;
  flowSpec?: SpecRef;
  providerRefId?: string;
  etag?: string;
  params?: Record<string, unknown>;
  metrics?: RunMetrics;
  activities?: unknown[];
  [field: string]: unknown;
}

export interface ConnectionSpec {
  id: string;
  name: string;
  providerId?: string;
  version?: string;
  attributes?: Record<string, unknown>;
  [field: string]: unknown;
}

export interface FlowSpec {
  id: string;
  name: string;
  providerId?: string;
  version?: string;
  sourceConnectionSpecIds?: string[];
  targetConnectionSpecIds?: string[];
  [field: string]: unknown;
}

export interface CreateConnectionRequest {
  name: string;
  description?: string;
  connectionSpec: SpecRef;
  auth?: { specName?: string; params?: Record<string, unknown> };
  [field: string]: unknown;
}

export interface CreateSourceConnectionRequest {
  name: string;
  description?: string;
  baseConnectionId?: string;
  providerId?: string;
  connectionSpec: SpecRef;
  data?: { format?: string; [field: string]: unknown };
  params?: Record<string, unknown>;
  [field: string]: unknown;
}

export interface CreateTargetConnectionRequest {
  name?: string;
  description?: string;
  baseConnectionId?: string;
  connectionSpec: SpecRef;
  data: { format?: string; schema?: { id: string; version?: string }; [field: string]: unknown };
  params?: { dataSetId?: string; [field: string]: unknown };
  [field: string]: unknown;
}

export interface CreateFlowRequest {
  name: string;
  description?: string;
  flowSpec: SpecRef;
  sourceConnectionIds: string[];
  targetConnectionIds: string[];
  transformations?: Transformation[];
  scheduleParams?: ScheduleParams;
  [field: string]: unknown;
}

export interface CreateRunRequest {
  flowId: string;
  params?: Record<string, unknown>;
}

/** List query of the Flow Service entity collections. */
export interface FlowListQuery {
  /** Filters such as `state==enabled`; several are ANDed, comma-separated values ORed. */
  property?: string | string[];
  /** Field to sort by, `-` prefix for descending. */
  orderby?: string;
  /** Page size (the service's default is 100, its maximum 1000). */
  limit?: number;
  /** From the previous page; set by the client when it follows pages. */
  continuationToken?: string;
}

export interface RunListQuery extends FlowListQuery {
  /** Shorthand for `property=flowId==<id>`. */
  flowId?: string;
}

export interface SpecListQuery {
  property?: string | string[];
}

export interface CreateOptions {
  /** `draft` creates an unpublished entity (publish it with `publish(id)`). */
  mode?: "draft";
}

export interface IfMatchOptions {
  /** The entity's current etag, quoted as the service gave it. */
  ifMatch?: string;
}

export interface ModifyOptions {
  /** How many read-modify-write rounds to try before a 412 is thrown (default 5). */
  attempts?: number;
}

// ---------------------------------------------------------------------------------------------
// Data Prep (mapping sets)

export interface SchemaRef {
  id: string;
  contentType: string;
}

export interface MappingRequest {
  sourceType?: "ATTRIBUTE" | "STATIC" | "EXPRESSION" | (string & {});
  source?: string;
  destination?: string;
  name?: string;
  description?: string;
  /** Legacy form, as in the Customer.io tutorial. */
  sourceAttribute?: string;
  destinationXdmPath?: string;
  identity?: boolean;
  version?: number;
  [field: string]: unknown;
}

export interface Mapping extends MappingRequest {
  id: string;
  version: number;
}

export interface MappingSetRequest {
  name?: string;
  outputSchema?: { schemaRef?: SchemaRef; [field: string]: unknown };
  inputSchema?: Record<string, unknown>;
  mappings: MappingRequest[];
  [field: string]: unknown;
}

export interface MappingSet {
  id: string;
  version: number;
  createdDate?: number;
  modifiedDate?: number;
  createdBy?: string;
  modifiedBy?: string;
  outputSchema?: { schemaRef?: SchemaRef; [field: string]: unknown };
  mappings: Mapping[];
  status?: string;
  schemaRef?: SchemaRef;
  xdmSchema?: string;
  [field: string]: unknown;
}

/** What creating a mapping set answers (200, not 201). */
export interface MappingSetCreated {
  id: string;
  version: number;
  createdDate?: number;
  modifiedDate?: number;
  createdBy?: string;
  modifiedBy?: string;
  [field: string]: unknown;
}

export interface MappingSetListQuery {
  /** Page size (Data Prep requires start and limit; the client sends 50 unless told). */
  limit?: number;
  /** Offset of the first item. */
  start?: number;
  name?: string;
  /** `+createdDate`, `-updatedDate`... */
  orderBy?: string;
  expandSchema?: boolean;
}

export interface MappingSetGetOptions {
  version?: number;
  expandSchema?: boolean;
}

export interface MappingValidation {
  validationResponse: { status: "SUCCESS" | "FAILED" | (string & {}); errors: unknown[] | null }[];
  [field: string]: unknown;
}

export interface PreviewResult {
  data: Record<string, unknown> | null;
  errors: unknown[] | null;
}

// ---------------------------------------------------------------------------------------------
// Catalog

export interface DataSetRequest {
  name: string;
  description?: string;
  schemaRef: SchemaRef;
  tags?: Record<string, string[]>;
  [field: string]: unknown;
}

export interface DataSet {
  /** The key Catalog files the dataset under; the client copies it in. */
  id: string;
  name?: string;
  description?: string;
  imsOrg?: string;
  created?: number;
  updated?: number;
  schemaRef?: SchemaRef;
  tags?: Record<string, string[]>;
  [field: string]: unknown;
}

export interface DataSetListQuery {
  /** Page size (Catalog allows at most 100; the client sends 50 unless told). */
  limit?: number;
  /** Offset of the first item. */
  start?: number;
  /** Comma-separated fields to return. */
  properties?: string;
  orderBy?: string;
  property?: string | string[];
  name?: string;
}

// ---------------------------------------------------------------------------------------------
// Schema Registry

/** Accept formats of a schema or field group read; only major version 1 exists. */
export type XedFormat = "xed" | "xed-full" | "xed-notext" | "xed-full-notext" | "xed-full-desc";

export interface XdmResource {
  $id: string;
  "meta:altId": string;
  title: string;
  description?: string;
  type?: string;
  version: string;
  allOf?: { $ref: string }[];
  "meta:resourceType"?: string;
  "meta:registryMetadata"?: { eTag?: string; [field: string]: unknown };
  [field: string]: unknown;
}

export type Schema = XdmResource;
export type FieldGroup = XdmResource;

export interface SchemaRequest {
  title: string;
  description: string;
  type: "object";
  allOf: { $ref: string }[];
  [field: string]: unknown;
}

export interface FieldGroupRequest {
  title: string;
  description: string;
  type: "object";
  "meta:intendedToExtend"?: string[];
  definitions: Record<string, unknown>;
  allOf: { $ref: string }[];
  [field: string]: unknown;
}

/** What creating a schema or field group answers, with its ids pulled out. */
export interface XdmCreated<T extends XdmResource = XdmResource> {
  id: string;
  altId: string;
  etag?: string;
  version: string;
  resource: T;
}

/** A listing entry (`Accept: application/vnd.adobe.xed-id+json`), or the whole resource with `full`. */
export interface XdmSummary {
  $id: string;
  "meta:altId": string;
  version: string;
  title: string;
  [field: string]: unknown;
}

export interface XdmListQuery {
  container?: "tenant" | "global";
  /** Whole resources instead of summaries. */
  full?: boolean;
  property?: string | string[];
  orderby?: string;
  start?: string;
  limit?: number;
}

export interface XdmGetOptions {
  container?: "tenant" | "global";
  format?: XedFormat;
}

export interface RegistryStats {
  imsOrg?: string;
  tenantId: string;
  counts?: Record<string, number>;
  [field: string]: unknown;
}

// ---------------------------------------------------------------------------------------------
// Streaming inlet (DCS)

export interface SendOptions {
  /**
   * The dataflow the event belongs to, sent as `x-adobe-flow-id`. Raw inlets (webhook sources
   * such as Customer.io, HTTP API inlets with `dataType: raw`) need it; XDM messages carry theirs
   * in `header.flowId`. An inletUrl with `?x-adobe-flow-id=` already names it.
   */
  flowId?: string;
  syncValidation?: boolean;
  /** Send the access token, for inlets created with `authenticationRequired: true`. */
  authenticated?: boolean;
}

/** sendBatch takes no syncValidation: the batch endpoint validates asynchronously. */
export type BatchOptions = Pick<SendOptions, "flowId" | "authenticated">;

export interface InletResponse {
  inletId: string;
  xactionId: string;
  receivedTimeMs: number;
  syncValidation?: { skipped?: boolean; status?: string };
  [field: string]: unknown;
}

/** An XDM message, as an HTTP API inlet with `dataType: xdm` takes it (alone or in a batch). */
export interface StreamingMessage {
  header: {
    schemaRef: SchemaRef;
    imsOrgId?: string;
    datasetId?: string;
    flowId?: string;
    createdAt?: number | string;
    source?: { name: string };
    [field: string]: unknown;
  };
  body: { xdmMeta: { schemaRef: SchemaRef }; xdmEntity: Record<string, unknown> };
}

/** One message of a batch: XDM messages for XDM inlets, raw JSON objects for raw inlets. */
export type BatchMessage = StreamingMessage | Record<string, unknown>;

/** A message the inlet took: its transaction id (the record's `xactionId`). */
export interface BatchAccepted {
  xactionId: string;
  statusCode?: never;
  message?: never;
}

/** A message the inlet refused (not stored, not counted), e.g. `{statusCode: 400, message: "... Message has unknown xdm format"}`. */
export interface BatchRefused {
  statusCode: number;
  message: string;
  xactionId?: never;
}

export type BatchMessageResponse = BatchAccepted | BatchRefused;

export interface BatchResponse {
  inletId: string;
  batchId: string;
  receivedTimeMs: number;
  /** One per message, in order: `{xactionId}` when taken, `{statusCode, message}` when refused. */
  responses: BatchMessageResponse[];
}

// ---------------------------------------------------------------------------------------------
// Emulator control plane (not part of Adobe's API)

export interface ResetOptions {
  org?: string;
  sandbox?: string;
}

export interface ResetResult {
  reset: "all" | { imsOrgId: string; sandboxName: string };
}

/** What the inlet made of a message: stored as XDM, or stored as failed with its errors. */
export type RecordStatus = "ingested" | "failed";

/** A record the emulator wrote to a dataset, as GET /_emulator/datasets/{id}/records lists it. */
export interface EmulatorRecord {
  id: string;
  datasetId: string;
  flowId: string;
  inletId: string;
  /** The xactionId the inlet answered for the message. */
  xactionId: string;
  receivedTimeMs: number;
  status: RecordStatus;
  /** The XDM record (for a failed one, what mapping produced). */
  record: unknown;
  /** The message as it arrived. */
  raw: unknown;
  /** Mapping (MAPPER-3700-400) or validation (INGEST-1212-400) errors; empty when ingested. */
  errors: RecordError[];
}

export interface RecordError {
  code?: string;
  message?: string;
  [field: string]: unknown;
}

export interface RecordQuery {
  /** Page size (the emulator's default is 100, at most 1000). */
  limit?: number;
  /** Cursor from the previous page; set by the client when it follows pages. */
  after?: string;
  flowId?: string;
  status?: RecordStatus;
}

/** A fault the emulator injects into matching platform (/data/...) and inlet (/collection/...) requests. */
export interface FaultRule {
  /** Only this method; every method when absent. */
  method?: string;
  /** The request path; `*` matches any run of characters; without `*`, any path containing it. */
  path: string;
  /** Only requests whose x-gw-ims-org-id is this. */
  org?: string;
  /** Only requests to this sandbox. */
  sandbox?: string;
  /** Answer this status (400-599) instead of the real answer. */
  status?: number;
  /** The body to answer; the Adobe error body that fits the path and status when absent. */
  body?: unknown;
  /** Headers to answer; 429 and 503 get `Retry-After: 1` unless these name it. */
  headers?: Record<string, string>;
  /** Delay before answering (the fault, or the real answer when there is no status). */
  latencyMs?: number;
  jitterMs?: number;
  /** Fire for the next N matching requests only. */
  count?: number;
  /** Fire for this share of matching requests. */
  probability?: number;
}

/** A rule the emulator holds: the rule, its id, and how often it has fired. */
export interface ActiveFault extends FaultRule {
  id: string;
  fired: number;
}
