/**
 * The one place that builds error bodies. Each Adobe service has its own envelope; handlers throw
 * an ApiError and the app's error handler renders it with the request id.
 */

export type ErrorBody = (requestId: string) => unknown;

export class ApiError extends Error {
  constructor(
    readonly status: number,
    private readonly renderBody: ErrorBody,
    readonly headers: Record<string, string> = {},
  ) {
    super(`HTTP ${status}`);
  }

  body(requestId: string): unknown {
    return this.renderBody(requestId);
  }
}

/** Which envelope a path answers errors in. */
export type Service = "flow" | "dataprep" | "catalog" | "xdm" | "inlet" | "control" | "other";

export function serviceForPath(path: string): Service {
  if (path.startsWith("/data/foundation/flowservice")) return "flow";
  if (path.startsWith("/data/foundation/conversion")) return "dataprep";
  if (path.startsWith("/data/foundation/catalog")) return "catalog";
  if (path.startsWith("/data/foundation/schemaregistry")) return "xdm";
  if (path.startsWith("/collection") || path.startsWith("/data/foundation/import/collection")) return "inlet";
  if (path.startsWith("/_emulator")) return "control";
  return "other";
}

// ---------------------------------------------------------------------------------------------
// Adobe I/O gateway: {error_code, message}, answered before any service sees the request.

export const GATEWAY = {
  tokenMissing: { status: 403, code: "403010", message: "Oauth token is missing." },
  tokenInvalid: { status: 401, code: "401013", message: "Oauth token is not valid" },
  apiKeyMissing: { status: 403, code: "403000", message: "Api Key is required" },
  apiKeyInvalid: { status: 403, code: "403003", message: "Api Key is invalid" },
  orgMissing: { status: 400, code: "400003", message: "Missing header" },
  profileInvalid: { status: 403, code: "403025", message: "Profile is not valid" },
  userRegionMissing: { status: 403, code: "403027", message: "User region is missing" },
  // Not in Adobe's troubleshooting guide: the Adobe I/O gateway's throttling answer, for faults.
  throttled: { status: 429, code: "429050", message: "Too many requests" },
} as const;

export function gatewayError(kind: (typeof GATEWAY)[keyof typeof GATEWAY]): ApiError {
  return new ApiError(kind.status, () => ({ error_code: kind.code, message: kind.message }));
}

// ---------------------------------------------------------------------------------------------
// The platform's generic problem body (troubleshooting guide), used for Content-Type errors and
// wherever a service documents no envelope of its own.

export function placeholderError(status: number, title: string, detail: string): ApiError {
  return new ApiError(status, () => ({ type: "/placeholder/type/uri", status, title, detail }));
}

export function contentTypeError(): ApiError {
  return placeholderError(400, "BadRequestError", "A valid content-type must be specified");
}

// ---------------------------------------------------------------------------------------------
// Flow Service: RFC 7807 style plus the legacy errorMessage / errorDetails fields.

export interface FlowCode {
  code: number;
  status: number;
  title: string;
}

