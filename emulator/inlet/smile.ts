/**
 * Jackson's Smile format, binary JSON, which the streaming inlet takes as
 * `Content-Type: application/x-jackson-smile` (streaming-ingestion.yaml, sendMessage and
 * postBatchOfStreamingMessages). Decoded to the value the same document sent as JSON would give;
 * binary values become base64 text, as Jackson writes them to JSON.
 */

export class SmileError extends Error {}

/** Both tables of back-references hold at most this many entries, then start again from empty. */
const MAX_SHARED = 1024;
const END_OF_STRING = 0xfc;

/** Decodes one Smile document (the `:)\n` header, one value, an optional end marker). */
export function decodeSmile(bytes: Uint8Array, maxDepth: number): unknown {
  if (bytes.length < 4 || bytes[0] !== 0x3a || bytes[1] !== 0x29 || bytes[2] !== 0x0a) {
    throw new SmileError("it does not begin with the Smile header ':)\\n'");
  }
  const flags = bytes[3];
  if (flags >> 4 !== 0) throw new SmileError(`its header names Smile version ${flags >> 4}; only version 0 exists`);
  const reader = new SmileReader(bytes, 4, (flags & 0x01) !== 0, (flags & 0x02) !== 0, maxDepth);
  const value = reader.value(reader.next(), 1);
  if (reader.atEnd() || (reader.next() === 0xff && reader.atEnd())) return value;
  throw new SmileError("it holds more than one value");
}

class SmileReader {
  private readonly names: string[] | undefined;
  private readonly values: string[] | undefined;

  constructor(
    private readonly bytes: Uint8Array,
    private offset: number,
    sharedNames: boolean,
    sharedValues: boolean,
    private readonly maxDepth: number,
  ) {
    this.names = sharedNames ? [] : undefined;
    this.values = sharedValues ? [] : undefined;
  }

  atEnd(): boolean {
    return this.offset === this.bytes.length;
  }

  next(): number {
    if (this.offset >= this.bytes.length) throw new SmileError("it ends in the middle of a value");
    return this.bytes[this.offset++];
  }

  value(token: number, depth: number): unknown {
    if (token >= 0x40 && token <= 0xbf) return this.sharedValue(this.shortString(token));
    if (token >= 0xc0 && token <= 0xdf) return zigzag(token & 0x1f);
    if (token >= 0x01 && token <= 0x1f) return this.reference(this.values, token - 1, "string value");
    switch (token) {
      case 0x20:
        return "";
      case 0x21:
        return null;
      case 0x22:
        return false;
      case 0x23:
        return true;
      case 0x24:
        return zigzag(this.vint());
      case 0x25:
        return Number(zigzagBig(this.vintBig()));
      case 0x26:
        return finite(Number(signedBig(this.sevenBitBytes(this.length()))));
      case 0x28:
        return finite(new Float32Array(new Uint32Array([Number(this.fixedBits(5) & 0xffffffffn)]).buffer)[0]);
      case 0x29:
        return finite(new Float64Array(new BigUint64Array([this.fixedBits(10) & 0xffffffffffffffffn]).buffer)[0]);
      case 0x2a:
        return finite(this.bigDecimal());
      case 0xe0:
      case 0xe4:
        return utf8(this.untilEndOfString());
      case 0xe8:
        return Buffer.from(this.sevenBitBytes(this.length())).toString("base64");
      case 0xec:
      case 0xed:
      case 0xee:
      case 0xef:
        return this.reference(this.values, ((token & 0x03) << 8) | this.next(), "string value");
      case 0xf8:
        return this.array(depth);
      case 0xfa:
        return this.object(depth);
      case 0xfd:
        return Buffer.from(this.take(this.length())).toString("base64");
      default:
        throw new SmileError(`byte 0x${token.toString(16).padStart(2, "0")} at offset ${this.offset - 1} begins no value`);
    }
  }

  private array(depth: number): unknown[] {
    this.nest(depth);
    const items: unknown[] = [];
    for (let token = this.next(); token !== 0xf9; token = this.next()) items.push(this.value(token, depth + 1));
    return items;
  }

  private object(depth: number): Record<string, unknown> {
    this.nest(depth);
    const object: Record<string, unknown> = {};
    for (let token = this.next(); token !== 0xfb; token = this.next()) {
      const key = this.key(token);
      const value = this.value(this.next(), depth + 1);
      // As JSON.parse makes it: an own property, even one named __proto__.
      Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
    }
    return object;
  }

  private key(token: number): string {
    if (token === 0x20) return "";
    if (token >= 0x40 && token <= 0x7f) return this.reference(this.names, token & 0x3f, "name");
    if (token >= 0x30 && token <= 0x33) return this.reference(this.names, ((token & 0x03) << 8) | this.next(), "name");
    if (token >= 0x80 && token <= 0xbf) return this.sharedName(latin1(this.take((token & 0x3f) + 1)));
    if (token >= 0xc0 && token <= 0xf7) return this.sharedName(utf8(this.take((token & 0x3f) + 2)));
    if (token === 0x34) return this.sharedName(utf8(this.untilEndOfString()));
    throw new SmileError(`byte 0x${token.toString(16).padStart(2, "0")} at offset ${this.offset - 1} begins no name`);
  }

