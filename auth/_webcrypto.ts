/**
 * RSA-PSS signing with Web Crypto: works in every runtime, Deno Deploy included.
 *
 * @module
 */

import { KalshiConfigError, KalshiKeyError } from "../errors.ts";
import { _keyDer, type PrivateKey } from "./key.ts";
import type { Signer } from "./signer.ts";

/** Web Crypto parameters of Kalshi's signature: RSA-PSS, SHA-256, salt 32. */
export const PSS_IMPORT: RsaHashedImportParams = { name: "RSA-PSS", hash: "SHA-256" };
/** Web Crypto sign/verify parameters: salt length 32 (the SHA-256 digest length). */
export const PSS_SIGN: RsaPssParams = { name: "RSA-PSS", saltLength: 32 };

const encoder = new TextEncoder();

class WebCryptoSigner implements Signer {
  readonly backend = "webcrypto" as const;
  #key: CryptoKey | undefined;

  constructor(key: CryptoKey) {
    this.#key = key;
  }

  async sign(message: string | Uint8Array): Promise<Uint8Array> {
    const key = this.#key;
    if (key === undefined) throw new KalshiConfigError("Cannot sign: the signer has been disposed");
    const data = typeof message === "string" ? encoder.encode(message) : message;
    return new Uint8Array(await crypto.subtle.sign(PSS_SIGN, key, data as Uint8Array<ArrayBuffer>));
  }

  [Symbol.dispose](): void {
    this.#key = undefined;
  }
}

/**
 * Imports `key` into Web Crypto (non-extractable) and returns a signer.
 *
 * @throws {KalshiKeyError} When Web Crypto rejects the key.
 */
export async function openWebCryptoSigner(key: PrivateKey): Promise<Signer> {
  const der = _keyDer(key).pkcs8;
  let cryptoKey: CryptoKey;
  try {
    cryptoKey = await crypto.subtle.importKey(
      "pkcs8",
      der as Uint8Array<ArrayBuffer>,
      PSS_IMPORT,
      false,
      [
        "sign",
      ],
    );
  } catch (err) {
    throw new KalshiKeyError(
      "Cannot use private key: Web Crypto rejected it; export the key again",
      "RSA private key rejected by Web Crypto",
      { cause: err },
    );
  }
  return new WebCryptoSigner(cryptoKey);
}
