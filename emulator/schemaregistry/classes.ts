import { createHash } from "node:crypto";
import type { Document } from "../store/entities.js";

/**
 * The global container: the behaviors and classes real schemas extend, as data. Only the core
 * fields of each are kept. Two simplifications: `identityMap` is part of both classes (Adobe adds
 * it to profiles through the Identity Map field group), and there are no global data types, field
 * groups or schemas.
 */

export const GLOBAL_LIB_VERSION = "1.27.4";
const RELEASED = 1635361814823;

export const RECORD_BEHAVIOR = "https://ns.adobe.com/xdm/data/record";
export const TIME_SERIES_BEHAVIOR = "https://ns.adobe.com/xdm/data/time-series";
export const ADHOC_BEHAVIOR = "https://ns.adobe.com/xdm/data/adhoc";
export const EXTENSIBLE = "https://ns.adobe.com/xdm/common/extensible";
export const PROFILE_CLASS = "https://ns.adobe.com/xdm/context/profile";
export const EXPERIENCE_EVENT_CLASS = "https://ns.adobe.com/xdm/context/experienceevent";

export type GlobalKind = "behaviors" | "classes";

/** `_xdm.context.profile` for `https://ns.adobe.com/xdm/context/profile`. */
export function altIdOf(id: string): string {
  return `_${id.replace(/^https?:\/\/ns\.adobe\.com\//, "").replace(/\//g, ".")}`;
}

const identifier = {
  title: "Identifier",
  type: "string",
  format: "uri-reference",
  description: "A unique identifier for the record.",
  "meta:xdmType": "string",
  "meta:xdmField": "@id",
};

const identityMap = {
  title: "Identity Map",
  type: "object",
  description: "Identities of the subject, keyed by identity namespace.",
  "meta:xdmType": "map",
  "meta:xdmField": "xdm:identityMap",
  additionalProperties: {
    type: "array",
    items: {
      title: "Identity",
      type: "object",
      "meta:xdmType": "object",
      properties: {
        id: { title: "Identifier", type: "string", "meta:xdmType": "string" },
        authenticatedState: {
          title: "Authenticated State",
          type: "string",
          enum: ["ambiguous", "authenticated", "loggedOut"],
          default: "ambiguous",
          "meta:xdmType": "string",
        },
        primary: { title: "Primary", type: "boolean", default: false, "meta:xdmType": "boolean" },
      },
    },
  },
};

const text = (title: string, description: string, xdmField: string) => ({
  title,
  type: "string",
  description,
  "meta:xdmType": "string",
  "meta:xdmField": xdmField,
});

function globalResource(kind: GlobalKind | "mixins", id: string, fields: Document): Document {
  return {
    $id: id,
    "meta:altId": altIdOf(id),
    "meta:resourceType": kind,
    version: GLOBAL_LIB_VERSION,
    ...fields,
    "meta:xdmType": "object",
    "meta:status": "stable",
    $schema: "http://json-schema.org/draft-06/schema#",
    "meta:registryMetadata": {
      "repo:createdDate": RELEASED,
      "repo:lastModifiedDate": RELEASED,
      eTag: etagOf(id),
      "meta:globalLibVersion": GLOBAL_LIB_VERSION,
    },
    "meta:containerId": "global",
  };
}

/** A fixed 64-hex eTag per global resource (they never change). */
function etagOf(id: string): string {
  return createHash("sha256").update(`${GLOBAL_LIB_VERSION}:${id}`).digest("hex");
}

const extensible = globalResource("behaviors", EXTENSIBLE, {
  title: "Extensible Schema",
  type: "object",
  description: "Marks a resource as extensible; contributes no data fields.",
  definitions: { "@context": { properties: {} } },
  allOf: [],
  "meta:extensible": true,
  "meta:abstract": true,
});

const record = globalResource("behaviors", RECORD_BEHAVIOR, {
  title: "Record Schema",
  type: "object",
  description: "Used to indicate the behavior of record data semantic when composed into data schemas.",
  definitions: { record: { properties: { _id: identifier } } },
  allOf: [
    { $ref: "#/definitions/record", type: "object", "meta:xdmType": "object" },
    { $ref: `${EXTENSIBLE}#/definitions/@context`, type: "object", "meta:xdmType": "object" },
  ],
  "meta:extensible": true,
  "meta:abstract": true,
});