/** Codes from Adobe's Flow Service error catalogue (sources/errors/flow-service-errors). */
export const FLOW = {
  invalidRequest: { code: 1100, status: 400, title: "Invalid request" },
  internalError: { code: 1102, status: 500, title: "Internal Error" },
  serviceUnavailable: { code: 1103, status: 503, title: "Service Unavailable" },
  gatewayTimeout: { code: 1104, status: 504, title: "Gateway Timeout" },
  providerResourceNotFound: { code: 1101, status: 404, title: "Resource not found" },
  resourceNotFound: { code: 1439, status: 404, title: "Resource not found" },
  limitWithCount: { code: 1401, status: 400, title: "Invalid request" },
  providerOnlyAction: { code: 1402, status: 400, title: "Invalid request" },
  ifMatchMissing: { code: 1403, status: 400, title: "Header is missing" },
  versionMismatch: { code: 1404, status: 412, title: "Version not matching" },
  emptyBody: { code: 1405, status: 400, title: "Invalid request" },
  progressWithOthers: { code: 1406, status: 400, title: "Invalid request" },
  stateInCreate: { code: 1410, status: 400, title: "Invalid request" },
  invalidMappingVersion: { code: 1412, status: 400, title: "Invalid request" },
  invalidSpec: { code: 1413, status: 400, title: "Invalid request" },
  connectionSpecImmutable: { code: 1414, status: 400, title: "Invalid request" },
  authSpecNotFound: { code: 1415, status: 400, title: "Invalid request" },
  baseConnectionInUse: { code: 1418, status: 400, title: "Invalid request" },
  mappingInvalid: { code: 1419, status: 400, title: "Invalid request" },
  actionNotAllowed: { code: 1422, status: 400, title: "Invalid request" },
  schemaMismatch: { code: 1425, status: 400, title: "Invalid request" },
  flowNotFoundForRun: { code: 1430, status: 400, title: "Invalid request" },
  sortOrder: { code: 1432, status: 400, title: "Invalid request" },
  sortField: { code: 1433, status: 400, title: "Invalid request" },
  unsupportedPatchOp: { code: 1434, status: 400, title: "Invalid request" },
  unsupportedSubAction: { code: 1435, status: 400, title: "Invalid request" },
  unsupportedSubOperation: { code: 1436, status: 400, title: "Invalid request" },
  operatorNotImplemented: { code: 1440, status: 400, title: "Invalid request" },
  operatorMultipleValues: { code: 1443, status: 400, title: "Invalid request" },
  flowIdMissing: { code: 1446, status: 400, title: "Invalid request" },
  activeFlows: { code: 1447, status: 400, title: "Invalid request" },
  operatorNotSupported: { code: 1448, status: 400, title: "Invalid request" },
  filterField: { code: 1449, status: 400, title: "Invalid request" },
  filterOperator: { code: 1450, status: 400, title: "Invalid request" },
  queryParam: { code: 1451, status: 400, title: "Invalid request" },
  filterValue: { code: 1452, status: 400, title: "Invalid request" },
  queryValue: { code: 1453, status: 400, title: "Invalid request" },
  filterValueType: { code: 1454, status: 400, title: "Invalid request" },
  patchInvalid: { code: 1455, status: 400, title: "Invalid request" },
  sandboxNotFound: { code: 2100, status: 404, title: "Sandbox not found" },
  crossSandboxHeaders: { code: 2112, status: 400, title: "Headers with different value not allowed" },
  crossSandboxNotAllowed: { code: 2113, status: 400, title: "Headers with value not allowed" },
} as const satisfies Record<string, FlowCode>;

export function flowError(code: FlowCode, message: string, report: Record<string, unknown> = {}): ApiError {
  return new ApiError(code.status, (requestId) => ({
    type: `https://ns.adobe.com/aep/errors/FLOW-${code.code}-${code.status}`,
    title: code.title,
    status: code.status,
    report: { "detailed-message": message, ...report, "request-id": requestId },
    errorMessage: message,
    errorDetails: message,
  }));
}

export function flowNotFound(collection: string, id: string): ApiError {
  return flowError(
    FLOW.resourceNotFound,
    `The requested ${collection} resource ${id} is not found. Verify the resource ID before trying again.`,
    { id, type: collection },
  );
}

/** 1405: a request body that is absent, empty or the JSON `null`. */
export function flowEmptyBody(): ApiError {
  return flowError(FLOW.emptyBody, "The request body cannot be null or empty. Please provide a request body and try again.");
}

/** Whether a request body's text is what 1405 calls null or empty: nothing, blanks, or the JSON `null`. */
export function isNullOrEmptyBody(text: string): boolean {
  const trimmed = text.trim();
  return trimmed === "" || trimmed === "null";
}

export function flowVersionMismatch(supplied: string, current: string): ApiError {
  return flowError(
    FLOW.versionMismatch,
    `Supplied version=[${supplied}] does not match the current version on entity=[${current}]`,
  );
}

// ---------------------------------------------------------------------------------------------
// Errors that are not tied to one route: unknown paths and malformed requests, in the envelope
// of the service the path belongs to.

export function notFoundForPath(path: string): ApiError {
  const service = serviceForPath(path);
  if (service === "flow") {
    return flowError(
      FLOW.providerResourceNotFound,
      "The requested resource is not found. Error from flow provider: Resource with given id does not exist.",
    );
  }
  if (service === "xdm") return xdmError(XDM.pathNotFound, `No resource is served at ${path}.`);
  if (service === "catalog") return catalogError(CATALOG.notFound, `No resource is served at ${path}.`);
  if (service === "dataprep") return dataprepError(DATAPREP.pathNotFound, `No resource is served at ${path}.`);
  if (service === "inlet") return inletError(404, "Not Found", `No inlet is served at ${path}.`);
  return placeholderError(404, "NotFoundError", `No resource is served at ${path}.`);
}

/**
 * An x-sandbox-name no sandbox can have. Flow Service's catalogue answers 2100-404 with this message;
 * the other services document no answer, and say it in their not-found envelope.
 */
