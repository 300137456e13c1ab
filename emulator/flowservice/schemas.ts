import { z } from "@hono/zod-openapi";
import { optionalField } from "../platform/optional-field.js";

/**
 * Request bodies of the Flow Service creates, as relaxed by Adobe's docs: the spec marks more
 * fields required than the documented requests send. Unknown fields are kept, as the service does;
 * a typed optional field sent as null counts as absent (optionalField). Opaque `params` maps are
 * stored as sent (a null map counts as absent).
 */

export const SpecRef = z
  .looseObject({
    id: z.string().min(1),
    version: optionalField(z.string().min(1)),
  })
  .openapi("SpecInfo");

const Description = optionalField(z.string());
const Id = optionalField(z.string().min(1));
const Format = optionalField(z.string().min(1));
/** A map stored as sent: its values keep their nulls, a null map is absent. */
const Params = optionalField(z.record(z.string(), z.unknown()));

export const CreateConnection = z
  .looseObject({
    name: z.string().min(1),
    description: Description,
    connectionSpec: SpecRef,
    auth: optionalField(
      z.looseObject({
        specName: optionalField(z.string().min(1)),
        params: Params,
      }),
    ),
  })
  .openapi("CreateConnectionRequest");

export const CreateSourceConnection = z
  .looseObject({
    name: z.string().min(1),
    description: Description,
    baseConnectionId: Id,
    connectionSpec: SpecRef,
    data: optionalField(z.looseObject({ format: Format })),
    params: Params,
  })
  .openapi("CreateSourceConnectionRequest");

export const CreateTargetConnection = z
  .looseObject({
    name: optionalField(z.string().min(1)),
    description: Description,
    baseConnectionId: Id,
    connectionSpec: SpecRef,
    data: z.looseObject({
      format: Format,
      schema: optionalField(z.looseObject({ id: z.string().min(1), version: optionalField(z.string().min(1)) })),
    }),
    params: Params,
  })
  .openapi("CreateTargetConnectionRequest");

export const Transformation = z
  .looseObject({
    name: z.string().min(1),
    params: z.record(z.string(), z.unknown()),
  })
  .openapi("FlowTransformation");

export const ScheduleParams = z
  .looseObject({
    startTime: optionalField(z.union([z.number().int(), z.string().regex(/^[0-9]+$/)])),
    frequency: optionalField(z.enum(["once", "minute", "hour", "day", "week"])),
    interval: optionalField(z.union([z.number().int().positive(), z.string().regex(/^[0-9]+$/)])),
    backfill: optionalField(z.union([z.boolean(), z.enum(["true", "false"])])),
  })
  .openapi("ScheduleParams");

export const CreateFlow = z
  .looseObject({
    name: z.string().min(1),
    description: Description,
    flowSpec: SpecRef,
    sourceConnectionIds: z.array(z.string().min(1)).min(1),
    targetConnectionIds: z.array(z.string().min(1)).min(1),
    transformations: optionalField(z.array(Transformation)),
    scheduleParams: optionalField(ScheduleParams),
  })
  .openapi("CreateFlowRequest");

export const CreateRun = z
  .looseObject({
    flowId: optionalField(z.string()),
    params: Params,
  })
  .openapi("CreateFlowRunRequest");

export const IdEtag = z
  .object({
    id: z.string().openapi({ example: "4982698b-e6b3-48c2-8dcf-040e20121fd2" }),
    etag: z.string().openapi({ example: '"4c012103-0000-0200-0000-63ef57db0000"' }),
  })
  .openapi("CreateResponse");

export const Item = z.record(z.string(), z.unknown());

export const ItemList = z
  .object({
    items: z.array(Item),
    _links: z.object({ next: z.object({ href: z.string() }).optional() }).optional(),
  })
  .openapi("ListResponse");

export const CountResponse = z.object({ count: z.number().int() }).openapi("CountResponse");

/** Checked by platform/json-patch.ts, which answers Adobe's own codes (1405, 1434, 1455). */
export const PatchBody = z
  .union([z.array(z.unknown()), z.record(z.string(), z.unknown())])
  .openapi("PatchInstructions", {
    description: "JSON Patch: [{op: add|replace|remove, path, value}] (a single instruction object is accepted too).",
  });

export const FlowServiceError = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    report: z.record(z.string(), z.unknown()),
    errorMessage: z.string(),
    errorDetails: z.string(),
  })
  .openapi("FlowServiceError");

const OneOrMany = z.union([z.string(), z.array(z.string())]);

/** Query parameters of every Flow Service list (platform/query.ts parses them). */
export const ListQueryParams = z.object({
  property: OneOrMany.optional().openapi({
    description: "Filter such as state==enabled; repeat to AND filters, separate values with commas to OR them",
  }),
  orderby: z.string().optional().openapi({ description: "Field to sort by; prefix + (ascending) or - (descending)" }),
  limit: z.string().optional().openapi({ description: "Page size (default 100, at most 1000)" }),
  continuationToken: z.string().optional().openapi({ description: "From _links.next.href of the previous page" }),
  count: z.string().optional().openapi({ description: "true answers {count} only" }),
});

export const PropertyQueryParams = z.object({
  property: OneOrMany.optional().openapi({ description: "Filter such as name==CloudStorageToAEP" }),
});

/** The error answers every Flow Service route documents in /openapi.json. */
export const flowErrorResponses = {
  400: { description: "Invalid request", content: { "application/json": { schema: FlowServiceError } } },
  404: { description: "Not found", content: { "application/json": { schema: FlowServiceError } } },
};
