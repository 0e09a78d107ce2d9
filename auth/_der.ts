/**
 * A small DER reader and writer: just enough ASN.1 for RSA keys (PKCS#1, PKCS#8, SPKI).
 *
 * @module
 */

import { KalshiParseError } from "../errors.ts";

/** Universal tags used by key structures. */
export const TAG = {
  INTEGER: 0x02,
  BIT_STRING: 0x03,
  OCTET_STRING: 0x04,
  NULL: 0x05,
  OID: 0x06,
  SEQUENCE: 0x30,
} as const;

/** One decoded element: its tag and where its value lies in the buffer. */
export interface Tlv {
  /** The identifier octet (single-byte tags only). */
  tag: number;
  /** Offset of the first value byte. */
  start: number;
  /** Offset just past the last value byte. */
  end: number;
}

/** OID content octets of the algorithms a key file may name. */
export const OID = {
  rsaEncryption: [0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01],
  rsassaPss: [0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0a],
  ecPublicKey: [0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01],
  dsa: [0x2a, 0x86, 0x48, 0xce, 0x38, 0x04, 0x01],
  x25519: [0x2b, 0x65, 0x6e],
  x448: [0x2b, 0x65, 0x6f],
  ed25519: [0x2b, 0x65, 0x70],
  ed448: [0x2b, 0x65, 0x71],
} as const;

function fail(detail: string): never {
  throw new KalshiParseError(`Invalid DER: ${detail}`);
}

/**
 * Reads the element starting at `offset`, which must end at or before `limit`.
 *
 * @throws {KalshiParseError} When the bytes are not a well-formed definite-length element.
 */
export function readTlv(buf: Uint8Array, offset: number, limit: number = buf.length): Tlv {
  if (offset + 2 > limit) fail(`element at offset ${offset} runs past the end`);
  const tag = buf[offset]!;
  if ((tag & 0x1f) === 0x1f) fail(`multi-byte tag at offset ${offset}`);
  let len = buf[offset + 1]!;
  let start = offset + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0) fail(`indefinite length at offset ${offset}`);
    if (n > 4) fail(`length of ${n} bytes at offset ${offset}`);
    if (start + n > limit) fail(`length at offset ${offset} runs past the end`);
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + buf[start + i]!;
    if (len < 0x80 || buf[start] === 0) fail(`non-minimal length at offset ${offset}`);
    start += n;
  }
  const end = start + len;
  if (end > limit) fail(`element at offset ${offset} runs past the end`);
  return { tag, start, end };
}

/**
 * Reads one element that must fill `buf[start..end)` exactly and carry `tag`.
 *
 * @throws {KalshiParseError} When there are trailing bytes or the tag differs.
 */
export function readWhole(buf: Uint8Array, tag: number, start = 0, end = buf.length): Tlv {
  const tlv = expect(readTlv(buf, start, end), tag);
  if (tlv.end !== end) fail(`${end - tlv.end} trailing bytes after the element`);
  return tlv;
}

/**
 * Splits the value of a constructed element into its children.
 *
 * @throws {KalshiParseError} When a child is malformed.
 */
export function children(buf: Uint8Array, parent: Tlv): Tlv[] {
  const out: Tlv[] = [];
  let at = parent.start;
  while (at < parent.end) {
    const tlv = readTlv(buf, at, parent.end);
    out.push(tlv);
    at = tlv.end;
  }
  return out;
}

/**
 * Checks an element's tag.
 *
 * @throws {KalshiParseError} When `tlv` is missing or has another tag.
 */
export function expect(tlv: Tlv | undefined, tag: number): Tlv {
  if (tlv === undefined) fail(`missing element (tag 0x${tag.toString(16)})`);
  if (tlv.tag !== tag) {
    fail(`expected tag 0x${tag.toString(16)} but found 0x${tlv.tag.toString(16)}`);
  }
  return tlv;
}

/** The value bytes of an element (a view, not a copy). */
export function valueOf(buf: Uint8Array, tlv: Tlv): Uint8Array {
  return buf.subarray(tlv.start, tlv.end);
}

/**
 * Reads a non-negative INTEGER's value bytes, checked for DER form.
 *
 * @throws {KalshiParseError} When it is empty, negative or not minimally encoded.
 */
export function readUnsigned(buf: Uint8Array, tlv: Tlv | undefined): Uint8Array {
  const v = valueOf(buf, expect(tlv, TAG.INTEGER));
  if (v.length === 0) fail("empty INTEGER");
  if (v[0]! & 0x80) fail("negative INTEGER");
  if (v.length > 1 && v[0] === 0 && !(v[1]! & 0x80)) fail("non-minimal INTEGER");
  return v;
}

/** Bit length of an unsigned big-endian integer. */
export function bitLength(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length && bytes[i] === 0) i++;
  if (i === bytes.length) return 0;
  return (bytes.length - i - 1) * 8 + (32 - Math.clz32(bytes[i]!));
}

/** Whether an OID element's value equals the given content octets. */
export function isOid(buf: Uint8Array, tlv: Tlv, oid: readonly number[]): boolean {
  if (tlv.tag !== TAG.OID || tlv.end - tlv.start !== oid.length) return false;
  for (let i = 0; i < oid.length; i++) if (buf[tlv.start + i] !== oid[i]) return false;
  return true;
}

/** Dotted text of an OID element's value, e.g. `"1.2.840.10045.2.1"` (for messages). */
export function oidText(buf: Uint8Array, tlv: Tlv): string {
  const parts: number[] = [];
  let n = 0;
  for (let i = tlv.start; i < tlv.end; i++) {
    n = n * 128 + (buf[i]! & 0x7f);
    if (!(buf[i]! & 0x80)) {
      if (parts.length === 0) parts.push(n < 80 ? Math.floor(n / 40) : 2, n < 80 ? n % 40 : n - 80);
      else parts.push(n);
      n = 0;
    }
    if (parts.length > 20 || n > 2 ** 40) break;
  }
  return parts.join(".");
}

/** Encodes one element from its tag and value parts. */
export function encode(tag: number, ...parts: Uint8Array[]): Uint8Array {
  let len = 0;
  for (const p of parts) len += p.length;
  const head = len < 0x80
    ? [tag, len]
    : len < 0x100
    ? [tag, 0x81, len]
    : len < 0x10000
    ? [tag, 0x82, len >> 8, len & 0xff]
    : [tag, 0x83, len >> 16, (len >> 8) & 0xff, len & 0xff];
  const out = new Uint8Array(head.length + len);
  out.set(head);
  let at = head.length;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** `AlgorithmIdentifier { rsaEncryption, NULL }`. */
export function rsaAlgorithm(): Uint8Array {
  return encode(
    TAG.SEQUENCE,
    encode(TAG.OID, Uint8Array.from(OID.rsaEncryption)),
    encode(TAG.NULL),
  );
}
