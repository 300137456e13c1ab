import { createHash } from "node:crypto";
import type { Context } from "hono";
import { contentTypeError, FLOW, flowError, GATEWAY, gatewayError, notImplementedForPath, sandboxNotFoundForPath, serviceForPath } from "./errors.js";
import type { AppEnv, Caller, Tenant } from "./context.js";
import { customHeader } from "./headers.js";

export const DEFAULT_SANDBOX = "prod";

export interface GatewayOptions {
  apiKeys?: string[];
  orgIds?: string[];
}

/**
 * The Adobe I/O gateway in front of every platform.adobe.io path, in two steps (app.ts runs them
 * around BODY_LIMIT): credentials and the tenant, then the Content-Type of a request body. It answers
 * with the gateway's own bodies, before any service runs.
 *
 * This first step checks credentials and the tenant (throws the gateway's errors) and sets `tenant`
 * and `caller`.
 */
export function admitCaller(c: Context<AppEnv>, options: GatewayOptions): void {
  const authorization = c.req.header("authorization");
  if (authorization === undefined) throw gatewayError(GATEWAY.tokenMissing);
  if (!/^bearer\s+\S+/i.test(authorization.trim())) throw gatewayError(GATEWAY.tokenInvalid);

  const apiKey = customHeader(c, "x-api-key")?.trim();
  if (!apiKey) throw gatewayError(GATEWAY.apiKeyMissing);
  if (options.apiKeys && !options.apiKeys.includes(apiKey)) throw gatewayError(GATEWAY.apiKeyInvalid);

  const imsOrgId = customHeader(c, "x-gw-ims-org-id")?.trim();
  if (!imsOrgId) throw gatewayError(GATEWAY.orgMissing);
  if (!ORG_ID.test(imsOrgId)) throw gatewayError(GATEWAY.userRegionMissing);
  if (options.orgIds && !options.orgIds.includes(imsOrgId)) throw gatewayError(GATEWAY.profileInvalid);

  const sandboxName = customHeader(c, "x-sandbox-name")?.trim() || DEFAULT_SANDBOX;
  refuseCrossSandbox(c, sandboxName);
  if (!SANDBOX_NAME.test(sandboxName)) throw sandboxNotFoundForPath(c.req.path, sandboxName);
  c.set("tenant", { imsOrgId, sandboxName });
  c.set("caller", callerOf(authorization, apiKey));
}

/**
 * An org id as IMS writes it, `<id>@AdobeOrg`: one id, no spaces. The troubleshooting guide answers a
 * malformed x-gw-ims-org-id 403027 ("User region is missing"). The id part is not held to the 24 hex
 * digits of Adobe's examples: readable ids (Acme@AdobeOrg) keep tenants apart in tests.
 */
const ORG_ID = /^[^\s@,]+@AdobeOrg$/i;

/**
 * A name a sandbox can have: "an all-lowercase identifier" that begins with a letter, 256
 * characters at most (sandbox UI guide; create-sandbox.md: no "spaces, capital letters, or special
 * characters"). Hyphens are in Adobe's examples (dev-3); underscores are taken too, since no page
 * says whether they count as special and refusing a real sandbox would be worse than keeping one
 * that cannot exist. Any other x-sandbox-name names no sandbox.
 */
const SANDBOX_NAME = /^[a-z][a-z0-9_-]{0,255}$/;

/**
 * Flow Service reads x-sandbox-name and x-sandbox-id `*` together as a query across sandboxes, and
 * answers 2112-400 when only one of them is `*` and 2113-400 when a request that is no query (a
 * write) carries both (flow-service-errors.md). The emulator serves no such query.
 */
function refuseCrossSandbox(c: Context<AppEnv>, sandboxName: string): void {
  const sandboxId = customHeader(c, "x-sandbox-id")?.trim();
  if (sandboxName !== "*" && sandboxId !== "*") return;
  if (serviceForPath(c.req.path) !== "flow") return;
  if (sandboxName === "*" && sandboxId === "*") {
    if (c.req.method === "GET" || c.req.method === "HEAD") {
      throw notImplementedForPath(c.req.path, "Queries across sandboxes (x-sandbox-name and x-sandbox-id *) are not emulated.");
    }
    throw flowError(
      FLOW.crossSandboxNotAllowed,
      "The headers x-sandbox-id and x-sandbox-name with value * are not allowed for the request. Please update the headers and try again.",
    );
  }
  throw flowError(
    FLOW.crossSandboxHeaders,
    "The headers x-sandbox-name and x-sandbox-id both must have the value * for cross sandbox query. Please update the headers and try again.",
  );
}

