import assert from "node:assert/strict";
import { Exchange, type SimPart } from "../exchange.ts";
import { createSimApp } from "../server.ts";
import type {
  BookLevels,
  BookTop,
  MarketRecord,
  MarketStatus,
  SimEvent,
  TradingApi,
} from "../types.ts";
import { Catalogue } from "./catalogue.ts";

const START = Date.UTC(2026, 11, 1, 15, 7, 30);

class SpyTrading implements TradingApi, SimPart {
  readonly statuses: [string, MarketStatus][] = [];
  readonly settled: string[] = [];
  register(): void {}
  top(): BookTop {
    return { yes_bid: 4000, yes_bid_size: 500, yes_ask: 4200, yes_ask_size: 700 };
  }
  levels(): BookLevels {
    return { yes: [], no: [] };
  }
  onMarketStatus(ticker: string, status: MarketStatus): void {
    this.statuses.push([ticker, status]);
  }
  settle(ticker: string): void {
    this.settled.push(ticker);
  }
  executeCross(): never {
    throw new Error("not in these tests");
  }
  position(): number {
    return 0;
  }
}

function setup(markets = 200) {
  let now = START;
  const ex = new Exchange({ markets, seed: 3, clock: { now: () => now }, rateLimits: false });
  const cat = new Catalogue(ex);
  const trading = new SpyTrading();
  ex.attach({ catalogue: cat, trading, comms: { register() {} } });
  const events: SimEvent[] = [];
  ex.bus.on((e) => events.push(e));
  const lifecycle = (ticker: string) =>
    events.filter((e) => e.type === "market_lifecycle" && e.ticker === ticker).map((e) =>
      (e as { event_type: string }).event_type
    );
  return {
    ex,
    cat,
    trading,
    events,
    lifecycle,
    now: () => now,
    setNow(ms: number) {
      now = ms;
    },
    advanceTo(ms: number) {
      now = ms;
      cat.tick();
    },
    [Symbol.dispose]: () => ex.close(),
  };
}

function activeMarket(cat: Catalogue, pred: (m: MarketRecord) => boolean = () => true) {
  return cat.allMarkets().find((m) =>
    m.status === "active" && !m.mve_collection_ticker && !cat.data.combosByLeg.has(m.ticker) &&
    pred(m)
  )!;
}

Deno.test("setTradingActive() pauses and resumes an open market", () => {
  using s = setup();
  const m = activeMarket(s.cat);
  s.cat.setTradingActive(m.ticker, false);
  assert.equal(m.status, "inactive");
  s.cat.setTradingActive(m.ticker, false);
  s.cat.setTradingActive(m.ticker, true);
  assert.equal(m.status, "active");
  assert.deepEqual(s.lifecycle(m.ticker), ["deactivated", "activated"]);
  assert.deepEqual(s.trading.statuses, [[m.ticker, "inactive"], [m.ticker, "active"]]);
  const closed = s.cat.allMarkets().find((x) => x.status === "closed")!;
  s.cat.setTradingActive(closed.ticker, true);
  assert.equal(closed.status, "closed");
  s.cat.setTradingActive("KXNOPE", true);
});

Deno.test("close() closes an open market early and announces the new close time", () => {
  using s = setup();
  const m = activeMarket(s.cat);
  s.cat.close(m.ticker);
  assert.equal(m.status, "closed");
  assert.equal(m.close_ms, START);
  assert.deepEqual(s.lifecycle(m.ticker), ["close_date_updated"]);
  assert.deepEqual(s.trading.statuses, [[m.ticker, "closed"]]);
  s.cat.close(m.ticker);
  assert.equal(s.trading.statuses.length, 1);
});

