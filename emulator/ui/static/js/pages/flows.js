// Dataflows: every flow of the tenant, with what it reads, writes and where to send to it.
import { ApiError } from "../api.js";
import { h, panel, replace, toast } from "../dom.js";
import { loadCustomerIoDemo } from "../demo.js";
import { flowFacts, loadFlows } from "../model.js";
import { tenantLabel } from "../tenant.js";
import { errorBox } from "../views.js";

export const title = "Dataflows";

export async function render(view, { navigate }) {
  const list = h("div", { class: "flow-list", id: "flow-list" }, h("p", { class: "muted", text: "Loading the dataflows…" }));
  const log = h("ol", { class: "demo-log", id: "demo-log", hidden: true });
  const demoButton = h("button", { type: "button", class: "button primary", id: "load-demo", text: "Load the Customer.io demo" });
  const refreshButton = h("button", { type: "button", class: "button", text: "Refresh", onclick: () => refresh() });

  demoButton.addEventListener("click", async () => {
    demoButton.disabled = true;
    log.hidden = false;
    replace(log);
    const say = (message, kind = "step") => log.append(h("li", { class: kind, text: message }));
    try {
      const flowId = await loadCustomerIoDemo(say);
      say("Opening the dataflow…", "done");
      toast("The Customer.io demo dataflow is ready", "ok");
      navigate(`#/flows/${flowId}`);
    } catch (error) {
      say(error instanceof ApiError ? `${error.method} ${error.path} answered ${error.status}: ${error.reason}` : error.message, "error");
    } finally {
      demoButton.disabled = false;
    }
  });

  replace(
    view,
    h(
      "div",
      { class: "page-head" },
      h("div", {}, h("h1", { text: "Dataflows" }), h("p", { class: "muted", text: `In ${tenantLabel()}. Open one to watch its records arrive.` })),
      h("div", { class: "actions" }, demoButton, refreshButton),
    ),
    h(
      "p",
      { class: "lede" },
      "The demo creates the dataflow of Adobe's Customer.io tutorial in this tenant through the APIs: a source connection, a target connection on the tutorial's dataset, a mapping set and the flow, which gets its own inlet.",
    ),
    log,
    list,
  );

  async function refresh() {
    let flows;
    try {
      flows = await loadFlows();
    } catch (error) {
      replace(list, errorBox(error));
      return;
    }
    if (flows.length === 0) {
      replace(
        list,
        panel(
          "No dataflows yet",
          {},
          h("p", {}, `${tenantLabel()} has no flows. Load the Customer.io demo above, or create one through the Flow Service API (POST /data/foundation/flowservice/flows).`),
        ),
      );
      return;
    }
    replace(
      list,
      flows.map((flow) =>
        h(
          "article",
          { class: "panel flow-card", dataset: { flowId: flow.id } },
          h(
            "header",
            { class: "panel-head" },
            h("h2", {}, h("a", { href: `#/flows/${flow.id}`, class: "flow-link", text: flow.name || flow.id })),
            h("div", { class: "panel-actions" }, h("a", { class: "button small", href: `#/flows/${flow.id}`, text: "Open" })),
          ),
          h("div", { class: "panel-body" }, flowFacts(flow)),
        ),
      ),
    );
  }

  await refresh();
}
