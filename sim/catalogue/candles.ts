/**
 * Candlesticks: one-minute buckets built from the trades and quote changes published on the bus
 * while the simulator runs, aggregated on request into 1-minute, 1-hour or 1-day candles, and a
 * synthetic history (see `synth.ts`) for the time before the simulator started.
 *
 * @module
 */

import type { Count, Price } from "../../money/mod.ts";
import type { BookTop, MarketRecord } from "../types.ts";
import { synthCandle, type SynthPath, synthPrice } from "./synth.ts";

/** Open, high, low, close. */
export interface Ohlc {
  open: Price;
  high: Price;
  low: Price;
  close: Price;
}

/** One candle, in fixed-point units; rendered by `render.ts`. */
export interface Candle {
  /** Inclusive end of the period, Unix seconds. */
  end_s: number;
  bid: Ohlc;
  ask: Ohlc;
  /** Trade prices; absent when nothing traded in the period. */
  price?: Ohlc & { mean: Price };
  /** Last trade price before the period. */
  previous?: Price;
  volume: Count;
  open_interest: Count;
}

interface Bucket {
  /** Minute end, Unix seconds. */
  end_s: number;
  trade?: Ohlc & { notional: number; count: Count };
  bid: Ohlc;
  ask: Ohlc;
  /** Last trade price as of the bucket's end (carried forward). */
  last?: Price;
  open_interest: Count;
}

/** Where candles come from for one market. */
export interface CandleSource {
  market: MarketRecord;
  /** The synthetic history before the simulator started (or the market closed). */
  path: SynthPath;
  /** Current best bid and ask. */
  top: BookTop;
  now_ms: number;
}

const ONE = 10_000;
const MAX_BUCKETS = 50_000;

function quote(top: BookTop): { bid: Price; ask: Price } {
  return { bid: top.yes_bid ?? 0, ask: top.yes_ask ?? ONE };
}

function flat(p: Price): Ohlc {
  return { open: p, high: p, low: p, close: p };
}

function widen(o: Ohlc, p: Price): void {
  if (p > o.high) o.high = p;
  if (p < o.low) o.low = p;
  o.close = p;
}

/** Live one-minute buckets per market, fed from the bus. */
export class CandleStore {
  readonly #buckets = new Map<string, Bucket[]>();

