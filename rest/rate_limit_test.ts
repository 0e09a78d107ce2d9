import assert from "node:assert/strict";
import FakeTimers from "@sinonjs/fake-timers";
import { KalshiConfigError, KalshiError, KalshiRateLimitError } from "../errors.ts";
import { startSim } from "../sim/server.ts";
import { KalshiClient } from "./client.ts";
import { RateLimiter, TokenBucket } from "./rate_limit.ts";

function fakeTime(): ReturnType<typeof FakeTimers.install> & Disposable {
  const clock = FakeTimers.install({ toFake: ["setTimeout", "clearTimeout", "performance"] });
  return Object.assign(clock, { [Symbol.dispose]: () => clock.uninstall() });
}

Deno.test("TokenBucket.take() waits for refill once the bucket is empty", async () => {
  using clock = fakeTime();
  const bucket = new TokenBucket({ refill_rate: 100, bucket_capacity: 20 });
  await bucket.take(10);
  await bucket.take(10);
  let done = false;
  const third = bucket.take(10).then(() => (done = true));
  await clock.tickAsync(99);
  assert.equal(done, false);
  await clock.tickAsync(1);
  await third;
  assert.equal(bucket.available, 0);
});

Deno.test("TokenBucket.take() serves requests in order so a large one is not starved", async () => {
  using clock = fakeTime();
  const bucket = new TokenBucket({ refill_rate: 10, bucket_capacity: 10 });
  await bucket.take(10);
  const order: string[] = [];
  const big = bucket.take(10).then(() => order.push("big"));
  const small = bucket.take(1).then(() => order.push("small"));
  await clock.tickAsync(2000);
  await Promise.all([big, small]);
  assert.deepEqual(order, ["big", "small"]);
});

Deno.test("TokenBucket.take() caps a cost above the capacity and rejects on abort", async () => {
  using clock = fakeTime();
  const bucket = new TokenBucket({ refill_rate: 10, bucket_capacity: 10 });
  await bucket.take(50); // a batch that needs more than the bucket holds still passes when full
  const c = new AbortController();
  const waiting = bucket.take(5, { signal: c.signal }).catch((e) => e);
  c.abort("stop");
  assert.equal(await waiting, "stop");
  const next = bucket.take(5);
  await clock.tickAsync(500);
  await next;
});

Deno.test("TokenBucket drain() and setLimits() change what is available", () => {
  using _clock = fakeTime();
  const bucket = new TokenBucket({ refill_rate: 10, bucket_capacity: 100 });
  bucket.setLimits({ refill_rate: 10, bucket_capacity: 30 });
  assert.equal(bucket.available, 30);
  bucket.drain();
  assert.equal(bucket.available, 0);
  assert.throws(() => bucket.setLimits({ refill_rate: 0, bucket_capacity: 1 }), KalshiConfigError);
});

Deno.test("RateLimiter.costOf() picks the bucket and cost of each operation", () => {
  const limiter = new RateLimiter();
  assert.deepEqual(limiter.costOf("GetMarkets", "GET", "/markets"), { bucket: "read", cost: 10 });
  assert.deepEqual(
    limiter.costOf("GetOrder", "GET", "/portfolio/orders/{order_id}"),
    { bucket: "read", cost: 2 },
  );
  assert.deepEqual(
    limiter.costOf("CreateOrderV2", "POST", "/portfolio/events/orders"),
    { bucket: "write", cost: 10 },
  );
  assert.deepEqual(
    limiter.costOf("BatchCancelOrdersV2", "DELETE", "/portfolio/events/orders/batched", 5),
    { bucket: "write", cost: 10 },
  );
  limiter.setCosts({
    default_cost: 12,
    endpoint_costs: [{ method: "get", path: "/markets", cost: 3 }],
  });
  assert.equal(limiter.costOf("GetMarkets", "GET", "/markets").cost, 3);
  assert.equal(limiter.costOf("GetEvents", "GET", "/events").cost, 12);
  assert.throws(() => new RateLimiter({ tier: "gold" as "basic" }), KalshiConfigError);
});

