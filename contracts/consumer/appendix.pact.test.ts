import { MatchersV3 } from "@pact-foundation/pact";
import { describe, expect, it } from "vitest";
import { AepError } from "../../client/index.js";
import {
  clientFor,
  createdBody,
  EXAMPLE_ETAG,
  EXAMPLE_INLET_ID,
  flowBody,
  flowErrorBody,
  fromState,
  FS,
  jsonRequestHeaders,
  jsonResponseHeaders,
  contract,
  platformHeaders,
  QUOTED_ETAG,
  STALE_ETAG,
  statePath,
  TUTORIAL_IDS,
} from "../support.js";

/**
 * The tutorial's appendix and the rest of a flow's life: updates guarded by etags, enable and
 * disable, delete and the 404 after it, and listing page by page.
 */
const { constrainedArrayLike, eachLike, regex, string } = MatchersV3;

const DATAFLOW = "a Customer.io dataflow exists";
const FLOW_PATH = statePath(`${FS}/flows/\${flowId}`, `${FS}/flows/${TUTORIAL_IDS.flowId}`);
const RENAME = [{ op: "replace" as const, path: "/name", value: "Customer.io dataflow, renamed" }];
const renameBody = [{ op: "replace", path: "/name", value: string(RENAME[0].value) }];
const inletUrl = `https://dcs.adobedc.net/collection/${EXAMPLE_INLET_ID}`;

const PAGES = "two Customer.io dataflows exist, one a page";
/**
 * A continuation token, Adobe's spec example. Tokens are opaque: the consumer only copies one out of
 * `_links.next.href`, and the verifier sends the one the provider state took from the provider's
 * own first page (fromProviderState), so the pact holds whatever a provider's tokens look like.
 */
const EXAMPLE_CONTINUATION_TOKEN = "abcdefghijkLMNOPqrstupWXKYZ";

