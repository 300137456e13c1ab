// The tenant the page works in: (x-gw-ims-org-id, x-sandbox-name), remembered in localStorage.

export const DEFAULT_TENANT = Object.freeze({ imsOrgId: "0123456789ABCDEF01234567@AdobeOrg", sandboxName: "prod" });
const KEY = "aep-flow-emulator.inspector.tenant";
const listeners = new Set();

let current = load();

function load() {
  try {
    const saved = JSON.parse(localStorage.getItem(KEY) ?? "null");
    if (saved && typeof saved.imsOrgId === "string" && saved.imsOrgId && typeof saved.sandboxName === "string" && saved.sandboxName) {
      return { imsOrgId: saved.imsOrgId, sandboxName: saved.sandboxName };
    }
  } catch {
    // nothing saved, or storage is off
  }
  return { ...DEFAULT_TENANT };
}

export function tenant() {
  return current;
}

export function sameTenant(a, b) {
  return a.imsOrgId === b.imsOrgId && a.sandboxName === b.sandboxName;
}

export function tenantLabel(t = current) {
  return `${t.imsOrgId} / ${t.sandboxName}`;
}

export function setTenant(next) {
  const cleaned = { imsOrgId: String(next.imsOrgId).trim(), sandboxName: String(next.sandboxName || "prod").trim() };
  if (!cleaned.imsOrgId || sameTenant(cleaned, current)) return;
  current = cleaned;
  try {
    localStorage.setItem(KEY, JSON.stringify(current));
  } catch {
    // storage is off: the choice lasts until the page reloads
  }
  for (const listener of listeners) listener(current);
}

export function onTenantChange(listener) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
