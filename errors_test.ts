import assert from "node:assert/strict";
import fc from "fast-check";
import { soakScale } from "./_testing/soak.ts";
import {
  KalshiApiError,
  type KalshiApiErrorInit,
  KalshiAuthenticationError,
  KalshiBadRequestError,
  KalshiConfigError,
  KalshiConflictError,
  KalshiConnectionError,
  KalshiError,
  KalshiKeyError,
  KalshiMoneyError,
  KalshiNotFoundError,
  KalshiParseError,
  KalshiPermissionError,
  KalshiProtocolError,
  KalshiRateLimitError,
  KalshiSequenceGapError,
  KalshiServerError,
  KalshiTimeoutError,
  KalshiUnknownOutcomeError,
  KalshiWsError,
  parseErrorBody,
  redact,
  REDACTED,
  redactValue,
  retryAfterOf,
} from "./errors.ts";

const base = { method: "GET", path: "/trade-api/v2/portfolio/orders" } as const;

// A fake RSA-2048 signature and key body: base64 runs of realistic length (no real secret).
const SIGNATURE = btoa(
  String.fromCharCode(...Array.from({ length: 256 }, (_, i) => (i * 37) & 255)),
);
const KEY_BODY = btoa(
  String.fromCharCode(...Array.from({ length: 1190 }, (_, i) => (i * 91) & 255)),
);
const PEM = `-----BEGIN RSA PRIVATE KEY-----\n${
  KEY_BODY.match(/.{1,64}/g)!.join("\n")
}\n-----END RSA PRIVATE KEY-----\n`;
const SECRET_BITS = [SIGNATURE.slice(0, 40), SIGNATURE.slice(-40), KEY_BODY.slice(100, 140)];

function assertNoSecret(text: string, where: string): void {
  for (const bit of SECRET_BITS) {
    assert.ok(!text.includes(bit), `secret leaked in ${where}: ${text}`);
  }
  assert.ok(!text.includes("BEGIN RSA PRIVATE KEY"), `PEM leaked in ${where}`);
}

Deno.test("KalshiApiError.from() picks the subclass for each status", () => {
  const table: [number, new (init: KalshiApiErrorInit) => KalshiApiError][] = [
    [400, KalshiBadRequestError],
    [422, KalshiBadRequestError],
    [401, KalshiAuthenticationError],
    [403, KalshiPermissionError],
    [404, KalshiNotFoundError],
    [409, KalshiConflictError],
    [429, KalshiRateLimitError],
    [500, KalshiServerError],
    [502, KalshiServerError],
    [503, KalshiServerError],
    [504, KalshiServerError],
  ];
  for (const [status, cls] of table) {
    const err = KalshiApiError.from({ ...base, status });
    assert.equal(err.constructor, cls, String(status));
    assert.ok(err instanceof KalshiApiError);
    assert.ok(err instanceof KalshiError);
    assert.ok(err instanceof Error);
    assert.equal(err.name, cls.name);
    assert.equal(err.status, status);
  }
  for (const status of [302, 405, 408, 418, 499]) {
    const err = KalshiApiError.from({ ...base, status });
    assert.equal(err.constructor, KalshiApiError, String(status));
    assert.equal(err.name, "KalshiApiError");
    assert.equal(err.code, `http_${status}`);
  }
});

Deno.test("KalshiApiError.from() gives default codes when there is no body", () => {
  const codes: [number, string][] = [
    [400, "bad_request"],
    [401, "authentication_error"],
    [403, "forbidden"],
    [404, "not_found"],
    [409, "conflict"],
    [429, "too_many_requests"],
    [500, "internal_server_error"],
    [503, "internal_server_error"],
  ];
  for (const [status, code] of codes) {
    for (const body of [undefined, "", "   ", null]) {
      const err = KalshiApiError.from({ ...base, status, body });
      assert.equal(err.code, code, `${status} ${JSON.stringify(body)}`);
      assert.equal(err.apiMessage, `HTTP ${status}`);
      assert.equal(err.details, undefined);
      assert.equal(
        err.message,
        `GET /trade-api/v2/portfolio/orders failed with ${status} ${code}: HTTP ${status}`,
      );
    }
  }
});

