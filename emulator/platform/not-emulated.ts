import { type ApiError, notImplementedForPath } from "./errors.js";

/**
 * The operations Adobe's APIs serve that the emulator does not emulate (README, "What is emulated",
 * column "Not emulated"). They answer 501 in the service's envelope instead of the unknown-path 404,
 * which a client would read as "this resource does not exist" (and, say, create the schema it failed
 * to patch). Consulted only once no route matched, so served routes never pay for it.
 *
 * Copied from Adobe's OpenAPI files (flow-service.yaml, destinations.yaml, catalog.yaml,
 * schema-registry.yaml; every operation of data-prep.yaml and streaming-ingestion.yaml is served),
 * and for the batch ingestion API, which has no OpenAPI file, from Adobe's Postman collection
 * "Data Ingestion API". Templates and summaries are Adobe's.
 */

type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE" | "HEAD";
type Operation = readonly [method: Method, template: string, summary: string];

interface AdobeApi {
  name: string;
  basePath: string;
  operations: readonly Operation[];
}

export const NOT_EMULATED: readonly AdobeApi[] = [
  {
    name: "Flow Service API",
    basePath: "/data/foundation/flowservice",
    operations: [
      ["GET", "/connections/{BASE_CONNECTION_ID}/explore", "Explore a connection's contents"],
      ["GET", "/connections/{BASE_CONNECTION_ID}/configs", "Retrieve configs for the properties of a given connection."],
      ["POST", "/connections/search", "Retrieve a list of connections based on a given filtering criteria."],
      ["POST", "/connectionSpecs", "Creates a new connection spec."],
      ["PUT", "/connectionSpecs/{CONNECTION_SPEC_ID}", "Updates an existing connection spec."],
      ["GET", "/connectionSpecs/{CONNECTION_SPEC_ID}/explore", "Explore objects of a connection spec."],
      // Also destinations.yaml's "Retrieve a list of datasets for activation"; its other operations are served.
      ["GET", "/connectionSpecs/{CONNECTION_SPEC_ID}/configs", "Retrieve config options for a connection spec."],
      ["POST", "/flows/search", "Retrieves list of flows based on a given filtering criteria."],
      ["POST", "/flowSpecs", "Create a new flow spec."],
      ["PUT", "/flowSpecs/{FLOW_SPEC_ID}", "Updates an existing flow spec"],
      ["POST", "/flowSpecs/search", "Retrieve a list of flow specs based on a given filtering criteria."],
      ["PUT", "/runs/{RUN_ID}", "Update a new flow run"],
      ["POST", "/runs/{RUN_ID}/action", "Perform an action on a given flowRun object."],
    ],
  },
  {
    name: "Schema Registry API",
    basePath: "/data/foundation/schemaregistry",
    operations: [
      ["PUT", "/tenant/fieldgroups/{FIELD_GROUP_ID}", "Update a custom field group"],
      ["PATCH", "/tenant/fieldgroups/{FIELD_GROUP_ID}", "Update a custom field group"],
      ["PUT", "/tenant/schemas/{SCHEMA_ID}", "Update a custom schema"],
      ["PATCH", "/tenant/schemas/{SCHEMA_ID}", "Update one or more attributes of a custom schema"],
      ["PUT", "/tenant/mixins/{MIXIN_ID}", "Update a custom mixin"],
      ["PATCH", "/tenant/mixins/{MIXIN_ID}", "Update custom mixin"],
      ["POST", "/tenant/classes", "Create a custom class"],
      ["PUT", "/tenant/classes/{CLASS_ID}", "Update a custom class"],
      ["PATCH", "/tenant/classes/{CLASS_ID}", "Update one or more attributes of a custom class"],
      ["DELETE", "/tenant/classes/{CLASS_ID}", "Delete a custom class"],
      ["GET", "/{CONTAINER_ID}/datatypes", "List data types"],
      ["GET", "/{CONTAINER_ID}/datatypes/{DATA_TYPE_ID}", "Retrieve a data type"],
      ["POST", "/tenant/datatypes", "Create a custom data type"],
      ["PUT", "/tenant/datatypes/{DATA_TYPE_ID}", "Update a custom data type"],
      ["PATCH", "/tenant/datatypes/{DATA_TYPE_ID}", "Update a custom data type's attributes"],
      ["DELETE", "/tenant/datatypes/{DATA_TYPE_ID}", "Delete a custom data type"],
      ["GET", "/{CONTAINER_ID}/descriptors", "List descriptors"],
      ["GET", "/{CONTAINER_ID}/descriptors/{DESCRIPTOR_ID}", "Retrieve a descriptor"],
      ["POST", "/tenant/descriptors", "Create a descriptor"],
      ["PUT", "/tenant/descriptors/{DESCRIPTOR_ID}", "Update a descriptor"],
      ["DELETE", "/tenant/descriptors/{DESCRIPTOR_ID}", "Delete a descriptor"],
      ["GET", "/tenant/unions", "List union schemas"],
      ["GET", "/tenant/unions/{UNION_ID}", "Retrieve a union schema"],
      ["GET", "/rpc/export/{RESOURCE_ID}", "Retrieve an export payload"],
      ["POST", "/rpc/import", "Import a resource"],
      ["GET", "/rpc/sampledata/{SCHEMA_ID}", "Retrieve sample data"],
      ["GET", "/rpc/auditlog/{RESOURCE_ID}", "Retrieve a resource's audit log"],
    ],
  },
  {
    name: "Catalog Service API",
    basePath: "/data/foundation/catalog",
    operations: [
      ["GET", "/", "Retrieve a list of batched requests"],
      ["POST", "/", "Create a new batched request"],
      ["GET", "/batches", "Retrieve a list of batches"],
      ["POST", "/batches", "Create a new batch"],
      ["GET", "/batches/uniques/{FIELD}", "Look up the unique values stored in a field"],
      ["GET", "/batches/{BATCH_ID}", "Look up a batch"],
      ["PUT", "/batches/{BATCH_ID}", "Update a batch"],
      ["POST", "/batches/{BATCH_ID}", "Create a new batch"],
      ["DELETE", "/batches/{BATCH_ID}", "Delete a batch"],
      ["PATCH", "/batches/{BATCH_ID}", "Update one or more batch attributes"],
      ["GET", "/lastBatches", "List last batches"],
      ["PUT", "/dataSets/{DATASET_ID}", "Update a dataset"],
      ["PATCH", "/dataSets/{DATASET_ID}", "Update a dataset's attributes"],
      ["GET", "/dataSets/{id}/credentials", "Retrieve a dataset's credentials"],
      ["PATCH", "/v2/dataSets/{DATASET_ID}", "Update dataset attributes using PATCH v2"],
      ["GET", "/tags/{tagNamespace}", "Retrieve a list of aggregated values"],
    ],
  },
  {
    name: "Batch Ingestion API",
    basePath: "/data/foundation/import",
    operations: [
      ["POST", "/batches", "Create a new batch"],
      ["POST", "/batches/{batchId}", "Finish uploading a file"],
      ["PUT", "/batches/{batchId}/datasets/{datasetId}/files/{filePath}", "Upload a small file to a dataset"],
      ["POST", "/batches/{batchId}/datasets/{datasetId}/files/{filePath}", "Either initialize or finish uploading a large file"],
      ["PATCH", "/batches/{batchId}/datasets/{datasetId}/files/{filePath}", "Upload part of a large file to a batch"],
      ["HEAD", "/batches/{batchId}/datasets/{datasetId}/files/{filePath}", "Get the current status of the large file"],
      ["GET", "/batches/{batchId}/datasets/{datasetId}/preview", "Retrieve a preview for a batch"],
    ],
  },
];

