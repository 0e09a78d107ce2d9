import assert from "node:assert/strict";
import FakeTimers from "@sinonjs/fake-timers";
import {
  KalshiAuthenticationError,
  KalshiConflictError,
  KalshiConnectionError,
  KalshiError,
  KalshiParseError,
  KalshiRateLimitError,
  KalshiServerError,
  KalshiTimeoutError,
  KalshiUnknownOutcomeError,
} from "../errors.ts";
import { type RequestSpec, Transport, type TransportOptions } from "./_http.ts";
import { _resetWarnings } from "./_ops.ts";

type Responder = (req: Request) => Response | Promise<Response>;

/** A fetch that answers from a script and records every request. */
function scripted(...steps: Responder[]): typeof fetch & { requests: Request[] } {
  const requests: Request[] = [];
  const f = (input: string | URL | Request, init?: RequestInit) => {
    const req = new Request(input, init);
    requests.push(req);
    const step = steps[Math.min(requests.length - 1, steps.length - 1)]!;
    return Promise.resolve(step(req));
  };
  return Object.assign(f as typeof fetch, { requests });
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}) => () =>
  new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json", ...headers },
  });

/** A fetch whose request never answers until its signal aborts. */
const hang: Responder = (req) =>
  new Promise((_, reject) => {
    if (req.signal.aborted) return reject(req.signal.reason);
    req.signal.addEventListener("abort", () => reject(req.signal.reason), { once: true });
  });

function transport(fetchFn: typeof fetch, extra: Partial<TransportOptions> = {}): Transport {
  return new Transport({
    baseUrl: "https://kalshi.test/trade-api/v2",
    fetch: fetchFn,
    timeout: 1000,
    retry: { maxRetries: 3, baseDelayMs: 1, maxDelayMs: 2 },
    random: () => 0.5,
    ...extra,
  });
}

function spec<T>(extra: Partial<RequestSpec<T>> = {}): RequestSpec<T> {
  return {
    op: "GetMarkets",
    method: "GET",
    path: "/markets",
    auth: "none",
    retry: true,
    ...extra,
  };
}

const ORDER: Partial<RequestSpec<unknown>> = {
  op: "CreateOrderV2",
  method: "POST",
  path: "/portfolio/events/orders",
  body: { ticker: "T", client_order_id: "c1" },
};

Deno.test("Transport.url() encodes path parameters and joins or repeats query arrays", () => {
  const t = transport(scripted(json(200, {})));
  const url = t.url({
    path: "/markets/{ticker}/orderbook",
    params: { ticker: "A B/C" },
    query: { tickers: ["X", "Y"], ids: ["1", "2"], empty: [], none: undefined, flag: false },
    repeated: ["ids"],
  });
  assert.equal(url.pathname, "/trade-api/v2/markets/A%20B%2FC/orderbook");
  assert.equal(url.search, "?tickers=X%2CY&ids=1&ids=2&flag=false");
  assert.throws(() => t.url({ path: "/markets/{ticker}" }), /path parameter "ticker" is missing/);
});

Deno.test("Transport.request() retries a GET after 5xx and connection failures", async () => {
  const f = scripted(
    json(503, { error: { code: "service_unavailable", message: "down" } }),
    () => Promise.reject(new TypeError("connection reset")),
    json(200, { ok: true }),
  );
  assert.deepEqual(await transport(f).request(spec()), { ok: true });
  assert.equal(f.requests.length, 3);
});

Deno.test("Transport.request() gives up after maxRetries and throws the last error", async () => {
  const f = scripted(json(500, { error: { code: "internal_server_error", message: "x" } }));
  await assert.rejects(transport(f).request(spec({ maxRetries: 2 })), KalshiServerError);
  assert.equal(f.requests.length, 3);
});

Deno.test("Transport.request() does not retry 4xx answers", async () => {
  const f = scripted(json(400, { error: { code: "invalid_order", message: "bad" } }));
  await assert.rejects(transport(f).request(spec()), /invalid_order/);
  assert.equal(f.requests.length, 1);
});

Deno.test("Transport.request() never retries a write without an idempotency key after 5xx", async () => {
  const f = scripted(json(503, {}), json(201, { ok: true }));
  const err = await transport(f).request(spec({ ...ORDER, retry: false })).catch((e) => e);
  assert.ok(err instanceof KalshiUnknownOutcomeError);
  assert.ok(err.cause instanceof KalshiServerError);
  assert.equal(f.requests.length, 1);
});

