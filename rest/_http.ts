/**
 * The REST transport: signing, rate limiting, timeouts, retries with jittered backoff, and error
 * mapping into the `errors.ts` hierarchy. Resources call {@linkcode Transport.request}.
 *
 * Retry policy (trading-safe): requests marked `retry` — GETs, and order creates that carry a
 * `client_order_id` (Kalshi's idempotency key) — are retried after connection failures,
 * timeouts, 429 and 5xx. Any other request is retried only after a 429, which Kalshi answers
 * before doing anything. `Retry-After` is honoured; every wait is abortable. A retried write
 * whose earlier attempt may have landed and that then meets 409 (`order_already_exists`) is
 * resolved by the caller's `onDuplicate` (which looks the order up) instead of failing; when
 * the retries run out with the outcome unknown, `onUnknown` gets a last chance to find it before
 * {@linkcode KalshiUnknownOutcomeError} is thrown.
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
  retryAfterOf,
} from "../errors.ts";
import { warnOnce } from "./_ops.ts";
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
  /** Longest backoff between attempts in ms. @default {8000} */
  maxDelayMs?: number | undefined;
  /** Longest `Retry-After` obeyed in ms; a longer one ends the retries. @default {60000} */
  maxRetryAfterMs?: number | undefined;
}

/** A query value: arrays are joined with commas unless the parameter is listed as repeated. */
export type QueryValue =
  | string
  | number
  | boolean
  | readonly (string | number | boolean)[]
  | undefined
  | null;

/** One request as resources describe it. */
export interface RequestSpec<T> {
  /** Operation id (for rate-limit costs, warnings and errors). */
  op: string;
  method: "GET" | "POST" | "PUT" | "DELETE";
  /** Path template, e.g. `/markets/{ticker}`. */
  path: string;
  /** Path parameters, percent-encoded into the template. */
  params?: Readonly<Record<string, string | number>> | undefined;
  query?: Readonly<Record<string, QueryValue>> | undefined;
  /** Query parameters sent as repeated keys (`a=1&a=2`) instead of a comma list. */
  repeated?: readonly string[] | undefined;
  /** JSON body. */
  body?: unknown;
  /** `required` signs and fails without credentials; `optional` signs when it can. */
  auth: "required" | "optional" | "none";
  /** Whether the request may be retried after any failure (GETs; creates with client_order_id). */
  retry: boolean;
  /** Batch size, for per-item rate-limit costs. */
  items?: number | undefined;
  /** Resolves a 409 duplicate met on a retry after an attempt whose outcome was unknown. */
  onDuplicate?: ((cause: KalshiConflictError) => Promise<T>) | undefined;
  /** Looks for the effect of a write whose outcome stayed unknown; undefined = not found. */
  onUnknown?: (() => Promise<T | undefined>) | undefined;
  /** Post-processes a success that followed an attempt whose outcome was unknown. */
  onRecovered?: ((value: T) => Promise<T>) | undefined;
  signal?: AbortSignal | undefined;
  /** Per-attempt timeout in ms. */
  timeout?: number | undefined;
  /** Retries after the first attempt (overrides the transport's). */
  maxRetries?: number | undefined;
}

/** Transport settings. */
export interface TransportOptions {
  baseUrl: string;
  signer?: RequestSigner | undefined;
  limiter?: RateLimiter | undefined;
  fetch?: typeof fetch | undefined;
  /** Per-attempt timeout in ms. */
  timeout: number;
  retry: RetryOptions;
  headers?: Record<string, string> | undefined;
  onWarning?: ((message: string) => void) | undefined;
  /** Random source for jitter (tests). */
  random?: (() => number) | undefined;
  /** Aborted when the owning client closes. */
  closed?: AbortSignal | undefined;
}

// Retry-After hints of API errors, in ms (errors.ts keeps them only for 429).
const hints = new WeakMap<object, number>();

/** Performs requests against one Kalshi REST base URL. */
export class Transport {
  readonly #o: TransportOptions;

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

