import assert from "node:assert/strict";
import { type SimFetch, simFetcher, type SimReply } from "../../_testing/sim_fetch.ts";
import { soakScale } from "../../_testing/soak.ts";
import { validateResponse } from "../../_testing/spec_validator.ts";
import { type SimServer, type SimServerOptions, startSim } from "../server.ts";
import type { BookSide, Trader } from "../types.ts";
import { type FakeCatalogue, installFakeCatalogue } from "./_fake_catalogue.ts";
import { HISTORICAL_WINDOW_MS } from "./cutoff.ts";
import type { Trading } from "./trading.ts";

const TICKER = "KXRT-26JUN01-A";
const OTHER = "KXRT-26JUN01-B";
const THIRD = "KXRT-26JUN01-C";

interface Ctx {
  sim: SimServer;
  trading: Trading;
  catalogue: FakeCatalogue;
  /** Signed request as the demo user; every JSON answer is validated against the spec. */
  call: (method: string, path: string, body?: unknown, signed?: boolean) => Promise<SimReply>;
  raw: SimFetch;
  me: Trader;
  /** A funded counterparty. */
  other: Trader;
  /** Places an order for the counterparty directly. */
  counter: (side: BookSide, price: number, contracts: number) => void;
}

async function withSim(
  fn: (ctx: Ctx) => Promise<void>,
  options: SimServerOptions & { marketMakers?: boolean } = {},
): Promise<void> {
  await using sim = await startSim({ markets: 50, rateLimits: false, ...options });
  const catalogue = installFakeCatalogue(sim.exchange);
  catalogue.add(TICKER, { fair: 5000 });
  catalogue.add(OTHER, { fair: 2000 });
  const trading = sim.exchange.trading as Trading;
  trading.marketMakers.enabled = options.marketMakers ?? false;
  using f = await simFetcher(sim);
  const call = async (method: string, path: string, body?: unknown, signed = true) => {
    const r = await f(method, path, body, { signed });
    assert.ok(r.status < 500, `${method} ${path} answered ${r.status}: ${JSON.stringify(r.body)}`);
    if (r.body !== undefined && typeof r.body === "object") {
      const errors = validateResponse(method, path, r.status, r.body);
      assert.deepEqual(errors, [], `${method} ${path} ${r.status}: ${JSON.stringify(r.body)}`);
    }
    return r;
  };
  const other: Trader = {
    user_id: sim.exchange.accounts.createUser({ cash: 100_000 * 1_000_000 }).user_id,
    subaccount: 0,
  };
  const counter = (side: BookSide, price: number, contracts: number) => {
    trading.submit({
      trader: other,
      ticker: TICKER,
      book_side: side,
      price,
      count: contracts * 100,
      time_in_force: "good_till_canceled",
      source: "v2",
    });
  };
  await fn({
    sim,
    trading,
    catalogue,
    call,
    raw: f,
    me: { user_id: sim.userId, subaccount: 0 },
    other,
    counter,
  });
}

function v2(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    ticker: TICKER,
    side: "bid",
    count: "2",
    price: "0.4000",
    time_in_force: "good_till_canceled",
    self_trade_prevention_type: "taker_at_cross",
    ...extra,
  };
}

type Obj = Record<string, unknown>;
const obj = (r: SimReply) => r.body as Obj;

