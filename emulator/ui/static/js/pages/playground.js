// Mapping playground: an event, a mapping set (picked, or edited here), and what Data Prep's
// preview (POST /data/foundation/conversion/mappingSets/preview, the engine the inlet uses) makes of it.
import { ApiError, call, DATA_PREP, fixtureEvents, request } from "../api.js";
import { badge, h, jsonView, panel, replace } from "../dom.js";
import { CONTENT_TYPE, SCHEMA_ID, TENANT_ID, TUTORIAL_MAPPINGS } from "../demo.js";
import { tenantLabel } from "../tenant.js";
import { errorBox, errorList } from "../views.js";

export const title = "Mapping playground";

const HAND_OFF = "aep-flow-emulator.inspector.playground";
const SOURCE_TYPES = ["ATTRIBUTE", "EXPRESSION", "STATIC"];

/** Opens the playground with a mapping set (and an event) picked, from another page. */
export function handOffToPlayground(state) {
  try {
    sessionStorage.setItem(HAND_OFF, JSON.stringify(state));
  } catch {
    // storage is off: the playground opens with its defaults
  }
  location.hash = "#/playground";
}

function takeHandOff() {
  try {
    const saved = sessionStorage.getItem(HAND_OFF);
    sessionStorage.removeItem(HAND_OFF);
    return saved ? JSON.parse(saved) : undefined;
  } catch {
    return undefined;
  }
}

const tutorialMappings = () => TUTORIAL_MAPPINGS.map(([destination, source]) => ({ sourceType: "ATTRIBUTE", source, destination: `_${TENANT_ID}.${destination}` }));

/** ATTRIBUTE, EXPRESSION or STATIC, from a stored mapping's sourceType (text/x.schema-path, text/x.aep-xl). */
function sourceTypeOf(mapping) {
  const type = mapping.sourceType ?? "ATTRIBUTE";
  if (type === "text/x.schema-path") return "ATTRIBUTE";
  if (type === "text/x.aep-xl") return "EXPRESSION";
  return SOURCE_TYPES.includes(type) ? type : "ATTRIBUTE";
}

