// Dataflows as the page shows them: a flow with its spec, connections, mapping and inlet resolved.
import { FLOW_SERVICE, getOne, listAll, specCatalogue } from "./api.js";
import { copyButton, h, idView, shellQuote, stateBadge, timeOf } from "./dom.js";

export const CUSTOMERIO_FLOW_SPEC = "e77fde5a-22a8-11ed-861d-0242ac120002";

/** Every flow of the tenant, newest first, each with `view` (see describe()). */
export async function loadFlows() {
  const [flows, sources, targets, connections, specs] = await Promise.all([
    listAll(`${FLOW_SERVICE}/flows?limit=100`),
    listAll(`${FLOW_SERVICE}/sourceConnections?limit=100`),
    listAll(`${FLOW_SERVICE}/targetConnections?limit=100`),
    listAll(`${FLOW_SERVICE}/connections?limit=100`),
    specCatalogue(),
  ]);
  const lookups = { sources: byId(sources), targets: byId(targets), connections: byId(connections), specs };
  return flows.sort((a, b) => (b.createdAt ?? 0) - (a.createdAt ?? 0)).map((flow) => describe(flow, lookups));
}

/** One flow, described. */
export async function loadFlow(id) {
  const [flow, specs] = await Promise.all([getOne("flows", id), specCatalogue()]);
  const [sources, targets] = await Promise.all([
    Promise.all((flow.sourceConnectionIds ?? []).map((sourceId) => getOne("sourceConnections", sourceId).catch(() => undefined))),
    Promise.all((flow.targetConnectionIds ?? []).map((targetId) => getOne("targetConnections", targetId).catch(() => undefined))),
  ]);
  const baseIds = sources.map((source) => source?.baseConnectionId).filter(Boolean);
  const connections = await Promise.all(baseIds.map((baseId) => getOne("connections", baseId).catch(() => undefined)));
  return describe(flow, {
    sources: byId(sources.filter(Boolean)),
    targets: byId(targets.filter(Boolean)),
    connections: byId(connections.filter(Boolean)),
    specs,
  });
}

function byId(items) {
  return new Map(items.map((item) => [item.id, item]));
}

/**
 * { flow, specName, sources: [{id, name, specName}], targets: [{id, name, dataSetId, schemaId}],
 *   mapping: {id, version} | undefined, inletUrl, webhook, datasetId }
 */
export function describe(flow, { sources, targets, connections, specs }) {
  const connectionSpecName = (spec) => specs.connectionSpecs.get(spec?.id)?.name ?? spec?.id ?? "";
  const sourceViews = (flow.sourceConnectionIds ?? []).map((id) => {
    const source = sources.get(id);
    return { id, name: source?.name ?? "(not found)", specName: connectionSpecName(source?.connectionSpec), baseConnectionId: source?.baseConnectionId };
  });
  const targetViews = (flow.targetConnectionIds ?? []).map((id) => {
    const target = targets.get(id);
    return {
      id,
      name: target?.name ?? "(not found)",
      specName: connectionSpecName(target?.connectionSpec),
      dataSetId: target?.params?.dataSetId,
      schemaId: target?.data?.schema?.id,
    };
  });
  const mappingStep = (flow.transformations ?? []).find((step) => String(step?.name).toLowerCase() === "mapping");
  const mapping = mappingStep?.params?.mappingId ? { id: mappingStep.params.mappingId, version: mappingStep.params.mappingVersion ?? 0 } : undefined;
  const webhookInlet = flow.options?.inletUrl;
  const base = sourceViews.map((source) => connections.get(source.baseConnectionId)).find(Boolean);
  const inletUrl = webhookInlet ?? base?.auth?.params?.inletUrl;
  return {
    flow,
    id: flow.id,
    name: flow.name,
    state: flow.state,
    specName: specs.flowSpecs.get(flow.flowSpec?.id)?.name ?? flow.flowSpec?.id ?? "",
    customerio: flow.flowSpec?.id === CUSTOMERIO_FLOW_SPEC,
    sources: sourceViews,
    targets: targetViews,
    mapping,
    inletUrl,
    raw: webhookInlet !== undefined || base?.auth?.params?.dataType === "raw",
    datasetId: targetViews.find((target) => target.dataSetId)?.dataSetId,
  };
}

/** The URL a sender posts to: the inletUrl with the flow named in x-adobe-flow-id. */
export function senderUrl(view) {
  return view.inletUrl ? `${view.inletUrl}?x-adobe-flow-id=${encodeURIComponent(view.id)}` : undefined;
}

/** A curl line that posts one event to the flow's inlet. */
export function curlLine(view) {
  const url = senderUrl(view);
  if (!url) return undefined;
  const data = view.customerio ? "@fixtures/customerio/events/email-sent.json" : "@event.json";
  return `curl -X POST ${shellQuote(url)} -H 'Content-Type: application/json' -d ${data}`;
}

/** The definition list every flow card shows. */
export function flowFacts(view) {
  const rows = [
    ["Flow spec", h("span", {}, view.specName, " ", idView(view.flow.flowSpec?.id))],
    ["State", stateBadge(view.state)],
    [
      "Source",
      view.sources.length === 0
        ? "none"
        : view.sources.map((source) => h("div", { class: "conn" }, h("strong", { text: source.name }), " ", h("span", { class: "muted", text: source.specName }), " ", idView(source.id))),
    ],
    [
      "Target",
      view.targets.length === 0
        ? "none"
        : view.targets.map((target) =>
            h(
              "div",
              { class: "conn" },
              h("strong", { text: target.name }),
              " ",
              h("span", { class: "muted", text: target.specName }),
              " ",
              idView(target.id),
              target.dataSetId ? h("div", { class: "muted small" }, "dataset ", h("code", { text: target.dataSetId })) : null,
            ),
          ),
    ],
    [
      "Mapping set",
      view.mapping
        ? h("span", {}, h("code", { class: "mapping-id", text: view.mapping.id }), " ", h("span", { class: "badge badge-neutral", text: `version ${view.mapping.version}` }))
        : h("span", { class: "muted", text: "none (messages are taken as XDM)" }),
    ],
    ["Created", timeOf(view.flow.createdAt)],
  ];
  const url = senderUrl(view);
  const curl = curlLine(view);
  if (view.inletUrl) {
    rows.push(["Inlet URL", h("div", { class: "copy-line" }, h("code", { class: "inlet-url", text: view.inletUrl }), copyButton(view.inletUrl, "Copy", { "data-copy": "inlet" }))]);
    rows.push(["Send with curl", h("div", { class: "copy-line" }, h("code", { class: "curl", text: curl }), copyButton(curl, "Copy", { "data-copy": "curl" }))]);
    if (url && view.raw) rows.push(["Webhook URL", h("div", { class: "copy-line" }, h("code", { class: "webhook-url", text: url }), copyButton(url, "Copy", { "data-copy": "webhook" }))]);
  }
  return h("dl", { class: "facts" }, rows.map(([label, value]) => [h("dt", { text: label }), h("dd", {}, value)]));
}