Deno.test("routes: a V2 order rests, is read, amended, decreased and cancelled", async () => {
  await withSim(async ({ call }) => {
    const created = await call("POST", "/portfolio/events/orders", v2({ client_order_id: "c-1" }));
    assert.equal(created.status, 201);
    const id = obj(created).order_id as string;
    assert.equal(obj(created).client_order_id, "c-1");
    assert.equal(obj(created).fill_count, "0.00");
    assert.equal(obj(created).remaining_count, "2.00");
    assert.equal(typeof obj(created).ts_ms, "number");

    const one = await call("GET", `/portfolio/orders/${id}`);
    const order = obj(one).order as Obj;
    assert.equal(order.status, "resting");
    assert.equal(order.yes_price_dollars, "0.4000");
    assert.equal(order.no_price_dollars, "0.6000");
    assert.equal(order.book_side, "bid");
    assert.equal(order.outcome_side, "yes");

    const bal = obj(await call("GET", "/portfolio/balance"));
    assert.equal(bal.balance_dollars, "9999.2000");
    assert.equal(bal.balance, 999_920);
    const resting = obj(await call("GET", "/portfolio/summary/total_resting_order_value"));
    assert.equal(resting.total_resting_order_value, 80);

    const qp = await call("GET", `/portfolio/orders/${id}/queue_position`);
    assert.deepEqual(qp.body, { queue_position_fp: "0.00" });
    const qps = await call("GET", `/portfolio/orders/queue_positions?market_tickers=${TICKER}`);
    assert.deepEqual(obj(qps).queue_positions, [
      { order_id: id, market_ticker: TICKER, queue_position_fp: "0.00" },
    ]);
    assert.equal((await call("GET", "/portfolio/orders/queue_positions")).status, 400);

    const amended = await call("POST", `/portfolio/events/orders/${id}/amend`, {
      ticker: TICKER,
      side: "bid",
      price: "0.41",
      count: "5",
      updated_client_order_id: "c-1b",
    });
    assert.equal(amended.status, 200);
    assert.equal(obj(amended).remaining_count, "5.00");
    assert.equal(obj(amended).client_order_id, "c-1b");
    const mismatch = await call("POST", `/portfolio/events/orders/${id}/amend`, {
      ticker: TICKER,
      side: "ask",
      price: "0.41",
      count: "5",
    });
    assert.equal(mismatch.status, 400);
    assert.equal((obj(mismatch).error as Obj).code, "order_side_mismatch");

    const dec = await call("POST", `/portfolio/events/orders/${id}/decrease`, { reduce_by: "1" });
    assert.equal(obj(dec).remaining_count, "4.00");
    const dec2 = await call("POST", `/portfolio/events/orders/${id}/decrease`, { reduce_to: "3" });
    assert.equal(obj(dec2).remaining_count, "3.00");
    const both = await call("POST", `/portfolio/events/orders/${id}/decrease`, {
      reduce_to: "3",
      reduce_by: "1",
    });
    assert.equal(both.status, 400);

    const cancelled = await call("DELETE", `/portfolio/events/orders/${id}`);
    assert.equal(cancelled.status, 200);
    assert.equal(obj(cancelled).reduced_by, "3.00");
    const again = await call("DELETE", `/portfolio/events/orders/${id}`);
    assert.equal(again.status, 404);

    const list = obj(await call("GET", `/portfolio/orders?ticker=${TICKER}&status=canceled`));
    assert.equal((list.orders as Obj[]).length, 1);
    assert.equal(list.cursor, "");
    const final = (list.orders as Obj[])[0]!;
    assert.equal(final.initial_count_fp, "5.00");
    assert.equal(final.remaining_count_fp, "0.00");
    assert.equal(final.client_order_id, "c-1b");
    assert.equal(obj(await call("GET", "/portfolio/balance")).balance_dollars, "10000.0000");
  });
});

