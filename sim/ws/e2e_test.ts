// End to end: orders placed over REST on the full simulator show up on the WebSocket feed.
import assert from "node:assert/strict";
import { simFetcher } from "../../_testing/sim_fetch.ts";
import { formatPrice, parseAmount, parseCount, type Price } from "../../money/mod.ts";
import { type SimServer, startSim } from "../server.ts";
import { type Frame, TestWs } from "./testdata/harness.ts";

/** An active penny-tick market with room for a bid strictly inside the spread. */
function pickMarket(sim: SimServer): { ticker: string; price: Price } {
  const ex = sim.exchange;
  for (const m of ex.catalogue.allMarkets()) {
    if (m.status !== "active" || m.price_level_structure !== "linear_cent") continue;
    if (m.mve_collection_ticker !== undefined) continue;
    const top = ex.trading.top(m.ticker);
    const bid = top.yes_bid ?? 0;
    const ask = top.yes_ask ?? 10_000;
    if (bid >= 500 && ask - bid >= 200) return { ticker: m.ticker, price: bid + 100 };
  }
  throw new Error("no market with a wide enough spread");
}

async function subscribe(ws: TestWs, id: number, params: Record<string, unknown>): Promise<void> {
  ws.send({ id, cmd: "subscribe", params });
  for (const _ of params.channels as string[]) {
    const f = await ws.next((f) => f.id === id);
    assert.equal(f.type, "subscribed", JSON.stringify(f));
  }
}

type Book = Map<string, number>;

/** Applies snapshots and deltas the way a client does; returns the books by side. */
function replay(frames: Frame[]): { yes: Book; no: Book } {
  const book = { yes: new Map<string, number>(), no: new Map<string, number>() };
  for (const f of frames) {
    if (f.type === "orderbook_snapshot") {
      book.yes = new Map(
        (f.msg.yes_dollars_fp ?? []).map(([p, c]: string[]) => [p, parseCount(c!)]),
      );
      book.no = new Map((f.msg.no_dollars_fp ?? []).map(([p, c]: string[]) => [p, parseCount(c!)]));
    } else if (f.type === "orderbook_delta") {
      const side = book[f.msg.side as "yes" | "no"];
      const q = (side.get(f.msg.price_dollars) ?? 0) + parseCount(f.msg.delta_fp, { signed: true });
      if (q <= 0) side.delete(f.msg.price_dollars);
      else side.set(f.msg.price_dollars, q);
    }
  }
  return book;
}

Deno.test("REST orders show up on the feed: book, orders, trades, fills, positions, ticker", async () => {
  await using sim = await startSim({ seed: 11, markets: 200 });
  using alice = await simFetcher(sim);
  const created = await fetch(`${sim.adminUrl}/users`, { method: "POST", body: "{}" });
  const bobCreds = await created.json();
  using bob = await simFetcher({
    restUrl: sim.restUrl,
    keyId: bobCreds.key_id,
    privateKeyPem: bobCreds.private_key,
  });
  const { ticker, price } = pickMarket(sim);

  await using wa = await TestWs.connect(sim.wsUrl, sim);
  await using wb = await TestWs.connect(sim.wsUrl, {
    keyId: bobCreds.key_id,
    privateKeyPem: bobCreds.private_key,
  });
  await subscribe(wa, 1, {
    channels: ["orderbook_delta", "ticker", "trade", "fill", "user_orders", "market_positions"],
    market_ticker: ticker,
  });
  await subscribe(wb, 1, {
    channels: ["orderbook_delta", "fill", "user_orders"],
    market_ticker: ticker,
  });
  await wa.next((f) => f.type === "orderbook_snapshot");

  const place = await alice("POST", "/portfolio/events/orders", {
    ticker,
    client_order_id: "alice-1",
    side: "bid",
    count: "3",
    price: formatPrice(price),
    time_in_force: "good_till_canceled",
    self_trade_prevention_type: "taker_at_cross",
  });
  assert.equal(place.status, 201, JSON.stringify(place.body));
  const orderId = (place.body as { order_id: string }).order_id;
  const resting = await wa.next((f) => f.type === "user_order");
  assert.deepEqual(
    [
      resting.msg.order_id,
      resting.msg.status,
      resting.msg.client_order_id,
      resting.msg.yes_price_dollars,
    ],
    [orderId, "resting", "alice-1", formatPrice(price)],
  );
  const own = await wa.next((f) => f.type === "orderbook_delta");
  assert.deepEqual(
    [own.msg.side, own.msg.price_dollars, own.msg.delta_fp, own.msg.client_order_id],
    ["yes", formatPrice(price), "3.00", "alice-1"],
  );
  const seen = await wb.next((f) =>
    f.type === "orderbook_delta" && f.msg.price_dollars === formatPrice(price)
  );
  assert.equal(seen.msg.client_order_id, undefined, "another user's order stays anonymous");

  const hit = await bob("POST", "/portfolio/events/orders", {
    ticker,
    client_order_id: "bob-1",
    side: "ask",
    count: "2",
    price: formatPrice(price),
    time_in_force: "immediate_or_cancel",
    self_trade_prevention_type: "taker_at_cross",
  });
  assert.equal(hit.status, 201, JSON.stringify(hit.body));
  const trade = await wa.next((f) => f.type === "trade");
  assert.deepEqual(
    [
      trade.msg.market_ticker,
      trade.msg.yes_price_dollars,
      trade.msg.count_fp,
      trade.msg.taker_book_side,
    ],
    [ticker, formatPrice(price), "2.00", "ask"],
  );
  const fa = await wa.next((f) => f.type === "fill");
  assert.deepEqual([fa.msg.order_id, fa.msg.is_taker, fa.msg.count_fp, fa.msg.book_side], [
    orderId,
    false,
    "2.00",
    "bid",
  ]);
  assert.equal(fa.msg.trade_id, trade.msg.trade_id);
  const fb = await wb.next((f) => f.type === "fill");
  assert.deepEqual([fb.msg.is_taker, fb.msg.book_side, fb.msg.outcome_side], [true, "ask", "no"]);
  const pos = await wa.next((f) => f.type === "market_position");
  assert.equal(pos.msg.position_fp, "2.00");
  assert.equal(pos.msg.volume_fp, "2.00");
  assert.equal(parseAmount(pos.msg.position_cost_dollars) > 0, true);
  const partial = await wa.next((f) => f.type === "user_order" && f.msg.fill_count_fp === "2.00");
  assert.equal(partial.msg.remaining_count_fp, "1.00");
  const tick = await wa.next((f) => f.type === "ticker" && f.msg.last_trade_size_fp === "2.00");
  assert.equal(tick.msg.price_dollars, formatPrice(price));
  assert.equal(tick.msg.yes_bid_dollars, formatPrice(price), "one contract still rests");

  // A client that applies the deltas to its snapshot holds the book a fresh snapshot shows.
  const snap = await wa.request({
    id: 2,
    cmd: "update_subscription",
    params: { sid: 1, market_tickers: [ticker], action: "get_snapshot" },
  });
  const stream = wa.frames.filter((f) => f.sid === 1);
  assert.deepEqual(stream.map((f) => f.seq), stream.map((_, i) => i + 1), "no gaps");
  const before = stream.slice(0, stream.indexOf(snap));
  assert.ok(before.length >= 3);
  assert.deepEqual(replay(before), replay([snap]));
});

