import assert from "node:assert/strict";
import { parsePrice } from "../../money/mod.ts";
import type { Exchange } from "../exchange.ts";
import { createExchange, createSimApp } from "../server.ts";
import type { Catalogue } from "./catalogue.ts";

type Body = Record<string, unknown>;
type WireMarket = { ticker: string; status: string; event_ticker: string } & Body;

function setup(markets = 200): {
  ex: Exchange;
  cat: Catalogue;
  get: (path: string) => Promise<{ status: number; body: Body }>;
  [Symbol.dispose]: () => void;
} {
  const ex = createExchange({ markets, rateLimits: false, seed: 11 });
  const { app } = createSimApp(ex);
  const get = async (path: string) => {
    const r = await app.request(`/trade-api/v2${path}`);
    return { status: r.status, body: await r.json() as Body };
  };
  return {
    ex,
    cat: ex.catalogue as Catalogue,
    get,
    [Symbol.dispose]: () => ex.close(),
  };
}

async function all<T>(
  get: (path: string) => Promise<{ status: number; body: Body }>,
  path: string,
  key: string,
  cursorKey = "cursor",
): Promise<T[]> {
  const out: T[] = [];
  let cursor = "";
  for (let i = 0; i < 1000; i++) {
    const sep = path.includes("?") ? "&" : "?";
    const r = await get(`${path}${cursor ? `${sep}cursor=${encodeURIComponent(cursor)}` : ""}`);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    out.push(...(r.body[key] as T[]));
    cursor = r.body[cursorKey] as string;
    if (!cursor) return out;
  }
  throw new Error("pagination did not end");
}

Deno.test("GET /markets pages through every live market exactly once", async () => {
  using s = setup(600);
  const got = await all<WireMarket>(s.get, "/markets?limit=37", "markets");
  const tickers = got.map((m) => m.ticker);
  assert.equal(new Set(tickers).size, tickers.length);
  const expected = s.cat.allMarkets().filter((m) => !s.cat.isArchived(m)).map((m) => m.ticker);
  assert.deepEqual(tickers, expected);
  const first = await s.get("/markets");
  assert.equal((first.body.markets as unknown[]).length, 100);
  const big = await s.get("/markets?limit=1000");
  assert.equal(big.body.cursor, "");
  const garbage = await s.get("/markets?limit=5&cursor=%%%");
  assert.equal(garbage.status, 200);
});

Deno.test("GET /events and /historical/markets page through every item exactly once", async () => {
  using s = setup();
  const events = await all<{ event_ticker: string }>(s.get, "/events?limit=7", "events");
  const tickers = events.map((e) => e.event_ticker);
  assert.equal(new Set(tickers).size, tickers.length);
  const d = s.cat.data;
  const expected = d.eventList.filter((e) =>
    !e.is_multivariate && e.markets.some((t) => !s.cat.isArchived(d.markets.get(t)!))
  ).map((e) => e.event_ticker);
  assert.deepEqual(tickers, expected);
  const multi = await all<{ event_ticker: string }>(
    s.get,
    "/events/multivariate?limit=1",
    "events",
  );
  assert.deepEqual(
    multi.map((e) => e.event_ticker),
    d.eventList.filter((e) => e.is_multivariate).map((e) => e.event_ticker),
  );
  const hist = await all<WireMarket>(s.get, "/historical/markets?limit=3", "markets");
  assert.ok(hist.length > 0);
  assert.deepEqual(
    hist.map((m) => m.ticker),
    d.marketList.filter((m) => s.cat.isArchived(m)).map((m) => m.ticker),
  );
  for (const m of hist) assert.equal(m.status, "finalized");
});