Deno.test("routes: fills, positions, trades, settlements and balance after a trade", async () => {
  await withSim(async ({ call, counter, catalogue, sim }) => {
    counter("ask", 5200, 10);
    const r = await call("POST", "/portfolio/events/orders", v2({ price: "0.55", count: "4" }));
    assert.equal(r.status, 201);
    const b = obj(r);
    assert.equal(b.fill_count, "4.00");
    assert.equal(b.remaining_count, "0.00");
    assert.equal(b.average_fill_price, "0.5200");
    // One fee per fill: 0.07 × 4 × 0.52 × 0.48 = 0.069888, rounded up to 0.0699.
    assert.equal(b.average_fee_paid, "0.017475");

    const fills = obj(await call("GET", `/portfolio/fills?ticker=${TICKER}`));
    const [fill] = fills.fills as Obj[];
    assert.equal(fill?.count_fp, "4.00");
    assert.equal(fill?.yes_price_dollars, "0.5200");
    assert.equal(fill?.fee_cost, "0.069900");
    assert.equal(fill?.is_taker, true);
    assert.equal(fill?.order_id, b.order_id);

    const pos = obj(await call("GET", "/portfolio/positions"));
    assert.deepEqual((pos.market_positions as Obj[]).map((p) => [p.ticker, p.position_fp]), [
      [TICKER, "4.00"],
    ]);
    const mp = (pos.market_positions as Obj[])[0]!;
    assert.equal(mp.market_exposure_dollars, "2.080000");
    assert.equal(mp.fees_paid_dollars, "0.069900");
    const ep = (pos.event_positions as Obj[])[0]!;
    assert.equal(ep.event_ticker, "KXRT-26JUN01");
    assert.equal(ep.total_cost_shares_fp, "4.00");
    const filtered = obj(await call("GET", "/portfolio/positions?count_filter=position"));
    assert.equal((filtered.market_positions as Obj[]).length, 1);
    assert.equal((await call("GET", "/portfolio/positions?count_filter=bogus")).status, 400);

    const trades = await call("GET", `/markets/trades?ticker=${TICKER}`, undefined, false);
    assert.equal(trades.status, 200);
    const [trade] = obj(trades).trades as Obj[];
    assert.equal(trade?.taker_book_side, "bid");
    assert.equal(trade?.count_fp, "4.00");
    assert.equal(trade?.is_block_trade, false);

    const bal = obj(await call("GET", "/portfolio/balance"));
    assert.equal(bal.balance_dollars, "9997.8501");
    assert.equal(bal.portfolio_value, 208); // no bid: marked at the last price

    sim.exchange.catalogue.determine(TICKER, "yes");
    void catalogue;
    const st = obj(await call("GET", "/portfolio/settlements"));
    const [settlement] = st.settlements as Obj[];
    assert.equal(settlement?.market_result, "yes");
    assert.equal(settlement?.revenue, 400);
    assert.equal(settlement?.yes_count_fp, "4.00");
    assert.equal(settlement?.yes_total_cost_dollars, "2.080000");
    assert.equal(
      (obj(await call("GET", "/portfolio/positions")).market_positions as Obj[]).length,
      0,
    );
    assert.equal(obj(await call("GET", "/portfolio/balance")).balance_dollars, "10001.8501");
  });
});

Deno.test("routes: batches answer per item, cancel-all empties the book, cursors page", async () => {
  await withSim(async ({ call, trading, catalogue }) => {
    const created = await call("POST", "/portfolio/events/orders/batched", {
      orders: [
        v2({ client_order_id: "b-1" }),
        v2({ client_order_id: "b-2", price: "0.405" }),
        v2({ client_order_id: "b-3", ticker: OTHER, price: "0.10" }),
        v2({ client_order_id: "b-1" }),
      ],
    });
    assert.equal(created.status, 201);
    const items = obj(created).orders as Obj[];
    assert.equal(items.length, 4);
    assert.ok(items[0]!.order_id && !items[0]!.error);
    assert.equal((items[1]!.error as Obj).code, "invalid_price");
    assert.equal(items[1]!.client_order_id, "b-2");
    assert.ok(items[2]!.order_id);
    assert.equal((items[3]!.error as Obj).code, "order_already_exists");

    const cancelled = await call("DELETE", "/portfolio/events/orders/batched", {
      orders: [{ order_id: items[0]!.order_id }, { order_id: "nope" }],
    });
    assert.equal(cancelled.status, 200);
    const c = obj(cancelled).orders as Obj[];
    assert.equal(c[0]!.reduced_by, "2.00");
    assert.equal((c[1]!.error as Obj).code, "not_found");

    const all = await call("DELETE", "/portfolio/events/orders");
    assert.equal(all.status, 204);
    assert.equal(trading.order(items[2]!.order_id as string)?.status, "canceled");
    const empty = await call("POST", "/portfolio/events/orders/batched", { orders: [] });
    assert.equal(empty.status, 400);
    // Cursors page through orders newest first.
    catalogue.add(THIRD);
    const ids: string[] = [];
    for (let i = 0; i < 7; i++) {
      const r = await call(
        "POST",
        "/portfolio/events/orders",
        v2({ ticker: THIRD, price: "0.10", count: "1" }),
      );
      ids.push(obj(r).order_id as string);
    }
    const seen: string[] = [];
    let cursor = "";
    do {
      const page = obj(
        await call("GET", `/portfolio/orders?ticker=${THIRD}&limit=3&cursor=${cursor}`),
      );
      seen.push(...(page.orders as Obj[]).map((o) => o.order_id as string));
      cursor = page.cursor as string;
    } while (cursor !== "");
    assert.deepEqual(seen, ids.reverse());
  });
});

