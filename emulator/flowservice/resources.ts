import type { z } from "@hono/zod-openapi";
import { requireTargetDataSet } from "../catalog/target-check.js";
import { requireMappingTransformations } from "../dataprep/flow-transformations.js";
import { FLOW, flowError } from "../platform/errors.js";
import { equalsFilter } from "../platform/query.js";
import type { Document } from "../store/entities.js";
import { completedOperation, touched, type Collection, type FlowContext } from "./context.js";
import { requireConnectionSpec, requireFlowSpec, requireReferenced, specRefOf } from "./references.js";
import { CreateConnection, CreateFlow, CreateSourceConnection, CreateTargetConnection } from "./schemas.js";

/**
 * What each Flow Service entity adds to the shared lifecycle (entity-routes.ts): its create body,
 * the fields it derives, the references it checks, what a PATCH may not touch, and what blocks a
 * DELETE. `derive` runs on create (no previous document) and again after every PATCH.
 */
export interface ResourceDefinition {
  collection: Exclude<Collection, "runs">;
  /** Singular name for the OpenAPI document. */
  noun: string;
  createSchema: z.ZodType<Document>;
  derive(ctx: FlowContext, doc: Document, previous: Document | undefined): Document;
  /** Top-level fields set at creation that a PATCH may not change. */
  fixed: ReadonlyArray<string>;
  /** Top-level fields the service writes: dropped from a create body, refused in a PATCH. */
  derived: ReadonlyArray<string>;
  guardDelete(ctx: FlowContext, doc: Document): void;
  /** Flows record each operation in `lastOperation`. */
  recordsOperations: boolean;
  /** A change the service makes right after creating the entity, in the same transaction. */
  afterCreate?(ctx: FlowContext, doc: Document): Document;
}

export const HTTP_API_SPEC_ID = "bc7b00d6-623a-4dfc-9fdb-f1240aeadaeb";
/** Webhook sources (Customer.io): their flows get an inlet of their own in `options.inletUrl`. */
export const WEBHOOK_SOURCE_SPEC_IDS: ReadonlySet<string> = new Set(["96479064-7b8a-4d69-b9ed-21c5683837ea"]);

function inletUrl(ctx: FlowContext, inletId: string): string {
  return `${ctx.deps.inletBaseUrl()}/collection/${inletId}`;
}

export const connections: ResourceDefinition = {
  collection: "connections",
  noun: "base connection",
  createSchema: CreateConnection as z.ZodType<Document>,
  fixed: ["connectionSpec"],
  derived: [],
  recordsOperations: false,
  derive(ctx, doc, previous) {
    const spec = requireConnectionSpec(ctx, doc.connectionSpec as { id: string });
    const auth = (doc.auth ?? undefined) as { specName?: string; params?: Record<string, unknown> } | undefined;
    checkAuthSpec(spec, auth);
    if (spec.id !== HTTP_API_SPEC_ID) return { ...doc, connectionSpec: specRefOf(doc) };
    return { ...doc, connectionSpec: specRefOf(doc), auth: httpApiAuth(ctx, doc, auth, previous) };
  },
  guardDelete(ctx, doc) {
    const flows = ctx.entities.count(ctx.tenant, "flows", [
      equalsFilter("inheritedAttributes.sourceConnections[].baseConnection.id", String(doc.id)),
    ]);
    if (flows > 0) {
      throw flowError(
        FLOW.baseConnectionInUse,
        `The base connection with the ID ${doc.id} cannot be deleted because the base connection is being used in one or more flows. Please ensure that corresponding flows are deleted before deleting a base connection.`,
      );
    }
  },
};

/**
 * flow-service.yaml's AuthInfoDTO requires `specName`, and the create docs mark it (Required): only
 * the HTTP API connection, whose auth the service writes (httpApiAuth), may leave it out.
 */
function checkAuthSpec(spec: Document, auth: { specName?: string } | undefined): void {
  if (auth === undefined) return;
  const authSpecs = Array.isArray(spec.authSpec) ? (spec.authSpec as { name?: string }[]) : [];
  const { specName } = auth;
  if (specName === undefined) {
    if (spec.id === HTTP_API_SPEC_ID) return;
    const offered = authSpecs.map((authSpec) => `'${authSpec.name}'`).join(", ");
    throw flowError(
      FLOW.invalidRequest,
      `The request could not be processed. Error from flow provider: auth.specName is required${offered ? `; the connection spec ${spec.id} offers ${offered}` : ""}.`,
    );
  }
  if (authSpecs.length === 0 || authSpecs.some((authSpec) => authSpec.name === specName)) return;
  throw flowError(FLOW.authSpecNotFound, `The auth spec '${specName}' could not be found for the connection spec ID ${spec.id}.`);
}

/** An HTTP API streaming connection is an inlet: it gets an inlet id and URL that never change. */
function httpApiAuth(
  ctx: FlowContext,
  doc: Document,
  auth: { specName?: string; params?: Record<string, unknown> } | undefined,
  previous: Document | undefined,
) {
  const params = auth?.params ?? {};
  const previousInlet = (previous?.auth as { params?: { inletId?: string } } | undefined)?.params?.inletId;
  const inletId = previousInlet ?? ctx.deps.ids.resourceHex(64);
  return {
    specName: auth?.specName ?? "Streaming Connection",
    params: {
      ...params,
      name: params.name ?? doc.name,
      sourceId: params.sourceId ?? params.name ?? doc.name,
      dataType: params.dataType ?? "xdm",
      authenticationRequired: params.authenticationRequired ?? false,
      inletId,
      inletUrl: inletUrl(ctx, inletId),
    },
  };
}