const timeSeries = globalResource("behaviors", TIME_SERIES_BEHAVIOR, {
  title: "Time-series Schema",
  type: "object",
  description: "Used to indicate the behavior of time-series data semantic when composed into data schemas.",
  definitions: {
    "time-series": {
      properties: {
        _id: identifier,
        eventType: text("Event Type", "The primary event type for this time-series record.", "xdm:eventType"),
        timestamp: {
          title: "Timestamp",
          type: "string",
          format: "date-time",
          description: "The time when an event or observation occurred.",
          "meta:xdmType": "date-time",
          "meta:xdmField": "xdm:timestamp",
        },
      },
      required: ["_id", "timestamp"],
    },
  },
  allOf: [
    { $ref: "#/definitions/time-series", type: "object", "meta:xdmType": "object" },
    { $ref: `${EXTENSIBLE}#/definitions/@context`, type: "object", "meta:xdmType": "object" },
  ],
  "meta:extensible": true,
  "meta:abstract": true,
});

/** The third behavior behaviors.md lists: ad-hoc classes (not creatable here) use it; it adds no fields. */
const adhoc = globalResource("behaviors", ADHOC_BEHAVIOR, {
  title: "Ad Hoc Schema",
  type: "object",
  description:
    "Used to indicate the behavior of the Ad hoc data semantic when composed into data Schemas. The Ad hoc semantic scope is limited to just the local schema, and no compatibility can be assumed between schemas.",
  definitions: { adhoc: { properties: {} } },
  allOf: [
    { $ref: "#/definitions/adhoc", type: "object", "meta:xdmType": "object" },
    { $ref: `${EXTENSIBLE}#/definitions/@context`, type: "object", "meta:xdmType": "object" },
  ],
  "meta:extensible": true,
  "meta:abstract": true,
});

const profile = globalResource("classes", PROFILE_CLASS, {
  title: "XDM Individual Profile",
  type: "object",
  description: "A single representation of the attributes and interests of both identified and partially-identified individuals.",
  definitions: {
    profile: {
      properties: {
        identityMap,
        personID: text("Person ID", "Unique identifier of the person.", "xdm:personID"),
        createdByBatchID: text("Created by batch ID", "The batch that created this profile.", "xdm:createdByBatchID"),
        modifiedByBatchID: text("Modified by batch ID", "The last batch that modified this profile.", "xdm:modifiedByBatchID"),
        repositoryCreatedBy: text("Created by user ID", "User who created the record.", "xdm:repositoryCreatedBy"),
        repositoryLastModifiedBy: text("Modified by user ID", "User who last modified the record.", "xdm:repositoryLastModifiedBy"),
        _repo: {
          title: "Repository metadata",
          type: "object",
          "meta:xdmType": "object",
          properties: {
            createDate: { title: "Create date", type: "string", format: "date-time", "meta:xdmType": "date-time" },
            modifyDate: { title: "Modify date", type: "string", format: "date-time", "meta:xdmType": "date-time" },
          },
        },
      },
    },
  },
  allOf: [
    { $ref: RECORD_BEHAVIOR, type: "object", "meta:xdmType": "object" },
    { $ref: "#/definitions/profile", type: "object", "meta:xdmType": "object" },
  ],
  "meta:extensible": true,
  "meta:abstract": true,
  "meta:extends": [RECORD_BEHAVIOR, EXTENSIBLE],
});

const experienceEvent = globalResource("classes", EXPERIENCE_EVENT_CLASS, {
  title: "XDM ExperienceEvent",
  type: "object",
  description: "A time-series record of an event or observation that occurred for a subject.",
  definitions: {
    experienceevent: {
      properties: {
        identityMap,
        producedBy: text("Produced by", "A value describing the producer of the event.", "xdm:producedBy"),
        eventMergeId: text("Event Merge ID", "An ID to correlate events that should be merged.", "xdm:eventMergeId"),
      },
    },
  },
  allOf: [
    { $ref: TIME_SERIES_BEHAVIOR, type: "object", "meta:xdmType": "object" },
    { $ref: "#/definitions/experienceevent", type: "object", "meta:xdmType": "object" },
  ],
  "meta:extensible": true,
  "meta:abstract": true,
  "meta:extends": [TIME_SERIES_BEHAVIOR, EXTENSIBLE],
});

const GLOBAL_RESOURCES: ReadonlyArray<Document> = [extensible, record, timeSeries, adhoc, profile, experienceEvent];

/** A global resource by `$id` or `meta:altId`; a copy, so callers may change it. */
export function findGlobal(ref: string, kind?: GlobalKind): Document | undefined {
  const found = GLOBAL_RESOURCES.find(
    (resource) => (resource.$id === ref || resource["meta:altId"] === ref) && (kind === undefined || resource["meta:resourceType"] === kind),
  );
  return found === undefined ? undefined : structuredClone(found);
}

export function listGlobal(kind: GlobalKind): Document[] {
  return GLOBAL_RESOURCES.filter((resource) => resource["meta:resourceType"] === kind).map((resource) => structuredClone(resource));
}
