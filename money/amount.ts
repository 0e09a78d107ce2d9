/**
 * Money amounts: integer counts of $0.000001.
 *
 * @module
 */

import { KalshiMoneyError } from "../errors.ts";
import { checkUnits, parseUnits, writeUnits } from "./_decimal.ts";
import type { Count } from "./count.ts";
import { checkPrice, type Price } from "./price.ts";

/**
 * A dollar amount as an integer count of $0.000001 (a micro-dollar): `"0.017500"` is `17_500`,
 * `"98.0186"` is `98_018_600`. Costs, fees, balances, P&L; signed where a function says so.
 * A {@linkcode Price} times a {@linkcode Count} is an `Amount` exactly.
 */
export type Amount = number;

/** Amount units per dollar: an {@linkcode Amount} of `AMOUNT_SCALE` is $1. */
export const AMOUNT_SCALE = 1_000_000;

/** How {@linkcode formatAmount} and {@linkcode amountToCents} treat digits they cannot write. */
export type AmountRounding = "exact" | "floor" | "ceil" | "half-even";

/** Options of {@linkcode parseAmount}, {@linkcode amountFromCents} and
 * {@linkcode amountFromCentiCents}. */
export interface AmountParseOptions {
  /**
   * Field name reported in errors.
   *
   * @default {"amount"}
   */
  field?: string;
  /**
   * Whether a negative amount (e.g. `realized_pnl_dollars`) is allowed.
   *
   * @default {false}
   */
  signed?: boolean;
}

/** Options of {@linkcode amountToCents}. */
export interface AmountToCentsOptions {
  /**
   * What to do with sub-cent digits: `"exact"` throws when there are any; `"floor"` rounds toward
   * −∞ (Kalshi truncates non-negative int-cent fields such as `balance`), `"ceil"` toward +∞,
   * `"half-even"` to the nearest cent with ties to even.
   *
   * @default {"exact"}
   */
  rounding?: AmountRounding;
  /**
   * Field name reported in errors.
   *
   * @default {"amount"}
   */
  field?: string;
}

/** Options of {@linkcode formatAmount}. */
export interface FormatAmountOptions extends AmountToCentsOptions {
  /**
   * Decimal places written: 6 (portfolio fields), 4 (prices, fees) or 2 (cents).
   *
   * @default {6}
   */
  decimals?: 2 | 4 | 6;
}

const TOO_LARGE = "is too large";

/**
 * Parses a dollar amount (`*_dollars`, `fee_cost`, …) into an {@linkcode Amount}.
 *
 * Up to six significant decimals (`"0.017500"`, `"98.0186"`, `"2.5"`), extra trailing zeros
 * allowed; JSON numbers through their shortest decimal text. Same rejections as
 * {@linkcode parsePrice} without the upper bound of 1; a leading `-` only when `signed`.
 *
 * @example
 * ```ts
 * import { parseAmount } from "@kalshikit/kalshi/money";
 * import assert from "node:assert/strict";
 *
 * assert.equal(parseAmount("0.017500"), 17_500);
 * assert.equal(parseAmount("98.0186"), 98_018_600);
 * assert.equal(parseAmount("-1.25", { signed: true }), -1_250_000);
 * assert.throws(() => parseAmount("0.0000001"), /more than 6 decimals/);
 * ```
 *
 * @param value Dollar string or JSON number.
 * @param options Field name and sign policy.
 * @returns The amount in $0.000001 units.
 * @throws {KalshiMoneyError} When the value is not a valid amount.
 */
export function parseAmount(value: string | number, options?: AmountParseOptions): Amount {
  const signed = options?.signed === true;
  return parseUnits(value, 6, AMOUNT_SCALE, signed, options?.field ?? "amount", TOO_LARGE);
}

function fromInteger(
  units: number,
  per: number,
  unit: string,
  options?: AmountParseOptions,
): Amount {
  const field = options?.field ?? "amount";
  if (typeof units !== "number" || !Number.isInteger(units)) {
    throw new KalshiMoneyError(field, units, `must be a whole number of ${unit}`);
  }
  if (units < 0 && options?.signed !== true) {
    throw new KalshiMoneyError(field, units, "must not be negative");
  }
  const v = units * per;
  if (!Number.isSafeInteger(v)) throw new KalshiMoneyError(field, units, TOO_LARGE);
  return v + 0;
}

/**
 * Converts integer cents (`balance`, `portfolio_value`, `Settlement.revenue`, …) into an
 * {@linkcode Amount}.
 *
 * @example
 * ```ts
 * import { amountFromCents } from "@kalshikit/kalshi/money";
 * import assert from "node:assert/strict";
 *
 * assert.equal(amountFromCents(9801), 98_010_000);
 * assert.equal(amountFromCents(-5, { signed: true }), -50_000);
 * ```
 *
 * @param cents Integer cents.
 * @param options Field name and sign policy.
 * @returns The amount in $0.000001 units.
 * @throws {KalshiMoneyError} When `cents` is not an integer, negative without `signed`, or too
 * large.
 */
export function amountFromCents(cents: number, options?: AmountParseOptions): Amount {
  return fromInteger(cents, 10_000, "cents", options);
}

/**
 * Converts integer centi-cents ($0.0001: `target_cost_centi_cents`, `period_reward`, block-trade
 * `price_centi_cents`) into an {@linkcode Amount}.
 *
 * @example
 * ```ts
 * import { amountFromCentiCents } from "@kalshikit/kalshi/money";
 * import assert from "node:assert/strict";
 *
 * assert.equal(amountFromCentiCents(175), 17_500);
 * ```
 *
 * @param centiCents Integer count of $0.0001.
 * @param options Field name and sign policy.
 * @returns The amount in $0.000001 units.
 * @throws {KalshiMoneyError} When the value is not an integer, negative without `signed`, or
 * too large.
 */
