/**
 * Market routes: markets with Kalshi's filter rules, order books, candlesticks, series.
 *
 * @module
 */

import { invalidParameters, notFound, page, type QueryReader } from "../_http.ts";
import type { MarketRecord } from "../types.ts";
import { candleParams, limitParam, STATUS_FILTER, tsParam, wireMarket } from "./_routes.ts";
import type { Catalogue, RouteAdder } from "./catalogue.ts";
import { renderBook, renderCandle, renderSeries } from "./render.ts";

/** Most candles one market request may ask for. */
export const MAX_MARKET_CANDLES = 5000;
/** Most candles a batch request may ask for. */
export const MAX_BATCH_CANDLES = 10_000;

interface MarketFilters {
  status?: string | undefined;
  created?: [number | undefined, number | undefined];
  close?: [number | undefined, number | undefined];
  settled?: [number | undefined, number | undefined];
  updated?: number | undefined;
  mve?: string | undefined;
}

function range(
  q: QueryReader,
  min: string,
  max: string,
): [number | undefined, number | undefined] | undefined {
  const a = tsParam(q, min), b = tsParam(q, max);
  return a === undefined && b === undefined ? undefined : [a, b];
}

function inRange(ms: number | undefined, r: [number | undefined, number | undefined]): boolean {
  if (ms === undefined) return false;
  return (r[0] === undefined || ms >= r[0]) && (r[1] === undefined || ms <= r[1]);
}

/** Reads and cross-checks the `GET /markets` filters (notes/rest.md §4.5.1). */
function readFilters(q: QueryReader): MarketFilters & {
  event?: string | undefined;
  series?: string | undefined;
  tickers?: string[] | undefined;
} {
  const f: ReturnType<typeof readFilters> = {
    event: q.str("event_ticker"),
    series: q.str("series_ticker"),
    tickers: q.list("tickers"),
    status: q.str("status", { oneOf: Object.keys(STATUS_FILTER) }),
    mve: q.str("mve_filter", { oneOf: ["only", "exclude"] }),
    updated: tsParam(q, "min_updated_ts"),
  };
  const created = range(q, "min_created_ts", "max_created_ts");
  const close = range(q, "min_close_ts", "max_close_ts");
  const settled = range(q, "min_settled_ts", "max_settled_ts");
  if (created) f.created = created;
  if (close) f.close = close;
  if (settled) f.settled = settled;
  const groups = [created, close, settled, f.updated].filter((g) => g !== undefined).length;
  if (groups > 1) {
    throw invalidParameters(
      "created, close, settled and updated timestamp filters cannot be combined",
    );
  }
  if (created && f.status && f.status !== "unopened" && f.status !== "open") {
    throw invalidParameters(
      "min_created_ts/max_created_ts can only be combined with status unopened or open",
    );
  }
  if (close && f.status && f.status !== "closed") {
    throw invalidParameters("min_close_ts/max_close_ts can only be combined with status closed");
  }
  if (settled && f.status && f.status !== "settled") {
    throw invalidParameters(
      "min_settled_ts/max_settled_ts can only be combined with status settled",
    );
  }
  if (f.updated !== undefined) {
    if (f.status || f.event || f.tickers || f.mve === "only") {
      throw invalidParameters("min_updated_ts cannot be combined with other filters");
    }
    if (f.series && f.mve !== "exclude") {
      throw invalidParameters(
        "min_updated_ts can be combined with series_ticker only when mve_filter=exclude",
      );
    }
  }
  return f;
}

function matches(m: MarketRecord, f: MarketFilters): boolean {
  if (f.status && !STATUS_FILTER[f.status]!.includes(m.status)) return false;
  if (f.mve === "only" && m.mve_collection_ticker === undefined) return false;
  if (f.mve === "exclude" && m.mve_collection_ticker !== undefined) return false;
  if (f.created && !inRange(m.created_ms, f.created)) return false;
  if (f.close && !inRange(m.close_ms, f.close)) return false;
  if (f.settled && !inRange(m.settled_ms, f.settled)) return false;
  if (f.updated !== undefined && !(m.updated_ms > f.updated)) return false;
  return true;
}

/**
 * Markets by explicit tickers, event or series, sorted by ticker.
 *
 * @param cat The catalogue.
 * @param by Tickers, event or series.
 * @returns The candidates.
 */
export function candidates(
  cat: Catalogue,
  by: { tickers?: string[] | undefined; event?: string | undefined; series?: string | undefined },
): readonly MarketRecord[] {
  const d = cat.data;
  let list: readonly MarketRecord[] = d.marketList;
  if (by.tickers) {
    list = [...new Set(by.tickers)].map((t) => d.markets.get(t)).filter((m) => m !== undefined)
      .sort((a, b) => (a.ticker < b.ticker ? -1 : 1));
  } else if (by.event) {
    list = (d.events.get(by.event)?.markets ?? []).map((t) => d.markets.get(t)!)
      .sort((a, b) => (a.ticker < b.ticker ? -1 : 1));
  }
  if (by.event && by.tickers) list = list.filter((m) => m.event_ticker === by.event);
  if (by.series) list = list.filter((m) => m.series_ticker === by.series);
  return list;
}

/**
 * Declares the market routes.
 *
 * @param on Adds a route.
 * @param cat The catalogue.
 */