Deno.test("KalshiApiError parses the nested error body (with details and service)", () => {
  const body = {
    error: {
      code: "authentication_error",
      message: "authentication_error",
      details: "INCORRECT_API_KEY_SIGNATURE",
      service: "api",
    },
  };
  const err = KalshiApiError.from({ ...base, status: 401, body });
  assert.ok(err instanceof KalshiAuthenticationError);
  assert.equal(err.code, "authentication_error");
  assert.equal(err.apiMessage, "authentication_error");
  assert.equal(err.details, "INCORRECT_API_KEY_SIGNATURE");
  assert.deepEqual(err.body, body);
  assert.equal(
    err.message,
    "GET /trade-api/v2/portfolio/orders failed with 401 authentication_error: authentication_error (INCORRECT_API_KEY_SIGNATURE)",
  );
  assert.deepEqual(parseErrorBody(401, body), {
    code: "authentication_error",
    message: "authentication_error",
    details: "INCORRECT_API_KEY_SIGNATURE",
    service: "api",
  });
  const conflict = KalshiApiError.from({
    method: "POST",
    path: "/trade-api/v2/portfolio/events/orders",
    status: 409,
    body: { error: { code: "order_already_exists", message: "order already exists" } },
  });
  assert.ok(conflict instanceof KalshiConflictError);
  assert.equal(conflict.code, "order_already_exists");
  assert.equal(conflict.details, undefined);
  assert.equal(
    conflict.message,
    "POST /trade-api/v2/portfolio/events/orders failed with 409 order_already_exists: order already exists",
  );
  // A nested error with only a message gets a code derived from it.
  assert.deepEqual(parseErrorBody(400, { error: { message: "Invalid Order" } }), {
    code: "invalid_order",
    message: "Invalid Order",
    details: undefined,
    service: undefined,
  });
});

