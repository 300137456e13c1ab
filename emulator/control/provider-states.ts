import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { applyFixtureSet, seedContext } from "../fixtures/apply.js";
import type { FixtureSet } from "../fixtures/format.js";
import { parseFixtureSet, readFixtureSet } from "../fixtures/loader.js";
import { ensureTenantSeeded, FixtureError } from "../fixtures/registry.js";
import type { AppEnv, Deps, Tenant } from "../platform/context.js";
import { ApiError, placeholderError } from "../platform/errors.js";
import { DEFAULT_SANDBOX } from "../platform/gateway.js";
import { equalsFilter } from "../platform/query.js";
import { type Document, EntityRepository } from "../store/entities.js";
import { fixtureEvents } from "../ui/files.js";
import { CONTROL_TAGS, ControlError } from "./schemas.js";

/** Sends a request to the emulator's own routes, as a client would (neither journaled nor faulted). */
export type Dispatch = (request: Request) => Promise<Response>;

/**
 * POST /_emulator/provider-states: Pact's state-change endpoint ({state, params, action}). Each
 * named state is a fixture set written straight into one tenant (params.org and params.sandbox,
 * else PROVIDER_STATE_ORG/prod), through the same checks as POST /_emulator/seed. Setup answers
 * the ids it wrote, for a consumer's fromProviderState; teardown removes what the state created.
 * Ids default to those of Adobe's Customer.io tutorial, so a state is repeatable. What a client
 * only ever gets from an answer (a run of a streaming flow, a continuation token) comes from the
 * emulator's own routes once the documents are written: an event sent to the flow's inlet, the
 * first page of a list.
 */

export const PROVIDER_STATE_ORG = "0123456789ABCDEF01234567@AdobeOrg";

/** The ids of the seed tutorial (Adobe's Customer.io streaming guide). */
export const TUTORIAL_IDS = {
  flowId: "4982698b-e6b3-48c2-8dcf-040e20121fd2",
  sourceConnectionId: "133bb51f-f310-4b4a-b8b2-731aef1e223c",
  targetConnectionId: "da8b75ad-f6ee-4991-95df-291e62936e98",
  mappingSetId: "59c0e53a2dc84f7791ecc1b3d6e51d5e",
  schemaId: "https://ns.adobe.com/extconndev/schemas/945546112b746524bfd9f1264b26c2b7d8e7f5b7fadb953a",
  dataSetId: "63ec807d3f5ce91bd2d06c65",
} as const;

/** The ids of the second flow (and its own connections and mapping set) of "two Customer.io dataflows exist, one a page". */
export const SECOND_DATAFLOW_IDS = {
  flowId: "f1000000-0000-4000-8000-000000000002",
  sourceConnectionId: "5c000000-0000-4000-8000-000000000002",
  targetConnectionId: "7c000000-0000-4000-8000-000000000002",
  mappingSetId: "2".repeat(32),
} as const;

/** Customer.io's "customer subscribed" webhook sample, which the tutorial's mapping set maps: the package's fixture event. */
function tutorialEvent(): unknown {
  const sample = fixtureEvents().find((each) => each.set === "customerio" && each.name === "customer-subscribed");
  if (sample === undefined) throw stateFailure("the package holds no fixtures/customerio/events/customer-subscribed.json");
  return sample.event;
}

const TENANT_PARAMS = {
  org: `x-gw-ims-org-id of the tenant (default ${PROVIDER_STATE_ORG})`,
  sandbox: "x-sandbox-name (default prod)",
};
const DATAFLOW_PARAMS = {
  ...TENANT_PARAMS,
  flowId: `the flow's id (default ${TUTORIAL_IDS.flowId})`,
  sourceConnectionId: `the source connection's id (default ${TUTORIAL_IDS.sourceConnectionId})`,
  targetConnectionId: `the target connection's id (default ${TUTORIAL_IDS.targetConnectionId})`,
  mappingSetId: `the mapping set's id, 32 hex (default ${TUTORIAL_IDS.mappingSetId})`,
  inletId: "the flow's inlet id, 64 hex (default: a new one; a repeated setup keeps the flow's)",
};

