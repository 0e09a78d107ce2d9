/**
 * Order creates under injected faults: 10% of creates commit and then fail (5xx, or a dropped
 * connection). The client retries with the same client_order_id and resolves the 409 duplicate,
 * so every logical order exists exactly once and none is lost.
 */

import assert from "node:assert/strict";
import { soakScale } from "../_testing/soak.ts";
import { startSim } from "../sim/server.ts";
import { KalshiClient } from "./client.ts";

const N = soakScale(10_000, 500);
const CONCURRENCY = 16;

Deno.test(`KalshiClient orders.create(): ${N} creates with 10% faults leave exactly one order each`, async () => {
  await using sim = await startSim({ markets: 200, rateLimits: false, seed: 42 });
  await using client = await KalshiClient.create({
    env: { restUrl: sim.restUrl },
    keyId: sim.keyId,
    privateKey: sim.privateKeyPem,
    rateLimit: false,
    maxRetries: 10,
    retry: { baseDelayMs: 2, maxDelayMs: 20 },
  });
  const { markets } = await client.markets.list({
    status: "open",
    mve_filter: "exclude",
    limit: 20,
  });
  assert.ok(markets.length > 0);
  sim.exchange.faults.set([{
    method: "POST",
    path: "/portfolio/events/orders",
    error_after_commit_rate: 0.05,
    drop_after_commit_rate: 0.05,
    status: 503,
  }]);

  const ids = Array.from({ length: N }, () => crypto.randomUUID());
  const answers = new Map<string, string>();
  let next = 0;
  const worker = async () => {
    while (next < ids.length) {
      const i = next++;
      const cid = ids[i]!;
      const r = await client.orders.create({
        ticker: markets[i % markets.length]!.ticker,
        side: "bid",
        price: 100,
        count: 100,
        client_order_id: cid,
        time_in_force: "good_till_canceled",
        self_trade_prevention_type: "taker_at_cross",
      });
      assert.equal(r.client_order_id, cid);
      answers.set(cid, r.order_id);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  sim.exchange.faults.set([]);

  const injected = sim.exchange.faults.injected;
  const faults = (injected.error_after_commit ?? 0) + (injected.drop_after_commit ?? 0);
  assert.ok(faults >= N * 0.05, `only ${faults} faults were injected`);
  assert.ok((injected.drop_after_commit ?? 0) > 0 && (injected.error_after_commit ?? 0) > 0);

  const byClientId = new Map<string, string[]>();
  for await (const o of client.orders.iterate({ limit: 1000 })) {
    const list = byClientId.get(o.client_order_id) ?? [];
    list.push(o.order_id);
    byClientId.set(o.client_order_id, list);
  }
  const duplicated = [...byClientId].filter(([, orders]) => orders.length !== 1);
  assert.deepEqual(duplicated, [], "client_order_ids with more than one order");
  const lost = ids.filter((cid) => !byClientId.has(cid));
  assert.deepEqual(lost, [], "creates that left no order");
  assert.equal(byClientId.size, N);
  for (const cid of ids) assert.deepEqual(byClientId.get(cid), [answers.get(cid)]);
});
