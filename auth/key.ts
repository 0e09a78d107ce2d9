/**
 * RSA private keys: parsing PKCS#1 and PKCS#8 PEM, loading from text, a file or an environment
 * variable, and keeping the key out of every printout.
 *
 * @module
 */

import { KalshiConfigError, KalshiKeyError, KalshiParseError } from "../errors.ts";
import {
  bitLength,
  children,
  encode,
  expect,
  isOid,
  OID,
  oidText,
  readUnsigned,
  readWhole,
  rsaAlgorithm,
  TAG,
  valueOf,
} from "./_der.ts";
import { decodeBase64, findPemBlocks, normalisePem } from "./_pem.ts";
import { _publicKeyFromPkcs1, MAX_RSA_BITS, MIN_RSA_BITS, type PublicKey } from "./public_key.ts";

/** How a private key was given: PKCS#1 (`BEGIN RSA PRIVATE KEY`) or PKCS#8 (`BEGIN PRIVATE KEY`). */
export type PrivateKeyFormat = "pkcs1" | "pkcs8";

interface KeyDer {
  pkcs8: Uint8Array;
  pkcs1: Uint8Array;
  publicPkcs1: Uint8Array;
}

let create: (format: PrivateKeyFormat, bits: number, der: KeyDer) => PrivateKey;
let derOf: (key: PrivateKey) => KeyDer;

/**
 * An RSA private key, opaque: printing it, `JSON.stringify` and `String()` show only its format
 * and size. Made by {@linkcode parsePrivateKey} or {@linkcode loadPrivateKey}.
 *
 * @example
 * ```ts
 * import { generateKeyPair, parsePrivateKey } from "@kalshikit/kalshi/auth";
 * import assert from "node:assert/strict";
 *
 * const key = parsePrivateKey((await generateKeyPair()).privateKeyPem);
 * assert.equal(key.format, "pkcs8");
 * assert.equal(key.bits, 2048);
 * assert.equal(Deno.inspect(key), 'PrivateKey { format: "pkcs8", bits: 2048 }');
 * assert.equal(JSON.stringify(key), JSON.stringify(String(key)));
 * ```
 */
export class PrivateKey {
  /** The format the key was given in; it is held as PKCS#8 either way. */
  readonly format: PrivateKeyFormat;
  /** Size of the RSA modulus in bits (2048 for Kalshi keys). */
  readonly bits: number;
  readonly #der: KeyDer;

  private constructor(format: PrivateKeyFormat, bits: number, der: KeyDer) {
    this.format = format;
    this.bits = bits;
    this.#der = der;
  }

  static {
    create = (format, bits, der) => new PrivateKey(format, bits, der);
    derOf = (key) => key.#der;
  }

  /**
   * A redacted description.
   *
   * @returns E.g. `PrivateKey { format: "pkcs1", bits: 2048 }`.
   */
  toString(): string {
    return `PrivateKey { format: "${this.format}", bits: ${this.bits} }`;
  }

  /**
   * What `JSON.stringify` writes: the redacted description, never the key.
   *
   * @returns The same text as {@linkcode PrivateKey.toString}.
   */
  toJSON(): string {
    return this.toString();
  }

  /**
   * What `Deno.inspect` and `console.log` show: the redacted description.
   *
   * @returns The same text as {@linkcode PrivateKey.toString}.
   */
  [Symbol.for("Deno.customInspect")](): string {
    return this.toString();
  }

  /**
   * What `node:util`'s `inspect` shows: the redacted description.
   *
   * @returns The same text as {@linkcode PrivateKey.toString}.
   */
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }
}

/** @internal The key's DER forms, for the signers. Not copies: do not modify. */
export function _keyDer(key: PrivateKey): { pkcs8: Uint8Array; pkcs1: Uint8Array } {
  if (!(key instanceof PrivateKey)) {
    throw new KalshiConfigError(
      "Invalid private key: expected a PrivateKey from parsePrivateKey()",
    );
  }
  return derOf(key);
}

/** @internal The public half of a private key. */
export function _publicKeyOf(key: PrivateKey): PublicKey {
  return _publicKeyFromPkcs1(derOf(key).publicPkcs1);
}

const NEEDED = "a private key is needed (BEGIN RSA PRIVATE KEY or BEGIN PRIVATE KEY)";
const DECRYPT = "decrypt it first: openssl pkey -in key.pem -out key-plain.pem";
const RSA_NEEDED = "an RSA private key is needed: Kalshi API keys sign with RSA-PSS";

