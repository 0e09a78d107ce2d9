import assert from "node:assert/strict";
import type { FillRecord, OrderRecord, SimEvent, TradeRecord } from "../types.ts";
import { marketIdOf, wsOrderbookSnapshot } from "./render.ts";
import {
  bookDelta,
  credsOf,
  type Frame,
  MVE,
  restrictedKey,
  startFakeSim,
  T1,
  T2,
  T3,
  TestWs,
} from "./testdata/harness.ts";

const TS = 1_767_225_600_000;

async function subscribe(ws: TestWs, id: number, params: Record<string, unknown>): Promise<void> {
  ws.send({ id, cmd: "subscribe", params });
  const channels = params.channels as string[];
  for (let i = 0; i < channels.length; i++) {
    const f = await ws.next((f) => f.id === id && (f.type === "subscribed" || f.type === "error"));
    assert.equal(f.type, "subscribed", JSON.stringify(f));
  }
}

function order(user: string, over: Partial<OrderRecord> = {}): OrderRecord {
  return {
    order_id: crypto.randomUUID(),
    user_id: user,
    subaccount: 0,
    client_order_id: "c-1",
    ticker: T1,
    book_side: "bid",
    price: 4200,
    type: "limit",
    time_in_force: "good_till_canceled",
    status: "resting",
    initial_count: 1000,
    fill_count: 0,
    remaining_count: 1000,
    taker_fill_cost: 0,
    maker_fill_cost: 0,
    taker_fees: 0,
    maker_fees: 0,
    self_trade_prevention_type: "taker_at_cross",
    post_only: false,
    reduce_only: false,
    cancel_order_on_pause: false,
    created_ms: TS,
    last_update_ms: TS,
    exchange_index: 0,
    source: "v2",
    ...over,
  };
}

function fill(user: string, over: Partial<FillRecord> = {}): FillRecord {
  const id = crypto.randomUUID();
  return {
    fill_id: id,
    trade_id: id,
    order_id: crypto.randomUUID(),
    client_order_id: "c-1",
    user_id: user,
    subaccount: 0,
    ticker: T1,
    book_side: "bid",
    yes_price: 4200,
    count: 300,
    is_taker: true,
    fee_cost: 20_000,
    post_position: 300,
    created_ms: TS,
    exchange_index: 0,
    ...over,
  };
}

function trade(over: Partial<TradeRecord> = {}): TradeRecord {
  return {
    trade_id: crypto.randomUUID(),
    ticker: T1,
    yes_price: 3600,
    count: 13_600,
    taker_book_side: "ask",
    is_block_trade: false,
    created_ms: TS,
    ...over,
  };
}

const types = (fs: Frame[]) => fs.map((f) => f.type);

