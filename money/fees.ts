/**
 * Kalshi trading fees, computed exactly.
 *
 * @module
 */

import { KalshiMoneyError } from "../errors.ts";
import { checkUnits } from "./_decimal.ts";
import type { Amount } from "./amount.ts";
import type { Count } from "./count.ts";
import { checkPrice, type Price } from "./price.ts";

/** The fee rates of one fee type, as exact decimal strings (dollars per contract per P·(1−P)). */
export interface FeeRates {
  /** Rate for the taker side of a fill. */
  readonly taker: string;
  /** Rate for the maker (resting) side of a fill; `"0"` when makers pay nothing. */
  readonly maker: string;
}

/**
 * The fee types {@linkcode tradingFee} can compute, with their rates. The fee is
 * `M · rate · C · P · (1 − P)` with `M` the series' (or event's) `fee_multiplier`, `C` the
 * contracts and `P` the price in dollars.
 *
 * `quadratic_with_combo_maker_fees` (seen on combo series, not in Kalshi's documented enum) is
 * treated like `quadratic_with_maker_fees`. `flat` is absent on purpose: Kalshi documents it only
 * as the "Specific Trading Fees" table of its fee-schedule PDF, with no formula.
 */
export const FEE_TYPES: Readonly<Record<string, FeeRates>> = Object.freeze({
  quadratic: Object.freeze({ taker: "0.07", maker: "0" }),
  quadratic_with_maker_fees: Object.freeze({ taker: "0.07", maker: "0.0175" }),
  quadratic_with_combo_maker_fees: Object.freeze({ taker: "0.07", maker: "0.0175" }),
});

/** Options of {@linkcode tradingFee}. */
export interface TradingFeeOptions {
  /** The fill price in $0.0001 units (the price of the side traded; the fee is symmetric). */
  price: Price;
  /** The contracts filled, in 0.01-contract units (non-negative). */
  count: Count;
  /** Whether the fill took liquidity (`"taker"`) or rested on the book (`"maker"`). */
  role: "taker" | "maker";
  /**
   * The series' `fee_type` (or the event's `fee_type_override`); see {@linkcode FEE_TYPES}.
   *
   * @default {"quadratic"}
   */
  feeType?: string;
  /**
   * The `fee_multiplier` (a JSON float such as `0.5`, read through its decimal text) or its
   * decimal string.
   *
   * @default {1}
   */
  multiplier?: number | string;
  /**
   * Rounding of the fee, always up: to $0.0001 (`4`, the Fee Rounding page and observed fills)
   * or to $0.000001 (`6`, a later unconfirmed report).
   *
   * @default {4}
   */
  rounding?: 4 | 6;
}

/** A non-negative rational `num / den`. */
type Ratio = readonly [bigint, bigint];

function ratio(text: string): Ratio | undefined {
  const m = /^([0-9]+)(?:\.([0-9]+))?(?:[eE]([+-]?[0-9]+))?$/.exec(text);
  if (m === null) return undefined;
  const frac = m[2] ?? "";
  const exp = Number(m[3] ?? "0") - frac.length;
  if (!Number.isSafeInteger(exp) || Math.abs(exp) > 400) return undefined;
  const digits = BigInt(m[1]! + frac);
  return exp >= 0 ? [digits * 10n ** BigInt(exp), 1n] : [digits, 10n ** BigInt(-exp)];
}

function multiplierRatio(multiplier: number | string): Ratio {
  let r: Ratio | undefined;
  if (typeof multiplier === "number" && Number.isFinite(multiplier)) r = ratio(String(multiplier));
  else if (typeof multiplier === "string") r = ratio(multiplier);
  if (r === undefined) {
    throw new KalshiMoneyError("multiplier", multiplier, "must be a non-negative decimal number");
  }
  return r;
}

/**
 * The trading fee of one fill, exactly: `M · rate · C · P · (1 − P)` rounded **up** to $0.0001
 * (or $0.000001), with the rate from {@linkcode FEE_TYPES} (taker 0.07; maker 0.0175 on
 * `quadratic_with_maker_fees` and `quadratic_with_combo_maker_fees`, else 0). Arithmetic is done
 * in BigInt over the exact rationals, so no float ever touches the money.
 *
 * This is the trade fee only; Kalshi's per-fill rounding fee and rebate (which depend on the
 * account's balance precision and an order's earlier fills) are not included.
 *
 * @example
 * ```ts
 * import { formatAmount, parseCount, parsePrice, tradingFee } from "@kalshikit/kalshi/money";
 * import assert from "node:assert/strict";
 *
 * const fee = tradingFee({ price: parsePrice("0.52"), count: parseCount("1"), role: "taker" });
 * assert.equal(formatAmount(fee), "0.017500"); // 0.017472 rounded up to $0.0001
 * const maker = tradingFee({
 *   price: 5000,
 *   count: 10_000,
 *   role: "maker",
 *   feeType: "quadratic_with_maker_fees",
 * });
 * assert.equal(formatAmount(maker, { decimals: 4 }), "0.4375");
 * ```
 *
 * @param options Price, count, role, fee type, multiplier and rounding.
 * @returns The fee in $0.000001 units (a multiple of 100 with the default rounding).
 * @throws {KalshiMoneyError} When an input is invalid, the fee type is `flat` (no published
 * formula) or unknown, or the fee is not a safe integer.
 */
export function tradingFee(options: TradingFeeOptions): Amount {
  const { price, count, role } = options;
  checkPrice(price, "price");
  checkUnits(count, "count", false, "0.01 contract");
  const feeType = options.feeType ?? "quadratic";
  const rates = typeof feeType === "string" && Object.hasOwn(FEE_TYPES, feeType)
    ? FEE_TYPES[feeType]
    : undefined;
  if (rates === undefined) {
    const reason = feeType === "flat"
      ? "is not supported: Kalshi publishes its fees as a table, not a formula"
      : "is not a known fee type";
    throw new KalshiMoneyError("feeType", feeType, reason);
  }
  if (role !== "taker" && role !== "maker") {
    throw new KalshiMoneyError("role", role, 'must be "taker" or "maker"');
  }
  const rounding = options.rounding ?? 4;
  if (rounding !== 4 && rounding !== 6) {
    throw new KalshiMoneyError("rounding", rounding, "must be 4 or 6");
  }
  const [mNum, mDen] = multiplierRatio(options.multiplier ?? 1);
  const [rNum, rDen] = ratio(role === "taker" ? rates.taker : rates.maker)!;
  // In $0.000001: M · rate · (count/100) · (price/1e4) · ((1e4 − price)/1e4) · 1e6.
  const num = mNum * rNum * BigInt(count) * BigInt(price) * BigInt(10_000 - price);
  const step = rounding === 4 ? 100n : 1n;
  const den = mDen * rDen * 10_000n * step;
  const fee = Number(((num + den - 1n) / den) * step);
  if (!Number.isSafeInteger(fee)) throw new KalshiMoneyError("count", count, "is too large");
  return fee;
}
