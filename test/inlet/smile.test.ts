import { gzipSync } from "node:zlib";
import fc from "fast-check";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { decodeSmile, SmileError } from "../../emulator/inlet/smile.js";
import { createTestEmulator, platformHeaders, readAnswer, type TestEmulator } from "../support/app.js";
import { createHttpApiInlet, DCS_TYPE, goodEntity, records, xdmMessage } from "../support/inlet.js";

/**
 * streaming-ingestion.yaml's Content-Type enum for both inlet operations: application/json or
 * application/x-jackson-smile. The Smile bodies below were written by Jackson's SmileGenerator
 * (jackson-dataformat-smile), from the JSON each test names.
 */
const SMILE = "application/x-jackson-smile";

/** xdmMessage(goodEntity(1)), shared names on (Jackson's default). */
const SINGLE = Buffer.from(
  [
    "3a290a01fa85686561646572fa88736368656d61526566fa816964e068747470733a2f2f6e732e61646f62652e636f6d",
    "2f657874636f6e6e6465762f736368656d61732f39343535343631313262373436353234626664396631323634623236",
    "6332623764386537663562376661646239353361fc8a636f6e74656e74547970656c6170706c69636174696f6e2f766e",
    "642e61646f62652e7865642d66756c6c2b6a736f6e3b76657273696f6e3d31fbfb83626f6479fa8678646d4d657461fa",
    "41fa42e068747470733a2f2f6e732e61646f62652e636f6d2f657874636f6e6e6465762f736368656d61732f39343535",
    "3436313132623734363532346266643966313236346232366332623764386537663562376661646239353361fc436c61",
    "70706c69636174696f6e2f766e642e61646f62652e7865642d66756c6c2b6a736f6e3b76657273696f6e3d31fbfb8878",
    "646d456e74697479fa8a5f657874636f6e6e646576fa886576656e745f696430466576656e742d31866d657472696378",
    "4373656e748b6f626a6563745f747970653144656d61696c8974696d657374616d7078241804561da484656d61696c4c",
    "61406578616d706c652e636f6dfbfbfbfb",
  ].join(""),
  "hex",
);

/** {messages: [xdmMessage(goodEntity(1)), xdmMessage(goodEntity(2))]}, shared names and shared string values on. */
const BATCH = Buffer.from(
  [
    "3a290a03fa876d65737361676573f8fa85686561646572fa88736368656d61526566fa816964e068747470733a2f2f6e",
    "732e61646f62652e636f6d2f657874636f6e6e6465762f736368656d61732f3934353534363131326237343635323462",
    "66643966313236346232366332623764386537663562376661646239353361fc8a636f6e74656e74547970656c617070",
    "6c69636174696f6e2f766e642e61646f62652e7865642d66756c6c2b6a736f6e3b76657273696f6e3d31fbfb83626f64",
    "79fa8678646d4d657461fa42fa43e068747470733a2f2f6e732e61646f62652e636f6d2f657874636f6e6e6465762f73",
    "6368656d61732f3934353534363131326237343635323462666439663132363462323663326237643865376635623766",
    "61646239353361fc4401fbfb8878646d456e74697479fa8a5f657874636f6e6e646576fa886576656e745f6964304665",
    "76656e742d31866d6574726963784373656e748b6f626a6563745f747970653144656d61696c8974696d657374616d70",
    "78241804561da484656d61696c4c61406578616d706c652e636f6dfbfbfbfbfa41fa42fa43e068747470733a2f2f6e73",
    "2e61646f62652e636f6d2f657874636f6e6e6465762f736368656d61732f393435353436313132623734363532346266",
    "643966313236346232366332623764386537663562376661646239353361fc4401fbfb45fa46fa42fa43e06874747073",
    "3a2f2f6e732e61646f62652e636f6d2f657874636f6e6e6465762f736368656d61732f39343535343631313262373436",
    "3532346266643966313236346232366332623764386537663562376661646239353361fc4401fbfb47fa48fa49466576",
    "656e742d324a034b044c241804561da64d05fbfbfbfbf9fb",
  ].join(""),
  "hex",
);

/**
 * Every kind of token: small, 32- and 64-bit ints, a float, a double, a BigInteger, a BigDecimal,
 * short and long Unicode text, 7-bit binary, an empty name, a long name and back-references to it
 * and to a string value, an array, and the end marker.
 */
const EVERY_TOKEN = Buffer.from(
  [
    "3a290a03fa84736d616c6ccd82696e74241e1280836c6f6e67253f7f7f7f7f7f7fbe866e65674c6f6e67254a405f0fbf",
    "84666c6f617428037e00000085646f75626c6529013f5c6633194c66331a85626967496e7426897c535616037b214949",
    "7203856269674465632a8684002f0c140e86756e69636f64658f68c3a96c6c6f2077c3b6726c6420e29c93876c6f6e67",
    "54657874e478787878787878787878787878787878787878787878787878787878787878787878787878787878787878",
    "787878787878787878787878787878787878787878787878787878c3a9fc8262696ee88a0040403020140c0704023f07",
    "2048656d707479206b6579346b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b",
    "6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6bfc486c6f6e67206e616d65846167",
    "61696e01836c697374f8222120fa4b44616761696efbf9fbff",
  ].join(""),
  "hex",
);

