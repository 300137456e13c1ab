import type { FlowEntities, Specs } from "../flowservice.js";
import { collect } from "../http.js";
import type { AepClient } from "../index.js";
import type { FlowListQuery, PatchOperation } from "../types.js";
import { jsonInput, optionalLimit, required, UsageError, type Values } from "./args.js";
import type { Command, CommandContext } from "./context.js";
import { type Column, column, time } from "./table.js";

/**
 * Flow Service commands: list/get/create/update/delete/publish for connections, source and target
 * connections and flows; flows enable|disable; runs list|get; connection-specs and flow-specs.
 */
type Row = Record<string, any>;

interface EntityGroup {
  name: string;
  noun: string;
  pick: (client: AepClient) => FlowEntities<any, any>;
  columns: Column<Row>[];
}

const id = column<Row>("id", (row) => row.id);
const name = column<Row>("name", (row) => row.name);
const state = column<Row>("state", (row) => row.state);
const updated = column<Row>("updated", (row) => time(row.updatedAt));
const spec = column<Row>("connection spec", (row) => row.connectionSpec?.id);

const GROUPS: EntityGroup[] = [
  { name: "connections", noun: "base connection", pick: (c) => c.flowService.connections, columns: [id, name, spec, state, updated] },
  {
    name: "source-connections",
    noun: "source connection",
    pick: (c) => c.flowService.sourceConnections,
    columns: [id, name, spec, column("base connection", (row) => row.baseConnectionId), state, updated],
  },
  {
    name: "target-connections",
    noun: "target connection",
    pick: (c) => c.flowService.targetConnections,
    columns: [id, name, spec, column("dataset", (row) => row.params?.dataSetId), state, updated],
  },
  {
    name: "flows",
    noun: "flow",
    pick: (c) => c.flowService.flows,
    columns: [id, name, column("flow spec", (row) => row.flowSpec?.id), state, column("inletUrl", (row) => row.options?.inletUrl), updated],
  },
];

const RUN_COLUMNS: Column<Row>[] = [
  id,
  column("flow", (row) => row.flowId),
  column("status", (row) => row.metrics?.statusSummary?.status),
  column("input", (row) => row.metrics?.recordSummary?.inputRecordCount),
  column("output", (row) => row.metrics?.recordSummary?.outputRecordCount),
  column("failed", (row) => row.metrics?.recordSummary?.failedRecordCount),
  column("started", (row) => time(row.metrics?.durationSummary?.startedAtUTC ?? row.createdAt)),
];

const SPEC_COLUMNS: Column<Row>[] = [id, name, column("provider", (row) => row.providerId), column("version", (row) => row.version)];

/** --property, --orderby and --limit (which caps the items shown and sets the page size). */
export function listQueryOf(values: Values): { query: FlowListQuery; max: number } {
  const limit = optionalLimit(values);
  return {
    query: { property: values.property, orderby: values.orderby, limit: limit === undefined ? undefined : Math.min(limit, 1000) },
    max: limit ?? Infinity,
  };
}

function entityCommands(group: EntityGroup): Record<string, Command> {
  const entities = (ctx: CommandContext) => group.pick(ctx.client);
  const commands: Record<string, Command> = {
    [`${group.name} list`]: {
      usage: `${group.name} list [--property <filter>]... [--orderby <field>] [--limit <n>]`,
      summary: `List ${group.noun}s (every page)`,
      async run(ctx) {
        const { query, max } = listQueryOf(ctx.values);
        ctx.out.table(await collect(entities(ctx).list(query), max), group.columns);
      },
    },
    [`${group.name} get`]: {
      usage: `${group.name} get <id>`,
      summary: `Show a ${group.noun}`,
      async run(ctx) {
        ctx.out.record(await entities(ctx).get(required(ctx.args, 0, "id")));
      },
    },
    [`${group.name} create`]: {
      usage: `${group.name} create (--file <body.json> | --data <json>) [--mode draft]`,
      summary: `Create a ${group.noun}`,
      async run(ctx) {
        const mode = modeOf(ctx.values.mode);
        ctx.out.record({ ...(await entities(ctx).create(jsonInput(ctx.values, ctx.io.cwd, ctx.io.readStdin), { mode })) });
      },
    },
    [`${group.name} update`]: {
      usage: `${group.name} update <id> (--file <patch.json> | --data <json>) [--if-match <etag>]`,
      summary: `JSON Patch a ${group.noun} (without --if-match: read its etag, patch, retry on 412)`,
      async run(ctx) {
        const entityId = required(ctx.args, 0, "id");
        const operations = patchOf(jsonInput(ctx.values, ctx.io.cwd, ctx.io.readStdin));
        const ifMatch = ctx.values["if-match"];
        const updated =
          ifMatch === undefined
            ? await entities(ctx).modify(entityId, () => operations)
            : await entities(ctx).update(entityId, operations, { ifMatch });
        ctx.out.record({ ...updated });
      },
    },
    [`${group.name} delete`]: {
      usage: `${group.name} delete <id>`,
      summary: `Delete a ${group.noun}`,
      async run(ctx) {
        const entityId = required(ctx.args, 0, "id");
        await entities(ctx).delete(entityId);
        ctx.out.record({ id: entityId, deleted: true });
      },
    },
    [`${group.name} publish`]: {
      usage: `${group.name} publish <id> [--if-match <etag>]`,
      summary: `Publish a draft ${group.noun}`,
      async run(ctx) {
        ctx.out.record({ ...(await entities(ctx).publish(required(ctx.args, 0, "id"), { ifMatch: ctx.values["if-match"] })) });
      },
    },
  };
  return commands;
}