export function sandboxNotFoundForPath(path: string, sandboxName: string): ApiError {
  const detail = `The sandbox with the name '${sandboxName}' could not be found. Please ensure that the sandbox name is correct and try again.`;
  const title = "Sandbox not found";
  const service = serviceForPath(path);
  if (service === "flow") return flowError(FLOW.sandboxNotFound, detail);
  if (service === "xdm") return xdmError({ ...XDM.pathNotFound, title }, detail);
  if (service === "catalog") return catalogError(CATALOG.notFound, detail);
  if (service === "dataprep") return dataprepError({ ...DATAPREP.pathNotFound, title }, detail);
  if (service === "inlet") return inletError(404, "Not Found", detail);
  return placeholderError(404, "NotFoundError", detail);
}

/**
 * A body over BODY_LIMIT, in the envelope of the service the path belongs to. Adobe documents no
 * body limit and no 413 code for these services; the codes are their generic invalid-request ones.
 */
export function payloadTooLargeForPath(path: string, limitBytes: number): ApiError {
  const detail = `The request body is larger than the limit of ${limitBytes} bytes.`;
  const service = serviceForPath(path);
  if (service === "flow") return flowError({ code: 1100, status: 413, title: "Payload Too Large" }, detail);
  if (service === "xdm") return xdmError({ code: 1000, status: 413, title: "Payload Too Large" }, detail);
  if (service === "catalog") return catalogError({ status: 413, title: "PayloadTooLargeError" }, detail);
  if (service === "dataprep") return dataprepError({ code: 1000, status: 413, title: "Payload Too Large" }, detail);
  if (service === "inlet") return inletError(413, "Payload Too Large", detail);
  return placeholderError(413, "PayloadTooLargeError", detail);
}

/**
 * An operation Adobe serves that the emulator does not emulate (platform/not-emulated.ts), in the
 * envelope of the service the path belongs to. Adobe documents no 501 for these services: the codes
 * are those of the service's unknown-path 404, with status 501.
 */
export function notImplementedForPath(path: string, detail: string): ApiError {
  const service = serviceForPath(path);
  if (service === "flow") return flowError({ code: FLOW.providerResourceNotFound.code, status: 501, title: "Not Implemented" }, detail);
  if (service === "xdm") return xdmError(XDM.notEmulated, detail);
  if (service === "catalog") return catalogError({ status: 501, title: "NotImplementedError" }, detail);
  if (service === "dataprep") return dataprepError({ code: DATAPREP.pathNotFound.code, status: 501, title: "Not Implemented" }, detail);
  if (service === "inlet") return inletError(501, "Not Implemented", detail);
  return placeholderError(501, "NotImplementedError", detail);
}

export function badRequestForPath(path: string, detail: string): ApiError {
  const service = serviceForPath(path);
  if (service === "flow") {
    return flowError(FLOW.invalidRequest, `The request could not be processed. ${detail}`);
  }
  if (service === "xdm") return xdmError(XDM.invalidRequest, detail);
  if (service === "catalog") return catalogError(CATALOG.badRequest, detail);
  if (service === "dataprep") return dataprepError(DATAPREP.invalidRequest, detail);
  if (service === "inlet") return inletError(400, "Bad Request", detail);
  return placeholderError(400, "BadRequestError", detail);
}

// ---------------------------------------------------------------------------------------------
// Schema Registry: RFC 7807 plus a `report` (schema-registry.yaml errorBasic, XDM troubleshooting
// guide). Codes 1006, 1007, 1010-1017, 1021 and 1521 are Adobe's; 1000 (a malformed or
// inconsistent payload) and 1001 (no such path) are the emulator's, as Adobe documents none.

export interface XdmCode {
  code: number;
  status: number;
  title: string;
}

export const XDM = {
  invalidRequest: { code: 1000, status: 400, title: "Invalid request" },
  pathNotFound: { code: 1001, status: 404, title: "Resource not found" },
  // What Adobe serves and the emulator does not: the unknown-path code, as Adobe documents no 501.
  notEmulated: { code: 1001, status: 501, title: "Not Implemented" },
  acceptListing: { code: 1006, status: 400, title: "Accept header invalid" },
  acceptLookup: { code: 1007, status: 400, title: "Accept header invalid" },
  // schema-registry.yaml retrieveSchema: 406, "The specified Accept format/version is not available for this resource".
  acceptVersionUnavailable: { code: 1007, status: 406, title: "Accept header invalid" },
  classNotFound: { code: 1010, status: 404, title: "Resource not found" },
  fieldGroupNotFound: { code: 1011, status: 404, title: "Resource not found" },
  schemaNotFound: { code: 1012, status: 404, title: "Resource not found" },
  behaviorNotFound: { code: 1013, status: 404, title: "Resource not found" },
  namespaceInvalid: { code: 1021, status: 400, title: "Namespace validation error" },
  titleNotUnique: { code: 1521, status: 400, title: "Title not unique" },
} as const satisfies Record<string, XdmCode>;

