/**
 * The one error hierarchy of kalshikit.
 *
 * Every failure the toolkit raises is a {@linkcode KalshiError}. API failures are
 * {@linkcode KalshiApiError} subclasses chosen by HTTP status, carrying Kalshi's error code, message
 * and details together with the request's method, path and request id. Transport failures are
 * {@linkcode KalshiConnectionError} and {@linkcode KalshiTimeoutError}; bad input is
 * {@linkcode KalshiMoneyError}, {@linkcode KalshiKeyError} or {@linkcode KalshiParseError};
 * streaming protocol failures are {@linkcode KalshiProtocolError} subclasses.
 *
 * Nothing an error keeps (message, details, body, headers) contains a private key or a request
 * signature: {@linkcode redact} runs over everything on the way in.
 *
 * ```ts
 * import { KalshiApiError, KalshiRateLimitError } from "@kalshikit/kalshi/errors";
 * import assert from "node:assert/strict";
 *
 * const err = KalshiApiError.from({
 *   status: 429,
 *   body: { error: "too many requests" },
 *   method: "GET",
 *   path: "/trade-api/v2/markets",
 * });
 * assert.ok(err instanceof KalshiRateLimitError);
 * assert.equal(err.code, "too_many_requests");
 * ```
 *
 * @module
 */

/** Options accepted by every {@linkcode KalshiError} constructor. */
export interface KalshiErrorOptions {
  /** The underlying error, if any. */
  cause?: unknown;
}

/** Base class of every error raised by kalshikit. */
export class KalshiError extends Error {
  /** A stable, machine-readable code (for API errors: Kalshi's own code). */
  readonly code: string;

  /**
   * Creates an error.
   *
   * @param message Human-readable description; it is redacted before it is stored.
   * @param code Machine-readable code.
   * @param options Standard error options.
   */
  constructor(message: string, code = "kalshi_error", options: KalshiErrorOptions = {}) {
    super(redact(message), "cause" in options ? { cause: options.cause } : undefined);
    this.name = new.target.name;
    this.code = code;
  }
}

/** A value handed to the toolkit has the wrong form (an option, an argument). */
export class KalshiConfigError extends KalshiError {
  /**
   * Creates the error.
   *
   * @param message What is wrong and what is needed.
   * @param options Standard error options.
   */
  constructor(message: string, options: KalshiErrorOptions = {}) {
    super(message, "invalid_config", options);
  }
}

/**
 * A private or public key could not be used: the message says what was given and what is
 * needed. The key material itself is never part of the error.
 */
export class KalshiKeyError extends KalshiError {
  /** What the input looked like, e.g. `"encrypted PKCS#8 private key"` or `"not PEM"`. */
  readonly given: string;

  /**
   * Creates the error.
   *
   * @param message What was given and what is needed.
   * @param given Short description of the input.
   * @param options Standard error options.
   */
  constructor(message: string, given: string, options: KalshiErrorOptions = {}) {
    super(message, "invalid_key", options);
    this.given = given;
  }
}

/** A price, count or money amount is not valid: names the field and the value. */
export class KalshiMoneyError extends KalshiError {
  /** The field being parsed, e.g. `"yes_price_dollars"`; `"value"` when unnamed. */
  readonly field: string;
  /** The offending input as text (truncated to 64 characters). */
  readonly value: string;

  /**
   * Creates the error.
   *
   * @param field Field name.
   * @param value The offending value.
   * @param reason Why it is invalid.
   * @param options Standard error options.
   */
  constructor(field: string, value: unknown, reason: string, options: KalshiErrorOptions = {}) {
    const shown = describeValue(value);
    super(`Invalid ${field} ${shown}: ${reason}`, "invalid_money", options);
    this.field = field;
    this.value = shown;
  }
}

/** Data received from Kalshi (or a file) could not be parsed or has an unexpected shape. */
export class KalshiParseError extends KalshiError {
  /** Where the problem is, e.g. a field path; empty when it is the whole document. */
  readonly field: string;

