import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClient } from "../../client/index.js";
import { PROVIDER_STATE_ORG } from "../../emulator/control/provider-states.js";
import { startEmulator, type RunningEmulator } from "../support/process.js";

/**
 * The README's recipe for using the emulator as a stub in an integrator's own tests: start it on
 * a free port with an in-memory database, put it in a named provider state, run the code under
 * test against it, reset between tests.
 */
describe("the emulator as a stub for consumer tests", () => {
  let emulator: RunningEmulator;
  beforeAll(async () => {
    emulator = await startEmulator({ DB_PATH: ":memory:", LOG_LEVEL: "warn" }, ["node", "--import", "tsx", "emulator/main.ts", "--port", "0"]);
  });
  afterAll(async () => {
    await emulator?.stop();
  });

  const state = async (name: string, params: Record<string, unknown> = {}) => {
    const response = await fetch(`${emulator.url}/_emulator/provider-states`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ state: name, params }),
    });
    expect(response.status).toBe(200);
    return (await response.json()) as Record<string, string>;
  };

  it("sets up a named state, serves the client, and resets", async () => {
    const { flowId, inletUrl } = await state("a Customer.io dataflow exists", { org: PROVIDER_STATE_ORG });
    const aep = createClient({ baseUrl: emulator.url, accessToken: "anything", apiKey: "my-client", orgId: PROVIDER_STATE_ORG });
    const flow = await aep.flowService.flows.get(flowId);
    expect(flow.options?.inletUrl).toBe(inletUrl);
    const sent = await aep.inlet.send(inletUrl, { event_id: "e1", object_type: "email", metric: "sent", timestamp: 1644227937, data: { identifiers: { email: "a@example.com" } } }, { flowId });
    expect(sent.inletId).toBe(inletUrl.split("/").at(-1));
    expect(await aep.flowService.runs.count({ flowId })).toBe(1);

    await aep.emulator.reset({ org: PROVIDER_STATE_ORG });
    await expect(aep.flowService.flows.get(flowId)).rejects.toMatchObject({ status: 404 });
  });
});
