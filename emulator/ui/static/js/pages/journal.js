// The request journal (GET /_emulator/requests): what reached the platform and inlet paths.
import { ApiError, call } from "../api.js";
import { badge, clockOf, h, jsonView, panel, replace, statusBadge, table } from "../dom.js";
import { tenant, tenantLabel } from "../tenant.js";
import { errorBox } from "../views.js";

export const title = "Request journal";

const STATUS = /^([1-5][0-9]{2}|[1-5]xx)$/i;

export async function render(view, { every }) {
  const pathInput = h("input", { type: "search", id: "journal-path", placeholder: "/collection/* or flows", spellcheck: "false" });
  const statusInput = h("input", { type: "search", id: "journal-status", placeholder: "404 or 5xx", size: "8" });
  const onlyTenant = h("input", { type: "checkbox", id: "journal-tenant", checked: true });
  const hideOwn = h("input", { type: "checkbox", id: "journal-hide-own", checked: true });
  const live = h("input", { type: "checkbox", id: "journal-live", checked: true });
  const info = h("p", { class: "muted small", id: "journal-info" });
  const list = h("div", { id: "journal-table" });
  const detail = h("div", { id: "journal-detail", class: "record-detail" });
  let entries = [];
  let selectedId;

  const scope = () => (onlyTenant.checked ? `&org=${encodeURIComponent(tenant().imsOrgId)}&sandbox=${encodeURIComponent(tenant().sandboxName)}` : "");

  async function refresh() {
    const status = statusInput.value.trim();
    if (status !== "" && !STATUS.test(status)) {
      info.textContent = "Status: an HTTP status such as 404, or a class such as 5xx.";
      return;
    }
    const query = `limit=500${pathInput.value.trim() ? `&path=${encodeURIComponent(pathInput.value.trim())}` : ""}${status ? `&status=${encodeURIComponent(status)}` : ""}${scope()}`;
    let body;
    try {
      body = await call("GET", `/_emulator/requests?${query}`);
    } catch (error) {
      replace(list, errorBox(error));
      return;
    }
    entries = body.requests.filter((entry) => !(hideOwn.checked && String(entry.requestId).startsWith("inspector-read-"))).reverse();
    info.textContent =
      `${entries.length} shown of ${body.size} kept (the journal keeps the last ${body.capacity}; JOURNAL_SIZE). ` +
      (body.keepBodies ? "Bodies are kept." : "Bodies are not kept: start the emulator with JOURNAL_BODIES=true to see them.");
    renderList();
  }

  function renderList() {
    replace(
      list,
      table(
        [
          { label: "Time", cell: (entry) => clockOf(entry.time) },
          {
            label: "Request",
            class: "path-cell",
            cell: (entry) => [
              h("strong", { class: "method", text: entry.method }),
              " ",
              h("code", { class: "path", title: entry.path, text: shortPath(entry.path) }),
              queryText(entry.query) ? h("span", { class: "sub query", text: queryText(entry.query) }) : null,
              onlyTenant.checked || !entry.tenant ? null : h("span", { class: "sub", text: `${entry.tenant.imsOrgId} / ${entry.tenant.sandboxName}` }),
            ],
          },
          {
            label: "Status",
            cell: (entry) => [
              statusBadge(entry.status),
              entry.fault ? [" ", badge("fault", "warn")] : null,
              String(entry.requestId).startsWith("inspector-") ? h("span", { class: "sub", text: "Inspector" }) : null,
            ],
          },
          { label: "ms", class: "num", cell: (entry) => String(entry.durationMs) },
        ],
        entries,
        {
          empty: "No requests yet.",
          onRowClick: (entry) => {
            selectedId = entry.id;
            renderList();
          },
          selected: (entry) => entry.id === selectedId,
          rowProps: (entry) => ({ "data-journal-id": String(entry.id), "data-status": String(entry.status) }),
        },
      ),
    );
    const entry = entries.find((candidate) => candidate.id === selectedId);
    replace(detail, entry ? entryDetail(entry) : null);
  }

  const clearButton = h("button", {
    type: "button",
    class: "button danger",
    id: "journal-clear",
    text: "Clear",
    onclick: async () => {
      try {
        const answer = await call("DELETE", `/_emulator/requests?${scope().slice(1)}`);
        info.textContent = `Cleared ${answer.cleared} entries.`;
        selectedId = undefined;
        await refresh();
      } catch (error) {
        info.textContent = error instanceof ApiError ? error.reason : error.message;
      }
    },
  });

  for (const input of [pathInput, statusInput]) input.addEventListener("input", () => refresh());
  for (const input of [onlyTenant, hideOwn]) input.addEventListener("change", () => refresh());

  replace(
    view,
    h(
      "div",
      { class: "page-head" },
      h("div", {}, h("h1", { text: "Request journal" }), h("p", { class: "muted", text: "Requests to the platform and inlet paths, newest first. Credentials are redacted." })),
      h("div", { class: "actions" }, h("button", { type: "button", class: "button", text: "Refresh", onclick: () => refresh() }), clearButton),
    ),
    panel(
      "Requests",
      {},
      h(
        "div",
        { class: "toolbar wrap" },
        h("label", { class: "field inline" }, h("span", { class: "field-label", text: "Path" }), pathInput),
        h("label", { class: "field inline" }, h("span", { class: "field-label", text: "Status" }), statusInput),
        h("label", { class: "check" }, onlyTenant, ` only ${tenantLabel()}`),
        h("label", { class: "check" }, hideOwn, " hide the Inspector's own reads"),
        h("label", { class: "check" }, live, " live"),
      ),
      info,
      h("div", { class: "records-layout journal-layout" }, list, detail),
    ),
  );
  await refresh();
  every(2000, async () => {
    if (live.checked) await refresh();
  });
}

/** Inlet ids (64 hex) and uuids shortened, so a path fits its column; the title keeps it whole. */
function shortPath(path) {
  return path.replace(/[0-9a-f]{64}/g, (id) => `${id.slice(0, 8)}…`).replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, (id) => `${id.slice(0, 8)}…`);
}

function queryText(query) {
  const params = new URLSearchParams();
  for (const [name, values] of Object.entries(query ?? {})) for (const value of values) params.append(name, value);
  const text = params.toString();
  return text ? `?${text}` : "";
}

function entryDetail(entry) {
  const parsed = (text) => {
    try {
      return jsonView(JSON.parse(text));
    } catch {
      return h("pre", { class: "json", text });
    }
  };
  return panel(
    `${entry.method} ${entry.path}`,
    { class: "inner", id: "journal-entry" },
    h(
      "dl",
      { class: "facts" },
      [
        ["Status", statusBadge(entry.status)],
        ["Operation", entry.operation ?? "(no route answered)"],
        ["Request id", h("code", { text: entry.requestId })],
        ["Time", entry.time],
        ["Duration", `${entry.durationMs} ms`],
        ["Bytes", `${entry.requestBytes} in, ${entry.responseBytes} out`],
        entry.fault ? ["Fault", h("code", { text: entry.fault })] : null,
      ]
        .filter(Boolean)
        .map(([label, value]) => [h("dt", { text: label }), h("dd", {}, value)]),
    ),
    h("h3", { text: "Request headers" }),
    jsonView(entry.requestHeaders),
    entry.requestBody ? [h("h3", { text: "Request body" }), parsed(entry.requestBody)] : null,
    entry.responseBody ? [h("h3", { text: "Response body" }), parsed(entry.responseBody)] : null,
  );
}