Deno.test("orderbook_delta: deltas follow snapshots in one seq per sid, own orders named", async () => {
  await using sim = await startFakeSim();
  sim.trading.books.set(T1, { yes: [[4200, 1300]], no: [[5600, 100], [5400, 2000]] });
  await using alice = await TestWs.connect(sim.wsUrl, credsOf(sim.alice));
  await using bob = await TestWs.connect(sim.wsUrl, credsOf(sim.bob));
  await subscribe(alice, 1, { channels: ["orderbook_delta"], market_tickers: [T1, T2] });
  await subscribe(bob, 1, {
    channels: ["orderbook_delta"],
    market_ticker: T1,
    use_yes_price: true,
  });

  const bobSnap = await bob.next((f) => f.type === "orderbook_snapshot");
  assert.deepEqual(bobSnap.msg, {
    market_ticker: T1,
    market_id: marketIdOf(sim.ex, T1),
    yes_dollars_fp: [["0.4200", "13.00"]],
    no_dollars_fp: [["0.4400", "1.00"], ["0.4600", "20.00"]],
  });
  assert.deepEqual(bobSnap.msg, { ...wsOrderbookSnapshot(sim.ex, T1, { useYesPrice: true }) });

  sim.emit(bookDelta(T1, "yes", 4300, 500, { user_id: sim.alice.user_id, client_order_id: "a-1" }));
  sim.emit(bookDelta(T1, "no", 5400, -2000));
  sim.emit(bookDelta(T3, "yes", 100, 100));
  sim.emit(bookDelta(T2, "yes", 100, 45, { user_id: sim.alice.user_id, subaccount: 2 }));
  const a = (await alice.drain()).filter((f) => f.type.startsWith("orderbook"));
  assert.deepEqual(a.map((f) => [f.type, f.msg.market_ticker, f.seq]), [
    ["orderbook_snapshot", T1, 1],
    ["orderbook_snapshot", T2, 2],
    ["orderbook_delta", T1, 3],
    ["orderbook_delta", T1, 4],
    ["orderbook_delta", T2, 5],
  ]);
  assert.deepEqual(a[2]!.msg, {
    market_ticker: T1,
    market_id: marketIdOf(sim.ex, T1),
    price_dollars: "0.4300",
    delta_fp: "5.00",
    side: "yes",
    client_order_id: "a-1",
    ts: "2026-01-01T00:00:00.000Z",
    ts_ms: TS,
  });
  assert.deepEqual([a[3]!.msg.side, a[3]!.msg.price_dollars, a[3]!.msg.delta_fp], [
    "no",
    "0.5400",
    "-20.00",
  ]);
  assert.equal(a[4]!.msg.subaccount, 2);
  assert.equal(a[4]!.msg.delta_fp, "0.45");

  const b = (await bob.drain()).filter((f) => f.type === "orderbook_delta");
  assert.deepEqual(b.map((f) => [f.seq, f.msg.side, f.msg.price_dollars]), [
    [2, "yes", "0.4300"],
    [3, "no", "0.4600"],
  ]);
  assert.equal("client_order_id" in b[0]!.msg, false, "someone else's order stays anonymous");
});

Deno.test("ticker: initial snapshot on request, one message per ticker event, market_ids", async () => {
  await using sim = await startFakeSim();
  sim.trading.books.set(T1, { yes: [[4500, 30000]], no: [[4700, 15000]] });
  await using alice = await TestWs.connect(sim.wsUrl, credsOf(sim.alice));
  await using bob = await TestWs.connect(sim.wsUrl, credsOf(sim.bob));
  await subscribe(alice, 1, {
    channels: ["ticker"],
    market_tickers: [T1],
    send_initial_snapshot: true,
  });
  const first = await alice.next((f) => f.type === "ticker");
  assert.equal(first.seq, undefined);
  const { ts, ts_ms, time, ...rest } = first.msg;
  assert.equal(typeof ts, "number");
  assert.equal(new Date(time).getTime(), ts_ms);
  assert.deepEqual(rest, {
    market_id: marketIdOf(sim.ex, T1),
    market_ticker: T1,
    price_dollars: "0.4800",
    yes_bid_dollars: "0.4500",
    yes_ask_dollars: "0.5300",
    volume_fp: "33896.00",
    open_interest_fp: "20422.00",
    dollar_volume: 16270,
    dollar_open_interest: 9802,
    yes_bid_size_fp: "300.00",
    yes_ask_size_fp: "150.00",
    last_trade_size_fp: "0.00",
  });
  await subscribe(bob, 1, { channels: ["ticker"] });

  sim.emit({ type: "trade", trade: trade({ ticker: T2, count: 2500 }) });
  sim.emit({ type: "ticker", ticker: T1, ts_ms: TS });
  sim.emit({ type: "ticker", ticker: T2, ts_ms: TS });
  const a = await alice.drain();
  assert.deepEqual(a.map((f) => f.msg.market_ticker), [T1]);
  assert.equal(a[0]!.msg.ts_ms, TS);
  const b = await bob.drain();
  assert.deepEqual(b.map((f) => f.msg.market_ticker), [T1, T2]);
  assert.equal(b[1]!.msg.last_trade_size_fp, "25.00");

  // By market UUID.
  const id3 = marketIdOf(sim.ex, T3);
  const ok = await alice.request({
    id: 2,
    cmd: "update_subscription",
    params: { sid: 1, market_ids: [id3], action: "add_markets", send_initial_snapshot: true },
  });
  assert.deepEqual(ok.msg, { market_tickers: [T1, T3], market_ids: [id3] });
  assert.equal((await alice.next((f) => f.type === "ticker")).msg.market_ticker, T3);
});

