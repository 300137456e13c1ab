import { fileURLToPath } from "node:url";
import { MatchersV3, PactV4, type V3MockServer } from "@pact-foundation/pact";
import { createClient, type AepClient, type ClientOptions } from "../client/index.js";
import { PROVIDER_STATE_ORG, TUTORIAL_IDS } from "../emulator/control/provider-states.js";

/**
 * What every consumer test shares: the pact (consumer, provider, folder), the headers Adobe's
 * gateway wants, and matchers for Adobe's ids and etags. Matchers describe the *shape* Adobe
 * answers (ids, quoted etags, epoch-ms numbers), never the emulator's particular values, so a pact
 * holds against https://platform.adobe.io as well as against the emulator.
 */

export const CONSUMER = "aepflow-reference-client";
/** The provider name `aep-flow-emulator verify` uses by default. */
export const PROVIDER = "aep-flow-service";
export const PACT_DIR = fileURLToPath(new URL("./pacts", import.meta.url));

export const FS = "/data/foundation/flowservice";
export const MAPPING_SETS = "/data/foundation/conversion/mappingSets";

/** A PactV4 writing to contracts/pacts/ (a new instance per interaction keeps them independent). */
export function newPact(): PactV4 {
  return new PactV4({ consumer: CONSUMER, provider: PROVIDER, dir: PACT_DIR, logLevel: "error" });
}

/**
 * One interaction: `define` describes it on a fresh pact, `test` drives the client against the
 * mock server. The pact file gets the interaction once the mock server saw exactly that request.
 *
 * Pact 16.3+ has a race in its mock server (pact-foundation/pact-core-mock-server#13, fix open in
 * #14): under CPU pressure it can answer the request and still report it "expected but not
 * received", because it records the match after the response went out. Only that report, for a
 * test that passed, is retried on a new mock server; a real mismatch fails the client's request
 * (the mock answers 500) and is never retried.
 */
export async function contract(define: (pact: PactV4) => Executable, test: (mock: V3MockServer) => Promise<unknown>): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await define(newPact()).executeTest(test);
      return;
    } catch (error) {
      if (attempt >= 3 || !isLostMatch(error)) throw error;
    }
  }
}

/** A fully described interaction (pact-js does not export the V4 builder types). */
interface Executable {
  executeTest<T>(test: (mock: V3MockServer) => Promise<T>): Promise<T | undefined>;
}

function isLostMatch(error: unknown): boolean {
  const message = error instanceof Error ? error.message : "";
  const reports = message.split("\n").filter((line) => /^\s*\d+\) /.test(line));
  return message.startsWith("Test failed for the following reasons") && reports.length > 0 && reports.every((line) => line.includes("was expected but not received"));
}

/** The reference client pointed at the mock server, as an integrator would point it at Adobe. */
export function clientFor(baseUrl: string, overrides: Partial<ClientOptions> = {}): AepClient {
  return createClient({
    baseUrl,
    accessToken: "contract-test-token",
    apiKey: "contract-test-client",
    orgId: PROVIDER_STATE_ORG,
    sandboxName: "prod",
    retries: 0,
    ...overrides,
  });
}

const { regex, integer, string, eachLike, fromProviderState } = MatchersV3;

// Pact matches a regex against the whole value; the anchors only make that visible.
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
export const HEX32 = /^[0-9a-f]{32}$/;
export const HEX64 = /^[0-9a-f]{64}$/;
/** Cosmos DB etags, quotes included: "\"4c012103-0000-0200-0000-63ef57db0000\"". */
export const QUOTED_ETAG = /^"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"$/;
export const JSON_CONTENT_TYPE = /^application\/json/;

