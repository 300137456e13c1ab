import { z } from "@hono/zod-openapi";
import { optionalField } from "../platform/optional-field.js";
import type { MappingRule, SourceType } from "./mapping/index.js";

/**
 * Mapping set bodies in both of Adobe's formats, and the stored shape every read answers.
 *
 * - Current (mapping-set.md): `{sourceType: ATTRIBUTE|STATIC|EXPRESSION, source, destination}` and
 *   `outputSchema.schemaRef.id`.
 * - Legacy (the Customer.io tutorial, the old API guide): `{sourceAttribute, destinationXdmPath,
 *   identity, version}` and top-level `xdmSchema` / `xdmVersion` (or `schemaRef`).
 *
 * A stored mapping echoes both, as Adobe's reads do: `sourceType` comes back as a media type
 * (`text/x.schema-path` for attributes, `text/x.aep-xl` for expressions) beside `sourceAttribute`
 * and `destinationXdmPath`. Those values are accepted in requests too, so a mapping set read back
 * can be PUT as it is.
 */

export const DEFAULT_CONTENT_TYPE = "application/vnd.adobe.xed-full+json;version=1";
export const MAX_MAPPINGS = 2000;

/** The media types Adobe stores for each source type. STATIC has no documented one and is kept. */
const STORED_SOURCE_TYPE: Record<SourceType, string> = {
  ATTRIBUTE: "text/x.schema-path",
  EXPRESSION: "text/x.aep-xl",
  STATIC: "STATIC",
};

const SOURCE_TYPE_OF: Record<string, SourceType> = {
  ATTRIBUTE: "ATTRIBUTE",
  EXPRESSION: "EXPRESSION",
  STATIC: "STATIC",
  "text/x.schema-path": "ATTRIBUTE",
  "text/x.aep-xl": "EXPRESSION",
};

const SourceTypeField = z
  .enum(["ATTRIBUTE", "STATIC", "EXPRESSION", "text/x.schema-path", "text/x.aep-xl"])
  .openapi({ description: "ATTRIBUTE (a source path), STATIC (a constant) or EXPRESSION; reads answer text/x.schema-path and text/x.aep-xl" });

const SchemaRef = z.looseObject({ id: z.string().min(1), contentType: optionalField(z.string()) }).openapi("DataPrepSchemaRef");

export const MappingBody = z
  .looseObject({
    sourceType: optionalField(SourceTypeField),
    source: optionalField(z.string()),
    destination: optionalField(z.string()),
    name: optionalField(z.string()),
    description: optionalField(z.string()),
    sourceAttribute: optionalField(z.string()).openapi({ description: "Legacy: the source path (an ATTRIBUTE mapping)" }),
    destinationXdmPath: optionalField(z.string()).openapi({ description: "Legacy: the destination path" }),
    identity: optionalField(z.boolean()),
    primaryIdentity: optionalField(z.boolean()),
    identityGroup: optionalField(z.string()),
    namespaceCode: optionalField(z.string()),
    version: optionalField(z.number().int()),
  })
  .superRefine((mapping, ctx) => {
    if (mapping.source === undefined && mapping.sourceAttribute === undefined) {
      ctx.addIssue({ code: "custom", path: ["source"], message: "a mapping needs source (or the legacy sourceAttribute)" });
    }
    if (mapping.destination === undefined && mapping.destinationXdmPath === undefined) {
      ctx.addIssue({ code: "custom", path: ["destination"], message: "a mapping needs destination (or the legacy destinationXdmPath)" });
    }
  })
  .openapi("MappingOperationRequest");

export const MappingSetBody = z
  .looseObject({
    name: optionalField(z.string()),
    description: optionalField(z.string()),
    outputSchema: optionalField(z.looseObject({ schemaRef: SchemaRef })).openapi({ description: "The XDM schema the mappings write" }),
    inputSchema: optionalField(z.looseObject({})),
    xdmSchema: optionalField(z.string().min(1)).openapi({ description: "Legacy: the output schema's $id" }),
    xdmVersion: optionalField(z.string()).openapi({ description: "Legacy: the output schema's content type" }),
    schemaRef: optionalField(SchemaRef).openapi({ description: "Legacy: the output schema" }),
    mappings: z.array(MappingBody).max(MAX_MAPPINGS),
    allowNullValues: optionalField(z.boolean()),
    status: optionalField(z.enum(["DRAFT", "PUBLISHED"])),
    tags: optionalField(z.array(z.looseObject({ name: z.string(), values: optionalField(z.array(z.string())) }))),
  })
  .openapi("MappingSetRequest", {
    example: {
      outputSchema: {
        schemaRef: {
          id: "https://ns.adobe.com/extconndev/schemas/945546112b746524bfd9f1264b26c2b7d8e7f5b7fadb953a",
          contentType: DEFAULT_CONTENT_TYPE,
        },
      },
      mappings: [{ sourceType: "ATTRIBUTE", source: "event_id", destination: "_extconndev.event_id0" }],
    },
  });

export type MappingSetRequest = z.infer<typeof MappingSetBody>;
type MappingRequest = z.infer<typeof MappingBody>;

/** A mapping in one format, whichever the request used. */
export interface NormalisedMapping {
  sourceType: SourceType;
  source: string;
  destination: string;
  name?: string;
  description?: string;
  identity: boolean;
  primaryIdentity: boolean;
  identityGroup?: string;
  namespaceCode?: string;
}

