import { createHash } from "node:crypto";
import { EvaluationError } from "../errors.js";
import { isNil, requireString, toText } from "../values.js";
import { def, type FunctionTable } from "./registry.js";

/** Bytes of a string in a Java charset; characters the charset lacks become '?', as in Java. */
export function encode(input: string, charset: unknown): Buffer {
  const name = isNil(charset) ? "UTF-8" : requireString(charset, "charset").trim().toUpperCase().replace(/_/g, "-");
  switch (name) {
    case "UTF-8":
    case "UTF8":
      return Buffer.from(input, "utf8");
    case "UTF-16":
      return Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be(input)]);
    case "UTF-16BE":
      return utf16be(input);
    case "UTF-16LE":
      return Buffer.from(input, "utf16le");
    case "ISO-8859-1":
    case "LATIN1":
      return singleByte(input, 0xff);
    case "US-ASCII":
    case "ASCII":
      return singleByte(input, 0x7f);
    default:
      throw new EvaluationError(`Unsupported charset '${toText(charset)}'`);
  }
}

function utf16be(input: string): Buffer {
  const bytes = Buffer.from(input, "utf16le");
  bytes.swap16();
  return bytes;
}

function singleByte(input: string, max: number): Buffer {
  return Buffer.from(Array.from(input, (c) => (c.charCodeAt(0) <= max && c.length === 1 ? c.charCodeAt(0) : 0x3f)));
}

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

export function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = CRC_TABLE[(crc ^ byte) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/**
 * The docs' crc32("my text") is 8df92e80, while the standard CRC-32 of those bytes is 0x802ef98d:
 * Data Prep prints the four checksum bytes least significant first. We match the docs.
 */
export function crc32Hex(checksum: number): string {
  const bytes = Buffer.alloc(4);
  bytes.writeUInt32LE(checksum);
  return bytes.toString("hex");
}

function digest(algorithm: string) {
  return def(1, 2, (args) => {
    if (isNil(args[0])) return null;
    return createHash(algorithm).update(encode(toText(args[0]), args[1])).digest("hex");
  });
}

export const hashingFunctions: FunctionTable = {
  sha1: digest("sha1"),
  sha256: digest("sha256"),
  sha512: digest("sha512"),
  md5: digest("md5"),
  crc32: def(1, 2, (args) => (isNil(args[0]) ? null : crc32Hex(crc32(encode(toText(args[0]), args[1]))))),
};
