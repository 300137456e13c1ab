import { z } from "@hono/zod-openapi";

/** The error body every Data Prep route answers (platform/errors.ts dataprepError). */
export const DataPrepError = z
  .object({
    type: z.string().openapi({ example: "http://ns.adobe.com/aep/errors/MAPPER-1200-404" }),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    report: z.looseObject({ "detailed-message": z.string(), "request-id": z.string() }),
  })
  .openapi("DataPrepError");

export const errorResponses = {
  400: { description: "Invalid request", content: { "application/json": { schema: DataPrepError } } },
  404: { description: "Not found", content: { "application/json": { schema: DataPrepError } } },
};
