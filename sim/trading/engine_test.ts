import assert from "node:assert/strict";
import { TAPERED_DECI_CENT, tradingFee } from "../../money/mod.ts";
import { SimHttpError } from "../_http.ts";
import type { BookSide, SimEvent, Trader } from "../types.ts";
import { testExchange } from "./_fake_catalogue.ts";
import type { OrderIntent } from "./model.ts";

const TICKER = "KXTEST-26JUN01-A";
const C = 100; // one contract in Count units
const USD = 1_000_000; // one dollar in Amount units

function setup(options: { marketMakers?: boolean; fee_type?: string } = {}) {
  const t = testExchange({ marketMakers: options.marketMakers ?? false });
  const m = t.catalogue.add(TICKER, {
    fair: 5000,
    ...(options.fee_type ? { fee_type: options.fee_type } : {}),
  });
  const mk = (cash = 1000): Trader => ({
    user_id: t.ex.accounts.createUser({ cash: cash * USD }).user_id,
    subaccount: 0,
  });
  const events: SimEvent[] = [];
  t.ex.bus.on((e) => events.push(e));
  const place = (
    who: Trader,
    side: BookSide,
    price: number,
    contracts: number,
    extra: Partial<OrderIntent> = {},
  ) =>
    t.trading.submit({
      trader: who,
      ticker: TICKER,
      book_side: side,
      price,
      count: contracts * C,
      time_in_force: "good_till_canceled",
      self_trade_prevention_type: "taker_at_cross",
      source: "v2",
      ...extra,
    });
  return { ...t, m, mk, events, place };
}

function rejects(fn: () => unknown, status: number, code: string): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof SimHttpError, `expected SimHttpError, got ${e}`);
    assert.equal(e.status, status);
    const body = e.body as { error?: { code?: string } };
    assert.equal(body.error?.code, code);
    return true;
  });
}

Deno.test("engine: price-time priority across and within levels", () => {
  const s = setup();
  const [a, b, c, taker] = [s.mk(), s.mk(), s.mk(), s.mk()];
  const a1 = s.place(a, "ask", 5200, 5);
  const b1 = s.place(b, "ask", 5100, 5);
  const c1 = s.place(c, "ask", 5100, 5);
  const t1 = s.place(taker, "bid", 5200, 7);
  assert.equal(t1.status, "executed");
  assert.equal(b1.remaining_count, 0);
  assert.equal(b1.status, "executed");
  assert.equal(c1.fill_count, 2 * C);
  assert.equal(c1.remaining_count, 3 * C);
  assert.equal(a1.fill_count, 0);
  assert.equal(t1.yes_notional, 5100 * 7 * C);
  assert.deepEqual(s.trading.top(TICKER), { yes_bid_size: 0, yes_ask: 5100, yes_ask_size: 300 });
  const trades = s.trading.engine.store.trades(TICKER);
  assert.deepEqual(trades.map((t) => [t.yes_price, t.count, t.taker_book_side]), [
    [5100, 500, "bid"],
    [5100, 200, "bid"],
  ]);
});

Deno.test("engine: partial fill rests the remainder; IOC cancels it", () => {
  const s = setup();
  const [maker, x, y] = [s.mk(), s.mk(), s.mk()];
  s.place(maker, "ask", 4000, 3);
  const gtc = s.place(x, "bid", 4100, 5);
  assert.equal(gtc.status, "resting");
  assert.equal(gtc.fill_count, 3 * C);
  assert.equal(gtc.remaining_count, 2 * C);
  assert.deepEqual(s.trading.levels(TICKER).yes, [[4100, 200]]);
  s.place(maker, "ask", 4500, 1);
  const ioc = s.place(y, "bid", 4500, 4, { time_in_force: "immediate_or_cancel" });
  assert.equal(ioc.status, "canceled");
  assert.equal(ioc.fill_count, 1 * C);
  assert.equal(ioc.remaining_count, 0);
  assert.equal(ioc.last_update_reason, "ImmediateOrCancel");
});

Deno.test("engine: self-trade prevention, taker_at_cross and maker", () => {
  const s = setup();
  const [me, other] = [s.mk(), s.mk()];
  const mine = s.place(me, "ask", 5000, 2);
  s.place(other, "ask", 5100, 2);
  const t1 = s.place(me, "bid", 5100, 3);
  assert.equal(t1.status, "canceled");
  assert.equal(t1.fill_count, 0);
  assert.equal(t1.last_update_reason, "SelfTradeCancel");
  assert.equal(mine.status, "resting");
  const t2 = s.place(me, "bid", 5100, 3, { self_trade_prevention_type: "maker" });
  assert.equal(mine.status, "canceled");
  assert.equal(mine.last_update_reason, "SelfTradeCancel");
  assert.equal(t2.fill_count, 2 * C);
  assert.equal(t2.status, "resting");
  assert.equal(t2.remaining_count, 1 * C);
});

