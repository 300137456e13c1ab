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
  resourceNotFound: { code: 1439, status: 404, title: "Resource not found" },
  limitWithCount: { code: 1401, status: 400, title: "Invalid request" },
  ifMatchMissing: { code: 1403, status: 400, title: "Header is missing" },
  versionMismatch: { code: 1404, status: 412, title: "Version not matching" },
  emptyBody: { code: 1405, status: 400, title: "Invalid request" },
  stateInCreate: { code: 1410, status: 400, title: "Invalid request" },
  invalidMappingVersion: { code: 1412, status: 400, title: "Invalid request" },
  invalidSpec: { code: 1413, status: 400, title: "Invalid request" },
  connectionSpecImmutable: { code: 1414, status: 400, title: "Invalid request" },
  baseConnectionInUse: { code: 1418, status: 400, title: "Invalid request" },
  mappingInvalid: { code: 1419, status: 400, title: "Invalid request" },
  actionNotAllowed: { code: 1422, status: 400, title: "Invalid request" },
  schemaMismatch: { code: 1425, status: 400, title: "Invalid request" },
  flowNotFoundForRun: { code: 1430, status: 400, title: "Invalid request" },
  sortOrder: { code: 1432, status: 400, title: "Invalid request" },
  sortField: { code: 1433, status: 400, title: "Invalid request" },
  unsupportedPatchOp: { code: 1434, status: 400, title: "Invalid request" },
  unsupportedSubAction: { code: 1435, status: 400, title: "Invalid request" },
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
      { code: 1101, status: 404, title: "Resource not found" },
      "The requested resource is not found. Error from flow provider: Resource with given id does not exist.",
    );
  }
  return placeholderError(404, "NotFoundError", `No resource is served at ${path}.`);
}

export function badRequestForPath(path: string, detail: string): ApiError {
  const service = serviceForPath(path);
  if (service === "flow") {
    return flowError(FLOW.invalidRequest, `The request could not be processed. ${detail}`);
  }
  return placeholderError(400, "BadRequestError", detail);
}

export function methodNotAllowedForPath(path: string, method: string): ApiError {
  return placeholderError(405, "MethodNotAllowedError", `${method} is not supported on ${path}.`);
}