/** The documented states: the README's table. */
export const PROVIDER_STATES: ReadonlyArray<{ name: string; params: Record<string, string>; creates: string }> = [
  {
    name: "the Customer.io schema and dataset exist",
    params: TENANT_PARAMS,
    creates: `The tutorial's field group, schema ${TUTORIAL_IDS.schemaId} and dataset ${TUTORIAL_IDS.dataSetId} (those the tenant lacks). Answers schemaId, dataSetId.`,
  },
  {
    name: "a source connection exists",
    params: { ...TENANT_PARAMS, sourceConnectionId: DATAFLOW_PARAMS.sourceConnectionId },
    creates: "The tutorial's Customer.io streaming source connection. Answers sourceConnectionId, etag.",
  },
  {
    name: "a Customer.io dataflow exists",
    params: DATAFLOW_PARAMS,
    creates:
      "The whole seed tutorial: schema and dataset, the Customer.io source connection, the data lake target connection, the tutorial's mapping set and an enabled flow mapping with it. " +
      "Answers flowId, etag, inletUrl, inletId, sourceConnectionId, targetConnectionId, mappingSetId, schemaId, dataSetId.",
  },
  {
    name: "a flow exists with etag",
    params: { ...DATAFLOW_PARAMS, etag: 'the flow\'s etag, kept exactly as given (required; Adobe\'s look like "\\"4c012103-0000-0200-0000-63ef57db0000\\"")' },
    creates: "The Customer.io dataflow, its flow carrying the given etag (and version). Answers what the dataflow state answers.",
  },
  {
    name: "a flow is disabled",
    params: DATAFLOW_PARAMS,
    creates: "The Customer.io dataflow with its flow disabled (state disabled, lastOperation disable). Answers what the dataflow state answers.",
  },
  {
    name: "a Customer.io dataflow has a run",
    params: DATAFLOW_PARAMS,
    creates:
      "The Customer.io dataflow, then sends Customer.io's \"customer subscribed\" sample event to its inlet (POST /collection/{inletId}), so the flow has the run the inlet keeps for it. " +
      "Answers what the dataflow state answers, and runId.",
  },
  {
    name: "two Customer.io dataflows exist, one a page",
    params: DATAFLOW_PARAMS,
    creates:
      `The Customer.io dataflow (the params name its ids) and a second one with ids of its own (flow ${SECOND_DATAFLOW_IDS.flowId}), then asks GET /flows?limit=1 for the first page. ` +
      "Answers what the dataflow state answers, secondFlowId, and continuationToken: the token of the second page, as the first page's _links.next.href carries it.",
  },
  {
    name: "no flows exist",
    params: TENANT_PARAMS,
    creates: "Nothing: deletes every flow of the tenant and its runs. Answers deletedFlowIds.",
  },
];

const PARAMS = {
  org: z.string().min(1).optional(),
  sandbox: z.string().min(1).optional(),
  flowId: z.string().min(1).optional(),
  sourceConnectionId: z.string().min(1).optional(),
  targetConnectionId: z.string().min(1).optional(),
  mappingSetId: z.string().min(1).optional(),
  inletId: z.string().regex(/^[0-9a-f]{64}$/, "must be 64 lower-case hex characters").optional(),
  etag: z.string().min(1).optional(),
};
type Params = { [K in keyof typeof PARAMS]?: string };

const StateChange = z
  .looseObject({
    state: z.string().min(1).openapi({ description: "One of the documented states", example: "a Customer.io dataflow exists" }),
    params: z.looseObject(PARAMS).optional(),
    action: z.enum(["setup", "teardown"]).optional().openapi({ description: "setup (default) or teardown" }),
  })
  .openapi("ProviderStateChange");

interface Created {
  kind: string;
  id: string;
}

