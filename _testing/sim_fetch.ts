/**
 * Signed requests to a running simulator, for tests that talk HTTP directly (not through the
 * REST client).
 *
 * @module
 */

import { KalshiAuth } from "../auth/mod.ts";

/** What {@linkcode simFetcher} needs from a running simulator. */
export interface SimCredentials {
  restUrl: string;
  keyId: string;
  privateKeyPem: string;
}

/** A JSON reply. */
export interface SimReply {
  status: number;
  headers: Headers;
  /** Parsed JSON, or the raw text when the body is not JSON. */
  body: unknown;
}

/** Sends one request; `path` is relative to the REST base (e.g. `/markets?limit=5`). */
export type SimFetch = (
  method: string,
  path: string,
  body?: unknown,
  options?: { signed?: boolean },
) => Promise<SimReply>;

/**
 * Creates a signed fetch for a simulator account. Dispose it to release the signer.
 *
 * @param sim The simulator's URL and credentials.
 * @returns The fetch function and a disposer.
 */
export async function simFetcher(
  sim: SimCredentials,
): Promise<SimFetch & Disposable> {
  const auth = await KalshiAuth.create({ keyId: sim.keyId, privateKey: sim.privateKeyPem });
  const f = async (
    method: string,
    path: string,
    body?: unknown,
    options: { signed?: boolean } = {},
  ) => {
    const url = sim.restUrl + path;
    const headers: Record<string, string> = {};
    if (options.signed !== false) Object.assign(headers, await auth.headers(method, url));
    if (body !== undefined) headers["content-type"] = "application/json";
    const init: RequestInit = { method, headers };
    if (body !== undefined) init.body = typeof body === "string" ? body : JSON.stringify(body);
    const res = await fetch(url, init);
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text === "" ? undefined : JSON.parse(text);
    } catch { /* not JSON */ }
    return { status: res.status, headers: res.headers, body: parsed };
  };
  return Object.assign(f, { [Symbol.dispose]: () => auth[Symbol.dispose]() });
}