  /**
   * Creates the error.
   *
   * @param message What could not be parsed.
   * @param field Field path, if known.
   * @param options Standard error options.
   */
  constructor(message: string, field = "", options: KalshiErrorOptions = {}) {
    super(message, "parse_error", options);
    this.field = field;
  }
}

/** Fields of a request kept by API errors (already redacted). */
export interface KalshiRequestInfo {
  /** HTTP method, upper case. */
  method: string;
  /** URL path including `/trade-api/v2`, without the query string. */
  path: string;
  /** Request id from the response headers, when Kalshi sent one. */
  requestId?: string | undefined;
}

/** Arguments of {@linkcode KalshiApiError.from}. */
export interface KalshiApiErrorInit {
  /** HTTP status code. */
  status: number;
  /** Response body: parsed JSON, raw text, or undefined when there was none. */
  body?: unknown;
  /** Request method. */
  method: string;
  /** Request path; a query string is dropped. */
  path: string;
  /** Response headers, used for the request id and `Retry-After`. */
  headers?: Headers | Record<string, string> | undefined;
  /** Retry delay to report on a 429 when the response carries none. */
  retryAfterMs?: number | undefined;
  /** Underlying error. */
  cause?: unknown;
}

/** Kalshi's error body, normalised from any of the shapes Kalshi sends. */
export interface KalshiErrorBody {
  /** Kalshi's error code, e.g. `"order_already_exists"`. */
  code: string;
  /** Kalshi's message. */
  message: string;
  /** Extra detail, e.g. `"INCORRECT_API_KEY_SIGNATURE"`. */
  details?: string | undefined;
  /** The (deprecated) service field, when present. */
  service?: string | undefined;
}

/** An error response from the Kalshi REST API. Subclasses exist per HTTP status. */
export class KalshiApiError extends KalshiError {
  /** HTTP status code. */
  readonly status: number;
  /** Kalshi's message (the error's `message` adds method, path and status). */
  readonly apiMessage: string;
  /** Kalshi's details, when present. */
  readonly details: string | undefined;
  /** The request that failed (method, path, request id). */
  readonly request: KalshiRequestInfo;
  /** The response body as received, redacted. */
  readonly body: unknown;

  /**
   * Prefer {@linkcode KalshiApiError.from}, which picks the subclass for the status.
   *
   * @param init Status, body and request.
   */
  constructor(init: KalshiApiErrorInit) {
    const parsed = parseErrorBody(init.status, init.body);
    const path = init.path.split("?")[0] ?? init.path;
    const detail = parsed.details ? ` (${parsed.details})` : "";
    super(
      `${init.method} ${path} failed with ${init.status} ${parsed.code}: ${parsed.message}${detail}`,
      parsed.code,
      "cause" in init ? { cause: init.cause } : {},
    );
    this.status = init.status;
    this.apiMessage = redact(parsed.message);
    this.details = parsed.details === undefined ? undefined : redact(parsed.details);
    this.request = { method: init.method, path, requestId: requestIdOf(init.headers) };
    this.body = redactValue(init.body);
  }

  /**
   * Builds the error subclass matching an HTTP status.
   *
   * @param init Status, body and request.
   * @returns A {@linkcode KalshiApiError} subclass instance.
   */
  static from(init: KalshiApiErrorInit): KalshiApiError {
    const s = init.status;
    if (s === 400 || s === 422) return new KalshiBadRequestError(init);
    if (s === 401) return new KalshiAuthenticationError(init);
    if (s === 403) return new KalshiPermissionError(init);
    if (s === 404) return new KalshiNotFoundError(init);
    if (s === 409) return new KalshiConflictError(init);
    if (s === 429) return new KalshiRateLimitError(init);
    if (s >= 500) return new KalshiServerError(init);
    return new KalshiApiError(init);
  }
}

