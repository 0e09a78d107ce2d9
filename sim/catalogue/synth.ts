/**
 * Synthetic market history before the simulator started: a smooth, deterministic price path per
 * market (a pure function of ticker and time, so any candle range is computed without storing
 * anything), converging on the market's generated probability at the start, or on its result for
 * markets that settled.
 *
 * @module
 */

import type { Count, Price } from "../../money/mod.ts";
import { hashUnit, MINUTE, valueNoise } from "./_util.ts";

/** What the synthetic path of one market needs. */
export interface SynthPath {
  ticker: string;
  /** YES probability at the end of the path (the generated `fair`), in [0, 1]. */
  fair: number;
  /** Start of trading. */
  open_ms: number;
  /** End of the path: the simulator's start, or the close of a market that closed before it. */
  end_ms: number;
  /** The result the price converges to, for markets determined before the start. */
  result?: "yes" | "no" | undefined;
}

/** One synthetic candle, in fixed-point units. */
export interface SynthCandle {
  open: Price;
  high: Price;
  low: Price;
  close: Price;
  mean: Price;
  volume: Count;
  open_interest: Count;
  /** Half the bid/ask spread. */
  half_spread: Price;
}

function clampP(p: number): number {
  return Math.min(0.99, Math.max(0.01, p));
}

/**
 * The synthetic YES probability at an instant.
 *
 * @param path The market's path.
 * @param t Epoch milliseconds (clamped into the path).
 * @returns A probability in [0.01, 0.99].
 */
export function synthProbability(path: SynthPath, t: number): number {
  const span = Math.max(MINUTE, path.end_ms - path.open_ms);
  const u = Math.min(1, Math.max(0, (path.end_ms - t) / span));
  const spacing = Math.max(30 * MINUTE, span / 12);
  const n = valueNoise(path.ticker, t, spacing) +
    0.35 * valueNoise(`${path.ticker}~`, t, spacing / 7);
  let base = path.fair;
  if (path.result) {
    const final = path.result === "yes" ? 0.97 : 0.03;
    const w = Math.pow(1 - u, 3);
    base = path.fair * (1 - w) + final * w;
  }
  return clampP(base + 0.16 * Math.sqrt(u) * n);
}

/**
 * The synthetic price (rounded to the cent) at an instant.
 *
 * @param path The market's path.
 * @param t Epoch milliseconds.
 * @returns The price.
 */
export function synthPrice(path: SynthPath, t: number): Price {
  return Math.round(synthProbability(path, t) * 100) * 100;
}

/**
 * Open interest on the synthetic path: grows from zero at the open to a per-market maximum.
 *
 * @param path The market's path.
 * @param t Epoch milliseconds.
 * @returns Contracts, in 0.01 units (whole contracts).
 */
export function synthOpenInterest(path: SynthPath, t: number): Count {
  const span = Math.max(MINUTE, path.end_ms - path.open_ms);
  const progress = Math.min(1, Math.max(0, (t - path.open_ms) / span));
  const max = 200 + Math.floor(hashUnit(`${path.ticker}/oi`) * 40_000);
  return Math.floor(max * Math.sqrt(progress)) * 100;
}

/**
 * A synthetic candle for the period `(startMs, endMs]`.
 *
 * @param path The market's path.
 * @param startMs Period start (exclusive).
 * @param endMs Period end (inclusive).
 * @returns The candle.
 */
export function synthCandle(path: SynthPath, startMs: number, endMs: number): SynthCandle {
  const open = synthPrice(path, startMs);
  const close = synthPrice(path, endMs);
  const mid = synthPrice(path, (startMs + endMs) / 2);
  const j = hashUnit(`${path.ticker}/j${endMs}`);
  const wick = Math.round(j * 2) * 100;
  const high = Math.min(9900, Math.max(open, close, mid) + wick);
  const low = Math.max(100, Math.min(open, close, mid) - wick);
  const minutes = (endMs - startMs) / MINUTE;
  const rate = 0.2 + 3 * hashUnit(`${path.ticker}/rate`);
  let volume = 0;
  const h = hashUnit(`${path.ticker}/v${endMs}`);
  if (minutes > 1 || h < Math.min(0.9, rate / 3)) {
    volume = Math.max(1, Math.round(rate * minutes * (0.4 + 1.2 * h)));
  }
  return {
    open,
    high,
    low,
    close,
    mean: Math.round((open + high + low + close) / 400) * 100,
    volume: volume * 100,
    open_interest: synthOpenInterest(path, endMs),
    half_spread: (1 + Math.floor(hashUnit(`${path.ticker}/spread`) * 2)) * 100,
  };
}
