import assert from "node:assert/strict";
import fc from "fast-check";
import { soakScale } from "../../_testing/soak.ts";
import { SimHttpError } from "../_http.ts";
import type { BookSide, Trader } from "../types.ts";
import { testExchange } from "./_fake_catalogue.ts";
import { reservation } from "./ledger.ts";
import type { EngineOrder } from "./model.ts";

const TICKERS = ["KXPROP-26JUN01-A", "KXPROP-26JUN01-B"];
const USD = 1_000_000;

type Action =
  | {
    kind: "place";
    user: number;
    market: number;
    side: BookSide;
    price: number;
    count: number;
    tif: "good_till_canceled" | "immediate_or_cancel" | "fill_or_kill";
    stp: "taker_at_cross" | "maker";
    reduceOnly: boolean;
    grouped: boolean;
  }
  | { kind: "cross"; yes: number; no: number; market: number; price: number; count: number }
  | { kind: "reset" }
  | { kind: "cancel"; pick: number }
  | { kind: "decrease"; pick: number; by: number }
  | { kind: "amend"; pick: number; price: number; count: number }
  | { kind: "tick" };

const action: fc.Arbitrary<Action> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant("place" as const),
      user: fc.integer({ min: 0, max: 3 }),
      market: fc.integer({ min: 0, max: 1 }),
      side: fc.constantFrom<BookSide>("bid", "ask"),
      price: fc.integer({ min: 35, max: 65 }).map((c) => c * 100),
      count: fc.integer({ min: 1, max: 2_000 }),
      tif: fc.constantFrom(
        "good_till_canceled" as const,
        "immediate_or_cancel" as const,
        "fill_or_kill" as const,
      ),
      stp: fc.constantFrom("taker_at_cross" as const, "maker" as const),
      reduceOnly: fc.boolean(),
      grouped: fc.boolean(),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("cross" as const),
      yes: fc.integer({ min: 0, max: 3 }),
      no: fc.integer({ min: 0, max: 3 }),
      market: fc.integer({ min: 0, max: 1 }),
      price: fc.integer({ min: 1, max: 99 }).map((c) => c * 100),
      count: fc.integer({ min: 1, max: 1_000 }),
    }),
  },
  { weight: 1, arbitrary: fc.constant({ kind: "reset" as const }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("cancel" as const), pick: fc.nat() }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("decrease" as const),
      pick: fc.nat(),
      by: fc.integer({ min: 1, max: 500 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("amend" as const),
      pick: fc.nat(),
      price: fc.integer({ min: 35, max: 65 }).map((c) => c * 100),
      count: fc.integer({ min: 1, max: 2_000 }),
    }),
  },
  { weight: 1, arbitrary: fc.constant({ kind: "tick" as const }) },
);

