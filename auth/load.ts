/**
 * Loading a private key from PEM text, a file or an environment variable.
 *
 * @module
 */

import { KalshiConfigError } from "../errors.ts";
import { _keyError, _parsePrivateKeyWith, parsePrivateKey, PrivateKey } from "./key.ts";

/** Where {@linkcode loadPrivateKey} finds the PEM text: given inline, in a file, or in an env var. */
export type PrivateKeySource = { pem: string } | { path: string } | { env: string };

/** Options of {@linkcode loadPrivateKey}. */
export interface LoadPrivateKeyOptions {
  /**
   * Aborts reading a key file.
   *
   * @default {undefined}
   */
  signal?: AbortSignal;
}

/**
 * Loads an RSA private key from PEM text, a file, or a named environment variable (the
 * environment is read only when a variable is named here).
 *
 * @example
 * ```ts
 * import { generateKeyPair, loadPrivateKey } from "@kalshikit/kalshi/auth";
 * import { KalshiKeyError } from "@kalshikit/kalshi/errors";
 * import assert from "node:assert/strict";
 *
 * const { privateKeyPem } = await generateKeyPair();
 * const path = await Deno.makeTempFile();
 * await Deno.writeTextFile(path, privateKeyPem);
 * assert.equal((await loadPrivateKey({ path })).bits, 2048);
 * await Deno.remove(path);
 * await assert.rejects(loadPrivateKey({ path }), KalshiKeyError);
 * await assert.rejects(loadPrivateKey({ env: "NO_SUCH_KALSHI_KEY" }), /is not set/);
 * ```
 *
 * @param source `{ pem }`, `{ path }` or `{ env }`.
 * @param options Abort signal.
 * @returns The key.
 * @throws {KalshiKeyError} When the file or variable cannot be read or holds no usable key; the
 * message names the path or variable, never the content.
 * @throws {KalshiConfigError} When `source` is not one of the three forms.
 */
export async function loadPrivateKey(
  source: PrivateKeySource,
  options: LoadPrivateKeyOptions = {},
): Promise<PrivateKey> {
  const s = (source ?? {}) as Partial<Record<"pem" | "path" | "env", unknown>>;
  const given = (["pem", "path", "env"] as const).filter((k) => s[k] !== undefined);
  if (given.length !== 1 || typeof s[given[0]!] !== "string") {
    throw new KalshiConfigError(
      "Invalid key source: expected exactly one of { pem }, { path } or { env } with a string value",
    );
  }
  if (typeof s.pem === "string") return parsePrivateKey(s.pem);
  if (typeof s.path === "string") {
    const path = s.path;
    let text: string;
    try {
      text = await Deno.readTextFile(path, options.signal ? { signal: options.signal } : {});
    } catch (err) {
      if (options.signal?.aborted) throw options.signal.reason;
      throw _keyError(
        `Cannot load private key from file "${path}"`,
        readFailure(err),
        "unreadable file",
        err,
      );
    }
    return _parsePrivateKeyWith(text, `Cannot load private key from file "${path}"`);
  }
  const name = s.env as string;
  const prefix = `Cannot load private key from environment variable "${name}"`;
  let value: string | undefined;
  try {
    value = Deno.env.get(name);
  } catch (err) {
    throw _keyError(
      prefix,
      `${readFailure(err)} (run with --allow-env=${name})`,
      "unreadable environment variable",
      err,
    );
  }
  if (value === undefined) {
    throw _keyError(prefix, "the variable is not set", "missing environment variable");
  }
  return _parsePrivateKeyWith(value, prefix, "; to load a key file, use { path } instead");
}

function readFailure(err: unknown): string {
  if (err instanceof Deno.errors.NotFound) return "no such file";
  if (err instanceof Deno.errors.PermissionDenied || err instanceof Deno.errors.NotCapable) {
    return "permission denied";
  }
  if (err instanceof Deno.errors.IsADirectory) return "it is a directory";
  return err instanceof Error ? err.name : "read failed";
}

/** A private key in any form the clients take: parsed, PEM text, or where to load it from. */
export type PrivateKeyInput = PrivateKey | string | PrivateKeySource;

/**
 * Turns any {@linkcode PrivateKeyInput} into a {@linkcode PrivateKey}: a parsed key as is, PEM
 * text parsed, and `{ pem }` / `{ path }` / `{ env }` loaded with {@linkcode loadPrivateKey}.
 *
 * @example Usage
 * ```ts
 * import { generateKeyPair, resolvePrivateKey } from "@kalshikit/kalshi/auth";
 * import assert from "node:assert/strict";
 *
 * const { privateKeyPem } = await generateKeyPair();
 * const key = await resolvePrivateKey(privateKeyPem);
 * assert.equal(await resolvePrivateKey(key), key);
 * assert.equal((await resolvePrivateKey({ pem: privateKeyPem })).bits, 2048);
 * ```
 *
 * @param input The key.
 * @param options Abort signal for reading a file.
 * @returns The parsed key.
 * @throws {KalshiKeyError} As {@linkcode loadPrivateKey} and {@linkcode parsePrivateKey}.
 */
export async function resolvePrivateKey(
  input: PrivateKeyInput,
  options: LoadPrivateKeyOptions = {},
): Promise<PrivateKey> {
  if (input instanceof PrivateKey) return input;
  if (typeof input === "string") return parsePrivateKey(input);
  return await loadPrivateKey(input, options);
}
