import { describe, expect, it } from "vitest";
import { createTestEmulator } from "../support/app.js";
import { FS } from "../support/flowservice.js";
import { createHttpApiInlet, goodEntity, post, records, xdmMessage } from "../support/inlet.js";

describe("streaming inlet: a batch of many messages", () => {
  it("stores every record in the order of the messages, failed ones included", async () => {
    const emulator = createTestEmulator();
    const inlet = await createHttpApiInlet(emulator);
    const messages = Array.from({ length: 123 }, (_, n) => xdmMessage(n % 40 === 7 ? { _extconndev: { timestampx: "bad" } } : goodEntity(n)));
    const answer = await post(emulator, `/collection/batch/${inlet.inletId}?x-adobe-flow-id=${inlet.flow.id}`, { messages });
    expect(answer.status).toBe(207);

    const stored = (await records(emulator, "?limit=1000")).items;
    expect(stored.map((record) => record.xactionId)).toEqual(answer.body.responses.map((response: { xactionId: string }) => response.xactionId));
    expect(stored.map((record) => record.raw)).toEqual(messages);
    expect(stored.map((record) => Number(record.id))).toEqual([...stored.map((record) => Number(record.id))].sort((a, b) => a - b));
    expect(stored.filter((record) => record.status === "failed").map((record) => record.raw)).toEqual([messages[7], messages[47], messages[87]]);
    emulator.close();
  });

  it("stores each message as sent and counts its bytes as sent, when the batch is spaced out and escaped", async () => {
    const emulator = createTestEmulator();
    const inlet = await createHttpApiInlet(emulator);
    const messages = [xdmMessage(goodEntity(1)), xdmMessage({ _extconndev: { ...goodEntity(2)._extconndev, email: "zoé@example.com" } })];
    const texts = [JSON.stringify(messages[0], null, 2), JSON.stringify(messages[1]).replace("é", "\\u00e9")];
    const body = `{\n  "messages": [\n${texts.join(" ,\n")}\n  ]\n}\n`;
    const answer = await post(emulator, `/collection/batch/${inlet.inletId}?x-adobe-flow-id=${inlet.flow.id}`, body);
    expect(answer.status, answer.text).toBe(207);

    const stored = (await records(emulator)).items;
    expect(stored.map((record) => record.raw)).toEqual(JSON.parse(body).messages);
    expect(stored.map((record) => record.status)).toEqual(["ingested", "ingested"]);
    const runs = await emulator.request("GET", `${FS}/runs?property=flowId==${inlet.flow.id}`);
    expect(runs.body.items[0].metrics.sizeSummary.inputBytes).toBe(Buffer.byteLength(texts[0]) + Buffer.byteLength(texts[1]));
    emulator.close();
  });
});

describe("streaming inlet: a single message", () => {
  it("is stored and its bytes counted as sent (less a leading byte order mark), spaced out and escaped", async () => {
    const emulator = createTestEmulator();
    const inlet = await createHttpApiInlet(emulator);
    const message = xdmMessage({ _extconndev: { ...goodEntity(3)._extconndev, email: "zoé@example.com" } });
    const text = JSON.stringify(message, null, 2).replace("é", "\\u00e9");
    const answer = await post(emulator, `/collection/${inlet.inletId}?x-adobe-flow-id=${inlet.flow.id}`, `\uFEFF${text}\n`);
    expect(answer.status, answer.text).toBe(200);

    const stored = (await records(emulator)).items;
    expect(stored.map((record) => [record.status, record.raw])).toEqual([["ingested", message]]);
    const runs = await emulator.request("GET", `${FS}/runs?property=flowId==${inlet.flow.id}`);
    expect(runs.body.items[0].metrics.sizeSummary.inputBytes).toBe(Buffer.byteLength(`${text}\n`));
    emulator.close();
  });
});