export function xdmError(code: XdmCode, detail: string): ApiError {
  const timestamp = registryTimestamp(new Date());
  return new ApiError(code.status, (requestId) => ({
    type: `http://ns.adobe.com/aep/errors/XDM-${code.code}-${code.status}`,
    title: code.title,
    status: code.status,
    report: { registryRequestId: requestId, timestamp, "detailed-message": detail, "sub-errors": [] },
    detail,
  }));
}

/** The registry's report timestamp: MM-dd-yyyy HH:mm:ss, UTC. */
function registryTimestamp(date: Date): string {
  const two = (value: number) => String(value).padStart(2, "0");
  return (
    `${two(date.getUTCMonth() + 1)}-${two(date.getUTCDate())}-${date.getUTCFullYear()} ` +
    `${two(date.getUTCHours())}:${two(date.getUTCMinutes())}:${two(date.getUTCSeconds())}`
  );
}

// ---------------------------------------------------------------------------------------------
// Catalog documents no error body. The emulator answers the platform's generic problem body
// (type, status, title, detail) with a `report` carrying the message and the request id.

export interface CatalogCode {
  status: number;
  title: string;
}

export const CATALOG = {
  badRequest: { status: 400, title: "BadRequestError" },
  notFound: { status: 404, title: "NotFoundError" },
} as const satisfies Record<string, CatalogCode>;

export function catalogError(code: CatalogCode, detail: string): ApiError {
  return new ApiError(code.status, (requestId) => ({
    type: "/placeholder/type/uri",
    status: code.status,
    title: code.title,
    detail,
    report: { "detailed-message": detail, "request-id": requestId },
  }));
}

// ---------------------------------------------------------------------------------------------
// Streaming inlet (Data Collection Core Service): {type, status, title, report: {message}}, the
// message prefixed with the inlet and org as DCS writes it.

const DCS_PROBLEM = "http://ns.adobe.com/adobecloud/problem/data-collection-service/inlet";

export function inletMessage(inletId: string, imsOrgId: string | undefined, text: string): string {
  return `inletId: [${inletId}] imsOrgId: [${imsOrgId ?? ""}] ${text}`;
}

export function inletError(status: number, title: string, message: string, headers: Record<string, string> = {}): ApiError {
  return new ApiError(status, (requestId) => ({ type: DCS_PROBLEM, status, title, report: { message, "request-id": requestId } }), headers);
}

/** DCS's title for a message it does not take, refused or failing sync validation. */
const INVALID_XDM_MESSAGE = "Invalid XDM Message Format";

/**
 * A message DCS refuses (an unknown xdm format, a wrong ims org, no flow…), with the title
 * Adobe's failed-batches guide shows for them.
 */
export function inletMessageRefused(status: number, message: string): ApiError {
  return inletError(status, INVALID_XDM_MESSAGE, message);
}

/** The sync-validation failure body of Adobe's streaming validation guide. */
export function inletValidationError(message: string, violations: unknown[]): ApiError {
  return new ApiError(400, () => ({
    type: DCS_PROBLEM,
    status: 400,
    title: INVALID_XDM_MESSAGE,
    report: {
      message,
      cause: {
        _streamingValidation: [
          {
            schemaLocation: "#",
            pointerToViolation: "#",
            causingExceptions: violations,
            message: `${violations.length} schema violations found`,
          },
        ],
      },
    },
  }));
}

/** An inlet created with authenticationRequired: its 401 writes status as a string, as documented. */
export function inletAuthError(inletId: string, status: 401 | 403): ApiError {
  const message =
    status === 401 ? `[${inletId}] Ims service token is empty` : `[${inletId}] Provided authorization token is invalid or expired`;
  return new ApiError(status, () => ({
    type: "https://ns.adobe.com/adobecloud/problem/data-collection-service-authorization",
    status: String(status),
    title: "Authorization",
    report: { message },
  }));
}

