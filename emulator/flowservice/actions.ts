import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { AppEnv } from "../platform/context.js";
import { checkOptionalIfMatch, ifMatchOf } from "../platform/etag.js";
import { optionalHeader } from "../platform/headers.js";
import { FLOW, flowError, flowNotFound } from "../platform/errors.js";
import type { Document } from "../store/entities.js";
import { completedOperation, touched, type FlowContext } from "./context.js";
import type { ResourceDefinition } from "./resources.js";
import { FlowServiceError, IdEtag } from "./schemas.js";

/**
 * POST /{collection}/{id}/action?op=...: enable and disable flows, publish drafts. The spec writes
 * the operations upper-case with a required subOp, an array (repeated, or comma-separated as Java
 * binds a list); the docs send them lower-case without one, so all are accepted.
 */
const SUB_OPERATIONS = new Set(["apply", "rollback", "progress"]);

export function registerActionRoute(
  app: OpenAPIHono<AppEnv>,
  resource: ResourceDefinition,
  contextOf: (c: Context<AppEnv>) => FlowContext,
): void {
  const operations = resource.collection === "flows" ? ["enable", "disable", "publish"] : ["publish"];
  app.openapi(
    createRoute({
      method: "post",
      path: `/${resource.collection}/{id}/action`,
      tags: ["Flow Service"],
      summary: `Run an action on a ${resource.noun} (${operations.join(", ")})`,
      request: {
        params: z.object({ id: z.string().openapi({ param: { name: "id", in: "path" } }) }),
        query: z.object({
          op: z.string().openapi({ description: `One of ${operations.join(", ")} (any case)` }),
          subOp: z
            .union([z.string(), z.array(z.string())])
            .optional()
            .openapi({ description: "APPLY, ROLLBACK or PROGRESS (optional; repeated or comma-separated for several)" }),
        }),
      },
      parameters: [optionalHeader("if-match", "The entity's etag (optional; or the if-match query parameter)")],
      responses: {
        200: { description: "Done", content: { "application/json": { schema: IdEtag } } },
        400: { description: "Action not allowed", content: { "application/json": { schema: FlowServiceError } } },
        404: { description: "Not found", content: { "application/json": { schema: FlowServiceError } } },
      },
    }),
    async (c) => {
      const ctx = contextOf(c);
      const { id } = c.req.valid("param");
      const { op, subOp } = c.req.valid("query");
      const operation = checkOperation(op, subOp, operations);
      const ifMatch = ifMatchOf(c.req.header("if-match"), c.req.query("if-match"));
      const result = await ctx.deps.store.grouped(() => {
        const current = ctx.entities.get(ctx.tenant, resource.collection, id);
        if (current === undefined) throw flowNotFound(resource.collection, id);
        checkOptionalIfMatch(ifMatch, String(current.etag));
        const state = nextState(ctx, operation, current);
        let next = touched(ctx, { ...current, state });
        if (resource.recordsOperations) next = { ...next, lastOperation: completedOperation(ctx, operation) };
        ctx.entities.update(ctx.tenant, resource.collection, id, next);
        return { id, etag: String(next.etag) };
      });
      return c.json(result, 200);
    },
  );
}

function checkOperation(op: string, subOp: string | string[] | undefined, allowed: string[]): string {
  const operation = op.toLowerCase();
  if (operation === "finalize" || operation === "finalize_update") {
    throw flowError(FLOW.providerOnlyAction, `The action '${operation}' is supported for provider requests only.`);
  }
  if (!allowed.includes(operation)) {
    throw flowError(FLOW.invalidRequest, `The request could not be processed. Unsupported action '${op}'; use one of ${allowed.join(", ")}.`);
  }
  checkSubOperations(subOperationsOf(subOp), operation);
  return operation;
}

function subOperationsOf(subOp: string | string[] | undefined): string[] {
  const values = subOp === undefined ? [] : Array.isArray(subOp) ? subOp : [subOp];
  return values.flatMap((value) => value.split(",")).map((value) => value.trim()).filter((value) => value !== "");
}

/** Only a provider reports progress: alone it is 1436, with other sub operations 1406. */
function checkSubOperations(subOperations: string[], operation: string): void {
  const unsupported = subOperations.find((sub) => !SUB_OPERATIONS.has(sub.toLowerCase()));
  if (unsupported !== undefined) {
    throw flowError(
      FLOW.unsupportedSubAction,
      `Unsupported sub action '${unsupported}' received. Please use one of the supported sub action types and try again.`,
    );
  }
  const progress = subOperations.find((sub) => sub.toLowerCase() === "progress");
  if (progress === undefined) return;
  if (subOperations.length > 1) {
    throw flowError(
      FLOW.progressWithOthers,
      "The sub operation 'progress' cannot be applied with other sub operations. Please update the sub operations list and try again.",
    );
  }
  throw flowError(FLOW.unsupportedSubOperation, `Unsupported sub operation ${progress.toUpperCase()} received for operation ${operation}.`);
}

function nextState(ctx: FlowContext, operation: string, current: Document): string {
  const state = String(current.state);
  const from: Record<string, string> = { enable: "disabled", disable: "enabled", publish: "draft" };
  if (state !== from[operation]) {
    throw flowError(
      FLOW.actionNotAllowed,
      `The action ${operation} cannot be applied on the current state ${state}. Please update the action and try again.`,
    );
  }
  if (operation === "publish") requirePublishedReferences(ctx, current);
  return operation === "disable" ? "disabled" : "enabled";
}

/** A draft cannot be published while what it refers to is still a draft. */
function requirePublishedReferences(ctx: FlowContext, doc: Document): void {
  const references: [string, unknown][] = [
    ["connections", doc.baseConnectionId],
    ...((doc.sourceConnectionIds as string[] | undefined) ?? []).map((id): [string, unknown] => ["sourceConnections", id]),
    ...((doc.targetConnectionIds as string[] | undefined) ?? []).map((id): [string, unknown] => ["targetConnections", id]),
  ];
  for (const [collection, id] of references) {
    if (typeof id !== "string") continue;
    const referenced = ctx.entities.get(ctx.tenant, collection, id);
    if (referenced?.state === "draft") {
      throw flowError(
        FLOW.actionNotAllowed,
        `The action publish cannot be applied while the referenced ${collection} resource ${id} is still in draft state.`,
      );
    }
  }
}