Deno.test("determine() finalizes after the settlement timer, or at once when immediate", () => {
  using s = setup();
  const m = activeMarket(s.cat);
  s.cat.determine(m.ticker, "yes");
  assert.equal(m.status, "determined");
  assert.equal(m.result, "yes");
  assert.equal(m.settlement_value, 10_000);
  assert.deepEqual(s.lifecycle(m.ticker), ["close_date_updated", "determined"]);
  s.advanceTo(START + m.settlement_timer_seconds * 1000 - 1);
  assert.equal(m.status, "determined");
  assert.ok(!s.trading.settled.includes(m.ticker));
  s.advanceTo(START + m.settlement_timer_seconds * 1000);
  assert.equal(m.status, "finalized");
  assert.equal(m.settled_ms, s.now());
  assert.ok(s.trading.settled.includes(m.ticker));
  assert.deepEqual(s.lifecycle(m.ticker), ["close_date_updated", "determined", "settled"]);
  assert.deepEqual(
    s.trading.statuses.filter(([t]) => t === m.ticker).map(([, st]) => st),
    ["closed", "determined", "finalized"],
  );

  const n = activeMarket(s.cat);
  s.cat.determine(n.ticker, "no", { immediate: true });
  assert.equal(n.status, "finalized");
  assert.equal(n.settlement_value, 0);
  assert.ok(s.trading.settled.includes(n.ticker));
  s.cat.determine(n.ticker, "yes");
  assert.equal(n.result, "no");

  const sc = activeMarket(s.cat);
  s.cat.determine(sc.ticker, "scalar", { settlementValue: 3700 });
  assert.equal(sc.result, "scalar");
  assert.equal(sc.settlement_value, 3700);
  s.cat.determine(sc.ticker, "scalar", { immediate: true });
  assert.equal(sc.status, "finalized");
  s.cat.determine("KXNOPE", "yes");
});

Deno.test("markets open, close, resolve and settle on schedule", () => {
  using s = setup();
  const pending = s.cat.allMarkets().find((m) => m.status === "initialized")!;
  s.advanceTo(pending.open_ms);
  assert.equal(pending.status, "active");
  assert.ok(s.lifecycle(pending.ticker).includes("activated"));

  const m = [...s.cat.allMarkets()].filter((x) =>
    x.status === "active" && !x.mve_collection_ticker &&
    s.cat.data.extras.get(x.event_ticker)?.model
  ).sort((a, b) => a.close_ms - b.close_ms)[0]!;
  const ev = s.cat.event(m.event_ticker)!;
  s.advanceTo(m.close_ms);
  assert.equal(m.status, "closed");
  assert.deepEqual(s.lifecycle(m.ticker), []);
  const expiry = s.cat.data.extras.get(ev.event_ticker)!.expected_expiration_ms;
  s.advanceTo(Math.max(expiry, m.close_ms));
  assert.equal(m.status, "determined");
  const siblings = ev.markets.map((t) => s.cat.market(t)!);
  if (ev.mutually_exclusive && siblings.every((x) => x.status === "determined")) {
    assert.equal(siblings.filter((x) => x.result === "yes").length, 1);
  }
  const value = s.cat.data.expiration.get(m.ticker);
  assert.ok(value !== undefined && value !== "");
  s.advanceTo(m.determined_ms! + m.settlement_timer_seconds * 1000);
  assert.equal(m.status, "finalized");
  assert.ok(s.trading.settled.includes(m.ticker));
});

Deno.test("combos are decided by their legs", () => {
  using s = setup(400);
  const combo = s.cat.allMarkets().find((m) => m.mve_collection_ticker && m.status === "active")!;
  const leg = combo.mve_selected_legs![0]!;
  s.cat.determine(leg.market_ticker, leg.side === "yes" ? "no" : "yes");
  assert.equal(combo.status, "determined");
  assert.equal(combo.result, "no");
  assert.deepEqual(s.lifecycle(combo.ticker), ["close_date_updated", "determined"]);
});

