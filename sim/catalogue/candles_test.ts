import assert from "node:assert/strict";
import { parseCount, parsePrice } from "../../money/mod.ts";
import { validateResponse } from "../../_testing/spec_validator.ts";
import { Exchange, type SimPart } from "../exchange.ts";
import { createSimApp } from "../server.ts";
import type { BookLevels, BookTop, TradingApi } from "../types.ts";
import { Catalogue } from "./catalogue.ts";

const START = Date.UTC(2026, 11, 1, 15, 7, 30);
const S = Math.floor(START / 1000);

class QuoteTrading implements TradingApi, SimPart {
  quote: BookTop = { yes_bid: 4000, yes_bid_size: 100, yes_ask: 4300, yes_ask_size: 100 };
  register(): void {}
  top(): BookTop {
    return this.quote;
  }
  levels(): BookLevels {
    return { yes: [], no: [] };
  }
  onMarketStatus(): void {}
  settle(): void {}
  executeCross(): never {
    throw new Error("unused");
  }
  position(): number {
    return 0;
  }
}

type Candle = {
  end_period_ts: number;
  yes_bid: Record<string, string>;
  yes_ask: Record<string, string>;
  price: Record<string, string>;
  volume_fp: string;
  open_interest_fp: string;
};

function setup() {
  let now = START;
  const ex = new Exchange({ markets: 200, seed: 9, clock: { now: () => now }, rateLimits: false });
  const cat = new Catalogue(ex);
  const trading = new QuoteTrading();
  ex.attach({ catalogue: cat, trading, comms: { register() {} } });
  const { app } = createSimApp(ex);
  const get = async (path: string) => {
    const r = await app.request(`/trade-api/v2${path}`);
    const body = await r.json();
    if (r.status === 200) assert.deepEqual(validateResponse("GET", path, 200, body), [], path);
    return { status: r.status, body };
  };
  return {
    ex,
    cat,
    trading,
    get,
    setNow(ms: number) {
      now = ms;
    },
    [Symbol.dispose]: () => ex.close(),
  };
}

Deno.test("candlesticks before the start come from a deterministic synthetic history", async () => {
  using s = setup();
  const m = s.cat.allMarkets().find((x) =>
    x.status === "active" && x.open_ms < START - 3 * 86_400_000 && !x.mve_collection_ticker
  )!;
  const path =
    `/series/${m.series_ticker}/markets/${m.ticker}/candlesticks?start_ts=${S - 86_400}` +
    `&end_ts=${S}&period_interval=60`;
  const a = await s.get(path);
  const b = await s.get(path);
  assert.deepEqual(a.body, b.body);
  const candles = (a.body as { candlesticks: Candle[] }).candlesticks;
  assert.equal(candles.length, 24);
  for (let i = 0; i < candles.length; i++) {
    const c = candles[i]!;
    assert.equal(c.end_period_ts % 3600, 0);
    if (i > 0) assert.equal(c.end_period_ts - candles[i - 1]!.end_period_ts, 3600);
    assert.ok(parsePrice(c.yes_bid.close_dollars!) <= parsePrice(c.yes_ask.close_dollars!));
    if (c.price.close_dollars) {
      const [lo, hi, cl] = [c.price.low_dollars!, c.price.high_dollars!, c.price.close_dollars]
        .map((x) => parsePrice(x));
      assert.ok(lo! <= cl! && cl! <= hi!);
    }
  }
  assert.ok(candles.some((c) => parseCount(c.volume_fp) > 0));
  const daily = await s.get(
    `/series/${m.series_ticker}/markets/${m.ticker}/candlesticks?start_ts=${S - 3 * 86_400}` +
      `&end_ts=${S}&period_interval=1440&include_latest_before_start=true`,
  );
  const days = (daily.body as { candlesticks: Candle[] }).candlesticks;
  for (const c of days) assert.equal(c.end_period_ts % 86_400, 0);
  assert.equal(days[0]!.price.close_dollars, undefined);
  assert.ok(days[0]!.price.previous_dollars);
  assert.equal(days[0]!.volume_fp, "0.00");
});

