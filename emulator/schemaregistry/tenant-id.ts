import { z } from "zod";

/**
 * The first path segment of Adobe's global XDM library (`https://ns.adobe.com/xdm/...`,
 * `https://ns.adobe.com/experience/...`): no tenant may take one as its id, or its resources would
 * read as global ones.
 */
export const GLOBAL_NAMESPACES = ["xdm", "experience"] as const;

/** A Schema Registry tenant id (`DEFAULT_TENANT_ID`, a fixture set's `tenantId`). */
export const TenantIdText = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_]{0,63}$/, "must be lower-case letters, digits or _ (such as acme), at most 64")
  .refine((id) => !(GLOBAL_NAMESPACES as readonly string[]).includes(id), "must not be xdm or experience, the namespaces of Adobe's global XDM library");