Deno.test("engine: fill-or-kill fills completely or not at all", () => {
  const s = setup();
  const [maker, x] = [s.mk(), s.mk()];
  s.place(maker, "bid", 6000, 2);
  s.place(maker, "bid", 5900, 2);
  const killed = s.place(x, "ask", 5900, 5, { time_in_force: "fill_or_kill" });
  assert.equal(killed.status, "canceled");
  assert.equal(killed.fill_count, 0);
  assert.equal(s.trading.engine.store.trades().length, 0);
  const filled = s.place(x, "ask", 5900, 4, { time_in_force: "fill_or_kill" });
  assert.equal(filled.status, "executed");
  assert.equal(filled.fill_count, 4 * C);
  assert.equal(s.trading.position(x, TICKER), -4 * C);
});

Deno.test("engine: post-only rejects a crossing order and rests otherwise", () => {
  const s = setup();
  const [maker, x] = [s.mk(), s.mk()];
  s.place(maker, "ask", 5000, 1);
  rejects(() => s.place(x, "bid", 5000, 1, { post_only: true }), 400, "invalid_order");
  const ok = s.place(x, "bid", 4900, 1, { post_only: true });
  assert.equal(ok.status, "resting");
});

Deno.test("engine: reduce-only is capped by the position", () => {
  const s = setup();
  const [maker, x] = [s.mk(), s.mk()];
  rejects(() => s.place(x, "ask", 5000, 1, { reduce_only: true }), 400, "invalid_order");
  s.place(maker, "ask", 5000, 10);
  s.place(x, "bid", 5000, 4);
  const r = s.place(x, "ask", 6000, 10, { reduce_only: true });
  assert.equal(r.initial_count, 4 * C);
  assert.equal(r.remaining_count, 4 * C);
});

Deno.test("engine: buy_max_cost kills orders that would cost more", () => {
  const s = setup();
  const [maker, x] = [s.mk(), s.mk()];
  s.place(maker, "ask", 4000, 5);
  s.place(maker, "ask", 6000, 5);
  const base = { type: "market" as const, time_in_force: "immediate_or_cancel" as const };
  const tooDear = s.place(x, "bid", 9900, 8, { ...base, buy_max_cost: 3 * USD });
  assert.equal(tooDear.status, "canceled");
  assert.equal(tooDear.fill_count, 0);
  const ok = s.place(x, "bid", 9900, 6, { ...base, buy_max_cost: 3 * USD + 600_000 });
  assert.equal(ok.status, "executed");
  assert.equal(ok.taker_fill_cost, 5 * 400_000 + 600_000);
});

Deno.test("engine: resting orders expire on the clock", () => {
  const s = setup();
  const x = s.mk();
  const o = s.place(x, "bid", 4000, 2, { expiration_ms: s.clock.now() + 1_000 });
  rejects(
    () => s.place(x, "bid", 4000, 2, { expiration_ms: s.clock.now() - 1 }),
    400,
    "invalid_parameters",
  );
  s.clock.advance(999);
  s.trading.tick();
  assert.equal(o.status, "resting");
  s.clock.advance(1);
  s.events.length = 0;
  s.trading.tick();
  assert.equal(o.status, "canceled");
  assert.equal(o.last_update_reason, "Expired");
  assert.deepEqual(s.trading.levels(TICKER).yes, []);
  assert.equal(s.events[0]?.type, "book_delta");
  assert.equal(s.trading.engine.store.available(x), 1000 * USD);
});