Deno.test("trade: public trades on a sequenced stream", async () => {
  await using sim = await startFakeSim();
  await using ws = await TestWs.connect(sim.wsUrl, credsOf(sim.bob));
  await subscribe(ws, 1, { channels: ["trade"], market_ticker: T1 });
  const t = trade();
  sim.emit({ type: "trade", trade: t });
  sim.emit({ type: "trade", trade: trade({ ticker: T2 }) });
  sim.emit({ type: "trade", trade: trade({ taker_book_side: "bid", yes_price: 9900, count: 1 }) });
  const frames = await ws.drain();
  assert.deepEqual(frames.map((f) => [f.type, f.sid, f.seq]), [["trade", 1, 1], ["trade", 1, 2]]);
  assert.deepEqual(frames[0]!.msg, {
    trade_id: t.trade_id,
    market_ticker: T1,
    yes_price_dollars: "0.3600",
    no_price_dollars: "0.6400",
    count_fp: "136.00",
    taker_side: "no",
    taker_outcome_side: "no",
    taker_book_side: "ask",
    is_block_trade: false,
    ts: TS / 1000,
    ts_ms: TS,
  });
  assert.deepEqual(
    [frames[1]!.msg.taker_outcome_side, frames[1]!.msg.count_fp, frames[1]!.msg.no_price_dollars],
    ["yes", "0.01", "0.0100"],
  );
});

Deno.test("private channels deliver only the subscriber's own data", async () => {
  await using sim = await startFakeSim();
  const all = ["fill", "user_orders", "market_positions", "order_group_updates"];
  await using alice = await TestWs.connect(sim.wsUrl, credsOf(sim.alice));
  await using bob = await TestWs.connect(sim.wsUrl, credsOf(sim.bob));
  await subscribe(alice, 1, { channels: all });
  await subscribe(bob, 1, { channels: all });
  const aid = sim.alice.user_id;
  const o = order(aid);
  const f1 = fill(aid, { order_id: o.order_id });
  sim.trading.positions.set(`${aid}|0|${T1}`, 300);
  const events: SimEvent[] = [
    { type: "order", order: o },
    { type: "fill", fill: f1 },
    { type: "position", user_id: aid, subaccount: 0, ticker: T1, ts_ms: TS },
    {
      type: "order_group",
      user_id: aid,
      subaccount: 0,
      order_group_id: "og-1",
      event_type: "created",
      contracts_limit: 15_000,
      ts_ms: TS,
    },
  ];
  for (const ev of events) sim.emit(ev);
  // Alice sells 1.00 at 0.50: realises 0.50 − 0.42 on one contract.
  sim.trading.positions.set(`${aid}|0|${T1}`, 200);
  sim.emit({
    type: "fill",
    fill: fill(aid, {
      book_side: "ask",
      yes_price: 5000,
      count: 100,
      fee_cost: 10_000,
      post_position: 200,
    }),
  });
  sim.emit({ type: "position", user_id: aid, subaccount: 0, ticker: T1, ts_ms: TS });

  const a = await alice.drain();
  assert.deepEqual(types(a), [
    "user_order",
    "fill",
    "market_position",
    "order_group_updates",
    "fill",
    "market_position",
  ]);
  assert.deepEqual(await bob.drain(), []);

  const [uo, fl, pos, og, sell, pos2] = a as [Frame, Frame, Frame, Frame, Frame, Frame];
  assert.equal(uo.seq, undefined);
  assert.deepEqual(
    [
      uo.msg.order_id,
      uo.msg.status,
      uo.msg.book_side,
      uo.msg.yes_price_dollars,
      uo.msg.remaining_count_fp,
    ],
    [o.order_id, "resting", "bid", "0.4200", "10.00"],
  );
  assert.deepEqual(
    [
      fl.msg.order_id,
      fl.msg.client_order_id,
      fl.msg.count_fp,
      fl.msg.fee_cost,
      fl.msg.post_position_fp,
    ],
    [o.order_id, "c-1", "3.00", "0.020000", "3.00"],
  );
  assert.deepEqual([fl.msg.outcome_side, fl.msg.side, fl.msg.action, fl.msg.is_taker], [
    "yes",
    "yes",
    "buy",
    true,
  ]);
  assert.deepEqual(pos.msg, {
    user_id: aid,
    market_ticker: T1,
    position_fp: "3.00",
    position_cost_dollars: "1.2600",
    realized_pnl_dollars: "0.0000",
    fees_paid_dollars: "0.0200",
    position_fee_cost_dollars: "0.0200",
    volume_fp: "3.00",
  });
  assert.deepEqual(og, {
    type: "order_group_updates",
    sid: 4,
    seq: 1,
    msg: { event_type: "created", order_group_id: "og-1", contracts_limit_fp: "150.00", ts_ms: TS },
  });
  assert.deepEqual([sell.msg.book_side, sell.msg.outcome_side, sell.msg.side], ["ask", "no", "no"]);
  assert.deepEqual(
    [
      pos2.msg.position_fp,
      pos2.msg.position_cost_dollars,
      pos2.msg.realized_pnl_dollars,
      pos2.msg.volume_fp,
    ],
    ["2.00", "0.8400", "0.0800", "4.00"],
  );
  assert.equal(pos2.msg.fees_paid_dollars, "0.0300");
});

