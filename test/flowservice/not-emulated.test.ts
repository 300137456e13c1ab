import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NOT_EMULATED } from "../../emulator/platform/not-emulated.js";
import { createTestEmulator, type JsonResponse, type TestEmulator } from "../support/app.js";
import { create, CUSTOMERIO_SPEC, customerioSourceBody, expectFlowError, FS, httpApiConnectionBody } from "../support/flowservice.js";
import { CATALOG, CIO_DATASET, CIO_SCHEMA, encoded, expectXdmError, REPORT_TIMESTAMP, SR } from "../support/registry.js";

// An operation Adobe serves that the emulator does not emulate answers 501 in its service's
// envelope (emulator/platform/not-emulated.ts); a path Adobe does not serve either stays 404.

const IMPORT = "/data/foundation/import";
const message = (api: string, operation: string, summary: string) =>
  `Adobe's ${api} serves ${operation} ("${summary}"); the emulator does not emulate it. See "What is emulated" in the aep-flow-emulator README.`;

let emulator: TestEmulator;
beforeAll(() => {
  emulator = createTestEmulator();
});
afterAll(() => emulator.close());

const requestIdOf = (response: JsonResponse) => response.headers.get("x-request-id");

describe("an operation the emulator does not emulate: 501 in the service's envelope", () => {
  it("Flow Service: PUT /runs/{RUN_ID} is FLOW-1101-501", async () => {
    const response = await emulator.request("PUT", `${FS}/runs/3a8b5d2e-0000-4000-a000-000000000001`, { body: { params: {} } });
    const detail = message("Flow Service API", "PUT /runs/{RUN_ID}", "Update a new flow run");
    expect(response.status, response.text).toBe(501);
    expect(response.body).toEqual({
      type: "https://ns.adobe.com/aep/errors/FLOW-1101-501",
      title: "Not Implemented",
      status: 501,
      report: { "detailed-message": detail, "request-id": requestIdOf(response) },
      errorMessage: detail,
      errorDetails: detail,
    });
  });

  it("Schema Registry: PATCH /tenant/schemas/{SCHEMA_ID}, the id URL-encoded, is XDM-1001-501", async () => {
    const response = await emulator.request("PATCH", `${SR}/tenant/schemas/${encoded(CIO_SCHEMA)}`, { body: [{ op: "add", path: "/title", value: "x" }] });
    const detail = message("Schema Registry API", "PATCH /tenant/schemas/{SCHEMA_ID}", "Update one or more attributes of a custom schema");
    expect(response.status, response.text).toBe(501);
    expect(response.body).toEqual({
      type: "http://ns.adobe.com/aep/errors/XDM-1001-501",
      title: "Not Implemented",
      status: 501,
      report: { registryRequestId: requestIdOf(response), timestamp: expect.stringMatching(REPORT_TIMESTAMP), "detailed-message": detail, "sub-errors": [] },
      detail,
    });
  });

  it("Catalog: PATCH /dataSets/{DATASET_ID} is a 501 NotImplementedError", async () => {
    const response = await emulator.request("PATCH", `${CATALOG}/dataSets/${CIO_DATASET}`, { body: { name: "renamed" } });
    const detail = message("Catalog Service API", "PATCH /dataSets/{DATASET_ID}", "Update a dataset's attributes");
    expect(response.status, response.text).toBe(501);
    expect(response.body).toEqual({
      type: "/placeholder/type/uri",
      status: 501,
      title: "NotImplementedError",
      detail,
      report: { "detailed-message": detail, "request-id": requestIdOf(response) },
    });
  });

  it("batch ingestion: POST /batches under /data/foundation/import is a 501 in the platform's generic body", async () => {
    const response = await emulator.request("POST", `${IMPORT}/batches`, { body: { datasetId: CIO_DATASET, inputFormat: { format: "json" } } });
    expect(response.status, response.text).toBe(501);
    expect(response.body).toEqual({
      type: "/placeholder/type/uri",
      status: 501,
      title: "NotImplementedError",
      detail: message("Batch Ingestion API", "POST /batches", "Create a new batch"),
    });
  });

  it("every operation of the table, with and without a trailing slash, and a HEAD for each GET", async () => {
    let count = 0;
    for (const api of NOT_EMULATED) {
      for (const [method, template, summary] of api.operations) {
        const detail = message(api.name, `${method} ${template}`, summary);
        for (const path of concretePaths(api.basePath + template)) {
          for (const each of [path, `${path}/`]) {
            const response = await emulator.request(method, each, method === "GET" || method === "HEAD" || method === "DELETE" ? {} : { body: {} });
            expect(response.status, `${method} ${each}: ${response.text}`).toBe(501);
            if (method !== "HEAD") expect(response.text, `${method} ${each}`).toContain(JSON.stringify(detail).slice(1, -1));
            if (method === "GET") expect((await emulator.request("HEAD", each)).status, `HEAD ${each}`).toBe(501);
            count++;
          }
        }
      }
    }
    expect(count).toBeGreaterThanOrEqual(2 * 63);
  });
});

