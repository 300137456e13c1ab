import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { AppEnv, Deps } from "../platform/context.js";
import { MAX_JSON_DEPTH } from "../platform/body.js";
import { placeholderError } from "../platform/errors.js";
import { ControlError, strictQuery } from "./schemas.js";
import { DEFAULT_SANDBOX } from "../platform/gateway.js";
import { type FixtureSet, FixtureSetSchema } from "../fixtures/format.js";
import { parseFixtureSet } from "../fixtures/loader.js";
import { FixtureError, type FixtureRegistration, listFixtureSets, registerInOrder } from "../fixtures/registry.js";
import { parseYaml, toYaml, YamlTooDeep } from "../fixtures/yaml.js";
import { exportAll, exportedDocument, exportedJson, exportTenant, textStream } from "./export.js";

/**
 * How deep a seed's JSON may nest: an export holds documents of up to MAX_JSON_DEPTH levels three
 * levels down (a list of sets, a set, one of its collections), and a record's message one level
 * further (in the record), and seeds back as it is; each document, and each message, is still held
 * to MAX_JSON_DEPTH (parseFixtureSet).
 */
export const SEED_MAX_JSON_DEPTH = MAX_JSON_DEPTH + 4;

/**
 * POST /_emulator/seed registers fixture sets at run time, through the same code as FIXTURES at
 * start-up (JSON or YAML, one set or a list); GET lists the registered sets; GET /export answers
 * the state as fixture sets that seed loads back unchanged. Reset keeps registered sets: tenants
 * get fresh copies on their next request.
 */
export function seedRoutes(deps: Deps, newRouter: () => OpenAPIHono<AppEnv>): OpenAPIHono<AppEnv> {
  const app = newRouter();
  const tags = ["Emulator control plane"];
  const Scope = z.union([z.literal("global"), z.object({ imsOrgId: z.string(), sandboxName: z.string() })]);
  const Registered = z
    .object({
      name: z.string(),
      scope: Scope,
      revision: z.string(),
      tenantId: z.string().optional(),
      loaded: z.record(z.string(), z.array(z.string())),
    })
    .openapi("FixtureSetRegistered");
  const Registration = Registered.extend({ status: z.enum(["created", "updated", "unchanged"]) }).openapi("FixtureSetRegistration");
  const Answer = z.union([Registration, z.object({ fixtureSets: z.array(Registration) })]);
  // Declared, not validated by the router: the handler parses JSON or YAML itself and checks every
  // set with the same parser as FIXTURES.
  const fixtureSetRef = { $ref: "#/components/schemas/FixtureSet" };
  const seedBody = { oneOf: [fixtureSetRef, { type: "array", items: fixtureSetRef }] };

  app.openapi(
    createRoute({
      method: "post",
      path: "/seed",
      tags,
      summary: "Register fixture sets (schemas, field groups, datasets, mapping sets, connections, flows with fixed ids, runs, dataset records); idempotent",
      description:
        "One fixture set, or a list (what GET /_emulator/export answers), as JSON or YAML (Content-Type application/yaml or text/yaml). " +
        "Without org a set is global: every tenant gets its own copy on its first request. With org (and sandbox, default prod) it is written into that tenant now, " +
        "after the tenant has received the global sets. A list is registered in one transaction: all or nothing.",
      request: {
        // The scope is the set's own org: a ?org= would be ignored, and the set registered for every tenant.
        query: strictQuery({}),
        body: {
          content: {
            "application/json": { schema: seedBody as never },
            "application/yaml": { schema: seedBody as never },
          },
        },
      },
      responses: {
        201: { description: "Registered (new, or a new revision); a list answers {fixtureSets: [...]}", content: { "application/json": { schema: Answer } } },
        200: { description: "Already registered with the same content", content: { "application/json": { schema: Answer } } },
        400: { description: "Not a valid fixture set, or a query parameter (the route takes none); nothing was written", content: { "application/json": { schema: ControlError } } },
        415: { description: "Neither JSON nor YAML", content: { "application/json": { schema: ControlError } } },
      },
    }),
    async (c) => {
      const data = await seedBodyOf(c);
      const many = Array.isArray(data);
      const sets = (many ? data : [data]).map((item, index) => parsed(item, many ? `at index ${index}` : "in the request body"));
      const registrations = deps.store.transaction(() => registered(deps, sets));
      const changed = registrations.some((registration) => registration.status !== "unchanged");
      if (!many) return c.json(registrations[0], changed ? 201 : 200);
      return c.json({ fixtureSets: registrations }, changed ? 201 : 200);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/seed",
      tags,
      summary: "The registered fixture sets",
      responses: { 200: { description: "Fixture sets", content: { "application/json": { schema: z.object({ fixtureSets: z.array(Registered) }) } } } },
    }),
    (c) => c.json({ fixtureSets: listFixtureSets(deps) }, 200),
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/export",
      tags,
      summary: "The state as fixture sets that POST /_emulator/seed loads back unchanged",
      description:
        "With org (and sandbox, default prod): that tenant's state as one fixture set. Without: a list, one fixture set per tenant that holds state. " +
        "Documents keep their ids, etags, timestamps and versions; records (what the inlet wrote to the tenant's datasets) follow them, oldest first. format=yaml answers YAML.",
      request: {
        query: strictQuery({
          org: z.string().min(1).optional().openapi({ description: "x-gw-ims-org-id of the tenant to export" }),
          sandbox: z.string().min(1).optional().openapi({ description: "x-sandbox-name (default prod); needs org" }),
          format: z.enum(["json", "yaml"]).optional().openapi({ description: "json (default) or yaml" }),
        }),
      },
      responses: {
        200: {
          description: "A fixture set (with org) or a list of them",
          content: {
            "application/json": { schema: z.union([FixtureSetSchema, z.array(FixtureSetSchema)]) },
            "application/yaml": { schema: z.string() },
          },
        },
        400: {
          description: "A query parameter the route does not know; sandbox without org; format=yaml of a state nested too deep for YAML",
          content: { "application/json": { schema: ControlError } },
        },
      },
    }),
    (c) => {
      const { org, sandbox, format } = c.req.valid("query");
      if (org === undefined && sandbox !== undefined) {
        throw placeholderError(400, "BadRequestError", "sandbox needs org: export one tenant with ?org=...&sandbox=...");
      }
      const state = org === undefined ? exportAll(deps) : exportTenant(deps, { imsOrgId: org, sandboxName: sandbox ?? DEFAULT_SANDBOX });
      if (format === "yaml") {
        const document = Array.isArray(state) ? state.map(exportedDocument) : exportedDocument(state);
        return c.body(yamlOf(document), 200, { "Content-Type": "application/yaml; charset=utf-8" });
      }
      return c.body(textStream(exportedJson(state)), 200, { "Content-Type": "application/json" });
    },
  );

  return app;
}