export function providerStateRoutes(deps: Deps, newRouter: () => OpenAPIHono<AppEnv>, dispatch: Dispatch): OpenAPIHono<AppEnv> {
  const app = newRouter();
  const tags = CONTROL_TAGS;
  // What each setup created (per tenant and state), so that teardown leaves the rest alone.
  const created = new Map<string, Created[]>();

  app.openapi(
    createRoute({
      method: "post",
      path: "/provider-states",
      tags,
      summary: "Pact provider state change: set up (or tear down) a named state",
      description: `States: ${PROVIDER_STATES.map((each) => `"${each.name}"`).join(", ")}. Setup answers the ids it wrote (for fromProviderState).`,
      request: { body: { content: { "application/json": { schema: StateChange } }, required: true } },
      responses: {
        200: { description: "Done: the values the state provides", content: { "application/json": { schema: z.record(z.string(), z.unknown()) } } },
        400: { description: "Unknown state or bad params", content: { "application/json": { schema: ControlError } } },
      },
    }),
    async (c) => {
      const { state, params = {}, action = "setup" } = c.req.valid("json");
      const known = PROVIDER_STATES.find((each) => each.name === state);
      if (known === undefined) {
        throw placeholderError(
          400,
          "BadRequestError",
          `Unknown provider state ${JSON.stringify(state)}. Known states: ${PROVIDER_STATES.map((each) => JSON.stringify(each.name)).join(", ")}.`,
        );
      }
      const tenant = { imsOrgId: params.org ?? PROVIDER_STATE_ORG, sandboxName: params.sandbox ?? DEFAULT_SANDBOX };
      const key = `${tenant.imsOrgId}\u0000${tenant.sandboxName}\u0000${state}`;
      if (action === "teardown") {
        const removed = deps.store.transaction(() => teardown(deps, tenant, state, params, created.get(key) ?? []));
        created.delete(key);
        return c.json({ removed }, 200);
      }
      const record: Created[] = [];
      const values = deps.store.transaction(() => setup(deps, tenant, state, params, record));
      created.set(key, [...(created.get(key) ?? []), ...record]);
      const answered = await throughRoutes(deps, dispatch, tenant, state, values);
      return c.json({ org: tenant.imsOrgId, sandbox: tenant.sandboxName, ...values, ...answered }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/provider-states",
      tags,
      summary: "The provider states POST /_emulator/provider-states knows",
      responses: {
        200: {
          description: "States",
          content: {
            "application/json": {
              schema: z.object({ states: z.array(z.object({ name: z.string(), params: z.record(z.string(), z.string()), creates: z.string() })) }),
            },
          },
        },
      },
    }),
    (c) => c.json({ states: [...PROVIDER_STATES] }, 200),
  );

  return app;
}

function setup(deps: Deps, tenant: Tenant, state: string, params: Params, created: Created[]): Document {
  switch (state) {
    case "the Customer.io schema and dataset exist":
      return customerioTarget(deps, tenant, created);
    case "a source connection exists": {
      const sourceConnectionId = params.sourceConnectionId ?? TUTORIAL_IDS.sourceConnectionId;
      write(deps, tenant, { sourceConnections: [{ id: sourceConnectionId, ...customerioSource() }] });
      created.push({ kind: "sourceConnections", id: sourceConnectionId });
      return { sourceConnectionId, etag: entitiesOf(deps).get(tenant, "sourceConnections", sourceConnectionId)?.etag };
    }
    case "a Customer.io dataflow exists":
    case "a Customer.io dataflow has a run":
      return customerioDataflow(deps, tenant, params, created, "enabled");
    case "two Customer.io dataflows exist, one a page": {
      const values = customerioDataflow(deps, tenant, params, created, "enabled");
      const second = customerioDataflow(deps, tenant, SECOND_DATAFLOW_IDS, created, "enabled");
      return { ...values, secondFlowId: second.flowId };
    }
    case "a flow is disabled":
      return customerioDataflow(deps, tenant, params, created, "disabled");
    case "a flow exists with etag": {
      if (params.etag === undefined) throw placeholderError(400, "BadRequestError", 'The state "a flow exists with etag" needs params.etag.');
      const values = customerioDataflow(deps, tenant, params, created, "enabled");
      const entities = entitiesOf(deps);
      const flow = entities.get(tenant, "flows", String(values.flowId)) as Document;
      entities.update(tenant, "flows", String(values.flowId), { ...flow, version: params.etag, etag: params.etag });
      return { ...values, etag: params.etag };
    }
    case "no flows exist":
      return { deletedFlowIds: deleteFlows(deps, tenant) };
  }
  throw new Error(`No setup for ${state}`);
}

