// One dataflow at work: its runs, the records arriving in its dataset (live), and a sender.
import { ApiError, call, describeError, fixtureEvents, FLOW_SERVICE, inletPath, listAll, request } from "../api.js";
import { countsOf, runsChart, windowStartOf } from "../chart.js";
import { badge, clockOf, h, idView, jsonView, panel, replace, stateBadge, statusBadge, table, timeOf, toast } from "../dom.js";
import { flowFacts, loadFlow } from "../model.js";
import { errorBox, errorList, reasonOf } from "../views.js";
import { handOffToPlayground } from "./playground.js";

export const title = "Dataflow";

const MAX_RECORDS = 1000;

export async function render(view, { params, every }) {
  const flowId = params.id;
  replace(view, h("p", { class: "muted", text: "Loading the dataflow…" }));
  let flow;
  try {
    flow = await loadFlow(flowId);
  } catch (error) {
    replace(view, h("p", {}, h("a", { href: "#/flows", text: "← Dataflows" })), errorBox(error));
    return;
  }
  if (!flow) {
    replace(view, h("p", {}, h("a", { href: "#/flows", text: "← Dataflows" })), errorBox(new Error(`No flow ${flowId} in this tenant.`)));
    return;
  }

  // ---- summary
  const stateHolder = h("span", { class: "state-holder" }, stateBadge(flow.state));
  const toggle = h("button", { type: "button", class: "button", id: "toggle-flow" });
  const facts = h("div", { id: "flow-facts" }, flowFacts(flow));
  const setToggle = () => {
    toggle.textContent = flow.state === "enabled" ? "Disable" : "Enable";
    replace(stateHolder, stateBadge(flow.state));
  };
  setToggle();
  toggle.addEventListener("click", async () => {
    toggle.disabled = true;
    try {
      await call("POST", `${FLOW_SERVICE}/flows/${encodeURIComponent(flowId)}/action?op=${flow.state === "enabled" ? "disable" : "enable"}`);
      flow = await loadFlow(flowId);
      replace(facts, flowFacts(flow));
      setToggle();
      toast(`The flow is ${flow.state}`, "ok");
    } catch (error) {
      toast(error instanceof ApiError ? error.reason : error.message, "error");
    } finally {
      toggle.disabled = false;
    }
  });
  const playgroundButton = flow.mapping
    ? h("button", {
        type: "button",
        class: "button",
        text: "Mapping in the playground",
        onclick: () => handOffToPlayground({ mappingId: flow.mapping.id, version: flow.mapping.version, event: selectedRecord()?.raw }),
      })
    : null;

  // ---- sender
  const sendPanel = buildSender(flow, () => pollRecords());

  // ---- runs
  const chartHolder = h("div", { id: "runs-chart" }, h("p", { class: "muted", text: "Loading the runs…" }));
  const runsTable = h("div", { id: "runs-table" });
  let runsSeen = "";
  async function pollRuns() {
    let runs;
    try {
      runs = await listAll(`${FLOW_SERVICE}/runs?property=flowId==${encodeURIComponent(flowId)}`);
    } catch (error) {
      replace(chartHolder, errorBox(error));
      return;
    }
    const key = JSON.stringify(runs.map((run) => [run.id, run.metrics?.recordSummary]));
    if (key === runsSeen) return;
    runsSeen = key;
    replace(chartHolder, runsChart(runs));
    const newestFirst = [...runs].sort((a, b) => windowStartOf(b) - windowStartOf(a));
    replace(
      runsTable,
      table(
        [
          { label: "Window", cell: (run) => timeOf(windowStartOf(run)) },
          { label: "Status", cell: (run) => stateBadge(run.metrics?.statusSummary?.status) },
          { label: "In", class: "num", cell: (run) => String(countsOf(run).input) },
          { label: "Ingested", class: "num", cell: (run) => String(countsOf(run).output) },
          { label: "Failed", class: "num", cell: (run) => String(countsOf(run).failed) },
          { label: "Run", cell: (run) => idView(run.id) },
        ],
        newestFirst,
        { empty: "No runs yet.", rowProps: (run) => ({ "data-run-id": run.id }) },
      ),
    );
  }

  // ---- records
  const records = [];
  let cursor;
  let filter = "all";
  let selectedId;
  const recordsStatus = h("span", { class: "muted", id: "records-status" });
  const recordsTable = h("div", { id: "records-table" });
  const detail = h("div", { id: "record-detail", class: "record-detail" });
  const counts = h("span", { class: "counts", id: "record-counts" });
  const filterButtons = ["all", "ingested", "failed"].map((name) =>
    h("button", {
      type: "button",
      class: "segment",
      dataset: { filter: name },
      text: name,
      onclick: () => {
        filter = name;
        renderRecords();
      },
    }),
  );
  const selectedRecord = () => records.find((record) => record.id === selectedId);

  function renderRecords() {
    for (const button of filterButtons) button.classList.toggle("active", button.dataset.filter === filter);
    const ingested = records.filter((record) => record.status === "ingested").length;
    replace(counts, badge(`${ingested} ingested`, "ok"), " ", badge(`${records.length - ingested} failed`, records.length - ingested ? "fail" : "muted"));
    const shown = records.filter((record) => filter === "all" || record.status === filter).slice().reverse();
    replace(
      recordsTable,
      table(
        [
          { label: "#", class: "num", cell: (record) => record.id },
          { label: "Received", cell: (record) => clockOf(record.receivedTimeMs) },
          { label: "Status", cell: (record) => stateBadge(record.status) },
          { label: "Event", cell: (record) => eventSummary(record.raw) },
          { label: "Result", cell: (record) => resultSummary(record) },
        ],
        shown,
        {
          empty: flow.datasetId ? "No records yet: send an event to the inlet." : "This flow writes no dataset.",
          onRowClick: (record) => {
            selectedId = record.id;
            renderRecords();
          },
          selected: (record) => record.id === selectedId,
          rowClass: (record) => `record-${record.status}`,
          rowProps: (record) => ({ "data-record-id": record.id, "data-status": record.status }),
        },
      ),
    );
    const record = selectedRecord();
    replace(detail, record ? recordDetail(record, flow) : h("p", { class: "muted", text: "Pick a record to see the raw event beside the mapped XDM." }));
  }

  let polling = false;
  async function pollRecords() {
    if (!flow.datasetId || polling) return;
    polling = true;
    let changed = false;
    try {
      for (let page = 0; page < 20; page++) {
        const query = new URLSearchParams({ flowId, limit: "200" });
        if (cursor !== undefined) query.set("after", cursor);
        const body = await call("GET", `/_emulator/datasets/${encodeURIComponent(flow.datasetId)}/records?${query}`, { tenantHeaders: true, read: true });
        if (body.items.length > 0) {
          records.push(...body.items);
          cursor = body.items[body.items.length - 1].id;
          changed = true;
        }
        if (body.next === undefined) break;
      }
      if (records.length > MAX_RECORDS) records.splice(0, records.length - MAX_RECORDS);
      recordsStatus.textContent = `live · checked ${clockOf(Date.now())}`;
      recordsStatus.classList.remove("warn");
    } catch (error) {
      recordsStatus.textContent = error instanceof ApiError ? `could not read the records: ${error.reason}` : String(error.message);
      recordsStatus.classList.add("warn");
    } finally {
      polling = false;
    }
    if (changed) {
      renderRecords();
      pollRuns();
    }
  }

  replace(
    view,
    h("nav", { class: "crumbs" }, h("a", { href: "#/flows", text: "Dataflows" }), " › ", flow.name || flow.id),
    h(
      "div",
      { class: "page-head" },
      h("div", {}, h("h1", { id: "flow-name" }, flow.name || flow.id, " ", stateHolder), h("p", { class: "muted" }, "Flow ", h("code", { text: flow.id }))),
      h("div", { class: "actions" }, playgroundButton, toggle),
    ),
    panel("Dataflow", { class: "flow-summary" }, facts),
    h("div", { class: "grid-2" }, sendPanel, panel("Runs", { id: "runs-panel" }, chartHolder, runsTable)),
    panel(
      "Records",
      { id: "records-panel", actions: [h("span", { class: "live-dot", title: "Polled every second" }), recordsStatus] },
      h("div", { class: "toolbar" }, h("div", { class: "segments", role: "group", "aria-label": "Show" }, filterButtons), counts),
      h("p", { class: "muted small" }, flow.datasetId ? ["Dataset ", h("code", { text: flow.datasetId }), ", this flow's records, newest first."] : "No dataset."),
      h("div", { class: "records-stack" }, recordsTable, detail),
    ),
  );
  renderRecords();
  every(1000, pollRecords);
  every(2500, pollRuns);
}

