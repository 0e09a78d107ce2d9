import assert from "node:assert/strict";
import { KalshiKeyError } from "../errors.ts";
import {
  KalshiAuth,
  type KalshiAuthHeaders,
  parsePublicKey,
  type PublicKey,
  verifyAuthHeaders,
  verifySignature,
} from "./mod.ts";
import { openssl, rsaFixture, tempDir } from "./testdata/openssl.ts";

const NOW = 1703123456789;
const PATH = "/trade-api/v2/portfolio/orders";

async function signed(
  method = "GET",
  url = `https://external-api.kalshi.com${PATH}?limit=5`,
  timestampMs = NOW,
): Promise<{ publicKey: PublicKey; headers: KalshiAuthHeaders }> {
  const fx = await rsaFixture();
  using auth = await KalshiAuth.create({ keyId: "key-1", privateKey: fx.pkcs1 });
  return {
    publicKey: parsePublicKey(fx.spki),
    headers: await auth.headers(method, url, { timestampMs }),
  };
}

Deno.test("verifyAuthHeaders() accepts a good request, ignoring the query and header case", async () => {
  const { publicKey, headers } = await signed();
  const base = { publicKey, method: "GET", nowMs: NOW };
  assert.deepEqual(await verifyAuthHeaders({ ...base, path: PATH, headers }), { ok: true });
  assert.deepEqual(
    await verifyAuthHeaders({ ...base, path: `${PATH}?cursor=abc&limit=100`, headers }),
    { ok: true },
  );
  assert.deepEqual(
    await verifyAuthHeaders({ ...base, method: "get", path: PATH, headers: new Headers(headers) }),
    { ok: true },
  );
  const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
  assert.deepEqual(await verifyAuthHeaders({ ...base, path: PATH, headers: lower }), { ok: true });
});

Deno.test("verifyAuthHeaders() reports missing headers", async () => {
  const { publicKey, headers } = await signed();
  for (const drop of Object.keys(headers) as (keyof KalshiAuthHeaders)[]) {
    const partial: Record<string, string> = { ...headers };
    delete partial[drop];
    assert.deepEqual(
      await verifyAuthHeaders({
        publicKey,
        method: "GET",
        path: PATH,
        headers: partial,
        nowMs: NOW,
      }),
      { ok: false, reason: "missing_headers" },
      drop,
    );
    partial[drop] = "";
    assert.deepEqual(
      await verifyAuthHeaders({
        publicKey,
        method: "GET",
        path: PATH,
        headers: partial,
        nowMs: NOW,
      }),
      { ok: false, reason: "missing_headers" },
      `${drop} empty`,
    );
  }
  assert.deepEqual(
    await verifyAuthHeaders({ publicKey, method: "GET", path: PATH, headers: {}, nowMs: NOW }),
    { ok: false, reason: "missing_headers" },
  );
});

Deno.test("verifyAuthHeaders() reports a stale timestamp either way, within the tolerance", async () => {
  const { publicKey, headers } = await signed();
  const check = (nowMs: number, toleranceMs?: number) =>
    verifyAuthHeaders({
      publicKey,
      method: "GET",
      path: PATH,
      headers,
      nowMs,
      ...(toleranceMs === undefined ? {} : { toleranceMs }),
    });
  const stale = { ok: false, reason: "stale_timestamp" };
  assert.deepEqual(await check(NOW + 30_000), { ok: true });
  assert.deepEqual(await check(NOW - 30_000), { ok: true });
  assert.deepEqual(await check(NOW + 30_001), stale);
  assert.deepEqual(await check(NOW - 30_001), stale);
  assert.deepEqual(await check(NOW + 5 * 60_000), stale);
  assert.deepEqual(await check(NOW + 5_001, 5_000), stale);
  assert.deepEqual(await check(NOW + 59_000, 60_000), { ok: true });
});

Deno.test("verifyAuthHeaders() reports a timestamp that is not milliseconds", async () => {
  const { publicKey, headers } = await signed();
  for (const ts of ["1703123456", "1703123456789000", "17031234567.89", "abc", "-1703123456789"]) {
    assert.deepEqual(
      await verifyAuthHeaders({
        publicKey,
        method: "GET",
        path: PATH,
        headers: { ...headers, "KALSHI-ACCESS-TIMESTAMP": ts },
        nowMs: NOW,
      }),
      { ok: false, reason: "bad_timestamp" },
      ts,
    );
  }
});

