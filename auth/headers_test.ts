import assert from "node:assert/strict";
import fc from "fast-check";
import { KalshiConfigError } from "../errors.ts";
import { soakScale } from "../_testing/soak.ts";
import { KalshiAuth, signedPath, signingString } from "./mod.ts";
import { fromBase64, nodeVerifies, opensslVerifies, rsaFixture } from "./testdata/openssl.ts";

Deno.test("signingString() is timestamp + METHOD + path from the host root without the query", () => {
  const cases: [string, string, string][] = [
    [
      "GET",
      "https://external-api.kalshi.com/trade-api/v2/portfolio/orders?limit=5",
      "1703123456789GET/trade-api/v2/portfolio/orders",
    ],
    [
      "get",
      "https://api.elections.kalshi.com/trade-api/v2/portfolio/orders?limit=5&cursor=a%3Db",
      "1703123456789GET/trade-api/v2/portfolio/orders",
    ],
    [
      "post",
      "/trade-api/v2/portfolio/events/orders",
      "1703123456789POST/trade-api/v2/portfolio/events/orders",
    ],
    [
      "DELETE",
      "/trade-api/v2/portfolio/events/orders/abc?subaccount=1#frag",
      "1703123456789DELETE/trade-api/v2/portfolio/events/orders/abc",
    ],
    ["GET", "wss://external-api-ws.kalshi.com/trade-api/ws/v2", "1703123456789GET/trade-api/ws/v2"],
    [
      "GET",
      "http://127.0.0.1:8080/trade-api/v2/markets/KX A",
      "1703123456789GET/trade-api/v2/markets/KX%20A",
    ],
  ];
  for (const [method, url, expected] of cases) {
    assert.equal(signingString(1703123456789, method, url), expected);
    assert.equal(signingString("1703123456789", method, url), expected);
  }
});

Deno.test("signedPath() keeps /trade-api/v2 and drops the host and query", () => {
  assert.equal(
    signedPath("https://demo-api.kalshi.co/trade-api/v2/markets?limit=5"),
    "/trade-api/v2/markets",
  );
  assert.equal(signedPath("/trade-api/v2/markets?tickers=A,B"), "/trade-api/v2/markets");
  assert.equal(signedPath("/trade-api/v2/markets/KXé"), "/trade-api/v2/markets/KX%C3%A9");
  for (const bad of ["trade-api/v2/markets", "", "markets?x=1"]) {
    assert.throws(
      () => signedPath(bad),
      (err) =>
        err instanceof KalshiConfigError &&
        /expected a full URL or a path starting with "\/"$/.test(err.message),
    );
  }
});

Deno.test("signingString() wants milliseconds: seconds, micro/nanoseconds and junk are rejected", () => {
  const path = "/trade-api/v2/markets";
  assert.throws(
    () => signingString(1703123456, "GET", path),
    (err) =>
      err instanceof KalshiConfigError &&
      err.message ===
        'Invalid timestamp "1703123456": looks like seconds; Kalshi needs milliseconds',
  );
  assert.throws(() => signingString("1703123456", "GET", path), /looks like seconds/);
  assert.throws(() => signingString(1703123456789000, "GET", path), /looks like microseconds/);
  for (const bad of [1703123456789.5, -1, NaN, Infinity, "17031234567890x", "", "1.7e12"]) {
    assert.throws(
      () => signingString(bad as number, "GET", path),
      /expected an integer number of milliseconds/,
      String(bad),
    );
  }
  for (const bad of ["", "GE T", "GET\n", "PØST"]) {
    assert.throws(
      () => signingString(1703123456789, bad, path),
      /^KalshiConfigError: Invalid HTTP method/,
    );
  }
});

