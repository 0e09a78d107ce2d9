/**
 * Prices: integer counts of $0.0001.
 *
 * @module
 */

import { KalshiMoneyError } from "../errors.ts";
import { scanNumber, scanPrice, unitsError } from "./_decimal.ts";

/**
 * A contract price as an integer count of $0.0001 (a centi-cent): `"0.5600"` is `5600`, $1 is
 * `10_000`. As a value it lies in `0..10_000` inclusive; as an order price strictly inside.
 */
export type Price = number;

/** Price units per dollar: a {@linkcode Price} of `PRICE_SCALE` is $1. */
export const PRICE_SCALE = 10_000;

/** One dollar as a {@linkcode Price}: the payout of a binary contract. */
export const ONE_DOLLAR: Price = 10_000;

/** Options of {@linkcode parsePrice} and {@linkcode priceFromCents}. */
export interface PriceParseOptions {
  /**
   * Field name reported in errors.
   *
   * @default {"price"}
   */
  field?: string;
}

/** Options of {@linkcode formatPrice}. */
export interface FormatPriceOptions {
  /**
   * Decimal places written; Kalshi accepts 2–4 in requests and sends 4.
   *
   * @default {4}
   */
  decimals?: 2 | 3 | 4;
  /**
   * Field name reported in errors.
   *
   * @default {"price"}
   */
  field?: string;
}

const RANGE = "must be between 0 and 1";

/**
 * Parses a price as Kalshi sends it into a {@linkcode Price}.
 *
 * Accepts dollar strings with any number of decimals as long as those beyond the fourth are
 * zeros (`"0.5600"`, `"0.56"`, `"0.5"`, `"1"`, `"0.017500"`, `"1.0000"`), and JSON numbers through
 * their shortest decimal text (`0.56`). Rejects empty text, surrounding whitespace, sign
 * characters, exponents (`1e-7` as a number has more than four decimals), more than four
 * significant decimals, values above 1, anything not a decimal, NaN, infinities and other types.
 * Integer cents are not prices: use {@linkcode priceFromCents}.
 *
 * @example Parse a dollar string
 * ```ts
 * import { parsePrice } from "@kalshikit/kalshi/money";
 * import assert from "node:assert/strict";
 *
 * assert.equal(parsePrice("0.5600"), 5600);
 * assert.equal(parsePrice("0.017500"), 175);
 * assert.equal(parsePrice(0.56), 5600);
 * assert.throws(() => parsePrice("0.56001", { field: "yes_price_dollars" }), /more than 4 decimals/);
 * ```
 *
 * @param value Dollar string or JSON number.
 * @param options Field name for errors.
 * @returns The price in $0.0001 units.
 * @throws {KalshiMoneyError} When the value is not a valid price.
 */
export function parsePrice(value: string | number, options?: PriceParseOptions): Price {
  const v = typeof value === "string"
    ? scanPrice(value)
    : typeof value === "number"
    ? scanNumber(value, 4, PRICE_SCALE, false)
    : NaN;
  if (v <= PRICE_SCALE) return v;
  throw unitsError(value, 4, false, options?.field ?? "price", RANGE);
}

/**
 * Converts a legacy integer-cent price (`0..100`, e.g. V1 `yes_price`) into a {@linkcode Price}.
 *
 * @example
 * ```ts
 * import { priceFromCents } from "@kalshikit/kalshi/money";
 * import assert from "node:assert/strict";
 *
 * assert.equal(priceFromCents(56), 5600);
 * assert.throws(() => priceFromCents(101));
 * ```
 *
 * @param cents Integer cents.
 * @param options Field name for errors.
 * @returns The price in $0.0001 units.
 * @throws {KalshiMoneyError} When `cents` is not an integer in `0..100`.
 */
export function priceFromCents(cents: number, options?: PriceParseOptions): Price {
  if (typeof cents === "number" && Number.isInteger(cents) && cents >= 0 && cents <= 100) {
    return cents * 100 + 0;
  }
  const reason = typeof cents !== "number"
    ? "must be a number"
    : Number.isInteger(cents)
    ? "must be between 0 and 100 cents"
    : "must be a whole number of cents";
  throw new KalshiMoneyError(options?.field ?? "price", cents, reason);
}

/**
 * Throws unless `price` is a {@linkcode Price}: an integer in `0..10_000`.
 *
 * @param price The value to check.
 * @param field Field name for the error.
 */
export function checkPrice(price: number, field: string): void {
  if (!(Number.isInteger(price) && price >= 0 && price <= PRICE_SCALE)) {
    const reason = Number.isInteger(price) ? RANGE : "must be an integer number of $0.0001";
    throw new KalshiMoneyError(field, price, reason);
  }
}

/**
 * Writes a {@linkcode Price} as a dollar string (`5600` → `"0.5600"`), the form Kalshi requests
 * take.
 *
 * @example
 * ```ts
 * import { formatPrice } from "@kalshikit/kalshi/money";
 * import assert from "node:assert/strict";
 *
 * assert.equal(formatPrice(5600), "0.5600");
 * assert.equal(formatPrice(5600, { decimals: 2 }), "0.56");
 * assert.equal(formatPrice(10_000), "1.0000");
 * assert.throws(() => formatPrice(5650, { decimals: 2 }), /cannot be written with 2 decimals/);
 * ```
 *
 * @param price The price in $0.0001 units.
 * @param options Decimal places and field name.
 * @returns The dollar string.
 * @throws {KalshiMoneyError} When the price is not an integer in `0..10_000` or needs more
 * decimals than asked for.
 */
export function formatPrice(price: Price, options?: FormatPriceOptions): string {
  const field = options?.field ?? "price";
  checkPrice(price, field);
  const decimals = options?.decimals ?? 4;
  if (decimals === 4) {
    return price === PRICE_SCALE ? "1.0000" : `0.${String(price + 10_000).slice(1)}`;
  }
  if (decimals !== 2 && decimals !== 3) {
    throw new KalshiMoneyError("decimals", decimals, "must be 2, 3 or 4");
  }
  const unit = decimals === 2 ? 100 : 10;
  if (price % unit !== 0) {
    throw new KalshiMoneyError(field, price, `cannot be written with ${decimals} decimals`);
  }
  const scale = PRICE_SCALE / unit;
  const q = price / unit;
  return q === scale ? (decimals === 2 ? "1.00" : "1.000") : `0.${String(q + scale).slice(1)}`;
}

/**
 * The price of the other side: YES at `p` is NO at `1 − p` (`10_000 − p`).
 *
 * @example
 * ```ts
 * import { complementPrice } from "@kalshikit/kalshi/money";
 * import assert from "node:assert/strict";
 *
 * assert.equal(complementPrice(5600), 4400);
 * assert.equal(complementPrice(complementPrice(125)), 125);
 * ```
 *
 * @param price The price in $0.0001 units.
 * @returns `10_000 − price`.
 * @throws {KalshiMoneyError} When the price is not an integer in `0..10_000`.
 */
export function complementPrice(price: Price): Price {
  checkPrice(price, "price");
  return PRICE_SCALE - price;
}
