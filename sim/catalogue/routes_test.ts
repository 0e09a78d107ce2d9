import assert from "node:assert/strict";
import { simFetcher } from "../../_testing/sim_fetch.ts";
import { templateOf, validateResponse } from "../../_testing/spec_validator.ts";
import { createExchange, createSimApp, startSim } from "../server.ts";
import type { Catalogue } from "./catalogue.ts";

/** Every operation the catalogue serves. */
const OPS = [
  "GetExchangeStatus",
  "GetExchangeSchedule",
  "GetUserDataTimestamp",
  "GetSeriesFeeChanges",
  "GetExchangeAnnouncements",
  "GetEvents",
  "GetEvent",
  "GetEventMetadata",
  "GetMultivariateEvents",
  "GetEventFeeChanges",
  "GetMarketCandlesticksByEvent",
  "GetEventForecastPercentilesHistory",
  "GetMarkets",
  "GetMarket",
  "GetMarketOrderbook",
  "GetMarketOrderbooks",
  "GetMarketCandlesticks",
  "BatchGetMarketCandlesticks",
  "GetSeriesList",
  "GetSeries",
  "GetMilestones",
  "GetMilestone",
  "GetStructuredTargets",
  "GetStructuredTarget",
  "GetLiveDatas",
  "GetLiveData",
  "GetLiveDataByMilestone",
  "GetGameStats",
  "GetEventLiveData",
  "GetWeatherIndex",
  "GetWeatherIndexCalibrations",
  "GetTagsForSeriesCategories",
  "GetFiltersForSports",
  "GetIncentivePrograms",
  "GetMultivariateEventCollections",
  "GetMultivariateEventCollection",
  "CreateMarketInMultivariateEventCollection",
  "GetMultivariateEventCollectionLookupHistory",
  "LookupTickersForMarketInMultivariateEventCollection",
  "GetHistoricalCutoff",
  "GetHistoricalMarkets",
  "GetHistoricalMarket",
  "GetMarketCandlesticksHistorical",
];

Deno.test("Catalogue registers every catalogue operation", () => {
  const ex = createExchange({ markets: 50 });
  const { router } = createSimApp(ex);
  const ops = new Set(router.routes.map((r) => r.op));
  for (const op of OPS) assert.ok(ops.has(op), op);
  ex.close();
});

