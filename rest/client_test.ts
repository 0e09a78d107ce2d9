import assert from "node:assert/strict";
import {
  KalshiConfigError,
  KalshiError,
  KalshiMoneyError,
  KalshiUnknownOutcomeError,
} from "../errors.ts";
import { generateKeyPair } from "../auth/mod.ts";
import { _resetWarnings } from "./_ops.ts";
import { KalshiClient } from "./client.ts";
import { OPERATIONS } from "./types/operations.ts";
import { REPEATED_QUERY } from "./_ops.ts";
import spec from "./spec/kalshi.json" with { type: "json" };

type Handler = (req: Request, body: unknown) => Response | Promise<Response>;

/** A fake Kalshi: routes `METHOD /path` to handlers and records requests. */
function fakeKalshi(routes: Record<string, Handler | Handler[]>) {
  const seen: { method: string; path: string; query: URLSearchParams; body: unknown }[] = [];
  const counts = new Map<string, number>();
  const fetchFn: typeof fetch = async (input, init) => {
    const req = new Request(input, init);
    const url = new URL(req.url);
    const path = url.pathname.replace("/trade-api/v2", "");
    const text = await req.text();
    const body = text ? JSON.parse(text) : undefined;
    seen.push({ method: req.method, path, query: url.searchParams, body });
    const key = `${req.method} ${path}`;
    const route = routes[key];
    if (!route) return new Response("404 page not found", { status: 404 });
    const n = counts.get(key) ?? 0;
    counts.set(key, n + 1);
    const h = Array.isArray(route) ? route[Math.min(n, route.length - 1)]! : route;
    return h(req, body);
  };
  return { fetch: fetchFn, seen };
}

const json = (status: number, body: unknown): Handler => () =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });

let keyPem: string | undefined;
async function credentials(): Promise<{ keyId: string; privateKey: string }> {
  keyPem ??= (await generateKeyPair()).privateKeyPem;
  return { keyId: "key-1", privateKey: keyPem };
}

async function client(
  routes: Record<string, Handler | Handler[]>,
  extra: Record<string, unknown> = {},
) {
  const fake = fakeKalshi(routes);
  const c = await KalshiClient.create({
    env: { restUrl: "https://kalshi.test/trade-api/v2" },
    ...(await credentials()),
    fetch: fake.fetch,
    rateLimit: false,
    retry: { baseDelayMs: 1, maxDelayMs: 2 },
    ...extra,
  });
  return Object.assign(c, { seen: fake.seen });
}

const ORDER = {
  ticker: "KXT-1",
  side: "bid" as const,
  time_in_force: "good_till_canceled" as const,
  self_trade_prevention_type: "taker_at_cross" as const,
};

Deno.test("KalshiClient.create() validates credentials and options", async () => {
  await assert.rejects(
    KalshiClient.create({ keyId: "k" }),
    (e) => e instanceof KalshiConfigError && /together/.test(e.message),
  );
  await assert.rejects(KalshiClient.create({ timeout: -1 }), KalshiConfigError);
  await assert.rejects(KalshiClient.create({ env: "staging" as "demo" }), KalshiConfigError);
  await using anonymous = await KalshiClient.create();
  assert.equal(anonymous.environment.name, "demo");
  assert.equal(anonymous.authenticated, false);
  await assert.rejects(
    anonymous.portfolio.balance(),
    (e) => e instanceof KalshiError && e.code === "missing_credentials",
  );
});

Deno.test("KalshiClient never shows its key in Deno.inspect", async () => {
  const { keyId, privateKey } = await credentials();
  await using c = await KalshiClient.create({ keyId, privateKey });
  const shown = Deno.inspect(c, { depth: 5 });
  assert.match(shown, /keyId: "key-1"/);
  assert.ok(!shown.includes("PRIVATE KEY"));
  assert.ok(!shown.includes(privateKey.split("\n")[1]!));
});

Deno.test("KalshiClient loads the private key from { path }", async () => {
  const { privateKey } = await credentials();
  const path = await Deno.makeTempFile();
  try {
    await Deno.writeTextFile(path, privateKey);
    await using c = await KalshiClient.create({ keyId: "k", privateKey: { path } });
    assert.ok(c.authenticated);
  } finally {
    await Deno.remove(path);
  }
});

Deno.test("orders.create() sends canonical strings and generates a client_order_id", async () => {
  await using c = await client({
    "POST /portfolio/events/orders": (_req, body) =>
      json(201, {
        order_id: "o1",
        client_order_id: (body as { client_order_id: string }).client_order_id,
        fill_count: "0.00",
        remaining_count: "2.50",
        ts_ms: 1,
      })(_req, body),
  });
  await c.orders.create({ ...ORDER, price: 5600, count: 250 });
  await c.orders.create({ ...ORDER, price: "0.56", count: "2.5", client_order_id: "mine" });
  const [a, b] = c.seen.map((s) => s.body as Record<string, unknown>);
  assert.equal(a!.price, "0.5600");
  assert.equal(a!.count, "2.50");
  assert.match(a!.client_order_id as string, /^[0-9a-f-]{36}$/);
  assert.equal(b!.price, "0.5600");
  assert.equal(b!.client_order_id, "mine");
  await assert.rejects(c.orders.create({ ...ORDER, price: 0, count: 1 }), KalshiMoneyError);
  await assert.rejects(c.orders.create({ ...ORDER, price: "0.56001", count: 1 }), KalshiMoneyError);
  await assert.rejects(c.orders.create({ ...ORDER, price: 100, count: 0 }), KalshiMoneyError);
  assert.equal(c.seen.length, 2);
});