const NON_RSA: [readonly number[], string][] = [
  [OID.ecPublicKey, "EC private key"],
  [OID.ed25519, "Ed25519 private key"],
  [OID.ed448, "Ed448 private key"],
  [OID.x25519, "X25519 private key"],
  [OID.x448, "X448 private key"],
  [OID.dsa, "DSA private key"],
];

function damaged(detail: string): never {
  throw new KalshiParseError(`Invalid DER: ${detail}`);
}

/** Checks an `RSAPrivateKey` (PKCS#1) DER and returns its size and public half. */
function readPkcs1(der: Uint8Array): { bits: number; publicPkcs1: Uint8Array } {
  const fields = children(der, readWhole(der, TAG.SEQUENCE));
  if (fields.length !== 9) damaged(`${fields.length} fields in RSAPrivateKey instead of 9`);
  const ints = fields.map((f) => readUnsigned(der, f));
  if (ints[0]!.length !== 1 || ints[0]![0] !== 0) damaged("unsupported RSAPrivateKey version");
  const publicPkcs1 = encode(
    TAG.SEQUENCE,
    encode(TAG.INTEGER, ints[1]!),
    encode(TAG.INTEGER, ints[2]!),
  );
  return { bits: bitLength(ints[1]!), publicPkcs1 };
}

/** Unwraps a PKCS#8 `PrivateKeyInfo`, returning the inner PKCS#1 DER or the non-RSA kind. */
function readPkcs8(der: Uint8Array): { pkcs1: Uint8Array } | { other: string } {
  const [version, alg, octets] = children(der, readWhole(der, TAG.SEQUENCE));
  const v = readUnsigned(der, version);
  if (v.length !== 1 || v[0]! > 1) damaged("unsupported PrivateKeyInfo version");
  const oid = expect(children(der, expect(alg, TAG.SEQUENCE))[0], TAG.OID);
  const inner = valueOf(der, expect(octets, TAG.OCTET_STRING));
  if (isOid(der, oid, OID.rsaEncryption) || isOid(der, oid, OID.rsassaPss)) {
    return { pkcs1: inner.slice() };
  }
  const known = NON_RSA.find(([o]) => isOid(der, oid, o));
  return { other: known ? known[1] : `non-RSA private key (OID ${oidText(der, oid)})` };
}

function article(word: string): string {
  return /^[aeiox]/i.test(word) && !/^non/i.test(word) ? `an ${word}` : `a ${word}`;
}

/** @internal Builds a key error with an optional cause. */
export function _keyError(
  prefix: string,
  what: string,
  given: string,
  cause?: unknown,
): KalshiKeyError {
  return new KalshiKeyError(`${prefix}: ${what}`, given, cause === undefined ? {} : { cause });
}