/** Path parameters whose values Adobe names: any other value is a path Adobe does not serve. */
const NAMED_VALUES: Record<string, readonly string[]> = { CONTAINER_ID: ["global", "tenant"] };

interface Match {
  api: AdobeApi;
  operation: Operation;
}

interface Node {
  literals: Map<string, Node>;
  parameter?: Node;
  match?: Match;
}

const newNode = (): Node => ({ literals: new Map() });

/** One tree of path segments per method. */
const trees = buildTrees();

function buildTrees(): Map<string, Node> {
  const byMethod = new Map<string, Node>();
  for (const api of NOT_EMULATED) {
    for (const operation of api.operations) {
      const [method, template] = operation;
      if (!byMethod.has(method)) byMethod.set(method, newNode());
      insert(byMethod.get(method)!, segmentsOf(api.basePath + template), { api, operation });
    }
  }
  return byMethod;
}

function insert(node: Node, segments: string[], match: Match): void {
  if (segments.length === 0) {
    node.match = match;
    return;
  }
  const [segment, ...rest] = segments;
  const parameter = /^\{(.+)\}$/.exec(segment)?.[1];
  if (parameter === undefined) return insert(childOf(node.literals, segment), rest, match);
  const named = NAMED_VALUES[parameter];
  if (named === undefined) {
    node.parameter ??= newNode();
    return insert(node.parameter, rest, match);
  }
  for (const value of named) insert(childOf(node.literals, value), rest, match);
}

function childOf(literals: Map<string, Node>, segment: string): Node {
  let child = literals.get(segment);
  if (child === undefined) literals.set(segment, (child = newNode()));
  return child;
}

/** Segments of a path, without the empty ones a leading or trailing slash makes. */
function segmentsOf(path: string): string[] {
  const segments = path.split("/");
  if (segments[0] === "") segments.shift();
  if (segments.at(-1) === "") segments.pop();
  return segments;
}

/** A literal segment wins over a parameter, as in the routers; a parameter is never empty. */
function find(node: Node, segments: string[], index: number): Match | undefined {
  if (index === segments.length) return node.match;
  const segment = segments[index];
  const literal = node.literals.get(segment);
  const viaLiteral = literal === undefined ? undefined : find(literal, segments, index + 1);
  if (viaLiteral !== undefined || node.parameter === undefined || segment === "") return viaLiteral;
  return find(node.parameter, segments, index + 1);
}

function matchOf(method: string, path: string): Match | undefined {
  const tree = trees.get(method);
  return tree === undefined ? undefined : find(tree, segmentsOf(path), 0);
}

/**
 * The 501 for a request no route serves, when Adobe serves its method and path; undefined for a
 * path Adobe does not serve either (the caller answers 404). A HEAD is also a GET, as for routes.
 */
export function notEmulatedError(method: string, path: string): ApiError | undefined {
  const match = matchOf(method, path) ?? (method === "HEAD" ? matchOf("GET", path) : undefined);
  if (match === undefined) return undefined;
  const [operationMethod, template, summary] = match.operation;
  return notImplementedForPath(
    path,
    `Adobe's ${match.api.name} serves ${operationMethod} ${template} ("${summary}"); the emulator does not emulate it. ` +
      `See "What is emulated" in the aep-flow-emulator README.`,
  );
}