Deno.test("a key restricted to a subaccount sees only that subaccount's private data", async () => {
  await using sim = await startFakeSim();
  const aid = sim.alice.user_id;
  await using sub1 = await TestWs.connect(sim.wsUrl, await restrictedKey(sim.ex, sim.alice, 1));
  await subscribe(sub1, 1, { channels: ["fill", "orderbook_delta"], market_ticker: T1 });
  sim.emit({ type: "fill", fill: fill(aid, { subaccount: 0 }) });
  sim.emit({ type: "fill", fill: fill(aid, { subaccount: 1 }) });
  sim.emit(bookDelta(T1, "yes", 100, 100, { user_id: aid, client_order_id: "p", subaccount: 0 }));
  sim.emit(bookDelta(T1, "yes", 100, 100, { user_id: aid, client_order_id: "s", subaccount: 1 }));
  const frames = (await sub1.drain()).filter((f) => f.type !== "orderbook_snapshot");
  assert.deepEqual(frames.map((f) => [f.type, f.msg.subaccount, f.msg.client_order_id]), [
    ["fill", 1, "c-1"],
    ["orderbook_delta", undefined, undefined],
    ["orderbook_delta", 1, "s"],
  ]);
});

Deno.test("lifecycle: ordinary markets on market_lifecycle_v2, combos on multivariate_market_lifecycle", async () => {
  await using sim = await startFakeSim();
  await using ws = await TestWs.connect(sim.wsUrl, credsOf(sim.alice));
  await subscribe(ws, 1, {
    channels: ["market_lifecycle_v2", "multivariate_market_lifecycle"],
    market_ticker: T1,
  });
  const lc = (ticker: string, event_type: string): SimEvent =>
    ({ type: "market_lifecycle", ticker, event_type, ts_ms: TS }) as SimEvent;
  sim.emit(lc(T2, "created"));
  sim.emit(lc(T1, "deactivated"));
  sim.emit(lc(T1, "metadata_updated"));
  sim.ex.catalogue.determine(T1, "yes");
  sim.emit(lc(T1, "determined"));
  sim.emit({ type: "event_lifecycle", event_ticker: "KXSIMWS-26JAN01", ts_ms: TS });
  sim.emit(lc(MVE, "created"));
  sim.emit(lc(MVE, "metadata_updated"));
  sim.emit({ type: "event_lifecycle", event_ticker: "KXMVESIMWS-26JAN01", ts_ms: TS });
  const frames = await ws.drain();
  assert.deepEqual(frames.map((f) => [f.type, f.sid, f.seq, f.msg.event_type]), [
    ["market_lifecycle_v2", 1, 1, "created"],
    ["market_lifecycle_v2", 1, 2, "deactivated"],
    ["market_lifecycle_v2", 1, 3, "metadata_updated"],
    ["market_lifecycle_v2", 1, 4, "determined"],
    ["event_lifecycle", 1, 5, undefined],
    ["multivariate_market_lifecycle", 2, 1, "created"],
    ["event_lifecycle", 2, 2, undefined],
  ]);
  const created = frames[0]!.msg;
  assert.equal(created.market_ticker, T2, "the market filter does not apply");
  assert.deepEqual(created.price_ranges, [{ start: "0.0000", end: "1.0000", step: "0.0100" }]);
  assert.equal(created.additional_metadata.event_ticker, "KXSIMWS-26JAN01");
  assert.equal(created.additional_metadata.floor_strike, 4487);
  assert.equal(frames[1]!.msg.is_deactivated, true);
  assert.deepEqual([frames[3]!.msg.result, frames[3]!.msg.settlement_value], ["yes", "1.0000"]);
  assert.deepEqual(frames[4]!.msg.collateral_return_type, "MECNET");
});