export function registerMarketRoutes(on: RouteAdder, cat: Catalogue): void {
  const d = cat.data;
  const live = (ticker: string): MarketRecord => {
    const m = d.markets.get(ticker);
    if (!m || cat.isArchived(m)) throw notFound("market", ticker);
    return m;
  };

  on("GET", "/markets", { op: "GetMarkets", auth: "optional" }, (req) => {
    const q = req.query;
    const limit = limitParam(q, 1000, 100, 0);
    const cursor = q.str("cursor");
    const f = readFilters(q);
    const now = cat.now();
    const list = candidates(cat, f).filter((m) => matches(m, f) && !cat.isArchived(m, now));
    const p = page(list, (m) => m.ticker, { cursor, limit });
    return { markets: p.items.map((m) => wireMarket(cat, m)), cursor: p.cursor };
  });

  on("GET", "/markets/{ticker}", { op: "GetMarket", auth: "optional" }, (req) => {
    return { market: wireMarket(cat, live(req.param("ticker"))) };
  });

  on(
    "GET",
    "/markets/{ticker}/orderbook",
    { op: "GetMarketOrderbook", auth: "optional" },
    (req) => {
      const depth = req.query.int("depth", { max: 100 }) ?? 0;
      const m = live(req.param("ticker"));
      return { orderbook_fp: renderBook(cat.ex.trading.levels(m.ticker, Math.max(0, depth))) };
    },
  );

  on("GET", "/markets/orderbooks", { op: "GetMarketOrderbooks", auth: "optional" }, (req) => {
    const tickers = req.query.repeated("tickers", { required: true, max: 100 })!;
    const orderbooks = [];
    for (const t of new Set(tickers)) {
      const m = d.markets.get(t);
      if (!m || cat.isArchived(m)) continue;
      orderbooks.push({ ticker: t, orderbook_fp: renderBook(cat.ex.trading.levels(t, 0)) });
    }
    return { orderbooks };
  });

  on(
    "GET",
    "/series/{series_ticker}/markets/{ticker}/candlesticks",
    { op: "GetMarketCandlesticks", auth: "optional" },
    (req) => {
      const { start, end, period } = candleParams(req.query);
      const latest = req.query.bool("include_latest_before_start") ?? false;
      const m = live(req.param("ticker"));
      if (m.series_ticker !== req.param("series_ticker")) {
        throw notFound("market", req.param("ticker"));
      }
      const src = cat.candleSource(m);
      const n = cat.candles.range(src, start, end, period).count;
      if (n > MAX_MARKET_CANDLES) {
        throw invalidParameters(
          `the range holds ${n} candlesticks; at most ${MAX_MARKET_CANDLES} may be requested`,
        );
      }
      const candles = cat.candles.candles(src, start, end, period, latest);
      return { ticker: m.ticker, candlesticks: candles.map(renderCandle) };
    },
  );

  on(
    "GET",
    "/markets/candlesticks",
    { op: "BatchGetMarketCandlesticks", auth: "optional" },
    (req) => {
      const tickers = req.query.list("market_tickers", { required: true, max: 100 })!;
      const { start, end, period } = candleParams(req.query);
      const latest = req.query.bool("include_latest_before_start") ?? false;
      const sources = [...new Set(tickers)].map((t) => d.markets.get(t))
        .filter((m) => m !== undefined && !cat.isArchived(m))
        .map((m) => cat.candleSource(m!));
      const total = sources.reduce(
        (s, src) => s + cat.candles.range(src, start, end, period).count,
        0,
      );
      if (total > MAX_BATCH_CANDLES) {
        throw invalidParameters(
          `the request holds ${total} candlesticks; at most ${MAX_BATCH_CANDLES} may be requested`,
        );
      }
      return {
        markets: sources.map((src) => ({
          market_ticker: src.market.ticker,
          candlesticks: cat.candles.candles(src, start, end, period, latest).map(renderCandle),
        })),
      };
    },
  );

  const volumes = (): Map<string, number> => {
    const v = new Map<string, number>();
    for (const m of d.marketList) v.set(m.series_ticker, (v.get(m.series_ticker) ?? 0) + m.volume);
    return v;
  };

  on("GET", "/series", { op: "GetSeriesList", auth: "optional" }, (req) => {
    const q = req.query;
    const category = q.str("category");
    const tags = q.list("tags");
    const meta = q.bool("include_product_metadata") ?? false;
    const withVolume = q.bool("include_volume") ?? false;
    const updated = tsParam(q, "min_updated_ts");
    const v = withVolume ? volumes() : undefined;
    const series = d.seriesList.filter((s) =>
      (category === undefined || s.categories.includes(category) || s.category === category) &&
      (tags === undefined || tags.some((t) => s.tags.includes(t))) &&
      (updated === undefined || s.last_updated_ms > updated)
    ).map((s) =>
      renderSeries(s, { productMetadata: meta, volume: v ? v.get(s.ticker) ?? 0 : undefined })
    );
    return { series };
  });

  on("GET", "/series/{series_ticker}", { op: "GetSeries", auth: "optional" }, (req) => {
    const withVolume = req.query.bool("include_volume") ?? false;
    const s = d.series.get(req.param("series_ticker"));
    if (!s) throw notFound("series", req.param("series_ticker"));
    const volume = withVolume ? volumes().get(s.ticker) ?? 0 : undefined;
    return { series: renderSeries(s, { productMetadata: true, volume }) };
  });
}
