import { collect } from "../http.js";
import type { EmulatorRecord } from "../types.js";
import { optionalInteger, required } from "./args.js";
import type { Command } from "./context.js";
import { column } from "./table.js";

/** `records <datasetId>`: what the emulator wrote to a dataset (its control plane; not an Adobe API). */
const COLUMNS = [
  column<EmulatorRecord>("flow", (row) => row.flowId),
  column<EmulatorRecord>("status", (row) => row.status),
  column<EmulatorRecord>("record", ({ flowId, status, ...rest }) => rest),
];

export const RECORD_COMMANDS: Record<string, Command> = {
  records: {
    usage: "records <datasetId> [--flow <id>] [--status <status>] [--limit <n>]",
    summary: "List the records the emulator wrote to a dataset",
    async run(ctx) {
      const dataSetId = required(ctx.args, 0, "datasetId");
      const limit = optionalInteger(ctx.values.limit, "--limit");
      const query = { flowId: ctx.values.flow, status: ctx.values.status, limit: limit === undefined ? undefined : Math.min(Math.max(limit, 1), 1000) };
      ctx.out.table(await collect(ctx.client.emulator.records(dataSetId, query), limit ?? Infinity), COLUMNS);
    },
  },
};
