/**
 * Kalshi API authentication: load an RSA private key, sign requests with RSA-PSS, verify
 * signatures, and generate key pairs.
 *
 * Kalshi signs `timestamp + METHOD + path` (milliseconds; the path from the host root, without
 * the query string) with RSASSA-PSS / SHA-256 / salt 32 and sends three `KALSHI-ACCESS-*`
 * headers. {@linkcode KalshiAuth} does all of it for REST, the WebSocket handshake and the FIX
 * logon. Keys come as PKCS#1 (`BEGIN RSA PRIVATE KEY`, Kalshi's download) or PKCS#8
 * ({@linkcode parsePrivateKey}, {@linkcode loadPrivateKey}); a {@linkcode PrivateKey} never shows
 * its material in printouts, JSON or errors. Signing runs on Web Crypto everywhere, or on the
 * system's OpenSSL over FFI when `--allow-ffi` is granted (about 5× faster; see
 * {@linkcode createSigner}). {@linkcode verifySignature} and {@linkcode verifyAuthHeaders} check
 * signatures the way Kalshi does, for the simulator.
 *
 * ```ts
 * import {
 *   generateKeyPair,
 *   KalshiAuth,
 *   parsePublicKey,
 *   signingString,
 *   verifySignature,
 * } from "@kalshikit/kalshi/auth";
 * import assert from "node:assert/strict";
 *
 * const { privateKeyPem, publicKeyPem } = await generateKeyPair();
 * using auth = await KalshiAuth.create({ keyId: "my-key-id", privateKey: privateKeyPem });
 * const url = "https://demo-api.kalshi.co/trade-api/v2/portfolio/orders?limit=5";
 * const headers = await auth.headers("GET", url, { timestampMs: 1703123456789 });
 *
 * const signed = signingString(1703123456789, "GET", url);
 * assert.equal(signed, "1703123456789GET/trade-api/v2/portfolio/orders");
 * const publicKey = parsePublicKey(publicKeyPem);
 * assert.ok(await verifySignature(publicKey, signed, headers["KALSHI-ACCESS-SIGNATURE"]));
 * ```
 *
 * @module
 */

export { parsePrivateKey, PrivateKey } from "./key.ts";
export type { PrivateKeyFormat } from "./key.ts";
export { loadPrivateKey, resolvePrivateKey } from "./load.ts";
export type { LoadPrivateKeyOptions, PrivateKeyInput, PrivateKeySource } from "./load.ts";
export { parsePublicKey, PublicKey } from "./public_key.ts";
export { createSigner } from "./signer.ts";
export type { CreateSignerOptions, Signer, SignerBackend } from "./signer.ts";
export { KalshiAuth, signedPath, signingString } from "./headers.ts";
export type {
  AuthHeadersOptions,
  KalshiAuthHeaders,
  KalshiAuthOptions,
  SignedRequest,
} from "./headers.ts";
export { verifyAuthHeaders, verifySignature } from "./verify.ts";
export type {
  AuthFailureReason,
  VerifyAuthHeadersOptions,
  VerifyAuthHeadersResult,
} from "./verify.ts";
export { generateKeyPair } from "./generate.ts";
export type { GeneratedKeyPair, GenerateKeyPairOptions } from "./generate.ts";
