/**
 * Exact fixed-point money for Kalshi: no float ever holds a price, a count or an amount.
 *
 * Every value is a plain `number` holding a safe integer in fixed units:
 *
 * | type | unit | `"0.5600"` / `"10.00"` / `"0.017500"` |
 * |---|---|---|
 * | {@linkcode Price} | $0.0001 | `5600` |
 * | {@linkcode Count} | 0.01 contract | `1000` |
 * | {@linkcode Amount} | $0.000001 | `17_500` |
 *
 * Price units times count units are amount units, so {@linkcode notional} is one exact
 * multiplication. Parsers ({@linkcode parsePrice}, {@linkcode parseCount},
 * {@linkcode parseAmount}) accept every shape Kalshi sends and throw a `KalshiMoneyError` naming
 * the field and the value for anything else; formatters write what Kalshi accepts. Also here:
 * trading fees ({@linkcode tradingFee}) and tick grids ({@linkcode parsePriceRanges},
 * {@linkcode assertOrderPrice}, {@linkcode roundToTick}).
 *
 * ```ts
 * import {
 *   formatAmount,
 *   notional,
 *   parseCount,
 *   parsePrice,
 *   tradingFee,
 * } from "@kalshikit/kalshi/money";
 * import assert from "node:assert/strict";
 *
 * const price = parsePrice("0.5600");
 * const count = parseCount("10.00");
 * assert.equal(formatAmount(notional(price, count)), "5.600000");
 * assert.equal(formatAmount(tradingFee({ price, count, role: "taker" }), { decimals: 4 }), "0.1725");
 * ```
 *
 * @module
 */

export {
  complementPrice,
  formatPrice,
  ONE_DOLLAR,
  parsePrice,
  PRICE_SCALE,
  priceFromCents,
} from "./price.ts";
export type { FormatPriceOptions, Price, PriceParseOptions } from "./price.ts";
export { COUNT_SCALE, formatCount, parseCount } from "./count.ts";
export type { Count, CountParseOptions, FormatCountOptions } from "./count.ts";
export {
  AMOUNT_SCALE,
  amountFromCentiCents,
  amountFromCents,
  amountToCents,
  formatAmount,
  notional,
  parseAmount,
  priceToAmount,
} from "./amount.ts";
export type {
  Amount,
  AmountParseOptions,
  AmountRounding,
  AmountToCentsOptions,
  FormatAmountOptions,
} from "./amount.ts";
export { FEE_TYPES, tradingFee } from "./fees.ts";
export type { FeeRates, TradingFeeOptions } from "./fees.ts";
export {
  assertOrderPrice,
  CENTER_DECI_EDGE_CENTI_CENT,
  DECI_CENT,
  isOnTick,
  LINEAR_CENT,
  nextTick,
  parsePriceRanges,
  PRICE_LEVEL_STRUCTURES,
  roundToTick,
  TAPERED_DECI_CENT,
} from "./ticks.ts";
export type {
  AssertOrderPriceOptions,
  ParsePriceRangesOptions,
  PriceRangeWire,
  TickBand,
} from "./ticks.ts";
