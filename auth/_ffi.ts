/**
 * RSA-PSS signing through the system's OpenSSL 3 libcrypto, over Deno FFI.
 *
 * The key is decoded once into an `EVP_PKEY`, and one `EVP_MD_CTX` is initialised once for
 * RSA-PSS / SHA-256 / MGF1-SHA-256 / salt 32. Each signature copies that template into a work
 * context (`EVP_MD_CTX_copy_ex`, which is cheaper than a fresh `EVP_DigestSignInit`) and calls
 * `EVP_DigestSign` with reused buffers.
 *
 * @module
 */

import { KalshiConfigError, KalshiError, KalshiKeyError } from "../errors.ts";
import { _keyDer, type PrivateKey } from "./key.ts";
import type { Signer } from "./signer.ts";

const SYMBOLS = {
  d2i_AutoPrivateKey: { parameters: ["pointer", "buffer", "i64"], result: "pointer" },
  EVP_PKEY_free: { parameters: ["pointer"], result: "void" },
  EVP_PKEY_get_size: { parameters: ["pointer"], result: "i32" },
  EVP_MD_fetch: { parameters: ["pointer", "buffer", "pointer"], result: "pointer" },
  EVP_MD_free: { parameters: ["pointer"], result: "void" },
  EVP_MD_CTX_new: { parameters: [], result: "pointer" },
  EVP_MD_CTX_free: { parameters: ["pointer"], result: "void" },
  EVP_MD_CTX_copy_ex: { parameters: ["pointer", "pointer"], result: "i32" },
  EVP_DigestSignInit: {
    parameters: ["pointer", "buffer", "pointer", "pointer", "pointer"],
    result: "i32",
  },
  EVP_DigestSign: {
    parameters: ["pointer", "buffer", "buffer", "buffer", "usize"],
    result: "i32",
  },
  EVP_PKEY_CTX_set_rsa_padding: { parameters: ["pointer", "i32"], result: "i32" },
  EVP_PKEY_CTX_set_rsa_pss_saltlen: { parameters: ["pointer", "i32"], result: "i32" },
  EVP_PKEY_CTX_set_rsa_mgf1_md: { parameters: ["pointer", "pointer"], result: "i32" },
  ERR_clear_error: { parameters: [], result: "void" },
} as const satisfies Deno.ForeignLibraryInterface;

type Crypto = Deno.DynamicLibrary<typeof SYMBOLS>["symbols"];

const RSA_PKCS1_PSS_PADDING = 6;
const SALT_LENGTH = 32;

// Libraries stay open for the life of the process (OpenSSL pins itself in memory anyway).

/** File names tried, in order, when no path is given. */
export function libcryptoCandidates(): string[] {
  const os = Deno.build.os;
  if (os === "darwin") {
    return [
      "/opt/homebrew/opt/openssl@3/lib/libcrypto.3.dylib",
      "/usr/local/opt/openssl@3/lib/libcrypto.3.dylib",
      "libcrypto.3.dylib",
    ];
  }
  if (os === "windows") {
    return Deno.build.arch === "aarch64"
      ? ["libcrypto-3-arm64.dll", "libcrypto-3.dll"]
      : ["libcrypto-3-x64.dll", "libcrypto-3.dll"];
  }
  return ["libcrypto.so.3", "libcrypto.so"];
}

/**
 * Why FFI signing cannot be used here, or `undefined` when the runtime and permissions allow it.
 */
export function ffiUnavailableReason(): string | undefined {
  const deno = (globalThis as { Deno?: typeof Deno }).Deno;
  if (typeof deno?.dlopen !== "function") return "this runtime has no FFI (Deno.dlopen)";
  try {
    const state = deno.permissions?.querySync?.({ name: "ffi" }).state;
    if (state !== "granted") return "FFI permission is not granted (run with --allow-ffi)";
  } catch {
    return "FFI permission cannot be queried in this runtime";
  }
  return undefined;
}

interface OpenLib {
  lib: Deno.DynamicLibrary<typeof SYMBOLS>;
  refs: number;
}

// Loaded libraries, shared by the signers using them and closed when the last one is disposed.
const libraries = new Map<string, OpenLib>();

function openLibcrypto(path: string | undefined): { name: string; c: Crypto } {
  const names = path === undefined ? libcryptoCandidates() : [path];
  const failures: string[] = [];
  for (const name of names) {
    const known = libraries.get(name);
    if (known) {
      known.refs++;
      return { name, c: known.lib.symbols };
    }
    try {
      const lib = Deno.dlopen(name, SYMBOLS);
      libraries.set(name, { lib, refs: 1 });
      return { name, c: lib.symbols };
    } catch (err) {
      const why = err instanceof Error ? err.message.split("\n")[0]!.slice(0, 120) : "failed";
      failures.push(`${name} (${why})`);
    }
  }
  throw new KalshiConfigError(
    `Cannot load OpenSSL 3 libcrypto for FFI signing: tried ${failures.join(", ")}`,
  );
}

function releaseLibcrypto(name: string): void {
  const entry = libraries.get(name);
  if (!entry || --entry.refs > 0) return;
  libraries.delete(name);
  entry.lib.close();
}

function ptrBytes(): [BigUint64Array, Uint8Array] {
  const cell = new BigUint64Array(1);
  return [cell, new Uint8Array(cell.buffer)];
}