export const EXAMPLE_ETAG = '"4c012103-0000-0200-0000-63ef57db0000"';
export const STALE_ETAG = '"00000000-0000-0200-0000-000000000000"';
export const EXAMPLE_INLET_ID = "a".repeat(8) + "0123456789abcdef".repeat(3) + "b".repeat(8);
export const CUSTOMERIO_CONNECTION_SPEC = "96479064-7b8a-4d69-b9ed-21c5683837ea";
export const CUSTOMERIO_PROVIDER = "521eee4d-8cbe-4906-bb48-fb6bd4450033";
export const DATA_LAKE_CONNECTION_SPEC = "c604ff05-7f1a-43c0-8e18-33bf874cb11c";
export const CUSTOMERIO_FLOW_SPEC = "e77fde5a-22a8-11ed-861d-0242ac120002";
export const XED_FULL = "application/vnd.adobe.xed-full+json;version=1";
export { PROVIDER_STATE_ORG, TUTORIAL_IDS };

export const uuid = (example: string) => regex(UUID, example);
export const etag = (example = EXAMPLE_ETAG) => regex(QUOTED_ETAG, example);
export const epochMs = (example = 1_676_630_000_000) => integer(example);

/** The gateway's four headers, as the reference client sends them. */
export const platformHeaders = {
  Authorization: regex(/^Bearer \S+$/, "Bearer contract-test-token"),
  "x-api-key": regex(/^\S+$/, "contract-test-client"),
  "x-gw-ims-org-id": regex(/^[0-9A-Za-z]+@AdobeOrg$/, PROVIDER_STATE_ORG),
  "x-sandbox-name": regex(/^[a-z0-9-]+$/, "prod"),
};
export const jsonRequestHeaders = { ...platformHeaders, "Content-Type": regex(JSON_CONTENT_TYPE, "application/json") };
export const jsonResponseHeaders = { "Content-Type": regex(JSON_CONTENT_TYPE, "application/json") };

/** `${name}` from the provider state's answer, with `example` (the tutorial's id, Adobe's example token) on the consumer side. */
export const fromState = <V>(name: keyof typeof TUTORIAL_IDS | "etag" | "inletId" | "continuationToken", example: V) => fromProviderState(`\${${name}}`, example);

/** A path whose ids come from the provider state: `/flows/${flowId}`. */
export function statePath(template: string, example: string) {
  return fromProviderState(template, example);
}

/** What every Flow Service write answers: 201/200 `{id, etag}`. */
export const createdBody = (id: string) => ({ id: uuid(id), etag: etag() });

/** A Customer.io flow as GET /flows/{id} answers it (the fields the client relies on). */
export function flowBody(inletUrlExample: string) {
  return {
    id: uuid(TUTORIAL_IDS.flowId),
    name: string("Streaming Dataflow for Customer.io"),
    flowSpec: { id: uuid(CUSTOMERIO_FLOW_SPEC), version: string("1.0") },
    sourceConnectionIds: eachLike(uuid(TUTORIAL_IDS.sourceConnectionId)),
    targetConnectionIds: eachLike(uuid(TUTORIAL_IDS.targetConnectionId)),
    transformations: eachLike({ name: string("Mapping"), params: { mappingId: regex(HEX32, TUTORIAL_IDS.mappingSetId), mappingVersion: integer(0) } }),
    state: regex(/^(enabled|disabled)$/, "enabled"),
    etag: etag(),
    version: etag(),
    createdAt: epochMs(),
    updatedAt: epochMs(),
    imsOrgId: string(PROVIDER_STATE_ORG),
    sandboxName: string("prod"),
    options: { inletUrl: regex(/^https?:\/\/[^/?#]+\/collection\/[0-9a-f]{64}$/, inletUrlExample) },
  };
}

/** A Flow Service error body: RFC 7807 `type` ending in the FLOW-<code>-<status> the client reads. */
export function flowErrorBody(code: string, title: string) {
  return {
    type: regex(new RegExp(`^.*/${code}$`), `https://ns.adobe.com/aep/errors/${code}`),
    title: string(title),
    report: { "detailed-message": string(`${title}.`) },
  };
}
