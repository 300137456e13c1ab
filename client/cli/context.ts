import type { AepClient } from "../index.js";
import type { SettingFlag, Values } from "./args.js";
import { type Column, renderRecord, renderTable } from "./table.js";

/** What a command gets: the client, its arguments, and where to write. */
export interface Io {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown; isTTY?: boolean; columns?: number };
  env: Record<string, string | undefined>;
  cwd: string;
  readStdin: () => string;
}

export interface CommandContext {
  client: AepClient;
  /** Arguments after the command's own words (`flows get <id>` -> [id]). */
  args: string[];
  values: Values;
  out: Output;
  io: Io;
}

export interface Command {
  usage: string;
  summary: string;
  /** The credentials it cannot run without: by default PLATFORM_CREDENTIALS, which every platform API wants. */
  requires?: readonly SettingFlag[];
  run(ctx: CommandContext): Promise<number | void>;
}

/** Tables by default, JSON with --json; notes go to stderr and never into JSON output. */
export class Output {
  constructor(
    private readonly io: Io,
    readonly json: boolean,
  ) {}

  print(value: unknown, render: () => string): void {
    this.io.stdout.write(this.json ? `${JSON.stringify(value, null, 2)}\n` : render());
  }

  table<T>(rows: T[], columns: Column<T>[]): void {
    this.print(rows, () => (rows.length === 0 ? "(none)\n" : renderTable(rows, columns)));
  }

  record(value: Record<string, unknown>): void {
    this.print(value, () => renderRecord(value));
  }

  note(line: string): void {
    if (!this.json) this.io.stderr.write(`${line}\n`);
  }
}