describe("what stays as it was", () => {
  it("a path Adobe does not serve is 404, beside one it does", async () => {
    expectXdmError(await emulator.request("GET", `${SR}/elsewhere/datatypes`), 1001, 404, /No resource is served/);
    expect((await emulator.request("GET", `${SR}/tenant/datatypes`)).status).toBe(501);
    expectFlowError(await emulator.request("GET", `${FS}/connections/${CUSTOMERIO_SPEC}/explorer`), 1101, 404);
    expect((await emulator.request("GET", `${FS}/connections/${CUSTOMERIO_SPEC}/explore`)).status).toBe(501);
    expect((await emulator.request("GET", `${CATALOG}/batches/b/nothing-here`)).status).toBe(404);
    expect((await emulator.request("GET", `${CATALOG}/batches/b`)).status).toBe(501);
    const unknownImport = await emulator.request("GET", `${IMPORT}/batches`);
    expect(unknownImport.body).toEqual({ type: "/placeholder/type/uri", status: 404, title: "NotFoundError", detail: `No resource is served at ${IMPORT}/batches.` });
    expect((await emulator.request("POST", `${IMPORT}/batches`, { body: {} })).status).toBe(501);
  });

  it("a served path with a method Adobe does not serve is 404, beside one Adobe serves", async () => {
    const { id } = await create(emulator, "sourceConnections", customerioSourceBody());
    expectFlowError(await emulator.request("PUT", `${FS}/sourceConnections/${id}`, { body: {} }), 1101, 404);
    expectFlowError(await emulator.request("DELETE", `${FS}/connectionSpecs/${CUSTOMERIO_SPEC}`), 1101, 404);
    expect((await emulator.request("PUT", `${FS}/connectionSpecs/${CUSTOMERIO_SPEC}`, { body: {} })).status).toBe(501);
    expectXdmError(await emulator.request("POST", `${SR}/global/schemas`, { body: {} }), 1001, 404);
    expect((await emulator.request("PUT", `${SR}/tenant/schemas/${encoded(CIO_SCHEMA)}`, { body: {} })).status).toBe(501);
  });

  it("the routes the emulator serves answer as before", async () => {
    const { id } = await create(emulator, "connections", httpApiConnectionBody());
    expectFlowError(await emulator.request("PATCH", `${FS}/connections/${id}/`, { body: [{ op: "replace", path: "/name", value: "n" }] }), 1403, 400);
    expect((await emulator.request("GET", `${FS}/connections/${id}/test`)).status).toBe(200);
    expect((await emulator.request("GET", `${CATALOG}/dataSets/${CIO_DATASET}`)).status).toBe(200);
    expectXdmError(await emulator.request("GET", `${SR}/tenant/schemas/${encoded(CIO_SCHEMA)}`), 1007, 400);
    expect((await emulator.request("PATCH", `${SR}/tenant/schemas/${encoded(CIO_SCHEMA)}`, { body: [] })).status).toBe(501);
  });

  it("the gateway answers first: without credentials, its error, not 501", async () => {
    const path = `${SR}/tenant/schemas/${encoded(CIO_SCHEMA)}`;
    const withoutToken = await emulator.request("PATCH", path, { body: [], headers: { Authorization: undefined } });
    expect(withoutToken.status).toBe(403);
    expect(withoutToken.body).toEqual({ error_code: "403010", message: "Oauth token is missing." });
    const withoutOrg = await emulator.request("POST", `${IMPORT}/batches`, { body: {}, headers: { "x-gw-ims-org-id": undefined } });
    expect(withoutOrg.body).toEqual({ error_code: "400003", message: "Missing header" });
    expect((await emulator.request("PATCH", path, { body: [] })).status).toBe(501);
  });

  it("the OpenAPI document lists none of them as served, and says they answer 501", async () => {
    const doc = (await emulator.request("GET", "/openapi.json")).body;
    const served = Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(([template, operations]) =>
      Object.keys(operations).map((method) => ({ method: method.toUpperCase(), pattern: new RegExp(`^${template.replace(/\{[^}]+\}/g, "[^/]+")}/?$`) })),
    );
    for (const api of NOT_EMULATED) {
      for (const [method, template] of api.operations) {
        for (const path of concretePaths(api.basePath + template)) {
          const listed = served.filter((route) => route.method === (method === "HEAD" ? "GET" : method) && route.pattern.test(path));
          expect(listed, `${method} ${path}`).toEqual([]);
        }
      }
    }
    expect(doc.info.description).toMatch(/does not emulate answer 501/);
  });
});

/** The table's template with sample values: both containers, an encoded id, a plain one. */
function concretePaths(template: string): string[] {
  const filled = template.replace(/\{(?!CONTAINER_ID)[^}]+\}/g, (_, offset: number) => (offset % 2 === 0 ? encoded("https://ns.adobe.com/x/y") : "abc123"));
  const trimmed = filled.length > 1 && filled.endsWith("/") ? filled.slice(0, -1) : filled;
  return trimmed.includes("{CONTAINER_ID}") ? ["tenant", "global"].map((container) => trimmed.replace("{CONTAINER_ID}", container)) : [trimmed];
}
