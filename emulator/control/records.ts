import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv, Deps } from "../platform/context.js";
import { DEFAULT_SANDBOX } from "../platform/gateway.js";
import { placeholderError } from "../platform/errors.js";
import { ensureTenantSeeded } from "../fixtures/registry.js";
import { RecordRepository } from "../inlet/records.js";
import { EntityRepository } from "../store/entities.js";
import { ControlError, strictQuery } from "./schemas.js";

/** Digits only: z.coerce.number() read "" as 0 and "0x10" as 16. */
const decimal = z.string().regex(/^\d{1,15}$/, "must be a whole number").transform(Number);

/**
 * GET /_emulator/datasets/{datasetId}/records: what the inlet wrote to a dataset, ingested and
 * failed, oldest first. The tenant comes from x-gw-ims-org-id and x-sandbox-name, as on the
 * platform paths; no credentials are needed.
 */
const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 1000;

const StoredRecord = z
  .object({
    id: z.string(),
    datasetId: z.string(),
    flowId: z.string(),
    inletId: z.string(),
    xactionId: z.string(),
    receivedTimeMs: z.number().int(),
    status: z.enum(["ingested", "failed"]),
    record: z.unknown().openapi({ description: "The XDM record (for a failed one, what mapping produced)" }),
    raw: z.unknown().openapi({ description: "The event as it arrived" }),
    errors: z.array(z.record(z.string(), z.unknown())),
  })
  .openapi("DatasetRecord");

export function recordRoutes(deps: Deps, newRouter: () => OpenAPIHono<AppEnv>): OpenAPIHono<AppEnv> {
  const app = newRouter();
  const records = new RecordRepository(deps.store.db);
  const entities = new EntityRepository(deps.store.db);

  app.openapi(
    createRoute({
      method: "get",
      path: "/datasets/{datasetId}/records",
      tags: ["Emulator control plane"],
      summary: "Records the inlet wrote to a dataset (x-gw-ims-org-id and x-sandbox-name pick the tenant)",
      request: {
        params: z.object({ datasetId: z.string().openapi({ param: { name: "datasetId", in: "path" } }) }),
        headers: z.object({
          "x-gw-ims-org-id": z.string().min(1).openapi({ description: "The tenant's org" }),
          "x-sandbox-name": z.string().optional().openapi({ description: "Defaults to prod" }),
        }),
        query: strictQuery({
          limit: decimal.pipe(z.number().int().min(1)).optional().openapi({ description: `Page size (default ${DEFAULT_LIMIT}, at most ${MAX_LIMIT})` }),
          after: decimal.pipe(z.number().int().min(0)).optional().openapi({ description: "The cursor from the previous page's next" }),
          flowId: z.string().optional(),
          status: z.enum(["ingested", "failed"]).optional(),
        }),
      },
      responses: {
        200: {
          description: "A page of records",
          content: {
            "application/json": {
              schema: z.object({
                items: z.array(StoredRecord),
                next: z.string().optional(),
                _links: z.object({ next: z.object({ href: z.string() }).optional() }),
              }),
            },
          },
        },
        400: {
          description: "A bad limit, after or status, a query parameter the route does not know, or no x-gw-ims-org-id",
          content: { "application/json": { schema: ControlError } },
        },
        404: { description: "No such dataset in the tenant" },
      },
    }),
    (c) => {
      const { datasetId } = c.req.valid("param");
      const headers = c.req.valid("header");
      const tenant = { imsOrgId: headers["x-gw-ims-org-id"], sandboxName: headers["x-sandbox-name"] || DEFAULT_SANDBOX };
      c.set("tenant", tenant);
      ensureTenantSeeded(deps, tenant);
      if (entities.get(tenant, "catalog/dataSets", datasetId) === undefined) {
        throw placeholderError(404, "NotFoundError", `The dataset ${datasetId} is not found in ${tenant.imsOrgId}/${tenant.sandboxName}.`);
      }
      const query = c.req.valid("query");
      const limit = Math.min(query.limit ?? DEFAULT_LIMIT, MAX_LIMIT);
      const page = records.list(tenant, { datasetId, flowId: query.flowId, status: query.status, after: query.after, limit });
      if (page.next === undefined) return c.json({ items: page.items, _links: {} }, 200);
      const next = new URLSearchParams({ after: String(page.next), limit: String(limit) });
      if (query.flowId) next.set("flowId", query.flowId);
      if (query.status) next.set("status", query.status);
      return c.json(
        { items: page.items, next: String(page.next), _links: { next: { href: `/_emulator/datasets/${datasetId}/records?${next}` } } },
        200,
      );
    },
  );
  return app;
}
