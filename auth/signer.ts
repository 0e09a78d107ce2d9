/**
 * RSA-PSS signers: one interface, two backends (Web Crypto everywhere, OpenSSL over FFI where
 * allowed), chosen by {@linkcode createSigner}.
 *
 * @module
 */

import { KalshiConfigError } from "../errors.ts";
import { ffiUnavailableReason, openFfiSigner } from "./_ffi.ts";
import { openWebCryptoSigner } from "./_webcrypto.ts";
import { _keyDer, _publicKeyOf, type PrivateKey } from "./key.ts";
import { _verifyBytes } from "./verify.ts";

/** A signing backend: `"webcrypto"` (portable) or `"ffi"` (the system's OpenSSL, faster). */
export type SignerBackend = "webcrypto" | "ffi";

/**
 * Signs messages with Kalshi's scheme: RSASSA-PSS, SHA-256, MGF1-SHA-256, salt length 32.
 * Signatures are randomised: verify them, never compare them. Dispose of it when done.
 *
 * @example
 * ```ts
 * import { createSigner, generateKeyPair, parsePrivateKey } from "@kalshikit/kalshi/auth";
 * import assert from "node:assert/strict";
 *
 * using signer = await createSigner(parsePrivateKey((await generateKeyPair()).privateKeyPem));
 * assert.equal((await signer.sign("1700000000000GET/trade-api/v2/portfolio/balance")).length, 256);
 * ```
 */
export interface Signer {
  /** The backend doing the work. */
  readonly backend: SignerBackend;
  /**
   * Signs a message (a string is signed as UTF-8).
   *
   * @param message The text or bytes to sign.
   * @returns The raw signature (256 bytes for a 2048-bit key).
   * @throws {KalshiConfigError} After the signer was disposed.
   */
  sign(message: string | Uint8Array): Promise<Uint8Array>;
  /** Frees the key (and, for FFI, the native objects). Further signing throws. */
  [Symbol.dispose](): void;
}

/** Options of {@linkcode createSigner}. */
export interface CreateSignerOptions {
  /**
   * Which backend to use. `"auto"` picks FFI when the FFI permission is granted, OpenSSL 3's
   * libcrypto loads and a self-test signature verifies; otherwise it silently uses Web Crypto.
   * `"ffi"` throws when FFI cannot be used.
   *
   * @default {"auto"}
   */
  backend?: "auto" | SignerBackend;
  /**
   * Path of the libcrypto to load for FFI, instead of the usual names (`libcrypto.so.3`,
   * Homebrew's `libcrypto.3.dylib`, `libcrypto-3-x64.dll`, …).
   *
   * @default {undefined}
   */
  libcrypto?: string;
}

const SELF_TEST = "kalshikit signer self-test";

async function ffiSigner(key: PrivateKey, libcrypto: string | undefined): Promise<Signer> {
  const signer = openFfiSigner(key, libcrypto);
  try {
    const sig = await signer.sign(SELF_TEST);
    if (await _verifyBytes(_publicKeyOf(key), SELF_TEST, sig)) return signer;
  } catch {
    // reported below
  }
  signer[Symbol.dispose]();
  throw new KalshiConfigError(
    "Cannot use FFI signing: the libcrypto self-test signature did not verify",
  );
}

/**
 * Creates a signer for a private key.
 *
 * @example
 * ```ts
 * import {
 *   createSigner,
 *   generateKeyPair,
 *   parsePrivateKey,
 *   parsePublicKey,
 *   verifySignature,
 * } from "@kalshikit/kalshi/auth";
 * import assert from "node:assert/strict";
 *
 * const pair = await generateKeyPair();
 * using signer = await createSigner(parsePrivateKey(pair.privateKeyPem), { backend: "webcrypto" });
 * assert.equal(signer.backend, "webcrypto");
 * const text = "1700000000000GET/trade-api/v2/portfolio/balance";
 * const signature = btoa(String.fromCharCode(...await signer.sign(text)));
 * assert.ok(await verifySignature(parsePublicKey(pair.publicKeyPem), text, signature));
 * ```
 *
 * @param key The private key.
 * @param options Backend choice.
 * @returns A signer; dispose of it when done.
 * @throws {KalshiConfigError} When `"ffi"` is requested but cannot be used (the message says
 * why), or the backend name is unknown.
 * @throws {KalshiKeyError} When the key is rejected by the crypto library.
 */
export async function createSigner(
  key: PrivateKey,
  options: CreateSignerOptions = {},
): Promise<Signer> {
  const backend = options.backend ?? "auto";
  if (backend !== "auto" && backend !== "webcrypto" && backend !== "ffi") {
    throw new KalshiConfigError(
      `Invalid signer backend "${String(backend)}": expected "auto", "webcrypto" or "ffi"`,
    );
  }
  _keyDer(key); // checks that it is a PrivateKey
  if (backend === "webcrypto") return await openWebCryptoSigner(key);
  if (backend === "ffi") return await ffiSigner(key, options.libcrypto);
  if (ffiUnavailableReason() === undefined) {
    try {
      return await ffiSigner(key, options.libcrypto);
    } catch {
      // fall back to Web Crypto
    }
  }
  return await openWebCryptoSigner(key);
}