/** The current fields win over the legacy ones; a legacy mapping is an attribute. */
export function normaliseMapping(mapping: MappingRequest): NormalisedMapping {
  return {
    sourceType: SOURCE_TYPE_OF[mapping.sourceType ?? "ATTRIBUTE"],
    source: mapping.source ?? mapping.sourceAttribute ?? "",
    destination: mapping.destination ?? mapping.destinationXdmPath ?? "",
    ...optional("name", mapping.name),
    ...optional("description", mapping.description),
    identity: mapping.identity ?? false,
    primaryIdentity: mapping.primaryIdentity ?? false,
    ...optional("identityGroup", mapping.identityGroup),
    ...optional("namespaceCode", mapping.namespaceCode),
  };
}

/** The output schema a body names: `outputSchema.schemaRef`, else the legacy top-level fields. */
export function outputSchemaRefOf(body: MappingSetRequest): { id: string; contentType: string } | undefined {
  const id = body.outputSchema?.schemaRef.id ?? body.schemaRef?.id ?? body.xdmSchema;
  if (id === undefined) return undefined;
  const contentType = body.outputSchema?.schemaRef.contentType ?? body.schemaRef?.contentType ?? body.xdmVersion ?? DEFAULT_CONTENT_TYPE;
  return { id, contentType };
}

/** What the engine compiles. */
export function ruleOf(mapping: Pick<NormalisedMapping, "sourceType" | "source" | "destination">): MappingRule {
  return { sourceType: mapping.sourceType, source: mapping.source, destination: mapping.destination };
}

// --- the stored shape ------------------------------------------------------------------------------

export interface StoredMapping {
  id: string;
  version: number;
  createdDate: number;
  modifiedDate: number;
  createdBy: string;
  modifiedBy: string;
  sourceType: string;
  source: string;
  destination: string;
  name?: string;
  description?: string;
  identity: boolean;
  primaryIdentity: boolean;
  matchScore: number;
  functionVersion: number;
  sourceAttribute: string;
  destinationXdmPath: string;
  identityGroup?: string;
  namespaceCode?: string;
}

/** One version of a mapping set, exactly as GET /mappingSets/{id}?version=n answers it. */
export interface StoredMappingSet {
  id: string;
  version: number;
  createdDate: number;
  modifiedDate: number;
  createdBy: string;
  modifiedBy: string;
  name?: string;
  description?: string;
  supportVersion: string;
  inputSchema?: Record<string, unknown>;
  outputSchema: { id: string; version: number; schemaRef: { id: string; contentType: string } };
  mappings: StoredMapping[];
  status: string;
  strictMapping: boolean;
  allowNullValues: boolean;
  xdmVersion: string;
  schemaRef: { id: string; contentType: string };
  xdmSchema: string;
  tags?: unknown[];
}

/** Who writes a version, when, and the ids it gets. */
export interface VersionStamp {
  id: string;
  version: number;
  createdDate: number;
  createdBy: string;
  now: number;
  userId: string;
  newId: () => string;
}

/** A version of a mapping set; `schemaId` is the output schema's canonical `$id`. */
export function buildMappingSetVersion(body: MappingSetRequest, schemaId: string, stamp: VersionStamp): StoredMappingSet {
  const ref = outputSchemaRefOf(body);
  const schemaRef = { id: schemaId, contentType: ref?.contentType ?? DEFAULT_CONTENT_TYPE };
  return {
    id: stamp.id,
    version: stamp.version,
    createdDate: stamp.createdDate,
    modifiedDate: stamp.now,
    createdBy: stamp.createdBy,
    modifiedBy: stamp.userId,
    ...optional("name", body.name),
    ...optional("description", body.description),
    supportVersion: "1.1",
    ...optional("inputSchema", body.inputSchema),
    outputSchema: { id: stamp.newId(), version: 0, schemaRef },
    mappings: body.mappings.map((mapping) => storedMapping(normaliseMapping(mapping), stamp)),
    status: body.status ?? "DRAFT",
    strictMapping: false,
    allowNullValues: body.allowNullValues ?? false,
    xdmVersion: schemaRef.contentType,
    schemaRef,
    xdmSchema: schemaId,
    ...optional("tags", body.tags),
  };
}

function storedMapping(mapping: NormalisedMapping, stamp: VersionStamp): StoredMapping {
  return {
    id: stamp.newId(),
    version: 0,
    createdDate: stamp.now,
    modifiedDate: stamp.now,
    createdBy: stamp.userId,
    modifiedBy: stamp.userId,
    sourceType: STORED_SOURCE_TYPE[mapping.sourceType],
    source: mapping.source,
    destination: mapping.destination,
    ...optional("name", mapping.name),
    ...optional("description", mapping.description),
    identity: mapping.identity,
    primaryIdentity: mapping.primaryIdentity,
    matchScore: 0.0,
    functionVersion: 1,
    sourceAttribute: mapping.source,
    destinationXdmPath: mapping.destination,
    ...optional("identityGroup", mapping.identityGroup),
    ...optional("namespaceCode", mapping.namespaceCode),
  };
}

/** The engine rule of a stored mapping. */
export function storedRuleOf(mapping: StoredMapping): MappingRule {
  return { sourceType: SOURCE_TYPE_OF[mapping.sourceType] ?? "ATTRIBUTE", source: mapping.source, destination: mapping.destination };
}

/** What a create answers (SimpleRepresentation). */
export function simpleRepresentation(set: StoredMappingSet) {
  const { id, version, createdDate, modifiedDate, createdBy, modifiedBy } = set;
  return { id, version, createdDate, modifiedDate, createdBy, modifiedBy };
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}