Deno.test("KalshiApiError parses the flat error body (OpenAPI ErrorResponse)", () => {
  const body = {
    code: "bad_request",
    message: "bad request",
    details: "json: cannot unmarshal number into Go struct field .count of type string",
  };
  const err = KalshiApiError.from({ ...base, method: "POST", status: 400, body });
  assert.ok(err instanceof KalshiBadRequestError);
  assert.equal(err.code, "bad_request");
  assert.equal(err.apiMessage, "bad request");
  assert.equal(err.details, body.details);
  assert.match(
    err.message,
    /^POST \/trade-api\/v2\/portfolio\/orders failed with 400 bad_request: bad request \(json: cannot unmarshal/,
  );
  const ct = parseErrorBody(400, { code: "invalid_content_type", message: "invalid content type" });
  assert.equal(ct.code, "invalid_content_type");
});

Deno.test("KalshiApiError parses the bare {msg} body of parameter validation", () => {
  const body = {
    msg:
      "Parameter validation failed for GetMarkets: Key: 'Limit' Error:Field validation for 'Limit' failed on the 'lte' tag",
  };
  const err = KalshiApiError.from({ ...base, path: "/trade-api/v2/markets", status: 400, body });
  assert.ok(err instanceof KalshiBadRequestError);
  assert.equal(err.code, "bad_request");
  assert.equal(err.apiMessage, body.msg);
  assert.equal(err.details, undefined);
  assert.equal(err.message, `GET /trade-api/v2/markets failed with 400 bad_request: ${body.msg}`);
});

Deno.test("KalshiApiError parses the 429 string-valued error body", () => {
  // Verbatim from Kalshi's "Rate Limits and Tiers" page.
  const body = JSON.parse('{"error": "too many requests"}');
  const err = KalshiApiError.from({ ...base, status: 429, body });
  assert.ok(err instanceof KalshiRateLimitError);
  assert.equal(err.code, "too_many_requests");
  assert.equal(err.apiMessage, "too many requests");
  assert.equal(err.retryAfterMs, undefined, "Kalshi sends no Retry-After");
  assert.equal(
    err.message,
    "GET /trade-api/v2/portfolio/orders failed with 429 too_many_requests: too many requests",
  );
});

Deno.test("KalshiApiError keeps plain-text bodies (trimmed, capped) as the message", () => {
  const err = KalshiApiError.from({ ...base, status: 502, body: "  <html>Bad Gateway</html>\n" });
  assert.ok(err instanceof KalshiServerError);
  assert.equal(err.code, "internal_server_error");
  assert.equal(err.apiMessage, "<html>Bad Gateway</html>");
  const long = KalshiApiError.from({ ...base, status: 500, body: "x ".repeat(1000) });
  assert.equal(long.apiMessage.length, 500);
  // Odd JSON (arrays, numbers) falls back to the status.
  for (const body of [[1, 2], 42, true, { unrelated: 1 }]) {
    assert.equal(KalshiApiError.from({ ...base, status: 404, body }).apiMessage, "HTTP 404");
  }
});

Deno.test("KalshiApiError keeps the method and path without the query", () => {
  const err = KalshiApiError.from({
    method: "DELETE",
    path: "/trade-api/v2/portfolio/events/orders/abc?subaccount=2&exchange_index=0",
    status: 404,
  });
  assert.deepEqual(err.request, {
    method: "DELETE",
    path: "/trade-api/v2/portfolio/events/orders/abc",
    requestId: undefined,
  });
  assert.match(
    err.message,
    /^DELETE \/trade-api\/v2\/portfolio\/events\/orders\/abc failed with 404/,
  );
});

Deno.test("KalshiApiError captures the request id from the response headers", () => {
  const cases: [KalshiApiErrorInit["headers"], string | undefined][] = [
    [new Headers({ "x-request-id": "req-1" }), "req-1"],
    [{ "X-Request-Id": "req-2" }, "req-2"],
    [{ "Request-Id": "req-3" }, "req-3"],
    [new Headers({ "x-amzn-RequestId": "req-4" }), "req-4"],
    [{ "x-request-id": "req-5", "x-amzn-requestid": "req-6" }, "req-5"],
    [{ "content-type": "application/json" }, undefined],
    [undefined, undefined],
  ];
  for (const [headers, id] of cases) {
    const err = KalshiApiError.from({ ...base, status: 500, headers });
    assert.equal(err.request.requestId, id);
  }
});

Deno.test("KalshiRateLimitError reads Retry-After in seconds and retry-after-ms", () => {
  const rl = (headers: KalshiApiErrorInit["headers"], retryAfterMs?: number) => {
    const err = KalshiApiError.from({ ...base, status: 429, headers, retryAfterMs });
    assert.ok(err instanceof KalshiRateLimitError);
    return err.retryAfterMs;
  };
  assert.equal(rl({ "Retry-After": "2" }), 2000);
  assert.equal(rl(new Headers({ "retry-after": "1.5" })), 1500);
  assert.equal(rl({ "retry-after": " 0 " }), 0);
  assert.equal(rl({ "Retry-After-Ms": "250" }), 250);
  assert.equal(rl(new Headers({ "retry-after-ms": "12.2" })), 13);
  // The ms header wins over the seconds one.
  assert.equal(rl({ "retry-after": "5", "retry-after-ms": "100" }), 100);
  // Unusable ms header: the seconds header is used.
  assert.equal(rl({ "retry-after": "3", "retry-after-ms": "soon" }), 3000);
  // Nothing usable: the caller's fallback, else undefined.
  assert.equal(rl({}, 750), 750);
  assert.equal(rl({ "retry-after": "later" }, 750), 750);
  assert.equal(rl(undefined), undefined);
  // The header beats the fallback.
  assert.equal(rl({ "retry-after": "1" }, 750), 1000);
});

Deno.test("retryAfterOf() reads an HTTP date relative to now, never negative", () => {
  const now = Date.parse("2026-06-11T06:00:00Z");
  const headers = { "Retry-After": "Thu, 11 Jun 2026 06:00:05 GMT" };
  assert.equal(retryAfterOf(headers, now), 5000);
  assert.equal(retryAfterOf({ "Retry-After": "Thu, 11 Jun 2026 05:59:00 GMT" }, now), 0);
  assert.equal(retryAfterOf({ "Retry-After": "" }, now), undefined);
});

Deno.test("API errors redact signatures and PEM blocks from message, details and body", () => {
  const body = {
    error: {
      code: "authentication_error",
      message: `bad signature KALSHI-ACCESS-SIGNATURE: ${SIGNATURE}`,
      details: `key was ${PEM}`,
    },
    echo: {
      headers: { "KALSHI-ACCESS-SIGNATURE": SIGNATURE, "KALSHI-ACCESS-KEY": "key-1" },
      private_key: PEM,
      privateKey: "short",
      list: [`sig=${SIGNATURE}`, { signature: "abc" }],
      escaped: PEM.replaceAll("\n", "\\n"),
    },
  };
  const err = KalshiApiError.from({
    ...base,
    status: 401,
    body,
    headers: { "KALSHI-ACCESS-SIGNATURE": SIGNATURE, "x-request-id": "r-9" },
  });
  for (
    const [where, text] of [
      ["message", err.message],
      ["apiMessage", err.apiMessage],
      ["details", err.details ?? ""],
      ["body", JSON.stringify(err.body)],
      ["inspect", Deno.inspect(err, { depth: 20 })],
      ["stack", err.stack ?? ""],
    ]
  ) {
    assertNoSecret(text!, where!);
  }
  assert.match(err.message, /KALSHI-ACCESS-SIGNATURE: \[REDACTED\]/);
  assert.equal(err.details, `key was ${REDACTED}\n`);
  const kept = err.body as typeof body;
  assert.equal(kept.echo.headers["KALSHI-ACCESS-SIGNATURE"], REDACTED);
  assert.equal(kept.echo.headers["KALSHI-ACCESS-KEY"], "key-1");
  assert.equal(kept.echo.private_key, REDACTED);
  assert.equal(kept.echo.privateKey, REDACTED);
  assert.deepEqual(kept.echo.list, [`sig=${REDACTED}`, { signature: REDACTED }]);
  assert.equal(kept.echo.escaped, `${REDACTED}\\n`); // the escaped newline after END stays
  assert.equal(err.request.requestId, "r-9");
  // The caller's body object is not modified.
  assert.equal(body.echo.private_key, PEM);
});

Deno.test("API errors redact a plain-text body with a PEM or signature", () => {
  const err = KalshiApiError.from({
    ...base,
    status: 400,
    body: `echo: KALSHI-ACCESS-SIGNATURE=${SIGNATURE}; ${PEM}`,
  });
  assertNoSecret(err.message, "message");
  assertNoSecret(String(err.body), "body");
  assert.equal(err.body, `echo: KALSHI-ACCESS-SIGNATURE=${REDACTED}; ${REDACTED}\n`);
});

Deno.test("redact() replaces PEM blocks, escaped PEM, signature headers and long base64", () => {
  assert.equal(redact(`a ${PEM} b`), `a ${REDACTED}\n b`);
  assert.equal(redact(`a ${PEM.trim().replaceAll("\n", "\\n")} b`), `a ${REDACTED} b`);
  assert.equal(redact(`a ${PEM.replaceAll("\n", "\r\n")}`), `a ${REDACTED}\r\n`);
  // A PEM block cut short (no END line) is redacted to the end.
  assert.equal(redact(`x ${PEM.slice(0, 300)}`), `x ${REDACTED}`);
  assert.equal(
    redact(`"KALSHI-ACCESS-SIGNATURE": "${SIGNATURE}"`),
    `"KALSHI-ACCESS-SIGNATURE": "${REDACTED}"`,
  );
  assert.equal(redact(`kalshi-access-signature=abc`), `kalshi-access-signature=${REDACTED}`);
  assert.equal(redact(`sig ${SIGNATURE} end`), `sig ${REDACTED} end`);
  // Ordinary text is untouched.
  const plain = 'Cannot parse price "1.5": must be between 0 and 1 (KXHIGHNY-24JAN01-T60)';
  assert.equal(redact(plain), plain);
  assert.equal(redact(""), "");
});

Deno.test("redact() leaves no long base64 run and is idempotent (fuzz)", () => {
  const b64 = fc.stringMatching(/^[A-Za-z0-9+/]{0,400}$/);
  fc.assert(
    fc.property(fc.string({ maxLength: 40 }), b64, fc.string({ maxLength: 40 }), (a, secret, c) => {
      const out = redact(`${a}${secret}${c}`);
      assert.equal(/[A-Za-z0-9+/]{128,}/.test(out), false);
      assert.equal(redact(out), out);
    }),
    { numRuns: soakScale(20_000, 300) },
  );
});

Deno.test("redactValue() copies deeply, redacting strings and secret-named keys", () => {
  const input = {
    n: 1,
    b: true,
    nil: null,
    authorization: "Bearer abc",
    Signature: "x",
    deep: { a: [{ b: [`-----BEGIN PRIVATE KEY-----\n${KEY_BODY}\n-----END PRIVATE KEY-----`] }] },
  };
  assert.deepEqual(redactValue(input), {
    n: 1,
    b: true,
    nil: null,
    authorization: REDACTED,
    Signature: REDACTED,
    deep: { a: [{ b: [REDACTED] }] },
  });
  assert.equal(redactValue(undefined), undefined);
  assert.equal(redactValue(SIGNATURE), REDACTED);
});

Deno.test("parseErrorBody() never throws and always returns a code and message (fuzz)", () => {
  fc.assert(
    fc.property(fc.integer({ min: 100, max: 599 }), fc.jsonValue(), (status, body) => {
      const parsed = parseErrorBody(status, body);
      assert.equal(typeof parsed.code, "string");
      assert.ok(parsed.code.length > 0);
      assert.equal(typeof parsed.message, "string");
      const err = KalshiApiError.from({ ...base, status, body });
      assert.ok(err instanceof KalshiApiError);
    }),
    { numRuns: soakScale(20_000, 300) },
  );
});

Deno.test("every KalshiError redacts its message and keeps code, name and cause", () => {
  const cause = new Error("root");
  const errors: [KalshiError, string, string][] = [
    [new KalshiError(`x ${PEM}`), "kalshi_error", "KalshiError"],
    [new KalshiConfigError(`bad ${SIGNATURE}`, { cause }), "invalid_config", "KalshiConfigError"],
    [new KalshiKeyError(`no ${PEM}`, "not PEM"), "invalid_key", "KalshiKeyError"],
    [new KalshiParseError(`p ${SIGNATURE}`, "a.b"), "parse_error", "KalshiParseError"],
    [new KalshiConnectionError(`c ${SIGNATURE}`), "connection_error", "KalshiConnectionError"],
    [new KalshiTimeoutError("t", 5000), "timeout", "KalshiTimeoutError"],
    [
      new KalshiUnknownOutcomeError("u", { ...base }),
      "unknown_outcome",
      "KalshiUnknownOutcomeError",
    ],
    [new KalshiProtocolError("p"), "protocol_error", "KalshiProtocolError"],
  ];
  for (const [err, code, name] of errors) {
    assert.equal(err.code, code);
    assert.equal(err.name, name);
    assert.ok(err instanceof KalshiError);
    assertNoSecret(err.message, name);
    assertNoSecret(Deno.inspect(err), name);
  }
  assert.equal(errors[1]![0].cause, cause);
  assert.equal("cause" in errors[0]![0], false);
  assert.equal((errors[2]![0] as KalshiKeyError).given, "not PEM");
  assert.equal((errors[3]![0] as KalshiParseError).field, "a.b");
  assert.equal((errors[5]![0] as KalshiTimeoutError).timeoutMs, 5000);
  const cause2 = new Error("net");
  const apiErr = KalshiApiError.from({ ...base, status: 500, cause: cause2 });
  assert.equal(apiErr.cause, cause2);
});

Deno.test("KalshiMoneyError names the field and shows the value, truncated", () => {
  const err = new KalshiMoneyError("yes_price_dollars", "1.5", "must be between 0 and 1");
  assert.equal(err.message, 'Invalid yes_price_dollars "1.5": must be between 0 and 1');
  assert.equal(err.field, "yes_price_dollars");
  assert.equal(err.value, '"1.5"');
  assert.equal(err.code, "invalid_money");
  const long = new KalshiMoneyError("count_fp", "9".repeat(100), "too large");
  assert.equal(long.value.length, 64);
  assert.ok(long.value.endsWith("..."));
  assert.equal(new KalshiMoneyError("v", 10n, "r").value, "10n");
  assert.equal(new KalshiMoneyError("v", 0.1, "r").value, "0.1");
  assert.equal(new KalshiMoneyError("v", undefined, "r").value, "undefined");
  assert.equal(new KalshiMoneyError("v", { a: 1 }, "r").value, '{"a":1}');
  const cyclic: Record<string, unknown> = {};
  cyclic.self = cyclic;
  assert.equal(new KalshiMoneyError("v", cyclic, "r").value, "[object Object]");
});

Deno.test("streaming errors carry their codes and ids", () => {
  const ws = new KalshiWsError(25, "subscription buffer overflow", { id: 3, sid: 7 });
  assert.ok(ws instanceof KalshiProtocolError);
  assert.equal(ws.code, "ws_25");
  assert.equal(ws.wsCode, 25);
  assert.equal(ws.id, 3);
  assert.equal(ws.sid, 7);
  assert.equal(ws.message, "WebSocket error 25: subscription buffer overflow");
  const gap = new KalshiSequenceGapError("sid 7", 10, 12);
  assert.ok(gap instanceof KalshiProtocolError);
  assert.equal(gap.code, "sequence_gap");
  assert.equal(gap.message, "Sequence gap on sid 7: expected 10, received 12");
  assert.deepEqual([gap.stream, gap.expected, gap.received], ["sid 7", 10, 12]);
});
