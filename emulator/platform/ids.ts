import { createHash, randomBytes, randomFillSync, randomUUID } from "node:crypto";

/**
 * Every id and etag the emulator invents comes from one source, which a seed makes repeatable
 * (the same seed and the same requests give the same ids).
 */
export interface IdSource {
  bytes(count: number): Buffer;
  uuid(): string;
  /** Lower-case hex of `length` characters (32 for mapping sets, 24 for datasets, 64 for inlets). */
  hex(length: number): string;
}

export function createIdSource(seed?: string): IdSource {
  const bytes = seed === undefined ? randomBytes : seededBytes(seed);
  return {
    bytes,
    // Unseeded, Node's own v4 uuids (the same shape), which draw from a buffer of entropy: one
    // randomBytes call per uuid cost every request (its x-request-id) a few percent.
    uuid: seed === undefined ? () => randomUUID() : () => formatUuid(bytes(16)),
    hex: seed === undefined ? pooledHex() : (length) => bytes(Math.ceil(length / 2)).toString("hex").slice(0, length),
  };
}

const POOL_BYTES = 4096;

/**
 * Unseeded hex from a pool of entropy refilled 4 KiB at a time: a randomBytes call per etag or
 * inlet id cost a write request more than the bytes themselves. Every byte is used once.
 */
function pooledHex(): (length: number) => string {
  const pool = Buffer.alloc(POOL_BYTES);
  let offset = POOL_BYTES;
  return (length) => {
    const count = Math.ceil(length / 2);
    if (count > POOL_BYTES) return randomBytes(count).toString("hex").slice(0, length);
    if (offset + count > POOL_BYTES) {
      randomFillSync(pool);
      offset = 0;
    }
    const hex = pool.toString("hex", offset, offset + count);
    offset += count;
    return hex.length === length ? hex : hex.slice(0, length);
  };
}

function seededBytes(seed: string): (count: number) => Buffer {
  let counter = 0;
  return (count) => {
    const chunks: Buffer[] = [];
    let have = 0;
    while (have < count) {
      const chunk = createHash("sha256").update(`${seed}:${counter++}`).digest();
      chunks.push(chunk);
      have += chunk.length;
    }
    return Buffer.concat(chunks).subarray(0, count);
  };
}

function formatUuid(raw: Buffer): string {
  raw[6] = (raw[6] & 0x0f) | 0x40;
  raw[8] = (raw[8] & 0x3f) | 0x80;
  const hex = raw.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
