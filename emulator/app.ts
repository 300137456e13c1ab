import { OpenAPIHono } from "@hono/zod-openapi";
import type { Context, MiddlewareHandler } from "hono";
import { HTTPException } from "hono/http-exception";
import { catalogRoutes } from "./catalog/routes.js";
import { docsRoutes } from "./control/docs.js";
import { faultRoutes } from "./control/fault-routes.js";
import { controlPlaneOf, headerTenant, injectFaults, OWN_REQUEST, requestJournaling } from "./control/middleware.js";
import { providerStateRoutes } from "./control/provider-states.js";
import { requestJournalRoutes } from "./control/requests.js";
import { controlRoutes } from "./control/routes.js";
import { recordRoutes } from "./control/records.js";
import { SEED_MAX_JSON_DEPTH, seedRoutes } from "./control/seed.js";
import { compiledMappingSet } from "./dataprep/compiled.js";
import { dataPrepRoutes } from "./dataprep/routes.js";
import { inletRoutes } from "./inlet/routes.js";
import { EntityRepository } from "./store/entities.js";
import { seedTenantOnFirstUse } from "./fixtures/registry.js";
import { flowServiceRoutes } from "./flowservice/index.js";
import { openSpecCatalogue } from "./flowservice/specs/repository.js";
import type { AppEnv, Deps } from "./platform/context.js";
import { ApiError, badRequestForPath, contentTypeError, FLOW, flowEmptyBody, flowError, isNullOrEmptyBody, notFoundForPath, placeholderError, serviceForPath } from "./platform/errors.js";
import { admitCaller, isInletWithoutCredentials, requireJsonBody } from "./platform/gateway.js";
import { customHeader } from "./platform/headers.js";
import { notEmulatedError } from "./platform/not-emulated.js";
import { RememberingRouter } from "./platform/router.js";
import { bodyText, jsonDepthLimit, MAX_JSON_DEPTH, refuseUnstorableJson, requestBodyLimit } from "./platform/body.js";
import { DEFAULT_BODY_LIMIT } from "./config.js";
import { schemaRegistryRoutes } from "./schemaregistry/routes.js";
import { uiRoutes } from "./ui/routes.js";

export const VERSION = "0.1.0";

/** Builds the whole emulator as one Hono app. No I/O beyond what `deps` does. */
export function createApp(deps: Deps): OpenAPIHono<AppEnv> {
  // Sub-apps only hold routes: app.route copies them into the app's own router, which matches every request.
  const newRouter = () => new OpenAPIHono<AppEnv>({ strict: false, defaultHook: validationHook });
  const app = new OpenAPIHono<AppEnv>({ strict: false, defaultHook: validationHook, router: new RememberingRouter() });
  const specs = openSpecCatalogue();
  const control = controlPlaneOf(deps);
  const entities = new EntityRepository(deps.store.db);
  // Built before the middleware, mounted last: the fault rules ask its route cache who owns an inlet.
  const inlet = inletRoutes(deps, (tenant, id, version) => compiledMappingSet(entities, tenant, id, version), newRouter);

  // Request id and journal (which records the final answer) -> faults (before the gateway) -> gateway -> routes.
  const journaling = requestJournaling(control.journal);
  app.use("*", async (c, next) => {
    const started = performance.now();
    c.set("requestId", requestIdOf(customHeader(c, "x-request-id"), deps));
    setEveryAnswerHeader(c, "x-request-id", c.get("requestId"));
    const journalEntry = journaling.open(c);
    await next();
    // Recorded in the same turn when it can be: awaiting nothing would still cost a microtask.
    const closing = journalEntry === undefined ? undefined : journaling.close(c, journalEntry);
    if (closing !== undefined) await closing;
    deps.log?.({
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      ms: Math.round((performance.now() - started) * 10) / 10,
      requestId: c.get("requestId"),
      tenant: tenantLabel(c.get("tenant") ?? headerTenant(c)),
    });
  });
  app.use("*", injectFaults(control.faults, inlet.tenantOfPath));
  // BODY_LIMIT comes before the gateway reads a body; the inlet keeps its own 1 MB limit.
  app.use("/data/foundation/*", platformGate(deps));
  app.use("/_emulator/*", requestBodyLimit(deps.bodyLimit ?? DEFAULT_BODY_LIMIT));
  app.use("/_emulator/*", jsonDepthLimit((path) => (path === "/_emulator/seed" ? SEED_MAX_JSON_DEPTH : MAX_JSON_DEPTH)));

  app.route("/data/foundation/flowservice", flowServiceRoutes(deps, specs, newRouter));
  app.route("/data/foundation/schemaregistry", schemaRegistryRoutes(deps, newRouter));
  app.route("/data/foundation/catalog", catalogRoutes(deps, newRouter));
  app.route("/data/foundation/conversion", dataPrepRoutes(deps, newRouter));
  app.route("/_emulator", controlRoutes(deps, newRouter));
  app.route("/_emulator", seedRoutes(deps, newRouter));
  app.route("/_emulator", recordRoutes(deps, newRouter));
  app.route("/_emulator", requestJournalRoutes(control.journal, newRouter));
  app.route("/_emulator", faultRoutes(control.faults, newRouter));
  app.route("/_emulator", providerStateRoutes(deps, newRouter, async (request) => app.fetch(request, OWN_REQUEST)));
  app.route("/_emulator", uiRoutes(deps, newRouter));
  app.route("/docs", docsRoutes());
  app.route("/", inlet.routes);

  app.doc31("/openapi.json", {
    openapi: "3.1.0",
    info: {
      title: "AEP Flow Service emulator",
      version: VERSION,
      description:
        "Adobe Experience Platform's Flow Service and its neighbours, emulated locally, plus the emulator's control plane. " +
        "Operations of Adobe's APIs that it does not emulate answer 501 in the service's error envelope (README, \"What is emulated\").",
    },
    servers: [{ url: "/" }],
  });

  // After the gateway and every route: an operation of Adobe's that the emulator does not serve is 501, any other path 404.
  app.notFound((c) => renderError(c, notEmulatedError(c.req.method, c.req.path) ?? notFoundForPath(c.req.path)));
  app.onError(async (error, c) => renderError(c, await toApiError(error, c, deps)));
  return app;
}

