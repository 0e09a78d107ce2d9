/**
 * End-to-end: the client against the simulator over real loopback sockets.
 */

import assert from "node:assert/strict";
import { KalshiWsError } from "../errors.ts";
import { Rng } from "../sim/_rng.ts";
import { type FillMessage, KalshiWs, type UserOrderMessage } from "./mod.ts";
import {
  asRest,
  barrier,
  bestYesAsk,
  placeOrder,
  restBook,
  type SimRig,
  simRig,
} from "./testdata/sim.ts";

function connect(rig: SimRig): Promise<KalshiWs> {
  return KalshiWs.connect({
    url: rig.sim.wsUrl,
    keyId: rig.sim.keyId,
    privateKey: rig.sim.privateKeyPem,
    reconnect: { initialDelayMs: 5, maxDelayMs: 50 },
  });
}

async function randomOrders(rig: SimRig, rng: Rng, n: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    const cents = rng.int(1, 99);
    await placeOrder(rig.f, {
      ticker: rig.tickers[rng.int(0, rig.tickers.length - 1)]!,
      side: rng.chance(0.5) ? "bid" : "ask",
      price: `0.${String(cents).padStart(2, "0")}00`,
      count: String(rng.int(1, 3)),
    });
  }
}

async function assertBooksMatch(rig: SimRig, feed: Awaited<ReturnType<KalshiWs["books"]>>) {
  for (const t of rig.tickers) {
    const book = await feed.ready(t, { timeoutMs: 5_000 });
    assert.equal(book.stale, false, t);
    assert.deepEqual(asRest(book), await restBook(rig.f, t), t);
  }
}

async function booksMatch(rig: SimRig): Promise<void> {
  await using ws = await connect(rig);
  await using feed = await ws.books(rig.tickers);
  await assertBooksMatch(rig, feed);
  await randomOrders(rig, new Rng(11), 60);
  await barrier(ws);
  await assertBooksMatch(rig, feed);
  assert.equal(ws.stats.gaps, 0);
  assert.equal(ws.stats.errors, 0);
}

async function ownDeltas(rig: SimRig): Promise<void> {
  const t = rig.tickers[0]!;
  await using ws = await connect(rig);
  await using sub = await ws.subscribe({ channels: ["orderbook_delta"], market_tickers: [t] });
  const first = (await sub.next()).value!;
  assert.equal(first.type, "orderbook_snapshot");
  const { client_order_id } = await placeOrder(rig.f, {
    ticker: t,
    side: "bid",
    count: "3",
    price: "0.0100",
  });
  const d = (await sub.next()).value!;
  assert.ok(d.type === "orderbook_delta");
  assert.equal(d.msg.client_order_id, client_order_id);
  assert.equal(d.msg.price_dollars, "0.0100");
  assert.equal(d.msg.delta_fp, "3.00");
  assert.equal(d.msg.side, "yes");
}