Deno.test("GET /markets filters by status, event, series, tickers and combos", async () => {
  using s = setup();
  const d = s.cat.data;
  const statuses: Record<string, string[]> = {
    unopened: ["initialized"],
    open: ["active"],
    paused: ["inactive"],
    closed: ["closed", "determined"],
    settled: ["finalized"],
  };
  for (const [filter, allowed] of Object.entries(statuses)) {
    const got = await all<WireMarket>(s.get, `/markets?status=${filter}&limit=1000`, "markets");
    const want = d.marketList.filter((m) => allowed.includes(m.status) && !s.cat.isArchived(m));
    assert.equal(got.length, want.length, filter);
    assert.ok(got.length > 0, `some markets are ${filter}`);
    for (const m of got) assert.ok(allowed.includes(m.status), `${filter}: ${m.status}`);
  }
  const m = d.marketList.find((x) => x.status === "active" && !x.mve_collection_ticker)!;
  const ev = d.events.get(m.event_ticker)!;
  const byEvent = await s.get(`/markets?event_ticker=${ev.event_ticker}`);
  assert.deepEqual(
    (byEvent.body.markets as WireMarket[]).map((x) => x.ticker),
    [...ev.markets].sort(),
  );
  const bySeries = await all<WireMarket>(
    s.get,
    `/markets?series_ticker=${m.series_ticker}`,
    "markets",
  );
  assert.ok(bySeries.length >= ev.markets.length);
  for (const x of bySeries) assert.ok(x.ticker.startsWith(`${m.series_ticker}-`));
  const byTickers = await s.get(`/markets?tickers=${ev.markets.join(",")},KXNOPE-1-2`);
  assert.equal((byTickers.body.markets as unknown[]).length, ev.markets.length);
  const only = await all<WireMarket>(s.get, "/markets?mve_filter=only", "markets");
  assert.ok(only.length > 0);
  for (const x of only) assert.ok(x.ticker.startsWith("KXMVE") && x.mve_collection_ticker);
  const exclude = await all<WireMarket>(s.get, "/markets?mve_filter=exclude&limit=500", "markets");
  assert.ok(exclude.every((x) => x.mve_collection_ticker === undefined));
  const total = d.marketList.filter((x) => !s.cat.isArchived(x)).length;
  assert.equal(only.length + exclude.length, total);
  const openOnly = await all<WireMarket>(s.get, "/markets?status=open&mve_filter=only", "markets");
  assert.ok(openOnly.every((x) => x.status === "active" && x.mve_collection_ticker));
});

Deno.test("GET /markets filters by time ranges and metadata updates", async () => {
  using s = setup();
  const d = s.cat.data;
  const start = Math.floor(d.start_ms / 1000);
  const closed = await all<WireMarket>(
    s.get,
    `/markets?status=closed&max_close_ts=${start}`,
    "markets",
  );
  assert.ok(closed.length > 0);
  for (const m of closed) assert.ok(Date.parse(m.close_time as string) <= d.start_ms);
  const soon = await all<WireMarket>(
    s.get,
    `/markets?min_close_ts=${start}&max_close_ts=${start + 3 * 3600}`,
    "markets",
  );
  assert.ok(soon.length > 0);
  for (const m of soon) {
    const t = Date.parse(m.close_time as string);
    assert.ok(t >= d.start_ms && t <= d.start_ms + 3 * 3600_000);
  }
  const settled = await all<WireMarket>(
    s.get,
    `/markets?min_settled_ts=${start - 86_400}`,
    "markets",
  );
  assert.ok(settled.length > 0);
  for (const m of settled) assert.equal(m.status, "finalized");
  const created = await all<WireMarket>(
    s.get,
    `/markets?status=open&min_created_ts=${start - 86_400}`,
    "markets",
  );
  for (const m of created) {
    assert.ok(Date.parse(m.created_time as string) >= d.start_ms - 86_400_000);
  }
  const m = d.marketList.find((x) => x.status === "active")!;
  const before = await s.get(`/markets?min_updated_ts=${start + 1}`);
  assert.equal((before.body.markets as unknown[]).length, 0);
  m.updated_ms = d.start_ms + 5000;
  const after = await s.get(`/markets?min_updated_ts=${start + 1}`);
  assert.deepEqual((after.body.markets as WireMarket[]).map((x) => x.ticker), [m.ticker]);
  const withSeries = await s.get(
    `/markets?min_updated_ts=${start + 1}&series_ticker=${m.series_ticker}&mve_filter=exclude`,
  );
  assert.equal(withSeries.status, 200);
});

