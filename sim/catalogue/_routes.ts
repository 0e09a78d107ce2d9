/**
 * Helpers shared by the catalogue's route modules.
 *
 * @module
 */

import { invalidParameters, type QueryReader } from "../_http.ts";
import type { MarketRecord, MarketStatus } from "../types.ts";
import type { Catalogue } from "./catalogue.ts";
import { renderMarket, type Wire } from "./render.ts";

/** Market statuses each `status` filter value selects. */
export const STATUS_FILTER: Readonly<Record<string, readonly MarketStatus[]>> = {
  unopened: ["initialized"],
  open: ["active"],
  paused: ["inactive"],
  closed: ["closed", "determined", "disputed", "amended"],
  settled: ["finalized"],
};

/**
 * Renders a market with its current book top.
 *
 * @param cat The catalogue.
 * @param m The market.
 * @returns The wire object.
 */
export function wireMarket(cat: Catalogue, m: MarketRecord): Wire {
  return renderMarket(m, cat.ex.trading.top(m.ticker), cat.data);
}

/**
 * The live (not archived) markets of an event, rendered.
 *
 * @param cat The catalogue.
 * @param tickers The event's market tickers.
 * @returns The wire markets.
 */
export function liveMarkets(cat: Catalogue, tickers: readonly string[]): Wire[] {
  const now = cat.now();
  const out: Wire[] = [];
  for (const t of tickers) {
    const m = cat.data.markets.get(t);
    if (m && !cat.isArchived(m, now)) out.push(wireMarket(cat, m));
  }
  return out;
}

/**
 * A Unix-seconds timestamp filter.
 *
 * @param q The query.
 * @param name Parameter name.
 * @returns Epoch ms, or undefined.
 */
export function tsParam(q: QueryReader, name: string): number | undefined {
  const s = q.int(name);
  return s === undefined ? undefined : s * 1000;
}

/**
 * Reads the candle range parameters shared by the candlestick endpoints.
 *
 * @param q The query.
 * @param periods Allowed `period_interval` values.
 * @returns Start and end (Unix seconds) and the period in minutes.
 */
export function candleParams(
  q: QueryReader,
  periods: readonly number[] = [1, 60, 1440],
): { start: number; end: number; period: number } {
  const start = q.int("start_ts", { required: true })!;
  const end = q.int("end_ts", { required: true })!;
  const period = q.int("period_interval", { required: true, oneOf: periods })!;
  if (start > end) throw invalidParameters("start_ts must not be after end_ts");
  return { start, end, period };
}

/**
 * The page size of a list endpoint: Kalshi treats `limit=0` like no limit given.
 *
 * @param q The query.
 * @param max Maximum.
 * @param def Default.
 * @param min Minimum accepted value (0 where the spec allows it).
 * @returns The limit.
 */
export function limitParam(q: QueryReader, max: number, def: number, min = 1): number {
  const n = q.int("limit", { min, max });
  return n === undefined || n === 0 ? def : n;
}