  #bucket(ticker: string, ms: number, top: BookTop, oi: Count): Bucket {
    const end = Math.ceil(ms / 60_000) * 60;
    let list = this.#buckets.get(ticker);
    if (!list) {
      list = [];
      this.#buckets.set(ticker, list);
    }
    let i = list.length - 1;
    if (i >= 0 && list[i]!.end_s === end) return list[i]!;
    // Clocks only move forward in practice; tolerate a test clock that does not.
    while (i >= 0 && list[i]!.end_s > end) i--;
    if (i >= 0 && list[i]!.end_s === end) return list[i]!;
    const q = quote(top);
    const prev = i >= 0 ? list[i] : undefined;
    const b: Bucket = {
      end_s: end,
      bid: flat(prev?.bid.close ?? q.bid),
      ask: flat(prev?.ask.close ?? q.ask),
      open_interest: oi,
    };
    if (prev?.last !== undefined) b.last = prev.last;
    list.splice(i + 1, 0, b);
    if (list.length > MAX_BUCKETS) list.splice(0, list.length - MAX_BUCKETS + 10_000);
    return b;
  }

  /**
   * Records a trade.
   *
   * @param m The market (its open interest is sampled).
   * @param price YES price of the trade.
   * @param count Contracts.
   * @param ms Trade time, epoch ms.
   * @param top Book top after the trade.
   */
  trade(m: MarketRecord, price: Price, count: Count, ms: number, top: BookTop): void {
    const b = this.#bucket(m.ticker, ms, top, m.open_interest);
    if (!b.trade) b.trade = { ...flat(price), notional: 0, count: 0 };
    else widen(b.trade, price);
    b.trade.notional += price * count;
    b.trade.count += count;
    b.last = price;
    b.open_interest = m.open_interest;
    this.#sampleInto(b, top);
  }

  /**
   * Records the book top after a change.
   *
   * @param m The market.
   * @param ms Time, epoch ms.
   * @param top The new top.
   */
  quote(m: MarketRecord, ms: number, top: BookTop): void {
    const b = this.#bucket(m.ticker, ms, top, m.open_interest);
    b.open_interest = m.open_interest;
    this.#sampleInto(b, top);
  }

  #sampleInto(b: Bucket, top: BookTop): void {
    const q = quote(top);
    widen(b.bid, q.bid);
    widen(b.ask, q.ask);
  }

  /**
   * Candles of one market whose period ends lie in `[startS, endS]`, clipped to the market's life
   * (from its open to the earlier of now and its close).
   *
   * @param src The market, its synthetic history, current top and time.
   * @param startS Range start, Unix seconds.
   * @param endS Range end, Unix seconds.
   * @param periodMin Period in minutes.
   * @param includeLatestBeforeStart Prepend the last candle before the range, projected forward.
   * @returns The candles, oldest first.
   */
  candles(
    src: CandleSource,
    startS: number,
    endS: number,
    periodMin: number,
    includeLatestBeforeStart = false,
  ): Candle[] {
    const { first, last, period } = this.range(src, startS, endS, periodMin);
    const out: Candle[] = [];
    if (includeLatestBeforeStart) {
      const before = first - period;
      if (before > Math.floor(src.market.open_ms / 1000)) {
        const c = this.#candle(src, before, period);
        const close = c.price?.close ?? c.previous;
        const projected: Candle = {
          end_s: before,
          bid: flat(c.bid.close),
          ask: flat(c.ask.close),
          volume: 0,
          open_interest: c.open_interest,
        };
        if (close !== undefined) projected.previous = close;
        out.push(projected);
      }
    }
    for (let end = first; end <= last; end += period) out.push(this.#candle(src, end, period));
    return out;
  }

  /**
   * The period ends a request covers.
   *
   * @param src The market and time.
   * @param startS Range start, Unix seconds.
   * @param endS Range end, Unix seconds.
   * @param periodMin Period in minutes.
   * @returns First and last period end (last < first when empty) and the period in seconds.
   */
  range(
    src: CandleSource,
    startS: number,
    endS: number,
    periodMin: number,
  ): { first: number; last: number; period: number; count: number } {
    const period = periodMin * 60;
    const openS = Math.floor(src.market.open_ms / 1000);
    const limitS = Math.ceil(Math.min(src.now_ms, src.market.close_ms) / 1000);
    const first = Math.max(Math.ceil(startS / period), Math.floor(openS / period) + 1) * period;
    const last = Math.min(Math.floor(endS / period), Math.ceil(limitS / period)) * period;
    return { first, last, period, count: last < first ? 0 : (last - first) / period + 1 };
  }

  #candle(src: CandleSource, end: number, period: number): Candle {
    const startMs = (end - period) * 1000;
    const endMs = end * 1000;
    // Before the start (or for a market that closed before it) only the synthetic path exists.
    if (endMs <= src.path.end_ms || src.path.end_ms >= src.market.close_ms) {
      const s = synthCandle(src.path, startMs, endMs);
      const c: Candle = {
        end_s: end,
        bid: shift(s, -s.half_spread),
        ask: shift(s, s.half_spread),
        previous: synthPrice(src.path, startMs),
        volume: s.volume,
        open_interest: s.open_interest,
      };
      if (s.volume > 0) {
        c.price = { open: s.open, high: s.high, low: s.low, close: s.close, mean: s.mean };
      }
      return c;
    }
    const list = this.#buckets.get(src.market.ticker) ?? [];
    const from = upperBound(list, end - period);
    const to = upperBound(list, end);
    const before = from > 0 ? list[from - 1] : undefined;
    const synthClose = synthPrice(src.path, src.path.end_ms);
    const containsNow = src.now_ms > startMs && src.now_ms <= endMs;
    const now = quote(src.top);
    const startBid = before?.bid.close ?? (from < to ? list[from]!.bid.open : now.bid);
    const startAsk = before?.ask.close ?? (from < to ? list[from]!.ask.open : now.ask);
    const bid = flat(startBid), ask = flat(startAsk);
    let price: (Ohlc & { mean: Price }) | undefined;
    let notional = 0, volume = 0;
    let oi = before?.open_interest ?? src.market.open_interest;
    for (let i = from; i < to; i++) {
      const b = list[i]!;
      for (const p of [b.bid.open, b.bid.high, b.bid.low, b.bid.close]) widen(bid, p);
      for (const p of [b.ask.open, b.ask.high, b.ask.low, b.ask.close]) widen(ask, p);
      bid.close = b.bid.close;
      ask.close = b.ask.close;
      oi = b.open_interest;
      if (b.trade) {
        if (!price) price = { ...b.trade, mean: 0 };
        else {
          price.high = Math.max(price.high, b.trade.high);
          price.low = Math.min(price.low, b.trade.low);
          price.close = b.trade.close;
        }
        notional += b.trade.notional;
        volume += b.trade.count;
      }
    }
    if (containsNow) {
      widen(bid, now.bid);
      widen(ask, now.ask);
      oi = src.market.open_interest;
    }
    const c: Candle = { end_s: end, bid, ask, volume, open_interest: oi };
    if (price && volume > 0) {
      c.price = {
        open: price.open,
        high: price.high,
        low: price.low,
        close: price.close,
        mean: Math.round(notional / volume),
      };
    }
    const previous = before?.last ??
      (src.path.end_ms > src.market.open_ms ? synthClose : undefined);
    if (previous !== undefined) c.previous = previous;
    return c;
  }
}

function shift(s: Ohlc, d: Price): Ohlc {
  const f = (p: Price) => Math.min(ONE, Math.max(0, p + d));
  return { open: f(s.open), high: f(s.high), low: f(s.low), close: f(s.close) };
}

/** Index of the first bucket ending after `s`. */
function upperBound(list: readonly Bucket[], s: number): number {
  let lo = 0, hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid]!.end_s <= s) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