export function amountFromCentiCents(centiCents: number, options?: AmountParseOptions): Amount {
  return fromInteger(centiCents, 100, "centi-cents", options);
}

const ROUNDINGS: readonly string[] = ["exact", "floor", "ceil", "half-even"];

/** Divides a safe integer by `div` (a power of 10) with the given rounding. */
function divide(amount: number, div: number, rounding: AmountRounding, field: string): number {
  if (!ROUNDINGS.includes(rounding)) {
    throw new KalshiMoneyError(
      "rounding",
      rounding,
      'must be "exact", "floor", "ceil" or "half-even"',
    );
  }
  const r = amount % div;
  const q = (amount - r) / div; // truncated toward zero, exact
  if (r === 0) return q + 0;
  const away = r > 0 ? q + 1 : q - 1;
  if (rounding === "floor") return r < 0 ? away : q + 0;
  if (rounding === "ceil") return r > 0 ? away : q + 0;
  if (rounding === "half-even") {
    const twice = 2 * Math.abs(r);
    return twice > div || (twice === div && q % 2 !== 0) ? away : q + 0;
  }
  const reason = div === 100
    ? "cannot be written with 4 decimals"
    : "is not a whole number of cents";
  throw new KalshiMoneyError(field, amount, `${reason} (pass a rounding)`);
}

/**
 * Writes an {@linkcode Amount} as a dollar string (`17_500` → `"0.017500"`).
 *
 * @example
 * ```ts
 * import { formatAmount } from "@kalshikit/kalshi/money";
 * import assert from "node:assert/strict";
 *
 * assert.equal(formatAmount(17_500), "0.017500");
 * assert.equal(formatAmount(17_500, { decimals: 4 }), "0.0175");
 * assert.equal(formatAmount(17_472, { decimals: 4, rounding: "ceil" }), "0.0175");
 * assert.equal(formatAmount(-1_250_000, { decimals: 2 }), "-1.25");
 * ```
 *
 * @param amount The amount in $0.000001 units (may be negative).
 * @param options Decimal places, rounding and field name.
 * @returns The dollar string.
 * @throws {KalshiMoneyError} When the amount is not a safe integer, or has digits beyond
 * `decimals` under `rounding: "exact"`.
 */
export function formatAmount(amount: Amount, options?: FormatAmountOptions): string {
  const field = options?.field ?? "amount";
  checkUnits(amount, field, true, "$0.000001");
  const decimals = options?.decimals ?? 6;
  if (decimals !== 2 && decimals !== 4 && decimals !== 6) {
    throw new KalshiMoneyError("decimals", decimals, "must be 2, 4 or 6");
  }
  const q = decimals === 6 ? amount : divide(
    amount,
    decimals === 4 ? 100 : 10_000,
    options?.rounding ?? "exact",
    field,
  );
  return q < 0 ? `-${writeUnits(-q, decimals)}` : writeUnits(q, decimals);
}

/**
 * Converts an {@linkcode Amount} into integer cents, for the int-cent request fields
 * (`amount_cents`, V1 `buy_max_cost`).
 *
 * @example
 * ```ts
 * import { amountToCents } from "@kalshikit/kalshi/money";
 * import assert from "node:assert/strict";
 *
 * assert.equal(amountToCents(98_010_000), 9801);
 * assert.equal(amountToCents(98_018_600, { rounding: "floor" }), 9801);
 * assert.throws(() => amountToCents(98_018_600), /not a whole number of cents/);
 * ```
 *
 * @param amount The amount in $0.000001 units (may be negative).
 * @param options Rounding and field name.
 * @returns Integer cents.
 * @throws {KalshiMoneyError} When the amount is not a safe integer, or is not whole cents
 * under `rounding: "exact"`.
 */
export function amountToCents(amount: Amount, options?: AmountToCentsOptions): number {
  const field = options?.field ?? "amount";
  checkUnits(amount, field, true, "$0.000001");
  return divide(amount, 10_000, options?.rounding ?? "exact", field);
}

/**
 * The cost of `count` contracts at `price`: `price × count`, exact (the units multiply to
 * $0.000001).
 *
 * @example
 * ```ts
 * import { notional, parseCount, parsePrice } from "@kalshikit/kalshi/money";
 * import assert from "node:assert/strict";
 *
 * assert.equal(notional(parsePrice("0.56"), parseCount("10")), 5_600_000); // $5.60
 * ```
 *
 * @param price The price in $0.0001 units.
 * @param count The count in 0.01-contract units (may be negative).
 * @returns The amount in $0.000001 units.
 * @throws {KalshiMoneyError} When an argument is invalid or the result is not a safe integer.
 */
export function notional(price: Price, count: Count): Amount {
  checkPrice(price, "price");
  checkUnits(count, "count", true, "0.01 contract");
  const v = price * count;
  if (!Number.isSafeInteger(v)) {
    throw new KalshiMoneyError("count", count, `is too large for a notional at price ${price}`);
  }
  return v + 0;
}

/**
 * A {@linkcode Price} as an {@linkcode Amount} (`× 100`): the cost of one contract.
 *
 * @example
 * ```ts
 * import { priceToAmount } from "@kalshikit/kalshi/money";
 * import assert from "node:assert/strict";
 *
 * assert.equal(priceToAmount(5600), 560_000);
 * ```
 *
 * @param price The price in $0.0001 units.
 * @returns The amount in $0.000001 units.
 * @throws {KalshiMoneyError} When the price is not an integer in `0..10_000`.
 */
export function priceToAmount(price: Price): Amount {
  checkPrice(price, "price");
  return price * 100;
}
