import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { collect, type AepClient } from "../../client/index.js";
import { customerioSourceBody } from "../support/flowservice.js";
import {
  countingFetch,
  customerioDataflow,
  FIXTURE_DATASET,
  rejection,
  startClientEmulator,
  SUBSCRIBED,
  tutorialMappingSet,
  type ClientEmulator,
} from "./support.js";

/** The client's retries, timeouts and error parsing against faults injected through /_emulator/faults. */
const SOURCES = "/data/foundation/flowservice/sourceConnections";
const FLOWS = "/data/foundation/flowservice/flows";
const NOW = { "Retry-After": "0" };

describe("the client against faults injected through /_emulator/faults", () => {
  let running: ClientEmulator;
  let client: AepClient;

  beforeAll(async () => {
    running = await startClientEmulator();
    client = running.client;
  });
  afterAll(() => running.emulator.stop());
  beforeEach(async () => {
    await client.emulator.faults.clear();
    await client.emulator.reset();
  });

  /** A client that counts its requests and does not wait long between retries. */
  function countingClient(options: { retries?: number; timeoutMs?: number } = {}) {
    const counted = countingFetch();
    return { requests: counted.requests, client: running.clientWith({ fetch: counted.fetch, backoffMs: 1, ...options }) };
  }

  it("retries an injected 503 and answers the real result; the rule runs out after its count", async () => {
    await client.flowService.sourceConnections.create(customerioSourceBody());
    const rule = await client.emulator.faults.add({ method: "GET", path: SOURCES, status: 503, count: 2, headers: NOW });
    expect(rule).toMatchObject({ id: expect.any(String), method: "GET", path: SOURCES, status: 503, count: 2, fired: 0 });
    expect(await client.emulator.faults.list()).toEqual([rule]);

    const patient = countingClient({ retries: 3 });
    expect(await patient.client.flowService.sourceConnections.count()).toBe(1);
    expect(patient.requests).toHaveLength(3);
    expect(await client.emulator.faults.list()).toEqual([]);
  });

  it("waits as long as the fault's Retry-After says (1 s by default for 503)", async () => {
    await client.emulator.faults.add({ method: "GET", path: FLOWS, status: 503, count: 1 });
    const patient = countingClient({ retries: 1 });
    const started = Date.now();
    expect(await patient.client.flowService.flows.count()).toBe(0);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(patient.requests).toHaveLength(2);
  });

  it("a 503 that outlasts the retries is an AepError 503 in Flow Service's envelope; remove takes the rule away", async () => {
    const rule = await client.emulator.faults.add({ method: "GET", path: FLOWS, status: 503, count: 5, headers: NOW });
    const impatient = countingClient({ retries: 1 });
    const error = await rejection(impatient.client.flowService.flows.count());
    expect(error).toMatchObject({ status: 503, code: "FLOW-1103-503", requestId: expect.any(String) });
    expect(impatient.requests).toHaveLength(2);
    expect(await client.emulator.faults.list()).toEqual([{ ...rule, fired: 2 }]);

    await client.emulator.faults.remove(rule.id);
    expect(await client.emulator.faults.list()).toEqual([]);
    expect(await impatient.client.flowService.flows.count()).toBe(0);
    expect((await rejection(client.emulator.faults.remove(rule.id))).status).toBe(404);
  });

  it("a 500 is not retried; an injected body comes back as the error's body", async () => {
    await client.emulator.faults.add({ path: "/data/foundation/conversion/mappingSets", status: 500, body: { error_code: "500100", message: "injected" }, count: 1 });
    const once = countingClient({ retries: 3 });
    const error = await rejection(once.client.dataPrep.mappingSets.create(tutorialMappingSet()));
    expect(error).toMatchObject({ status: 500, code: "500100", detail: "injected", body: { error_code: "500100", message: "injected" } });
    expect(once.requests).toHaveLength(1);
    expect(await collect(client.dataPrep.mappingSets.list())).toEqual([]);
  });

  it("an injected latency beyond timeoutMs is a TIMEOUT; clear removes every rule and answers how many", async () => {
    await client.emulator.faults.add({ method: "GET", path: FLOWS, latencyMs: 1000 });
    await client.emulator.faults.add({ method: "DELETE", path: FLOWS, status: 503 });
    const hurried = running.clientWith({ timeoutMs: 100, retries: 0 });
    expect(await rejection(hurried.flowService.flows.count())).toMatchObject({ status: 0, code: "TIMEOUT" });
    expect(await client.emulator.faults.clear()).toBe(2);
    expect(await client.emulator.faults.list()).toEqual([]);
    expect(await hurried.flowService.flows.count()).toBe(0);
  });

  it("inlet paths are faulted too: a 429 at the inlet is retried and the event is stored once", async () => {
    const { flowId, inletUrl } = await customerioDataflow(client);
    await client.emulator.faults.add({ method: "POST", path: "/collection/*", status: 429, count: 1, headers: NOW });
    const patient = countingClient({ retries: 2 });
    const answer = await patient.client.inlet.send(inletUrl, SUBSCRIBED, { flowId });
    expect(patient.requests).toHaveLength(2);
    const records = await collect(client.emulator.records(FIXTURE_DATASET, { flowId }));
    expect(records.map((record) => record.xactionId)).toEqual([answer.xactionId]);
  });
});