Deno.test("GET /events filters by status, series, tickers and close time", async () => {
  using s = setup();
  const d = s.cat.data;
  const open = await all<{ event_ticker: string; markets: WireMarket[] }>(
    s.get,
    "/events?status=open&with_nested_markets=true",
    "events",
  );
  assert.ok(open.length > 0);
  for (const e of open) assert.ok(e.markets.some((m) => m.status === "active"), e.event_ticker);
  const settled = await all<{ event_ticker: string }>(s.get, "/events?status=settled", "events");
  for (const e of settled) {
    assert.ok(
      d.events.get(e.event_ticker)!.markets.some((t) => d.markets.get(t)!.status === "finalized"),
    );
  }
  const ev = d.eventList.find((e) => !e.is_multivariate && e.series_ticker === "KXHIGHNY")!;
  const bySeries = await all<{ series_ticker: string }>(
    s.get,
    "/events?series_ticker=KXHIGHNY",
    "events",
  );
  assert.ok(bySeries.length > 0 && bySeries.every((e) => e.series_ticker === "KXHIGHNY"));
  const byTickers = await s.get(`/events?tickers=${ev.event_ticker},KXNOPE`);
  assert.deepEqual(
    (byTickers.body.events as { event_ticker: string }[]).map((e) => e.event_ticker),
    [ev.event_ticker],
  );
  const later = Math.floor(d.start_ms / 1000) + 30 * 86_400;
  const far = await all<{ event_ticker: string }>(s.get, `/events?min_close_ts=${later}`, "events");
  for (const e of far) {
    assert.ok(
      d.events.get(e.event_ticker)!.markets.some((t) => d.markets.get(t)!.close_ms > later * 1000),
    );
  }
  const nested = await s.get(`/events/${ev.event_ticker}?with_nested_markets=true`);
  const event = nested.body.event as { markets: unknown[] };
  assert.equal(event.markets.length, ev.markets.length);
  assert.deepEqual(nested.body.markets, []);
  const flat = await s.get(`/events/${ev.event_ticker}`);
  assert.equal((flat.body.markets as unknown[]).length, ev.markets.length);
  assert.equal((flat.body.event as Body).markets, undefined);
  const coll = d.collectionList.find((c) =>
    d.eventList.some((e) => e.collection_ticker === c.collection_ticker)
  )!;
  const byColl = await all<{ event_ticker: string }>(
    s.get,
    `/events/multivariate?collection_ticker=${coll.collection_ticker}`,
    "events",
  );
  assert.ok(byColl.length > 0);
  for (const e of byColl) assert.ok(e.event_ticker.startsWith(coll.collection_ticker));
});

Deno.test("GET /series filters by category and tags", async () => {
  using s = setup();
  const r = await s.get("/series?category=Crypto");
  const series = r.body.series as { ticker: string; category: string; categories: string[] }[];
  assert.ok(series.length > 0);
  for (const x of series) assert.ok(x.categories.includes("Crypto"));
  const tagged = await s.get(`/series?tags=${encodeURIComponent("Daily temperature,Rain")}`);
  const tickers = (tagged.body.series as { ticker: string }[]).map((x) => x.ticker);
  assert.ok(tickers.includes("KXHIGHNY") && tickers.includes("KXRAINNYC"));
  assert.ok(!tickers.includes("KXBTCD"));
  const one = await s.get("/series/KXBTCD");
  assert.equal((one.body.series as Body).ticker, "KXBTCD");
  assert.deepEqual((one.body.series as Body).product_metadata, { cadence: "hourly" });
});

Deno.test("GET /markets renders prices from the book and the order book ascending", async () => {
  using s = setup();
  const m = s.cat.data.marketList.find((x) => x.status === "active" && !x.mve_collection_ticker)!;
  const r = await s.get(`/markets/${m.ticker}`);
  const w = r.body.market as Record<string, string>;
  const top = s.ex.trading.top(m.ticker);
  assert.equal(parsePrice(w.yes_bid_dollars!), top.yes_bid ?? 0);
  assert.equal(parsePrice(w.yes_ask_dollars!), top.yes_ask ?? 10_000);
  assert.equal(parsePrice(w.no_bid_dollars!), 10_000 - parsePrice(w.yes_ask_dollars!));
  assert.equal(parsePrice(w.no_ask_dollars!), 10_000 - parsePrice(w.yes_bid_dollars!));
  const book = await s.get(`/markets/${m.ticker}/orderbook`);
  const fp = book.body.orderbook_fp as {
    yes_dollars: [string, string][];
    no_dollars: [string, string][];
  };
  for (const side of [fp.yes_dollars, fp.no_dollars]) {
    const prices = side.map(([p]) => parsePrice(p));
    assert.deepEqual(prices, [...prices].sort((a, b) => a - b));
  }
  const levels = s.ex.trading.levels(m.ticker, 2);
  const shallow = await s.get(`/markets/${m.ticker}/orderbook?depth=2`);
  const sfp = shallow.body.orderbook_fp as { yes_dollars: unknown[] };
  assert.equal(sfp.yes_dollars.length, levels.yes.length);
});