Deno.test("market lifecycle and RFQs reach the feed", async () => {
  await using sim = await startSim({ seed: 12, markets: 200 });
  using alice = await simFetcher(sim);
  const created = await fetch(`${sim.adminUrl}/users`, { method: "POST", body: "{}" });
  const bobCreds = await created.json();
  const { ticker } = pickMarket(sim);
  await using wa = await TestWs.connect(sim.wsUrl, sim);
  await using wb = await TestWs.connect(sim.wsUrl, {
    keyId: bobCreds.key_id,
    privateKeyPem: bobCreds.private_key,
  });
  await subscribe(wa, 1, { channels: ["market_lifecycle_v2", "communications"] });
  await subscribe(wb, 1, { channels: ["communications"] });

  const paused = await fetch(`${sim.adminUrl}/markets/${ticker}/pause`, { method: "POST" });
  await paused.body?.cancel();
  const lc = await wa.next((f) =>
    f.type === "market_lifecycle_v2" && f.msg.market_ticker === ticker
  );
  assert.deepEqual([lc.msg.event_type, lc.msg.is_deactivated], ["deactivated", true]);

  const resumed = await fetch(`${sim.adminUrl}/markets/${ticker}/resume`, { method: "POST" });
  await resumed.body?.cancel();
  const rfq = await alice("POST", "/communications/rfqs", {
    market_ticker: ticker,
    contracts: 10,
    rest_remainder: false,
  });
  assert.equal(rfq.status, 201, JSON.stringify(rfq.body));
  const id = (rfq.body as { id: string }).id;
  const me = sim.exchange.accounts.user(sim.userId)!;
  const a = await wa.next((f) => f.type === "rfq_created" && f.msg.id === id);
  assert.deepEqual([a.msg.creator_id, a.msg.market_ticker, a.msg.contracts_fp], [
    me.communications_id,
    ticker,
    "10.00",
  ]);
  const b = await wb.next((f) => f.type === "rfq_created" && f.msg.id === id);
  assert.equal(b.msg.creator_id, "0", "the creator is hidden from others while the RFQ is open");

  // The simulated market makers quote; accepting one runs it to execution.
  const quote = await wa.next((f) => f.type === "quote_created" && f.msg.rfq_id === id);
  assert.deepEqual([quote.msg.rfq_creator_id, quote.msg.market_ticker], [
    me.communications_id,
    ticker,
  ]);
  const accepted = await alice(
    "PUT",
    `/communications/rfqs/${id}/quotes/${quote.msg.quote_id}/accept`,
    { accepted_side: "yes" },
  );
  assert.equal(accepted.status, 204, JSON.stringify(accepted.body));
  const acc = await wa.next((f) => f.type === "quote_accepted");
  assert.deepEqual([acc.msg.quote_id, acc.msg.accepted_side], [quote.msg.quote_id, "yes"]);
  const exec = await wa.next((f) => f.type === "quote_executed");
  assert.equal(exec.msg.quote_id, quote.msg.quote_id);
  assert.ok(exec.msg.order_id, "the requester's own order id");
  assert.deepEqual(
    (await wb.drain()).filter((f) => f.type.startsWith("quote_")),
    [],
    "quote events go to the two parties only",
  );
  // Every communications message of the stream is numbered without gaps.
  const seqs = wa.frames.filter((f) => f.sid === 2).map((f) => f.seq);
  assert.deepEqual(seqs, seqs.map((_, i) => i + 1));
});