/** 400: the request was malformed or rejected (bad price, bad size, post-only cross, …). */
export class KalshiBadRequestError extends KalshiApiError {}
/** 401: missing or bad signature, unknown key, or stale timestamp. */
export class KalshiAuthenticationError extends KalshiApiError {}
/** 403: the key's tier, scope or account may not do this. */
export class KalshiPermissionError extends KalshiApiError {}
/** 404: the resource does not exist (or is no longer live). */
export class KalshiNotFoundError extends KalshiApiError {}
/** 409: conflict, e.g. `order_already_exists` for a reused `client_order_id`. */
export class KalshiConflictError extends KalshiApiError {}
/** 5xx: Kalshi failed; the outcome of a write is unknown. */
export class KalshiServerError extends KalshiApiError {}

/** 429: the rate limit was exceeded. */
export class KalshiRateLimitError extends KalshiApiError {
  /** How long to wait before retrying, in milliseconds, when known. */
  readonly retryAfterMs: number | undefined;

  /**
   * Creates the error.
   *
   * @param init Status, body, request and optional retry delay.
   */
  constructor(init: KalshiApiErrorInit) {
    super(init);
    this.retryAfterMs = retryAfterOf(init.headers) ?? init.retryAfterMs;
  }
}

/** The connection failed or broke before a complete response arrived. */
export class KalshiConnectionError extends KalshiError {
  /** The request, when the failure happened during one. */
  readonly request: KalshiRequestInfo | undefined;

  /**
   * Creates the error.
   *
   * @param message What failed.
   * @param options Cause and the request, if any.
   */
  constructor(message: string, options: KalshiErrorOptions & { request?: KalshiRequestInfo } = {}) {
    super(message, "connection_error", options);
    this.request = options.request;
  }
}

/** An operation did not finish within its timeout. */
export class KalshiTimeoutError extends KalshiError {
  /** The timeout that elapsed, in milliseconds. */
  readonly timeoutMs: number;
  /** The request, when the timeout happened during one. */
  readonly request: KalshiRequestInfo | undefined;

  /**
   * Creates the error.
   *
   * @param message What timed out.
   * @param timeoutMs The timeout.
   * @param options Cause and the request, if any.
   */
  constructor(
    message: string,
    timeoutMs: number,
    options: KalshiErrorOptions & { request?: KalshiRequestInfo } = {},
  ) {
    super(message, "timeout", options);
    this.timeoutMs = timeoutMs;
    this.request = options.request;
  }
}

/**
 * An order write (or other non-idempotent call) may or may not have taken effect: the request was
 * sent but no answer arrived, and it could not be reconciled. The caller must check before retrying.
 */
export class KalshiUnknownOutcomeError extends KalshiError {
  /** The request whose outcome is unknown. */
  readonly request: KalshiRequestInfo;

  /**
   * Creates the error.
   *
   * @param message What happened.
   * @param request The request.
   * @param options The last failure as cause.
   */
  constructor(message: string, request: KalshiRequestInfo, options: KalshiErrorOptions = {}) {
    super(message, "unknown_outcome", options);
    this.request = request;
  }
}

/** A streaming peer (WebSocket, FIX) broke the protocol or sent something unusable. */
export class KalshiProtocolError extends KalshiError {
  /**
   * Creates the error.
   *
   * @param message What was wrong.
   * @param code Machine-readable code.
   * @param options Standard error options.
   */
  constructor(message: string, code = "protocol_error", options: KalshiErrorOptions = {}) {
    super(message, code, options);
  }
}

/** An `error` frame from the Kalshi WebSocket API, carrying its numeric code. */
export class KalshiWsError extends KalshiProtocolError {
  /** Kalshi's numeric WebSocket error code (e.g. 25 = subscription buffer overflow). */
  readonly wsCode: number;
  /** The command id the error answers, when it answers one. */
  readonly id: number | undefined;
  /** The subscription the error concerns, when it concerns one. */
  readonly sid: number | undefined;

  /**
   * Creates the error.
   *
   * @param wsCode Kalshi's numeric code.
   * @param message Kalshi's message.
   * @param ids Command id and subscription id, when present.
   */
  constructor(wsCode: number, message: string, ids: { id?: number; sid?: number } = {}) {
    super(`WebSocket error ${wsCode}: ${message}`, `ws_${wsCode}`);
    this.wsCode = wsCode;
    this.id = ids.id;
    this.sid = ids.sid;
  }
}

