import { XDM, xdmError } from "../platform/errors.js";
import type { Document } from "../store/entities.js";

/**
 * The Accept header decides what a Schema Registry GET answers. A lookup needs a version
 * (`application/vnd.adobe.xed-full+json; version=1`); a listing must not carry one
 * (`application/vnd.adobe.xed-id+json`). `xdm` is accepted wherever `xed` is.
 */
export type Variant = "xed" | "xed-id" | "xed-full" | "xed-notext" | "xed-full-notext" | "xed-full-desc" | "xed-deprecatefield";
export type ListingVariant = "xed" | "xed-id";

interface Accepted {
  variant: Variant;
  version?: string;
}

const MEDIA_TYPE = /^application\/vnd\.adobe\.(?:xed|xdm)(-id|-full|-notext|-full-notext|-full-desc|-deprecatefield)?\+json$/i;
/** Only major version 1 exists; `1`, `1.0` or `1.4` name it. */
const AVAILABLE_VERSION = /^1(\.[0-9]+)*$/;

function parseAccept(header: string | undefined): Accepted | undefined {
  for (const range of (header ?? "").split(",")) {
    const [mediaType, ...params] = range.split(";").map((part) => part.trim());
    const match = MEDIA_TYPE.exec(mediaType);
    if (match === null) continue;
    const version = params.map((param) => /^version\s*=\s*"?([^"]*)"?$/i.exec(param)?.[1]).find((value) => value !== undefined);
    return { variant: `xed${(match[1] ?? "").toLowerCase()}` as Variant, version };
  }
  return undefined;
}

export function lookupVariant(header: string | undefined): Variant {
  const accepted = parseAccept(header);
  if (accepted?.version === undefined) {
    throw xdmError(
      XDM.acceptLookup,
      `The supplied Accept header is not valid: ${header ?? "(none)"} - A valid Accept value should look like application/vnd.adobe.{xed|xdm}+json; version=1 (Version should be specified)`,
    );
  }
  if (!AVAILABLE_VERSION.test(accepted.version)) {
    throw xdmError(XDM.acceptVersionUnavailable, `The specified Accept format/version is not available for this resource: version=${accepted.version}`);
  }
  return accepted.variant;
}

export function listingVariant(header: string | undefined): ListingVariant {
  const accepted = parseAccept(header);
  if (accepted !== undefined && accepted.version === undefined && (accepted.variant === "xed" || accepted.variant === "xed-id")) {
    return accepted.variant;
  }
  throw xdmError(
    XDM.acceptListing,
    `The supplied Accept header is not valid: ${header ?? "(none)"} - A valid Accept value should look like application/vnd.adobe.{xed|xdm}+json`,
  );
}

/** `{ $id, meta:altId, version, title }`: the xed-id shape of a resource. */
export function summaryOf(resource: Document): Document {
  return { $id: resource.$id, "meta:altId": resource["meta:altId"], version: resource.version, title: resource.title };
}

/** A resource as the variant shows it; `resolve` gives the full (allOf-resolved) form. */
export function render(resource: Document, variant: Variant, resolve: () => Document): Document {
  switch (variant) {
    case "xed-id":
      return summaryOf(resource);
    case "xed":
      return resource;
    case "xed-notext":
      return withoutText(resource);
    case "xed-full":
    case "xed-deprecatefield":
    case "xed-full-desc":
      // schemas.md: resolved with titles and descriptions; a deprecated field already carries its meta:status,
      // and xed-full-desc adds descriptors, which are not emulated (the spec's "no titles" is not in the docs).
      return resolve();
    case "xed-full-notext":
      return withoutText(resolve());
  }
}

/** Drops the titles and descriptions of fields; the resource keeps its own title. */
function withoutText(resource: Document): Document {
  const stripField = (node: unknown): unknown => {
    if (node === null || typeof node !== "object" || Array.isArray(node)) return node;
    const { title: _title, description: _description, ...rest } = node as Document;
    return stripNested(rest);
  };
  const stripMap = (value: unknown): unknown =>
    value !== null && typeof value === "object" && !Array.isArray(value)
      ? Object.fromEntries(Object.entries(value as Document).map(([name, field]) => [name, stripField(field)]))
      : value;
  const stripNested = (node: Document): Document => ({
    ...node,
    ...(node.properties === undefined ? {} : { properties: stripMap(node.properties) }),
    ...(node.definitions === undefined ? {} : { definitions: stripMap(node.definitions) }),
    ...(node.items === undefined ? {} : { items: stripField(node.items) }),
    ...(typeof node.additionalProperties === "object" ? { additionalProperties: stripField(node.additionalProperties) } : {}),
  });
  return stripNested(resource);
}
