/**
 * Test helpers for auth/: keys made at test time by the `openssl` CLI (so no secret is committed),
 * and independent verifiers (the `openssl dgst` CLI and `node:crypto`) for Kalshi's RSA-PSS
 * signatures. Test-only; never imported by library code.
 *
 * @module
 */

import crypto from "node:crypto";
import { Buffer } from "node:buffer";

/** Runs `openssl` with `args` and optional stdin; returns stdout, throws with stderr on failure. */
export async function openssl(args: string[], stdin?: string): Promise<string> {
  const child = new Deno.Command("openssl", {
    args,
    stdin: stdin === undefined ? "null" : "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  if (stdin !== undefined) {
    const w = child.stdin.getWriter();
    await w.write(new TextEncoder().encode(stdin));
    await w.close();
  }
  const out = await child.output();
  const text = new TextDecoder().decode(out.stdout);
  if (!out.success) {
    const err = new TextDecoder().decode(out.stderr);
    throw new Error(`openssl ${args.join(" ")} failed (${out.code}): ${err.slice(0, 500)}`);
  }
  return text;
}

/** A temporary directory removed (recursively) when disposed. */
export interface TempDir extends AsyncDisposable {
  /** Absolute path of the directory. */
  path: string;
}

/** Creates a temporary directory for `await using`. */
export async function tempDir(): Promise<TempDir> {
  const path = await Deno.makeTempDir({ prefix: "kalshikit_auth_test_" });
  return {
    path,
    async [Symbol.asyncDispose]() {
      await Deno.remove(path, { recursive: true });
    },
  };
}

/** One RSA-2048 test key in every PEM form the tests need. */
export interface RsaFixture {
  /** `-----BEGIN RSA PRIVATE KEY-----` (PKCS#1, what Kalshi's download looks like). */
  pkcs1: string;
  /** `-----BEGIN PRIVATE KEY-----` (PKCS#8) of the same key. */
  pkcs8: string;
  /** `-----BEGIN PUBLIC KEY-----` (SPKI). */
  spki: string;
  /** `-----BEGIN RSA PUBLIC KEY-----` (PKCS#1 public). */
  rsaPublic: string;
}

let rsa: Promise<RsaFixture> | undefined;

/** A throwaway RSA-2048 key generated once per test module with `openssl genrsa -traditional`. */
export function rsaFixture(): Promise<RsaFixture> {
  rsa ??= (async () => {
    const pkcs1 = await openssl(["genrsa", "-traditional", "2048"]);
    const [pkcs8, spki, rsaPublic] = await Promise.all([
      openssl(["pkcs8", "-topk8", "-nocrypt"], pkcs1),
      openssl(["rsa", "-pubout"], pkcs1),
      openssl(["rsa", "-RSAPublicKey_out"], pkcs1),
    ]);
    return { pkcs1, pkcs8, spki, rsaPublic };
  })();
  return rsa;
}

/**
 * Verifies a raw signature with `openssl dgst -sha256 -sigopt rsa_padding_mode:pss
 * -sigopt rsa_pss_saltlen:32`, through files in a temporary directory.
 */
export async function opensslVerifies(
  publicKeyPem: string,
  message: string,
  signature: Uint8Array,
): Promise<boolean> {
  await using dir = await tempDir();
  const pub = `${dir.path}/pub.pem`;
  const sig = `${dir.path}/sig.bin`;
  const msg = `${dir.path}/msg.txt`;
  await Deno.writeTextFile(pub, publicKeyPem);
  await Deno.writeFile(sig, signature);
  await Deno.writeTextFile(msg, message);
  const out = await new Deno.Command("openssl", {
    args: [
      "dgst",
      "-sha256",
      "-sigopt",
      "rsa_padding_mode:pss",
      "-sigopt",
      "rsa_pss_saltlen:32",
      "-verify",
      pub,
      "-signature",
      sig,
      msg,
    ],
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder().decode(out.stdout);
  return out.success && text.includes("Verified OK");
}

/** Verifies a raw signature with `node:crypto` (PSS, SHA-256, salt 32). */
export function nodeVerifies(
  publicKeyPem: string,
  message: string,
  signature: Uint8Array,
): boolean {
  return crypto.verify(
    "sha256",
    Buffer.from(message, "utf8"),
    {
      key: crypto.createPublicKey(publicKeyPem),
      padding: crypto.constants.RSA_PKCS1_PSS_PADDING,
      saltLength: 32,
    },
    Buffer.from(signature),
  );
}

/** Decodes standard base64. */
export function fromBase64(text: string): Uint8Array {
  return Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
}

/**
 * The base64 body lines of a PEM block (the key material): tests check that none of them, nor any
 * 24-character piece of them, shows up where it must not.
 */
export function secretPieces(pem: string): string[] {
  const body = pem.replace(/-----[A-Z0-9 ]+-----/g, "").replace(/\s+/g, "");
  const pieces: string[] = [];
  for (let i = 0; i + 24 <= body.length; i += 24) pieces.push(body.slice(i, i + 24));
  return pieces;
}

/** Asserts-style check: the first secret piece found in `text`, or undefined. */
export function leakedPiece(text: string, pem: string): string | undefined {
  return secretPieces(pem).find((p) => text.includes(p));
}