Deno.test("routes: malformed orders get Kalshi's 400/404/409 answers, never a 500", async () => {
  await withSim(async ({ call, raw, counter }) => {
    const cases: [string, unknown, number, string][] = [
      ["missing ticker", v2({ ticker: undefined }), 400, "invalid_parameters"],
      ["missing time_in_force", v2({ time_in_force: undefined }), 400, "invalid_parameters"],
      ["missing stp", v2({ self_trade_prevention_type: undefined }), 400, "invalid_parameters"],
      ["count as a number", v2({ count: 2 }), 400, "bad_request"],
      ["price as a number", v2({ price: 0.4 }), 400, "bad_request"],
      ["excess price precision", v2({ price: "0.12345" }), 400, "invalid_price"],
      ["fractional count beyond cents", v2({ count: "1.001" }), 400, "invalid_order_size"],
      ["zero count", v2({ count: "0" }), 400, "invalid_order_size"],
      ["text count", v2({ count: "abc" }), 400, "invalid_order_size"],
      ["off-tick price", v2({ price: "0.405" }), 400, "invalid_price"],
      ["price of 1", v2({ price: "1.00" }), 400, "invalid_price"],
      ["bad side", v2({ side: "buy" }), 400, "invalid_parameters"],
      ["bad tif", v2({ time_in_force: "GTC" }), 400, "invalid_parameters"],
      ["post_only as text", v2({ post_only: "yes" }), 400, "bad_request"],
      ["long client id", v2({ client_order_id: "x".repeat(65) }), 400, "invalid_parameters"],
      ["odd client id", v2({ client_order_id: "a b" }), 400, "invalid_parameters"],
      ["past expiration", v2({ expiration_time: 1 }), 400, "invalid_parameters"],
      [
        "ioc with expiration",
        v2({ time_in_force: "immediate_or_cancel", expiration_time: 4e9 }),
        400,
        "invalid_parameters",
      ],
      ["unknown subaccount", v2({ subaccount: 7 }), 400, "invalid_subaccount"],
      ["unknown group", v2({ order_group_id: "nope" }), 404, "not_found"],
      ["unknown ticker", v2({ ticker: "KXNOPE-1" }), 404, "not_found"],
      ["array body", [v2()], 400, "bad_request"],
      ["too expensive", v2({ count: "100000", price: "0.99" }), 400, "insufficient_balance"],
    ];
    for (const [name, body, status, code] of cases) {
      const r = await call("POST", "/portfolio/events/orders", body);
      assert.equal(r.status, status, `${name}: ${JSON.stringify(r.body)}`);
      const b = obj(r);
      const got = (b.error as Obj | undefined)?.code ?? b.code;
      assert.equal(got, code, `${name}: ${JSON.stringify(r.body)}`);
    }
    const notJson = await raw("POST", "/portfolio/events/orders", "{nope");
    assert.equal(notJson.status, 400);
    assert.equal(obj(notJson).code, "bad_request");
    const queries: [string, number][] = [
      ["/portfolio/orders?limit=5000", 400],
      ["/portfolio/orders?limit=abc", 400],
      ["/portfolio/orders?status=open", 400],
      ["/portfolio/fills?min_ts=yesterday", 400],
      ["/markets/trades?limit=1001", 400],
      ["/portfolio/orders/nope", 404],
      ["/portfolio/orders/nope/queue_position", 404],
    ];
    for (const [path, status] of queries) {
      const r = await call("GET", path);
      assert.equal(r.status, status, path);
    }
    assert.ok("msg" in obj(await call("GET", "/portfolio/orders?limit=0")));
    const unsigned = await call("POST", "/portfolio/events/orders", v2(), false);
    assert.equal(unsigned.status, 401);
    counter("ask", 4000, 1);
    const cross = await call("POST", "/portfolio/events/orders", v2({ post_only: true }));
    assert.equal(cross.status, 400);
    assert.deepEqual(obj(cross).error, {
      code: "invalid_order",
      message: "invalid order",
      details: "post only cross",
    });
    const first = await call(
      "POST",
      "/portfolio/events/orders",
      v2({ client_order_id: "dup", price: "0.30" }),
    );
    assert.equal(first.status, 201);
    const dup = await call(
      "POST",
      "/portfolio/events/orders",
      v2({ client_order_id: "dup", price: "0.30" }),
    );
    assert.equal(dup.status, 409);
    assert.equal((obj(dup).error as Obj).code, "order_already_exists");
  });
});