/** Messages on a sequenced stream skipped one or more sequence numbers. */
export class KalshiSequenceGapError extends KalshiProtocolError {
  /** The stream (WebSocket subscription id, or FIX session name). */
  readonly stream: string;
  /** The sequence number expected next. */
  readonly expected: number;
  /** The sequence number received. */
  readonly received: number;

  /**
   * Creates the error.
   *
   * @param stream Stream name.
   * @param expected Expected sequence number.
   * @param received Received sequence number.
   */
  constructor(stream: string, expected: number, received: number) {
    super(
      `Sequence gap on ${stream}: expected ${expected}, received ${received}`,
      "sequence_gap",
    );
    this.stream = stream;
    this.expected = expected;
    this.received = received;
  }
}

// ---------------------------------------------------------------------------------------------
// Error bodies

function str(v: unknown): string | undefined {
  return typeof v === "string" ? v : typeof v === "number" ? String(v) : undefined;
}

function toSnake(text: string): string {
  return text.trim().toLowerCase().replace(/[^a-z0-9]+/g, "_").replace(/^_|_$/g, "") || "error";
}

/**
 * Normalises any of the error-body shapes Kalshi uses into `{code, message, details}`:
 * nested `{"error": {code, message, details, service}}`, flat `{code, message, details}`,
 * bare `{"msg": "…"}` (parameter validation), string-valued `{"error": "too many requests"}`
 * (429), and plain text or no body at all.
 *
 * @param status HTTP status, used when the body says nothing.
 * @param body Parsed JSON body, raw text, or undefined.
 * @returns The normalised body.
 */
export function parseErrorBody(status: number, body: unknown): KalshiErrorBody {
  if (body && typeof body === "object" && !Array.isArray(body)) {
    const b = body as Record<string, unknown>;
    const inner = b.error;
    if (inner && typeof inner === "object" && !Array.isArray(inner)) {
      const e = inner as Record<string, unknown>;
      const message = str(e.message) ?? str(e.msg) ?? str(e.code) ?? `HTTP ${status}`;
      return {
        code: str(e.code) ?? toSnake(message),
        message,
        details: str(e.details),
        service: str(e.service),
      };
    }
    if (typeof inner === "string") {
      return { code: str(b.code) ?? toSnake(inner), message: inner, details: str(b.details) };
    }
    if (str(b.code) !== undefined || str(b.message) !== undefined) {
      const message = str(b.message) ?? str(b.code) ?? `HTTP ${status}`;
      return { code: str(b.code) ?? toSnake(message), message, details: str(b.details) };
    }
    if (str(b.msg) !== undefined) {
      const msg = str(b.msg)!;
      return { code: defaultCode(status), message: msg };
    }
  }
  if (typeof body === "string" && body.trim() !== "") {
    const text = body.trim().slice(0, 500);
    return { code: defaultCode(status), message: text };
  }
  return { code: defaultCode(status), message: `HTTP ${status}` };
}

function defaultCode(status: number): string {
  const codes: Record<number, string> = {
    400: "bad_request",
    401: "authentication_error",
    403: "forbidden",
    404: "not_found",
    409: "conflict",
    429: "too_many_requests",
  };
  return codes[status] ?? (status >= 500 ? "internal_server_error" : `http_${status}`);
}

function headerOf(headers: KalshiApiErrorInit["headers"], name: string): string | undefined {
  if (!headers) return undefined;
  if (headers instanceof Headers) return headers.get(name) ?? undefined;
  const lower = name.toLowerCase();
  for (const [k, v] of Object.entries(headers)) if (k.toLowerCase() === lower) return v;
  return undefined;
}

function requestIdOf(headers: KalshiApiErrorInit["headers"]): string | undefined {
  return headerOf(headers, "x-request-id") ?? headerOf(headers, "request-id") ??
    headerOf(headers, "x-amzn-requestid");
}

