/**
 * The REST transport: signing, rate limiting, timeouts, retries with jittered backoff, and error
 * mapping into the `errors.ts` hierarchy. Resources call {@linkcode Transport.request}.
 *
 * Retry policy (trading-safe): only requests marked `retry` are retried — GETs, and order writes
 * that carry a `client_order_id` (Kalshi's idempotency key). Connection failures, 429 and 5xx are
 * retried; `Retry-After` is honoured; every wait is abortable. A retried write whose earlier
 * attempt may have landed and that then meets 409 `order_already_exists` is resolved by the
 * caller's `onDuplicate` (which looks the order up) instead of failing.
 *
 * @module
 */

import {
  KalshiApiError,
  KalshiConflictError,
  KalshiConnectionError,
  KalshiError,
  KalshiParseError,
  KalshiRateLimitError,
  type KalshiRequestInfo,
  KalshiServerError,
  KalshiTimeoutError,
  KalshiUnknownOutcomeError,
} from "../errors.ts";
import { delay, type RateLimiter } from "./rate_limit.ts";

/** Anything that can produce Kalshi's three auth headers (e.g. `KalshiAuth` from `auth/`). */
export interface RequestSigner {
  /** Headers for a request; the path may be a full URL (the query string is not signed). */
  headers(method: string, pathOrUrl: string): Promise<Record<string, string>>;
}

/** Retry settings. */
export interface RetryOptions {
  /** Retries after the first attempt. @default {3} */
  maxRetries?: number | undefined;
  /** First backoff step in ms; doubles per retry, with full jitter. @default {250} */
  baseDelayMs?: number | undefined;
  /** Longest wait between attempts in ms (also caps `Retry-After`). @default {8000} */
  maxDelayMs?: number | undefined;
}

/** A query value: arrays are joined with commas unless the parameter is listed as repeated. */
export type QueryValue =
  | string
  | number
  | boolean
  | readonly (string | number)[]
  | undefined
  | null;

/** One request as resources describe it. */
export interface RequestSpec<T> {
  /** Operation id (for rate-limit costs and errors). */
  op: string;
  method: "GET" | "POST" | "PUT" | "DELETE";
  /** Path template, e.g. `/markets/{ticker}`. */
  path: string;
  /** Path parameters, percent-encoded into the template. */
  params?: Record<string, string | number> | undefined;
  query?: Record<string, QueryValue> | undefined;
  /** Query parameters sent as repeated keys (`a=1&a=2`) instead of a comma list. */
  repeated?: readonly string[] | undefined;
  /** JSON body. */
  body?: unknown;
  /** `required` signs and fails without credentials; `optional` signs when it can. */
  auth: "required" | "optional" | "none";
  /** Whether the request may be retried (GETs; writes with a client_order_id). */
  retry: boolean;
  /** Batch size, for per-item rate-limit costs. */
  items?: number | undefined;
  /** Resolves a 409 duplicate met on a retry after an attempt whose outcome was unknown. */
  onDuplicate?: (() => Promise<T>) | undefined;
  signal?: AbortSignal | undefined;
  /** Per-attempt timeout in ms. */
  timeout?: number | undefined;
}

/** Transport settings. */
export interface TransportOptions {
  baseUrl: string;
  signer?: RequestSigner | undefined;
  limiter?: RateLimiter | undefined;
  fetch?: typeof fetch | undefined;
  timeout: number;
  retry: RetryOptions;
  headers?: Record<string, string> | undefined;
  onWarning?: ((message: string) => void) | undefined;
  random?: (() => number) | undefined;
}

/** Performs requests against one Kalshi REST base URL. */
export class Transport {
  readonly #o: TransportOptions;
  readonly #warned = new Set<string>();

  /**
   * Creates a transport.
   *
   * @param options Settings.
   */
  constructor(options: TransportOptions) {
    this.#o = options;
  }

  /** Whether requests can be signed. */
  get canSign(): boolean {
    return this.#o.signer !== undefined;
  }

  /**
   * Builds the URL of a request.
   *
   * @param spec The request.
   * @returns The absolute URL.
   */
  url(spec: Pick<RequestSpec<unknown>, "path" | "params" | "query" | "repeated">): URL {
    const path = spec.path.replace(/\{([^}]+)\}/g, (_, name: string) => {
      const v = spec.params?.[name];
      if (v === undefined || v === "") {
        throw new KalshiError(
          `Cannot call ${spec.path}: path parameter "${name}" is missing`,
          "invalid_argument",
        );
      }
      return encodeURIComponent(String(v));
    });
    const url = new URL(this.#o.baseUrl.replace(/\/+$/, "") + path);
    for (const [k, v] of Object.entries(spec.query ?? {})) {
      if (v === undefined || v === null) continue;
      if (Array.isArray(v)) {
        if (v.length === 0) continue;
        if (spec.repeated?.includes(k)) {
          for (const item of v) url.searchParams.append(k, String(item));
        } else url.searchParams.set(k, v.join(","));
      } else url.searchParams.set(k, String(v));
    }
    return url;
  }

