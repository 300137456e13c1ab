import { MatchersV3 } from "@pact-foundation/pact";
import { describe, expect, it } from "vitest";
import { mappingSetRequest, sourceConnectionRequest, targetConnectionRequest } from "../../test/e2e/seed-tutorial.js";
import {
  clientFor,
  createdBody,
  CUSTOMERIO_CONNECTION_SPEC,
  CUSTOMERIO_FLOW_SPEC,
  CUSTOMERIO_PROVIDER,
  DATA_LAKE_CONNECTION_SPEC,
  epochMs,
  etag,
  EXAMPLE_INLET_ID,
  flowBody,
  fromState,
  FS,
  HEX32,
  HEX64,
  jsonRequestHeaders,
  jsonResponseHeaders,
  MAPPING_SETS,
  contract,
  platformHeaders,
  statePath,
  TUTORIAL_IDS,
  uuid,
  XED_FULL,
} from "../support.js";

/**
 * Adobe's Customer.io streaming tutorial, step by step, through the reference client: each step is
 * one interaction, with the provider state that makes it possible on its own.
 */
const { atLeastLike, eachLike, integer, like, regex, string } = MatchersV3;

const SCHEMA_AND_DATASET = "the Customer.io schema and dataset exist";
const DATAFLOW = "a Customer.io dataflow exists";