Deno.test("candlesticks aggregate trades and quotes published on the bus", async () => {
  using s = setup();
  const m = s.cat.allMarkets().find((x) => x.status === "active" && !x.mve_collection_ticker)!;
  const t0 = (S + 600) * 1000; // a minute boundary plus 30 s
  const trade = (ms: number, price: number, count: number) =>
    s.ex.bus.emit({
      type: "trade",
      trade: {
        trade_id: `t${ms}`,
        ticker: m.ticker,
        yes_price: price,
        count,
        taker_book_side: "bid",
        is_block_trade: false,
        created_ms: ms,
      },
    });
  trade(t0 + 1000, 4100, 200);
  trade(t0 + 2000, 4500, 100);
  s.trading.quote = { yes_bid: 4400, yes_bid_size: 100, yes_ask: 4600, yes_ask_size: 100 };
  s.ex.bus.emit({ type: "ticker", ticker: m.ticker, ts_ms: t0 + 3000 });
  trade(t0 + 5000, 3900, 100);
  s.setNow(t0 + 120_000);
  const end = Math.ceil((t0 + 5000) / 60_000) * 60;
  const r = await s.get(
    `/series/${m.series_ticker}/markets/${m.ticker}/candlesticks?start_ts=${end - 60}` +
      `&end_ts=${end + 60}&period_interval=1`,
  );
  const candles = (r.body as { candlesticks: Candle[] }).candlesticks;
  const c = candles.find((x) => x.end_period_ts === end)!;
  assert.deepEqual(
    [c.price.open_dollars, c.price.high_dollars, c.price.low_dollars, c.price.close_dollars],
    ["0.4100", "0.4500", "0.3900", "0.3900"],
  );
  assert.equal(c.price.mean_dollars, "0.4150");
  assert.equal(c.volume_fp, "4.00");
  assert.equal(c.yes_bid.high_dollars, "0.4400");
  assert.equal(c.yes_ask.close_dollars, "0.4600");
  const next = candles.find((x) => x.end_period_ts === end + 60)!;
  assert.equal(next.volume_fp, "0.00");
  assert.equal(next.price.previous_dollars, "0.3900");
  assert.equal(next.price.close_dollars, undefined);
  const hourly = await s.get(
    `/markets/candlesticks?market_tickers=${m.ticker}&start_ts=${end}&end_ts=${end + 3600}` +
      "&period_interval=60",
  );
  const h = (hourly.body as { markets: { candlesticks: Candle[] }[] }).markets[0]!.candlesticks;
  assert.equal(h.length, 1);
  assert.equal(h[0]!.volume_fp, "4.00");
});

Deno.test("event candlesticks cut long ranges and report the adjusted end", async () => {
  using s = setup();
  const ev = s.cat.data.eventList.find((e) =>
    e.markets.length >= 8 &&
    e.markets.every((t) => s.cat.market(t)!.open_ms < START - 2 * 86_400_000)
  )!;
  const r = await s.get(
    `/series/${ev.series_ticker}/events/${ev.event_ticker}/candlesticks?start_ts=${
      S - 2 * 86_400
    }` +
      `&end_ts=${S}&period_interval=1`,
  );
  const body = r.body as {
    market_tickers: string[];
    market_candlesticks: Candle[][];
    adjusted_end_ts: number;
  };
  assert.equal(body.market_tickers.length, ev.markets.length);
  const total = body.market_candlesticks.reduce((n, cs) => n + cs.length, 0);
  assert.ok(total <= 5000 && total > 0);
  assert.ok(body.adjusted_end_ts < S);
  for (const cs of body.market_candlesticks) {
    assert.ok(cs.at(-1)!.end_period_ts <= body.adjusted_end_ts);
  }
});

Deno.test("historical candlesticks of a settled market converge on its result", async () => {
  using s = setup();
  const m = s.cat.allMarkets().find((x) =>
    s.cat.isArchived(x) && x.open_ms < x.close_ms - 86_400_000
  )!;
  const close = Math.floor(m.close_ms / 1000);
  const r = await s.get(
    `/historical/markets/${m.ticker}/candlesticks?start_ts=${close - 86_400}&end_ts=${
      close + 86_400
    }` +
      "&period_interval=60",
  );
  const candles =
    (r.body as { candlesticks: { end_period_ts: number; yes_bid: { close: string } }[] })
      .candlesticks;
  assert.ok(candles.length >= 23);
  assert.ok(candles.at(-1)!.end_period_ts <= close + 3600);
  const last = parsePrice(candles.at(-1)!.yes_bid.close);
  if (m.result === "yes") assert.ok(last > 8000);
  else assert.ok(last < 2000);
  const live = await s.get(
    `/series/${m.series_ticker}/markets/${m.ticker}/candlesticks?start_ts=1&end_ts=2&period_interval=60`,
  );
  assert.equal(live.status, 404);
});