/**
 * What a state takes from the emulator's own routes once its documents are written, as a client
 * gets it: a streaming flow's run from an event sent to its inlet, a continuation token from the
 * first page of a list. Nothing here knows how the emulator builds either.
 */
async function throughRoutes(deps: Deps, dispatch: Dispatch, tenant: Tenant, state: string, values: Document): Promise<Document> {
  const call = routesClient(deps, dispatch, tenant);
  switch (state) {
    case "a Customer.io dataflow has a run":
      return { runId: await sendTutorialEvent(call, String(values.flowId), String(values.inletId)) };
    case "two Customer.io dataflows exist, one a page":
      return { continuationToken: await secondPageToken(call) };
  }
  return {};
}

type RoutesClient = (method: string, path: string, body?: unknown) => Promise<unknown>;

/** Posts the tutorial's event to the flow's inlet; answers the run it made (the flow's lastRunDetails). */
async function sendTutorialEvent(call: RoutesClient, flowId: string, inletId: string): Promise<string> {
  await call("POST", `/collection/${inletId}?x-adobe-flow-id=${encodeURIComponent(flowId)}`, tutorialEvent());
  const flow = (await call("GET", `${FLOWS}/${encodeURIComponent(flowId)}`)) as { items?: Array<{ lastRunDetails?: { id?: unknown } }> };
  const runId = flow.items?.[0]?.lastRunDetails?.id;
  if (typeof runId !== "string") throw stateFailure(`the flow ${flowId} has no run after an event reached its inlet`);
  return runId;
}

/** The continuationToken of the first page's _links.next.href, one flow a page. */
async function secondPageToken(call: RoutesClient): Promise<string> {
  const page = (await call("GET", `${FLOWS}?limit=1`)) as { _links?: { next?: { href?: unknown } } };
  const href = page._links?.next?.href;
  const token = typeof href === "string" ? new URL(href, "http://emulator").searchParams.get("continuationToken") : null;
  if (!token) throw stateFailure(`GET ${FLOWS}?limit=1 answered no next page (_links: ${JSON.stringify(page._links ?? null)})`);
  return token;
}

const FLOWS = "/data/foundation/flowservice/flows";

/**
 * The emulator's routes as the tenant's client calls them: platform paths with the gateway's
 * headers (and a key API_KEYS accepts), the inlet without. Answers the JSON of a 2xx; anything
 * else fails the state, saying what the route answered.
 */
function routesClient(deps: Deps, dispatch: Dispatch, tenant: Tenant): RoutesClient {
  const gateway = {
    Authorization: "Bearer aep-flow-emulator-provider-state",
    "x-api-key": deps.apiKeys?.[0] ?? "aep-flow-emulator",
    "x-gw-ims-org-id": tenant.imsOrgId,
    "x-sandbox-name": tenant.sandboxName,
  };
  return async (method, path, body) => {
    const headers: Record<string, string> = path.startsWith("/data/") ? { ...gateway } : {};
    if (body !== undefined) headers["Content-Type"] = "application/json";
    const init = { method, headers, body: body === undefined ? undefined : JSON.stringify(body) };
    const response = await dispatch(new Request(`http://emulator${path}`, init));
    const text = await response.text();
    if (!response.ok) throw stateFailure(`${method} ${path.split("?")[0]} answered ${response.status}: ${text}`);
    return JSON.parse(text);
  };
}

function stateFailure(reason: string): ApiError {
  return placeholderError(400, "BadRequestError", `The provider state could not be set up: ${reason}`);
}

