// Tenants and fixture sets: reset a tenant or everything, load a fixture set, export the state.
import { ApiError, call, request } from "../api.js";
import { confirmButton, h, idView, panel, replace, table, toast } from "../dom.js";
import { setTenant, tenant, tenantLabel } from "../tenant.js";
import { errorBox } from "../views.js";

export const title = "Tenant and fixtures";

export async function render(view, { refreshTenants }) {
  const message = h("p", { class: "form-message", id: "tenant-message", role: "status" });
  const say = (text, kind = "ok") => {
    message.textContent = text;
    message.className = `form-message ${kind}`;
  };
  const failed = (error) => say(error instanceof ApiError ? `${error.status}: ${error.reason}` : error.message, "error");

  const tenantsHolder = h("div", { id: "tenants-table" });
  const registeredHolder = h("div", { id: "fixture-sets" });
  const builtinHolder = h("div", { id: "builtin-sets", class: "preset-list" });
  const pasted = h("textarea", { id: "fixture-paste", class: "code", rows: "8", spellcheck: "false", placeholder: '{ "name": "acme", "schemas": [ … ], "dataSets": [ … ] }  (JSON or YAML)' });
  const current = tenant();
  const exportQuery = `org=${encodeURIComponent(current.imsOrgId)}&sandbox=${encodeURIComponent(current.sandboxName)}`;

  async function seed(payload, label) {
    const answer = await request("POST", "/_emulator/seed", payload);
    if (!answer.ok) throw new ApiError("POST", "/_emulator/seed", answer.status, answer.body, answer.text);
    const registrations = answer.body.fixtureSets ?? [answer.body];
    const outcome = { created: "registered", updated: "updated to a new revision", unchanged: "already registered with this content" };
    say(registrations.map((registration) => `Fixture set ${registration.name}: ${outcome[registration.status] ?? registration.status}.`).join(" "));
    toast(`Fixture set ${label} loaded`, "ok");
    await Promise.all([loadRegistered(), loadTenants()]);
  }

  async function loadTenants() {
    try {
      const { tenants } = await call("GET", "/_emulator/tenants");
      replace(
        tenantsHolder,
        table(
          [
            { label: "Org", cell: (row) => h("code", { text: row.imsOrgId }) },
            { label: "Sandbox", cell: (row) => row.sandboxName },
            {
              label: "",
              cell: (row) =>
                row.imsOrgId === current.imsOrgId && row.sandboxName === current.sandboxName
                  ? h("span", { class: "badge badge-ok", text: "current" })
                  : h("button", { type: "button", class: "button small", text: "Use", onclick: () => setTenant(row) }),
            },
          ],
          tenants,
          { empty: "No tenant holds state yet: a tenant appears with its first request." },
        ),
      );
      refreshTenants();
    } catch (error) {
      replace(tenantsHolder, errorBox(error));
    }
  }

  async function loadRegistered() {
    try {
      const { fixtureSets } = await call("GET", "/_emulator/seed");
      replace(
        registeredHolder,
        table(
          [
            { label: "Name", cell: (set) => h("strong", { text: set.name }) },
            { label: "Scope", cell: (set) => (set.scope === "global" ? "every tenant" : `${set.scope.imsOrgId} / ${set.scope.sandboxName}`) },
            { label: "Tenant id", cell: (set) => set.tenantId ?? "" },
            { label: "Holds", cell: (set) => Object.entries(set.loaded ?? {}).filter(([, ids]) => ids.length).map(([kind, ids]) => `${ids.length} ${kind}`).join(", ") },
            { label: "Revision", cell: (set) => idView(set.revision, 12) },
          ],
          fixtureSets,
          { empty: "No fixture sets registered (start with FIXTURES=customerio, or load one here)." },
        ),
      );
    } catch (error) {
      replace(registeredHolder, errorBox(error));
    }
  }

  async function loadBuiltins() {
    try {
      const { fixtureSets } = await call("GET", "/_emulator/ui/fixtures/sets");
      replace(
        builtinHolder,
        fixtureSets.length === 0
          ? h("p", { class: "muted", text: "No built-in fixture sets in this installation." })
          : fixtureSets.map((set) =>
              h(
                "div",
                { class: "builtin" },
                h("button", {
                  type: "button",
                  class: "button",
                  dataset: { fixtureSet: set.name },
                  text: `Load ${set.name}`,
                  onclick: () => seed({ body: set.document }, set.name).catch(failed),
                }),
                set.description ? h("span", { class: "muted small", text: set.description }) : null,
              ),
            ),
      );
    } catch (error) {
      replace(builtinHolder, errorBox(error));
    }
  }

  const loadPasted = h("button", {
    type: "button",
    class: "button primary",
    id: "fixture-load",
    text: "Load the pasted set",
    onclick: () => {
      const text = pasted.value.trim();
      if (!text) return say("Paste a fixture set (JSON or YAML) first.", "error");
      let json = true;
      try {
        JSON.parse(text);
      } catch {
        json = false;
      }
      seed({ raw: text, contentType: json ? "application/json" : "application/yaml" }, "pasted set").catch(failed);
    },
  });

  replace(
    view,
    h(
      "div",
      { class: "page-head" },
      h("div", {}, h("h1", { text: "Tenant and fixtures" }), h("p", { class: "muted", text: `Working in ${tenantLabel()}.` })),
    ),
    message,
    h(
      "div",
      { class: "grid-2" },
      panel(
        "This tenant",
        {},
        h("dl", { class: "facts" }, h("dt", { text: "Org" }), h("dd", {}, h("code", { text: current.imsOrgId })), h("dt", { text: "Sandbox" }), h("dd", {}, h("code", { text: current.sandboxName }))),
        h(
          "div",
          { class: "actions" },
          confirmButton(
            "Reset this tenant",
            "Click again: empty this tenant",
            async () => {
              try {
                await call("POST", `/_emulator/reset?${exportQuery}`);
                say(`${tenantLabel(current)} is empty again (its fixture sets come back on its next request).`);
                await loadTenants();
              } catch (error) {
                failed(error);
              }
            },
            { id: "reset-tenant" },
          ),
          h("a", { class: "button", href: `/_emulator/export?${exportQuery}`, download: "fixture-set.json", text: "Export as a fixture set" }),
        ),
      ),
      panel("Tenants with state", {}, tenantsHolder),
    ),
    panel(
      "Fixture sets",
      {},
      h("h3", { text: "Built in" }),
      builtinHolder,
      h("h3", { text: "Paste one" }),
      pasted,
      h("div", { class: "actions" }, loadPasted),
      h("h3", { text: "Registered" }),
      registeredHolder,
    ),
    panel(
      "Everything",
      { class: "danger-zone" },
      h("p", { class: "muted", text: "Empties every tenant: flows, connections, mapping sets, datasets, records. Registered fixture sets stay and are copied again on next use." }),
      confirmButton(
        "Reset all state",
        "Click again: empty every tenant",
        async () => {
          try {
            await call("POST", "/_emulator/reset");
            say("All state is gone.");
            await loadTenants();
          } catch (error) {
            failed(error);
          }
        },
        { id: "reset-all" },
      ),
    ),
  );
  await Promise.all([loadTenants(), loadRegistered(), loadBuiltins()]);
}