Deno.test("createCombo() validates legs, creates once and announces the new market", () => {
  using s = setup();
  const coll = s.cat.collection("KXMVESPORTSMULTIGAMEEXTENDED")!;
  const [a, b] = coll.associated_events.filter((x) =>
    s.cat.event(x.ticker)!.markets.every((t) => s.cat.market(t)!.status === "active")
  );
  const evA = s.cat.event(a!.ticker)!, evB = s.cat.event(b!.ticker)!;
  const legs = [
    { event_ticker: evB.event_ticker, market_ticker: evB.markets[1]!, side: "no" as const },
    { event_ticker: evA.event_ticker, market_ticker: evA.markets[0]!, side: "yes" as const },
  ];
  const before = s.cat.allMarkets().length;
  const made = s.cat.createCombo(coll.collection_ticker, legs);
  assert.equal(made.created, true);
  assert.equal(s.cat.allMarkets().length, before + 1);
  const tickers = s.cat.allMarkets().map((m) => m.ticker);
  assert.deepEqual(tickers, [...tickers].sort());
  assert.deepEqual(s.lifecycle(made.market.ticker), ["created"]);
  assert.ok(
    s.events.some((e) =>
      e.type === "event_lifecycle" && e.event_ticker === made.market.event_ticker
    ),
  );
  const again = s.cat.createCombo(coll.collection_ticker, [...legs].reverse());
  assert.equal(again.created, false);
  assert.equal(again.market, made.market);
  assert.equal(s.cat.comboFor(coll.collection_ticker, legs), made.market);
  assert.equal(s.cat.lookups(coll.collection_ticker, START - 1).length >= 1, true);
  assert.equal(made.market.price_level_structure, "center_deci_edge_centi_cent");
  const codes = (f: () => void) => {
    try {
      f();
    } catch (e) {
      return ((e as { body: { error: { code: string } } }).body.error.code);
    }
    return "none";
  };
  assert.equal(
    codes(() => s.cat.createCombo(coll.collection_ticker, [legs[0]!, legs[0]!])),
    "duplicated_legs",
  );
  assert.equal(
    codes(() => s.cat.createCombo(coll.collection_ticker, [legs[1]!, { ...legs[1]!, side: "no" }])),
    "conflicting_leg_outcomes",
  );
  assert.equal(
    codes(() =>
      s.cat.createCombo(coll.collection_ticker, [legs[1]!, {
        event_ticker: evA.event_ticker,
        market_ticker: evA.markets[1]!,
        side: "yes",
      }])
    ),
    "conflicting_leg_outcomes",
  );
  assert.equal(
    codes(() => s.cat.createCombo(coll.collection_ticker, [legs[0]!])),
    "invalid_market_combination",
  );
  const foreign = s.cat.allMarkets().find((m) =>
    m.series_ticker === "KXCPI" && m.status === "active"
  )!;
  assert.equal(
    codes(() =>
      s.cat.createCombo(coll.collection_ticker, [legs[0]!, {
        event_ticker: foreign.event_ticker,
        market_ticker: foreign.ticker,
        side: "yes",
      }])
    ),
    "invalid_market_combination",
  );
  assert.equal(codes(() => s.cat.createCombo("KXMVEELECTIONS", legs)), "collection_not_open");
});

Deno.test("scheduled fee changes take effect when due", () => {
  using s = setup();
  const override = s.cat.data.eventFeeChanges.find((f) => f.applied)!;
  const game = s.cat.event(override.event_ticker)!;
  assert.deepEqual(s.cat.feeFor(game.markets[0]!), { fee_type: "quadratic", fee_multiplier: 0.5 });
  const clear = s.cat.data.eventFeeChanges.find((f) =>
    f.event_ticker === game.event_ticker && !f.applied
  )!;
  s.advanceTo(clear.scheduled_ms);
  assert.equal(game.fee_type_override, undefined);
  const series = s.cat.series(game.series_ticker)!;
  assert.deepEqual(s.cat.feeFor(game.markets[0]!), {
    fee_type: series.fee_type,
    fee_multiplier: series.fee_multiplier,
  });
  const change = s.cat.data.seriesFeeChanges.find((f) => !f.applied)!;
  const m = s.cat.allMarkets().find((x) =>
    x.series_ticker === change.series_ticker && !s.cat.event(x.event_ticker)!.fee_type_override
  )!;
  s.advanceTo(change.scheduled_ms);
  assert.deepEqual(s.cat.feeFor(m.ticker), {
    fee_type: change.fee_type,
    fee_multiplier: change.fee_multiplier,
  });
});

Deno.test("catalogue routes run due lifecycle work before answering", async () => {
  using s = setup();
  const { app } = createSimApp(s.ex);
  const m = activeMarket(s.cat);
  // Move the clock without ticking: the request itself must notice.
  s.setNow(m.close_ms + 1);
  const r = await app.request(`/trade-api/v2/markets/${m.ticker}`);
  const body = await r.json() as { market: { status: string } };
  assert.equal(body.market.status, "closed");
});
