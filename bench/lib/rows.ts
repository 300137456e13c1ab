import type { Request } from "autocannon";
import type { Seeded } from "../seed.js";
import type { LoadPlan } from "./load.js";
import { batchBody, eventAt, flowRequest, FS, platformHeaders, READ_SANDBOX, WRITE_SANDBOX } from "./workload.js";

/**
 * The requests of each HTTP row. The emulator and Prism get the same requests; Prism answers from
 * the document whatever the ids, so the emulator's seeded ids serve both.
 */
export type Route = "get" | "post" | "list" | "patch" | "inlet" | "batch";

/** `name` says what the emulator does; `request` only what is sent, for Prism's rows (a mock does none of it). */
export const ROUTES: { route: Route; name: string; request: string; unit: string }[] = [
  { route: "get", name: "GET /flows/{id}", request: "GET /flows/{id}", unit: "req/s" },
  { route: "post", name: "POST /flows (validation, references)", request: "POST /flows", unit: "req/s" },
  {
    route: "list",
    name: "GET /flows?property=state==enabled&orderby=-createdAt&limit=50 (10,000 flows)",
    request: "GET /flows?property=state==enabled&orderby=-createdAt&limit=50",
    unit: "req/s",
  },
  { route: "patch", name: "PATCH /flows/{id} with If-Match", request: "PATCH /flows/{id} with If-Match", unit: "req/s" },
  { route: "inlet", name: "inlet single message (mapped, validated, committed)", request: "POST /collection/{inletId}, one message", unit: "req/s" },
  { route: "batch", name: "inlet batch (500 events per request)", request: "POST /collection/batch/{inletId}, 500 events", unit: "records/s" },
];

export const LIST_QUERY = "property=state==enabled&orderby=-createdAt&limit=50";

/** Request i of the inlet rows: fixture events with their own event_id, serialised beforehand. */
const singleBodies = Array.from({ length: 1000 }, (_, index) => JSON.stringify(eventAt(index)));
const batchBodies = Array.from({ length: 4 }, (_, index) => Buffer.from(batchBody(index * 500)));

/** Each PATCH connection's flow and its current etag, kept across rounds; one map per server. */
export type Etags = Map<string, string>;

export function planFor(route: Route, seeded: Seeded, etags: Etags): Omit<LoadPlan, "url" | "duration"> {
  const { read, write } = seeded;
  switch (route) {
    case "get":
      return { requests: [{ method: "GET", path: `${FS}/flows/${read.flowId}`, headers: platformHeaders(READ_SANDBOX) }] };
    case "post":
      return {
        requests: [
          {
            method: "POST",
            path: `${FS}/flows`,
            headers: platformHeaders(WRITE_SANDBOX, true),
            body: JSON.stringify(flowRequest(write.sourceId, write.targetId, write.mappingId)),
          },
        ],
      };
    case "list":
      return { requests: [{ method: "GET", path: `${FS}/flows?${LIST_QUERY}`, headers: platformHeaders(READ_SANDBOX) }] };
    case "patch":
      return { perConnection: (index) => [patchRequest(seeded, index, etags)] };
    case "inlet":
      return { requests: [inletRequest(seeded)] };
    case "batch": {
      let next = 0;
      return {
        requests: [
          {
            method: "POST",
            path: `/collection/batch/${read.inletId}?x-adobe-flow-id=${read.flowId}`,
            headers: { "Content-Type": "application/json" },
            body: batchBodies[0],
            setupRequest: (request) => ({ ...request, body: batchBodies[next++ % batchBodies.length] }),
          },
        ],
      };
    }
  }
}

/** Connection i patches its own flow, sending the etag of its last answer in If-Match. */
export function patchRequest(seeded: Seeded, index: number, etags: Etags): Request {
  const flow = seeded.patchFlows[index % seeded.patchFlows.length];
  if (!etags.has(flow.id)) etags.set(flow.id, flow.etag);
  let n = 0;
  return {
    method: "PATCH",
    path: `${FS}/flows/${flow.id}`,
    headers: platformHeaders(READ_SANDBOX, true),
    setupRequest: (request) => ({
      ...request,
      headers: { ...request.headers, "If-Match": etags.get(flow.id) as string },
      body: JSON.stringify([{ op: "replace", path: "/description", value: `benchmark update ${++n}` }]),
    }),
    onResponse: (status, body) => {
      if (status !== 200) return;
      try {
        const etag = (JSON.parse(body) as { etag?: unknown }).etag;
        if (typeof etag === "string") etags.set(flow.id, etag);
      } catch {
        // Not JSON: Prism or an error; the status already counts it.
      }
    },
  };
}

export function inletRequest(seeded: Seeded): Request {
  const { read } = seeded;
  let next = 0;
  return {
    method: "POST",
    path: `/collection/${read.inletId}?x-adobe-flow-id=${read.flowId}`,
    headers: { "Content-Type": "application/json" },
    body: singleBodies[0],
    setupRequest: (request) => ({ ...request, body: singleBodies[next++ % singleBodies.length] }),
  };
}

/** The soak's mix on connection i: reads, writes and the inlet, as a CI suite and a demo send them. */
export function soakRequests(seeded: Seeded, index: number, etags: Etags): Request[] {
  const { read, write } = seeded;
  const smallBatch = JSON.stringify({ messages: Array.from({ length: 50 }, (_, n) => eventAt(index * 50 + n)) });
  return [
    { method: "GET", path: `${FS}/flows/${read.flowId}`, headers: platformHeaders(READ_SANDBOX) },
    inletRequest(seeded),
    { method: "GET", path: `${FS}/flows?${LIST_QUERY}`, headers: platformHeaders(READ_SANDBOX) },
    patchRequest(seeded, index, etags),
    inletRequest(seeded),
    {
      method: "POST",
      path: `${FS}/flows`,
      headers: platformHeaders(WRITE_SANDBOX, true),
      body: JSON.stringify(flowRequest(write.sourceId, write.targetId, write.mappingId)),
    },
    { method: "GET", path: `${FS}/runs?property=flowId==${read.flowId}`, headers: platformHeaders(READ_SANDBOX) },
    { method: "POST", path: `/collection/batch/${read.inletId}?x-adobe-flow-id=${read.flowId}`, headers: { "Content-Type": "application/json" }, body: smallBatch },
  ];
}