Deno.test("catalogue routes answer with bodies that match the spec", async () => {
  await using sim = await startSim({ markets: 200, rateLimits: false });
  using f = await simFetcher(sim);
  const cat = sim.exchange.catalogue as Catalogue;
  const d = cat.data;
  const now = Math.floor(Date.now() / 1000);
  const m = d.marketList.find((x) => x.status === "active" && !x.mve_collection_ticker)!;
  const ev = d.events.get(m.event_ticker)!;
  const numeric = d.eventList.find((e) => d.extras.get(e.event_ticker)?.model)!;
  const archived = d.marketList.find((x) => cat.isArchived(x))!;
  const game = d.milestoneList.find((x) => x.category === "Sports")!;
  const race = d.milestoneList.find((x) => x.category === "Elections")!;
  const weatherEvent = d.eventList.find((e) => d.extras.get(e.event_ticker)?.city)!;
  const cryptoEvent = d.eventList.find((e) => d.extras.get(e.event_ticker)?.asset)!;
  const combo = d.marketList.find((x) => x.mve_collection_ticker)!;
  const coll = d.collections.get("KXMVESPORTSMULTIGAMEEXTENDED")!;
  const legs = coll.associated_events.slice(0, 2).map((a) => ({
    event_ticker: a.ticker,
    market_ticker: d.events.get(a.ticker)!.markets[0]!,
    side: "yes",
  }));
  const day = `start_ts=${now - 86_400}&end_ts=${now}`;
  const closeS = Math.floor(archived.close_ms / 1000);
  const calls: [string, string, unknown?][] = [
    ["GET", "/exchange/status"],
    ["GET", "/exchange/schedule"],
    ["GET", "/exchange/user_data_timestamp"],
    ["GET", "/exchange/announcements"],
    ["GET", "/series/fee_changes?show_historical=true"],
    ["GET", "/events?limit=5&with_nested_markets=true&with_milestones=true"],
    ["GET", "/events?status=settled"],
    ["GET", `/events/${ev.event_ticker}`],
    ["GET", `/events/${ev.event_ticker}?with_nested_markets=true`],
    ["GET", `/events/${ev.event_ticker}/metadata`],
    ["GET", `/events/${game.primary_event_tickers[0]}/metadata`],
    ["GET", "/events/multivariate?with_nested_markets=true"],
    ["GET", "/events/fee_changes"],
    [
      "GET",
      `/series/${ev.series_ticker}/events/${ev.event_ticker}/candlesticks?${day}&period_interval=60`,
    ],
    [
      "GET",
      `/series/${numeric.series_ticker}/events/${numeric.event_ticker}/forecast_percentile_history?` +
      `percentiles=500&percentiles=5000&percentiles=9500&${day}&period_interval=60`,
    ],
    ["GET", "/markets?limit=20"],
    ["GET", "/markets?status=settled&limit=5"],
    ["GET", `/markets/${m.ticker}`],
    ["GET", `/markets/${combo.ticker}`],
    ["GET", `/markets/${m.ticker}/orderbook?depth=3`],
    ["GET", `/markets/orderbooks?tickers=${m.ticker}&tickers=${combo.ticker}`],
    [
      "GET",
      `/series/${m.series_ticker}/markets/${m.ticker}/candlesticks?${day}&period_interval=60` +
      "&include_latest_before_start=true",
    ],
    [
      "GET",
      `/markets/candlesticks?market_tickers=${m.ticker},${combo.ticker}&${day}&period_interval=60`,
    ],
    ["GET", "/series?include_volume=true&include_product_metadata=true"],
    ["GET", `/series/${m.series_ticker}?include_volume=true`],
    ["GET", "/milestones?limit=5"],
    ["GET", `/milestones/${game.id}`],
    ["GET", "/structured_targets?page_size=5"],
    ["GET", `/structured_targets/${d.targetList[0]!.id}`],
    ["GET", `/live_data/batch?milestone_ids=${game.id}&milestone_ids=${race.id}`],
    ["GET", `/live_data/${game.type}/milestone/${game.id}`],
    ["GET", `/live_data/milestone/${game.id}?include_player_stats=true`],
    ["GET", `/live_data/milestone/${game.id}/game_stats`],
    ["GET", `/live_data/milestone/${race.id}/game_stats`],
    ["GET", `/live_data/events/${game.primary_event_tickers[0]}`],
    ["GET", `/live_data/events/${weatherEvent.event_ticker}?range=1h`],
    ["GET", `/live_data/events/${cryptoEvent.event_ticker}`],
    ["GET", "/live_data/weather/nyc?last_sec=600&detailed=true"],
    ["GET", "/live_data/weather/miami/calibrations"],
    ["GET", "/search/tags_by_categories"],
    ["GET", "/search/filters_by_sport"],
    ["GET", "/incentive_programs?status=active"],
    ["GET", "/multivariate_event_collections"],
    ["GET", `/multivariate_event_collections/${coll.collection_ticker}`],
    [
      "POST",
      `/multivariate_event_collections/${coll.collection_ticker}`,
      { selected_markets: legs, with_market_payload: true },
    ],
    ["PUT", `/multivariate_event_collections/${coll.collection_ticker}/lookup`, {
      selected_markets: legs,
    }],
    ["GET", `/multivariate_event_collections/${coll.collection_ticker}/lookup?lookback_seconds=60`],
    ["GET", "/historical/cutoff"],
    ["GET", "/historical/markets?limit=5"],
    ["GET", `/historical/markets/${archived.ticker}`],
    [
      "GET",
      `/historical/markets/${archived.ticker}/candlesticks?start_ts=${closeS - 86_400}` +
      `&end_ts=${closeS}&period_interval=60`,
    ],
  ];
  const covered = new Set<string>();
  for (const [method, path, body] of calls) {
    const r = await f(method, path, body);
    assert.equal(r.status, 200, `${method} ${path}: ${JSON.stringify(r.body)}`);
    assert.deepEqual(validateResponse(method, path, r.status, r.body), [], `${method} ${path}`);
    covered.add(`${method} ${templateOf(method, path)}`);
  }
  const { router } = createSimApp(sim.exchange);
  for (const r of router.routes.filter((x) => OPS.includes(x.op))) {
    assert.ok(covered.has(`${r.method} ${r.path}`), `${r.op} is exercised`);
  }
  const dep = await f("GET", "/exchange/announcements");
  assert.equal(dep.headers.get("deprecation"), "true");
});

