import type { Document } from "../store/entities.js";

/**
 * The registry writes `meta:xdmType` on every field of a resource it stores, from the field's JSON
 * Schema type (create-schema-api.md: a created field group answers `string`, `date-time`, `int`,
 * `object`… on fields sent without one). A field that names its own is kept as sent.
 */
export function withXdmTypes(definitions: Record<string, Document>): Record<string, Document> {
  return Object.fromEntries(Object.entries(definitions).map(([name, definition]) => [name, typedNode(definition) as Document]));
}

function typedNode(node: unknown): unknown {
  if (node === null || typeof node !== "object" || Array.isArray(node)) return node;
  const field = node as Document;
  const typed: Document = { ...field };
  if (isRecord(field.properties)) typed.properties = Object.fromEntries(Object.entries(field.properties).map(([name, child]) => [name, typedNode(child)]));
  if (isRecord(field.items)) typed.items = typedNode(field.items);
  if (isRecord(field.additionalProperties)) typed.additionalProperties = typedNode(field.additionalProperties);
  const xdmType = typed["meta:xdmType"] ?? xdmTypeOf(field);
  return xdmType === undefined ? typed : { ...typed, "meta:xdmType": xdmType };
}

function xdmTypeOf(field: Document): string | undefined {
  switch (field.type) {
    case "string":
      return field.format === "date-time" || field.format === "date" ? field.format : "string";
    case "integer":
      return integerTypeOf(field);
    case "number":
    case "boolean":
    case "array":
      return field.type;
    case "object":
      return field.properties === undefined && isRecord(field.additionalProperties) ? "map" : "object";
    default:
      return undefined;
  }
}

/** The narrowest XDM integer whose range holds the field's bounds; `int` without bounds, as the tutorial shows. */
const INTEGER_RANGES: ReadonlyArray<[string, number]> = [
  ["byte", 2 ** 7],
  ["short", 2 ** 15],
  ["int", 2 ** 31],
];

function integerTypeOf(field: Document): string {
  const bounds = [field.minimum, field.maximum].filter((bound): bound is number => typeof bound === "number");
  if (bounds.length === 0) return "int";
  const widest = Math.max(...bounds.map((bound) => (bound < 0 ? -bound : bound + 1)));
  return INTEGER_RANGES.find(([, limit]) => widest <= limit)?.[0] ?? "long";
}

function isRecord(value: unknown): value is Document {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}