async function fillsAndOrders(rig: SimRig): Promise<void> {
  const t = rig.tickers[1]!;
  await using ws = await connect(rig);
  await using sub = await ws.subscribe({ channels: ["fill", "user_orders"], market_tickers: [t] });
  const ask = bestYesAsk(await restBook(rig.f, t));
  assert.ok(ask, "the market has offers");
  const { order_id } = await placeOrder(rig.f, { ticker: t, side: "bid", count: "3", price: ask });
  const order = (await rig.f("GET", `/portfolio/orders/${order_id}`)).body as {
    order: Record<string, unknown>;
  };
  const fills = ((await rig.f("GET", `/portfolio/fills?order_id=${order_id}`)).body as {
    fills: Record<string, unknown>[];
  }).fills;
  assert.ok(fills.length > 0, "the order traded");
  const gotFills: FillMessage[] = [];
  let lastOrder: UserOrderMessage | undefined;
  await barrier(ws);
  for (;;) {
    const r = await sub.next();
    assert.ok(!r.done);
    const m = r.value;
    if (m.type === "fill" && m.msg.order_id === order_id) gotFills.push(m);
    if (m.type === "user_order" && m.msg.order_id === order_id) lastOrder = m;
    if (
      gotFills.length === fills.length &&
      lastOrder?.msg.fill_count_fp === order.order.fill_count_fp
    ) break;
  }
  const key = (f: { trade_id: unknown }) => String(f.trade_id);
  const ws_ = gotFills.map((m) => m.msg).sort((a, b) => key(a).localeCompare(key(b)));
  const rest = [...fills].sort((a, b) => key(a as never).localeCompare(key(b as never)));
  assert.deepEqual(
    ws_.map((f) => [f.trade_id, f.count_fp, f.yes_price_dollars, f.fee_cost, f.is_taker]),
    rest.map((f) => [f.trade_id, f.count_fp, f.yes_price_dollars, f.fee_cost, f.is_taker]),
  );
  const o = lastOrder!.msg;
  for (
    const k of [
      "status",
      "fill_count_fp",
      "remaining_count_fp",
      "initial_count_fp",
      "yes_price_dollars",
      "taker_fill_cost_dollars",
      "taker_fees_dollars",
    ] as const
  ) {
    assert.equal(o[k], order.order[k], k);
  }
}

async function reconnects(rig: SimRig): Promise<void> {
  await using ws = await connect(rig);
  await using feed = await ws.books(rig.tickers);
  await assertBooksMatch(rig, feed);
  const updates = feed[Symbol.asyncIterator]();
  const dropped = await fetch(`${rig.sim.adminUrl}/ws/connections/drop`, {
    method: "POST",
    body: "{}",
  });
  assert.equal((await dropped.json()).dropped, 1);
  const seen: string[] = [];
  for (;;) {
    const u = (await updates.next()).value!;
    seen.push(
      u.type === "stale" || u.type === "recovered" ? `${u.type}:${u.tickers.length}` : u.type,
    );
    if (u.type === "recovered") break;
  }
  assert.equal(seen[0], `stale:${rig.tickers.length}`);
  assert.equal(seen.at(-1), `recovered:${rig.tickers.length}`);
  assert.equal(ws.stats.reconnects, 1);
  await randomOrders(rig, new Rng(12), 20);
  await barrier(ws);
  await assertBooksMatch(rig, feed);
}

async function errorCodes(rig: SimRig): Promise<void> {
  await using ws = await connect(rig);
  await assert.rejects(
    ws.subscribe({ channels: ["orderbook_delta"], market_tickers: ["NO-SUCH-MARKET"] }),
    (e: unknown) => e instanceof KalshiWsError && e.wsCode === 16,
  );
  assert.deepEqual(await ws.listSubscriptions(), []);
}

async function refusedMarketReady(rig: SimRig): Promise<void> {
  await using ws = await connect(rig);
  await using feed = await ws.books(rig.tickers.slice(0, 1));
  const adding = feed.add(["NO-SUCH-MARKET"]);
  // Waiting for a refused market ends with the refusal, not at a timeout.
  const waiting = feed.ready("NO-SUCH-MARKET");
  const refused = (e: unknown) => e instanceof KalshiWsError && e.wsCode === 16;
  await assert.rejects(adding, refused);
  await assert.rejects(waiting, refused);
  await feed.ready(rig.tickers[0]!);
}

Deno.test("e2e: the client against the simulator", async (t) => {
  await using rig = await simRig(4);
  await t.step("books equal the sim's REST order books after deltas", () => booksMatch(rig));
  await t.step("raw orderbook deltas carry our client_order_id", () => ownDeltas(rig));
  await t.step("fills and user_orders agree with REST", () => fillsAndOrders(rig));
  await t.step("a dropped connection is restored and books resnapshotted", () => reconnects(rig));
  await t.step("the sim's error codes surface as KalshiWsError", () => errorCodes(rig));
  await t.step(
    "ready() for a market Kalshi refuses rejects with the refusal",
    () => refusedMarketReady(rig),
  );
});