Deno.test("Transport.request() retries any request after 429, which Kalshi did not apply", async () => {
  const f = scripted(json(429, { error: "too many requests" }), json(200, { ok: true }));
  const out = await transport(f).request(spec({ ...ORDER, op: "CancelOrderV2", retry: false }));
  assert.deepEqual(out, { ok: true });
  assert.equal(f.requests.length, 2);
});

Deno.test("Transport.request() resolves a 409 after an ambiguous attempt with onDuplicate", async () => {
  const f = scripted(
    json(503, {}),
    json(409, { error: { code: "order_already_exists", message: "exists" } }),
  );
  const out = await transport(f).request(spec({
    ...ORDER,
    onDuplicate: (e) => Promise.resolve({ recovered: e.code }),
  }));
  assert.deepEqual(out, { recovered: "order_already_exists" });
});

Deno.test("Transport.request() throws 409 when no earlier attempt was ambiguous", async () => {
  const f = scripted(json(409, { error: { code: "order_already_exists", message: "exists" } }));
  let called = false;
  await assert.rejects(
    transport(f).request(spec({
      ...ORDER,
      onDuplicate: () => {
        called = true;
        return Promise.resolve({});
      },
    })),
    KalshiConflictError,
  );
  assert.equal(called, false);
});

Deno.test("Transport.request() asks onUnknown before throwing KalshiUnknownOutcomeError", async () => {
  const f = scripted(json(502, {}));
  const found = await transport(f).request(spec({
    ...ORDER,
    maxRetries: 1,
    onUnknown: () => Promise.resolve({ found: true }),
  }));
  assert.deepEqual(found, { found: true });
  const err = await transport(f).request(spec({
    ...ORDER,
    maxRetries: 1,
    onUnknown: () => Promise.resolve(undefined),
  })).catch((e) => e);
  assert.ok(err instanceof KalshiUnknownOutcomeError);
  assert.equal(err.request.path, "/trade-api/v2/portfolio/events/orders");
  assert.match(err.message, /no answer after 2 attempts/);
});

Deno.test("Transport.request() honours Retry-After on 429 and 503", async () => {
  using clock = fakeTime();
  for (const status of [429, 503]) {
    const f = scripted(json(status, {}, { "Retry-After": "2" }), json(200, { ok: true }));
    const done = transport(f).request(spec());
    await clock.tickAsync(1999);
    assert.equal(f.requests.length, 1, `status ${status}: retried before Retry-After`);
    await clock.tickAsync(10);
    assert.equal(f.requests.length, 2);
    assert.deepEqual(await done, { ok: true });
  }
});

Deno.test("Transport.request() stops when Retry-After exceeds maxRetryAfterMs", async () => {
  const f = scripted(json(429, { error: "too many requests" }, { "Retry-After": "120" }));
  const err = await transport(f).request(spec()).catch((e) => e);
  assert.ok(err instanceof KalshiRateLimitError);
  assert.equal(err.retryAfterMs, 120_000);
  assert.equal(f.requests.length, 1);
});

Deno.test("Transport.request() backs off exponentially with jitter between retries", async () => {
  using clock = fakeTime();
  const f = scripted(json(500, {}), json(500, {}), json(200, {}));
  const t = transport(f, {
    retry: { maxRetries: 3, baseDelayMs: 100, maxDelayMs: 10_000 },
    random: () => 1,
  });
  const done = t.request(spec());
  await clock.tickAsync(99);
  assert.equal(f.requests.length, 1);
  await clock.tickAsync(1);
  assert.equal(f.requests.length, 2);
  await clock.tickAsync(199);
  assert.equal(f.requests.length, 2);
  await clock.tickAsync(1);
  assert.equal(f.requests.length, 3);
  await done;
});

Deno.test("Transport.request() turns an attempt over its timeout into KalshiTimeoutError", async () => {
  using clock = fakeTime();
  const f = scripted(hang);
  const done = transport(f, { timeout: 500 }).request(spec({ maxRetries: 0 })).catch((e) => e);
  await clock.tickAsync(500);
  const err = await done;
  assert.ok(err instanceof KalshiTimeoutError);
  assert.equal(err.timeoutMs, 500);
  assert.equal(err.request?.path, "/trade-api/v2/markets");
});

Deno.test("Transport.request() rethrows signal.reason when aborted mid-request or mid-backoff", async () => {
  const reason = new Error("stop");
  const c1 = new AbortController();
  const f1 = scripted(hang);
  const p1 = transport(f1).request(spec({ signal: c1.signal })).catch((e) => e);
  c1.abort(reason);
  assert.equal(await p1, reason);

  using clock = fakeTime();
  const c2 = new AbortController();
  const f2 = scripted(json(503, {}));
  const t2 = transport(f2, { retry: { maxRetries: 3, baseDelayMs: 10_000, maxDelayMs: 10_000 } });
  const p2 = t2.request(spec({ signal: c2.signal })).catch((e) => e);
  await clock.tickAsync(1);
  c2.abort(reason);
  assert.equal(await p2, reason);
  assert.equal(f2.requests.length, 1);

  const c3 = new AbortController();
  c3.abort("already");
  assert.equal(await transport(f2).request(spec({ signal: c3.signal })).catch((e) => e), "already");
});