class FfiSigner implements Signer {
  readonly backend = "ffi" as const;
  #c: Crypto;
  #libName: string;
  #pkey: Deno.PointerValue;
  #md: Deno.PointerValue;
  #template: Deno.PointerValue = null;
  #work: Deno.PointerValue = null;
  #sig: Uint8Array;
  #sigLen: BigUint64Array;
  #sigLenBytes: Uint8Array;
  #msg = new Uint8Array(256);
  #encoder = new TextEncoder();
  #open = true;

  constructor(libName: string, c: Crypto, pkey: Deno.PointerValue, md: Deno.PointerValue) {
    this.#libName = libName;
    this.#c = c;
    this.#pkey = pkey;
    this.#md = md;
    this.#sig = new Uint8Array(Math.max(c.EVP_PKEY_get_size(pkey), 1));
    [this.#sigLen, this.#sigLenBytes] = ptrBytes();
    this.#template = c.EVP_MD_CTX_new();
    this.#work = c.EVP_MD_CTX_new();
    const [pctxCell, pctxBytes] = ptrBytes();
    let failed: string | undefined;
    if (!this.#template || !this.#work) failed = "EVP_MD_CTX_new";
    else if (c.EVP_DigestSignInit(this.#template, pctxBytes, md, null, pkey) !== 1) {
      failed = "EVP_DigestSignInit";
    } else {
      const pctx = Deno.UnsafePointer.create(pctxCell[0]!);
      if (
        c.EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING) !== 1 ||
        c.EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, SALT_LENGTH) !== 1 ||
        c.EVP_PKEY_CTX_set_rsa_mgf1_md(pctx, md) !== 1
      ) failed = "EVP_PKEY_CTX_set_rsa_*";
    }
    if (failed !== undefined) {
      c.ERR_clear_error();
      this[Symbol.dispose]();
      throw new KalshiConfigError(`Cannot set up FFI signing: libcrypto ${failed} failed`);
    }
  }

  sign(message: string | Uint8Array): Promise<Uint8Array> {
    try {
      return Promise.resolve(this.#signSync(message));
    } catch (err) {
      return Promise.reject(err);
    }
  }

  #signSync(message: string | Uint8Array): Uint8Array {
    if (!this.#open) throw new KalshiConfigError("Cannot sign: the signer has been disposed");
    let data: Uint8Array, len: number;
    if (typeof message === "string") {
      if (message.length * 3 > this.#msg.length) this.#msg = new Uint8Array(message.length * 3);
      len = this.#encoder.encodeInto(message, this.#msg).written;
      data = this.#msg;
    } else {
      data = message;
      len = message.length;
    }
    const c = this.#c;
    this.#sigLen[0] = BigInt(this.#sig.length);
    if (
      c.EVP_MD_CTX_copy_ex(this.#work, this.#template) !== 1 ||
      c.EVP_DigestSign(this.#work, this.#sig, this.#sigLenBytes, data, BigInt(len)) !== 1
    ) {
      c.ERR_clear_error();
      throw new KalshiError("Cannot sign: libcrypto EVP_DigestSign failed", "sign_failed");
    }
    return this.#sig.slice(0, Number(this.#sigLen[0]));
  }

  [Symbol.dispose](): void {
    if (!this.#open) return;
    this.#open = false;
    const c = this.#c;
    if (this.#work) c.EVP_MD_CTX_free(this.#work);
    if (this.#template) c.EVP_MD_CTX_free(this.#template);
    c.EVP_PKEY_free(this.#pkey);
    c.EVP_MD_free(this.#md);
    this.#work =
      this.#template =
      this.#pkey =
      this.#md =
        null;
    releaseLibcrypto(this.#libName);
  }
}

/**
 * Opens an FFI signer for `key`.
 *
 * @param key The private key.
 * @param path A libcrypto file to load instead of the usual candidates.
 * @throws {KalshiConfigError} When FFI or libcrypto is unavailable, with the reason.
 * @throws {KalshiKeyError} When libcrypto rejects the key.
 */
export function openFfiSigner(key: PrivateKey, path?: string): Signer {
  const reason = ffiUnavailableReason();
  if (reason !== undefined) throw new KalshiConfigError(`Cannot use FFI signing: ${reason}`);
  const { name, c } = openLibcrypto(path);
  let handles: { pkey: Deno.PointerValue; md: Deno.PointerValue };
  try {
    handles = loadKey(c, key);
  } catch (e) {
    releaseLibcrypto(name);
    throw e;
  }
  // The signer owns the library reference from here: disposing it (also on a failed setup) releases.
  return new FfiSigner(name, c, handles.pkey, handles.md);
}

function loadKey(c: Crypto, key: PrivateKey): { pkey: Deno.PointerValue; md: Deno.PointerValue } {
  const der = _keyDer(key).pkcs8.slice();
  const [cell, bytes] = ptrBytes();
  cell[0] = BigInt(Deno.UnsafePointer.value(Deno.UnsafePointer.of(der)));
  const pkey = c.d2i_AutoPrivateKey(null, bytes, BigInt(der.length));
  der.fill(0);
  if (pkey === null) {
    c.ERR_clear_error();
    throw new KalshiKeyError(
      "Cannot use private key: libcrypto rejected it; export the key again",
      "RSA private key rejected by libcrypto",
    );
  }
  const md = c.EVP_MD_fetch(null, new TextEncoder().encode("SHA256\0"), null);
  if (md === null) {
    c.ERR_clear_error();
    c.EVP_PKEY_free(pkey);
    throw new KalshiConfigError("Cannot use FFI signing: libcrypto has no SHA256");
  }
  return { pkey, md };
}