Deno.test("RateLimiter.penalize() empties the bucket after a server 429", () => {
  using _clock = fakeTime();
  const limiter = new RateLimiter({ tier: "basic" });
  limiter.penalize("CreateOrderV2");
  assert.equal(limiter.write.available, 0);
  assert.equal(limiter.read.available, 200);
});

Deno.test("RateLimiter.acquire() refuses a batch its bucket can never cover", async () => {
  using _clock = fakeTime();
  const limiter = new RateLimiter({ tier: "basic" }); // write bucket: 100 tokens
  const op = ["BatchCreateOrdersV2", "POST", "/portfolio/events/orders/batched"] as const;
  await assert.rejects(
    limiter.acquire(...op, { items: 11 }),
    (e: unknown) => e instanceof KalshiError && e.code === "batch_too_large",
  );
  assert.equal(limiter.write.available, 100, "a refused batch takes no tokens");
  await limiter.acquire(...op, { items: 10 }); // exactly the capacity still passes
  assert.equal(limiter.write.available, 0);
});

Deno.test("KalshiClient refuses an oversized batch instead of causing a 429", async () => {
  await using sim = await startSim({ markets: 50, tier: "basic", rateLimits: true });
  await using client = await KalshiClient.create({
    env: { restUrl: sim.restUrl },
    keyId: sim.keyId,
    privateKey: sim.privateKeyPem,
    tier: "basic",
  });
  const { markets } = await client.markets.list({ status: "open", limit: 1 });
  const order = {
    ticker: markets[0]!.ticker,
    side: "bid",
    price: 100,
    count: 100,
    time_in_force: "good_till_canceled",
    self_trade_prevention_type: "taker_at_cross",
  } as const;
  await assert.rejects(
    client.orders.batchCreate({ orders: Array.from({ length: 11 }, () => ({ ...order })) }),
    (e: unknown) =>
      e instanceof KalshiError && !(e instanceof KalshiRateLimitError) &&
      e.code === "batch_too_large",
  );
  const ok = await client.orders.batchCreate({
    orders: Array.from({ length: 10 }, () => ({ ...order })),
  });
  assert.equal(ok.orders.filter((o) => o.error).length, 0);
});

Deno.test({
  name: "KalshiClient rate limiter: hammering the sim at tier basic causes no 429",
  sanitizeOps: true,
  async fn() {
    await using sim = await startSim({ markets: 50, tier: "basic", rateLimits: true });
    // The sim's 429s are not retried here, so any 429 fails the test.
    await using client = await KalshiClient.create({
      env: { restUrl: sim.restUrl },
      keyId: sim.keyId,
      privateKey: sim.privateKeyPem,
      tier: "basic",
      maxRetries: 0,
    });
    const { markets } = await client.markets.list({ status: "open", limit: 5 });
    // 8 loops sending as fast as they can: 40 reads and 20 order creates, three times what the
    // buckets hold, so most requests wait for tokens.
    const jobs: (() => Promise<unknown>)[] = Array.from(
      { length: 60 },
      (_, i) =>
        i % 3 === 2
          ? () =>
            client.orders.create({
              ticker: markets[i % markets.length]!.ticker,
              side: "bid",
              price: 100,
              count: 100,
              time_in_force: "good_till_canceled",
              self_trade_prevention_type: "taker_at_cross",
            })
          : () => client.portfolio.balance(),
    );
    const results: PromiseSettledResult<unknown>[] = [];
    let next = 0;
    await Promise.all(Array.from({ length: 8 }, async () => {
      while (next < jobs.length) {
        const job = jobs[next++]!;
        results.push(...await Promise.allSettled([job()]));
      }
    }));
    assert.equal(results.length, 60);
    const limited = results.filter((r) =>
      r.status === "rejected" && r.reason instanceof KalshiRateLimitError
    );
    assert.equal(limited.length, 0, "the client caused a 429");
    const failed = results.filter((r) => r.status === "rejected");
    assert.deepEqual(failed, []);
  },
});
