/**
 * RSA public keys: parsing SPKI and PKCS#1 PEM, for verifying Kalshi signatures.
 *
 * @module
 */

import { KalshiKeyError, KalshiParseError } from "../errors.ts";
import {
  bitLength,
  children,
  encode,
  expect,
  isOid,
  OID,
  readUnsigned,
  readWhole,
  rsaAlgorithm,
  TAG,
  valueOf,
} from "./_der.ts";
import { decodeBase64, findPemBlocks, normalisePem, toPem } from "./_pem.ts";

/** Smallest RSA modulus accepted, in bits. */
export const MIN_RSA_BITS = 1024;
/** Largest RSA modulus accepted, in bits. */
export const MAX_RSA_BITS = 16384;

const NEEDED = "a public key is needed (BEGIN PUBLIC KEY or BEGIN RSA PUBLIC KEY)";

let create: (spki: Uint8Array, bits: number) => PublicKey;
let spkiOf: (key: PublicKey) => Uint8Array;

/**
 * An RSA public key, held as SPKI DER. Made by {@linkcode parsePublicKey}; used by
 * `verifySignature` and `verifyAuthHeaders`.
 *
 * @example
 * ```ts
 * import { generateKeyPair, parsePublicKey } from "@kalshikit/kalshi/auth";
 * import assert from "node:assert/strict";
 *
 * const { publicKeyPem } = await generateKeyPair();
 * const key = parsePublicKey(publicKeyPem);
 * assert.equal(key.bits, 2048);
 * assert.equal(key.toPem(), publicKeyPem);
 * assert.equal(Deno.inspect(key), "PublicKey { bits: 2048 }");
 * ```
 */
export class PublicKey {
  /** Size of the RSA modulus in bits (2048 for Kalshi keys). */
  readonly bits: number;
  readonly #spki: Uint8Array;

  private constructor(spki: Uint8Array, bits: number) {
    this.#spki = spki;
    this.bits = bits;
  }

  static {
    create = (spki, bits) => new PublicKey(spki, bits);
    spkiOf = (key) => key.#spki;
  }

  /**
   * The key as SPKI DER (a copy).
   *
   * @example
   * ```ts
   * import { generateKeyPair, parsePublicKey } from "@kalshikit/kalshi/auth";
   * import assert from "node:assert/strict";
   *
   * const key = parsePublicKey((await generateKeyPair()).publicKeyPem);
   * assert.equal(key.toSpkiDer()[0], 0x30);
   * ```
   *
   * @returns The DER bytes of a `SubjectPublicKeyInfo` with the `rsaEncryption` algorithm.
   */
  toSpkiDer(): Uint8Array {
    return this.#spki.slice();
  }

