/**
 * The simulator's historical cutoff: the boundary between the live portfolio/market endpoints and
 * the `/historical/*` ones (`GET /historical/cutoff`).
 *
 * Kalshi moves records older than its cutoffs to the historical tier (a live window of about three
 * months). The simulator keeps a shorter, fixed window: every cutoff is the exchange clock minus
 * {@linkcode HISTORICAL_WINDOW_MS} (three days), floored to the hour so that it moves in steps and
 * paginated reads stay stable. The same instant applies to all four cutoffs:
 *
 * - `market_settled_ts`: markets settled before it are only in `GET /historical/markets`;
 * - `trades_created_ts`: trades and fills executed before it move to `/historical/trades` and
 *   `/historical/fills`;
 * - `orders_updated_ts`: orders cancelled or executed before it move to `/historical/orders`
 *   (resting orders always stay live);
 * - `market_positions_last_updated_ts`: positions settled before it are in `/historical/positions`.
 *
 * The catalogue serves `GET /historical/cutoff` with {@linkcode historicalCutoffBody}.
 *
 * @module
 */

/** How far behind the exchange clock the historical cutoff lies: three days. */
export const HISTORICAL_WINDOW_MS = 3 * 24 * 60 * 60 * 1000;

const HOUR_MS = 60 * 60 * 1000;

/**
 * The historical cutoff for a clock reading.
 *
 * @param nowMs The exchange clock, epoch milliseconds.
 * @returns The cutoff, epoch milliseconds (a whole hour).
 */
export function historicalCutoffMs(nowMs: number): number {
  return Math.floor((nowMs - HISTORICAL_WINDOW_MS) / HOUR_MS) * HOUR_MS;
}

/** The body of `GET /historical/cutoff`. */
export interface HistoricalCutoffBody {
  /** Markets settled before this are only in `/historical/markets`. */
  market_settled_ts: string;
  /** Trades and fills executed before this are only in `/historical/trades` and `/fills`. */
  trades_created_ts: string;
  /** Orders cancelled or executed before this are only in `/historical/orders`. */
  orders_updated_ts: string;
  /** Positions settled before this are only in `/historical/positions`. */
  market_positions_last_updated_ts: string;
}

/**
 * The body of `GET /historical/cutoff` for a clock reading.
 *
 * @param nowMs The exchange clock, epoch milliseconds.
 * @returns The four cutoffs as RFC 3339 strings.
 */
export function historicalCutoffBody(nowMs: number): HistoricalCutoffBody {
  const ts = new Date(historicalCutoffMs(nowMs)).toISOString();
  return {
    market_settled_ts: ts,
    trades_created_ts: ts,
    orders_updated_ts: ts,
    market_positions_last_updated_ts: ts,
  };
}