function eventSummary(raw) {
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) return h("span", { class: "muted", text: Array.isArray(raw) ? "an array" : typeof raw });
  const parts = [raw.object_type, raw.metric].filter((part) => typeof part === "string");
  const id = raw.event_id ?? raw._id ?? raw.id;
  return h("span", {}, parts.length ? h("strong", { text: parts.join(" · ") }) : null, id !== undefined ? [" ", h("code", { class: "id", text: String(id) })] : null);
}

function resultSummary(record) {
  if (record.status === "failed") {
    const first = record.errors?.[0];
    const more = (record.errors?.length ?? 0) > 1 ? ` (+${record.errors.length - 1} more)` : "";
    return h("span", { class: "reason" }, first ? `${first.destination ? `${first.destination}: ` : ""}${reasonOf(first)}${more}` : "failed");
  }
  const fields = countLeaves(record.record);
  return h("span", { class: "muted", text: `${fields} field${fields === 1 ? "" : "s"} mapped` });
}

function countLeaves(value) {
  if (value === null || typeof value !== "object") return value === undefined ? 0 : 1;
  return Object.values(value).reduce((sum, child) => sum + countLeaves(child), 0);
}

function recordDetail(record, flow) {
  return panel(
    `Record #${record.id}`,
    {
      class: "inner",
      actions: flow.mapping
        ? [
            h("button", {
              type: "button",
              class: "button small",
              text: "Try it in the playground",
              onclick: () => handOffToPlayground({ mappingId: flow.mapping.id, version: flow.mapping.version, event: record.raw }),
            }),
          ]
        : [],
    },
    h(
      "p",
      { class: "meta" },
      stateBadge(record.status),
      ` received ${timeOf(record.receivedTimeMs)} · xactionId `,
      h("code", { text: record.xactionId }),
    ),
    errorList(record.errors),
    h(
      "div",
      { class: "side-by-side" },
      h("div", {}, h("h3", { text: "Raw event, as it arrived" }), jsonView(record.raw, { class: "raw-event" })),
      h(
        "div",
        {},
        h("h3", { text: record.status === "failed" ? "What mapping produced (not ingested)" : "Mapped XDM, as stored" }),
        jsonView(record.record, { class: "mapped-record" }),
      ),
    ),
  );
}