/** @internal Parses PEM text, prefixing error messages with `prefix`. */
export function _parsePrivateKeyWith(pem: string, prefix: string, notPemHint = ""): PrivateKey {
  if (typeof pem !== "string") {
    throw _keyError(prefix, `expected PEM text, got ${typeof pem}`, "not a string");
  }
  const text = normalisePem(pem);
  if (text.trim() === "") throw _keyError(prefix, `the text is empty; ${NEEDED}`, "empty");
  const blocks = findPemBlocks(text);
  const block = blocks.find((b) => b.label.endsWith("PRIVATE KEY")) ?? blocks[0];
  if (!block) {
    throw _keyError(
      prefix,
      `the text is not PEM (no "-----BEGIN" line); ${NEEDED}${notPemHint}`,
      "not PEM",
    );
  }
  const label = block.label;
  if (label === "ENCRYPTED PRIVATE KEY" || (label === "RSA PRIVATE KEY" && block.encrypted)) {
    const given = label === "RSA PRIVATE KEY"
      ? "encrypted PKCS#1 RSA private key"
      : "encrypted PKCS#8 private key";
    throw _keyError(prefix, `the key is encrypted (${given}); ${DECRYPT}`, given);
  }
  if (label === "PUBLIC KEY" || label === "RSA PUBLIC KEY") {
    const given = label === "PUBLIC KEY" ? "public key (SPKI)" : "public key (PKCS#1)";
    throw _keyError(prefix, `the PEM is a public key (${given}); ${NEEDED}`, given);
  }
  if (label === "EC PRIVATE KEY" || label === "DSA PRIVATE KEY") {
    const given = label === "EC PRIVATE KEY" ? "EC private key" : "DSA private key";
    throw _keyError(prefix, `the PEM is ${article(given)}; ${RSA_NEEDED}`, given);
  }
  if (label === "OPENSSH PRIVATE KEY") {
    throw _keyError(
      prefix,
      `the PEM is an OpenSSH private key; ${NEEDED}: convert it with ssh-keygen -p -m PEM -f key`,
      "OpenSSH private key",
    );
  }
  if (label !== "RSA PRIVATE KEY" && label !== "PRIVATE KEY") {
    const given = label.includes("CERTIFICATE") ? "certificate" : `PEM "${label}" block`;
    throw _keyError(prefix, `the PEM is ${article(given)}; ${NEEDED}`, given);
  }
  const format: PrivateKeyFormat = label === "RSA PRIVATE KEY" ? "pkcs1" : "pkcs8";
  const name = format === "pkcs1" ? "PKCS#1 RSA private key" : "PKCS#8 private key";
  const der = decodeBase64(block.body);
  if (!der) {
    const end = block.complete ? "" : ` and the "-----END ${label}-----" line is missing`;
    throw _keyError(
      prefix,
      `the base64 body of the PEM is damaged (bad characters or truncated)${end}; export the key again`,
      "corrupt base64",
    );
  }
  let pkcs1: Uint8Array;
  let info: { bits: number; publicPkcs1: Uint8Array };
  try {
    if (format === "pkcs8") {
      const inner = readPkcs8(der);
      if ("other" in inner) {
        throw _keyError(prefix, `the PEM is ${article(inner.other)}; ${RSA_NEEDED}`, inner.other);
      }
      pkcs1 = inner.pkcs1;
    } else {
      pkcs1 = der;
    }
    info = readPkcs1(pkcs1);
  } catch (err) {
    if (err instanceof KalshiKeyError) throw err;
    const detail = err instanceof Error ? err.message.replace(/^Invalid DER: /, "") : "";
    throw _keyError(
      prefix,
      `the ${name} data is damaged (${detail}); export the key again`,
      `corrupt ${name}`,
      err,
    );
  }
  if (info.bits < MIN_RSA_BITS || info.bits > MAX_RSA_BITS) {
    throw _keyError(
      prefix,
      `the RSA key has ${info.bits} bits; ${MIN_RSA_BITS} to ${MAX_RSA_BITS} bits are needed`,
      `RSA private key of ${info.bits} bits`,
    );
  }
  const pkcs8 = encode(
    TAG.SEQUENCE,
    Uint8Array.of(TAG.INTEGER, 1, 0),
    rsaAlgorithm(),
    encode(TAG.OCTET_STRING, pkcs1),
  );
  return create(format, info.bits, { pkcs8, pkcs1, publicPkcs1: info.publicPkcs1 });
}

/**
 * Parses an RSA private key from PEM text: PKCS#1 (`-----BEGIN RSA PRIVATE KEY-----`, the form
 * Kalshi's key download uses) or PKCS#8 (`-----BEGIN PRIVATE KEY-----`).
 *
 * Tolerates what env vars, JSON and copy-paste do to PEM: CRLF, surrounding whitespace or text,
 * literal `\n` escapes, and base64 with its line breaks missing. Rejects, with a message saying
 * what was given and what is needed: encrypted keys, public keys, EC/Ed25519/DSA keys, OpenSSH
 * keys, empty text, text without PEM, and damaged base64 or DER.
 *
 * @example
 * ```ts
 * import { generateKeyPair, parsePrivateKey } from "@kalshikit/kalshi/auth";
 * import { KalshiKeyError } from "@kalshikit/kalshi/errors";
 * import assert from "node:assert/strict";
 *
 * const { privateKeyPem, publicKeyPem } = await generateKeyPair();
 * const escaped = privateKeyPem.replaceAll("\n", "\\n"); // as stored in an env var
 * assert.equal(parsePrivateKey(escaped).bits, 2048);
 * assert.throws(
 *   () => parsePrivateKey(publicKeyPem),
 *   (err) => err instanceof KalshiKeyError && err.given === "public key (SPKI)",
 * );
 * ```
 *
 * @param pem PEM text.
 * @returns The key.
 * @throws {KalshiKeyError} When the text is not a usable RSA private key.
 */
export function parsePrivateKey(pem: string): PrivateKey {
  return _parsePrivateKeyWith(pem, "Cannot load private key");
}