Deno.test("communications: audience, user_filter self and sharding", async () => {
  await using sim = await startFakeSim();
  const alice = sim.ex.accounts.user(sim.alice.user_id)!;
  const bob = sim.ex.accounts.user(sim.bob.user_id)!;
  const creators: Record<string, string> = { "rfq-a": alice.communications_id, "rfq-b": "0" };
  sim.ex.comms = {
    register() {},
    wsMessage(ev: Extract<SimEvent, { type: "communications" }>) {
      return { type: ev.event_type, msg: render(ev) };
    },
  } as typeof sim.ex.comms;
  function render(ev: Extract<SimEvent, { type: "communications" }>) {
    const base = {
      market_ticker: ev.rfq_id === "rfq-a" ? T1 : T2,
      event_ticker: "KXSIMWS-26JAN01",
    };
    if (ev.event_type === "rfq_created") {
      return {
        id: ev.rfq_id,
        creator_id: creators[ev.rfq_id],
        ...base,
        contracts_fp: "100.00",
        created_ts: new Date(ev.ts_ms).toISOString(),
      };
    }
    return {
      quote_id: ev.quote_id,
      rfq_id: ev.rfq_id,
      quote_creator_id: bob.communications_id,
      rfq_creator_id: alice.communications_id,
      ...base,
      yes_bid_dollars: "0.3500",
      no_bid_dollars: "0.6500",
      created_ts: new Date(ev.ts_ms).toISOString(),
    };
  }
  await using a = await TestWs.connect(sim.wsUrl, credsOf(sim.alice));
  await using b = await TestWs.connect(sim.wsUrl, credsOf(sim.bob));
  await subscribe(a, 1, { channels: ["communications"], user_filter: "self" });
  await subscribe(b, 1, { channels: ["communications"] });
  await subscribe(b, 2, { channels: ["communications"], shard_factor: 2, shard_key: 1 });
  sim.emit({ type: "communications", event_type: "rfq_created", rfq_id: "rfq-a", ts_ms: TS });
  sim.emit({ type: "communications", event_type: "rfq_created", rfq_id: "rfq-b", ts_ms: TS });
  sim.emit({
    type: "communications",
    event_type: "quote_created",
    rfq_id: "rfq-a",
    quote_id: "q-1",
    audience: [alice.user_id],
    ts_ms: TS,
  });
  const fa = await a.drain();
  assert.deepEqual(fa.map((f) => [f.type, f.seq, f.msg.id ?? f.msg.quote_id]), [
    ["rfq_created", 1, "rfq-a"],
    ["quote_created", 2, "q-1"],
  ]);
  // Bob's repeated subscribe replaced the filter with shard 1 of 2; one of the two RFQs is his.
  const fb = await b.drain();
  assert.ok(fb.every((f) => f.type === "rfq_created"));
  assert.equal(fb.length, 1);
});

