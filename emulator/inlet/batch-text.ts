import { closingQuote } from "../platform/body.js";

/**
 * The text of each message of a batch body `{"messages": [...]}`, as it was sent: the batch endpoint
 * stores it as the record's raw event and counts its bytes, rather than serialising every parsed
 * message again (which cost a tenth of a batch).
 *
 * `text` must be JSON that parsed. Answers undefined when the body is not an object whose last
 * "messages" key (the one JSON.parse keeps) holds an array, or when a top-level key is written with
 * escapes; the caller then serialises the parsed messages instead.
 */
export function messageTexts(text: string): string[] | undefined {
  let index = skipSpace(text, 0);
  if (text.charCodeAt(index) !== OPEN_OBJECT) return undefined;
  index = skipSpace(text, index + 1);
  let messages: string[] | undefined;
  while (text.charCodeAt(index) === QUOTE) {
    const keyEnd = closingQuote(text, index);
    const key = text.slice(index + 1, keyEnd);
    if (key.includes("\\")) return undefined;
    index = skipSpace(text, skipSpace(text, keyEnd + 1) + 1);
    if (key === "messages") {
      if (text.charCodeAt(index) !== OPEN_ARRAY) return undefined;
      messages = [];
      index = arrayElements(text, index, messages);
    } else {
      index = valueEnd(text, index);
    }
    index = skipSpace(text, index);
    if (text.charCodeAt(index) !== COMMA) break;
    index = skipSpace(text, index + 1);
  }
  return messages;
}

const QUOTE = 0x22;
const COMMA = 0x2c;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;

/** Pushes the text of each element of the array opened at `open`; answers the index after its `]`. */
function arrayElements(text: string, open: number, elements: string[]): number {
  let index = skipSpace(text, open + 1);
  if (text.charCodeAt(index) === CLOSE_ARRAY) return index + 1;
  for (;;) {
    const end = valueEnd(text, index);
    elements.push(text.slice(index, end));
    index = skipSpace(text, end);
    if (text.charCodeAt(index) !== COMMA) return index + 1;
    index = skipSpace(text, index + 1);
  }
}

/** The index just after the JSON value that starts at `start`. */
function valueEnd(text: string, start: number): number {
  const first = text.charCodeAt(start);
  if (first === QUOTE) return closingQuote(text, start) + 1;
  if (first !== OPEN_OBJECT && first !== OPEN_ARRAY) {
    let index = start;
    while (index < text.length && !isDelimiter(text.charCodeAt(index))) index++;
    return index;
  }
  let depth = 0;
  for (let index = start; index < text.length; index++) {
    const char = text.charCodeAt(index);
    if (char === QUOTE) index = closingQuote(text, index);
    else if (char === OPEN_OBJECT || char === OPEN_ARRAY) depth++;
    else if ((char === CLOSE_OBJECT || char === CLOSE_ARRAY) && --depth === 0) return index + 1;
  }
  return text.length;
}

/** A number, true, false or null ends at a comma, a closing bracket or whitespace. */
function isDelimiter(char: number): boolean {
  return char === COMMA || char === CLOSE_OBJECT || char === CLOSE_ARRAY || isSpace(char);
}

function isSpace(char: number): boolean {
  return char === 0x20 || char === 0x0a || char === 0x0d || char === 0x09;
}

function skipSpace(text: string, index: number): number {
  while (isSpace(text.charCodeAt(index))) index++;
  return index;
}
