import { expect } from "vitest";
import type { RequestOptions, TestEmulator } from "./app.js";

/** The seed tutorial's ids and bodies, and helpers that build a dataflow step by step. */
export const FS = "/data/foundation/flowservice";
export const CUSTOMERIO_SPEC = "96479064-7b8a-4d69-b9ed-21c5683837ea";
export const STREAMING_PROVIDER = "521eee4d-8cbe-4906-bb48-fb6bd4450033";
export const HTTP_API_SPEC = "bc7b00d6-623a-4dfc-9fdb-f1240aeadaeb";
export const DATA_LAKE_SPEC = "c604ff05-7f1a-43c0-8e18-33bf874cb11c";
export const CUSTOMERIO_FLOW_SPEC = "e77fde5a-22a8-11ed-861d-0242ac120002";
export const HTTP_API_MAPPED_FLOW_SPEC = "c1a19761-d2c7-4702-b9fa-fe91f0613e81";
export const HTTP_API_FLOW_SPEC = "d8a6f005-7eaf-4153-983e-e8574508b877";

export const customerioSourceBody = () => ({
  name: "Streaming Source Connection for Customer.io",
  providerId: STREAMING_PROVIDER,
  description: "Streaming Source Connection for customer.io",
  connectionSpec: { id: CUSTOMERIO_SPEC, version: "1.0" },
  data: { format: "json" },
});

export const dataLakeTargetBody = (dataSetId = "63ec807d3f5ce91bd2d06c65") => ({
  name: "Streaming Target Connection for Customer.io",
  description: "Streaming Target Connection for Customer.io",
  connectionSpec: { id: DATA_LAKE_SPEC, version: "1.0" },
  data: {
    format: "json",
    schema: {
      id: "https://ns.adobe.com/extconndev/schemas/945546112b746524bfd9f1264b26c2b7d8e7f5b7fadb953a",
      version: "application/vnd.adobe.xed-full+json;version=1",
    },
  },
  params: { dataSetId },
});

export const customerioFlowBody = (sourceId: string, targetId: string, transformations?: unknown[]) => ({
  name: "Streaming Dataflow for Customer.io",
  description: "Streaming Dataflow for Customer.io",
  flowSpec: { id: CUSTOMERIO_FLOW_SPEC, version: "1.0" },
  sourceConnectionIds: [sourceId],
  targetConnectionIds: [targetId],
  ...(transformations ? { transformations } : {}),
});

export const httpApiConnectionBody = (name = "HTTP API streaming connection") => ({
  name,
  description: "An HTTP API inlet",
  connectionSpec: { id: HTTP_API_SPEC, version: "1.0" },
  auth: { specName: "Streaming Connection", params: { dataType: "raw", name } },
});

/** POSTs and expects 201; answers the created id and etag. */
export async function create(emulator: TestEmulator, collection: string, body: unknown, options: RequestOptions = {}) {
  const response = await emulator.request("POST", `${FS}/${collection}`, { ...options, body });
  expect(response.status, response.text).toBe(201);
  return response.body as { id: string; etag: string };
}

export async function getItem(emulator: TestEmulator, collection: string, id: string, options: RequestOptions = {}) {
  const response = await emulator.request("GET", `${FS}/${collection}/${id}`, options);
  expect(response.status, response.text).toBe(200);
  expect(response.body.items).toHaveLength(1);
  return response.body.items[0];
}

/** A Customer.io source, a data lake target and a flow between them (no mapping). */
export async function createCustomerioFlow(emulator: TestEmulator, options: RequestOptions = {}) {
  const source = await create(emulator, "sourceConnections", customerioSourceBody(), options);
  const target = await create(emulator, "targetConnections", dataLakeTargetBody(), options);
  const flow = await create(emulator, "flows", customerioFlowBody(source.id, target.id), options);
  return { source, target, flow };
}

/** The Flow Service envelope: type FLOW-<code>-<status>, title, status, report, errorMessage, errorDetails. */
export function expectFlowError(response: { status: number; body: any; text: string }, code: number, status: number) {
  expect(response.status, response.text).toBe(status);
  expect(response.body).toMatchObject({
    type: `https://ns.adobe.com/aep/errors/FLOW-${code}-${status}`,
    status,
    title: expect.any(String),
    report: expect.objectContaining({ "detailed-message": expect.any(String), "request-id": expect.any(String) }),
    errorMessage: expect.any(String),
    errorDetails: expect.any(String),
  });
  expect(response.body.errorMessage).toBe(response.body.report["detailed-message"]);
}