describe("the Customer.io tutorial, as a contract", () => {
  it("creates the Customer.io source connection: 201 {id, etag}", async () => {
    await contract(
      (pact) =>
        pact
          .addInteraction()
          .uponReceiving("a request to create a Customer.io streaming source connection")
          .withRequest("POST", `${FS}/sourceConnections`, (request) =>
            request.headers(jsonRequestHeaders).jsonBody({
              name: string(sourceConnectionRequest.name),
              providerId: CUSTOMERIO_PROVIDER,
              description: string(sourceConnectionRequest.description),
              connectionSpec: { id: CUSTOMERIO_CONNECTION_SPEC, version: "1.0" },
              data: { format: "json" },
            }),
          )
          .willRespondWith(201, (response) => response.headers(jsonResponseHeaders).jsonBody(createdBody(TUTORIAL_IDS.sourceConnectionId))),
      async (mock) => {
        const created = await clientFor(mock.url).flowService.sourceConnections.create(sourceConnectionRequest);
        expect(created).toEqual({ id: TUTORIAL_IDS.sourceConnectionId, etag: expect.stringMatching(/^".+"$/) });
      },
    );
  });

  it("reads the source connection back", async () => {
    await contract(
      (pact) =>
        pact
          .addInteraction()
          .given("a source connection exists")
          .uponReceiving("a request for a Customer.io source connection")
          .withRequest("GET", statePath(`${FS}/sourceConnections/\${sourceConnectionId}`, `${FS}/sourceConnections/${TUTORIAL_IDS.sourceConnectionId}`), (request) =>
            request.headers(platformHeaders),
          )
          .willRespondWith(200, (response) =>
            response.headers(jsonResponseHeaders).jsonBody({
              items: eachLike({
                id: uuid(TUTORIAL_IDS.sourceConnectionId),
                name: string(sourceConnectionRequest.name),
                connectionSpec: { id: uuid(CUSTOMERIO_CONNECTION_SPEC), version: string("1.0") },
                etag: etag(),
                createdAt: epochMs(),
                updatedAt: epochMs(),
              }),
            }),
          ),
      async (mock) => {
        const source = await clientFor(mock.url).flowService.sourceConnections.get(TUTORIAL_IDS.sourceConnectionId);
        expect(source).toMatchObject({ id: TUTORIAL_IDS.sourceConnectionId, connectionSpec: { id: CUSTOMERIO_CONNECTION_SPEC } });
      },
    );
  });

  it("creates the data lake target connection on the tutorial's schema and dataset: 201 {id, etag}", async () => {
    await contract(
      (pact) =>
        pact
          .addInteraction()
          .given(SCHEMA_AND_DATASET)
          .uponReceiving("a request to create a data lake target connection on the Customer.io dataset")
          .withRequest("POST", `${FS}/targetConnections`, (request) =>
            request.headers(jsonRequestHeaders).jsonBody({
              name: string(targetConnectionRequest.name),
              description: string(targetConnectionRequest.description),
              connectionSpec: { id: DATA_LAKE_CONNECTION_SPEC, version: "1.0" },
              data: { format: "json", schema: { id: fromState("schemaId", targetConnectionRequest.data.schema.id), version: XED_FULL } },
              params: { dataSetId: fromState("dataSetId", targetConnectionRequest.params.dataSetId) },
            }),
          )
          .willRespondWith(201, (response) => response.headers(jsonResponseHeaders).jsonBody(createdBody(TUTORIAL_IDS.targetConnectionId))),
      async (mock) => {
        const created = await clientFor(mock.url).flowService.targetConnections.create(targetConnectionRequest);
        expect(created.id).toBe(TUTORIAL_IDS.targetConnectionId);
      },
    );
  });

  it("creates the tutorial's mapping set: 200 (not 201) with version 0", async () => {
    const mapping = (destination: string, source: string) => ({
      destinationXdmPath: string(`_extconndev.${destination}`),
      sourceAttribute: string(source),
      identity: false,
      version: integer(0),
    });
    await contract(
      (pact) =>
        pact
          .addInteraction()
          .given(SCHEMA_AND_DATASET)
          .uponReceiving("a request to create the Customer.io mapping set in the legacy format")
          .withRequest("POST", MAPPING_SETS, (request) =>
            request.headers(jsonRequestHeaders).jsonBody({
              outputSchema: { schemaRef: { id: fromState("schemaId", mappingSetRequest.outputSchema.schemaRef.id), contentType: XED_FULL } },
              mappings: [
                mapping("cio_id", "data.identifiers.cio_id"),
                mapping("email", "data.identifiers.email"),
                mapping("event_id0", "event_id"),
                mapping("metricx", "metric"),
                mapping("object_type1", "object_type"),
                mapping("timestampx", "timestamp"),
              ],
            }),
          )
          .willRespondWith(200, (response) =>
            response.headers(jsonResponseHeaders).jsonBody({
              id: regex(HEX32, TUTORIAL_IDS.mappingSetId),
              version: integer(0),
              createdDate: epochMs(),
            }),
          ),
      async (mock) => {
        const created = await clientFor(mock.url).dataPrep.mappingSets.create(mappingSetRequest);
        expect(created).toMatchObject({ id: TUTORIAL_IDS.mappingSetId, version: 0 });
      },
    );
  });

  it("creates the dataflow from the source, the target and the mapping set: 201 {id, etag}", async () => {
    await contract(
      (pact) =>
        pact
          .addInteraction()
          .given(DATAFLOW)
          .uponReceiving("a request to create a Customer.io streaming dataflow with a mapping")
          .withRequest("POST", `${FS}/flows`, (request) =>
            request.headers(jsonRequestHeaders).jsonBody({
              name: string("Streaming Dataflow for Customer.io"),
              description: string("Streaming Dataflow for Customer.io"),
              flowSpec: { id: CUSTOMERIO_FLOW_SPEC, version: "1.0" },
              sourceConnectionIds: [fromState("sourceConnectionId", TUTORIAL_IDS.sourceConnectionId)],
              targetConnectionIds: [fromState("targetConnectionId", TUTORIAL_IDS.targetConnectionId)],
              transformations: [{ name: "Mapping", params: { mappingId: fromState("mappingSetId", TUTORIAL_IDS.mappingSetId), mappingVersion: integer(0) } }],
            }),
          )
          .willRespondWith(201, (response) => response.headers(jsonResponseHeaders).jsonBody(createdBody(TUTORIAL_IDS.flowId))),
      async (mock) => {
        const created = await clientFor(mock.url).flowService.flows.create({
          name: "Streaming Dataflow for Customer.io",
          description: "Streaming Dataflow for Customer.io",
          flowSpec: { id: CUSTOMERIO_FLOW_SPEC, version: "1.0" },
          sourceConnectionIds: [TUTORIAL_IDS.sourceConnectionId],
          targetConnectionIds: [TUTORIAL_IDS.targetConnectionId],
          transformations: [{ name: "Mapping", params: { mappingId: TUTORIAL_IDS.mappingSetId, mappingVersion: 0 } }],
        });
        expect(created.id).toBe(TUTORIAL_IDS.flowId);
      },
    );
  });

  it("reads the flow back with the inletUrl the webhook posts to", async () => {
    const inletUrl = `https://dcs.adobedc.net/collection/${EXAMPLE_INLET_ID}`;
    await contract(
      (pact) =>
        pact
          .addInteraction()
          .given(DATAFLOW)
          .uponReceiving("a request for a Customer.io dataflow")
          .withRequest("GET", statePath(`${FS}/flows/\${flowId}`, `${FS}/flows/${TUTORIAL_IDS.flowId}`), (request) => request.headers(platformHeaders))
          .willRespondWith(200, (response) => response.headers(jsonResponseHeaders).jsonBody({ items: eachLike(flowBody(inletUrl)) })),
      async (mock) => {
        const flow = await clientFor(mock.url).flowService.flows.get(TUTORIAL_IDS.flowId);
        expect(flow).toMatchObject({ id: TUTORIAL_IDS.flowId, state: "enabled", options: { inletUrl } });
        expect(flow.transformations?.[0]?.params).toEqual({ mappingId: TUTORIAL_IDS.mappingSetId, mappingVersion: 0 });
      },
    );
  });

  it("sends a Customer.io webhook event to the flow's inlet, without platform headers: 200", async () => {
    const event = {
      data: { identifiers: { id: "user-123" }, recipient: "test@example.com", subject: "Thanks for signing up" },
      event_id: "01E2EMRMM6TZ12TF9WGZN0WJQT",
      metric: "sent",
      object_type: "email",
      timestamp: 1644227937,
    };
    await contract(
      (pact) =>
        pact
          .addInteraction()
          .given(DATAFLOW)
          .uponReceiving("a Customer.io webhook event posted to the dataflow's inlet")
          .withRequest("POST", statePath("/collection/${inletId}", `/collection/${EXAMPLE_INLET_ID}`), (request) =>
            request
              .query({ "x-adobe-flow-id": fromState("flowId", TUTORIAL_IDS.flowId) })
              .headers({ "Content-Type": regex(/^application\/json/, "application/json") })
              .jsonBody(like(event)),
          )
          .willRespondWith(200, (response) =>
            response.headers(jsonResponseHeaders).jsonBody({
              inletId: regex(HEX64, EXAMPLE_INLET_ID),
              xactionId: string("1676630000000:3637:1"),
              receivedTimeMs: epochMs(),
            }),
          ),
      async (mock) => {
        const client = clientFor(mock.url);
        const answer = await client.inlet.send(`${mock.url}/collection/${EXAMPLE_INLET_ID}`, event, { flowId: TUTORIAL_IDS.flowId });
        expect(answer.inletId).toBe(EXAMPLE_INLET_ID);
        expect(answer.receivedTimeMs).toEqual(expect.any(Number));
      },
    );
  });

  it("lists the flow's runs (property=flowId==<id>): each run carries its record counts", async () => {
    const run = {
      id: uuid("e9c89a58-7f94-44d2-a5f0-d71fd1312e22"),
      flowId: uuid(TUTORIAL_IDS.flowId),
      createdAt: epochMs(),
      updatedAt: epochMs(),
      etag: etag(),
      metrics: {
        durationSummary: { startedAtUTC: epochMs() },
        recordSummary: { inputRecordCount: integer(1), outputRecordCount: integer(1), failedRecordCount: integer(0) },
        statusSummary: { status: string("success") },
      },
    };
    await contract(
      (pact) =>
        pact
          .addInteraction()
          .given("a Customer.io dataflow has a run")
          .uponReceiving("a request for the runs of a dataflow")
          .withRequest("GET", `${FS}/runs`, (request) =>
            request.query({ property: MatchersV3.fromProviderState("flowId==${flowId}", `flowId==${TUTORIAL_IDS.flowId}`) }).headers(platformHeaders),
          )
          // A streaming flow has a run once an event arrives (the state sends one): at least that run, every run of this shape.
          .willRespondWith(200, (response) => response.headers(jsonResponseHeaders).jsonBody({ items: atLeastLike(run, 1, 1) })),
      async (mock) => {
        const page = await clientFor(mock.url).flowService.runs.listPage({ flowId: TUTORIAL_IDS.flowId });
        expect(page.next).toBeUndefined();
        expect(page.items[0]).toMatchObject({ flowId: TUTORIAL_IDS.flowId, metrics: { recordSummary: { inputRecordCount: 1 } } });
      },
    );
  });
});
