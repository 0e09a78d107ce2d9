/**
 * Kalshi's 400 answers for order requests, shared by the parsers and the engine.
 *
 * @module
 */

import { formatPrice, type Price } from "../../money/mod.ts";
import { apiError, type SimHttpError } from "../_http.ts";
import type { MarketRecord } from "../types.ts";

/**
 * 400 `invalid_order` with details (post-only cross, reduce-only that would grow a position).
 *
 * @param details What is wrong.
 * @returns The error to throw.
 */
export function invalidOrder(details: string): SimHttpError {
  return apiError(400, "invalid_order", "invalid order", details);
}

/**
 * 400 `invalid_order_size` for a count that is malformed, zero or too small.
 *
 * @param details What is wrong.
 * @returns The error to throw.
 */
export function invalidSize(details: string): SimHttpError {
  return apiError(400, "invalid_order_size", "invalid order size", details);
}

/**
 * 400 `invalid_price` for a price that does not parse.
 *
 * @param details What is wrong.
 * @returns The error to throw.
 */
export function badPrice(details: string): SimHttpError {
  return apiError(400, "invalid_price", "invalid price", details);
}

/**
 * 400 `invalid_price` for a price off the market's grid or outside (0, 1).
 *
 * @param price The price.
 * @param field Field name.
 * @returns The error to throw.
 */
export function invalidPrice(price: Price, field = "price"): SimHttpError {
  const shown = price >= 0 && price <= 10_000 && Number.isInteger(price)
    ? formatPrice(price)
    : String(price);
  return badPrice(
    `${field} ${JSON.stringify(shown)} is not a valid price on the market's tick grid`,
  );
}

/**
 * 400 `market_inactive` for an order operation on a market that is not trading.
 *
 * @param m The market.
 * @returns The error to throw.
 */
export function marketInactive(m: MarketRecord): SimHttpError {
  return apiError(
    400,
    "market_inactive",
    "market is not open for trading",
    `MARKET_INACTIVE: market ${JSON.stringify(m.ticker)} is ${m.status}`,
  );
}