Deno.test("engine: an order group cancels its orders when the limit is reached", () => {
  const s = setup();
  const [mm, x] = [s.mk(), s.mk()];
  const g = s.trading.engine.groups.create(mm, 10 * C);
  const a = s.place(mm, "ask", 5000, 8, { order_group_id: g.id });
  const b = s.place(mm, "ask", 5100, 8, { order_group_id: g.id });
  const t = s.place(x, "bid", 5100, 12);
  assert.equal(a.fill_count, 8 * C);
  assert.equal(b.fill_count, 2 * C);
  assert.equal(b.status, "canceled");
  assert.equal(b.last_update_reason, "OrderGroupTriggered");
  assert.equal(t.fill_count, 10 * C);
  assert.equal(t.remaining_count, 2 * C);
  assert.equal(g.triggered, true);
  assert.ok(s.events.some((e) => e.type === "order_group" && e.event_type === "triggered"));
  rejects(
    () => s.place(mm, "ask", 5500, 1, { order_group_id: g.id }),
    400,
    "order_group_triggered",
  );
  s.trading.engine.groups.reset(g);
  assert.equal(s.place(mm, "ask", 5500, 1, { order_group_id: g.id }).status, "resting");
  // Matches age out of the 15-second window.
  s.clock.advance(15_001);
  const c = s.place(mm, "ask", 5600, 9, { order_group_id: g.id });
  s.place(x, "bid", 5600, 9);
  // 1 contract at 5500 then 8 at 5600: 9 within the window, under the limit of 10.
  assert.equal(c.fill_count, 8 * C);
  assert.equal(g.triggered, false);
});

Deno.test("engine: fees follow the market's fee type", () => {
  const s = setup({ fee_type: "quadratic_with_maker_fees" });
  const [maker, taker] = [s.mk(), s.mk()];
  const mo = s.place(maker, "ask", 5200, 10);
  const to = s.place(taker, "bid", 5200, 10);
  const takerFee = tradingFee({ price: 5200, count: 10 * C, role: "taker" });
  const makerFee = tradingFee({
    price: 5200,
    count: 10 * C,
    role: "maker",
    feeType: "quadratic_with_maker_fees",
  });
  assert.equal(to.taker_fees, takerFee);
  assert.equal(mo.maker_fees, makerFee);
  assert.equal(s.ex.accounts.cash(taker.user_id), 1000 * USD - 5200 * 10 * C - takerFee);
  assert.equal(s.ex.accounts.cash(maker.user_id), 1000 * USD - 4800 * 10 * C - makerFee);
  assert.equal(s.trading.engine.store.feesCollected, takerFee + makerFee);
});

Deno.test("engine: resting bids reserve cash; insufficient balance is rejected", () => {
  const s = setup();
  const x = s.mk(10);
  const o = s.place(x, "bid", 4000, 20);
  assert.equal(s.trading.engine.store.available(x), 10 * USD - 8 * USD);
  rejects(() => s.place(x, "ask", 4000, 4), 400, "insufficient_balance");
  const o2 = s.place(x, "ask", 4500, 3);
  assert.equal(s.trading.engine.store.available(x), 10 * USD - 8 * USD - 3 * 550_000);
  s.trading.engine.cancel(o);
  s.trading.engine.cancel(o2);
  assert.equal(s.trading.engine.store.available(x), 10 * USD);
});

Deno.test("engine: selling a held position needs no cash", () => {
  const s = setup();
  const [maker, x] = [s.mk(), s.mk(6)];
  s.place(maker, "ask", 5000, 10);
  s.place(x, "bid", 5000, 10);
  // $6 − $5 − fees leaves less than $1; closing the position must still be possible.
  const sell = s.place(x, "ask", 5500, 10);
  assert.equal(sell.status, "resting");
  assert.equal(s.trading.engine.store.trader(x).reserved, 0);
});

Deno.test("engine: settlement pays winners and records settlements", () => {
  const s = setup();
  const [yes, no] = [s.mk(), s.mk()];
  s.place(no, "ask", 3000, 10);
  s.place(yes, "bid", 3000, 10);
  const rest = s.place(yes, "bid", 1000, 5);
  const cashYes = s.ex.accounts.cash(yes.user_id);
  const cashNo = s.ex.accounts.cash(no.user_id);
  s.catalogue.determine(TICKER, "yes");
  assert.equal(rest.status, "canceled");
  assert.equal(s.ex.accounts.cash(yes.user_id), cashYes + 10 * USD);
  assert.equal(s.ex.accounts.cash(no.user_id), cashNo);
  const [st] = s.trading.engine.store.settlementsOf(yes.user_id);
  assert.equal(st?.market_result, "yes");
  assert.equal(st?.yes_count, 10 * C);
  assert.equal(st?.yes_total_cost, 3 * USD);
  assert.equal(st?.revenue, 10 * USD);
  assert.equal(s.trading.marketPosition(yes, TICKER), undefined);
  assert.equal(s.trading.engine.store.settledPositionsOf(no.user_id)[0]?.realized_pnl, -7 * USD);
  rejects(() => s.place(yes, "bid", 1000, 1), 400, "market_inactive");
});