/**
 * Reads `Retry-After` (seconds or an HTTP date) or `retry-after-ms` into milliseconds.
 *
 * @param headers Response headers.
 * @param now Current time in ms, for HTTP dates.
 * @returns The delay in milliseconds, or undefined when absent or unparsable.
 */
export function retryAfterOf(
  headers: KalshiApiErrorInit["headers"],
  now: number = Date.now(),
): number | undefined {
  const ms = headerOf(headers, "retry-after-ms");
  if (ms !== undefined && /^\d+(\.\d+)?$/.test(ms.trim())) return Math.ceil(Number(ms));
  const ra = headerOf(headers, "retry-after")?.trim();
  if (ra === undefined || ra === "") return undefined;
  if (/^\d+(\.\d+)?$/.test(ra)) return Math.ceil(Number(ra) * 1000);
  // Only an HTTP-date (RFC 9110: "Sun, 06 Nov 1994 08:49:37 GMT"); V8's Date.parse takes "-1" too.
  if (!/^[A-Za-z]{3}, \d{2} [A-Za-z]{3} \d{4} \d{2}:\d{2}:\d{2} GMT$/.test(ra)) return undefined;
  const at = Date.parse(ra);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

// ---------------------------------------------------------------------------------------------
// Redaction

const PEM_BLOCK = /-----BEGIN [A-Z0-9 ]+-----[\s\S]*?(-----END [A-Z0-9 ]+-----|$)/g;
const SIG_HEADER = /(KALSHI-ACCESS-SIGNATURE["']?\s*[:=]\s*["']?)[A-Za-z0-9+/=_-]+/gi;
// A run of base64 long enough to be a key or an RSA signature (an RSA-2048 signature is 344 chars).
const LONG_B64 = /[A-Za-z0-9+/]{128,}={0,2}/g;
const ESCAPED_PEM =
  /-----BEGIN [A-Z0-9 ]+-----(\\n|\\r|[A-Za-z0-9+/=\s])*(-----END [A-Z0-9 ]+-----)?/g;

/** Text put in place of a secret by {@linkcode redact}. */
export const REDACTED = "[REDACTED]";

/**
 * Removes secrets from text: PEM blocks (also with escaped `\n`), `KALSHI-ACCESS-SIGNATURE`
 * values and long base64 runs that could be keys or signatures.
 *
 * @param text Any text.
 * @returns The text with secrets replaced by `[REDACTED]`.
 */
export function redact(text: string): string {
  return text
    .replace(ESCAPED_PEM, REDACTED)
    .replace(PEM_BLOCK, REDACTED)
    .replace(SIG_HEADER, `$1${REDACTED}`)
    .replace(LONG_B64, REDACTED);
}

const SECRET_KEYS = /^(kalshi-access-signature|private_key|privatekey|signature|authorization)$/i;

/**
 * Deep-copies a JSON-like value with every string redacted and the values of secret-named keys
 * (`private_key`, `KALSHI-ACCESS-SIGNATURE`, …) replaced.
 *
 * @param value Any value.
 * @returns A redacted copy.
 */
export function redactValue(value: unknown): unknown {
  return redactDeep(value, 0);
}

function redactDeep(value: unknown, depth: number): unknown {
  if (typeof value === "string") return redact(value);
  if (depth > 8 || value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map((v) => redactDeep(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    out[k] = SECRET_KEYS.test(k) ? REDACTED : redactDeep(v, depth + 1);
  }
  return out;
}

function describeValue(value: unknown): string {
  let text: string;
  if (typeof value === "string") text = JSON.stringify(value);
  else if (typeof value === "bigint") text = `${value}n`;
  else if (typeof value === "number" || typeof value === "boolean") text = String(value);
  else if (value === undefined) text = "undefined";
  else {
    try {
      text = JSON.stringify(value) ?? String(value);
    } catch {
      text = Object.prototype.toString.call(value);
    }
  }
  return text.length > 64 ? `${text.slice(0, 61)}...` : text;
}