describe("a flow's life after the tutorial, as a contract", () => {
  it("updates the flow with its current etag in If-Match: 200 {id, etag}", async () => {
    await contract(
      (pact) =>
        pact
          .addInteraction()
          .given("a flow exists with etag", { etag: EXAMPLE_ETAG })
          .uponReceiving("a JSON Patch of a flow with its current etag")
          .withRequest("PATCH", FLOW_PATH, (request) =>
            request.headers({ ...jsonRequestHeaders, "If-Match": fromState("etag", EXAMPLE_ETAG) }).jsonBody(renameBody),
          )
          .willRespondWith(200, (response) => response.headers(jsonResponseHeaders).jsonBody(createdBody(TUTORIAL_IDS.flowId))),
      async (mock) => {
        const updated = await clientFor(mock.url).flowService.flows.update(TUTORIAL_IDS.flowId, RENAME, { ifMatch: EXAMPLE_ETAG });
        expect(updated.id).toBe(TUTORIAL_IDS.flowId);
        expect(updated.etag).toMatch(QUOTED_ETAG);
      },
    );
  });

  it("refuses an update with a stale etag: 412 FLOW-1404-412", async () => {
    await contract(
      (pact) =>
        pact
          .addInteraction()
          .given(DATAFLOW)
          .uponReceiving("a JSON Patch of a flow with a stale etag")
          .withRequest("PATCH", FLOW_PATH, (request) =>
            request.headers({ ...jsonRequestHeaders, "If-Match": regex(QUOTED_ETAG, STALE_ETAG) }).jsonBody(renameBody),
          )
          .willRespondWith(412, (response) => response.headers(jsonResponseHeaders).jsonBody(flowErrorBody("FLOW-1404-412", "Version not matching"))),
      async (mock) => {
        const refused = await clientFor(mock.url).flowService.flows.update(TUTORIAL_IDS.flowId, RENAME, { ifMatch: STALE_ETAG }).catch((error: unknown) => error);
        expect(refused).toBeInstanceOf(AepError);
        expect(refused).toMatchObject({ status: 412, code: "FLOW-1404-412" });
      },
    );
  });

  it("enables a disabled flow: 200 {id, etag}", async () => {
    await contract(
      (pact) =>
        pact
          .addInteraction()
          .given("a flow is disabled")
          .uponReceiving("a request to enable a disabled flow")
          .withRequest("POST", statePath(`${FS}/flows/\${flowId}/action`, `${FS}/flows/${TUTORIAL_IDS.flowId}/action`), (request) =>
            request.query({ op: "enable" }).headers(platformHeaders),
          )
          .willRespondWith(200, (response) => response.headers(jsonResponseHeaders).jsonBody(createdBody(TUTORIAL_IDS.flowId))),
      async (mock) => {
        const enabled = await clientFor(mock.url).flowService.flows.enable(TUTORIAL_IDS.flowId);
        expect(enabled.id).toBe(TUTORIAL_IDS.flowId);
      },
    );
  });

  it("disables an enabled flow: 200 {id, etag}", async () => {
    await contract(
      (pact) =>
        pact
          .addInteraction()
          .given(DATAFLOW)
          .uponReceiving("a request to disable an enabled flow")
          .withRequest("POST", statePath(`${FS}/flows/\${flowId}/action`, `${FS}/flows/${TUTORIAL_IDS.flowId}/action`), (request) =>
            request.query({ op: "disable" }).headers(platformHeaders),
          )
          .willRespondWith(200, (response) => response.headers(jsonResponseHeaders).jsonBody(createdBody(TUTORIAL_IDS.flowId))),
      async (mock) => {
        const disabled = await clientFor(mock.url).flowService.flows.disable(TUTORIAL_IDS.flowId);
        expect(disabled.id).toBe(TUTORIAL_IDS.flowId);
      },
    );
  });

  it("deletes the flow: 204, empty body", async () => {
    await contract(
      (pact) =>
        pact
          .addInteraction()
          .given(DATAFLOW)
          .uponReceiving("a request to delete a flow")
          .withRequest("DELETE", FLOW_PATH, (request) => request.headers(platformHeaders))
          .willRespondWith(204),
      async (mock) => {
        await expect(clientFor(mock.url).flowService.flows.delete(TUTORIAL_IDS.flowId)).resolves.toBeUndefined();
      },
    );
  });

  it("answers 404 FLOW-1439-404 for a flow that no longer exists", async () => {
    await contract(
      (pact) =>
        pact
          .addInteraction()
          .given("no flows exist")
          .uponReceiving("a request for a flow that does not exist")
          .withRequest("GET", `${FS}/flows/${TUTORIAL_IDS.flowId}`, (request) => request.headers(platformHeaders))
          .willRespondWith(404, (response) => response.headers(jsonResponseHeaders).jsonBody(flowErrorBody("FLOW-1439-404", "Resource not found"))),
      async (mock) => {
        const missing = await clientFor(mock.url).flowService.flows.get(TUTORIAL_IDS.flowId).catch((error: unknown) => error);
        expect(missing).toBeInstanceOf(AepError);
        expect(missing).toMatchObject({ status: 404, code: "FLOW-1439-404" });
      },
    );
  });

  it("lists flows one a page: the first page links to the next with a continuationToken", async () => {
    await contract(
      (pact) =>
        pact
          .addInteraction()
          .given(PAGES)
          .uponReceiving("a request for the first page of flows, one a page")
          .withRequest("GET", `${FS}/flows`, (request) => request.query({ limit: "1" }).headers(platformHeaders))
          .willRespondWith(200, (response) =>
            response.headers(jsonResponseHeaders).jsonBody({
              items: constrainedArrayLike(flowBody(inletUrl), 1, 1),
              _links: { next: { href: regex(/^.*[?&]continuationToken=[^&]+.*$/, `/flows?continuationToken=${EXAMPLE_CONTINUATION_TOKEN}`) } },
            }),
          ),
      async (mock) => {
        const page = await clientFor(mock.url).flowService.flows.listPage({ limit: 1 });
        expect(page.items).toHaveLength(1);
        expect(page.next).toEqual({ continuationToken: EXAMPLE_CONTINUATION_TOKEN });
      },
    );
  });

  it("follows the continuationToken to the next page", async () => {
    await contract(
      (pact) =>
        pact
          .addInteraction()
          .given(PAGES)
          .uponReceiving("a request for the next page of flows, by continuationToken")
          .withRequest("GET", `${FS}/flows`, (request) =>
            request.query({ continuationToken: fromState("continuationToken", EXAMPLE_CONTINUATION_TOKEN) }).headers(platformHeaders),
          )
          .willRespondWith(200, (response) => response.headers(jsonResponseHeaders).jsonBody({ items: eachLike(flowBody(inletUrl)) })),
      async (mock) => {
        const page = await clientFor(mock.url).flowService.flows.listPage({ continuationToken: EXAMPLE_CONTINUATION_TOKEN });
        expect(page.items[0]).toMatchObject({ id: TUTORIAL_IDS.flowId });
      },
    );
  });
});
