/**
 * Tick grids: a market's `price_ranges` and the prices an order may use.
 *
 * @module
 */

import { KalshiMoneyError } from "../errors.ts";
import { checkPrice, formatPrice, parsePrice, type Price, PRICE_SCALE } from "./price.ts";

/** One entry of a market's `price_ranges`, as sent (dollar strings). */
export interface PriceRangeWire {
  /** Lowest price of the band, e.g. `"0.0000"`. */
  start: string;
  /** Highest price of the band, e.g. `"1.0000"`. */
  end: string;
  /** Tick size inside the band, e.g. `"0.0100"`. */
  step: string;
}

/** One band of a tick grid, parsed: every `start + k·step` up to `end` is on the grid. */
export interface TickBand {
  /** Lowest price of the band. */
  start: Price;
  /** Highest price of the band. */
  end: Price;
  /** Tick size inside the band (positive). */
  step: Price;
}

/** Options of {@linkcode parsePriceRanges}. */
export interface ParsePriceRangesOptions {
  /**
   * Field name reported in errors (an entry's is e.g. `price_ranges[1].step`).
   *
   * @default {"price_ranges"}
   */
  field?: string;
}

/** Options of {@linkcode assertOrderPrice}. */
export interface AssertOrderPriceOptions {
  /**
   * Field name reported in errors.
   *
   * @default {"price"}
   */
  field?: string;
}

function structure(...bands: [string, string, string][]): readonly PriceRangeWire[] {
  return Object.freeze(bands.map(([start, end, step]) => Object.freeze({ start, end, step })));
}

/** `linear_cent` (most markets): $0.00–$1.00 every $0.01. */
export const LINEAR_CENT: readonly PriceRangeWire[] = structure(["0.0000", "1.0000", "0.0100"]);

/** `tapered_deci_cent`: $0.001 ticks below $0.10 and above $0.90, $0.01 between. */
export const TAPERED_DECI_CENT: readonly PriceRangeWire[] = structure(
  ["0.0000", "0.1000", "0.0010"],
  ["0.1000", "0.9000", "0.0100"],
  ["0.9000", "1.0000", "0.0010"],
);

/** `deci_cent`: $0.00–$1.00 every $0.001. */
export const DECI_CENT: readonly PriceRangeWire[] = structure(["0.0000", "1.0000", "0.0010"]);

/** `center_deci_edge_centi_cent` (combo markets): $0.0001 ticks below $0.01 and above $0.99,
 * $0.001 between. */
export const CENTER_DECI_EDGE_CENTI_CENT: readonly PriceRangeWire[] = structure(
  ["0.0000", "0.0100", "0.0001"],
  ["0.0100", "0.9900", "0.0010"],
  ["0.9900", "1.0000", "0.0001"],
);

/**
 * The known `price_level_structure` names and their `price_ranges`. For reference and tests
 * only: a market's own `price_ranges` are the source of truth, and new names keep appearing.
 */
export const PRICE_LEVEL_STRUCTURES: Readonly<
  Record<
    "linear_cent" | "tapered_deci_cent" | "deci_cent" | "center_deci_edge_centi_cent",
    readonly PriceRangeWire[]
  >
> = Object.freeze({
  linear_cent: LINEAR_CENT,
  tapered_deci_cent: TAPERED_DECI_CENT,
  deci_cent: DECI_CENT,
  center_deci_edge_centi_cent: CENTER_DECI_EDGE_CENTI_CENT,
});

/**
 * Parses a market's `price_ranges` into {@linkcode TickBand}s, sorted by `start`.
 *
 * Each band must have `0 ≤ start < end ≤ 1` and `step > 0`. A band whose width is not a whole
 * number of steps is accepted (its `end` is then not itself a tick; the grid stops at the last
 * `start + k·step ≤ end`), since Kalshi's ranges are the source of truth.
 *
 * @example
 * ```ts
 * import { LINEAR_CENT, parsePriceRanges } from "@kalshikit/kalshi/money";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(parsePriceRanges(LINEAR_CENT), [{ start: 0, end: 10_000, step: 100 }]);
 * ```
 *
 * @param ranges The `price_ranges` array.
 * @param options Field name for errors.
 * @returns The bands.
 * @throws {KalshiMoneyError} When the array is empty or not an array, or a band is invalid.
 */
