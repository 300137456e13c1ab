import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../platform/context.js";
import { optionalField } from "../platform/optional-field.js";
import { functionCatalogue, operatorCatalogue, validateExpression } from "./mapping/index.js";
import { errorResponses as errors } from "./responses.js";

/**
 * The expression language: GET /languages/el/functions and /operators list what the engine
 * implements; POST /languages/el/validate parses an expression. The docs answer
 * `{validationStatus: "succeeded", error: "none"}`; an expression that does not parse is answered
 * in the same shape, `failed` with the parser's message, since that is what `error` is for.
 */

const ExpressionValidationBody = z
  .looseObject({
    expression: z
      .union([z.string(), z.looseObject({ expression: z.string() })])
      .openapi({ description: "The expression (the spec's example nests it in {expression}, which is accepted too)" }),
    mappingSetId: optionalField(z.string()),
    sampleData: optionalField(z.string()),
    sampleDataType: optionalField(z.string()),
  })
  .openapi("ValidationRequest", { example: { expression: 'concat("Hi", ",", "there", "!")' } });

const ExpressionValidation = z
  .object({ validationStatus: z.enum(["succeeded", "failed"]), error: z.string() })
  .openapi("ExpressionValidation", { example: { validationStatus: "succeeded", error: "none" } });

const FunctionDoc = z
  .looseObject({
    category: z.string(),
    function: z.string(),
    description: z.string(),
    syntax: z.string(),
    returns: z.string(),
    returnType: z.string(),
    example: z.string(),
    result: z.string(),
    params: z.array(z.looseObject({ name: z.string(), description: z.string(), type: z.string(), dataType: z.string(), position: z.number().int() })),
    since: z.number().int(),
  })
  .openapi("MappingFunction");

const OperatorDoc = z
  .looseObject({ operatorSymbol: z.string(), methodName: z.string(), numberOfOperands: z.number().int(), description: z.string(), example: z.string() })
  .openapi("MappingOperator");

export function registerLanguageRoutes(app: OpenAPIHono<AppEnv>): void {
  const tags = ["Data Prep functions"];

  app.openapi(
    createRoute({
      method: "post",
      path: "/languages/el/validate",
      tags,
      summary: "Validate an expression",
      request: { body: { content: { "application/json": { schema: ExpressionValidationBody } }, required: true } },
      responses: { 200: { description: "Whether the expression parses", content: { "application/json": { schema: ExpressionValidation } } }, ...errors },
    }),
    (c) => {
      const { expression } = c.req.valid("json");
      const result = validateExpression(typeof expression === "string" ? expression : expression.expression);
      if (result.valid) return c.json({ validationStatus: "succeeded" as const, error: "none" }, 200);
      return c.json({ validationStatus: "failed" as const, error: `${result.message} (at position ${result.position})` }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/languages/el/functions",
      tags,
      summary: "List the mapping functions",
      responses: { 200: { description: "Every function the engine implements", content: { "application/json": { schema: z.array(FunctionDoc) } } }, ...errors },
    }),
    (c) => c.json(functionCatalogue, 200),
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/languages/el/operators",
      tags,
      summary: "List the expression operators",
      responses: { 200: { description: "Every operator", content: { "application/json": { schema: z.array(OperatorDoc) } } }, ...errors },
    }),
    (c) => c.json(operatorCatalogue, 200),
  );
}
