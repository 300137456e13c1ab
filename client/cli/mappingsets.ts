import { collect } from "../http.js";
import type { MappingSetRequest } from "../types.js";
import { jsonInput, optionalInteger, optionalLimit, required, UsageError } from "./args.js";
import type { Command } from "./context.js";
import { column, time } from "./table.js";

/** Data Prep mapping sets: list/get/create/update (PUT, a new version); Data Prep has no DELETE. */
type Row = Record<string, any>;

const COLUMNS = [
  column<Row>("id", (row) => row.id),
  column<Row>("version", (row) => row.version),
  column<Row>("status", (row) => row.status),
  column<Row>("output schema", (row) => row.outputSchema?.schemaRef?.id ?? row.xdmSchema),
  column<Row>("mappings", (row) => (Array.isArray(row.mappings) ? row.mappings.length : undefined)),
  column<Row>("modified", (row) => time(row.modifiedDate)),
];

function mappingSetBody(body: unknown): MappingSetRequest {
  if (body === null || typeof body !== "object" || !Array.isArray((body as MappingSetRequest).mappings)) {
    throw new UsageError('A mapping set body needs "mappings": [...] (and usually "outputSchema").');
  }
  return body as MappingSetRequest;
}

export const MAPPING_SET_COMMANDS: Record<string, Command> = {
  "mapping-sets list": {
    usage: "mapping-sets list [--limit <n>]",
    summary: "List mapping sets (every page)",
    async run(ctx) {
      const limit = optionalLimit(ctx.values);
      const pageSize = limit === undefined ? undefined : Math.min(limit, 100);
      ctx.out.table(await collect(ctx.client.dataPrep.mappingSets.list({ limit: pageSize }), limit ?? Infinity), COLUMNS);
    },
  },
  "mapping-sets get": {
    usage: "mapping-sets get <id> [--version <n>]",
    summary: "Show a mapping set (its current version, or --version)",
    async run(ctx) {
      const version = optionalInteger(ctx.values.version, "--version");
      ctx.out.record(await ctx.client.dataPrep.mappingSets.get(required(ctx.args, 0, "id"), { version }));
    },
  },
  "mapping-sets create": {
    usage: "mapping-sets create (--file <body.json> | --data <json>)",
    summary: "Create a mapping set (version 0)",
    async run(ctx) {
      const body = mappingSetBody(jsonInput(ctx.values, ctx.io.cwd, ctx.io.readStdin));
      ctx.out.record(await ctx.client.dataPrep.mappingSets.create(body));
    },
  },
  "mapping-sets update": {
    usage: "mapping-sets update <id> (--file <body.json> | --data <json>)",
    summary: "Replace a mapping set: a new version",
    async run(ctx) {
      const id = required(ctx.args, 0, "id");
      const body = mappingSetBody(jsonInput(ctx.values, ctx.io.cwd, ctx.io.readStdin));
      const updated = await ctx.client.dataPrep.mappingSets.update(id, body);
      ctx.out.print(updated, () => `updated ${updated.id}: version ${updated.version}\n`);
    },
  },
  "mapping-sets delete": {
    usage: "mapping-sets delete <id>",
    summary: "Refused: Data Prep's API has no DELETE for mapping sets",
    async run() {
      throw new UsageError("Data Prep's API has no DELETE for mapping sets; a flow stops using one when you PATCH its transformations.");
    },
  },
};
