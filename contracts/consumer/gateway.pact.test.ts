import { MatchersV3 } from "@pact-foundation/pact";
import { describe, expect, it } from "vitest";
import { AepError, type ClientOptions } from "../../client/index.js";
import { clientFor, FS, jsonResponseHeaders, contract, platformHeaders } from "../support.js";

/**
 * The Adobe I/O gateway answers before Flow Service sees a request, in its own body shape
 * `{error_code, message}`. The reference client turns each into an AepError carrying the code.
 */
const { string } = MatchersV3;

const cases: Array<{ name: string; header: string; sent: string; client: Partial<ClientOptions>; status: number; code: string; message: string }> = [
  {
    name: "an empty bearer token",
    header: "Authorization",
    sent: "Bearer",
    client: { accessToken: "" },
    status: 401,
    code: "401013",
    message: "Oauth token is not valid",
  },
  { name: "an empty x-api-key", header: "x-api-key", sent: "", client: { apiKey: "" }, status: 403, code: "403000", message: "Api Key is required" },
  { name: "an empty x-gw-ims-org-id", header: "x-gw-ims-org-id", sent: "", client: { orgId: "" }, status: 400, code: "400003", message: "Missing header" },
];

describe("gateway errors, as a contract", () => {
  it.each(cases)("a request with $name answers $status $code", async ({ name, header, sent, client, status, code, message }) => {
    await contract(
      (pact) =>
        pact
          .addInteraction()
          .uponReceiving(`a request for flows with ${name}`)
          .withRequest("GET", `${FS}/flows`, (request) => request.headers({ ...platformHeaders, [header]: sent }))
          .willRespondWith(status, (response) => response.headers(jsonResponseHeaders).jsonBody({ error_code: code, message: string(message) })),
      async (mock) => {
        const refused = await clientFor(mock.url, client).flowService.flows.listPage().catch((error: unknown) => error);
        expect(refused).toBeInstanceOf(AepError);
        expect(refused).toMatchObject({ status, code });
      },
    );
  });
});
