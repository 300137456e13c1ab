// Fault rules (POST/GET/DELETE /_emulator/faults): make matching requests fail, slow down, or both.
import { ApiError, call } from "../api.js";
import { h, panel, replace, table, toast } from "../dom.js";
import { tenant, tenantLabel } from "../tenant.js";
import { errorBox } from "../views.js";

export const title = "Faults";

const PRESETS = [
  { label: "Inlet down (503)", rule: { path: "/collection/*", status: 503 } },
  { label: "Throttle Flow Service (429, 3 times)", rule: { path: "/data/foundation/flowservice/*", status: 429, count: 3 } },
  { label: "Slow everything (+800 ms)", rule: { path: "*", latencyMs: 800 } },
];

export async function render(view, { every }) {
  const method = h("select", { id: "fault-method" }, ["any", "GET", "POST", "PUT", "PATCH", "DELETE"].map((name) => h("option", { value: name === "any" ? "" : name, text: name })));
  const path = h("input", { type: "text", id: "fault-path", value: "/collection/*", spellcheck: "false", required: true });
  const status = h("input", { type: "number", id: "fault-status", value: "503", min: "400", max: "599" });
  const latency = h("input", { type: "number", id: "fault-latency", min: "0", max: "60000", placeholder: "0" });
  const count = h("input", { type: "number", id: "fault-count", min: "1", placeholder: "every time" });
  const probability = h("input", { type: "number", id: "fault-probability", min: "0", max: "1", step: "0.1", placeholder: "1" });
  const onlyTenant = h("input", { type: "checkbox", id: "fault-tenant" });
  const message = h("p", { class: "form-message", id: "fault-message", role: "status" });
  const list = h("div", { id: "fault-list" });

  function ruleFromForm() {
    const rule = { path: path.value.trim() };
    if (method.value) rule.method = method.value;
    const number = (input) => (input.value.trim() === "" ? undefined : Number(input.value));
    if (number(status) !== undefined) rule.status = number(status);
    if (number(latency) !== undefined) rule.latencyMs = number(latency);
    if (number(count) !== undefined) rule.count = number(count);
    if (number(probability) !== undefined) rule.probability = number(probability);
    if (onlyTenant.checked) Object.assign(rule, { org: tenant().imsOrgId, sandbox: tenant().sandboxName });
    return rule;
  }

  /** The checks of POST /_emulator/faults, so a typo is explained without a 400. */
  function problemOf(rule) {
    if (!/^[/*]/.test(rule.path)) return "The path must start with / (or *).";
    if (rule.status !== undefined && !(Number.isInteger(rule.status) && rule.status >= 400 && rule.status <= 599)) return "The status must be from 400 to 599.";
    if (rule.status === undefined && rule.latencyMs === undefined) return "A fault needs a status, a latency or both.";
    if (rule.latencyMs !== undefined && !(Number.isInteger(rule.latencyMs) && rule.latencyMs >= 0 && rule.latencyMs <= 60000)) return "The latency is 0 to 60000 ms.";
    if (rule.count !== undefined && !(Number.isInteger(rule.count) && rule.count >= 1)) return "The count is a whole number from 1.";
    if (rule.probability !== undefined && !(rule.probability >= 0 && rule.probability <= 1)) return "The probability is from 0 to 1.";
    return undefined;
  }

  async function add(rule) {
    const problem = problemOf(rule);
    if (problem) {
      message.textContent = problem;
      message.className = "form-message error";
      return;
    }
    try {
      const added = await call("POST", "/_emulator/faults", { body: rule });
      message.textContent = `Fault ${added.id} added.`;
      message.className = "form-message ok";
      toast("Fault rule added", "ok");
      await refresh();
    } catch (error) {
      message.textContent = error instanceof ApiError ? error.reason : error.message;
      message.className = "form-message error";
    }
  }

  async function refresh() {
    let faults;
    try {
      faults = (await call("GET", "/_emulator/faults")).faults;
    } catch (error) {
      replace(list, errorBox(error));
      return;
    }
    replace(
      list,
      table(
        [
          { label: "Method", cell: (rule) => rule.method ?? "any" },
          { label: "Path", cell: (rule) => h("code", { text: rule.path }) },
          { label: "Tenant", cell: (rule) => (rule.org ? `${rule.org} / ${rule.sandbox ?? "prod"}` : rule.sandbox ? `any org / ${rule.sandbox}` : "any") },
          { label: "Answer", cell: (rule) => [rule.status ? h("strong", { text: String(rule.status) }) : "the real answer", rule.latencyMs ? ` after ${rule.latencyMs} ms` : ""] },
          { label: "Count", class: "num", cell: (rule) => (rule.count === undefined ? "∞" : String(rule.count)) },
          { label: "Probability", class: "num", cell: (rule) => (rule.probability === undefined ? "1" : String(rule.probability)) },
          { label: "Fired", class: "num", cell: (rule) => String(rule.fired) },
          {
            label: "",
            cell: (rule) =>
              h("button", {
                type: "button",
                class: "button small",
                text: "Remove",
                onclick: async () => {
                  try {
                    await call("DELETE", `/_emulator/faults/${encodeURIComponent(rule.id)}`);
                  } catch (error) {
                    toast(error instanceof ApiError ? error.reason : error.message, "error");
                  }
                  await refresh();
                },
              }),
          },
        ],
        faults,
        { empty: "No fault rules: every request gets its real answer.", rowProps: (rule) => ({ "data-fault-id": rule.id }) },
      ),
    );
  }

  const form = h(
    "form",
    {
      class: "fault-form",
      id: "fault-form",
      onsubmit: (event) => {
        event.preventDefault();
        add(ruleFromForm());
      },
    },
    h(
      "div",
      { class: "form-grid" },
      h("label", { class: "field" }, h("span", { class: "field-label", text: "Method" }), method),
      h("label", { class: "field wide" }, h("span", { class: "field-label", text: "Path (* matches anything)" }), path),
      h("label", { class: "field" }, h("span", { class: "field-label", text: "Status" }), status),
      h("label", { class: "field" }, h("span", { class: "field-label", text: "Latency ms" }), latency),
      h("label", { class: "field" }, h("span", { class: "field-label", text: "Count" }), count),
      h("label", { class: "field" }, h("span", { class: "field-label", text: "Probability" }), probability),
    ),
    h(
      "div",
      { class: "actions" },
      h("button", { type: "submit", class: "button primary", id: "fault-add", text: "Add the fault" }),
      h("label", { class: "check" }, onlyTenant, ` only ${tenantLabel()}`),
    ),
    message,
  );

  replace(
    view,
    h(
      "div",
      { class: "page-head" },
      h(
        "div",
        {},
        h("h1", { text: "Faults" }),
        h("p", { class: "muted", text: "Make platform (/data/…) and inlet (/collection/…) requests fail or slow down, to see how a client copes. The control plane and this page's own files are never faulted." }),
      ),
      h(
        "div",
        { class: "actions" },
        h("button", {
          type: "button",
          class: "button danger",
          id: "fault-clear",
          text: "Clear all",
          onclick: async () => {
            try {
              const answer = await call("DELETE", "/_emulator/faults");
              message.textContent = `Cleared ${answer.cleared} fault rule${answer.cleared === 1 ? "" : "s"}.`;
              message.className = "form-message ok";
            } catch (error) {
              message.textContent = error instanceof ApiError ? error.reason : error.message;
              message.className = "form-message error";
            }
            await refresh();
          },
        }),
      ),
    ),
    h(
      "div",
      { class: "grid-2" },
      panel("Add a fault rule", {}, form),
      panel(
        "Presets",
        {},
        h("p", { class: "muted small", text: "One click adds a rule; remove it from the list below." }),
        h("div", { class: "preset-list" }, PRESETS.map((preset) => h("button", { type: "button", class: "button", text: preset.label, onclick: () => add({ ...preset.rule }) }))),
      ),
    ),
    panel("Active rules", { id: "faults-panel" }, list),
  );
  await refresh();
  every(2000, refresh);
}