Deno.test("routes: legacy V1 order writes are served with deprecation headers", async () => {
  await withSim(async ({ call, counter }) => {
    counter("bid", 4500, 5);
    const sellNo = await call("POST", "/portfolio/orders", {
      ticker: TICKER,
      side: "no",
      action: "buy",
      count: 2,
      no_price: 55,
      client_order_id: "v1-a",
    });
    assert.equal(sellNo.status, 201);
    assert.equal(sellNo.headers.get("deprecation"), "true");
    const o = obj(sellNo).order as Obj;
    assert.equal(o.side, "no");
    assert.equal(o.action, "buy");
    assert.equal(o.book_side, "ask");
    assert.equal(o.status, "executed");
    assert.equal(o.yes_price_dollars, "0.4500");

    const rest = obj(
      await call("POST", "/portfolio/orders", {
        ticker: TICKER,
        side: "yes",
        action: "buy",
        count_fp: "3.00",
        yes_price_dollars: "0.3000",
      }),
    ).order as Obj;
    assert.equal(rest.status, "resting");
    const id = rest.order_id as string;
    const amended = await call("POST", `/portfolio/orders/${id}/amend`, {
      ticker: TICKER,
      side: "yes",
      action: "buy",
      yes_price: 31,
      count: 4,
    });
    assert.equal(amended.status, 200);
    assert.equal((obj(amended).old_order as Obj).yes_price_dollars, "0.3000");
    assert.equal((obj(amended).order as Obj).remaining_count_fp, "4.00");
    const dec = await call("POST", `/portfolio/orders/${id}/decrease`, { reduce_by: 1 });
    assert.equal((obj(dec).order as Obj).remaining_count_fp, "3.00");
    const cancel = await call("DELETE", `/portfolio/orders/${id}`);
    assert.equal(obj(cancel).reduced_by_fp, "3.00");

    const batch = await call("POST", "/portfolio/orders/batched", {
      orders: [
        { ticker: TICKER, side: "yes", action: "buy", count: 1, yes_price: 10 },
        { ticker: TICKER, side: "yes", action: "buy", count: 1 },
      ],
    });
    assert.equal(batch.status, 201);
    const items = obj(batch).orders as Obj[];
    assert.equal((items[0]!.order as Obj).status, "resting");
    assert.equal((items[1]!.error as Obj).code, "invalid_parameters");
    const bc = await call("DELETE", "/portfolio/orders/batched", {
      ids: [(items[0]!.order as Obj).order_id, "nope"],
    });
    const bci = obj(bc).orders as Obj[];
    assert.equal(bci[0]!.reduced_by_fp, "1.00");
    assert.ok(bci[1]!.error);

    const market = await call("POST", "/portfolio/orders", {
      ticker: TICKER,
      side: "yes",
      action: "sell",
      type: "market",
      count: 1,
    });
    // A market sell takes the best bid.
    assert.equal((obj(market).order as Obj).status, "executed");
    assert.equal((obj(market).order as Obj).yes_price_dollars, "0.0100");
    const floor = await call("POST", "/portfolio/orders", {
      ticker: TICKER,
      side: "yes",
      action: "sell",
      count: 1,
      yes_price: 50,
      sell_position_floor: 1,
    });
    assert.equal(floor.status, 400);
  });
});

