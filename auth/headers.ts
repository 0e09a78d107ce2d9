/**
 * Kalshi's request signing: the signed string, and the three `KALSHI-ACCESS-*` headers.
 *
 * @module
 */

import { KalshiConfigError } from "../errors.ts";
import { encodeBase64 } from "./_pem.ts";
import { parsePrivateKey, PrivateKey } from "./key.ts";
import { createSigner, type Signer, type SignerBackend } from "./signer.ts";

/**
 * The three headers of an authenticated Kalshi request (REST or the WebSocket handshake). A type
 * alias rather than an interface, so that it is assignable to `Record<string, string>` and
 * `HeadersInit` (`fetch`, `new Headers(...)`, `verifyAuthHeaders`).
 */
export type KalshiAuthHeaders = {
  /** The API key id. */
  "KALSHI-ACCESS-KEY": string;
  /** Unix time in milliseconds, as decimal text. */
  "KALSHI-ACCESS-TIMESTAMP": string;
  /** Base64 RSA-PSS signature of `timestamp + METHOD + path`. */
  "KALSHI-ACCESS-SIGNATURE": string;
};

const SCHEME = /^[a-z][a-z0-9+.-]*:/i;

/**
 * The path Kalshi signs: from the host root, without query string or fragment, percent-encoded
 * as `new URL(...).pathname` does.
 *
 * @example
 * ```ts
 * import { signedPath } from "@kalshikit/kalshi/auth";
 * import assert from "node:assert/strict";
 *
 * assert.equal(
 *   signedPath("https://api.elections.kalshi.com/trade-api/v2/portfolio/orders?limit=5"),
 *   "/trade-api/v2/portfolio/orders",
 * );
 * assert.equal(signedPath("/trade-api/v2/markets?limit=5"), "/trade-api/v2/markets");
 * ```
 *
 * @param pathOrUrl A full URL, or a path starting with `/`.
 * @returns The path to sign.
 * @throws {KalshiConfigError} When the input is neither.
 */
export function signedPath(pathOrUrl: string): string {
  const text = typeof pathOrUrl === "string" ? pathOrUrl : "";
  const absolute = SCHEME.test(text);
  if (absolute || text.startsWith("/")) {
    try {
      return new URL(absolute ? text : `http://h${text}`).pathname;
    } catch {
      // reported below
    }
  }
  throw new KalshiConfigError(
    `Cannot sign ${
      JSON.stringify(String(pathOrUrl)).slice(0, 80)
    }: expected a full URL or a path starting with "/"`,
  );
}

function timestampText(ts: number | string): string {
  const n = typeof ts === "number"
    ? ts
    : typeof ts === "string" && /^\d{1,16}$/.test(ts)
    ? Number(ts)
    : NaN;
  if (!Number.isSafeInteger(n) || n < 0) {
    throw new KalshiConfigError(
      `Invalid timestamp ${
        JSON.stringify(String(ts)).slice(0, 40)
      }: expected an integer number of milliseconds`,
    );
  }
  if (n < 1e11) {
    throw new KalshiConfigError(
      `Invalid timestamp "${n}": looks like seconds; Kalshi needs milliseconds`,
    );
  }
  if (n >= 1e14) {
    throw new KalshiConfigError(
      `Invalid timestamp "${n}": looks like microseconds or nanoseconds; Kalshi needs milliseconds`,
    );
  }
  return String(n);
}

/**
 * The string Kalshi signs: `timestamp + METHOD + path`, with the path from {@linkcode signedPath}.
 *
 * @example
 * ```ts
 * import { signingString } from "@kalshikit/kalshi/auth";
 * import assert from "node:assert/strict";
 *
 * assert.equal(
 *   signingString(1703123456789, "get", "https://demo-api.kalshi.co/trade-api/v2/portfolio/orders?limit=5"),
 *   "1703123456789GET/trade-api/v2/portfolio/orders",
 * );
 * assert.throws(() => signingString(1703123456, "GET", "/trade-api/v2/markets"), /looks like seconds/);
 * ```
 *
 * @param timestampMs Unix time in milliseconds (number or decimal text).
 * @param method HTTP method, any case.
 * @param pathOrUrl A full URL, or a path starting with `/`.
 * @returns The text to sign.
 * @throws {KalshiConfigError} When the timestamp is not whole milliseconds (or looks like
 * seconds), the method is not a token, or the path is not usable.
 */