describe("Smile, as Jackson writes it", () => {
  it("decodes every kind of token to the value the JSON would give", () => {
    expect(decodeSmile(EVERY_TOKEN, 1000)).toEqual({
      small: -7,
      int: 123456,
      long: 9007199254740991,
      negLong: -5000000000,
      float: 1.5,
      double: -0.1,
      bigInt: -123456789012345678901,
      bigDec: 12345.678,
      unicode: "héllo wörld ✓",
      longText: `${"x".repeat(70)}é`,
      bin: Buffer.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 255]).toString("base64"),
      "": "empty key",
      ["k".repeat(70)]: "long name",
      again: "héllo wörld ✓",
      list: [false, null, "", { ["k".repeat(70)]: "again" }],
    });
  });

  it("refuses what JSON cannot hold or a document cannot end with", () => {
    // [NaN], as Jackson writes a double NaN.
    expect(() => decodeSmile(Buffer.from("3a290a01f829007f7c00000000000000f9", "hex"), 1000)).toThrow(SmileError);
    expect(() => decodeSmile(Buffer.from("3a290a00f8f8f9f9", "hex"), 1)).toThrow(/nested more than 1/);
    expect(() => decodeSmile(Buffer.from("3a290a00fa4121fb", "hex"), 1000)).toThrow(/shared name/);
  });

  it("answers any bytes after the header with a value or a SmileError, nothing else", () => {
    const header = fc.constantFrom(0x00, 0x01, 0x02, 0x03);
    // Cut and mutated documents reach far deeper into the decoder than random bytes alone.
    const mutated = fc
      .tuple(fc.constantFrom(SINGLE, BATCH, EVERY_TOKEN), fc.nat(), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 4 }))
      .map(([document, cut, changes]) => {
        const bytes = Buffer.from(document.subarray(0, 4 + (cut % (document.length - 3))));
        for (const [at, byte] of changes) bytes[4 + (at % Math.max(1, bytes.length - 4))] = byte;
        return bytes;
      });
    const random = fc.tuple(header, fc.uint8Array({ maxLength: 200 })).map(([flags, rest]) => Buffer.concat([Buffer.from([0x3a, 0x29, 0x0a, flags]), rest]));
    fc.assert(
      fc.property(fc.oneof(mutated, random), (bytes) => {
        try {
          decodeSmile(bytes, 50);
        } catch (error) {
          expect(error).toBeInstanceOf(SmileError);
        }
      }),
      { numRuns: 3000 },
    );
  });
});

describe("streaming inlet: Content-Type application/x-jackson-smile", () => {
  let emulator: TestEmulator;
  let inlet: Awaited<ReturnType<typeof createHttpApiInlet>>;
  beforeEach(async () => {
    emulator = createTestEmulator();
    inlet = await createHttpApiInlet(emulator);
  });
  afterEach(() => emulator.close());

  const send = async (path: string, body: Uint8Array, headers: Record<string, string> = {}) =>
    readAnswer(await emulator.app.request(path, { method: "POST", headers: { "Content-Type": SMILE, ...headers }, body }));

  it("takes one message in Smile, validates it and stores the record", async () => {
    const response = await send(`/collection/${inlet.inletId}?syncValidation=true`, SINGLE);
    expect(response.status, response.text).toBe(200);
    expect(response.body).toEqual({
      inletId: inlet.inletId,
      xactionId: expect.any(String),
      receivedTimeMs: expect.any(Number),
      syncValidation: { status: "pass" },
    });
    const stored = await records(emulator);
    expect(stored.items.map((item) => [item.status, item.record, item.raw])).toEqual([["ingested", goodEntity(1), xdmMessage(goodEntity(1))]]);
  });

  it("takes a batch in Smile: 207 with one response per message", async () => {
    const response = await send(`/collection/batch/${inlet.inletId}`, BATCH);
    expect(response.status, response.text).toBe(207);
    expect(response.body.responses).toEqual([{ xactionId: expect.any(String) }, { xactionId: expect.any(String) }]);
    expect((await records(emulator)).items.map((item) => item.record)).toEqual([goodEntity(1), goodEntity(2)]);
  });

  it("takes Smile gzipped, and under /data/foundation/import with platform credentials", async () => {
    expect((await send(`/collection/${inlet.inletId}`, gzipSync(SINGLE), { "Content-Encoding": "gzip" })).status).toBe(200);
    const platform = await send(`/data/foundation/import/collection/${inlet.inletId}`, SINGLE, platformHeaders());
    expect(platform.status, platform.text).toBe(200);
    expect((await records(emulator)).items).toHaveLength(2);
  });

  it("holds the JSON a Smile body stands for to the 1 MB limit: 413, nothing stored", async () => {
    // Shared string values on: one 64-byte string, then 20,000 one-byte references to it (about 20 KB
    // of Smile for about 1.3 MB of JSON).
    const body = Buffer.concat([Buffer.from("3a290a02f87f", "hex"), Buffer.alloc(64, "a"), Buffer.alloc(20_000, 0x01), Buffer.from("f9", "hex")]);
    expect(JSON.stringify(decodeSmile(body, 10)).length).toBeGreaterThan(1024 * 1024);
    const response = await send(`/collection/${inlet.inletId}`, body);
    expect(response.status, response.text).toBe(413);
    expect(response.body).toMatchObject({ type: DCS_TYPE, status: 413 });
    expect((await records(emulator)).items).toEqual([]);
  });

  it("refuses a body that is not Smile with 400 in the DCS envelope, and stores nothing", async () => {
    for (const body of [Buffer.from(JSON.stringify(xdmMessage(goodEntity(1)))), SINGLE.subarray(0, SINGLE.length - 10), Buffer.concat([SINGLE, SINGLE])]) {
      const response = await send(`/collection/${inlet.inletId}`, body);
      expect(response.status, response.text).toBe(400);
      expect(response.body).toMatchObject({ type: DCS_TYPE, status: 400, report: { message: expect.stringMatching(/not valid Smile/) } });
    }
    expect((await records(emulator)).items).toEqual([]);
  });
});
