import { type ApiError, XDM, xdmError } from "../platform/errors.js";
import { findGlobal, listGlobal } from "./classes.js";
import { splitRef } from "./resolve.js";
import { GLOBAL_NAMESPACES } from "./tenant-id.js";

/**
 * Adobe's global XDM library: the standard field groups, data types and classes under
 * `https://ns.adobe.com/xdm/...` (`.../context/profile-person-details`, `.../common/address`, the
 * older `.../mixins/...`) and the application field groups under `https://ns.adobe.com/experience/...`,
 * with `meta:altId`s `_xdm.…` and `_experience.…`. The emulator's global container holds six of
 * them (classes.ts). A reference to another one is answered 501, not "not found": it may well exist
 * in Adobe, and a client told it does not may act on that. Tenant resources live under
 * `https://ns.adobe.com/{TENANT_ID}/...` (`_{TENANT_ID}.…`) and keep their 400/404.
 */
const NAMESPACE = GLOBAL_NAMESPACES.join("|");
const GLOBAL_ID = new RegExp(`^(?:https?://ns\\.adobe\\.com/(?:${NAMESPACE})/|_(?:${NAMESPACE})\\.)`);

/** Whether `ref` (an `$id` or `meta:altId`, with or without a fragment) is in Adobe's global namespace. */
export function isGlobalId(ref: string): boolean {
  return GLOBAL_ID.test(ref);
}

/** Whether `ref` names a global resource the emulator's global container does not hold. */
export function isUnheldGlobal(ref: string): boolean {
  return isGlobalId(ref) && findGlobal(splitRef(ref).id) === undefined;
}

/** Throws the 501 when `ref` names a global resource the emulator's global container does not hold. */
export function requireHeldGlobal(ref: string): void {
  if (isUnheldGlobal(ref)) throw globalResourceNotEmulated(ref);
}

export function globalResourceNotEmulated(ref: string): ApiError {
  const classes = listGlobal("classes").map((resource) => String(resource.title));
  const behaviors = listGlobal("behaviors").map((resource) => String(resource.$id).split("/").pop());
  return xdmError(
    XDM.notEmulated,
    `${ref} names a resource of Adobe's global XDM library, and the emulator does not emulate it: its global ` +
      `container holds only the classes ${listed(classes)} and the behaviors ${listed(behaviors)}, not Adobe's ` +
      `standard field groups, data types and other classes. Define the fields in a tenant field group instead ` +
      `(a fixture set can seed one). See "What is emulated" in the aep-flow-emulator README.`,
  );
}

/** `a, b and c`. */
function listed(names: ReadonlyArray<string | undefined>): string {
  return names.length < 2 ? names.join("") : `${names.slice(0, -1).join(", ")} and ${names.at(-1)}`;
}
