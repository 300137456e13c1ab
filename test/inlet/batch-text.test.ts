import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { messageTexts } from "../../emulator/inlet/batch-text.js";

describe("messageTexts: each message of a batch body as sent", () => {
  it("answers the text of each element of the messages array, whatever the spacing", () => {
    const body = ' \n{ "inletId" : "x" ,\t"messages" : [ {"a": [1, {"b": "]}\\"["}]} ,\n 2.50e1, "s\\\\", true , null, [] ] , "z": {"messages": 1} }\n';
    expect(messageTexts(body)).toEqual(['{"a": [1, {"b": "]}\\"["}]}', "2.50e1", '"s\\\\"', "true", "null", "[]"]);
  });

  it("answers an empty list for an empty array, and takes the last messages key as JSON.parse does", () => {
    expect(messageTexts('{"messages":[]}')).toEqual([]);
    expect(messageTexts('{"messages":[1],"messages":[ 2 , 3 ]}')).toEqual(["2", "3"]);
  });

  it.each([
    ["an array body", "[1, 2]"],
    ["a string body", '"messages"'],
    ["an object without messages", '{"message": [1]}'],
    ["messages that are not an array", '{"messages": {"0": 1}}'],
    ["a key written with escapes", '{"messag\\u0065s": [1]}'],
    ["an escaped key beside messages", '{"messages": [1], "\\u0061": 2}'],
  ])("answers undefined for %s, so that the caller serialises instead", (_, body) => {
    expect(messageTexts(body)).toBeUndefined();
  });

  it("gives back texts that parse to the parsed messages, for any messages and any indentation", () => {
    fc.assert(
      fc.property(
        fc.array(fc.jsonValue(), { maxLength: 8 }),
        fc.jsonValue(),
        fc.constantFrom(undefined, 1, 2, "\t", " \n"),
        (messages, other, indent) => {
          const text = JSON.stringify({ before: other, messages, after: other }, null, indent as string | number | undefined);
          const texts = messageTexts(text);
          expect(texts).toBeDefined();
          expect((texts as string[]).map((message) => JSON.parse(message))).toEqual(JSON.parse(text).messages);
          if (indent === undefined) expect(texts).toEqual(messages.map((message) => JSON.stringify(message)));
        },
      ),
      { numRuns: 300 },
    );
  });
});
