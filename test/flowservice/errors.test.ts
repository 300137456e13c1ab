import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestEmulator, type JsonResponse, type TestEmulator } from "../support/app.js";
import { create, createCustomerioFlow, customerioSourceBody, expectFlowError, FS, HTTP_API_SPEC, httpApiConnectionBody } from "../support/flowservice.js";

describe("Flow Service errors", () => {
  let emulator: TestEmulator;
  beforeEach(() => {
    emulator = createTestEmulator();
  });
  afterEach(() => emulator.close());

  it("GET of an unknown flow is 404 FLOW-1439 with the documented envelope", async () => {
    const response = await emulator.request("GET", `${FS}/flows/84224def-1e2a-4d95-9ea2-132d697ed2aa`);
    expectFlowError(response, 1439, 404);
    expect(response.body.title).toBe("Resource not found");
    expect(response.body.report).toMatchObject({ id: "84224def-1e2a-4d95-9ea2-132d697ed2aa", type: "flows" });
    expect(response.body.errorMessage).toBe(
      "The requested flows resource 84224def-1e2a-4d95-9ea2-132d697ed2aa is not found. Verify the resource ID before trying again.",
    );
  });

  it("an unknown Flow Service path is a 404 in the Flow Service envelope", async () => {
    expectFlowError(await emulator.request("GET", `${FS}/nothing-here`), 1101, 404);
  });

  it("an unknown path elsewhere is a 404 in the platform's problem shape", async () => {
    const response = await emulator.request("GET", "/no/such/path");
    expect(response.status).toBe(404);
    expect(response.body).toMatchObject({ type: "/placeholder/type/uri", status: 404, title: "NotFoundError" });
  });

  it("malformed JSON is a 400 envelope and stores nothing", async () => {
    const response = await emulator.request("POST", `${FS}/sourceConnections`, {
      raw: '{"name": "broken",',
      headers: { "Content-Type": "application/json" },
    });
    expectFlowError(response, 1100, 400);
    expect((await emulator.request("GET", `${FS}/sourceConnections`)).body.items).toEqual([]);
  });

  it("an empty create body is 1405", async () => {
    const response = await emulator.request("POST", `${FS}/flows`, { raw: "", headers: { "Content-Type": "application/json" } });
    expectFlowError(response, 1405, 400);
    expect(response.body.errorMessage).toBe("The request body cannot be null or empty. Please provide a request body and try again.");
  });

  it("a body that is JSON null, and a POST /runs without a body, are 1405 (null or empty), not 1100", async () => {
    const { id } = await create(emulator, "sourceConnections", customerioSourceBody());
    const json = { "Content-Type": "application/json" };
    const answers = [
      await emulator.request("PATCH", `${FS}/sourceConnections/${id}`, { raw: "null", headers: { ...json, "If-Match": "x" } }),
      await emulator.request("POST", `${FS}/connections`, { raw: " null ", headers: json }),
      await emulator.request("POST", `${FS}/runs`, { raw: "null", headers: json }),
      await emulator.request("POST", `${FS}/runs`),
    ];
    for (const response of answers) {
      expectFlowError(response, 1405, 400);
      expect(response.body).toMatchObject({ title: "Invalid request", errorMessage: "The request body cannot be null or empty. Please provide a request body and try again." });
    }
    expect((await emulator.request("GET", `${FS}/connections`)).body.items).toEqual([]);
  });

  it("answers in the catalogue's words (flow-service-errors.md): 1415, 1422, 1435, 1446, 1454", async () => {
    const { flow } = await createCustomerioFlow(emulator);
    const expected: [JsonResponse, number, string][] = [
      [
        await emulator.request("POST", `${FS}/connections`, { body: { ...httpApiConnectionBody(), auth: { specName: "authConnection", params: {} } } }),
        1415,
        `The auth spec 'authConnection' could not be found for the connection spec ID ${HTTP_API_SPEC}.`,
      ],
      [
        await emulator.request("POST", `${FS}/flows/${flow.id}/action?op=enable`),
        1422,
        "The action enable cannot be applied on the current state enabled. Please update the action and try again.",
      ],
      [
        await emulator.request("POST", `${FS}/flows/${flow.id}/action?op=disable&subOp=reverse`),
        1435,
        "Unsupported sub action 'reverse' received. Please use one of the supported sub action types and try again.",
      ],
      [await emulator.request("POST", `${FS}/runs`, { body: { flowId: "" } }), 1446, "The flow ID cannot be null or empty. Please update the flow ID and try again."],
      [await emulator.request("GET", `${FS}/flows?property=name==%22abc`), 1454, "Unhandled Filter Value Type provided."],
    ];
    for (const [response, code, message] of expected) {
      expectFlowError(response, code, 400);
      expect(response.body).toMatchObject({ title: "Invalid request", errorMessage: message, errorDetails: message });
    }
  });

  it("wrong types and missing required fields are 400 envelopes, never 500", async () => {
    const bodies = [
      { ...customerioSourceBody(), name: 42 },
      { ...customerioSourceBody(), connectionSpec: "not-an-object" },
      { description: "no name, no spec" },
      [],
      "a string",
      null,
    ];
    for (const body of bodies) {
      const response = await emulator.request("POST", `${FS}/sourceConnections`, { body });
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(response.body.type).toMatch(/FLOW-(1100|1405)-400$/);
    }
    expect((await emulator.request("GET", `${FS}/sourceConnections`)).body.items).toEqual([]);
  });

  it("paths work with and without a trailing slash", async () => {
    const { id } = await create(emulator, "sourceConnections", customerioSourceBody());
    expect((await emulator.request("GET", `${FS}/sourceConnections/`)).status).toBe(200);
    expect((await emulator.request("GET", `${FS}/sourceConnections/${id}/`)).status).toBe(200);
    expect((await emulator.request("POST", `${FS}/sourceConnections/`, { body: customerioSourceBody() })).status).toBe(201);
    expect((await emulator.request("DELETE", `${FS}/sourceConnections/${id}/`)).status).toBe(204);
  });
});
