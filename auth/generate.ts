/**
 * Generating an RSA key pair for a Kalshi API key.
 *
 * @module
 */

import { KalshiConfigError } from "../errors.ts";
import { toPem } from "./_pem.ts";

/** Options of {@linkcode generateKeyPair}. */
export interface GenerateKeyPairOptions {
  /**
   * RSA modulus size in bits: 2048, 3072 or 4096.
   *
   * @default {2048}
   */
  bits?: number;
}

/** A freshly generated key pair as PEM text. */
export interface GeneratedKeyPair {
  /** PKCS#8 PEM (`-----BEGIN PRIVATE KEY-----`). Keep it secret. */
  privateKeyPem: string;
  /** SPKI PEM (`-----BEGIN PUBLIC KEY-----`), the form to upload to Kalshi. */
  publicKeyPem: string;
}

/**
 * Generates an RSA key pair (public exponent 65537) with Web Crypto, as PEM with 64-character
 * lines: upload the public half to Kalshi (`POST /api_keys`), keep the private half.
 *
 * @example
 * ```ts
 * import { generateKeyPair, parsePrivateKey, parsePublicKey } from "@kalshikit/kalshi/auth";
 * import assert from "node:assert/strict";
 *
 * const { privateKeyPem, publicKeyPem } = await generateKeyPair();
 * assert.match(privateKeyPem, /^-----BEGIN PRIVATE KEY-----\n/);
 * assert.match(publicKeyPem, /^-----BEGIN PUBLIC KEY-----\n/);
 * assert.equal(parsePrivateKey(privateKeyPem).bits, 2048);
 * assert.equal(parsePublicKey(publicKeyPem).bits, 2048);
 * ```
 *
 * @param options Key size.
 * @returns The PEM texts.
 * @throws {KalshiConfigError} When `bits` is not 2048, 3072 or 4096.
 */
export async function generateKeyPair(
  options: GenerateKeyPairOptions = {},
): Promise<GeneratedKeyPair> {
  const bits = options.bits ?? 2048;
  if (bits !== 2048 && bits !== 3072 && bits !== 4096) {
    throw new KalshiConfigError(
      `Invalid key size ${JSON.stringify(bits)}: expected 2048, 3072 or 4096`,
    );
  }
  const pair = await crypto.subtle.generateKey(
    {
      name: "RSA-PSS",
      modulusLength: bits,
      publicExponent: Uint8Array.of(1, 0, 1),
      hash: "SHA-256",
    },
    true,
    ["sign", "verify"],
  );
  const [pkcs8, spki] = await Promise.all([
    crypto.subtle.exportKey("pkcs8", pair.privateKey),
    crypto.subtle.exportKey("spki", pair.publicKey),
  ]);
  return {
    privateKeyPem: toPem("PRIVATE KEY", new Uint8Array(pkcs8)),
    publicKeyPem: toPem("PUBLIC KEY", new Uint8Array(spki)),
  };
}