export async function render(view) {
  const handOff = takeHandOff();
  let mappings = tutorialMappings();

  // ---- event
  const eventSelect = h("select", { id: "playground-event" }, h("option", { value: "custom", text: "Your own JSON" }));
  const eventBody = h("textarea", { id: "playground-input", class: "code", rows: "18", spellcheck: "false" });
  let events = [];

  // ---- mapping set
  const setSelect = h("select", { id: "mapping-set" }, h("option", { value: "tutorial", text: "The tutorial's mappings (built in)" }));
  const versionSelect = h("select", { id: "mapping-version", disabled: true }, h("option", { value: "", text: "latest" }));
  const schemaInput = h("input", { type: "text", id: "output-schema", class: "code-input", value: SCHEMA_ID, spellcheck: "false" });
  const rows = h("div", { class: "mapping-rows", id: "mapping-rows" });
  const setNote = h("p", { class: "muted small", id: "mapping-note" });

  // ---- output
  const mapButton = h("button", { type: "button", class: "button primary", id: "run-preview", text: "Map it" });
  const outcome = h("div", { id: "preview-outcome" }, h("p", { class: "muted", text: "Press Map it (or edit anything) to see the mapped XDM." }));

  function renderRows() {
    replace(
      rows,
      h("div", { class: "mapping-row head" }, h("span", { text: "Type" }), h("span", { text: "Source" }), h("span", { text: "Destination (XDM path)" }), h("span")),
      mappings.map((mapping, index) => {
        const type = h("select", { "aria-label": "Source type" }, SOURCE_TYPES.map((name) => h("option", { value: name, text: name })));
        type.value = mapping.sourceType;
        const source = h("input", { type: "text", class: "code-input", value: mapping.source, "aria-label": "Source", spellcheck: "false" });
        const destination = h("input", { type: "text", class: "code-input", value: mapping.destination, "aria-label": "Destination", spellcheck: "false" });
        const remove = h("button", { type: "button", class: "button small ghost", title: "Remove this mapping", text: "✕" });
        type.addEventListener("change", () => {
          mapping.sourceType = type.value;
          edited();
        });
        source.addEventListener("input", () => {
          mapping.source = source.value;
          edited();
        });
        destination.addEventListener("input", () => {
          mapping.destination = destination.value;
          edited();
        });
        remove.addEventListener("click", () => {
          mappings.splice(index, 1);
          renderRows();
          edited();
        });
        return h("div", { class: "mapping-row", dataset: { index: String(index), destination: mapping.destination } }, type, source, destination, remove);
      }),
    );
  }

  const addButton = h("button", {
    type: "button",
    class: "button small",
    id: "add-mapping",
    text: "+ Add a mapping",
    onclick: () => {
      mappings.push({ sourceType: "EXPRESSION", source: 'upper(metric)', destination: `_${TENANT_ID}.metricx` });
      renderRows();
      edited();
    },
  });

  async function loadSets() {
    let sets = [];
    try {
      const body = await call("GET", `${DATA_PREP}/mappingSets?start=0&limit=100`);
      sets = body?.data ?? [];
    } catch (error) {
      setNote.textContent = error instanceof ApiError ? `Could not list the mapping sets: ${error.reason}` : error.message;
    }
    sets.sort((a, b) => (b.createdDate ?? 0) - (a.createdDate ?? 0));
    for (const set of sets) {
      setSelect.append(h("option", { value: set.id, text: `${set.name ? `${set.name} · ` : ""}${set.id} · v${set.version}` }));
    }
    if (sets.length === 0) setNote.textContent = `${tenantLabel()} has no mapping sets yet; these are the tutorial's. Edit them freely: nothing is saved.`;
    return sets;
  }

  async function pickSet(id, version) {
    if (id === "tutorial") {
      mappings = tutorialMappings();
      schemaInput.value = SCHEMA_ID;
      replace(versionSelect, h("option", { value: "", text: "latest" }));
      versionSelect.disabled = true;
      setNote.textContent = "The mappings of Adobe's Customer.io tutorial. Edit them freely: nothing is saved.";
      renderRows();
      return;
    }
    try {
      const latest = await call("GET", `${DATA_PREP}/mappingSets/${encodeURIComponent(id)}`);
      const wanted = version !== undefined && version !== "" && Number(version) !== latest.version ? Number(version) : latest.version;
      const set = wanted === latest.version ? latest : await call("GET", `${DATA_PREP}/mappingSets/${encodeURIComponent(id)}?version=${wanted}`);
      replace(
        versionSelect,
        Array.from({ length: latest.version + 1 }, (_, index) => latest.version - index).map((n) => h("option", { value: String(n), text: `version ${n}${n === latest.version ? " (latest)" : ""}` })),
      );
      versionSelect.value = String(wanted);
      versionSelect.disabled = false;
      mappings = (set.mappings ?? []).map((mapping) => ({
        sourceType: sourceTypeOf(mapping),
        source: mapping.source ?? mapping.sourceAttribute ?? "",
        destination: mapping.destination ?? mapping.destinationXdmPath ?? "",
      }));
      schemaInput.value = set.outputSchema?.schemaRef?.id ?? set.xdmSchema ?? "";
      setNote.textContent = `Mapping set ${set.id}, version ${set.version}: ${mappings.length} mappings. Edits here are not saved.`;
      renderRows();
    } catch (error) {
      setNote.textContent = error instanceof ApiError ? `Could not read the mapping set: ${error.reason}` : error.message;
    }
  }

  let timer;
  function edited() {
    clearTimeout(timer);
    timer = setTimeout(() => runPreview(), 600);
  }

  let sequence = 0;
  async function runPreview() {
    clearTimeout(timer);
    const mine = ++sequence;
    let event;
    try {
      event = JSON.parse(eventBody.value);
    } catch (error) {
      replace(outcome, h("div", { class: "error-box", role: "alert" }, h("strong", { text: "The event is not JSON: " }), error.message));
      return;
    }
    const mappingSet = {
      outputSchema: { schemaRef: { id: schemaInput.value.trim(), contentType: CONTENT_TYPE } },
      mappings: mappings.map(({ sourceType, source, destination }) => ({ sourceType, source, destination })),
    };
    if (!mappingSet.outputSchema.schemaRef.id) delete mappingSet.outputSchema;
    mapButton.disabled = true;
    try {
      const answer = await request("POST", `${DATA_PREP}/mappingSets/preview`, { body: { data: [event], mappingSet }, read: true });
      if (mine !== sequence) return;
      if (!answer.ok) {
        replace(
          outcome,
          h("div", { class: "error-box", role: "alert" }, h("strong", { text: `The preview answered ${answer.status}: ` }), new ApiError("POST", "preview", answer.status, answer.body, answer.text).reason),
          errorList(answer.body?.report?.errors),
        );
        return;
      }
      const [result] = answer.body;
      const errors = result?.errors ?? [];
      replace(
        outcome,
        h("p", { class: "preview-status" }, errors.length === 0 ? badge("mapped cleanly", "ok") : badge(`${errors.length} error${errors.length === 1 ? "" : "s"}`, "fail")),
        errorList(errors.map((error) => ({ ...error, message: error.exception }))),
        h("h3", { text: "Mapped XDM" }),
        jsonView(result?.data ?? {}, { id: "preview-output" }),
      );
    } catch (error) {
      replace(outcome, errorBox(error));
    } finally {
      mapButton.disabled = false;
    }
  }

  eventSelect.addEventListener("change", () => {
    const item = events[Number(eventSelect.value)];
    if (item) eventBody.value = JSON.stringify(item.event, null, 2);
    edited();
  });
  eventBody.addEventListener("input", () => {
    eventSelect.value = "custom";
    edited();
  });
  setSelect.addEventListener("change", async () => {
    await pickSet(setSelect.value);
    edited();
  });
  versionSelect.addEventListener("change", async () => {
    await pickSet(setSelect.value, versionSelect.value);
    edited();
  });
  schemaInput.addEventListener("input", edited);
  mapButton.addEventListener("click", runPreview);

  replace(
    view,
    h(
      "div",
      { class: "page-head" },
      h(
        "div",
        {},
        h("h1", { text: "Mapping playground" }),
        h("p", { class: "muted" }, "Map an event with a mapping set through Data Prep's preview, the engine the inlet uses. In ", tenantLabel(), "."),
      ),
      h("div", { class: "actions" }, mapButton),
    ),
    h(
      "div",
      { class: "grid-3" },
      panel("Event", {}, h("label", { class: "field" }, h("span", { class: "field-label", text: "Fixture event" }), eventSelect), eventBody),
      panel(
        "Mappings",
        { actions: [addButton] },
        h("label", { class: "field" }, h("span", { class: "field-label", text: "Mapping set" }), h("div", { class: "field-row" }, setSelect, versionSelect)),
        h("label", { class: "field" }, h("span", { class: "field-label", text: "Output schema" }), schemaInput),
        setNote,
        rows,
      ),
      panel("Output", { id: "output-panel" }, outcome),
    ),
  );
  renderRows();
  setNote.textContent = "The mappings of Adobe's Customer.io tutorial. Edit them freely: nothing is saved.";

  const [loadedEvents] = await Promise.all([
    fixtureEvents().catch((error) => {
      replace(outcome, errorBox(error));
      return [];
    }),
    loadSets(),
  ]);
  events = loadedEvents;
  const groups = new Map();
  for (const [index, item] of events.entries()) {
    const label = item.malformed ? `${item.set}: malformed` : `${item.set} events`;
    if (!groups.has(label)) groups.set(label, h("optgroup", { label }));
    groups.get(label).append(h("option", { value: String(index), text: item.name }));
  }
  eventSelect.prepend(...groups.values());

  if (handOff?.event !== undefined) {
    eventBody.value = JSON.stringify(handOff.event, null, 2);
    eventSelect.value = "custom";
  } else {
    const first = events.findIndex((item) => item.name === "email-sent");
    eventSelect.value = String(first >= 0 ? first : 0);
    const item = events[Number(eventSelect.value)];
    if (item) eventBody.value = JSON.stringify(item.event, null, 2);
  }
  if (handOff?.mappingId && [...setSelect.options].some((option) => option.value === handOff.mappingId)) {
    setSelect.value = handOff.mappingId;
    await pickSet(handOff.mappingId, handOff.version);
  }
  await runPreview();
}
