/**
 * Wire rendering of the catalogue's records, exactly as the spec names and types the fields:
 * dollar strings with four decimals, counts with two, RFC 3339 times.
 *
 * @module
 */

import { formatCount, formatPrice, type Price } from "../../money/mod.ts";
import type { BookLevels, BookTop, EventRecord, MarketRecord, SeriesRecord } from "../types.ts";
import { iso, uuidOf } from "./_util.ts";
import type { Candle } from "./candles.ts";
import type {
  CatalogueData,
  CollectionRecord,
  EventFeeChangeRecord,
  MilestoneRecord,
  ProgramRecord,
  SeriesFeeChangeRecord,
  TargetRecord,
} from "./model.ts";

/** A JSON object on the wire. */
export type Wire = Record<string, unknown>;

const ONE = 10_000;

/**
 * Renders a market.
 *
 * @param m The market.
 * @param top Its book top (from trading).
 * @param data The catalogue (for leg settlement values of combos).
 * @returns The `Market` object.
 */
export function renderMarket(m: MarketRecord, top: BookTop, data: CatalogueData): Wire {
  const yesBid = top.yes_bid ?? 0;
  const yesAsk = top.yes_ask ?? ONE;
  const out: Wire = {
    ticker: m.ticker,
    event_ticker: m.event_ticker,
    market_type: m.market_type,
    title: m.title,
    subtitle: m.subtitle,
    yes_sub_title: m.yes_sub_title,
    no_sub_title: m.no_sub_title,
    created_time: iso(m.created_ms),
    updated_time: iso(m.updated_ms),
    open_time: iso(m.open_ms),
    close_time: iso(m.close_ms),
  };
  if (m.expected_expiration_ms !== undefined) {
    out.expected_expiration_time = iso(m.expected_expiration_ms);
  }
  Object.assign(out, {
    expiration_time: iso(m.latest_expiration_ms),
    latest_expiration_time: iso(m.latest_expiration_ms),
    settlement_timer_seconds: m.settlement_timer_seconds,
    status: m.status,
    yes_bid_dollars: formatPrice(yesBid),
    yes_bid_size_fp: formatCount(top.yes_bid === undefined ? 0 : top.yes_bid_size),
    yes_ask_dollars: formatPrice(yesAsk),
    yes_ask_size_fp: formatCount(top.yes_ask === undefined ? 0 : top.yes_ask_size),
    no_bid_dollars: formatPrice(ONE - yesAsk),
    no_ask_dollars: formatPrice(ONE - yesBid),
    last_price_dollars: formatPrice(m.last_price),
    volume_fp: formatCount(m.volume),
    volume_24h_fp: formatCount(m.volume_24h),
    result: m.result,
    can_close_early: m.can_close_early,
    open_interest_fp: formatCount(m.open_interest),
    notional_value_dollars: "1.0000",
    previous_yes_bid_dollars: formatPrice(m.previous_yes_bid),
    previous_yes_ask_dollars: formatPrice(m.previous_yes_ask),
    previous_price_dollars: formatPrice(m.previous_price),
    liquidity_dollars: "0.0000",
  });
  if (m.settlement_value !== undefined) {
    out.settlement_value_dollars = formatPrice(m.settlement_value);
  }
  if (m.settled_ms !== undefined) out.settlement_ts = iso(m.settled_ms);
  out.expiration_value = m.result === "" ? "" : expirationValue(m, data);
  if (m.determined_ms !== undefined) out.occurrence_datetime = iso(m.determined_ms);
  if (m.can_close_early) {
    out.early_close_condition = "This market will close and expire early if the event occurs.";
  }
  if (m.strike_type !== undefined) out.strike_type = m.strike_type;
  if (m.floor_strike !== undefined) out.floor_strike = m.floor_strike;
  if (m.cap_strike !== undefined) out.cap_strike = m.cap_strike;
  if (m.functional_strike !== undefined) out.functional_strike = m.functional_strike;
  if (m.custom_strike !== undefined) out.custom_strike = m.custom_strike;
  out.rules_primary = m.rules_primary;
  out.rules_secondary = m.rules_secondary;
  if (m.mve_collection_ticker !== undefined) {
    out.mve_collection_ticker = m.mve_collection_ticker;
    out.mve_selected_legs = (m.mve_selected_legs ?? []).map((l) => {
      const leg: Wire = {
        event_ticker: l.event_ticker,
        market_ticker: l.market_ticker,
        side: l.side,
      };
      const v = data.markets.get(l.market_ticker)?.settlement_value;
      if (v !== undefined) leg.yes_settlement_value_dollars = formatPrice(v);
      return leg;
    });
  }
  out.price_level_structure = m.price_level_structure;
  out.price_ranges = m.price_ranges.map((r) => ({ start: r.start, end: r.end, step: r.step }));
  out.is_provisional = false;
  out.exchange_index = m.exchange_index;
  return out;
}

