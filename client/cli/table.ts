/** A tiny table printer: aligned columns, a header, and values flattened to one line. */

export interface Column<T> {
  header: string;
  value: (row: T) => unknown;
}

export function column<T>(header: string, value: (row: T) => unknown): Column<T> {
  return { header, value };
}

/** epoch ms -> ISO time, for the *At / *Date columns. */
export function time(value: unknown): string {
  return typeof value === "number" && Number.isFinite(value) ? new Date(value).toISOString() : cell(value);
}

export function cell(value: unknown): string {
  if (value === undefined || value === null) return "";
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return JSON.stringify(value);
}

export function renderTable<T>(rows: T[], columns: Column<T>[]): string {
  const cells = rows.map((row) => columns.map((one) => cell(one.value(row)).replace(/\s+/g, " ")));
  const headers = columns.map((one) => one.header.toUpperCase());
  const widths = headers.map((header, index) => Math.max(header.length, ...cells.map((line) => line[index].length)));
  const line = (values: string[]) =>
    values
      .map((value, index) => (index === values.length - 1 ? value : value.padEnd(widths[index])))
      .join("  ")
      .trimEnd();
  const rule = widths.map((width) => "-".repeat(width));
  return [line(headers), line(rule), ...cells.map(line)].join("\n") + "\n";
}

/** One entity as FIELD / VALUE lines. */
export function renderRecord(record: Record<string, unknown>): string {
  const rows = Object.entries(record).map(([field, value]) => ({ field, value }));
  return renderTable(rows, [column("field", (row) => row.field), column("value", (row) => row.value)]);
}