  /**
   * Sends a request, retrying as the spec allows, and returns the parsed JSON body
   * (`undefined` for an empty answer).
   *
   * @param spec The request.
   * @returns The response body.
   */
  async request<T>(spec: RequestSpec<T>): Promise<T> {
    const url = this.url(spec);
    const info: KalshiRequestInfo = { method: spec.method, path: url.pathname };
    if (spec.auth === "required" && !this.#o.signer) {
      throw new KalshiError(
        `Cannot call ${spec.method} ${spec.path}: it needs credentials (keyId and privateKey)`,
        "missing_credentials",
      );
    }
    const maxRetries = spec.retry ? (this.#o.retry.maxRetries ?? 3) : 0;
    let ambiguous = false; // an earlier attempt may have been applied
    let lastError: unknown;
    for (let attempt = 0; attempt <= maxRetries; attempt++) {
      spec.signal?.throwIfAborted();
      try {
        return await this.#attempt<T>(spec, url, info);
      } catch (e) {
        if (spec.signal?.aborted) throw spec.signal.reason;
        if (e instanceof KalshiConflictError && ambiguous && spec.onDuplicate) {
          return await spec.onDuplicate();
        }
        lastError = e;
        const retryable = e instanceof KalshiConnectionError || e instanceof KalshiTimeoutError ||
          e instanceof KalshiServerError || e instanceof KalshiRateLimitError;
        if (!retryable || attempt === maxRetries) break;
        if (spec.method !== "GET" && !(e instanceof KalshiRateLimitError)) ambiguous = true;
        await delay(this.#backoff(attempt, e), spec.signal);
      }
    }
    if (ambiguous && spec.method !== "GET") {
      throw new KalshiUnknownOutcomeError(
        `${spec.method} ${info.path} may or may not have been applied: no answer after ${
          maxRetries + 1
        } attempts`,
        info,
        { cause: lastError },
      );
    }
    throw lastError;
  }

  #backoff(attempt: number, error: unknown): number {
    const base = this.#o.retry.baseDelayMs ?? 250;
    const cap = this.#o.retry.maxDelayMs ?? 8000;
    const jittered = (this.#o.random ?? Math.random)() * Math.min(cap, base * 2 ** attempt);
    const hinted = error instanceof KalshiRateLimitError ? error.retryAfterMs : undefined;
    return hinted !== undefined ? Math.min(cap, Math.max(hinted, jittered)) : jittered;
  }

  async #attempt<T>(spec: RequestSpec<T>, url: URL, info: KalshiRequestInfo): Promise<T> {
    await this.#o.limiter?.acquire(spec.op, spec.method, spec.path, {
      items: spec.items,
      signal: spec.signal,
    });
    const headers: Record<string, string> = { accept: "application/json", ...this.#o.headers };
    if (spec.body !== undefined) headers["content-type"] = "application/json";
    if (this.#o.signer && spec.auth !== "none") {
      Object.assign(headers, await this.#o.signer.headers(spec.method, url.href));
    }
    const timeout = spec.timeout ?? this.#o.timeout;
    const timer = AbortSignal.timeout(timeout);
    const signal = spec.signal ? AbortSignal.any([spec.signal, timer]) : timer;
    let res: Response;
    let text: string;
    try {
      res = await (this.#o.fetch ?? fetch)(url, {
        method: spec.method,
        headers,
        body: spec.body === undefined ? null : JSON.stringify(spec.body),
        signal,
      });
      text = await res.text();
    } catch (e) {
      if (spec.signal?.aborted) throw spec.signal.reason;
      if (timer.aborted) {
        throw new KalshiTimeoutError(
          `${spec.method} ${info.path} timed out after ${timeout} ms`,
          timeout,
          {
            cause: e,
            request: info,
          },
        );
      }
      throw new KalshiConnectionError(
        `${spec.method} ${info.path} failed: ${(e as Error)?.message ?? e}`,
        {
          cause: e,
          request: info,
        },
      );
    }
    this.#noteDeprecation(res, info);
    const parsed = parseBody(text);
    if (!res.ok) {
      const body = parsed.ok ? parsed.value : text;
      throw KalshiApiError.from({
        status: res.status,
        body,
        method: spec.method,
        path: info.path,
        headers: res.headers,
      });
    }
    if (!parsed.ok) {
      throw new KalshiParseError(
        `${spec.method} ${info.path} answered ${res.status} with a body that is not JSON: ${
          text.slice(0, 80)
        }`,
      );
    }
    return parsed.value as T;
  }

  #noteDeprecation(res: Response, info: KalshiRequestInfo): void {
    const dep = res.headers.get("deprecation") ?? res.headers.get("sunset");
    if (!dep || !this.#o.onWarning) return;
    const key = `${info.method} ${info.path}`;
    if (this.#warned.has(key)) return;
    this.#warned.add(key);
    const why = res.headers.get("warning")?.replace(/^\d+ - /, "").replace(/^"|"$/g, "");
    this.#o.onWarning(`${key} is deprecated${why ? `: ${why}` : ""}`);
  }
}

function parseBody(text: string): { ok: true; value: unknown } | { ok: false } {
  if (text.trim() === "") return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}