Deno.test("engine: closing cancels resting orders; pausing only cancel_order_on_pause ones", () => {
  const s = setup();
  const x = s.mk();
  const keep = s.place(x, "bid", 4000, 1);
  const drop = s.place(x, "bid", 3900, 1, { cancel_order_on_pause: true });
  s.catalogue.setTradingActive(TICKER, false);
  assert.equal(drop.status, "canceled");
  assert.equal(drop.last_update_reason, "PauseCancel");
  assert.equal(keep.status, "resting");
  rejects(() => s.place(x, "bid", 4000, 1), 400, "market_inactive");
  s.catalogue.setTradingActive(TICKER, true);
  assert.equal(keep.status, "canceled");
  const again = s.place(x, "bid", 4000, 1);
  s.catalogue.close(TICKER);
  assert.equal(again.status, "canceled");
  assert.equal(again.last_update_reason, "CloseCancel");
});

Deno.test("engine: amend keeps priority only when shrinking at the same price", () => {
  const s = setup();
  const [a, b, taker] = [s.mk(), s.mk(), s.mk()];
  const oa = s.place(a, "bid", 4000, 5);
  const ob = s.place(b, "bid", 4000, 5);
  s.trading.engine.amend(oa, { price: 4000, count: 3 * C });
  assert.equal(s.trading.engine.queuePosition(oa), 0);
  assert.equal(s.trading.engine.queuePosition(ob), 3 * C);
  s.trading.engine.amend(oa, { price: 4000, count: 6 * C });
  assert.equal(s.trading.engine.queuePosition(ob), 0);
  assert.equal(s.trading.engine.queuePosition(oa), 5 * C);
  s.events.length = 0;
  s.trading.engine.decrease(ob, 1 * C);
  assert.deepEqual(s.events.map((e) => e.type), ["book_delta", "order", "ticker"]);
  assert.equal(s.trading.engine.queuePosition(ob), 0);
  assert.equal(ob.remaining_count, 4 * C);
  s.place(taker, "ask", 4000, 4);
  assert.equal(ob.status, "executed");
  assert.equal(oa.fill_count, 0);
  // Amending across the book trades.
  s.place(taker, "ask", 4500, 2);
  s.trading.engine.amend(oa, { price: 4500, count: 6 * C });
  assert.equal(oa.fill_count, 2 * C);
  assert.equal(oa.price, 4500);
  assert.deepEqual(s.trading.levels(TICKER).yes, [[4500, 400]]);
});

Deno.test("engine: a client order id is unique per user for good", () => {
  const s = setup();
  const x = s.mk();
  const o = s.place(x, "bid", 4000, 1, { client_order_id: "abc" });
  s.trading.engine.cancel(o);
  rejects(
    () => s.place(x, "bid", 4000, 1, { client_order_id: "abc" }),
    409,
    "order_already_exists",
  );
  const y = s.mk();
  assert.equal(s.place(y, "bid", 4000, 1, { client_order_id: "abc" }).status, "resting");
});

Deno.test("engine: tick grid and market existence are checked", () => {
  const s = setup();
  const x = s.mk();
  rejects(() => s.place(x, "bid", 4050, 1), 400, "invalid_price");
  rejects(() => s.place(x, "bid", 0, 1), 400, "invalid_price");
  rejects(
    () =>
      s.trading.submit({
        trader: x,
        ticker: "NOPE",
        book_side: "bid",
        price: 4000,
        count: C,
        time_in_force: "good_till_canceled",
        source: "v2",
      }),
    404,
    "not_found",
  );
  s.catalogue.add("KXTEST-26JUN01-T", { ranges: TAPERED_DECI_CENT });
  const o = s.trading.submit({
    trader: x,
    ticker: "KXTEST-26JUN01-T",
    book_side: "bid",
    price: 50,
    count: C,
    time_in_force: "good_till_canceled",
    source: "v2",
  });
  assert.equal(o.status, "resting");
});

Deno.test("engine: book deltas follow state and describe each side on its own scale", () => {
  const s = setup();
  const [maker, taker] = [s.mk(), s.mk()];
  const seen: [number, number][] = [];
  s.ex.bus.on((e) => {
    if (e.type === "book_delta" && e.side === "no") {
      const level = s.trading.levels(TICKER).no.find(([p]) => p === e.price);
      seen.push([e.delta, level?.[1] ?? 0]);
    }
  });
  s.place(maker, "ask", 6000, 5, { client_order_id: "mk-1" });
  s.place(taker, "bid", 6000, 2);
  assert.deepEqual(seen, [[500, 500], [-200, 300]]);
  const deltas = s.events.filter((e) => e.type === "book_delta");
  assert.deepEqual(
    deltas.map((e) => e.type === "book_delta" && [e.side, e.price, e.client_order_id]),
    [
      ["no", 4000, "mk-1"],
      ["no", 4000, "mk-1"],
    ],
  );
  const types = s.events.map((e) => e.type);
  assert.deepEqual(types.slice(-9), [
    "book_delta",
    "trade",
    "fill",
    "fill",
    "order",
    "position",
    "position",
    "order",
    "ticker",
  ]);
});