function modeOf(mode: string | undefined): "draft" | undefined {
  if (mode === undefined) return undefined;
  if (mode !== "draft") throw new UsageError(`--mode takes "draft", not "${mode}".`);
  return mode;
}

/** A JSON Patch array, or one instruction object. */
function patchOf(body: unknown): PatchOperation[] {
  const operations = Array.isArray(body) ? body : [body];
  const valid = operations.every((op) => op !== null && typeof op === "object" && typeof op.op === "string" && typeof op.path === "string");
  if (!valid || operations.length === 0) {
    throw new UsageError('The patch must be [{"op": "add|replace|remove", "path": "/...", "value": ...}].');
  }
  return operations as PatchOperation[];
}

function flowActions(): Record<string, Command> {
  const action = (op: "enable" | "disable"): Command => ({
    usage: `flows ${op} <id> [--if-match <etag>]`,
    summary: `${op === "enable" ? "Enable" : "Disable"} a flow`,
    async run(ctx) {
      const flows = ctx.client.flowService.flows;
      const flowId = required(ctx.args, 0, "id");
      ctx.out.record({ ...(await flows[op](flowId, { ifMatch: ctx.values["if-match"] })) });
    },
  });
  return { "flows enable": action("enable"), "flows disable": action("disable") };
}

const RUN_COMMANDS: Record<string, Command> = {
  "runs list": {
    usage: "runs list [--flow <id>] [--property <filter>]... [--orderby <field>] [--limit <n>]",
    summary: "List flow runs, of one flow with --flow",
    async run(ctx) {
      const { query, max } = listQueryOf(ctx.values);
      ctx.out.table(await collect(ctx.client.flowService.runs.list({ ...query, flowId: ctx.values.flow }), max), RUN_COLUMNS);
    },
  },
  "runs get": {
    usage: "runs get <id>",
    summary: "Show a flow run",
    async run(ctx) {
      ctx.out.record(await ctx.client.flowService.runs.get(required(ctx.args, 0, "id")));
    },
  },
};

function specCommands(groupName: string, pick: (client: AepClient) => Specs<any>, noun: string): Record<string, Command> {
  return {
    [`${groupName} list`]: {
      usage: `${groupName} list [--property <filter>]...`,
      summary: `List ${noun}s`,
      async run(ctx) {
        ctx.out.table(await collect(pick(ctx.client).list({ property: ctx.values.property })), SPEC_COLUMNS);
      },
    },
    [`${groupName} get`]: {
      usage: `${groupName} get <id>`,
      summary: `Show a ${noun}`,
      async run(ctx) {
        ctx.out.record(await pick(ctx.client).get(required(ctx.args, 0, "id")));
      },
    },
  };
}

export const FLOW_SERVICE_COMMANDS: Record<string, Command> = {
  ...Object.assign({}, ...GROUPS.map(entityCommands)),
  ...flowActions(),
  ...RUN_COMMANDS,
  ...specCommands("connection-specs", (c) => c.flowService.connectionSpecs, "connection spec"),
  ...specCommands("flow-specs", (c) => c.flowService.flowSpecs, "flow spec"),
};