function registered(deps: Deps, sets: FixtureSet[]): FixtureRegistration[] {
  try {
    return registerInOrder(deps, sets);
  } catch (error) {
    if (error instanceof FixtureError) throw placeholderError(400, "BadRequestError", error.message);
    throw error;
  }
}

function parsed(data: unknown, source: string): FixtureSet {
  try {
    return parseFixtureSet(data, source);
  } catch (error) {
    if (error instanceof FixtureError) throw placeholderError(400, "BadRequestError", error.message);
    throw error;
  }
}

function yamlOf(state: unknown): string {
  try {
    return toYaml(state);
  } catch (error) {
    if (error instanceof YamlTooDeep) throw placeholderError(400, "BadRequestError", `The state is ${error.message}: export it as JSON.`);
    throw error;
  }
}

const YAML_MEDIA_TYPE = /^(application|text)\/(x-)?yaml\s*(;.*)?$/i;
const JSON_MEDIA_TYPE = /^application\/([a-z0-9.+-]+\+)?json\s*(;.*)?$/i;

async function seedBodyOf(c: Context<AppEnv>): Promise<unknown> {
  const contentType = c.req.header("content-type")?.trim();
  const yaml = contentType !== undefined && YAML_MEDIA_TYPE.test(contentType);
  if (contentType !== undefined && contentType !== "" && !yaml && !JSON_MEDIA_TYPE.test(contentType)) {
    throw placeholderError(415, "UnsupportedMediaTypeError", `Send fixture sets as application/json or application/yaml, not ${contentType}.`);
  }
  const text = await c.req.text();
  if (text.trim() === "") throw placeholderError(400, "BadRequestError", "The request body is empty: send a fixture set or a list of them.");
  try {
    return yaml ? parseYaml(text) : JSON.parse(text);
  } catch (error) {
    const message = error instanceof Error ? error.message.split("\n")[0] : String(error);
    throw placeholderError(400, "BadRequestError", `The request body is not valid ${yaml ? "YAML" : "JSON"}: ${message}`);
  }
}
