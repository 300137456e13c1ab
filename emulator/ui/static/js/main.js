// The Inspector's shell: the tenant picker, the navigation and a hash router (#/flows, #/flows/<id>,
// #/playground, #/journal, #/faults, #/tenant). Each page's render(view, context) draws into the
// view; timers it starts with context.every() stop when the page changes.
import { call } from "./api.js";
import { h, replace } from "./dom.js";
import * as faults from "./pages/faults.js";
import * as flow from "./pages/flow.js";
import * as flows from "./pages/flows.js";
import * as journal from "./pages/journal.js";
import * as playground from "./pages/playground.js";
import * as tenantPage from "./pages/tenant.js";
import { onTenantChange, sameTenant, setTenant, tenant, tenantLabel } from "./tenant.js";

const ROUTES = [
  { pattern: /^#\/flows\/([^/?#]+)$/, page: flow, nav: "flows", params: (match) => ({ id: decodeURIComponent(match[1]) }) },
  { pattern: /^#\/flows$/, page: flows, nav: "flows" },
  { pattern: /^#\/playground$/, page: playground, nav: "playground" },
  { pattern: /^#\/journal$/, page: journal, nav: "journal" },
  { pattern: /^#\/faults$/, page: faults, nav: "faults" },
  { pattern: /^#\/tenant$/, page: tenantPage, nav: "tenant" },
];

const NAV = [
  ["flows", "Dataflows"],
  ["playground", "Playground"],
  ["journal", "Journal"],
  ["faults", "Faults"],
  ["tenant", "Tenant"],
];

const view = document.getElementById("view");
const nav = document.getElementById("nav");
const picker = document.getElementById("tenant-select");
const otherForm = document.getElementById("tenant-other");
const orgInput = document.getElementById("tenant-org");
const sandboxInput = document.getElementById("tenant-sandbox");

let stops = [];
let generation = 0;

function stopPage() {
  for (const stop of stops) stop();
  stops = [];
}

/** Runs `work` every `ms` (after each run ends) until the page changes; skipped while the tab is hidden. */
function every(ms, work, mine) {
  let timer;
  let stopped = false;
  const tick = async () => {
    if (stopped || mine !== generation) return;
    if (document.visibilityState !== "hidden") {
      try {
        await work();
      } catch (error) {
        console.error(error);
      }
    }
    if (!stopped && mine === generation) timer = setTimeout(tick, ms);
  };
  timer = setTimeout(tick, ms);
  stops.push(() => {
    stopped = true;
    clearTimeout(timer);
  });
}

function navigate(hash) {
  if (location.hash === hash) route();
  else location.hash = hash;
}

async function route() {
  stopPage();
  const mine = ++generation;
  if (!location.hash) history.replaceState(null, "", "#/flows");
  const hash = location.hash;
  const found = ROUTES.map((candidate) => ({ candidate, match: candidate.pattern.exec(hash) })).find(({ match }) => match);
  if (!found) {
    navigate("#/flows");
    return;
  }
  const { candidate, match } = found;
  for (const link of nav.querySelectorAll("a")) link.classList.toggle("active", link.dataset.nav === candidate.nav);
  document.title = `${candidate.page.title} · Inspector · AEP Flow Service emulator`;
  if (picker.value !== "other") refreshTenants();
  const page = h("div", { class: "page", dataset: { page: candidate.nav } });
  replace(view, page);
  view.dataset.ready = "false";
  try {
    await candidate.page.render(page, {
      params: candidate.params ? candidate.params(match) : {},
      navigate,
      every: (ms, work) => every(ms, work, mine),
      refreshTenants,
    });
  } catch (error) {
    console.error(error);
    if (mine === generation) page.append(h("div", { class: "error-box", role: "alert" }, h("strong", { text: "This page failed: " }), String(error?.message ?? error)));
  } finally {
    if (mine === generation) view.dataset.ready = "true";
  }
}

// ---- tenant picker
async function refreshTenants() {
  let known = [];
  try {
    known = (await call("GET", "/_emulator/tenants")).tenants;
  } catch {
    known = [];
  }
  const current = tenant();
  if (!known.some((candidate) => sameTenant(candidate, current))) known.unshift(current);
  replace(
    picker,
    known.map((candidate) =>
      h("option", { value: JSON.stringify([candidate.imsOrgId, candidate.sandboxName]), text: tenantLabel(candidate), selected: sameTenant(candidate, current) }),
    ),
    h("option", { value: "other", text: "Another tenant…" }),
  );
  picker.value = JSON.stringify([current.imsOrgId, current.sandboxName]);
}

picker.addEventListener("change", () => {
  if (picker.value === "other") {
    otherForm.hidden = false;
    orgInput.value = tenant().imsOrgId;
    sandboxInput.value = tenant().sandboxName;
    orgInput.focus();
    orgInput.select();
    return;
  }
  const [imsOrgId, sandboxName] = JSON.parse(picker.value);
  setTenant({ imsOrgId, sandboxName });
});

otherForm.addEventListener("submit", (event) => {
  event.preventDefault();
  if (!orgInput.value.trim()) return;
  otherForm.hidden = true;
  setTenant({ imsOrgId: orgInput.value, sandboxName: sandboxInput.value || "prod" });
  refreshTenants();
});
document.getElementById("tenant-cancel").addEventListener("click", () => {
  otherForm.hidden = true;
  refreshTenants();
});

onTenantChange(() => {
  // a flow of another tenant is a 404: go back to the list
  if (location.hash.startsWith("#/flows/")) navigate("#/flows");
  else route();
});

replace(
  nav,
  NAV.map(([key, label]) => h("a", { href: `#/${key}`, dataset: { nav: key }, text: label })),
);
window.addEventListener("hashchange", route);
route();
