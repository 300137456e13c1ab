import { expect } from "vitest";
import type { TestEmulator } from "./app.js";
import { create, dataLakeTargetBody, getItem, HTTP_API_FLOW_SPEC, HTTP_API_SPEC } from "./flowservice.js";

/** An HTTP API inlet (base connection, source, data lake target, flow without mapping) on the Customer.io dataset. */
export const SCHEMA_ID = "https://ns.adobe.com/extconndev/schemas/945546112b746524bfd9f1264b26c2b7d8e7f5b7fadb953a";
export const DATASET_ID = "63ec807d3f5ce91bd2d06c65";
/** The `type` of every error body the streaming inlet (DCS) answers. */
export const DCS_TYPE = "http://ns.adobe.com/adobecloud/problem/data-collection-service/inlet";

export async function createHttpApiInlet(
  emulator: TestEmulator,
  params: Record<string, unknown> = { dataType: "xdm" },
  options: { org?: string; sandbox?: string } = {},
) {
  const base = await create(
    emulator,
    "connections",
    { name: "HTTP API inlet", connectionSpec: { id: HTTP_API_SPEC, version: "1.0" }, auth: { specName: "Streaming Connection", params } },
    options,
  );
  const source = await create(emulator, "sourceConnections", { name: "s", baseConnectionId: base.id, connectionSpec: { id: HTTP_API_SPEC } }, options);
  const target = await create(emulator, "targetConnections", dataLakeTargetBody(DATASET_ID), options);
  const flow = await create(
    emulator,
    "flows",
    { name: "HTTP API flow", flowSpec: { id: HTTP_API_FLOW_SPEC, version: "1.0" }, sourceConnectionIds: [source.id], targetConnectionIds: [target.id] },
    options,
  );
  const connection = await getItem(emulator, "connections", base.id, options);
  return { base, source, target, flow, inletId: connection.auth.params.inletId as string, inletUrl: connection.auth.params.inletUrl as string };
}

export function xdmMessage(entity: unknown, header: Record<string, unknown> = {}) {
  return {
    header: { schemaRef: { id: SCHEMA_ID, contentType: "application/vnd.adobe.xed-full+json;version=1" }, ...header },
    body: { xdmMeta: { schemaRef: { id: SCHEMA_ID, contentType: "application/vnd.adobe.xed-full+json;version=1" } }, xdmEntity: entity },
  };
}

export const goodEntity = (n = 1) => ({
  _extconndev: { event_id0: `event-${n}`, metricx: "sent", object_type1: "email", timestampx: 1613063089 + n, email: "a@example.com" },
});

/** POSTs JSON to an inlet path with no platform headers, as a webhook sender does. */
export async function post(emulator: TestEmulator, path: string, body: unknown, headers: Record<string, string> = {}) {
  const response = await emulator.app.request(path, {
    method: "POST",
    headers: { "Content-Type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, body: text ? JSON.parse(text) : undefined };
}

export async function records(emulator: TestEmulator, query = "", options: { org?: string; sandbox?: string } = {}) {
  const response = await emulator.request("GET", `/_emulator/datasets/${DATASET_ID}/records${query}`, options);
  expect(response.status, response.text).toBe(200);
  return response.body as { items: any[]; next?: string; _links: { next?: { href: string } } };
}