Deno.test("verifyAuthHeaders() reports a bad signature: wrong path, method, key, timestamp, bytes", async () => {
  const { publicKey, headers } = await signed();
  const bad = { ok: false, reason: "bad_signature" };
  const verify = (over: Partial<Parameters<typeof verifyAuthHeaders>[0]>) =>
    verifyAuthHeaders({ publicKey, method: "GET", path: PATH, headers, nowMs: NOW, ...over });
  // Wrong path: without the /trade-api/v2 prefix, another resource, a trailing slash.
  assert.deepEqual(await verify({ path: "/portfolio/orders" }), bad);
  assert.deepEqual(await verify({ path: "/trade-api/v2/portfolio/balance" }), bad);
  assert.deepEqual(await verify({ path: `${PATH}/` }), bad);
  assert.deepEqual(await verify({ method: "POST" }), bad);
  // Timestamp header changed by 1 ms: still fresh, but not what was signed.
  assert.deepEqual(
    await verify({ headers: { ...headers, "KALSHI-ACCESS-TIMESTAMP": String(NOW + 1) } }),
    bad,
  );
  // Another key pair.
  const other = parsePublicKey(
    await openssl(["rsa", "-pubout"], await openssl(["genrsa", "2048"])),
  );
  assert.deepEqual(await verify({ publicKey: other }), bad);
  // Damaged, truncated, non-base64 and empty-ish signatures.
  const sig = headers["KALSHI-ACCESS-SIGNATURE"];
  const flipped = sig[10] === "A" ? "B" : "A";
  for (
    const s of [
      sig.slice(0, 10) + flipped + sig.slice(11),
      sig.slice(0, 200),
      "not base64!",
      "AAAA",
      sig.replace(/=+$/, ""),
    ]
  ) {
    assert.deepEqual(
      await verify({ headers: { ...headers, "KALSHI-ACCESS-SIGNATURE": s } }),
      bad,
      s.slice(0, 20),
    );
  }
});

Deno.test("verifyAuthHeaders() checks a POST and the WebSocket handshake path", async () => {
  const post = await signed("POST", "/trade-api/v2/portfolio/events/orders");
  assert.deepEqual(
    await verifyAuthHeaders({
      ...post,
      method: "POST",
      path: "/trade-api/v2/portfolio/events/orders",
      nowMs: NOW,
    }),
    { ok: true },
  );
  const ws = await signed("GET", "wss://external-api-ws.kalshi.com/trade-api/ws/v2");
  assert.deepEqual(
    await verifyAuthHeaders({ ...ws, method: "GET", path: "/trade-api/ws/v2", nowMs: NOW }),
    { ok: true },
  );
});

Deno.test("verifySignature() returns false, never throws, for malformed signatures", async () => {
  const { publicKey, headers } = await signed();
  const text = `${NOW}GET${PATH}`;
  assert.equal(await verifySignature(publicKey, text, headers["KALSHI-ACCESS-SIGNATURE"]), true);
  assert.equal(
    await verifySignature(
      publicKey,
      new TextEncoder().encode(text),
      headers["KALSHI-ACCESS-SIGNATURE"],
    ),
    true,
  );
  for (const s of ["", "====", "a", "A".repeat(344), undefined as unknown as string]) {
    assert.equal(await verifySignature(publicKey, text, s), false);
  }
});

Deno.test("parsePublicKey() reads SPKI and PKCS#1 public keys and rejects private keys", async () => {
  const fx = await rsaFixture();
  const spki = parsePublicKey(fx.spki);
  const pkcs1 = parsePublicKey(fx.rsaPublic);
  assert.equal(spki.bits, 2048);
  assert.equal(pkcs1.toPem(), fx.spki);
  assert.equal(parsePublicKey(fx.spki.replaceAll("\n", "\\n")).toPem(), fx.spki);
  assert.equal(Deno.inspect(spki), "PublicKey { bits: 2048 }");
  assert.throws(() => parsePublicKey(fx.pkcs1), (err) => {
    assert.ok(err instanceof KalshiKeyError);
    assert.equal(err.given, "private key");
    assert.match(
      err.message,
      /^Cannot load public key: the PEM is a private key; a public key is needed/,
    );
    assert.ok(!err.message.includes(fx.pkcs1.split("\n")[1]!));
    return true;
  });
  const ec = await openssl(
    ["pkey", "-pubout"],
    await openssl(["genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256"]),
  );
  assert.throws(
    () => parsePublicKey(ec),
    (err) => err instanceof KalshiKeyError && err.given === "non-RSA public key",
  );
  for (const [text, given] of [["", "empty"], ["junk", "not PEM"]] as const) {
    assert.throws(
      () => parsePublicKey(text),
      (err) => err instanceof KalshiKeyError && err.given === given,
    );
  }
});

Deno.test("a public key exported by openssl x509 verifies KalshiAuth signatures", async () => {
  const fx = await rsaFixture();
  await using dir = await tempDir();
  await Deno.writeTextFile(`${dir.path}/key.pem`, fx.pkcs1);
  const pub = await openssl(["pkey", "-in", `${dir.path}/key.pem`, "-pubout"]);
  using auth = await KalshiAuth.create({ keyId: "k", privateKey: fx.pkcs1 });
  assert.equal(await verifySignature(parsePublicKey(pub), "x", await auth.sign("x")), true);
});