export function signingString(
  timestampMs: number | string,
  method: string,
  pathOrUrl: string,
): string {
  const ts = timestampText(timestampMs);
  if (typeof method !== "string" || !/^[A-Za-z]{1,20}$/.test(method)) {
    throw new KalshiConfigError(
      `Invalid HTTP method ${
        JSON.stringify(String(method)).slice(0, 40)
      }: expected e.g. "GET" or "POST"`,
    );
  }
  return `${ts}${method.toUpperCase()}${signedPath(pathOrUrl)}`;
}

/** Options of {@linkcode KalshiAuth.create}. */
export interface KalshiAuthOptions {
  /** The API key id (a UUID) sent as `KALSHI-ACCESS-KEY`. */
  keyId: string;
  /** The private key, parsed or as PEM text. */
  privateKey: PrivateKey | string;
  /**
   * The signing backend; see `createSigner`.
   *
   * @default {"auto"}
   */
  backend?: "auto" | SignerBackend;
}

/** Options of {@linkcode KalshiAuth.headers}. */
export interface AuthHeadersOptions {
  /**
   * The timestamp to sign, in milliseconds.
   *
   * @default {Date.now()}
   */
  timestampMs?: number;
}

/** The result of {@linkcode KalshiAuth.signDetailed}: the headers and the exact text signed. */
export interface SignedRequest {
  /** The three auth headers. */
  headers: KalshiAuthHeaders;
  /** The text that was signed, e.g. `1703123456789GET/trade-api/v2/portfolio/orders`. */
  signed: string;
}

/**
 * Signs requests for one Kalshi API key: REST calls, the WebSocket handshake
 * (`GET /trade-api/ws/v2`) and, through {@linkcode KalshiAuth.sign}, the FIX logon. Printing it
 * shows the key id and backend only.
 *
 * @example
 * ```ts
 * import { generateKeyPair, KalshiAuth } from "@kalshikit/kalshi/auth";
 * import assert from "node:assert/strict";
 *
 * const { privateKeyPem } = await generateKeyPair();
 * using auth = await KalshiAuth.create({ keyId: "key-1", privateKey: privateKeyPem });
 * const headers = await auth.headers("GET", "/trade-api/ws/v2");
 * assert.equal(headers["KALSHI-ACCESS-KEY"], "key-1");
 * assert.match(headers["KALSHI-ACCESS-TIMESTAMP"], /^\d{13}$/);
 * assert.equal(headers["KALSHI-ACCESS-SIGNATURE"].length, 344);
 * assert.equal(Deno.inspect(auth), `KalshiAuth { keyId: "key-1", backend: "${auth.backend}" }`);
 * ```
 */
export class KalshiAuth implements Disposable {
  /** The API key id. */
  readonly keyId: string;
  /** The signing backend in use. */
  readonly backend: SignerBackend;
  #signer: Signer;

  private constructor(keyId: string, signer: Signer) {
    this.keyId = keyId;
    this.backend = signer.backend;
    this.#signer = signer;
  }

  /**
   * Parses the key (when given as PEM) and opens a signer.
   *
   * @example
   * ```ts
   * import { generateKeyPair, KalshiAuth } from "@kalshikit/kalshi/auth";
   * import assert from "node:assert/strict";
   *
   * const { privateKeyPem } = await generateKeyPair();
   * using auth = await KalshiAuth.create({
   *   keyId: "key-1",
   *   privateKey: privateKeyPem,
   *   backend: "webcrypto",
   * });
   * assert.equal(auth.backend, "webcrypto");
   * ```
   *
   * @param options Key id, private key and backend.
   * @returns The signer; dispose of it when done.
   * @throws {KalshiKeyError} When the private key is not usable.
   * @throws {KalshiConfigError} When the key id is empty or not header-safe, or `"ffi"` was
   * requested and is unavailable.
   */
  static async create(options: KalshiAuthOptions): Promise<KalshiAuth> {
    const keyId = options?.keyId;
    if (typeof keyId !== "string" || !/^[\x21-\x7e]{1,200}$/.test(keyId)) {
      throw new KalshiConfigError(
        "Invalid keyId: expected the API key id (printable ASCII without spaces, e.g. a UUID)",
      );
    }
    const key = options.privateKey instanceof PrivateKey
      ? options.privateKey
      : parsePrivateKey(options.privateKey);
    const signer = await createSigner(key, options.backend ? { backend: options.backend } : {});
    return new KalshiAuth(keyId, signer);
  }