function buildSender(flow, afterSend) {
  if (!flow.inletUrl) {
    return panel("Send an event", { id: "send-panel" }, h("p", { class: "muted", text: "This flow has no inlet: it is not a streaming flow." }));
  }
  const select = h("select", { id: "event-select" }, h("option", { value: "", text: "Loading the fixture events…" }));
  const body = h("textarea", { id: "event-body", class: "code", rows: "12", spellcheck: "false" });
  const sync = h("input", { type: "checkbox", id: "sync-validation" });
  const result = h("div", { id: "send-result", class: "send-result" });
  const sendButton = h("button", { type: "button", class: "button primary", id: "send-event", text: "Send to the inlet" });
  const sendAllButton = h("button", { type: "button", class: "button", id: "send-all", text: "Send every well-formed fixture event" });
  let events = [];

  fixtureEvents().then(
    (loaded) => {
      events = loaded;
      const groups = new Map();
      for (const [index, item] of events.entries()) {
        const label = item.malformed ? `${item.set}: malformed` : `${item.set} events`;
        if (!groups.has(label)) groups.set(label, h("optgroup", { label }));
        groups.get(label).append(h("option", { value: String(index), text: item.name }));
      }
      replace(select, [...groups.values()], h("option", { value: "custom", text: "Your own JSON (edit below)" }));
      const first = events.findIndex((item) => !item.malformed && item.name === "email-sent");
      select.value = String(first >= 0 ? first : 0);
      fill();
    },
    (error) => replace(result, errorBox(error)),
  );
  const fill = () => {
    const item = events[Number(select.value)];
    if (item) body.value = JSON.stringify(item.event, null, 2);
  };
  select.addEventListener("change", fill);
  body.addEventListener("input", () => {
    select.value = "custom";
  });

  const path = () => `${inletPath(flow.inletUrl)}?x-adobe-flow-id=${encodeURIComponent(flow.id)}${sync.checked ? "&syncValidation=true" : ""}`;
  async function send(text) {
    return request("POST", path(), { raw: text });
  }
  sendButton.addEventListener("click", async () => {
    sendButton.disabled = true;
    try {
      const answer = await send(body.value);
      replace(
        result,
        h("p", {}, statusBadge(answer.status), " ", answer.ok ? "Accepted by the inlet." : describeError(answer.body, answer.text)),
        answer.body !== undefined ? jsonView(answer.body, { class: "compact" }) : h("pre", { class: "json compact", text: answer.text }),
      );
      afterSend();
    } catch (error) {
      replace(result, errorBox(error));
    } finally {
      sendButton.disabled = false;
    }
  });
  sendAllButton.addEventListener("click", async () => {
    sendAllButton.disabled = true;
    const wellFormed = events.filter((item) => !item.malformed);
    let accepted = 0;
    try {
      for (const item of wellFormed) {
        const answer = await send(JSON.stringify(item.event));
        if (answer.ok) accepted += 1;
      }
      replace(result, h("p", {}, badge(`${accepted}/${wellFormed.length}`, accepted === wellFormed.length ? "ok" : "warn"), " fixture events accepted by the inlet."));
      afterSend();
    } catch (error) {
      replace(result, errorBox(error));
    } finally {
      sendAllButton.disabled = false;
    }
  });

  return panel(
    "Send an event",
    { id: "send-panel" },
    h("p", { class: "muted small" }, "Posts to ", h("code", { text: `${inletPath(flow.inletUrl)}?x-adobe-flow-id=…` }), " on this emulator, as a webhook sender would."),
    h("div", { class: "field-row" }, h("label", { class: "field grow" }, h("span", { class: "field-label", text: "Fixture event" }), select)),
    body,
    h("div", { class: "actions" }, sendButton, sendAllButton, h("label", { class: "check" }, sync, " syncValidation")),
    result,
  );
}
