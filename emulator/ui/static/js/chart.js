// Records per run as an inline SVG bar chart: ingested (green) under failed (red), one bar a run.
import { h, svg } from "./dom.js";

const WIDTH = 560;
const HEIGHT = 180;
const PAD = { top: 14, right: 12, bottom: 34, left: 40 };

function countsOf(run) {
  const summary = run.metrics?.recordSummary ?? {};
  return { input: summary.inputRecordCount ?? 0, output: summary.outputRecordCount ?? 0, failed: summary.failedRecordCount ?? 0 };
}

export function windowStartOf(run) {
  return run.metrics?.durationSummary?.extensions?.windowStart ?? run.metrics?.durationSummary?.startedAtUTC ?? run.createdAt ?? 0;
}

function hourLabel(ms) {
  const date = new Date(ms);
  return `${String(date.getHours()).padStart(2, "0")}:${String(date.getMinutes()).padStart(2, "0")}`;
}

/** The chart of the most recent `max` runs, oldest at the left. */
export function runsChart(runs, max = 24) {
  const shown = [...runs].sort((a, b) => windowStartOf(a) - windowStartOf(b)).slice(-max);
  if (shown.length === 0) return h("p", { class: "muted chart-empty", text: "No runs yet: a streaming flow gets its first run with its first record." });
  const peak = Math.max(1, ...shown.map((run) => countsOf(run).output + countsOf(run).failed));
  const plotWidth = WIDTH - PAD.left - PAD.right;
  const plotHeight = HEIGHT - PAD.top - PAD.bottom;
  const slot = plotWidth / Math.max(shown.length, 4);
  const barWidth = Math.min(48, slot * 0.6);
  const y = (value) => PAD.top + plotHeight - (value / peak) * plotHeight;

  const grid = [0, 0.5, 1].map((share) => {
    const value = Math.round(peak * share);
    const at = y(value);
    return [
      svg("line", { x1: PAD.left, x2: WIDTH - PAD.right, y1: at, y2: at, class: "grid" }),
      svg("text", { x: PAD.left - 6, y: at + 4, class: "axis", "text-anchor": "end" }, String(value)),
    ];
  });
  const bars = shown.map((run, index) => {
    const { output, failed } = countsOf(run);
    const x = PAD.left + slot * index + (slot - barWidth) / 2;
    const label = `${hourLabel(windowStartOf(run))}: ${output} ingested, ${failed} failed`;
    return svg(
      "g",
      { class: "bar", "data-run": run.id },
      svg("title", {}, label),
      svg("rect", { x, y: y(output), width: barWidth, height: Math.max(0, y(0) - y(output)), class: "ingested" }),
      svg("rect", { x, y: y(output + failed), width: barWidth, height: Math.max(0, y(output) - y(output + failed)), class: "failed" }),
      svg("text", { x: x + barWidth / 2, y: y(output + failed) - 4, class: "value", "text-anchor": "middle" }, String(output + failed)),
      svg("text", { x: x + barWidth / 2, y: HEIGHT - PAD.bottom + 16, class: "axis", "text-anchor": "middle" }, hourLabel(windowStartOf(run))),
    );
  });
  return h(
    "figure",
    { class: "chart" },
    svg(
      "svg",
      { viewBox: `0 0 ${WIDTH} ${HEIGHT}`, role: "img", "aria-label": "Records per run", class: "runs-chart" },
      grid,
      svg("line", { x1: PAD.left, x2: WIDTH - PAD.right, y1: y(0), y2: y(0), class: "baseline" }),
      bars,
    ),
    h(
      "figcaption",
      { class: "legend" },
      h("span", { class: "swatch ingested" }),
      "ingested ",
      h("span", { class: "swatch failed" }),
      "failed, per run (one run per UTC hour for a streaming flow)",
    ),
  );
}

export { countsOf };