function expirationValue(m: MarketRecord, data: CatalogueData): string {
  return data.expiration.get(m.ticker) ??
    (m.result === "yes" ? "Yes" : m.result === "no" ? "No" : "");
}

/**
 * Renders an event.
 *
 * @param e The event.
 * @param data The catalogue (for settlement sources).
 * @param markets Nested markets, when asked for.
 * @returns The `EventData` object.
 */
export function renderEvent(e: EventRecord, data: CatalogueData, markets?: Wire[]): Wire {
  const series = data.series.get(e.series_ticker);
  const out: Wire = {
    event_ticker: e.event_ticker,
    series_ticker: e.series_ticker,
    sub_title: e.sub_title,
    title: e.title,
    collateral_return_type: e.collateral_return_type,
    mutually_exclusive: e.mutually_exclusive,
    category: e.category,
  };
  if (e.strike_date_ms !== undefined) out.strike_date = iso(e.strike_date_ms);
  if (e.strike_period !== undefined) out.strike_period = e.strike_period;
  if (markets) out.markets = markets;
  out.available_on_brokers = false;
  if (e.product_metadata) out.product_metadata = e.product_metadata;
  out.last_updated_ts = iso(e.last_updated_ms);
  out.settlement_sources = series?.settlement_sources.map((s) => ({ ...s })) ?? [];
  if (e.fee_type_override !== undefined) out.fee_type_override = e.fee_type_override;
  if (e.fee_multiplier_override !== undefined) {
    out.fee_multiplier_override = e.fee_multiplier_override;
  }
  out.exchange_index = e.exchange_index;
  return out;
}

/**
 * Renders a series.
 *
 * @param s The series.
 * @param options Include product metadata; total volume when asked for.
 * @returns The `Series` object.
 */
export function renderSeries(
  s: SeriesRecord,
  options: { productMetadata?: boolean; volume?: number | undefined } = {},
): Wire {
  const out: Wire = {
    ticker: s.ticker,
    frequency: s.frequency,
    title: s.title,
    category: s.category,
    tags: [...s.tags],
    settlement_sources: s.settlement_sources.map((x) => ({ ...x })),
    contract_url: s.contract_url,
    contract_terms_url: s.contract_terms_url,
  };
  if (options.productMetadata && s.product_metadata) out.product_metadata = s.product_metadata;
  Object.assign(out, {
    fee_type: s.fee_type,
    fee_multiplier: s.fee_multiplier,
    additional_prohibitions: [...s.additional_prohibitions],
  });
  if (options.volume !== undefined) out.volume_fp = formatCount(options.volume);
  out.last_updated_ts = iso(s.last_updated_ms);
  out.categories = [...s.categories];
  out.exchange_index = s.exchange_index;
  return out;
}

/**
 * Renders an order book: bids only, ascending by price.
 *
 * @param levels The aggregated levels.
 * @returns The `OrderbookCountFp` object.
 */
export function renderBook(levels: BookLevels): Wire {
  const side = (ls: [Price, number][]) =>
    [...ls].sort((a, b) => a[0] - b[0]).map(([p, c]) => [formatPrice(p), formatCount(c)]);
  return { yes_dollars: side(levels.yes), no_dollars: side(levels.no) };
}

function ohlc(o: Price, h: Price, l: Price, c: Price, suffix: string): Wire {
  return {
    [`open${suffix}`]: formatPrice(o),
    [`low${suffix}`]: formatPrice(l),
    [`high${suffix}`]: formatPrice(h),
    [`close${suffix}`]: formatPrice(c),
  };
}

/**
 * Renders a candle in the live shape (`MarketCandlestick`).
 *
 * @param c The candle.
 * @returns The wire object.
 */
export function renderCandle(c: Candle): Wire {
  const price: Wire = {};
  if (c.price) {
    Object.assign(price, ohlc(c.price.open, c.price.high, c.price.low, c.price.close, "_dollars"));
    price.mean_dollars = formatPrice(c.price.mean);
    price.min_dollars = formatPrice(c.price.low);
    price.max_dollars = formatPrice(c.price.high);
  }
  if (c.previous !== undefined) price.previous_dollars = formatPrice(c.previous);
  return {
    end_period_ts: c.end_s,
    yes_bid: ohlc(c.bid.open, c.bid.high, c.bid.low, c.bid.close, "_dollars"),
    yes_ask: ohlc(c.ask.open, c.ask.high, c.ask.low, c.ask.close, "_dollars"),
    price,
    volume_fp: formatCount(c.volume),
    open_interest_fp: formatCount(c.open_interest),
  };
}