Deno.test("Transport.request() keeps signatures and keys out of errors", async () => {
  const signature = "S".repeat(300) + "==";
  const pem =
    "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----";
  const f = scripted(json(401, {
    error: { code: "authentication_error", message: `bad ${signature}`, details: pem },
    private_key: "secret",
  }));
  const signer = {
    headers: () =>
      Promise.resolve({
        "KALSHI-ACCESS-KEY": "key-id",
        "KALSHI-ACCESS-TIMESTAMP": "1",
        "KALSHI-ACCESS-SIGNATURE": signature,
      }),
  };
  const err = await transport(f, { signer }).request(spec({ auth: "required" })).catch((e) => e);
  assert.ok(err instanceof KalshiAuthenticationError);
  const shown = `${err.message} ${err.details} ${JSON.stringify(err.body)} ${Deno.inspect(err)}`;
  assert.ok(!shown.includes(signature.slice(0, 200)));
  assert.ok(!shown.includes("MIIEvQIBADANBgkqhkiG9w0BAQEFAASC"));
  assert.ok(!shown.includes("secret"));
  assert.equal(f.requests[0]!.headers.get("KALSHI-ACCESS-SIGNATURE"), signature);
});

Deno.test("Transport.request() signs only when asked and fails early without credentials", async () => {
  const f = scripted(json(200, {}));
  await assert.rejects(
    transport(f).request(spec({ auth: "required" })),
    (e) => e instanceof KalshiError && e.code === "missing_credentials",
  );
  assert.equal(f.requests.length, 0);
  const signer = { headers: () => Promise.resolve({ "KALSHI-ACCESS-KEY": "k" }) };
  await transport(f, { signer }).request(spec({ auth: "none" }));
  await transport(f, { signer }).request(spec({ auth: "optional" }));
  assert.equal(f.requests[0]!.headers.get("KALSHI-ACCESS-KEY"), null);
  assert.equal(f.requests[1]!.headers.get("KALSHI-ACCESS-KEY"), "k");
});

Deno.test("Transport.request() parses empty answers as undefined and rejects non-JSON", async () => {
  const empty = scripted(() => new Response(null, { status: 204 }));
  assert.equal(await transport(empty).request(spec()), undefined);
  const html = scripted(() => new Response("<html>", { status: 200 }));
  await assert.rejects(transport(html).request(spec()), KalshiParseError);
  const dropped = scripted(() =>
    new Response(
      new ReadableStream({
        start(c) {
          c.enqueue(new TextEncoder().encode('{"'));
          c.error(new TypeError("connection closed before message completed"));
        },
      }),
    )
  );
  await assert.rejects(transport(dropped).request(spec({ maxRetries: 0 })), KalshiConnectionError);
});

Deno.test("Transport.request() warns once per operation about deprecated endpoints", async () => {
  _resetWarnings();
  const warnings: string[] = [];
  const f = scripted(json(200, {}, { Deprecation: "true", Warning: '299 - "use V2"' }));
  const t = transport(f, { onWarning: (m) => warnings.push(m) });
  await t.request(spec({ op: "GetExchangeAnnouncements", path: "/exchange/announcements" }));
  await t.request(spec({ op: "GetExchangeAnnouncements", path: "/exchange/announcements" }));
  assert.deepEqual(warnings, [
    "GetExchangeAnnouncements (GET /trade-api/v2/exchange/announcements) is deprecated: use V2",
  ]);
  _resetWarnings();
});

Deno.test("Transport.request() rejects with the close reason once its client closed", async () => {
  const closed = new AbortController();
  const f = scripted(hang);
  const t = transport(f, { closed: closed.signal });
  const pending = t.request(spec()).catch((e) => e);
  const reason = new KalshiError("closed", "client_closed");
  closed.abort(reason);
  assert.equal(await pending, reason);
  assert.equal(await t.request(spec()).catch((e) => e), reason);
});

function fakeTime(): ReturnType<typeof FakeTimers.install> & Disposable {
  const clock = FakeTimers.install({
    toFake: ["setTimeout", "clearTimeout", "setInterval", "clearInterval", "Date", "performance"],
  });
  return Object.assign(clock, { [Symbol.dispose]: () => clock.uninstall() });
}