Deno.test("routes: legacy V1 writes answer 410 when rejected; FCM endpoints", async () => {
  await withSim(async ({ call, sim }) => {
    const r = await call("POST", "/portfolio/orders", {
      ticker: TICKER,
      side: "yes",
      action: "buy",
      count: 1,
      yes_price: 10,
    });
    assert.equal(r.status, 410);
    assert.match((obj(r).error as Obj).details as string, /POST \/portfolio\/events\/orders/);
    assert.equal((await call("DELETE", "/portfolio/orders/x")).status, 410);
    assert.equal((await call("GET", "/portfolio/orders")).status, 200);
    assert.equal((await call("GET", "/fcm/orders?subtrader_id=nope")).status, 404);
    assert.equal((await call("GET", "/fcm/orders")).status, 400);
    const created = await call("POST", "/fcm/subtraders", { subtrader_suffix: "alpha1" });
    assert.equal(created.status, 201);
    const id = obj(created).subtrader_id as string;
    assert.equal(id, `${sim.userId}_alpha1`);
    assert.equal(
      (await call("POST", "/fcm/subtraders", { subtrader_suffix: "alpha1" })).status,
      409,
    );
    assert.equal((await call("POST", "/fcm/subtraders", { subtrader_suffix: "Bad!" })).status, 400);
    const list = obj(await call("GET", "/fcm/subtraders"));
    assert.equal((list.subtraders as Obj[])[0]!.subtrader_id, id);
    const q = `subtrader_id=${encodeURIComponent(id)}`;
    assert.deepEqual((await call("GET", `/fcm/orders?${q}`)).body, { orders: [], cursor: "" });
    assert.equal((await call("GET", `/fcm/positions?${q}`)).status, 200);
    assert.equal((await call("GET", `/fcm/subtraders/event_contract_daily_cap?${q}`)).status, 404);
    const put = await call("PUT", "/fcm/subtraders/event_contract_daily_cap", {
      subtrader_id: id,
      limit: "250.00",
    });
    assert.equal(put.status, 200);
    const cap = obj(await call("GET", `/fcm/subtraders/event_contract_daily_cap?${q}`));
    assert.equal(cap.limit, "250.0000");
    assert.match(cap.cap_date as string, /^\d{4}-\d{2}-\d{2}$/);
    assert.equal(
      (await call("DELETE", `/fcm/subtraders/event_contract_daily_cap?${q}`)).status,
      200,
    );
  }, { legacyOrders: "reject" });
});

Deno.test("routes: order groups cap contracts and block orders until reset", async () => {
  await withSim(async ({ call, counter }) => {
    const created = await call("POST", "/portfolio/order_groups/create", { contracts_limit: 3 });
    assert.equal(created.status, 201);
    const id = obj(created).order_group_id as string;
    assert.equal((await call("POST", "/portfolio/order_groups/create", {})).status, 400);
    counter("ask", 4000, 10);
    const r = await call(
      "POST",
      "/portfolio/events/orders",
      v2({ count: "5", order_group_id: id }),
    );
    assert.equal(obj(r).fill_count, "3.00");
    assert.equal(obj(r).remaining_count, "0.00");
    const g = obj(await call("GET", `/portfolio/order_groups/${id}`));
    assert.equal(g.is_auto_cancel_enabled, true);
    assert.equal(g.contracts_limit_fp, "3.00");
    assert.deepEqual(g.orders, [obj(r).order_id]);
    const blocked = await call(
      "POST",
      "/portfolio/events/orders",
      v2({ order_group_id: id, price: "0.10" }),
    );
    assert.equal(blocked.status, 400);
    assert.equal((await call("PUT", `/portfolio/order_groups/${id}/reset`, {})).status, 200);
    const ok = await call(
      "POST",
      "/portfolio/events/orders",
      v2({ order_group_id: id, price: "0.10" }),
    );
    assert.equal(ok.status, 201);
    assert.equal(
      (await call("PUT", `/portfolio/order_groups/${id}/limit`, { contracts_limit_fp: "50" }))
        .status,
      200,
    );
    const list = obj(await call("GET", "/portfolio/order_groups"));
    assert.deepEqual(list.order_groups, [
      { id, contracts_limit_fp: "50.00", is_auto_cancel_enabled: false, exchange_index: 0 },
    ]);
    assert.equal((await call("PUT", `/portfolio/order_groups/${id}/trigger`, {})).status, 200);
    const order = obj(await call("GET", `/portfolio/orders/${obj(ok).order_id}`)).order as Obj;
    assert.equal(order.status, "canceled");
    assert.equal((await call("DELETE", `/portfolio/order_groups/${id}`)).status, 200);
    assert.equal((await call("GET", `/portfolio/order_groups/${id}`)).status, 404);
  });
});