  /** The REST base URL. */
  get baseUrl(): string {
    return this.#o.baseUrl;
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
    const maxRetries = Math.max(0, spec.maxRetries ?? this.#o.retry.maxRetries ?? 3);
    let ambiguous = false; // an earlier attempt may have been applied
    let lastError: unknown;
    let attempts = 0;
    for (let attempt = 0; attempt <= maxRetries; attempt++) {
      this.#checkOpen(spec.signal);
      attempts++;
      let value: T;
      try {
        value = await this.#attempt<T>(spec, url, info);
      } catch (e) {
        if (spec.signal?.aborted) throw spec.signal.reason;
        if (this.#o.closed?.aborted) throw this.#o.closed.reason;
        if (e instanceof KalshiConflictError && ambiguous && spec.onDuplicate) {
          return await spec.onDuplicate(e);
        }
        lastError = e;
        const isRateLimit = e instanceof KalshiRateLimitError;
        const transient = e instanceof KalshiConnectionError || e instanceof KalshiTimeoutError ||
          e instanceof KalshiServerError;
        if (isRateLimit) this.#o.limiter?.penalize(spec.op);
        if (!isRateLimit && !(transient && spec.retry)) {
          if (transient && spec.method !== "GET") ambiguous = true;
          break;
        }
        if (transient && spec.method !== "GET") ambiguous = true;
        if (attempt === maxRetries) break;
        const wait = this.#backoff(attempt, e);
        if (wait === undefined) break;
        await delay(wait, this.#signalOf(spec.signal));
        continue;
      }
      return ambiguous && spec.onRecovered ? await spec.onRecovered(value) : value;
    }
    if (ambiguous) {
      const found = spec.onUnknown ? await spec.onUnknown() : undefined;
      if (found !== undefined) return found;
      throw new KalshiUnknownOutcomeError(
        `${spec.method} ${info.path} may or may not have been applied: no answer after ${attempts} attempt${
          attempts === 1 ? "" : "s"
        }`,
        info,
        { cause: lastError },
      );
    }
    throw lastError;
  }

  #checkOpen(signal: AbortSignal | undefined): void {
    signal?.throwIfAborted();
    this.#o.closed?.throwIfAborted();
  }

  #signalOf(signal: AbortSignal | undefined): AbortSignal | undefined {
    const closed = this.#o.closed;
    if (!closed) return signal;
    return signal ? AbortSignal.any([signal, closed]) : closed;
  }

  /** Delay before the next attempt, or undefined when the server asks for too long a wait. */
  #backoff(attempt: number, error: unknown): number | undefined {
    const base = this.#o.retry.baseDelayMs ?? 250;
    const cap = this.#o.retry.maxDelayMs ?? 8000;
    const jittered = (this.#o.random ?? Math.random)() * Math.min(cap, base * 2 ** attempt);
    const hinted = error instanceof KalshiRateLimitError
      ? error.retryAfterMs
      : typeof error === "object" && error !== null
      ? hints.get(error)
      : undefined;
    if (hinted === undefined) return jittered;
    if (hinted > (this.#o.retry.maxRetryAfterMs ?? 60_000)) return undefined;
    return hinted + jittered / 8;
  }

  async #attempt<T>(spec: RequestSpec<T>, url: URL, info: KalshiRequestInfo): Promise<T> {
    const outer = this.#signalOf(spec.signal);
    const headers: Record<string, string> = { accept: "application/json", ...this.#o.headers };
    if (spec.body !== undefined) headers["content-type"] = "application/json";
    const signer = spec.auth !== "none" ? this.#o.signer : undefined;
    // Sign before taking tokens so the request leaves right after its tokens are taken; sign
    // again when the wait made the timestamp old.
    if (signer) Object.assign(headers, await signer.headers(spec.method, url.href));
    if (this.#o.limiter) {
      const started = performance.now();
      await this.#o.limiter.acquire(spec.op, spec.method, spec.path, {
        items: spec.items,
        signal: outer,
      });
      if (signer && performance.now() - started > 1000) {
        Object.assign(headers, await signer.headers(spec.method, url.href));
      }
    }
    const timeout = spec.timeout ?? this.#o.timeout;
    const timer = new AbortController();
    const id = setTimeout(() => timer.abort(), timeout);
    const signal = outer ? AbortSignal.any([outer, timer.signal]) : timer.signal;
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
      if (this.#o.closed?.aborted) throw this.#o.closed.reason;
      if (timer.signal.aborted) {
        throw new KalshiTimeoutError(
          `${spec.method} ${info.path} timed out after ${timeout} ms`,
          timeout,
          { cause: e, request: info },
        );
      }
      throw new KalshiConnectionError(
        `${spec.method} ${info.path} failed: ${e instanceof Error ? e.message : String(e)}`,
        { cause: e, request: info },
      );
    } finally {
      clearTimeout(id);
    }
    this.#noteDeprecation(spec.op, res, info);
    const parsed = parseBody(text);
    if (!res.ok) {
      const error = KalshiApiError.from({
        status: res.status,
        body: parsed.ok ? parsed.value : text,
        method: spec.method,
        path: info.path,
        headers: res.headers,
      });
      const hint = retryAfterOf(res.headers);
      if (hint !== undefined) hints.set(error, hint);
      throw error;
    }
    if (!parsed.ok) {
      // A JSON document cut short is a connection that broke mid-answer (the request may have
      // been applied), not a server that answers garbage.
      if (/^\s*[[{]/.test(text)) {
        throw new KalshiConnectionError(
          `${spec.method} ${info.path} failed: the ${res.status} answer was cut short`,
          { request: info },
        );
      }
      throw new KalshiParseError(
        `${spec.method} ${info.path} answered ${res.status} with a body that is not JSON: ${
          JSON.stringify(text.slice(0, 80))
        }`,
      );
    }
    return parsed.value as T;
  }

  #noteDeprecation(op: string, res: Response, info: KalshiRequestInfo): void {
    const dep = res.headers.get("deprecation") ?? res.headers.get("sunset");
    if (!dep) return;
    const why = res.headers.get("warning")?.replace(/^\d+ - /, "").replace(/^"|"$/g, "");
    warnOnce(
      op,
      `${op} (${info.method} ${info.path}) is deprecated${why ? `: ${why}` : ""}`,
      this.#o.onWarning,
    );
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