// ---------------------------------------------------------------------------------------------
// Data Prep documents no error body (data-prep.yaml declares 400, 401, 500 and 503 without one).
// The emulator answers the problem body of the platform's other services, typed with the MAPPER
// prefix that Adobe's run metrics use ("MAPPER-3700-400 Mapper Transform Error"). The codes below
// are the emulator's own.

export interface DataPrepCode {
  code: number;
  status: number;
  title: string;
}

export const DATAPREP = {
  invalidRequest: { code: 1000, status: 400, title: "Invalid request" },
  pathNotFound: { code: 1001, status: 404, title: "Resource not found" },
  invalidMappingSet: { code: 1100, status: 400, title: "Invalid mapping set" },
  outputSchemaNotFound: { code: 1101, status: 400, title: "Invalid output schema" },
  mappingSetNotFound: { code: 1200, status: 404, title: "Mapping set not found" },
  versionNotFound: { code: 1201, status: 404, title: "Mapping set version not found" },
  mappingNotFound: { code: 1202, status: 404, title: "Mapping not found" },
} as const satisfies Record<string, DataPrepCode>;

export function dataprepError(code: DataPrepCode, detail: string, report: Record<string, unknown> = {}): ApiError {
  return new ApiError(code.status, (requestId) => ({
    type: `http://ns.adobe.com/aep/errors/MAPPER-${code.code}-${code.status}`,
    title: code.title,
    status: code.status,
    detail,
    report: { "detailed-message": detail, ...report, "request-id": requestId },
  }));
}

// ---------------------------------------------------------------------------------------------
// Faults (POST /_emulator/faults, x-emulator-fault): the body a service answers for a status when
// the rule names only the status. Adobe's own code where its catalogues have one, else the
// envelope of the service the path belongs to.

const REASONS: Record<number, string> = {
  400: "Bad Request", 401: "Unauthorized", 402: "Payment Required", 403: "Forbidden", 404: "Not Found",
  405: "Method Not Allowed", 406: "Not Acceptable", 408: "Request Timeout", 409: "Conflict", 410: "Gone",
  412: "Precondition Failed", 413: "Payload Too Large", 415: "Unsupported Media Type", 422: "Unprocessable Entity",
  429: "Too Many Requests", 500: "Internal Server Error", 501: "Not Implemented", 502: "Bad Gateway",
  503: "Service Unavailable", 504: "Gateway Timeout",
};

const FAULT_MESSAGES: Record<number, string> = {
  413: "The payload is larger than 1 MB.",
  429: "Too many requests.",
  500: "An internal error has occurred. Please try again.",
  502: "Bad gateway.",
  503: "The service is unavailable.",
  504: "The gateway timed out.",
};

function reasonOf(status: number): string {
  return REASONS[status] ?? (status >= 500 ? "Server Error" : "Client Error");
}

/** "Service Unavailable" -> "ServiceUnavailableError", as the platform's placeholder bodies name errors. */
function placeholderTitle(status: number): string {
  const words = reasonOf(status).replace(/[^A-Za-z ]/g, "").split(" ").join("");
  return words.endsWith("Error") ? words : `${words}Error`;
}

export function errorForStatus(path: string, status: number): ApiError {
  const service = serviceForPath(path);
  const message = FAULT_MESSAGES[status] ?? `${reasonOf(status)}.`;
  if (service === "inlet") {
    if (status === 401 || status === 403) return inletAuthError(path.split("/").filter(Boolean).at(-1) ?? "", status);
    return inletError(status, reasonOf(status), message);
  }
  if (status === 401) return gatewayError(GATEWAY.tokenInvalid);
  if (status === 403) return gatewayError(GATEWAY.profileInvalid);
  if (status === 429) return gatewayError(GATEWAY.throttled);
  if (status === 404) return notFoundForPath(path);
  if (service === "flow") {
    const code = [FLOW.invalidRequest, FLOW.versionMismatch, FLOW.internalError, FLOW.serviceUnavailable, FLOW.gatewayTimeout].find(
      (each) => each.status === status,
    );
    if (code === FLOW.invalidRequest) return flowError(code, "The request could not be processed.");
    if (code === FLOW.versionMismatch) return flowError(code, "Supplied version does not match the current version on entity.");
    if (code !== undefined) return flowError(code, message);
  }
  if (status === 400) return badRequestForPath(path, "The request is invalid.");
  if (service === "catalog") return catalogError({ status, title: placeholderTitle(status) }, message);
  if (service === "dataprep") return dataprepError({ code: 1000 + (status >= 500 ? 900 : 0), status, title: reasonOf(status) }, message);
  return placeholderError(status, placeholderTitle(status), message);
}