Deno.test("routes: records older than the cutoff move to /historical", async () => {
  await withSim(async ({ call, counter, trading, sim }) => {
    counter("ask", 4000, 5);
    const r = await call("POST", "/portfolio/events/orders", v2({ count: "2" }));
    assert.equal(r.status, 201);
    assert.equal(obj(await call("GET", "/historical/fills")).fills instanceof Array, true);
    assert.equal((obj(await call("GET", "/historical/fills")).fills as Obj[]).length, 0);
    // Age every record past the cutoff.
    const old = sim.exchange.clock.now() - HISTORICAL_WINDOW_MS - 7_200_000;
    for (const f of trading.engine.store.fillsOf(sim.userId)) f.created_ms = old;
    for (const t of trading.engine.store.trades()) t.created_ms = old;
    const o = trading.order(obj(r).order_id as string)!;
    (o as { last_update_ms: number }).last_update_ms = old;
    (o as { created_ms: number }).created_ms = old;
    assert.equal((obj(await call("GET", "/portfolio/fills")).fills as Obj[]).length, 0);
    assert.equal((obj(await call("GET", "/historical/fills")).fills as Obj[]).length, 1);
    assert.equal((obj(await call("GET", "/portfolio/orders")).orders as Obj[]).length, 0);
    assert.equal((obj(await call("GET", "/historical/orders")).orders as Obj[]).length, 1);
    assert.equal(
      (obj(await call("GET", "/markets/trades", undefined, false)).trades as Obj[]).length,
      0,
    );
    assert.equal(
      (obj(await call("GET", "/historical/trades", undefined, false)).trades as Obj[]).length,
      1,
    );
    const hp = obj(await call("GET", "/historical/positions"));
    assert.deepEqual(hp.market_positions, []);
  });
});

Deno.test("routes: retried writes reconcile through 409 and GET /portfolio/orders", async () => {
  await withSim(async ({ call, raw, sim }) => {
    sim.exchange.faults.set([{
      method: "POST",
      path: "/portfolio/events/orders",
      error_after_commit_rate: 0.05,
      drop_after_commit_rate: 0.05,
    }]);
    const n = soakScale(10_000, 120);
    let faults = 0, conflicts = 0;
    for (let i = 0; i < n; i++) {
      const body = v2({ client_order_id: `retry-${i}`, price: "0.01", count: "1" });
      for (let attempt = 0;; attempt++) {
        assert.ok(attempt < 20, "too many retries");
        let r: SimReply;
        try {
          r = await raw("POST", "/portfolio/events/orders", body);
        } catch {
          faults++;
          continue; // dropped connection: the outcome is unknown, retry with the same id
        }
        if (r.status >= 500 || typeof r.body !== "object") {
          // A 5xx after the write, or a body cut short: retry with the same id.
          faults++;
          continue;
        }
        if (r.status === 409) conflicts++;
        else assert.equal(r.status, 201, JSON.stringify(r.body));
        break;
      }
    }
    assert.ok(faults > 0 && conflicts > 0, `faults ${faults}, conflicts ${conflicts}`);
    sim.exchange.faults.set([]);
    const seen = new Map<string, number>();
    let cursor = "";
    do {
      const page = obj(await call("GET", `/portfolio/orders?limit=1000&cursor=${cursor}`));
      for (const o of page.orders as Obj[]) {
        const cid = o.client_order_id as string;
        seen.set(cid, (seen.get(cid) ?? 0) + 1);
      }
      cursor = page.cursor as string;
    } while (cursor !== "");
    assert.equal(seen.size, n);
    for (const [cid, count] of seen) assert.equal(count, 1, cid);
  });
});

Deno.test("routes: market makers quote and background activity trades", async () => {
  await withSim(async ({ call, trading, catalogue }) => {
    const top = trading.top(TICKER);
    assert.ok(top.yes_ask !== undefined && top.yes_bid !== undefined);
    const r = await call("POST", "/portfolio/events/orders", v2({ price: "0.99", count: "1" }));
    assert.equal(obj(r).fill_count, "1.00");
    assert.equal(obj(r).average_fill_price, `0.${String(top.yes_ask).padStart(4, "0")}`);
    trading.marketMakers.trade(500, 20);
    void catalogue;
    assert.ok(trading.engine.store.trades().length >= 2);
  }, { marketMakers: true });
});
