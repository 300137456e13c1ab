import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { AppEnv } from "../platform/context.js";
import { newEtag } from "../platform/etag.js";
import { bodyText } from "../platform/body.js";
import { FLOW, flowEmptyBody, flowError, isNullOrEmptyBody } from "../platform/errors.js";
import type { Document } from "../store/entities.js";
import { systemFields, type FlowContext } from "./context.js";
import { registerReadRoutes } from "./reads.js";
import { CreateRun, flowErrorResponses, IdEtag } from "./schemas.js";

/**
 * Flow runs. Streaming flows get their runs from the inlet; `POST /runs` starts a run of a flow
 * scheduled `once`. The emulator has no batch source to read, so such a run completes at once
 * with no records.
 */
export function registerRunRoutes(app: OpenAPIHono<AppEnv>, contextOf: (c: Context<AppEnv>) => FlowContext): void {
  const tags = ["Flow Service"];
  const errors = flowErrorResponses;

  registerReadRoutes(app, "runs", { list: "List flow runs (filter with property=flowId==<id>)", get: "Get a flow run" }, contextOf);

  app.openapi(
    createRoute({
      method: "post",
      path: "/runs",
      tags,
      summary: "Start a run of a flow scheduled once",
      description:
        "Adobe's spec answers {id, etag}; its on-demand ingestion guide shows {items:[{id, etag}]}; its ad hoc flow run guide the whole run. The emulator answers all three forms in one body: the run, and items.",
      request: { body: { content: { "application/json": { schema: CreateRun } }, required: true } },
      responses: { 201: { description: "Created", content: { "application/json": { schema: CreatedRun } } }, ...errors },
    }),
    async (c) => {
      const ctx = contextOf(c);
      // Without a Content-Type, Hono's validator reads an absent body as {}, which CreateRun takes.
      if (isNullOrEmptyBody(await bodyText(c))) throw flowEmptyBody();
      const body = c.req.valid("json");
      const run = await ctx.deps.store.grouped(() => createOnceRun(ctx, body.flowId, body.params ?? {}));
      return c.json({ ...run, items: [{ id: run.id, etag: run.etag }] }, 201);
    },
  );
}

function createOnceRun(ctx: FlowContext, flowId: string | undefined, params: Record<string, unknown>) {
  if (flowId === undefined || flowId.trim() === "") {
    throw flowError(FLOW.flowIdMissing, "The flow ID cannot be null or empty. Please update the flow ID and try again.");
  }
  const flow = ctx.entities.get(ctx.tenant, "flows", flowId);
  if (flow === undefined) throw flowError(FLOW.flowNotFoundForRun, `Flow not found with id ${flowId}.`);
  const frequency = (flow.scheduleParams as { frequency?: string } | undefined)?.frequency;
  if (frequency !== "once") {
    throw flowError(
      FLOW.invalidRequest,
      `The request could not be processed. The flow ${flowId} must be scheduled for one-time ingestion (scheduleParams.frequency "once") to start a run.`,
    );
  }
  const id = ctx.deps.ids.resourceUuid();
  const etag = newEtag(ctx.deps.ids, ctx.now);
  const run: Document = {
    ...systemFields(ctx, id),
    flowId,
    flowSpec: flow.flowSpec,
    providerRefId: flow.providerRefId,
    params,
    etag,
    metrics: emptyRunMetrics(ctx.now, "success"),
    activities: [],
  };
  ctx.entities.insert(ctx.tenant, "runs", id, run);
  ctx.entities.update(ctx.tenant, "flows", flowId, { ...flow, lastRunDetails: lastRunDetailsOf(run) });
  return { ...run, id, etag };
}

/** A flow's summary of its latest run (`lastRunDetails`), for a run started here or by the inlet. */
export function lastRunDetailsOf(run: Document) {
  const metrics = run.metrics as { durationSummary: { startedAtUTC: number; completedAtUTC: number }; statusSummary: { status: string } };
  return {
    id: run.id,
    state: metrics.statusSummary.status,
    startedAtUTC: metrics.durationSummary.startedAtUTC,
    completedAtUTC: metrics.durationSummary.completedAtUTC,
  };
}

const CreatedRun = IdEtag.extend({ items: z.array(IdEtag) })
  .loose()
  .openapi("CreatedFlowRun", { description: "The run as GET /runs/{id} answers it, with items: [{id, etag}]" });

/** A run's metrics before any record: every summary of Adobe's run documents, counts at zero. */
export function emptyRunMetrics(now: number, status: string) {
  return {
    durationSummary: { startedAtUTC: now, completedAtUTC: now },
    sizeSummary: { inputBytes: 0, outputBytes: 0 },
    recordSummary: { inputRecordCount: 0, outputRecordCount: 0, failedRecordCount: 0 },
    fileSummary: { inputFileCount: 0, outputFileCount: 0 },
    statusSummary: { status, errors: [] as { code: string; message: string; recordCount: number }[] },
  };
}