Deno.test("public catalogue routes work without signing", async () => {
  await using sim = await startSim({ markets: 200, rateLimits: false });
  using f = await simFetcher(sim);
  for (const path of ["/markets?limit=2", "/events?limit=2", "/series", "/exchange/status"]) {
    const r = await f("GET", path, undefined, { signed: false });
    assert.equal(r.status, 200, path);
  }
  const create = await f(
    "POST",
    "/multivariate_event_collections/KXMVECROSSCATEGORY",
    { selected_markets: [] },
    { signed: false },
  );
  assert.equal(create.status, 401);
});

Deno.test("catalogue routes answer bad parameters with Kalshi's 400 bodies", async () => {
  await using sim = await startSim({ markets: 200, rateLimits: false });
  using f = await simFetcher(sim);
  const cat = sim.exchange.catalogue as Catalogue;
  const m = cat.data.marketList.find((x) =>
    x.status === "active" && x.open_ms < Date.now() - 5 * 86_400_000
  )!;
  const ev = cat.data.events.get(m.event_ticker)!;
  const candles = `/series/${m.series_ticker}/markets/${m.ticker}/candlesticks`;
  const bad = [
    "/markets?limit=1001",
    "/markets?limit=-1",
    "/markets?limit=abc",
    "/markets?status=bogus",
    "/markets?mve_filter=all",
    "/markets?status=open&min_close_ts=1",
    "/markets?status=closed&min_created_ts=1",
    "/markets?min_close_ts=1&min_settled_ts=1",
    "/markets?status=open&min_settled_ts=1",
    "/markets?min_updated_ts=1&status=open",
    "/markets?min_updated_ts=1&series_ticker=KXHIGHNY",
    "/markets?min_close_ts=yesterday",
    "/events?limit=201",
    "/events?limit=0",
    "/events?with_nested_markets=yes",
    "/events?status=paused",
    "/events/multivariate?series_ticker=A&collection_ticker=B",
    `${candles}?start_ts=1&end_ts=2`,
    `${candles}?start_ts=1&end_ts=2&period_interval=5`,
    `${candles}?start_ts=10&end_ts=2&period_interval=1`,
    `${candles}?start_ts=0&end_ts=${Math.floor(Date.now() / 1000)}&period_interval=1`,
    "/markets/candlesticks?start_ts=1&end_ts=2&period_interval=1",
    `/markets/${m.ticker}/orderbook?depth=101`,
    "/markets/orderbooks",
    "/milestones",
    "/milestones?limit=501",
    "/milestones?limit=5&minimum_start_date=tomorrow",
    "/structured_targets?page_size=0",
    "/incentive_programs?status=open",
    "/incentive_programs?limit=10001",
    "/live_data/batch",
    "/live_data/weather/nyc?from=1",
    "/live_data/weather/nyc?last_sec=60&to=1",
    "/live_data/weather/nyc?from=0&to=999999999999",
    "/multivariate_event_collections?status=bogus",
    "/multivariate_event_collections/KXMVECROSSCATEGORY/lookup",
    "/multivariate_event_collections/KXMVECROSSCATEGORY/lookup?lookback_seconds=5",
    "/historical/markets?limit=1001",
    "/historical/markets?series_ticker=A&event_ticker=B",
    "/historical/markets?mve_filter=only",
    `/series/${ev.series_ticker}/events/${ev.event_ticker}/forecast_percentile_history?start_ts=1&end_ts=2&period_interval=1`,
    `/series/${ev.series_ticker}/events/${ev.event_ticker}/forecast_percentile_history?percentiles=20000&start_ts=1&end_ts=2&period_interval=1`,
  ];
  for (const path of bad) {
    const r = await f("GET", path);
    assert.equal(r.status, 400, `${path}: ${JSON.stringify(r.body)}`);
    const b = r.body as Record<string, unknown>;
    assert.ok(
      typeof b.msg === "string" || (typeof b.error === "object" && b.error !== null),
      `${path}: ${JSON.stringify(b)}`,
    );
  }
  const coll = "/multivariate_event_collections/KXMVESPORTSMULTIGAMEEXTENDED";
  const badBodies: unknown[] = [
    "{not json",
    [],
    {},
    { selected_markets: "x" },
    { selected_markets: [1] },
    { selected_markets: [{ market_ticker: "A", event_ticker: "B" }] },
    { selected_markets: [{ market_ticker: "A", event_ticker: "B", side: "maybe" }] },
    { selected_markets: [{ market_ticker: 5, event_ticker: "B", side: "yes" }] },
  ];
  for (const body of badBodies) {
    const r = await f("POST", coll, body);
    assert.equal(r.status, 400, JSON.stringify(body));
  }
});

