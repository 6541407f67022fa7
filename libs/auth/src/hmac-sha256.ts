import { createHash } from 'node:crypto';

/**
 * HMAC-SHA256 (RFC 2104, FIPS 180-4) of short ASCII messages under one key, for signing a
 * campaign's million links: the key's inner and outer pad blocks are hashed once, so each MAC is
 * the message's own block(s) and one outer block, in plain integer arithmetic with no object made
 * but the answer. node:crypto's createHmac pays for a new native context, a key import and a
 * Buffer per call, twice as much CPU for a 60-byte message. Same function, same bytes: the spec
 * compares it with createHmac for every length a block boundary can fall on.
 */
const K = Int32Array.from(
  [
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
  ].map((word) => word | 0),
);
const INITIAL = Int32Array.from(
  [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19].map(
    (word) => word | 0,
  ),
);
const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** Scratch space shared by every key: JavaScript runs one MAC at a time. */
const schedule = new Int32Array(64);
const state = new Int32Array(8);
const words = new Int32Array(16);
let message = new Int32Array(32);

/** One SHA-256 compression of the 16 big-endian words at `block[offset…]` into `hash`. */
function compress(hash: Int32Array, block: Int32Array, offset: number): void {
  const w = schedule;
  for (let i = 0; i < 16; i += 1) w[i] = block[offset + i]!;
  for (let i = 16; i < 64; i += 1) {
    const x = w[i - 15]!;
    const y = w[i - 2]!;
    const s0 = ((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3);
    const s1 = ((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10);
    w[i] = (w[i - 16]! + s0 + w[i - 7]! + s1) | 0;
  }
  let a = hash[0]!;
  let b = hash[1]!;
  let c = hash[2]!;
  let d = hash[3]!;
  let e = hash[4]!;
  let f = hash[5]!;
  let g = hash[6]!;
  let h = hash[7]!;
  for (let i = 0; i < 64; i += 1) {
    const s1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
    const t1 = (h + s1 + ((e & f) ^ (~e & g)) + K[i]! + w[i]!) | 0;
    const s0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
    const t2 = (s0 + ((a & b) ^ (a & c) ^ (b & c))) | 0;
    h = g;
    g = f;
    f = e;
    e = (d + t1) | 0;
    d = c;
    c = b;
    b = a;
    a = (t1 + t2) | 0;
  }
  hash[0] = (hash[0]! + a) | 0;
  hash[1] = (hash[1]! + b) | 0;
  hash[2] = (hash[2]! + c) | 0;
  hash[3] = (hash[3]! + d) | 0;
  hash[4] = (hash[4]! + e) | 0;
  hash[5] = (hash[5]! + f) | 0;
  hash[6] = (hash[6]! + g) | 0;
  hash[7] = (hash[7]! + h) | 0;
}

/** The hash state after one 64-byte block of the key XOR `pad`. */
function padState(key: Buffer, pad: number): Int32Array {
  const block = Buffer.alloc(64, pad);
  for (let i = 0; i < key.length; i += 1) block[i] = key[i]! ^ pad;
  const padded = new Int32Array(16);
  for (let i = 0; i < 16; i += 1) padded[i] = block.readInt32BE(i * 4);
  const hash = Int32Array.from(INITIAL);
  compress(hash, padded, 0);
  return hash;
}

export class HmacSha256Key {
  private readonly inner: Int32Array;
  private readonly outer: Int32Array;

  /** `key` as bytes; one longer than a block is hashed first, as HMAC says. */
  constructor(key: Buffer) {
    const bytes = key.length > 64 ? createHash('sha256').update(key).digest() : key;
    this.inner = padState(bytes, 0x36);
    this.outer = padState(bytes, 0x5c);
  }

  /** The MAC of `text` (every character below 128, else it throws), base64url without padding. */
  macAscii(text: string): string {
    const length = text.length;
    const blocks = (length + 9 + 63) >>> 6;
    if (message.length < blocks * 16) message = new Int32Array(blocks * 16);
    const m = message;
    m.fill(0, 0, blocks * 16);
    for (let i = 0; i < length; i += 1) {
      const code = text.charCodeAt(i);
      if (code > 127) throw new Error('macAscii signs ASCII text only');
      m[i >>> 2]! |= code << (24 - ((i & 3) << 3));
    }
    m[length >>> 2]! |= 0x80 << (24 - ((length & 3) << 3));
    // Bit length of the inner message (the pad block and the text); texts here are far below 2^29 bytes.
    m[blocks * 16 - 1] = (length + 64) * 8;
    state.set(this.inner);
    for (let block = 0; block < blocks; block += 1) compress(state, m, block * 16);
    for (let i = 0; i < 8; i += 1) words[i] = state[i]!;
    words[8] = 0x80000000 | 0;
    words.fill(0, 9, 15);
    words[15] = (64 + 32) * 8;
    state.set(this.outer);
    compress(state, words, 0);
    return base64url(state);
  }
}

/** The 32 bytes of `hash` (big-endian words), base64url without padding: 43 characters. */
function base64url(hash: Int32Array): string {
  let text = '';
  let carry = 0;
  let bits = 0;
  for (let i = 0; i < 8; i += 1) {
    const word = hash[i]!;
    for (let shift = 24; shift >= 0; shift -= 8) {
      carry = (carry << 8) | ((word >>> shift) & 0xff);
      bits += 8;
      while (bits >= 6) {
        bits -= 6;
        text += BASE64URL[(carry >>> bits) & 63];
      }
      carry &= (1 << bits) - 1;
    }
  }
  return bits > 0 ? text + BASE64URL[(carry << (6 - bits)) & 63] : text;
}
