/**
 * What arrives at an inlet: raw JSON (webhook sources, HTTP API inlets with dataType raw), or an
 * XDM envelope {header, body: {xdmMeta, xdmEntity}} (HTTP API inlets with dataType xdm).
 */
/** How a header or a body's `xdmMeta` names the message's schema. */
export interface SchemaNaming {
  schemaRef?: { id?: string; contentType?: string };
  /** The older way to name the schema, by its `meta:altId` (`_xdm.context.experienceevent`). */
  xdmSchema?: { name?: unknown };
}

export interface XdmHeader extends SchemaNaming {
  imsOrgId?: string;
  datasetId?: string;
  flowId?: string;
}

export type Message =
  | { kind: "raw"; event: unknown }
  /** `entity` is undefined when the body has no xdmEntity. */
  | { kind: "xdm"; header: XdmHeader; meta: SchemaNaming; entity: unknown };

export type DataType = "raw" | "xdm";

/** Refusals of one message, in DCS's words (the inlet prefixes the inlet and org). */
export class MessageRefused extends Error {
  constructor(
    readonly status: number,
    readonly reason: string,
  ) {
    super(reason);
  }
}

export const UNKNOWN_XDM_FORMAT = "Message has unknown xdm format";
export const WRONG_IMS_ORG = "Message has an absent or wrong ims org in the header";

export function classify(body: unknown, dataType: DataType): Message {
  if (dataType === "raw") {
    if (!isObject(body)) throw new MessageRefused(400, "Message is not a JSON object");
    return { kind: "raw", event: body };
  }
  // Without xdmEntity the message is taken, and fails validation (processMessage).
  if (!isObject(body) || !isObject(body.header) || !isObject(body.body)) throw new MessageRefused(400, UNKNOWN_XDM_FORMAT);
  const header = withoutNulls(body.header);
  // A schemaRef that is not an object names no schema, as one whose id is not the flow's.
  if (header.schemaRef !== undefined && !isObject(header.schemaRef)) throw new MessageRefused(400, UNKNOWN_XDM_FORMAT);
  const meta = body.body.xdmMeta;
  // Adobe's failed-batches guide: an xdmMeta without its schemaRef is an unknown xdm format.
  if (!namesASchema(meta)) throw new MessageRefused(400, UNKNOWN_XDM_FORMAT);
  return { kind: "xdm", header: header as XdmHeader, meta, entity: body.body.xdmEntity };
}

/** A header field that is null is absent, as Jackson reads it into DCS's header class: every check sees it so. */
function withoutNulls(header: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(header).filter(([, value]) => value !== null));
}

function namesASchema(meta: unknown): meta is SchemaNaming {
  if (!isObject(meta)) return false;
  const { schemaRef, xdmSchema } = meta;
  return (isObject(schemaRef) && typeof schemaRef.id === "string") || (isObject(xdmSchema) && typeof xdmSchema.name === "string");
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}
