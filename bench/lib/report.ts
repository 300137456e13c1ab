/** Figures, goals and the printed table. */

export interface Check {
  /** What the figure is held against, e.g. "≥ 0.6 × bare Hono". */
  goal: string;
  /** The figure divided by what it is compared with, when the goal is a ratio. */
  ratio?: number;
  /** The comparison's own name, e.g. "bare Hono". */
  against?: string;
  /** null: could not be measured (the row it compares with is unavailable). */
  met: boolean | null;
  why?: string;
}

export interface Figure {
  name: string;
  value: number | null;
  unit: string;
  goal: string;
  met: boolean | null;
  rounds: number[];
  checks: Check[];
  note?: string;
  detail?: Record<string, unknown>;
}

export function median(values: number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

export function figure(
  name: string,
  unit: string,
  rounds: number[],
  checks: Check[] = [],
  extra: { note?: string; detail?: Record<string, unknown>; value?: number | null } = {},
): Figure {
  const measured = checks.filter((check) => check.met !== null);
  return {
    name,
    value: extra.value !== undefined ? extra.value : rounds.length === 0 ? null : median(rounds),
    unit,
    goal: checks.length === 0 ? "—" : checks.map((check) => check.goal).join("; "),
    met: checks.length === 0 || measured.length === 0 ? null : measured.every((check) => check.met === true) && measured.length === checks.length ? true : measured.some((check) => check.met === false) ? false : null,
    rounds,
    checks,
    note: extra.note,
    detail: extra.detail,
  };
}

/**
 * A ratio goal. The ratio is the median of the per-round ratios when both sides were measured in
 * the same rounds (interleaved, so drift of a shared machine cancels), else the ratio of medians.
 */
export function ratioCheck(
  rounds: number[],
  against: { name: string; rounds: number[] } | { name: string; unavailable: string },
  minimum: number,
): Check {
  const goal = `≥ ${minimum} × ${against.name}`;
  if ("unavailable" in against) return { goal, against: against.name, met: null, why: against.unavailable };
  if (rounds.length === 0 || against.rounds.length === 0) return { goal, against: against.name, met: null, why: "not measured" };
  const ratio =
    rounds.length === against.rounds.length
      ? median(rounds.map((value, index) => value / against.rounds[index]))
      : median(rounds) / median(against.rounds);
  return { goal, against: against.name, ratio, met: ratio >= minimum };
}

export function limitCheck(value: number | null, kind: "≥" | "<" | "≤", limit: number, unit: string): Check {
  const goal = `${kind} ${formatNumber(limit)} ${unit}`.trim();
  if (value === null || Number.isNaN(value)) return { goal, met: null, why: "not measured" };
  const met = kind === "≥" ? value >= limit : kind === "<" ? value < limit : value <= limit;
  return { goal, met };
}

export function formatNumber(value: number | null): string {
  if (value === null || Number.isNaN(value)) return "n/a";
  const abs = Math.abs(value);
  if (abs >= 1000) return Math.round(value).toLocaleString("en-US");
  if (abs >= 100) return value.toFixed(0);
  if (abs >= 10) return value.toFixed(1);
  return value.toFixed(2);
}

function verdict(figure: Figure): string {
  if (figure.checks.length === 0) return figure.note ?? "baseline";
  const parts = figure.checks.map((check) => {
    const ratio = check.ratio === undefined ? "" : `${formatNumber(check.ratio)} × ${check.against}: `;
    const why = check.why ? ` (${check.why})` : "";
    const state = check.met === null ? `not measured${why}` : check.met ? "met" : `MISSED${why}`;
    return `${ratio}${state}`;
  });
  return parts.join("; ") + (figure.note ? ` — ${figure.note}` : "");
}

export function table(figures: Figure[]): string {
  const rows = [
    ["Figure", "Value", "Unit", "Goal", "Ratio / verdict"],
    ...figures.map((figure) => [figure.name, formatNumber(figure.value), figure.unit, figure.goal, verdict(figure)]),
  ];
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  const line = (row: string[]) => `| ${row.map((cell, column) => (column === 1 ? cell.padStart(widths[column]) : cell.padEnd(widths[column]))).join(" | ")} |`;
  return [line(rows[0]), `|${widths.map((width, column) => (column === 1 ? `${"-".repeat(width + 1)}:` : "-".repeat(width + 2))).join("|")}|`, ...rows.slice(1).map(line)].join("\n");
}