Deno.test("orders.create() resolves a 409 after a lost answer to the order that was created", async () => {
  let cid = "";
  await using c = await client({
    "POST /portfolio/events/orders": [
      (_r, body) => {
        cid = (body as { client_order_id: string }).client_order_id;
        return json(503, { error: { code: "service_unavailable", message: "down" } })(_r, body);
      },
      json(409, { error: { code: "order_already_exists", message: "order already exists" } }),
    ],
    "GET /portfolio/orders": (req) => {
      const url = new URL(req.url);
      assert.equal(url.searchParams.get("ticker"), "KXT-1");
      return json(200, {
        orders: [
          { order_id: "other", client_order_id: "x", fill_count_fp: "0.00" },
          {
            order_id: "o-created",
            client_order_id: cid,
            fill_count_fp: "1.00",
            remaining_count_fp: "1.00",
            created_time: "2026-01-01T00:00:00Z",
          },
        ],
        cursor: "",
      })(req, undefined);
    },
  });
  const r = await c.orders.create({ ...ORDER, price: 100, count: 200 });
  assert.deepEqual(r, {
    order_id: "o-created",
    client_order_id: cid,
    fill_count: "1.00",
    remaining_count: "1.00",
    ts_ms: Date.parse("2026-01-01T00:00:00Z"),
  });
  const posts = c.seen.filter((s) => s.method === "POST");
  assert.equal(posts.length, 2);
  assert.equal((posts[1]!.body as { client_order_id: string }).client_order_id, cid);
});

Deno.test("orders.create() throws KalshiUnknownOutcomeError when the order cannot be found", async () => {
  await using c = await client({
    "POST /portfolio/events/orders": json(502, {}),
    "GET /portfolio/orders": json(200, { orders: [], cursor: "" }),
  }, { maxRetries: 1 });
  const err = await c.orders.create({ ...ORDER, price: 100, count: 100 }).catch((e) => e);
  assert.ok(err instanceof KalshiUnknownOutcomeError, String(err));
  assert.equal(c.seen.filter((s) => s.method === "POST").length, 2);
});

Deno.test("orders.create() returns the order found after retries ran out", async () => {
  let cid = "";
  await using c = await client({
    "POST /portfolio/events/orders": (_r, body) => {
      cid = (body as { client_order_id: string }).client_order_id;
      return json(500, {})(_r, body);
    },
    "GET /portfolio/orders": (req) =>
      json(200, {
        orders: [{
          order_id: "o9",
          client_order_id: cid,
          fill_count_fp: "0.00",
          remaining_count_fp: "1.00",
        }],
        cursor: "",
      })(req, undefined),
  }, { maxRetries: 1 });
  const r = await c.orders.create({ ...ORDER, price: 100, count: 100 });
  assert.equal(r.order_id, "o9");
});

Deno.test("orders.create() lets a 409 through when no attempt was lost", async () => {
  await using c = await client({
    "POST /portfolio/events/orders": json(409, {
      error: { code: "order_already_exists", message: "order already exists" },
    }),
  });
  await assert.rejects(
    c.orders.create({ ...ORDER, price: 100, count: 100, client_order_id: "reused" }),
    /order_already_exists/,
  );
  assert.equal(c.seen.length, 1);
});

Deno.test("orders.batchCreate() replaces duplicates met after a lost answer by the orders", async () => {
  let cids: string[] = [];
  await using c = await client({
    "POST /portfolio/events/orders/batched": [
      (_r, body) => {
        cids = (body as { orders: { client_order_id: string }[] }).orders.map((o) =>
          o.client_order_id
        );
        return json(504, {})(_r, body);
      },
      (_r, body) =>
        json(201, {
          orders: [
            {
              client_order_id: cids[0],
              error: { code: "order_already_exists", message: "order already exists" },
            },
            { order_id: "o2", client_order_id: cids[1], fill_count: "0.00", ts_ms: 5 },
          ],
        })(_r, body),
    ],
    "GET /portfolio/orders": (req) =>
      json(200, {
        orders: [{
          order_id: "o1",
          client_order_id: cids[0],
          fill_count_fp: "0.00",
          remaining_count_fp: "1.00",
        }],
        cursor: "",
      })(req, undefined),
  });
  const r = await c.orders.batchCreate({
    orders: [{ ...ORDER, price: 100, count: 100 }, { ...ORDER, price: 200, count: 100 }],
  });
  assert.equal(r.orders[0]!.order_id, "o1");
  assert.equal(r.orders[0]!.error, undefined);
  assert.equal(r.orders[1]!.order_id, "o2");
});

