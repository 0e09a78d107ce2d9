/**
 * Historical-tier routes: the cutoff, and markets settled before it with their candlesticks.
 *
 * @module
 */

import { invalidParameters, notFound, page } from "../_http.ts";
import { historicalCutoffBody } from "../trading/cutoff.ts";
import type { MarketRecord } from "../types.ts";
import { candleParams, limitParam, wireMarket } from "./_routes.ts";
import type { Catalogue, RouteAdder } from "./catalogue.ts";
import { renderHistoricalCandle } from "./render.ts";
import { candidates, MAX_MARKET_CANDLES } from "./routes_markets.ts";

/**
 * Declares the historical routes.
 *
 * @param on Adds a route.
 * @param cat The catalogue.
 */
export function registerHistoricalRoutes(on: RouteAdder, cat: Catalogue): void {
  const archived = (ticker: string): MarketRecord => {
    const m = cat.historicalMarket(ticker);
    if (!m) throw notFound("market", ticker);
    return m;
  };

  on("GET", "/historical/cutoff", { op: "GetHistoricalCutoff", auth: "optional" }, () => {
    return historicalCutoffBody(cat.now());
  });

  on("GET", "/historical/markets", { op: "GetHistoricalMarkets", auth: "optional" }, (req) => {
    const q = req.query;
    const limit = limitParam(q, 1000, 100, 0);
    const cursor = q.str("cursor");
    q.exclusive("tickers", "event_ticker", "series_ticker", "mve_filter");
    const tickers = q.list("tickers");
    const event = q.str("event_ticker");
    const series = q.str("series_ticker");
    const mve = q.str("mve_filter", { oneOf: ["exclude"] });
    const now = cat.now();
    const list = candidates(cat, { tickers, event, series }).filter((m) =>
      cat.isArchived(m, now) && (mve !== "exclude" || m.mve_collection_ticker === undefined)
    );
    const p = page(list, (m) => m.ticker, { cursor, limit });
    return { markets: p.items.map((m) => wireMarket(cat, m)), cursor: p.cursor };
  });

  on(
    "GET",
    "/historical/markets/{ticker}",
    { op: "GetHistoricalMarket", auth: "optional" },
    (req) => {
      return { market: wireMarket(cat, archived(req.param("ticker"))) };
    },
  );

  on(
    "GET",
    "/historical/markets/{ticker}/candlesticks",
    { op: "GetMarketCandlesticksHistorical", auth: "optional" },
    (req) => {
      const { start, end, period } = candleParams(req.query);
      const m = archived(req.param("ticker"));
      const src = cat.candleSource(m);
      const n = cat.candles.range(src, start, end, period).count;
      if (n > MAX_MARKET_CANDLES) {
        throw invalidParameters(
          `the range holds ${n} candlesticks; at most ${MAX_MARKET_CANDLES} may be requested`,
        );
      }
      const candles = cat.candles.candles(src, start, end, period);
      return { ticker: m.ticker, candlesticks: candles.map(renderHistoricalCandle) };
    },
  );
}