  /**
   * The key as PEM (`-----BEGIN PUBLIC KEY-----`, 64-character lines), the form Kalshi's
   * "upload a public key" call takes.
   *
   * @example
   * ```ts
   * import { generateKeyPair, parsePublicKey } from "@kalshikit/kalshi/auth";
   * import assert from "node:assert/strict";
   *
   * const key = parsePublicKey((await generateKeyPair()).publicKeyPem);
   * assert.match(key.toPem(), /^-----BEGIN PUBLIC KEY-----\n/);
   * ```
   *
   * @returns SPKI PEM text ending in a newline.
   */
  toPem(): string {
    return toPem("PUBLIC KEY", this.#spki);
  }

  /**
   * A short description.
   *
   * @returns E.g. `PublicKey { bits: 2048 }`.
   */
  toString(): string {
    return `PublicKey { bits: ${this.bits} }`;
  }

  /**
   * What `Deno.inspect` and `console.log` show.
   *
   * @returns The same text as {@linkcode PublicKey.toString}.
   */
  [Symbol.for("Deno.customInspect")](): string {
    return this.toString();
  }
}

/** @internal The SPKI DER of a key (not a copy: do not modify). */
export function _spkiDer(key: PublicKey): Uint8Array {
  return spkiOf(key);
}

/**
 * @internal Builds a public key from an `RSAPublicKey` (PKCS#1) DER.
 * @throws {KalshiParseError} When the DER is malformed.
 */
export function _publicKeyFromPkcs1(der: Uint8Array): PublicKey {
  const [n, e, extra] = children(der, readWhole(der, TAG.SEQUENCE));
  const mod = readUnsigned(der, n);
  readUnsigned(der, e);
  if (extra) throw new KalshiParseError("Invalid DER: extra field in RSAPublicKey");
  const bits = bitLength(mod);
  const spki = encode(
    TAG.SEQUENCE,
    rsaAlgorithm(),
    encode(TAG.BIT_STRING, Uint8Array.of(0), der),
  );
  return create(spki, bits);
}

function publicFromSpki(der: Uint8Array): PublicKey {
  const [alg, bitString, extra] = children(der, readWhole(der, TAG.SEQUENCE));
  const [oid] = children(der, expect(alg, TAG.SEQUENCE));
  if (!oid || !(isOid(der, oid, OID.rsaEncryption) || isOid(der, oid, OID.rsassaPss))) {
    throw new KalshiKeyError(
      "Cannot load public key: the PEM is not an RSA public key; an RSA public key is needed",
      "non-RSA public key",
    );
  }
  const bits = valueOf(der, expect(bitString, TAG.BIT_STRING));
  if (extra || bits[0] !== 0) throw new KalshiParseError("Invalid DER: bad BIT STRING");
  return _publicKeyFromPkcs1(bits.slice(1));
}

/**
 * Parses an RSA public key from PEM: SPKI (`-----BEGIN PUBLIC KEY-----`) or PKCS#1
 * (`-----BEGIN RSA PUBLIC KEY-----`). Tolerates the same formatting damage as
 * `parsePrivateKey` (CRLF, escaped `\n`, surrounding text, missing line breaks).
 *
 * @example
 * ```ts
 * import { generateKeyPair, parsePublicKey } from "@kalshikit/kalshi/auth";
 * import { KalshiKeyError } from "@kalshikit/kalshi/errors";
 * import assert from "node:assert/strict";
 *
 * const { privateKeyPem, publicKeyPem } = await generateKeyPair();
 * assert.equal(parsePublicKey(publicKeyPem).bits, 2048);
 * assert.throws(() => parsePublicKey(privateKeyPem), KalshiKeyError);
 * ```
 *
 * @param pem PEM text.
 * @returns The key.
 * @throws {KalshiKeyError} When the text is not an RSA public key.
 */
export function parsePublicKey(pem: string): PublicKey {
  const fail = (what: string, given: string, cause?: unknown): never => {
    throw new KalshiKeyError(
      `Cannot load public key: ${what}`,
      given,
      cause === undefined ? {} : { cause },
    );
  };
  if (typeof pem !== "string") return fail(`expected PEM text, got ${typeof pem}`, "not a string");
  const text = normalisePem(pem);
  if (text.trim() === "") return fail(`the text is empty; ${NEEDED}`, "empty");
  const blocks = findPemBlocks(text);
  const block = blocks.find((b) => b.label.endsWith("PUBLIC KEY")) ?? blocks[0];
  if (!block) return fail(`the text is not PEM (no "-----BEGIN" line); ${NEEDED}`, "not PEM");
  const spki = block.label === "PUBLIC KEY";
  if (!spki && block.label !== "RSA PUBLIC KEY") {
    const given = block.label.endsWith("PRIVATE KEY")
      ? "private key"
      : `PEM "${block.label}" block`;
    return fail(`the PEM is a ${given}; ${NEEDED}`, given);
  }
  const der = decodeBase64(block.body);
  if (!der) return fail("the base64 body of the PEM is damaged", "corrupt base64");
  let key: PublicKey;
  try {
    key = spki ? publicFromSpki(der) : _publicKeyFromPkcs1(der);
  } catch (err) {
    if (err instanceof KalshiKeyError) throw err;
    const given = spki ? "corrupt public key (SPKI)" : "corrupt public key (PKCS#1)";
    return fail(`the key data is damaged: ${(err as Error).message}`, given, err);
  }
  if (key.bits < MIN_RSA_BITS || key.bits > MAX_RSA_BITS) {
    fail(
      `the RSA key has ${key.bits} bits; ${MIN_RSA_BITS} to ${MAX_RSA_BITS} bits are needed`,
      `RSA public key of ${key.bits} bits`,
    );
  }
  return key;
}
