import assert from "node:assert/strict";
import type { FillRecord, OrderRecord } from "../types.ts";
import { TIER_LIMITS } from "../rate_limit.ts";
import { fails, ok, startCommsSim } from "./testdata/helpers.ts";

type Obj = Record<string, unknown>;

function fill(userId: string, count: number, ms: number): FillRecord {
  return {
    fill_id: crypto.randomUUID(),
    trade_id: crypto.randomUUID(),
    order_id: crypto.randomUUID(),
    client_order_id: "",
    user_id: userId,
    subaccount: 0,
    ticker: "X",
    book_side: "bid",
    yes_price: 5_000,
    count,
    is_taker: true,
    fee_cost: 0,
    post_position: count,
    created_ms: ms,
    exchange_index: 0,
  };
}

function order(userId: string, source: OrderRecord["source"]): OrderRecord {
  return {
    order_id: crypto.randomUUID(),
    user_id: userId,
    subaccount: 0,
    client_order_id: crypto.randomUUID(),
    ticker: "X",
    book_side: "bid",
    price: 5_000,
    type: "limit",
    time_in_force: "good_till_canceled",
    status: "resting",
    initial_count: 100,
    fill_count: 0,
    remaining_count: 100,
    taker_fill_cost: 0,
    maker_fill_cost: 0,
    taker_fees: 0,
    maker_fees: 0,
    post_only: false,
    reduce_only: false,
    cancel_order_on_pause: false,
    created_ms: Date.now(),
    last_update_ms: Date.now(),
    exchange_index: 0,
    source,
  };
}

Deno.test("account limits, endpoint costs, volume progress and the self-serve upgrade", async () => {
  await using s = await startCommsSim();
  const { sim, f } = s;
  const bus = sim.exchange.bus;

  const limits = (await ok(f, "GET", "/account/limits")).body as Obj;
  assert.deepEqual(limits, {
    usage_tier: "basic",
    read: { ...TIER_LIMITS.basic.read },
    write: { ...TIER_LIMITS.basic.write },
    grants: [],
  });

  const costs = await f("GET", "/account/endpoint_costs", undefined, { signed: false });
  assert.equal(costs.status, 200);
  await ok(f, "GET", "/account/endpoint_costs");
  const c = costs.body as { default_cost: number; endpoint_costs: Obj[] };
  assert.equal(c.default_cost, 10);
  assert.ok(
    c.endpoint_costs.some((e) =>
      e.method === "POST" && e.path === "/communications/quotes" && e.cost === 2
    ),
  );
  assert.ok(c.endpoint_costs.every((e) => e.cost !== 10));

  const progress = async () =>
    ((await ok(f, "GET", "/account/api_usage_level/volume_progress")).body as {
      volume_progress: Obj[];
    }).volume_progress[0]!;
  const p0 = await progress();
  assert.equal(p0.trailing_30d_volume_fp, "0.00");
  assert.deepEqual((p0.goals as Obj[]).map((g) => g.level), [
    "expert",
    "premier",
    "paragon",
    "prime",
    "prestige",
  ]);

  // Nothing qualifies yet.
  await fails(f, "POST", "/account/api_usage_level/upgrade", undefined, 403);
  // Orders placed through the API qualify for Advanced; other users' orders do not count.
  bus.emit({ type: "order", order: order(crypto.randomUUID(), "v2") });
  bus.emit({ type: "order", order: order(sim.userId, "bot") });
  await fails(f, "POST", "/account/api_usage_level/upgrade", undefined, 403);
  bus.emit({ type: "order", order: order(sim.userId, "v2") });
  await ok(f, "POST", "/account/api_usage_level/upgrade", undefined, 201);
  const adv = (await ok(f, "GET", "/account/limits")).body as Obj;
  assert.equal(adv.usage_tier, "advanced");
  assert.deepEqual(adv.write, { ...TIER_LIMITS.advanced.write });
  assert.deepEqual(adv.grants, [{
    exchange_instance: "event_contract",
    level: "advanced",
    source: "manual",
  }]);

  // Trailing volume counts the last 30 days only, and earns the volume tiers.
  const now = sim.exchange.clock.now();
  bus.emit({ type: "fill", fill: fill(sim.userId, 40_000_00, now - 40 * 86_400_000) });
  bus.emit({ type: "fill", fill: fill(sim.userId, 60_000_00, now) });
  bus.emit({ type: "fill", fill: fill(sim.userId, 20_000_00, now - 86_400_000) });
  assert.equal((await progress()).trailing_30d_volume_fp, "80000.00");
  await ok(f, "POST", "/account/api_usage_level/upgrade", undefined, 201);
  const expert = (await ok(f, "GET", "/account/limits")).body as {
    usage_tier: string;
    grants: Obj[];
  };
  assert.equal(expert.usage_tier, "expert");
  const volumeGrant = expert.grants.find((g) => g.source === "volume")!;
  assert.equal(volumeGrant.level, "expert");
  assert.ok((volumeGrant.expires_ts as number) > Math.floor(now / 1000));
  assert.equal(expert.grants.length, 2);
});
