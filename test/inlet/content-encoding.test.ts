import { serve } from "@hono/node-server";
import type { AddressInfo } from "node:net";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestEmulator, type TestEmulator } from "../support/app.js";
import { createHttpApiInlet, DCS_TYPE, goodEntity, records, xdmMessage } from "../support/inlet.js";

/**
 * Adobe's Kafka Connect sink (adobe/experience-platform-streaming-connect) can gzip what it posts to
 * the inlet: Content-Encoding: gzip, with the headers Java's HttpURLConnection adds.
 */
const JAVA_HEADERS = {
  "Content-type": "application/json",
  "User-Agent": "Java/17.0.2",
  Accept: "text/html, image/gif, image/jpeg, *; q=.2, */*; q=.2",
};

describe("streaming inlet: gzip-compressed bodies", () => {
  let emulator: TestEmulator;
  let inlet: Awaited<ReturnType<typeof createHttpApiInlet>>;
  let url: string;
  let server: ReturnType<typeof serve>;
  beforeAll(async () => {
    emulator = createTestEmulator();
    inlet = await createHttpApiInlet(emulator);
    // A real socket: the emulator reads Node's request there, not a web Request.
    url = await new Promise<string>((resolve) => {
      server = serve({ fetch: emulator.app.fetch, hostname: "127.0.0.1", port: 0 }, (info: AddressInfo) => resolve(`http://127.0.0.1:${info.port}`));
    });
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    emulator.close();
  });

  const send = async (path: string, body: Uint8Array | string, headers: Record<string, string>) => {
    const response = await fetch(`${url}${path}`, { method: "POST", headers: { ...JAVA_HEADERS, ...headers }, body });
    return { status: response.status, body: (await response.json()) as any };
  };
  const flowHeader = () => ({ "x-adobe-flow-id": inlet.flow.id });

  it("inflates a gzip batch as the sink sends it, answers 207 and stores each message", async () => {
    const batch = JSON.stringify({ messages: [xdmMessage(goodEntity(1)), xdmMessage(goodEntity(2))] });
    const response = await send(`/collection/batch/${inlet.inletId}`, gzipSync(batch), { ...flowHeader(), "Content-Encoding": "gzip" });
    expect(response.status, JSON.stringify(response.body)).toBe(207);
    expect(response.body.responses).toEqual([{ xactionId: expect.any(String) }, { xactionId: expect.any(String) }]);
    const stored = (await records(emulator, `?flowId=${inlet.flow.id}`)).items.filter((item) => item.xactionId.startsWith(response.body.batchId));
    expect(stored.map((item) => item.record)).toEqual([goodEntity(1), goodEntity(2)]);
  });

  it("inflates a single gzip message, also in process, whatever the coding's letter case", async () => {
    const body = gzipSync(JSON.stringify(xdmMessage(goodEntity(3))));
    const overSocket = await send(`/collection/${inlet.inletId}`, body, { ...flowHeader(), "content-encoding": "GZIP" });
    expect(overSocket.status, JSON.stringify(overSocket.body)).toBe(200);
    const inProcess = await emulator.app.request(`/collection/${inlet.inletId}`, {
      method: "POST",
      headers: { ...JAVA_HEADERS, ...flowHeader(), "Content-Encoding": "x-gzip" },
      body,
    });
    expect(inProcess.status, await inProcess.clone().text()).toBe(200);
    expect(((await inProcess.json()) as { syncValidation: unknown }).syncValidation).toEqual({ skipped: true });
  });

  it("holds the inflated body to 1 MB, refuses bytes that are not gzip with a 400 and other codings with a 415", async () => {
    const padded = JSON.stringify({ ...xdmMessage(goodEntity(4)), padding: "x".repeat(1024 * 1024) });
    const tooLarge = await send(`/collection/${inlet.inletId}`, gzipSync(padded), { ...flowHeader(), "Content-Encoding": "gzip" });
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.body).toMatchObject({ type: DCS_TYPE, status: 413, report: { message: "The payload is larger than 1 MB." } });

    const notGzip = await send(`/collection/${inlet.inletId}`, JSON.stringify(xdmMessage(goodEntity(5))), { ...flowHeader(), "Content-Encoding": "gzip" });
    expect(notGzip.status).toBe(400);
    expect(notGzip.body).toMatchObject({ type: DCS_TYPE, status: 400 });

    const brotli = await send(`/collection/${inlet.inletId}`, JSON.stringify(xdmMessage(goodEntity(6))), { ...flowHeader(), "Content-Encoding": "br" });
    expect(brotli.status).toBe(415);
    expect(brotli.body).toMatchObject({ type: DCS_TYPE, status: 415, title: "Unsupported Media Type" });
  });
});
