/**
 * Checking Kalshi signatures and signed request headers (for the simulator and for tests).
 *
 * @module
 */

import { decodeBase64 } from "./_pem.ts";
import { PSS_IMPORT, PSS_SIGN } from "./_webcrypto.ts";
import { signedPath } from "./headers.ts";
import { _spkiDer, type PublicKey } from "./public_key.ts";
import { KalshiKeyError } from "../errors.ts";

const encoder = new TextEncoder();
const imported = new WeakMap<PublicKey, Promise<CryptoKey>>();

function verifyKey(key: PublicKey): Promise<CryptoKey> {
  let p = imported.get(key);
  if (p === undefined) {
    const spki = _spkiDer(key) as Uint8Array<ArrayBuffer>;
    p = crypto.subtle.importKey("spki", spki, PSS_IMPORT, false, ["verify"]).catch((err) => {
      imported.delete(key);
      throw new KalshiKeyError(
        "Cannot use public key: Web Crypto rejected it",
        "RSA public key rejected by Web Crypto",
        { cause: err },
      );
    });
    imported.set(key, p);
  }
  return p;
}

/** @internal Verifies a raw signature; false for any signature that does not verify. */
export async function _verifyBytes(
  key: PublicKey,
  message: string | Uint8Array,
  signature: Uint8Array,
): Promise<boolean> {
  const cryptoKey = await verifyKey(key);
  if (signature.length !== Math.ceil(key.bits / 8)) return false;
  const data = typeof message === "string" ? encoder.encode(message) : message;
  try {
    return await crypto.subtle.verify(
      PSS_SIGN,
      cryptoKey,
      signature as Uint8Array<ArrayBuffer>,
      data as Uint8Array<ArrayBuffer>,
    );
  } catch {
    return false;
  }
}

/**
 * Checks a base64 RSA-PSS signature (SHA-256, MGF1-SHA-256, salt 32) of `message`.
 *
 * @example
 * ```ts
 * import {
 *   generateKeyPair,
 *   KalshiAuth,
 *   parsePublicKey,
 *   verifySignature,
 * } from "@kalshikit/kalshi/auth";
 * import assert from "node:assert/strict";
 *
 * const pair = await generateKeyPair();
 * using auth = await KalshiAuth.create({ keyId: "key-1", privateKey: pair.privateKeyPem });
 * const publicKey = parsePublicKey(pair.publicKeyPem);
 * const signature = await auth.sign("hello");
 * assert.equal(await verifySignature(publicKey, "hello", signature), true);
 * assert.equal(await verifySignature(publicKey, "hellO", signature), false);
 * assert.equal(await verifySignature(publicKey, "hello", "not base64!"), false);
 * ```
 *
 * @param publicKey The signer's public key.
 * @param message The signed text (UTF-8) or bytes.
 * @param signatureBase64 The signature, standard base64 with padding.
 * @returns Whether the signature is valid; `false` (never an exception) for a malformed one.
 * @throws {KalshiKeyError} Only when Web Crypto rejects the public key itself.
 */
export async function verifySignature(
  publicKey: PublicKey,
  message: string | Uint8Array,
  signatureBase64: string,
): Promise<boolean> {
  const sig = typeof signatureBase64 === "string" ? decodeBase64(signatureBase64) : undefined;
  if (sig === undefined) {
    await verifyKey(publicKey);
    return false;
  }
  return await _verifyBytes(publicKey, message, sig);
}

/** Why {@linkcode verifyAuthHeaders} rejected a request. */
export type AuthFailureReason =
  | "missing_headers"
  | "stale_timestamp"
  | "bad_signature"
  | "bad_timestamp";

/** Result of {@linkcode verifyAuthHeaders}. */
export type VerifyAuthHeadersResult = { ok: true } | { ok: false; reason: AuthFailureReason };

/** Options of {@linkcode verifyAuthHeaders}. */
export interface VerifyAuthHeadersOptions {
  /** Public key registered for the request's `KALSHI-ACCESS-KEY`. */
  publicKey: PublicKey;
  /** Request method (any case). */
  method: string;
  /** Request path or full URL; a query string is ignored, as Kalshi does. */
  path: string;
  /** Request headers (names matched case-insensitively). */
  headers: Headers | Record<string, string>;
  /**
   * Current time in milliseconds.
   *
   * @default {Date.now()}
   */
  nowMs?: number;
  /**
   * Largest accepted distance between the timestamp and `nowMs`, either way, in milliseconds.
   * Kalshi does not document its window; measurements put it between 10 s and 60 s, so 30 s
   * rejects what Kalshi surely rejects and accepts what it surely accepts.
   *
   * @default {30_000}
   */
  toleranceMs?: number;
}

function header(headers: Headers | Record<string, string>, name: string): string | undefined {
  if (headers instanceof Headers) return headers.get(name) ?? undefined;
  const lower = name.toLowerCase();
  for (const [k, v] of Object.entries(headers)) {
    if (k.toLowerCase() === lower && typeof v === "string") return v;
  }
  return undefined;
}

/**
 * Checks the three Kalshi auth headers of a request the way Kalshi does: all present, a
 * millisecond timestamp within `toleranceMs` of now, and a valid signature of
 * `timestamp + METHOD + path` (path without the query string).
 *
 * @example
 * ```ts
 * import {
 *   generateKeyPair,
 *   KalshiAuth,
 *   parsePublicKey,
 *   verifyAuthHeaders,
 * } from "@kalshikit/kalshi/auth";
 * import assert from "node:assert/strict";
 *
 * const pair = await generateKeyPair();
 * using auth = await KalshiAuth.create({ keyId: "key-1", privateKey: pair.privateKeyPem });
 * const publicKey = parsePublicKey(pair.publicKeyPem);
 * const url = "https://demo-api.kalshi.co/trade-api/v2/portfolio/orders?limit=5";
 * const headers = await auth.headers("GET", url);
 * const path = "/trade-api/v2/portfolio/orders";
 * assert.deepEqual(await verifyAuthHeaders({ publicKey, method: "GET", path, headers }), {
 *   ok: true,
 * });
 * const later = Date.now() + 60_000;
 * assert.deepEqual(
 *   await verifyAuthHeaders({ publicKey, method: "GET", path, headers, nowMs: later }),
 *   { ok: false, reason: "stale_timestamp" },
 * );
 * ```
 *
 * @param options Key, request and clock.
 * @returns `{ ok: true }`, or `{ ok: false, reason }`.
 */
export async function verifyAuthHeaders(
  options: VerifyAuthHeadersOptions,
): Promise<VerifyAuthHeadersResult> {
  const { publicKey, headers } = options;
  const key = header(headers, "KALSHI-ACCESS-KEY");
  const ts = header(headers, "KALSHI-ACCESS-TIMESTAMP");
  const sig = header(headers, "KALSHI-ACCESS-SIGNATURE");
  if (!key || !ts || !sig) return { ok: false, reason: "missing_headers" };
  if (!/^\d{11,16}$/.test(ts)) return { ok: false, reason: "bad_timestamp" };
  const tsMs = Number(ts);
  if (tsMs < 1e11 || tsMs >= 1e14) return { ok: false, reason: "bad_timestamp" };
  const now = options.nowMs ?? Date.now();
  if (Math.abs(now - tsMs) > (options.toleranceMs ?? 30_000)) {
    return { ok: false, reason: "stale_timestamp" };
  }
  const text = `${ts}${options.method.toUpperCase()}${signedPath(options.path)}`;
  return await verifySignature(publicKey, text, sig)
    ? { ok: true }
    : { ok: false, reason: "bad_signature" };
}
