import { describe, expect, it } from "vitest";
import { createTestEmulator } from "../support/app.js";
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
});