/**
 * The streaming inlet also answers under platform.adobe.io/data/foundation/import/collection, where
 * Adobe's Postman collection sends only Authorization and x-sandbox-name (no api key, no org): as
 * on dcs.adobedc.net, the inlet id names the tenant. A request that carries an api key or an org
 * still passes the gateway, and then reaches only its own tenant's inlets.
 */
export function isInletWithoutCredentials(c: Context<AppEnv>): boolean {
  if (!c.req.path.startsWith("/data/foundation/import/collection/")) return false;
  return customHeader(c, "x-api-key") === undefined && customHeader(c, "x-gw-ims-org-id") === undefined;
}

/** A POST, PUT or PATCH that carries a body must say it is JSON (or, to the inlet, Smile). */
export async function requireJsonBody(c: Context<AppEnv>): Promise<void> {
  const method = c.req.method;
  if (method !== "POST" && method !== "PUT" && method !== "PATCH") return;
  const contentType = c.req.header("content-type");
  if (isJsonContentType(contentType)) return;
  // The inlet reads a Smile body itself; read as text here, its bytes would be lost.
  if (isSmileContentType(contentType) && serviceForPath(c.req.path) === "inlet") return;
  const body = await c.req.text();
  if (body.trim() !== "") throw contentTypeError();
}

const JSON_MEDIA_TYPE = /^application\/([a-z0-9.+-]+\+)?json\s*(;.*)?$/i;
const SMILE_MEDIA_TYPE = /^application\/x-jackson-smile\s*(;.*)?$/i;

export function isJsonContentType(contentType: string | undefined): boolean {
  return contentType !== undefined && JSON_MEDIA_TYPE.test(contentType.trim());
}

/** Jackson's binary JSON, which the streaming inlet also takes (streaming-ingestion.yaml). */
export function isSmileContentType(contentType: string | undefined): boolean {
  return contentType !== undefined && SMILE_MEDIA_TYPE.test(contentType.trim());
}

/** A stable, sandbox-shaped id for a tenant; real sandboxes have a uuid the emulator cannot know. */
export function sandboxIdOf(tenant: Tenant): string {
  const key = `${tenant.imsOrgId}/${tenant.sandboxName}`;
  let sandboxId = sandboxIds.get(key);
  if (sandboxId === undefined) {
    const hex = createHash("sha256").update(key).digest("hex");
    sandboxId = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
    if (sandboxIds.size >= 1000) sandboxIds.clear();
    sandboxIds.set(key, sandboxId);
  }
  return sandboxId;
}

/** Every write stamps the sandbox id, for the same few tenants again and again (a bounded cache). */
const sandboxIds = new Map<string, string>();

/**
 * createdBy / createdClient: an IMS access token is a JWT carrying user_id and client_id; any other
 * token gets a stable id shaped like Adobe's (28AF22BA5DE6B0B40A494036@AdobeID), and the api key is
 * the client id, as it is at Adobe.
 */
function callerOf(authorization: string, apiKey: string): Caller {
  const key = `${apiKey}\n${authorization}`;
  let caller = callers.get(key);
  if (caller === undefined) {
    caller = Object.freeze(callerFrom(authorization, apiKey));
    if (callers.size >= 1000) callers.clear();
    callers.set(key, caller);
  }
  return caller;
}

/** Clients send the same credentials request after request: the caller is worked out once (a bounded cache). */
const callers = new Map<string, Caller>();

function callerFrom(authorization: string, apiKey: string): Caller {
  const token = authorization.trim().replace(/^bearer\s+/i, "");
  const claims = jwtClaims(token);
  const userId = typeof claims?.user_id === "string" ? claims.user_id : undefined;
  const clientId = typeof claims?.client_id === "string" ? claims.client_id : apiKey;
  return { userId: userId ?? tokenUserId(token), clientId };
}

/** Clients send the same token request after request: its hash is computed once (a bounded cache). */
const tokenUserIds = new Map<string, string>();

function tokenUserId(token: string): string {
  let userId = tokenUserIds.get(token);
  if (userId === undefined) {
    userId = `${createHash("sha256").update(token).digest("hex").slice(0, 24).toUpperCase()}@AdobeID`;
    if (tokenUserIds.size >= 1000) tokenUserIds.clear();
    tokenUserIds.set(token, userId);
  }
  return userId;
}

function jwtClaims(token: string): Record<string, unknown> | undefined {
  const parts = token.split(".");
  if (parts.length !== 3) return undefined;
  try {
    const claims: unknown = JSON.parse(Buffer.from(parts[1], "base64url").toString("utf8"));
    return claims !== null && typeof claims === "object" ? (claims as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
