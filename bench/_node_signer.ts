/**
 * The `node:crypto` baseline of the signing benchmarks: RSA-PSS, SHA-256, salt 32.
 *
 * @module
 */

import { Buffer } from "node:buffer";
import crypto from "node:crypto";

/** The REST signing string every signing benchmark signs. */
export const MESSAGE = "1703123456789GET/trade-api/v2/portfolio/orders";

/**
 * A synchronous `node:crypto` signer of {@linkcode MESSAGE}.
 *
 * @param privateKeyPem The key.
 * @returns A function making one signature.
 */
export function nodePssSigner(privateKeyPem: string): () => Uint8Array {
  const data = Buffer.from(MESSAGE);
  const options = {
    key: crypto.createPrivateKey(privateKeyPem),
    padding: crypto.constants.RSA_PKCS1_PSS_PADDING,
    saltLength: 32,
  };
  return () => crypto.sign("sha256", data, options);
}