export const sourceConnections: ResourceDefinition = {
  collection: "sourceConnections",
  noun: "source connection",
  createSchema: CreateSourceConnection as z.ZodType<Document>,
  fixed: ["connectionSpec", "baseConnectionId"],
  derived: ["inheritedAttributes"],
  recordsOperations: false,
  derive(ctx, doc) {
    requireConnectionSpec(ctx, doc.connectionSpec as { id: string });
    const derived: Document = { ...doc, connectionSpec: specRefOf(doc) };
    if (typeof doc.baseConnectionId !== "string") return derived;
    const base = requireReferenced(ctx, "connections", doc.baseConnectionId);
    return { ...derived, inheritedAttributes: { baseConnection: { id: base.id, connectionSpec: specRefOf(base) } } };
  },
  guardDelete(ctx, doc) {
    guardUsedByFlows(ctx, "sourceConnectionIds[]", String(doc.id));
  },
};

export const targetConnections: ResourceDefinition = {
  collection: "targetConnections",
  noun: "target connection",
  createSchema: CreateTargetConnection as z.ZodType<Document>,
  fixed: ["connectionSpec", "baseConnectionId"],
  derived: [],
  recordsOperations: false,
  derive(ctx, doc) {
    requireConnectionSpec(ctx, doc.connectionSpec as { id: string });
    if (typeof doc.baseConnectionId === "string") requireReferenced(ctx, "connections", doc.baseConnectionId);
    requireTargetDataSet(ctx.entities, ctx.tenant, doc);
    return { ...doc, connectionSpec: specRefOf(doc) };
  },
  guardDelete(ctx, doc) {
    guardUsedByFlows(ctx, "targetConnectionIds[]", String(doc.id));
  },
};

function guardUsedByFlows(ctx: FlowContext, field: string, id: string): void {
  const flows = ctx.entities.all(ctx.tenant, "flows", [equalsFilter(field, id)]);
  if (flows.length === 0) return;
  throw flowError(FLOW.activeFlows, `Found active flows containing id ${id}: ${flows.map((flow) => flow.id).join(", ")}.`);
}

export const flows: ResourceDefinition = {
  collection: "flows",
  noun: "flow",
  createSchema: CreateFlow as z.ZodType<Document>,
  fixed: ["flowSpec"],
  derived: ["inheritedAttributes", "options", "runs", "lastOperation", "lastRunDetails", "providerRefId"],
  recordsOperations: true,
  derive(ctx, doc, previous) {
    const flowSpec = requireFlowSpec(ctx, doc.flowSpec as { id: string });
    const sources = (doc.sourceConnectionIds as string[]).map((id) => requireReferenced(ctx, "sourceConnections", id));
    const targets = (doc.targetConnectionIds as string[]).map((id) => requireReferenced(ctx, "targetConnections", id));
    requireFit(flowSpec, "sourceConnectionSpecIds", "source", sources);
    requireFit(flowSpec, "targetConnectionSpecIds", "target", targets);
    requireMappingTransformations(ctx.entities, ctx.tenant, doc.transformations, targets);
    const derived: Document = {
      ...doc,
      transformations: doc.transformations ?? [],
      flowSpec: { id: flowSpec.id, version: (doc.flowSpec as { version?: string }).version ?? "1.0" },
      inheritedAttributes: {
        properties: { isSourceFlow: true },
        sourceConnections: sources.map(inheritedSource),
        targetConnections: targets.map((target) => ({ id: target.id, connectionSpec: specRefOf(target) })),
      },
    };
    const options = webhookOptions(ctx, sources, previous);
    if (options !== undefined) derived.options = options;
    derived.runs = `/runs?property=flowId==${doc.id}`;
    derived.providerRefId = previous?.providerRefId ?? ctx.deps.ids.uuid();
    return derived;
  },
  guardDelete() {},
  // Adobe enables a new flow right after creating it, which changes its etag: the etag a create
  // answers is already stale, and a client must read the flow before it patches it.
  afterCreate(ctx, doc) {
    return { ...touched(ctx, doc), lastOperation: completedOperation(ctx, "enable") };
  },
};

function requireFit(flowSpec: Document, field: string, side: string, connections: Document[]): void {
  const accepted = (flowSpec[field] as string[] | undefined) ?? [];
  for (const connection of connections) {
    const specId = specRefOf(connection).id;
    if (accepted.includes(specId)) continue;
    throw flowError(
      FLOW.invalidRequest,
      `The request could not be processed. The ${side} connection ${connection.id} uses the connection spec ${specId}, which the flow spec ${flowSpec.id} does not accept.`,
    );
  }
}

function inheritedSource(source: Document): Document {
  const inherited: Document = { id: source.id, connectionSpec: specRefOf(source) };
  const base = (source.inheritedAttributes as { baseConnection?: unknown } | undefined)?.baseConnection;
  return base === undefined ? inherited : { ...inherited, baseConnection: base };
}

/** A webhook source's flow owns an inlet; it keeps the one it was given at creation. */
function webhookOptions(ctx: FlowContext, sources: Document[], previous: Document | undefined): Document | undefined {
  if (!sources.some((source) => WEBHOOK_SOURCE_SPEC_IDS.has(specRefOf(source).id))) return undefined;
  const existing = (previous?.options as { inletUrl?: string } | undefined)?.inletUrl;
  return { inletUrl: existing ?? inletUrl(ctx, ctx.deps.ids.resourceHex(64)) };
}

export const RESOURCES: ReadonlyArray<ResourceDefinition> = [connections, sourceConnections, targetConnections, flows];