/**
 * Everything a platform path passes before its service, in this order: BODY_LIMIT, the gateway
 * (credentials, tenant, a JSON Content-Type), the JSON depth limit, and the tenant's fixture
 * copies. One middleware rather than four: they always apply together, and a GET (no body) skips
 * straight from the gateway to the fixtures. An inlet request without credentials skips them all.
 */
function platformGate(deps: Deps): MiddlewareHandler<AppEnv> {
  const limitBody = requestBodyLimit(deps.bodyLimit ?? DEFAULT_BODY_LIMIT);
  const options = { apiKeys: deps.apiKeys, orgIds: deps.orgIds };
  const seed = seedTenantOnFirstUse(deps);
  return (c, next) => {
    // The inlet checks its own Content-Type and 1 MB limit.
    if (isInletWithoutCredentials(c)) return next();
    if (c.req.method === "GET" || c.req.method === "HEAD") {
      admitCaller(c, options);
      seed(c.get("tenant"));
      return next();
    }
    return limitBody(c, async () => {
      admitCaller(c, options);
      await requireJsonBody(c);
      await refuseUnstorableJson(c);
      seed(c.get("tenant"));
      await next();
    });
  };
}

/**
 * A header that every answer to this request carries, whichever response the routes build. Served
 * by @hono/node-server, it goes on Node's response, which adds it as it writes the head: set on
 * Hono's context instead, it made every answer build a Headers object and sort it into Node's.
 */
function setEveryAnswerHeader(c: Context<AppEnv>, name: string, value: string): void {
  const outgoing = (c.env as { outgoing?: { setHeader?: (name: string, value: string) => unknown } } | undefined)?.outgoing;
  if (typeof outgoing?.setHeader === "function") outgoing.setHeader(name, value);
  else c.header(name, value);
}

/** org/sandbox of the request: resolved by the gateway or the inlet, else named in its headers. */
function tenantLabel(tenant: { imsOrgId: string; sandboxName: string } | undefined): string | undefined {
  return tenant === undefined ? undefined : `${tenant.imsOrgId}/${tenant.sandboxName}`;
}

function requestIdOf(incoming: string | undefined, deps: Deps): string {
  return incoming !== undefined && /^[A-Za-z0-9._:-]{1,128}$/.test(incoming) ? incoming : deps.ids.uuid();
}

function renderError(c: Context<AppEnv>, error: ApiError): Response {
  for (const [name, value] of Object.entries(error.headers)) c.header(name, value);
  return c.json(error.body(c.get("requestId") ?? ""), error.status as 400);
}

async function toApiError(error: unknown, c: Context<AppEnv>, deps: Deps): Promise<ApiError> {
  if (error instanceof ApiError) return error;
  const malformed = error instanceof SyntaxError || (error instanceof HTTPException && error.status === 400);
  if (malformed) {
    if (serviceForPath(c.req.path) === "flow" && isNullOrEmptyBody(await bodyTextOrEmpty(c))) return flowEmptyBody();
    return badRequestForPath(c.req.path, "The request body is not valid JSON.");
  }
  // A route whose body is required, sent without a JSON Content-Type (the gateway lets an empty body through).
  if (error instanceof HTTPException && error.status === 415) {
    return serviceForPath(c.req.path) === "control"
      ? placeholderError(415, "UnsupportedMediaTypeError", "Send the request body as application/json.")
      : contentTypeError();
  }
  (deps.logError ?? console.error)(error);
  return serviceForPath(c.req.path) === "flow"
    ? flowError(FLOW.internalError, "An internal error has occurred. Please try again.")
    : placeholderError(500, "InternalServerError", "An internal error has occurred.");
}

async function bodyTextOrEmpty(c: Context<AppEnv>): Promise<string> {
  try {
    return await bodyText(c);
  } catch {
    return "";
  }
}

/** zod validation failures become the error envelope of the service the path belongs to. */
async function validationHook(
  result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] }; target?: string },
  c: Context<AppEnv>,
): Promise<void> {
  if (result.success) return;
  if (result.target === "json" && serviceForPath(c.req.path) === "flow" && isNullOrEmptyBody(await bodyTextOrEmpty(c))) {
    throw flowEmptyBody();
  }
  const issues = result.error?.issues ?? [];
  const detail = issues.map((issue) => `${issue.path.map(String).join(".") || result.target}: ${issue.message}`).join("; ");
  const prefix = serviceForPath(c.req.path) === "flow" ? "Error from flow provider: " : "";
  throw badRequestForPath(c.req.path, `${prefix}${detail}`);
}