Deno.test("writes without an idempotency key are not retried after a 5xx", async () => {
  await using c = await client({ "DELETE /portfolio/events/orders/o1": json(503, {}) });
  await assert.rejects(c.orders.cancel("o1"), KalshiUnknownOutcomeError);
  assert.equal(c.seen.length, 1);
});

Deno.test("amend() and decrease() put subaccount in the query and strings in the body", async () => {
  await using c = await client({
    "POST /portfolio/events/orders/o1/amend": json(200, { order_id: "o1", ts_ms: 1 }),
    "POST /portfolio/events/orders/o1/decrease": json(200, { order_id: "o1", ts_ms: 1 }),
  });
  await c.orders.amend("o1", { ticker: "T", side: "ask", price: 4400, count: 300, subaccount: 2 });
  await c.orders.decrease("o1", { reduce_to: 0, subaccount: 2 });
  assert.equal(c.seen[0]!.query.get("subaccount"), "2");
  assert.deepEqual(c.seen[0]!.body, { ticker: "T", side: "ask", price: "0.4400", count: "3.00" });
  assert.equal(c.seen[1]!.query.get("subaccount"), "2");
  assert.deepEqual(c.seen[1]!.body, { reduce_to: "0.00" });
});

Deno.test("merged parameters split into path and query; repeated arrays repeat", async () => {
  await using c = await client({
    "GET /series/S/markets/M/candlesticks": json(200, { ticker: "M", candlesticks: [] }),
    "GET /markets/orderbooks": json(200, { orderbooks: [] }),
    "GET /markets/candlesticks": json(200, { markets: [] }),
  });
  await c.markets.candlesticks({
    series_ticker: "S",
    ticker: "M",
    start_ts: 1,
    end_ts: 2,
    period_interval: 60,
  });
  assert.equal(c.seen[0]!.query.toString(), "start_ts=1&end_ts=2&period_interval=60");
  await c.markets.orderbooks({ tickers: ["A", "B"] });
  assert.deepEqual(c.seen[1]!.query.getAll("tickers"), ["A", "B"]);
  await c.call("BatchGetMarketCandlesticks", {
    query: { market_tickers: "A,B", start_ts: 1, end_ts: 2, period_interval: 1 },
  });
  assert.equal(c.seen[2]!.query.get("market_tickers"), "A,B");
});

Deno.test("deprecated operations warn once per process, naming the replacement", async () => {
  _resetWarnings();
  const warnings: string[] = [];
  await using c = await client({
    "GET /exchange/announcements": json(200, { announcements: [] }),
    "POST /portfolio/orders": json(201, { order: {} }),
  }, { onWarning: (m: string) => warnings.push(m) });
  await c.exchange.announcements();
  await c.exchange.announcements();
  await c.orders.createV1({ ticker: "T", side: "yes", action: "buy", count_fp: "1.00" });
  await using again = await client({
    "GET /exchange/announcements": json(200, { announcements: [] }),
  }, { onWarning: (m: string) => warnings.push(m) });
  await again.exchange.announcements();
  assert.deepEqual(warnings, [
    "GetExchangeAnnouncements (GET /exchange/announcements) was removed from Kalshi's API: there is no replacement; follow exchange.status() and exchange.schedule()",
    "CreateOrder (POST /portfolio/orders) was removed from Kalshi's API: use orders.create() (CreateOrderV2, POST /portfolio/events/orders)",
  ]);
  _resetWarnings();
});

Deno.test("call() rejects unknown operations; close() rejects later calls", async () => {
  const c = await client({ "GET /exchange/status": json(200, { exchange_active: true }) });
  await assert.rejects(c.call("Nope" as "GetExchangeStatus"), KalshiConfigError);
  assert.deepEqual(await c.call("GetExchangeStatus"), { exchange_active: true });
  await c.close();
  await assert.rejects(
    c.exchange.status(),
    (e) => e instanceof KalshiError && e.code === "client_closed",
  );
  await c.close();
});

Deno.test("REPEATED_QUERY lists exactly the spec's exploded array query parameters", () => {
  type Json = Record<string, unknown>;
  const s = spec as unknown as { paths: Record<string, Record<string, Json>>; components: Json };
  const deref = (x: Json): Json => {
    let v = x;
    while (typeof v.$ref === "string") {
      v = (v.$ref as string).slice(2).split("/").reduce<Json>((o, k) => o[k] as Json, s as Json);
    }
    return v;
  };
  const found: Record<string, string[]> = {};
  for (const ops of Object.values(s.paths)) {
    for (const op of Object.values(ops)) {
      for (const p of (op.parameters ?? []) as Json[]) {
        const param = deref(p);
        const schema = deref((param.schema ?? {}) as Json);
        if (param.in === "query" && schema.type === "array" && param.explode !== false) {
          (found[op.operationId as string] ??= []).push(param.name as string);
        }
      }
    }
  }
  assert.deepEqual(found, REPEATED_QUERY);
});

Deno.test("every operation has a client method (the e2e table calls each one)", () => {
  // The resource methods are checked end to end in e2e_test.ts; here, that the table is whole.
  assert.equal(OPERATIONS.length, 123);
  assert.equal(new Set(OPERATIONS.map((o) => o.operationId)).size, 123);
});
