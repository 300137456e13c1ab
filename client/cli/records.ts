import { collect } from "../http.js";
import type { EmulatorRecord, RecordStatus } from "../types.js";
import { optionalLimit, required, UsageError } from "./args.js";
import type { Command } from "./context.js";
import { column, time } from "./table.js";

/** `records <datasetId>`: what the emulator wrote to a dataset (its control plane; not an Adobe API). */
const COLUMNS = [
  column<EmulatorRecord>("id", (row) => row.id),
  column<EmulatorRecord>("status", (row) => row.status),
  column<EmulatorRecord>("received", (row) => time(row.receivedTimeMs)),
  column<EmulatorRecord>("flow", (row) => row.flowId),
  column<EmulatorRecord>("errors", (row) => row.errors.map((error) => error.code ?? error.message).join(", ")),
  column<EmulatorRecord>("record", (row) => row.record),
];

const STATUSES: readonly RecordStatus[] = ["ingested", "failed"];

export const RECORD_COMMANDS: Record<string, Command> = {
  records: {
    usage: "records <datasetId> [--flow <id>] [--status ingested|failed] [--limit <n>]",
    summary: "List the records the emulator wrote to a dataset",
    async run(ctx) {
      const dataSetId = required(ctx.args, 0, "datasetId");
      const limit = optionalLimit(ctx.values);
      const status = statusOf(ctx.values.status);
      const query = { flowId: ctx.values.flow, status, limit: limit === undefined ? undefined : Math.min(limit, 1000) };
      ctx.out.table(await collect(ctx.client.emulator.records(dataSetId, query), limit ?? Infinity), COLUMNS);
    },
  },
};

function statusOf(text: string | undefined): RecordStatus | undefined {
  if (text === undefined) return undefined;
  const status = STATUSES.find((one) => one === text);
  if (status === undefined) throw new UsageError(`--status is ${STATUSES.join(" or ")}.`);
  return status;
}