  /** Tiny and short strings: ASCII of 1-32 and 33-64 bytes, UTF-8 of 2-33 and 34-65 bytes. */
  private shortString(token: number): string {
    const length = token & 0x1f;
    if (token < 0x60) return latin1(this.take(length + 1));
    if (token < 0x80) return latin1(this.take(length + 33));
    if (token < 0xa0) return utf8(this.take(length + 2));
    return utf8(this.take(length + 34));
  }

  private sharedValue(text: string): string {
    if (this.values !== undefined) remember(this.values, text);
    return text;
  }

  private sharedName(name: string): string {
    if (this.names !== undefined) remember(this.names, name);
    return name;
  }

  private reference(table: string[] | undefined, index: number, what: string): string {
    if (table === undefined) throw new SmileError(`it refers back to a shared ${what}, which its header does not enable`);
    if (index >= table.length) throw new SmileError(`it refers back to shared ${what} ${index}, of ${table.length} seen`);
    return table[index];
  }

  private nest(depth: number): void {
    if (depth > this.maxDepth) throw new SmileError(`it is nested more than ${this.maxDepth} levels deep`);
  }

  private take(count: number): Uint8Array {
    if (this.offset + count > this.bytes.length) throw new SmileError("it ends in the middle of a value");
    const slice = this.bytes.subarray(this.offset, this.offset + count);
    this.offset += count;
    return slice;
  }

  private untilEndOfString(): Uint8Array {
    const end = this.bytes.indexOf(END_OF_STRING, this.offset);
    if (end === -1) throw new SmileError("a long string has no end marker");
    const slice = this.bytes.subarray(this.offset, end);
    this.offset = end + 1;
    return slice;
  }

  /** Big-endian groups of 7 bits; the last byte has its high bit set and carries 6. */
  private vintBig(): bigint {
    let value = 0n;
    for (let count = 0; count < 11; count++) {
      const byte = this.next();
      if (byte & 0x80) return (value << 6n) | BigInt(byte & 0x3f);
      value = (value << 7n) | BigInt(byte);
    }
    throw new SmileError("a variable-length number runs past 11 bytes");
  }

  private vint(): number {
    const value = this.vintBig();
    if (value > 0xffffffffn) throw new SmileError("a 32-bit number does not fit 32 bits");
    return Number(value);
  }

  private length(): number {
    const length = this.vint();
    if (length > this.bytes.length) throw new SmileError("a length runs past the end of the body");
    return length;
  }

  /** A float (5 bytes) or a double (10), 7 bits a byte. */
  private fixedBits(count: number): bigint {
    let bits = 0n;
    for (const byte of this.take(count)) bits = (bits << 7n) | BigInt(byte & 0x7f);
    return bits;
  }

  /** `length` bytes sent 7 bits a byte: each group of up to 7 bytes takes one byte more, its last one right-aligned. */
  private sevenBitBytes(length: number): Uint8Array {
    const out = new Uint8Array(length);
    for (let done = 0; done < length; done += 7) {
      const chunk = Math.min(7, length - done);
      let bits = 0n;
      for (let index = 0; index < chunk; index++) bits = (bits << 7n) | BigInt(this.next() & 0x7f);
      bits = (bits << BigInt(chunk)) | BigInt(this.next() & ((1 << chunk) - 1));
      for (let index = chunk - 1; index >= 0; index--) {
        out[done + index] = Number(bits & 0xffn);
        bits >>= 8n;
      }
    }
    return out;
  }

  private bigDecimal(): number {
    const scale = zigzag(this.vint());
    const unscaled = signedBig(this.sevenBitBytes(this.length()));
    return Number(`${unscaled}e${-scale}`);
  }
}

/** JSON has no NaN or Infinity: stored, they would become null. */
function finite(value: number): number {
  if (!Number.isFinite(value)) throw new SmileError(`it holds ${value}, which JSON cannot hold`);
  return value;
}

function remember(table: string[], text: string): void {
  if (table.length === MAX_SHARED) table.length = 0;
  table.push(text);
}

function zigzag(value: number): number {
  return value % 2 === 0 ? value / 2 : -(value + 1) / 2;
}

function zigzagBig(value: bigint): bigint {
  return (value >> 1n) ^ -(value & 1n);
}

/** Two's complement, big-endian. */
function signedBig(bytes: Uint8Array): bigint {
  let value = 0n;
  for (const byte of bytes) value = (value << 8n) | BigInt(byte);
  return bytes.length > 0 && bytes[0] & 0x80 ? value - (1n << BigInt(bytes.length * 8)) : value;
}

function latin1(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString("latin1");
}

function utf8(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString("utf8");
}