Deno.test("signingString() output never contains a query string (fuzz)", () => {
  const segment = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._~-]{0,11}$/); // no "." or ".." segments: URL resolves those
  fc.assert(
    fc.property(
      fc.integer({ min: 1e11, max: 1e14 - 1 }),
      fc.constantFrom("GET", "post", "Delete", "PUT"),
      fc.array(segment, { minLength: 1, maxLength: 5 }),
      fc.dictionary(segment, fc.string({ maxLength: 10 })),
      (ts, method, segments, query) => {
        const path = `/trade-api/v2/${segments.join("/")}`;
        const q = new URLSearchParams(query).toString();
        const url = `https://external-api.kalshi.com${path}${q ? `?${q}` : ""}`;
        assert.equal(signingString(ts, method, url), `${ts}${method.toUpperCase()}${path}`);
      },
    ),
    { numRuns: soakScale(50_000, 300) },
  );
});

Deno.test("KalshiAuth.headers() signs the documented string with a 13-digit ms timestamp", async () => {
  const fx = await rsaFixture();
  for (const backend of ["webcrypto", "ffi"] as const) {
    using auth = await KalshiAuth.create({
      keyId: "a952bcbe-ec3b-4b5b",
      privateKey: fx.pkcs1,
      backend,
    });
    const before = Date.now();
    const h = await auth.headers(
      "get",
      "https://external-api.kalshi.com/trade-api/v2/portfolio/orders?limit=5",
    );
    const after = Date.now();
    assert.deepEqual(Object.keys(h).sort(), [
      "KALSHI-ACCESS-KEY",
      "KALSHI-ACCESS-SIGNATURE",
      "KALSHI-ACCESS-TIMESTAMP",
    ]);
    assert.equal(h["KALSHI-ACCESS-KEY"], "a952bcbe-ec3b-4b5b");
    const ts = h["KALSHI-ACCESS-TIMESTAMP"];
    assert.match(ts, /^\d{13}$/);
    assert.ok(Number(ts) >= before && Number(ts) <= after, "milliseconds, now");
    const signed = `${ts}GET/trade-api/v2/portfolio/orders`;
    const sig = fromBase64(h["KALSHI-ACCESS-SIGNATURE"]);
    assert.ok(nodeVerifies(fx.spki, signed, sig), backend);
    assert.ok(await opensslVerifies(fx.spki, signed, sig), backend);
    // Signing with the query, or without /trade-api/v2, is what Kalshi rejects.
    assert.equal(nodeVerifies(fx.spki, `${signed}?limit=5`, sig), false);
    assert.equal(nodeVerifies(fx.spki, `${ts}GET/portfolio/orders`, sig), false);
  }
});

Deno.test("KalshiAuth.headers() uses a given timestamp and rejects seconds", async () => {
  const fx = await rsaFixture();
  using auth = await KalshiAuth.create({ keyId: "k", privateKey: fx.pkcs8 });
  const h = await auth.headers("GET", "/trade-api/ws/v2", { timestampMs: 1700000000000 });
  assert.equal(h["KALSHI-ACCESS-TIMESTAMP"], "1700000000000");
  assert.ok(
    nodeVerifies(
      fx.spki,
      "1700000000000GET/trade-api/ws/v2",
      fromBase64(h["KALSHI-ACCESS-SIGNATURE"]),
    ),
  );
  await assert.rejects(
    auth.headers("GET", "/trade-api/v2/markets", { timestampMs: 1700000000 }),
    /looks like seconds; Kalshi needs milliseconds/,
  );
});

Deno.test("KalshiAuth.sign() returns padded base64 and fails after dispose", async () => {
  const fx = await rsaFixture();
  const auth = await KalshiAuth.create({ keyId: "k", privateKey: fx.pkcs1 });
  const text = "1700000000000A1FIX-logon";
  const sig = await auth.sign(text);
  assert.match(sig, /^[A-Za-z0-9+/]{342}==$/);
  assert.ok(nodeVerifies(fx.spki, text, fromBase64(sig)));
  auth[Symbol.dispose]();
  await assert.rejects(
    auth.sign(text),
    /^KalshiConfigError: Cannot sign: the signer has been disposed$/,
  );
});
