/**
 * Event routes: events (multivariate ones apart), metadata, fee changes, event candlesticks and
 * forecast percentile history.
 *
 * @module
 */

import { invalidParameters, notFound, page } from "../_http.ts";
import type { EventRecord } from "../types.ts";
import { hexOf, MINUTE, normalQuantile, valueNoise } from "./_util.ts";
import { candleParams, limitParam, liveMarkets, STATUS_FILTER, tsParam } from "./_routes.ts";
import type { Catalogue, RouteAdder } from "./catalogue.ts";
import { formatValue } from "./outcomes.ts";
import {
  renderCandle,
  renderEvent,
  renderEventFeeChange,
  renderMilestone,
  type Wire,
} from "./render.ts";

/** Most candles one event request returns; longer ranges are cut and `adjusted_end_ts` says where. */
export const MAX_EVENT_CANDLES = 5000;
/** Most forecast points one request may ask for. */
export const MAX_FORECAST_POINTS = 5000;

const COLORS = ["#0B6E4F", "#C84C09", "#2E5EAA", "#8E3B46", "#F2A541", "#5B8C5A", "#6C4B9E"];

/**
 * Declares the event routes.
 *
 * @param on Adds a route.
 * @param cat The catalogue.
 */
export function registerEventRoutes(on: RouteAdder, cat: Catalogue): void {
  const d = cat.data;

  const visible = (e: EventRecord, now: number): boolean =>
    e.markets.some((t) => {
      const m = d.markets.get(t);
      return m !== undefined && !cat.isArchived(m, now);
    });

  const withMarkets = (e: EventRecord, nested: boolean): Wire =>
    renderEvent(e, d, nested ? liveMarkets(cat, e.markets) : undefined);

  on("GET", "/events", { op: "GetEvents", auth: "optional" }, (req) => {
    const q = req.query;
    const limit = limitParam(q, 200, 200);
    const cursor = q.str("cursor");
    const nested = q.bool("with_nested_markets") ?? false;
    const withMilestones = q.bool("with_milestones") ?? false;
    const status = q.str("status", { oneOf: ["unopened", "open", "closed", "settled"] });
    const series = q.str("series_ticker");
    const minClose = tsParam(q, "min_close_ts");
    const minUpdated = tsParam(q, "min_updated_ts");
    const tickers = q.list("tickers");
    const wanted = tickers ? new Set(tickers) : undefined;
    const now = cat.now();
    const list = d.eventList.filter((e) => {
      if (e.is_multivariate || !visible(e, now)) return false;
      if (series && e.series_ticker !== series) return false;
      if (wanted && !wanted.has(e.event_ticker)) return false;
      if (minUpdated !== undefined && !(e.last_updated_ms > minUpdated)) return false;
      const ms = e.markets.map((t) => d.markets.get(t)!);
      if (status && !ms.some((m) => STATUS_FILTER[status]!.includes(m.status))) return false;
      if (minClose !== undefined && !ms.some((m) => m.close_ms > minClose)) return false;
      return true;
    });
    const p = page(list, (e) => e.event_ticker, { cursor, limit });
    const out: Wire = {
      events: p.items.map((e) => withMarkets(e, nested)),
      cursor: p.cursor,
    };
    if (withMilestones) {
      const ids = new Set(p.items.map((e) => e.event_ticker));
      out.milestones = d.milestoneList
        .filter((m) => m.related_event_tickers.some((t) => ids.has(t)))
        .map(renderMilestone);
    }
    return out;
  });

  on("GET", "/events/multivariate", { op: "GetMultivariateEvents", auth: "optional" }, (req) => {
    const q = req.query;
    const limit = limitParam(q, 200, 100);
    const cursor = q.str("cursor");
    q.exclusive("series_ticker", "collection_ticker");
    const series = q.str("series_ticker");
    const collection = q.str("collection_ticker");
    const nested = q.bool("with_nested_markets") ?? false;
    const list = d.eventList.filter((e) =>
      e.is_multivariate &&
      (series === undefined || e.series_ticker === series) &&
      (collection === undefined || e.collection_ticker === collection)
    );
    const p = page(list, (e) => e.event_ticker, { cursor, limit });
    return { events: p.items.map((e) => withMarkets(e, nested)), cursor: p.cursor };
  });

  on("GET", "/events/fee_changes", { op: "GetEventFeeChanges", auth: "optional" }, (req) => {
    const q = req.query;
    const event = q.str("event_ticker");
    const limit = limitParam(q, 1000, 100);
    const cursor = q.str("cursor");
    const list = d.eventFeeChanges.filter((f) => event === undefined || f.event_ticker === event);
    const p = page(list, (f) => f.id, { cursor, limit });
    return { event_fee_changes: p.items.map(renderEventFeeChange), cursor: p.cursor };
  });

  const eventOf = (ticker: string): EventRecord => {
    const e = d.events.get(ticker);
    if (!e) throw notFound("event", ticker);
    return e;
  };

  on("GET", "/events/{event_ticker}", { op: "GetEvent", auth: "optional" }, (req) => {
    const nested = req.query.bool("with_nested_markets") ?? false;
    const e = eventOf(req.param("event_ticker"));
    const markets = liveMarkets(cat, e.markets);
    return nested
      ? { event: renderEvent(e, d, markets), markets: [] }
      : { event: renderEvent(e, d), markets };
  });

  on(
    "GET",
    "/events/{event_ticker}/metadata",
    { op: "GetEventMetadata", auth: "optional" },
    (req) => {
      const e = eventOf(req.param("event_ticker"));
      const image =
        `https://kalshi-public-docs.s3.amazonaws.com/series-images-webp/${e.series_ticker}.webp`;
      const extra = d.extras.get(e.event_ticker);
      const out: Wire = {
        image_url: image,
        featured_image_url: image,
        market_details: e.markets.map((t, i) => ({
          market_ticker: t,
          image_url: `https://kalshi-public-docs.s3.amazonaws.com/market-images/${
            hexOf(t, 8)
          }.webp`,
          color_code: COLORS[i % COLORS.length],
        })),
        settlement_sources:
          d.series.get(e.series_ticker)?.settlement_sources.map((s) => ({ ...s })) ??
            [],
      };
      if (extra?.competition) out.competition = extra.competition;
      if (extra?.competition_scope) out.competition_scope = extra.competition_scope;
      return out;
    },
  );

  const inSeries = (seriesTicker: string, eventTicker: string): EventRecord => {
    const e = eventOf(eventTicker);
    if (e.series_ticker !== seriesTicker) throw notFound("event", eventTicker);
    return e;
  };

  on(
    "GET",
    "/series/{series_ticker}/events/{ticker}/candlesticks",
    { op: "GetMarketCandlesticksByEvent", auth: "optional" },
    (req) => {
      const { start, end, period } = candleParams(req.query);
      const e = inSeries(req.param("series_ticker"), req.param("ticker"));
      const now = cat.now();
      const sources = e.markets.map((t) => d.markets.get(t)!)
        .filter((m) => !cat.isArchived(m, now))
        .map((m) => cat.candleSource(m));
      // Cut the range so markets × periods stays within the cap.
      let adjusted = end;
      const periodS = period * 60;
      const longest = Math.max(
        0,
        ...sources.map((s) => cat.candles.range(s, start, end, period).count),
      );
      if (sources.length > 0 && longest * sources.length > MAX_EVENT_CANDLES) {
        const keep = Math.max(1, Math.floor(MAX_EVENT_CANDLES / sources.length));
        const firstEnd = Math.min(
          ...sources.map((s) => cat.candles.range(s, start, end, period).first),
        );
        adjusted = firstEnd + (keep - 1) * periodS;
      }
      return {
        market_tickers: sources.map((s) => s.market.ticker),
        market_candlesticks: sources.map((s) =>
          cat.candles.candles(s, start, adjusted, period).map(renderCandle)
        ),
        adjusted_end_ts: adjusted,
      };
    },
  );

  on(
    "GET",
    "/series/{series_ticker}/events/{ticker}/forecast_percentile_history",
    { op: "GetEventForecastPercentilesHistory" },
    (req) => {
      const q = req.query;
      const raw = q.repeated("percentiles", { required: true, max: 10 })!;
      const percentiles = raw.map((p) => {
        if (!/^\d+$/.test(p)) throw q.fail("percentiles", "number");
        const n = Number(p);
        if (n > 10_000) throw q.fail("percentiles", "lte");
        return n;
      });
      const { start, end, period } = candleParams(q, [0, 1, 60, 1440]);
      const e = inSeries(req.param("series_ticker"), req.param("ticker"));
      const extra = d.extras.get(e.event_ticker);
      const model = extra?.model;
      if (!model) return { forecast_history: [] };
      const step = period === 0 ? 5 : period * 60;
      const open = Math.min(...e.markets.map((t) => d.markets.get(t)!.open_ms));
      const expiry = extra.expected_expiration_ms;
      const first = Math.max(Math.ceil(start / step), Math.floor(open / 1000 / step) + 1) * step;
      const last =
        Math.min(Math.floor(end / step), Math.ceil(Math.min(cat.now(), expiry) / 1000 / step)) *
        step;
      const count = last < first ? 0 : (last - first) / step + 1;
      if (count > MAX_FORECAST_POINTS) {
        throw invalidParameters(
          `the range holds ${count} forecast points; at most ${MAX_FORECAST_POINTS} may be requested`,
        );
      }
      const history = [];
      for (let s = first; s <= last; s += step) {
        const t = s * 1000;
        const left = Math.max(0.05, (expiry - t) / Math.max(MINUTE, expiry - open));
        const mean = model.mean + model.sd * 0.6 * Math.sqrt(left) *
            valueNoise(`${cat.seed}/${e.event_ticker}/fc`, t, 30 * MINUTE);
        const sd = model.sd * Math.sqrt(left);
        history.push({
          event_ticker: e.event_ticker,
          end_period_ts: s,
          period_interval: period,
          percentile_points: percentiles.map((p) => {
            const v = mean + sd * normalQuantile(Math.min(9999, Math.max(1, p)) / 10_000);
            const rounded = Math.round(v / model.grain) * model.grain;
            return {
              percentile: p,
              raw_numerical_forecast: v,
              numerical_forecast: Number(rounded.toFixed(6)),
              formatted_forecast: formatValue(model, rounded),
            };
          }),
        });
      }
      return { forecast_history: history };
    },
  );
}
