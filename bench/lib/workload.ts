import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT } from "./children.js";

/**
 * What the benchmarks send: Adobe's Customer.io tutorial (its bodies come from the e2e test, so the
 * benchmark and the test agree) and the Customer.io fixture events.
 */
import { mappingSetRequest } from "../../test/e2e/seed-tutorial.js";

export { flowRequest, mappingSetRequest, sourceConnectionRequest, targetConnectionRequest } from "../../test/e2e/seed-tutorial.js";

export const ORG = "0123456789ABCDEF01234567@AdobeOrg";
/** The tenant the reads, PATCH and inlet rows use; it holds the 10,000 flows. */
export const READ_SANDBOX = "prod";
/** POST /flows writes here, so the flows it creates do not change what the list row reads. */
export const WRITE_SANDBOX = "writes";

export const FS = "/data/foundation/flowservice";

export function platformHeaders(sandbox: string, body = false): Record<string, string> {
  return {
    Authorization: "Bearer bench-token",
    "x-api-key": "bench-client",
    "x-gw-ims-org-id": ORG,
    "x-sandbox-name": sandbox,
    ...(body ? { "Content-Type": "application/json" } : {}),
  };
}

const EVENTS_DIR = join(ROOT, "fixtures/customerio/events");

/** The well-formed Customer.io fixture events (the malformed-* ones are for the error paths). */
export const events: Record<string, unknown>[] = readdirSync(EVENTS_DIR)
  .filter((name) => name.endsWith(".json") && !name.startsWith("malformed-"))
  .sort()
  .map((name) => JSON.parse(readFileSync(join(EVENTS_DIR, name), "utf8")) as Record<string, unknown>);

/** Event n: well-formed fixture event n mod their number, with its own event_id. */
export function eventAt(n: number): Record<string, unknown> {
  const event = events[n % events.length];
  return { ...event, event_id: `${String(event.event_id)}-${n}` };
}

export const BATCH_SIZE = 500;

/** One batch body of BATCH_SIZE events, {messages: [...]}, as the batch endpoint takes it (under 1 MB). */
export function batchBody(first = 0): string {
  const body = JSON.stringify({ messages: Array.from({ length: BATCH_SIZE }, (_, index) => eventAt(first + index)) });
  if (Buffer.byteLength(body) >= 1024 * 1024) throw new Error(`a batch of ${BATCH_SIZE} events is ${Buffer.byteLength(body)} bytes, over 1 MB`);
  return body;
}

/** A mapping set as heavy on expressions as a real one gets: every field computed, string, logic and date functions. */
export const expressionMappingSetRequest = {
  outputSchema: mappingSetRequest.outputSchema,
  mappings: [
    expression("cio_id", "iif(data.identifiers.cio_id != null, upper(trim(data.identifiers.cio_id)), concat(\"anon-\", lower(data.identifiers.id)))"),
    expression("email", "lower(trim(data.identifiers.email))"),
    expression("event_id0", "concat(object_type, \":\", metric, \":\", substr(event_id, 0, 26))"),
    expression("metricx", "decode(metric, \"sent\", \"Sent\", \"delivered\", \"Delivered\", \"opened\", \"Opened\", \"clicked\", \"Clicked\", upper(metric))"),
    expression("object_type1", "iif(object_type == \"email\" || object_type == \"push\", concat(object_type, \"-message\"), object_type)"),
    expression("timestampx", "${timestamp} * 1000 + date_part(\"second\", date(${timestamp} * 1000))"),
  ],
};

function expression(destination: string, source: string) {
  return { sourceType: "EXPRESSION", source, destination: `_extconndev.${destination}`, identity: false, version: 0 };
}