function teardown(deps: Deps, tenant: Tenant, state: string, params: Params, recorded: Created[]): string[] {
  const named = namedIds(state, params);
  const entities = entitiesOf(deps);
  const removed: string[] = [];
  // Newest first: flows before the connections and mapping sets they name, datasets before schemas.
  for (const { kind, id } of [...recorded, ...named].reverse()) {
    if (kind === "flows") for (const run of entities.all(tenant, "runs", [equalsFilter("flowId", id)])) entities.delete(tenant, "runs", String(run.id));
    if (entities.delete(tenant, kind, id)) removed.push(id);
  }
  return removed;
}

/** What a state's setup writes with the ids its params name (a teardown without a setup removes those). */
function namedIds(state: string, params: Params): Created[] {
  switch (state) {
    case "no flows exist":
    case "the Customer.io schema and dataset exist":
      return [];
    case "a source connection exists":
      return [{ kind: "sourceConnections", id: params.sourceConnectionId ?? TUTORIAL_IDS.sourceConnectionId }];
    case "two Customer.io dataflows exist, one a page":
      return [...dataflowIds(params), ...dataflowIds(SECOND_DATAFLOW_IDS)];
  }
  return dataflowIds(params);
}

function dataflowIds(params: Params): Created[] {
  return [
    { kind: "dataprep/mappingSets", id: params.mappingSetId ?? TUTORIAL_IDS.mappingSetId },
    { kind: "sourceConnections", id: params.sourceConnectionId ?? TUTORIAL_IDS.sourceConnectionId },
    { kind: "targetConnections", id: params.targetConnectionId ?? TUTORIAL_IDS.targetConnectionId },
    { kind: "flows", id: params.flowId ?? TUTORIAL_IDS.flowId },
  ];
}

/** The tutorial's field group, schema and dataset, those the tenant lacks (after its global fixtures). */
function customerioTarget(deps: Deps, tenant: Tenant, created: Created[]): Document {
  ensureTenantSeeded(deps, tenant);
  const { set } = readFixtureSet("customerio");
  const entities = entitiesOf(deps);
  const missing = <T>(kind: string, items: T[] | undefined, idOf: (item: T) => string) =>
    (items ?? []).filter((item) => entities.get(tenant, kind, idOf(item)) === undefined);
  const lacking: FixtureSet = {
    tenantId: set.tenantId,
    fieldGroups: missing("xdm/mixins", set.fieldGroups, (item) => item.$id),
    schemas: missing("xdm/schemas", set.schemas, (item) => item.$id),
    dataSets: missing("catalog/dataSets", set.dataSets, (item) => item.id),
  };
  write(deps, tenant, lacking);
  created.push(
    ...(lacking.fieldGroups ?? []).map((item) => ({ kind: "xdm/mixins", id: item.$id })),
    ...(lacking.schemas ?? []).map((item) => ({ kind: "xdm/schemas", id: item.$id })),
    ...(lacking.dataSets ?? []).map((item) => ({ kind: "catalog/dataSets", id: item.id })),
  );
  return { schemaId: TUTORIAL_IDS.schemaId, dataSetId: TUTORIAL_IDS.dataSetId };
}

function customerioDataflow(deps: Deps, tenant: Tenant, params: Params, created: Created[], state: "enabled" | "disabled"): Document {
  const target = customerioTarget(deps, tenant, created);
  const [mappingSet, source, targetConnection, flow] = dataflowIds(params);
  const inlet = params.inletId === undefined ? {} : { options: { inletUrl: `${deps.inletBaseUrl()}/collection/${params.inletId}` } };
  write(deps, tenant, {
    mappingSets: [{ id: mappingSet.id, ...customerioMappingSet() }],
    sourceConnections: [{ id: source.id, ...customerioSource() }],
    targetConnections: [{ id: targetConnection.id, ...dataLakeTarget() }],
    flows: [
      {
        id: flow.id,
        state,
        ...inlet,
        name: "Streaming Dataflow for Customer.io",
        description: "Streaming Dataflow for Customer.io",
        flowSpec: { id: "e77fde5a-22a8-11ed-861d-0242ac120002", version: "1.0" },
        sourceConnectionIds: [source.id],
        targetConnectionIds: [targetConnection.id],
        transformations: [{ name: "Mapping", params: { mappingId: mappingSet.id, mappingVersion: 0 } }],
      },
    ],
  });
  created.push(mappingSet, source, targetConnection, flow);
  const stored = entitiesOf(deps).get(tenant, "flows", flow.id) as Document;
  const inletUrl = String((stored.options as { inletUrl?: string } | undefined)?.inletUrl ?? "");
  // Seeding gives a flow a new inlet when another document owns the one asked for.
  if (params.inletId !== undefined && !inletUrl.endsWith(`/${params.inletId}`)) {
    throw placeholderError(400, "BadRequestError", `The inlet id ${params.inletId} belongs to another flow or connection: inlet ids are global.`);
  }
  return {
    ...target,
    mappingSetId: mappingSet.id,
    sourceConnectionId: source.id,
    targetConnectionId: targetConnection.id,
    flowId: flow.id,
    etag: stored.etag,
    inletUrl,
    inletId: inletUrl.split("/").at(-1),
  };
}