export function parsePriceRanges(
  ranges: readonly PriceRangeWire[],
  options?: ParsePriceRangesOptions,
): TickBand[] {
  const field = options?.field ?? "price_ranges";
  if (!Array.isArray(ranges) || ranges.length === 0) {
    throw new KalshiMoneyError(field, ranges, "must be a non-empty array");
  }
  const bands = ranges.map((range, i): TickBand => {
    const at = `${field}[${i}]`;
    if (range === null || typeof range !== "object") {
      throw new KalshiMoneyError(at, range, "must be an object with start, end and step");
    }
    const start = parsePrice(range.start, { field: `${at}.start` });
    const end = parsePrice(range.end, { field: `${at}.end` });
    const step = parsePrice(range.step, { field: `${at}.step` });
    if (step <= 0) throw new KalshiMoneyError(`${at}.step`, range.step, "must be positive");
    if (start >= end) {
      throw new KalshiMoneyError(`${at}.end`, range.end, "must be greater than start");
    }
    return { start, end, step };
  });
  return bands.sort((a, b) => a.start - b.start);
}

/**
 * Whether `price` is a valid order price on the grid: `0 < price < 1` and some band has
 * `start ≤ price ≤ end` with `price − start` a whole number of steps. A point shared by two
 * bands is valid in both.
 *
 * @example
 * ```ts
 * import { isOnTick, parsePriceRanges, TAPERED_DECI_CENT } from "@kalshikit/kalshi/money";
 * import assert from "node:assert/strict";
 *
 * const bands = parsePriceRanges(TAPERED_DECI_CENT);
 * assert.equal(isOnTick(50, bands), true); // $0.005
 * assert.equal(isOnTick(5050, bands), false); // $0.505
 * assert.equal(isOnTick(0, bands), false);
 * ```
 *
 * @param price The price in $0.0001 units.
 * @param bands The market's bands.
 * @returns Whether an order may use the price.
 */
export function isOnTick(price: Price, bands: readonly TickBand[]): boolean {
  if (!(price > 0 && price < PRICE_SCALE && Number.isInteger(price))) return false;
  for (let i = 0; i < bands.length; i++) {
    const b = bands[i]!;
    if (price >= b.start && price <= b.end && (price - b.start) % b.step === 0) return true;
  }
  return false;
}

/**
 * Throws unless `price` is a valid order price on the grid (see {@linkcode isOnTick}).
 *
 * @example
 * ```ts
 * import { assertOrderPrice, LINEAR_CENT, parsePriceRanges } from "@kalshikit/kalshi/money";
 * import assert from "node:assert/strict";
 *
 * const bands = parsePriceRanges(LINEAR_CENT);
 * assertOrderPrice(5600, bands);
 * assert.throws(() => assertOrderPrice(5650, bands), /not on the market's tick grid/);
 * assert.throws(() => assertOrderPrice(10_000, bands), /strictly between 0 and 1/);
 * ```
 *
 * @param price The price in $0.0001 units.
 * @param bands The market's bands.
 * @param options Field name for errors.
 * @throws {KalshiMoneyError} When the price is not an integer, not strictly between 0 and 1, or
 * off the grid.
 */
export function assertOrderPrice(
  price: Price,
  bands: readonly TickBand[],
  options?: AssertOrderPriceOptions,
): void {
  if (isOnTick(price, bands)) return;
  const field = options?.field ?? "price";
  checkPrice(price, field);
  const shown = formatPrice(price);
  if (price === 0 || price === PRICE_SCALE) {
    throw new KalshiMoneyError(field, shown, "must be strictly between 0 and 1");
  }
  throw new KalshiMoneyError(field, shown, "is not on the market's tick grid");
}