/**
 * Renders a candle in the historical shape (`MarketCandlestickHistorical`).
 *
 * @param c The candle.
 * @returns The wire object.
 */
export function renderHistoricalCandle(c: Candle): Wire {
  const p = c.price;
  const prev = c.previous === undefined ? null : formatPrice(c.previous);
  return {
    end_period_ts: c.end_s,
    yes_bid: ohlc(c.bid.open, c.bid.high, c.bid.low, c.bid.close, ""),
    yes_ask: ohlc(c.ask.open, c.ask.high, c.ask.low, c.ask.close, ""),
    price: p
      ? { ...ohlc(p.open, p.high, p.low, p.close, ""), mean: formatPrice(p.mean), previous: prev }
      : { open: null, low: null, high: null, close: null, mean: null, previous: prev },
    volume: formatCount(c.volume),
    open_interest: formatCount(c.open_interest),
  };
}

/**
 * Renders a milestone.
 *
 * @param m The milestone.
 * @returns The `Milestone` object.
 */
export function renderMilestone(m: MilestoneRecord): Wire {
  return {
    id: m.id,
    category: m.category,
    type: m.type,
    start_date: iso(m.start_ms),
    end_date: m.end_ms === undefined ? null : iso(m.end_ms),
    related_event_tickers: [...m.related_event_tickers],
    title: m.title,
    notification_message: m.notification_message,
    source_id: m.source_id,
    source_ids: { sim: m.source_id },
    details: { ...m.details },
    primary_event_tickers: [...m.primary_event_tickers],
    last_updated_ts: iso(m.last_updated_ms),
  };
}

/**
 * Renders a structured target.
 *
 * @param t The target.
 * @returns The `StructuredTarget` object.
 */
export function renderTarget(t: TargetRecord): Wire {
  return {
    id: t.id,
    name: t.name,
    type: t.type,
    details: { ...t.details },
    source_id: t.source_id,
    source_ids: { sim: t.source_id },
    last_updated_ts: iso(t.last_updated_ms),
  };
}

/**
 * Renders a multivariate collection.
 *
 * @param c The collection.
 * @returns The `MultivariateEventCollection` object.
 */
export function renderCollection(c: CollectionRecord): Wire {
  return {
    collection_ticker: c.collection_ticker,
    series_ticker: c.series_ticker,
    title: c.title,
    description: c.description,
    open_date: iso(c.open_ms),
    close_date: iso(c.close_ms),
    associated_events: c.associated_events.map((a) => {
      const out: Wire = {
        ticker: a.ticker,
        is_yes_only: a.is_yes_only,
        size_max: a.size_max ?? null,
        size_min: a.size_min ?? null,
        active_quoters: [...a.active_quoters],
      };
      return out;
    }),
    associated_event_tickers: c.associated_events.map((a) => a.ticker),
    is_ordered: c.is_ordered,
    is_single_market_per_event: c.is_single_market_per_event,
    is_all_yes: c.is_all_yes,
    size_min: c.size_min,
    size_max: c.size_max,
    functional_description: c.functional_description,
    exchange_index: c.exchange_index,
  };
}

/**
 * Renders an incentive program.
 *
 * @param p The program.
 * @returns The `IncentiveProgram` object.
 */
export function renderProgram(p: ProgramRecord): Wire {
  const out: Wire = {
    id: p.id,
    market_id: uuidOf(`market/${p.market_ticker}`),
    market_ticker: p.market_ticker,
    incentive_type: p.incentive_type,
    start_date: iso(p.start_ms),
    end_date: iso(p.end_ms),
    period_reward: p.period_reward,
    paid_out: p.paid_out,
  };
  if (p.discount_factor_bps !== undefined) out.discount_factor_bps = p.discount_factor_bps;
  if (p.target_size_fp !== undefined) out.target_size_fp = p.target_size_fp;
  out.incentive_description = p.incentive_description;
  return out;
}

/**
 * Renders a series fee change.
 *
 * @param f The change.
 * @returns The `SeriesFeeChange` object.
 */
export function renderSeriesFeeChange(f: SeriesFeeChangeRecord): Wire {
  return {
    id: f.id,
    series_ticker: f.series_ticker,
    fee_type: f.fee_type,
    fee_multiplier: f.fee_multiplier,
    scheduled_ts: iso(f.scheduled_ms),
  };
}

/**
 * Renders an event fee change.
 *
 * @param f The change.
 * @returns The `EventFeeChange` object.
 */
export function renderEventFeeChange(f: EventFeeChangeRecord): Wire {
  return {
    id: f.id,
    event_ticker: f.event_ticker,
    series_ticker: f.series_ticker,
    fee_type_override: f.fee_type_override,
    fee_multiplier_override: f.fee_multiplier_override,
    scheduled_ts: iso(f.scheduled_ms),
  };
}
