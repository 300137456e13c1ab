import { FLOW, flowError } from "../platform/errors.js";
import type { Document } from "../store/entities.js";
import { sharedDocument } from "../store/shared-documents.js";
import type { Collection, FlowContext } from "./context.js";

/** Reference checks shared by the Flow Service resources. */

export function requireConnectionSpec(ctx: FlowContext, ref: { id: string }): Document {
  const spec = ctx.specs.connectionSpec(ref.id);
  if (spec === undefined) throw flowError(FLOW.invalidSpec, `The spec ID provided is invalid. No connection spec exists with the ID ${ref.id}.`);
  return spec;
}

export function requireFlowSpec(ctx: FlowContext, ref: { id: string }): Document {
  const spec = ctx.specs.flowSpec(ref.id);
  if (spec === undefined) throw flowError(FLOW.invalidSpec, `The spec ID provided is invalid. No flow spec exists with the ID ${ref.id}.`);
  return spec;
}

/** A referenced entity of the same tenant (shared and frozen: read it only), or a 400 naming what is missing. */
export function requireReferenced(ctx: FlowContext, collection: Collection, id: string): Document {
  const doc = sharedDocument(ctx.entities, ctx.tenant, collection, id);
  if (doc === undefined) {
    throw flowError(
      FLOW.invalidRequest,
      `The request could not be processed. The referenced ${collection} resource ${id} is not found. Verify the resource ID before trying again.`,
      { id, type: collection },
    );
  }
  return doc;
}

/** `{id, version}` of a stored document's connection spec, as inheritedAttributes carry it. */
export function specRefOf(doc: Document): { id: string; version: string } {
  const ref = doc.connectionSpec as { id: string; version?: string };
  return { id: ref.id, version: ref.version ?? "1.0" };
}