function deleteFlows(deps: Deps, tenant: Tenant): string[] {
  const entities = entitiesOf(deps);
  const ids = entities.all(tenant, "flows").map((flow) => String(flow.id));
  for (const id of ids) {
    for (const run of entities.all(tenant, "runs", [equalsFilter("flowId", id)])) entities.delete(tenant, "runs", String(run.id));
    entities.delete(tenant, "flows", id);
  }
  return ids;
}

/** A fixture set written into the tenant, checked as POST /_emulator/seed checks one. */
function write(deps: Deps, tenant: Tenant, data: unknown): void {
  try {
    const set = parseFixtureSet(data, "of this provider state");
    applyFixtureSet(seedContext(deps, tenant, set, false), set);
  } catch (error) {
    if (error instanceof FixtureError) throw placeholderError(400, "BadRequestError", error.message);
    if (error instanceof ApiError) throw placeholderError(400, "BadRequestError", `The provider state could not be set up: ${detailOf(error)}`);
    throw error;
  }
}

function detailOf(error: ApiError): string {
  const body = error.body("") as { detail?: string; errorMessage?: string; report?: { "detailed-message"?: string; message?: string } };
  return body.detail ?? body.report?.["detailed-message"] ?? body.errorMessage ?? body.report?.message ?? `HTTP ${error.status}`;
}

function entitiesOf(deps: Deps): EntityRepository {
  return new EntityRepository(deps.store.db);
}

function customerioSource(): Document {
  return {
    name: "Streaming Source Connection for Customer.io",
    providerId: "521eee4d-8cbe-4906-bb48-fb6bd4450033",
    description: "Streaming Source Connection for customer.io",
    connectionSpec: { id: "96479064-7b8a-4d69-b9ed-21c5683837ea", version: "1.0" },
    data: { format: "json" },
  };
}

function dataLakeTarget(): Document {
  return {
    name: "Streaming Target Connection for Customer.io",
    description: "Streaming Target Connection for Customer.io",
    connectionSpec: { id: "c604ff05-7f1a-43c0-8e18-33bf874cb11c", version: "1.0" },
    data: { format: "json", schema: { id: TUTORIAL_IDS.schemaId, version: "application/vnd.adobe.xed-full+json;version=1" } },
    params: { dataSetId: TUTORIAL_IDS.dataSetId },
  };
}

/** The tutorial's mapping set, in its legacy format. */
function customerioMappingSet(): Document {
  const mapping = (sourceAttribute: string, destinationXdmPath: string) => ({ destinationXdmPath, sourceAttribute, identity: false, version: 0 });
  return {
    outputSchema: { schemaRef: { id: TUTORIAL_IDS.schemaId, contentType: "application/vnd.adobe.xed-full+json;version=1" } },
    mappings: [
      mapping("data.identifiers.cio_id", "_extconndev.cio_id"),
      mapping("data.identifiers.email", "_extconndev.email"),
      mapping("event_id", "_extconndev.event_id0"),
      mapping("metric", "_extconndev.metricx"),
      mapping("object_type", "_extconndev.object_type1"),
      mapping("timestamp", "_extconndev.timestampx"),
    ],
  };
}