function tickAtOrBelow(p: number, bands: readonly TickBand[]): number | undefined {
  let best = -1;
  for (const b of bands) {
    if (p < b.start) continue;
    let q = b.start + Math.floor((Math.min(p, b.end) - b.start) / b.step) * b.step;
    if (q >= PRICE_SCALE) q -= b.step;
    if (q > best && q >= b.start) best = q;
  }
  return best > 0 ? best : undefined;
}

function tickAtOrAbove(p: number, bands: readonly TickBand[]): number | undefined {
  let best = PRICE_SCALE + 1;
  for (const b of bands) {
    if (p > b.end) continue;
    let q = b.start + Math.ceil((Math.max(p, b.start) - b.start) / b.step) * b.step;
    if (q <= 0) q += b.step;
    if (q < best && q <= b.end) best = q;
  }
  return best < PRICE_SCALE ? best : undefined;
}

/**
 * Rounds a price onto the grid: the highest valid tick at or below it (`"down"`), the lowest at
 * or above it (`"up"`), or the closer of the two (`"nearest"`; a tie goes up). Valid ticks are
 * those {@linkcode isOnTick} accepts, so the result is never 0 or 1.
 *
 * @example
 * ```ts
 * import { LINEAR_CENT, parsePriceRanges, roundToTick } from "@kalshikit/kalshi/money";
 * import assert from "node:assert/strict";
 *
 * const bands = parsePriceRanges(LINEAR_CENT);
 * assert.equal(roundToTick(5649, bands, "down"), 5600);
 * assert.equal(roundToTick(5649, bands, "nearest"), 5600);
 * assert.equal(roundToTick(5650, bands, "nearest"), 5700);
 * assert.equal(roundToTick(50, bands, "down"), undefined);
 * ```
 *
 * @param price The price in $0.0001 units (`0..10_000`).
 * @param bands The market's bands.
 * @param direction Which way to round.
 * @returns The tick, or `undefined` when there is none that way.
 * @throws {KalshiMoneyError} When the price is not an integer in `0..10_000` or the direction is
 * unknown.
 */
export function roundToTick(
  price: Price,
  bands: readonly TickBand[],
  direction: "down" | "up" | "nearest",
): Price | undefined {
  checkPrice(price, "price");
  if (direction === "down") return tickAtOrBelow(price, bands);
  if (direction === "up") return tickAtOrAbove(price, bands);
  if (direction !== "nearest") {
    throw new KalshiMoneyError("direction", direction, 'must be "down", "up" or "nearest"');
  }
  const down = tickAtOrBelow(price, bands);
  const up = tickAtOrAbove(price, bands);
  if (down === undefined) return up;
  if (up === undefined) return down;
  return price - down < up - price ? down : up;
}

/**
 * The next valid tick strictly above (`"up"`) or below (`"down"`) a price, which need not be on
 * the grid itself.
 *
 * @example
 * ```ts
 * import { nextTick, parsePriceRanges, TAPERED_DECI_CENT } from "@kalshikit/kalshi/money";
 * import assert from "node:assert/strict";
 *
 * const bands = parsePriceRanges(TAPERED_DECI_CENT);
 * assert.equal(nextTick(1000, bands, "down"), 990); // $0.10 → $0.099
 * assert.equal(nextTick(1000, bands, "up"), 1100); // $0.10 → $0.11
 * assert.equal(nextTick(9990, bands, "up"), undefined);
 * ```
 *
 * @param price The price in $0.0001 units (`0..10_000`).
 * @param bands The market's bands.
 * @param direction Which way to step.
 * @returns The tick, or `undefined` when there is none that way.
 * @throws {KalshiMoneyError} When the price is not an integer in `0..10_000` or the direction is
 * unknown.
 */
export function nextTick(
  price: Price,
  bands: readonly TickBand[],
  direction: "up" | "down",
): Price | undefined {
  checkPrice(price, "price");
  if (direction === "up") {
    return price === PRICE_SCALE ? undefined : tickAtOrAbove(price + 1, bands);
  }
  if (direction === "down") return price === 0 ? undefined : tickAtOrBelow(price - 1, bands);
  throw new KalshiMoneyError("direction", direction, 'must be "up" or "down"');
}