  /**
   * Signs a request and returns its three auth headers.
   *
   * @example
   * ```ts
   * import { generateKeyPair, KalshiAuth } from "@kalshikit/kalshi/auth";
   * import assert from "node:assert/strict";
   *
   * using auth = await KalshiAuth.create({
   *   keyId: "key-1",
   *   privateKey: (await generateKeyPair()).privateKeyPem,
   * });
   * const h = await auth.headers("POST", "/trade-api/v2/portfolio/events/orders", {
   *   timestampMs: 1700000000000,
   * });
   * assert.equal(h["KALSHI-ACCESS-TIMESTAMP"], "1700000000000");
   * ```
   *
   * @param method HTTP method, any case.
   * @param pathOrUrl The request URL or path; the query string is not signed.
   * @param options Timestamp override.
   * @returns The headers to send.
   * @throws {KalshiConfigError} When an argument is invalid or the signer was disposed.
   */
  async headers(
    method: string,
    pathOrUrl: string,
    options: AuthHeadersOptions = {},
  ): Promise<KalshiAuthHeaders> {
    return (await this.signDetailed(method, pathOrUrl, options)).headers;
  }

  /**
   * Like {@linkcode KalshiAuth.headers}, also returning the exact text signed (for debugging
   * 401 `INCORRECT_API_KEY_SIGNATURE`).
   *
   * @example
   * ```ts
   * import { generateKeyPair, KalshiAuth } from "@kalshikit/kalshi/auth";
   * import assert from "node:assert/strict";
   *
   * using auth = await KalshiAuth.create({
   *   keyId: "key-1",
   *   privateKey: (await generateKeyPair()).privateKeyPem,
   * });
   * const { signed } = await auth.signDetailed("get", "/trade-api/v2/portfolio/orders?limit=5", {
   *   timestampMs: 1703123456789,
   * });
   * assert.equal(signed, "1703123456789GET/trade-api/v2/portfolio/orders");
   * ```
   *
   * @param method HTTP method, any case.
   * @param pathOrUrl The request URL or path.
   * @param options Timestamp override.
   * @returns The headers and the signed text.
   * @throws {KalshiConfigError} When an argument is invalid or the signer was disposed.
   */
  async signDetailed(
    method: string,
    pathOrUrl: string,
    options: AuthHeadersOptions = {},
  ): Promise<SignedRequest> {
    const ts = options.timestampMs ?? Date.now();
    const signed = signingString(ts, method, pathOrUrl);
    const signature = await this.sign(signed);
    return {
      headers: {
        "KALSHI-ACCESS-KEY": this.keyId,
        "KALSHI-ACCESS-TIMESTAMP": String(ts),
        "KALSHI-ACCESS-SIGNATURE": signature,
      },
      signed,
    };
  }

  /**
   * Signs arbitrary text (e.g. a FIX logon's fields) and returns the base64 signature.
   *
   * @example
   * ```ts
   * import { generateKeyPair, KalshiAuth } from "@kalshikit/kalshi/auth";
   * import assert from "node:assert/strict";
   *
   * using auth = await KalshiAuth.create({
   *   keyId: "key-1",
   *   privateKey: (await generateKeyPair()).privateKeyPem,
   * });
   * assert.match(await auth.sign("anything"), /^[A-Za-z0-9+/]{342}==$/);
   * ```
   *
   * @param text The text to sign (as UTF-8).
   * @returns Standard base64 with padding.
   * @throws {KalshiConfigError} After {@linkcode KalshiAuth[Symbol.dispose]}.
   */
  async sign(text: string): Promise<string> {
    return encodeBase64(await this.#signer.sign(text));
  }

  /** Releases the signer (and its native objects, for FFI). Signing afterwards throws. */
  [Symbol.dispose](): void {
    this.#signer[Symbol.dispose]();
  }

  /**
   * What `Deno.inspect` and `console.log` show: the key id and backend, nothing else.
   *
   * @returns E.g. `KalshiAuth { keyId: "key-1", backend: "ffi" }`.
   */
  [Symbol.for("Deno.customInspect")](): string {
    return `KalshiAuth { keyId: ${JSON.stringify(this.keyId)}, backend: "${this.backend}" }`;
  }
}