Deno.test("unknown catalogue resources answer 404 JSON", async () => {
  await using sim = await startSim({ markets: 200, rateLimits: false });
  using f = await simFetcher(sim);
  const cat = sim.exchange.catalogue as Catalogue;
  const archived = cat.data.marketList.find((x) => cat.isArchived(x))!;
  const live = cat.data.marketList.find((x) => x.status === "active")!;
  const quiet = cat.data.eventList.find((e) => {
    const x = cat.data.extras.get(e.event_ticker);
    return x && !x.city && !x.asset && !x.game;
  })!;
  const paths = [
    "/markets/KXNOPE-26JAN01-T1",
    "/markets/KXNOPE-26JAN01-T1/orderbook",
    `/markets/${archived.ticker}`,
    `/historical/markets/${live.ticker}`,
    "/historical/markets/KXNOPE/candlesticks?start_ts=1&end_ts=2&period_interval=60",
    "/events/KXNOPE-26JAN01",
    "/events/KXNOPE-26JAN01/metadata",
    "/series/KXNOPE",
    `/series/KXNOPE/markets/${live.ticker}/candlesticks?start_ts=1&end_ts=2&period_interval=60`,
    "/series/KXNOPE/events/KXNOPE-1/candlesticks?start_ts=1&end_ts=2&period_interval=60",
    "/milestones/00000000-0000-4000-8000-000000000000",
    "/structured_targets/nope",
    "/live_data/milestone/nope",
    "/live_data/basketball_game/milestone/nope",
    "/live_data/milestone/nope/game_stats",
    "/live_data/events/KXNOPE",
    `/live_data/events/${quiet.event_ticker}`,
    "/live_data/weather/atlantis",
    "/multivariate_event_collections/KXNOPE",
  ];
  for (const path of paths) {
    const r = await f("GET", path);
    assert.equal(r.status, 404, `${path}: ${JSON.stringify(r.body)}`);
    const b = r.body as { error?: { code?: string } };
    assert.equal(b.error?.code, "not_found", path);
  }
  const put = await f("PUT", "/multivariate_event_collections/KXNOPE/lookup", {
    selected_markets: [{ market_ticker: "A", event_ticker: "B", side: "yes" }],
  });
  assert.equal(put.status, 404);
});