function run(actions: Action[], marketMakers: boolean, result: "yes" | "no" | "scalar"): void {
  const s = testExchange({ marketMakers });
  for (const t of TICKERS) {
    s.catalogue.add(t, { fair: 5000, fee_type: "quadratic_with_maker_fees" });
  }
  const users: Trader[] = [5, 20, 50, 200].map((d) => ({
    user_id: s.ex.accounts.createUser({ cash: d * USD }).user_id,
    subaccount: 0,
  }));
  const everyone = () => [...s.ex.accounts.users()].map((u) => u.user_id);
  const totalCash = () => everyone().reduce((sum, id) => sum + s.ex.accounts.cash(id), 0);
  for (const t of TICKERS) s.trading.top(t); // seed books before measuring
  const initial = totalCash();
  const engine = s.trading.engine;
  const groups = users.map((u) => engine.groups.create(u, 1_500));
  const resting = (): EngineOrder[] =>
    users.flatMap((u) => engine.store.ordersOf(u.user_id).filter((o) => o.status === "resting"));

  const check = () => {
    let oi = 0;
    for (const t of TICKERS) {
      let long = 0, short = 0;
      for (const tr of engine.store.traders()) {
        const ps = tr.positions.get(t);
        if (!ps) continue;
        long += Math.max(0, ps.position);
        short += Math.max(0, -ps.position);
        assert.equal(ps.reserved, reservation(ps.position, ps.resting), "reservation");
        let cost = 0;
        for (const o of ps.resting) {
          cost += (o.book_side === "bid" ? o.price : 10_000 - o.price) * o.remaining_count;
        }
        assert.equal(ps.resting_cost, cost, "resting cost");
        if (ps.position === 0) assert.equal(ps.cost, 0, "no cost without a position");
      }
      assert.equal(long, short, `${t}: YES and NO contracts pair up`);
      const m = s.catalogue.market(t)!;
      // A settled market keeps showing its final open interest.
      if (m.status === "active") assert.equal(m.open_interest, long, "open interest");
      oi += long;
      const book = engine.book(t);
      for (const half of book ? [book.bids, book.asks] : []) {
        for (const l of half.levels) {
          assert.equal(l.size, l.orders.reduce((n, o) => n + o.remaining_count, 0), "level size");
          for (const o of l.orders) assert.ok(o.status === "resting" && o.in_book);
        }
      }
      const bid = book?.bestBid()?.price, ask = book?.bestAsk()?.price;
      if (bid !== undefined && ask !== undefined) assert.ok(bid < ask, "book is not crossed");
    }
    for (const g of groups) {
      if (g.triggered) {
        for (const id of g.orders) {
          assert.notEqual(engine.store.order(id)?.status, "resting", "group");
        }
      }
    }
    for (const tr of engine.store.traders()) {
      let sum = 0;
      for (const ps of tr.positions.values()) sum += ps.reserved;
      assert.equal(tr.reserved, sum, "trader reservation");
    }
    // Cash is conserved: what left the traders is held for open pairs ($1 each) or collected
    // as fees.
    assert.equal(
      totalCash() + engine.store.feesCollected + oi * 10_000,
      initial,
      "cash conservation",
    );
  };

  for (const a of actions) {
    try {
      if (a.kind === "place") {
        s.trading.submit({
          trader: users[a.user]!,
          ticker: TICKERS[a.market]!,
          book_side: a.side,
          price: a.price,
          count: a.count,
          time_in_force: a.tif,
          self_trade_prevention_type: a.stp,
          reduce_only: a.reduceOnly,
          source: "v2",
          ...(a.grouped ? { order_group_id: groups[a.user]!.id } : {}),
        });
      } else if (a.kind === "cross") {
        s.trading.executeCross({
          ticker: TICKERS[a.market]!,
          yes: users[a.yes]!,
          no: users[a.no]!,
          yes_price: a.price,
          count: a.count,
          is_block_trade: false,
        });
      } else if (a.kind === "reset") {
        for (const g of groups) engine.groups.reset(g);
      } else if (a.kind === "tick") {
        s.trading.tick();
      } else {
        const open = resting();
        const o = open[a.pick % Math.max(1, open.length)];
        if (!o) continue;
        if (a.kind === "cancel") engine.cancel(o);
        else if (a.kind === "decrease") engine.decrease(o, a.by);
        else engine.amend(o, { price: a.price, count: o.fill_count + a.count });
      }
    } catch (e) {
      if (!(e instanceof SimHttpError)) throw e;
    }
    check();
  }
  for (const t of TICKERS) {
    s.catalogue.determine(t, result, result === "scalar" ? { settlementValue: 3700 } : {});
  }
  check();
  for (const tr of engine.store.traders()) assert.equal(tr.positions.size, 0);
  assert.equal(
    totalCash() + engine.store.feesCollected,
    initial,
    "cash conservation after settlement",
  );
}

Deno.test("trading: cash and contracts are conserved under random order flow", () => {
  fc.assert(
    fc.property(
      fc.array(action, { minLength: 1, maxLength: 60 }),
      fc.boolean(),
      fc.constantFrom("yes" as const, "no" as const, "scalar" as const),
      (actions, mm, result) => run(actions, mm, result),
    ),
    { numRuns: soakScale(5_000, 150) },
  );
});
