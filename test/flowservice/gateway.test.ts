import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestEmulator, ORG, type TestEmulator } from "../support/app.js";
import { create, createCustomerioFlow, customerioSourceBody, expectFlowError, FS, getItem } from "../support/flowservice.js";
import { expectDataPrepError } from "../dataprep/api/support.js";
import { CATALOG, CIO_SCHEMA, expectCatalogError, expectXdmError, SR, XED_ID } from "../support/registry.js";

describe("gateway headers", () => {
  let emulator: TestEmulator;
  beforeEach(() => {
    emulator = createTestEmulator();
  });
  afterEach(() => emulator.close());

  it("a request without Authorization gets 403010 from the gateway", async () => {
    const response = await emulator.request("GET", `${FS}/flows`, { headers: { Authorization: undefined } });
    expect(response.status).toBe(403);
    expect(response.body).toEqual({ error_code: "403010", message: "Oauth token is missing." });
  });

  it("an Authorization header that is not a bearer token gets 401013", async () => {
    for (const value of ["Basic abc", "Bearer", "token-without-scheme"]) {
      const response = await emulator.request("GET", `${FS}/flows`, { headers: { Authorization: value } });
      expect(response.status, value).toBe(401);
      expect(response.body).toEqual({ error_code: "401013", message: "Oauth token is not valid" });
    }
  });

  it("a request without x-api-key gets 403000", async () => {
    const response = await emulator.request("GET", `${FS}/flows`, { headers: { "x-api-key": undefined } });
    expect(response.status).toBe(403);
    expect(response.body).toEqual({ error_code: "403000", message: "Api Key is required" });
  });

  it("a request without x-gw-ims-org-id gets 400003", async () => {
    const response = await emulator.request("GET", `${FS}/flows`, { headers: { "x-gw-ims-org-id": undefined } });
    expect(response.status).toBe(400);
    expect(response.body).toEqual({ error_code: "400003", message: "Missing header" });
  });

  it("a malformed x-gw-ims-org-id gets 403027 on every service, read or write, and nothing is stored", async () => {
    const malformed = ["0123456789ABCDEF01234567", "my org", "{ORG_ID}", `${ORG}, ${ORG}`, "@AdobeOrg", "my org@AdobeOrg"];
    for (const org of malformed) {
      for (const [method, path, body] of [
        ["GET", `${FS}/flows`, undefined],
        ["POST", `${FS}/sourceConnections`, customerioSourceBody()],
        ["GET", "/data/foundation/conversion/mappingSets", undefined],
        ["GET", "/data/foundation/catalog/dataSets", undefined],
        ["POST", "/data/foundation/catalog/dataSets", { name: "d", schemaRef: { id: "x", contentType: "application/vnd.adobe.xed+json;version=1" } }],
        ["GET", "/data/foundation/schemaregistry/tenant/schemas", undefined],
      ] as const) {
        const response = await emulator.request(method, path, { org, body });
        expect(response.status, `${org} ${method} ${path}`).toBe(403);
        expect(response.body).toEqual({ error_code: "403027", message: "User region is missing" });
      }
    }
    const tenants = await emulator.request("GET", "/_emulator/tenants");
    expect(JSON.stringify(tenants.body)).not.toContain("my org");
  });

  it("an org id of any letters before @AdobeOrg passes, as readable test orgs do", async () => {
    for (const org of [ORG, "Acme-Corp.Test@AdobeOrg", "acme@adobeorg"]) {
      expect((await emulator.request("GET", `${FS}/flows`, { org })).status, org).toBe(200);
    }
  });

  it("an empty api key or org is missing; an empty Authorization is a token that is not valid (README, disagreements)", async () => {
    const cases = [
      [{ "x-api-key": "" }, 403, "403000"],
      [{ "x-gw-ims-org-id": " " }, 400, "400003"],
      [{ Authorization: "" }, 401, "401013"],
      [{ Authorization: "Bearer " }, 401, "401013"],
    ] as const;
    for (const [headers, status, code] of cases) {
      const response = await emulator.request("GET", `${FS}/flows`, { headers });
      expect(response.status, JSON.stringify(headers)).toBe(status);
      expect(response.body.error_code).toBe(code);
    }
  });

  it("the token is checked before the api key and the org", async () => {
    const response = await emulator.request("GET", `${FS}/flows`, {
      headers: { Authorization: undefined, "x-api-key": undefined, "x-gw-ims-org-id": undefined },
    });
    expect(response.body.error_code).toBe("403010");
  });

  it("with API_KEYS set, an unknown key gets 403003 and a listed key passes", async () => {
    const strict = createTestEmulator({ apiKeys: ["good-key"] });
    const refused = await strict.request("GET", `${FS}/flows`, { headers: { "x-api-key": "other" } });
    expect(refused.status).toBe(403);
    expect(refused.body).toEqual({ error_code: "403003", message: "Api Key is invalid" });
    const accepted = await strict.request("GET", `${FS}/flows`, { headers: { "x-api-key": "good-key" } });
    expect(accepted.status).toBe(200);
    strict.close();
  });

  it("with ORG_IDS set, an unknown org gets 403025", async () => {
    const strict = createTestEmulator({ orgIds: [ORG] });
    const refused = await strict.request("GET", `${FS}/flows`, { org: "someone-else@AdobeOrg" });
    expect(refused.status).toBe(403);
    expect(refused.body).toEqual({ error_code: "403025", message: "Profile is not valid" });
    expect((await strict.request("GET", `${FS}/flows`)).status).toBe(200);
    strict.close();
  });

  it("x-sandbox-name defaults to prod", async () => {
    const { id } = await create(emulator, "sourceConnections", customerioSourceBody());
    const item = await getItem(emulator, "sourceConnections", id);
    expect(item.sandboxName).toBe("prod");
    expect((await emulator.request("GET", `${FS}/sourceConnections/${id}`, { sandbox: "prod" })).status).toBe(200);
  });

  const NO_SANDBOX = [
    ["capitals", "Prod"],
    ["a space", "my sandbox"],
    ["a dot", "dev.1"],
    ["a leading digit", "1dev"],
    ["a leading hyphen", "-dev"],
    ["257 characters", `d${"e".repeat(256)}`],
  ];

  it("an x-sandbox-name no sandbox can have gets Flow Service's 2100-404 'Sandbox not found', read or write", async () => {
    for (const [why, sandbox] of NO_SANDBOX) {
      for (const [method, body] of [["GET", undefined], ["POST", customerioSourceBody()]] as const) {
        const response = await emulator.request(method, `${FS}/sourceConnections`, { sandbox, body });
        expect(response.status, `${why} ${method}`).toBe(404);
        const detail = `The sandbox with the name '${sandbox}' could not be found. Please ensure that the sandbox name is correct and try again.`;
        expect(response.body).toMatchObject({
          type: "https://ns.adobe.com/aep/errors/FLOW-2100-404",
          title: "Sandbox not found",
          status: 404,
          report: { "detailed-message": detail },
          errorMessage: detail,
        });
      }
    }
    const tenants = await emulator.request("GET", "/_emulator/tenants");
    expect(tenants.body.tenants.map((tenant: { sandboxName: string }) => tenant.sandboxName)).not.toContain("Prod");
  });

  it("x-sandbox-name * without x-sandbox-id *, or the other way round, gets Flow Service's 2112-400", async () => {
    for (const headers of [{ "x-sandbox-name": "*" }, { "x-sandbox-name": "*", "x-sandbox-id": "8da3ef09-b469-404a" }, { "x-sandbox-name": "prod", "x-sandbox-id": "*" }]) {
      const response = await emulator.request("GET", `${FS}/flows`, { headers });
      expect(response.status, JSON.stringify(headers)).toBe(400);
      expect(response.body).toMatchObject({
        type: "https://ns.adobe.com/aep/errors/FLOW-2112-400",
        title: "Headers with different value not allowed",
        errorMessage: "The headers x-sandbox-name and x-sandbox-id both must have the value * for cross sandbox query. Please update the headers and try again.",
      });
    }
    const both = await emulator.request("GET", `${FS}/flows`, { headers: { "x-sandbox-name": "*", "x-sandbox-id": "*" } });
    expect(both.status).toBe(501);
    expect(both.body.type).toBe("https://ns.adobe.com/aep/errors/FLOW-1101-501");
  });

  it("x-sandbox-name and x-sandbox-id both * on a write get Flow Service's 2113-400 and change nothing", async () => {
    const both = { "x-sandbox-name": "*", "x-sandbox-id": "*" };
    const { flow } = await createCustomerioFlow(emulator);
    const { etag } = await getItem(emulator, "flows", flow.id);
    const writes = [
      await emulator.request("POST", `${FS}/sourceConnections`, { body: customerioSourceBody(), headers: both }),
      await emulator.request("PATCH", `${FS}/flows/${flow.id}`, { body: [{ op: "replace", path: "/name", value: "x" }], headers: { ...both, "If-Match": etag } }),
      await emulator.request("POST", `${FS}/flows/${flow.id}/action?op=disable`, { headers: both }),
      await emulator.request("DELETE", `${FS}/flows/${flow.id}`, { headers: both }),
    ];
    for (const response of writes) {
      expectFlowError(response, 2113, 400);
      expect(response.body).toMatchObject({
        title: "Headers with value not allowed",
        errorMessage: "The headers x-sandbox-id and x-sandbox-name with value * are not allowed for the request. Please update the headers and try again.",
      });
    }
    expect((await getItem(emulator, "flows", flow.id)).etag).toBe(etag);
    expect((await emulator.request("GET", `${FS}/sourceConnections`)).body.items).toHaveLength(1);
  });

  it("the other services answer such a sandbox 404 in their own envelopes", async () => {
    const xed = { Accept: XED_ID };
    const dataSet = { name: "d", schemaRef: { id: CIO_SCHEMA, contentType: "application/vnd.adobe.xed+json;version=1" } };
    for (const [, sandbox] of NO_SANDBOX) {
      expectXdmError(await emulator.request("GET", `${SR}/tenant/schemas`, { sandbox, headers: xed }), 1001, 404, /could not be found/);
      expectCatalogError(await emulator.request("POST", `${CATALOG}/dataSets`, { sandbox, body: dataSet }), 404, /could not be found/);
      expectDataPrepError(await emulator.request("GET", "/data/foundation/conversion/mappingSets", { sandbox }), 1001, 404, /could not be found/);
    }
  });

  it("any lower-case name of letters, digits and hyphens is a sandbox, as are a missing and an empty header (prod)", async () => {
    for (const sandbox of ["prod", "dev-3", "nosuchsandbox", "a", `d${"e".repeat(255)}`, "", "  "]) {
      expect((await emulator.request("GET", `${FS}/flows`, { sandbox })).status, sandbox).toBe(200);
    }
  });

  it("a body without a JSON Content-Type gets the platform's 400 and nothing is stored", async () => {
    for (const contentType of [undefined, "text/plain", "application/x-www-form-urlencoded"]) {
      const response = await emulator.request("POST", `${FS}/sourceConnections`, {
        raw: JSON.stringify(customerioSourceBody()),
        headers: { "Content-Type": contentType },
      });
      expect(response.status, String(contentType)).toBe(400);
      expect(response.body).toEqual({
        type: "/placeholder/type/uri",
        status: 400,
        title: "BadRequestError",
        detail: "A valid content-type must be specified",
      });
    }
    const list = await emulator.request("GET", `${FS}/sourceConnections`);
    expect(list.body.items).toEqual([]);
  });

  it("JSON media types with parameters and +json suffixes are accepted", async () => {
    const response = await emulator.request("POST", `${FS}/sourceConnections`, {
      raw: JSON.stringify(customerioSourceBody()),
      headers: { "Content-Type": "application/json; charset=utf-8" },
    });
    expect(response.status).toBe(201);
  });

  it("every answer carries an x-request-id that error reports repeat", async () => {
    const response = await emulator.request("GET", `${FS}/flows/nope`);
    const requestId = response.headers.get("x-request-id");
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(response.body.report["request-id"]).toBe(requestId);
  });

  it("the control plane needs no platform headers", async () => {
    const response = await emulator.app.request("/_emulator/health");
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ok" });
  });
});