Deno.test("communications without a renderer still sends schema-valid messages", async () => {
  await using sim = await startFakeSim();
  await using ws = await TestWs.connect(sim.wsUrl, credsOf(sim.alice));
  await subscribe(ws, 1, { channels: ["communications"] });
  for (
    const event_type of [
      "rfq_created",
      "rfq_deleted",
      "quote_created",
      "quote_accepted",
      "quote_executed",
    ] as const
  ) {
    sim.emit({ type: "communications", event_type, rfq_id: "r", quote_id: "q", ts_ms: TS });
  }
  assert.equal((await ws.drain()).length, 5);
});

Deno.test("index feeds: values for the requested ids, lists and filter updates", async () => {
  await using sim = await startFakeSim();
  await using ws = await TestWs.connect(sim.wsUrl, credsOf(sim.alice));
  await subscribe(ws, 1, { channels: ["cfbenchmarks_value_5hz"], index_ids: ["BRTI"] });
  await subscribe(ws, 2, { channels: ["cfbenchmarks_value", "pyth_value"] });
  const tick = await ws.next((f) => f.type === "cfbenchmarks_value_5hz");
  assert.equal(tick.msg.index_id, "BRTI");
  assert.match(tick.msg.value_usd, /^\d+\.\d{8}$/);
  assert.equal(JSON.parse(tick.msg.data).id, "BRTI");

  const list = await ws.request({
    id: 3,
    cmd: "update_subscription",
    params: { sid: 1, action: "indexlist" },
  });
  assert.equal(list.type, "cfbenchmarks_value_5hz_indexlist");
  assert.ok(list.msg.index_ids.includes("ETHUSD_RTI"));
  const ok = await ws.request({
    id: 4,
    cmd: "update_subscription",
    params: { sid: 2, action: "subscribe_indices", index_ids: ["ETHUSD_RTI"] },
  });
  assert.deepEqual([ok.type, ok.sid, ok.msg], ["ok", 2, { index_ids: ["ETHUSD_RTI"] }]);
  const missing = await ws.request({
    id: 5,
    cmd: "update_subscription",
    params: { sid: 2, action: "subscribe_indices" },
  });
  assert.equal(missing.msg.code, 24);
  const all = await ws.request({
    id: 6,
    cmd: "update_subscription",
    params: { sid: 3, action: "subscribe_underlyings", underlying_tickers: ["all"] },
  });
  assert.deepEqual(all.msg, { underlying_tickers: ["all"] });
  const pyth = await ws.request({
    id: 7,
    cmd: "update_subscription",
    params: { sid: 3, action: "unsubscribe_underlyings" },
  });
  assert.equal(pyth.msg.code, 28);
  const [cf, py] = await Promise.all([
    ws.next((f) => f.type === "cfbenchmarks_value"),
    ws.next((f) => f.type === "pyth_value"),
  ]);
  assert.equal(cf.msg.index_id, "ETHUSD_RTI");
  assert.equal(typeof cf.msg.avg_60s_data.window_size, "number");
  assert.match(py.msg.underlying_ticker, /\//);
  const un = await ws.request({ id: 8, cmd: "unsubscribe", params: { sids: [1, 2, 3] } });
  assert.equal(un.type, "unsubscribed");
});

Deno.test("wsOrderbookSnapshot and the admin view match what the socket sends", async () => {
  await using sim = await startFakeSim();
  sim.trading.books.set(T2, { yes: [[100, 5], [9900, 7]], no: [[5000, 1]] });
  await using ws = await TestWs.connect(sim.wsUrl, credsOf(sim.alice));
  await subscribe(ws, 1, { channels: ["orderbook_delta"], market_ticker: T2 });
  const snap = await ws.next((f) => f.type === "orderbook_snapshot");
  assert.deepEqual(snap.msg, { ...wsOrderbookSnapshot(sim.ex, T2) });
  const res = await fetch(`${sim.adminUrl}/ws/orderbook/${T2}`);
  assert.deepEqual(await res.json(), snap.msg);
  assert.equal(wsOrderbookSnapshot(sim.ex, "NOPE"), undefined);
  const missing = await fetch(`${sim.adminUrl}/ws/orderbook/NOPE`);
  assert.equal(missing.status, 404);
  await missing.body?.cancel();
});