Deno.test("engine: executeCross books a negotiated trade for both parties", () => {
  const s = setup();
  const [y, n] = [s.mk(), s.mk()];
  const r = s.trading.executeCross({
    ticker: TICKER,
    yes: { ...y, client_order_id: "q1" },
    no: n,
    yes_price: 3500,
    count: 10 * C,
    is_block_trade: true,
  });
  assert.equal(s.trading.position(y, TICKER), 10 * C);
  assert.equal(s.trading.position(n, TICKER), -10 * C);
  assert.equal(s.trading.order(r.yes_order_id)?.status, "executed");
  assert.equal(s.trading.order(r.no_order_id)?.taker_fill_cost, 6500 * 10 * C);
  const [trade] = s.trading.engine.store.trades(TICKER);
  assert.equal(trade?.is_block_trade, true);
  assert.equal(s.m.open_interest, 10 * C);
});

Deno.test("engine: market makers seed every open book with an ask in (0.01, 0.99]", () => {
  const s = setup({ marketMakers: true });
  for (const fair of [1, 50, 150, 5000, 9850, 9999]) {
    const t = `KXTEST-26JUN01-F${fair}`;
    s.catalogue.add(t, { fair });
    const top = s.trading.top(t);
    assert.ok(top.yes_ask !== undefined && top.yes_ask > 100 && top.yes_ask <= 9900, `${fair}`);
    if (top.yes_bid !== undefined) assert.ok(top.yes_bid < top.yes_ask);
  }
  const closed = "KXTEST-26JUN01-C";
  s.catalogue.add(closed, { status: "closed" });
  assert.deepEqual(s.trading.levels(closed), { yes: [], no: [] });
  // Seeding is silent.
  assert.equal(s.events.length, 0);
});

Deno.test("engine: market makers replenish consumed quotes", () => {
  const s = setup({ marketMakers: true });
  const x = s.mk();
  const before = s.trading.levels(TICKER).no.length;
  const ask = s.trading.top(TICKER).yes_ask!;
  s.place(x, "bid", ask, 1_000, { time_in_force: "immediate_or_cancel" });
  assert.ok(s.trading.levels(TICKER).no.length < before);
  s.trading.tick();
  assert.equal(s.trading.levels(TICKER).no.length, before);
  const trade = s.trading.marketMakers;
  s.catalogue.add("KXTEST-26JUN01-B", { fair: 3000 });
  trade.trade(1_000, 10);
  assert.ok(s.trading.engine.store.trades().length >= 1);
});

Deno.test("engine: trades update the market's statistics", () => {
  const s = setup();
  const [a, b] = [s.mk(), s.mk()];
  s.place(a, "ask", 5500, 3);
  s.place(b, "bid", 5500, 3);
  s.place(b, "ask", 5300, 1);
  s.place(a, "bid", 5300, 1);
  assert.equal(s.m.last_price, 5300);
  assert.equal(s.m.previous_price, 5500);
  assert.equal(s.m.volume, 4 * C);
  assert.equal(s.m.volume_24h, 4 * C);
  assert.equal(s.m.open_interest, 2 * C);
  s.clock.advance(24 * 3_600_000);
  s.trading.tick();
  assert.equal(s.m.volume_24h, 0);
  assert.equal(s.m.volume, 4 * C);
});

Deno.test("engine: subaccounts hold their own cash and positions", () => {
  const s = setup();
  const [maker, x] = [s.mk(), s.mk(0)];
  const sub = s.ex.accounts.createSubaccount(x.user_id);
  s.ex.accounts.adjustCash(x.user_id, sub, 50 * USD);
  const xs = { user_id: x.user_id, subaccount: sub };
  rejects(() => s.place(x, "bid", 5000, 1), 400, "insufficient_balance");
  s.place(maker, "ask", 5000, 2);
  s.place(xs, "bid", 5000, 2);
  assert.equal(s.trading.position(xs, TICKER), 2 * C);
  assert.equal(s.trading.position(x, TICKER), 0);
  assert.equal(s.ex.accounts.cash(x.user_id, 0), 0);
  rejects(
    () => s.place({ user_id: x.user_id, subaccount: 9 }, "bid", 5000, 1),
    400,
    "invalid_subaccount",
  );
});
