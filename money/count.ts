/**
 * Contract counts: integer counts of 0.01 contract.
 *
 * @module
 */

import { checkUnits, scanCount, scanNumber, unitsError, writeUnits } from "./_decimal.ts";

/**
 * A number of contracts as an integer count of 0.01 contract: `"10.00"` is `1000`, `"7.77"` is
 * `777`. Non-negative unless a function says it may be signed (positions: `+` YES, `−` NO).
 */
export type Count = number;

/** Count units per contract: a {@linkcode Count} of `COUNT_SCALE` is one contract. */
export const COUNT_SCALE = 100;

/** Options of {@linkcode parseCount}. */
export interface CountParseOptions {
  /**
   * Field name reported in errors.
   *
   * @default {"count"}
   */
  field?: string;
  /**
   * Whether a negative count (`"-54.00"`, e.g. `position_fp`) is allowed.
   *
   * @default {false}
   */
  signed?: boolean;
}

/** Options of {@linkcode formatCount}. */
export interface FormatCountOptions {
  /**
   * Field name reported in errors.
   *
   * @default {"count"}
   */
  field?: string;
}

const TOO_LARGE = "is too large";

/**
 * Parses a contract count as Kalshi sends it (`_fp` strings, legacy integers) into a
 * {@linkcode Count}.
 *
 * Accepts `"10.00"`, `"1"`, `"0.5"`, `"7.77"`, decimals beyond the second when they are zeros
 * (`"3.000"`), `"-54.00"` when `signed`, and JSON numbers (legacy integer counts `10` → `1000`,
 * `0.5` → `50`). Rejects empty text, surrounding whitespace, `+`, exponents, more than two
 * significant decimals, NaN, infinities, values beyond the safe-integer range and other types.
 *
 * @example
 * ```ts
 * import { parseCount } from "@kalshikit/kalshi/money";
 * import assert from "node:assert/strict";
 *
 * assert.equal(parseCount("10.00"), 1000);
 * assert.equal(parseCount("7.77"), 777);
 * assert.equal(parseCount(10), 1000);
 * assert.equal(parseCount("-54.00", { signed: true }), -5400);
 * assert.throws(() => parseCount("-54.00"), /must not be negative/);
 * ```
 *
 * @param value Count string or JSON number.
 * @param options Field name and sign policy.
 * @returns The count in 0.01-contract units.
 * @throws {KalshiMoneyError} When the value is not a valid count.
 */
export function parseCount(value: string | number, options?: CountParseOptions): Count {
  const signed = options?.signed === true;
  const v = typeof value === "string"
    ? scanCount(value, signed)
    : typeof value === "number"
    ? scanNumber(value, 2, COUNT_SCALE, signed)
    : NaN;
  if (v === v) return v;
  throw unitsError(value, 2, signed, options?.field ?? "count", TOO_LARGE);
}

/**
 * Writes a {@linkcode Count} with exactly two decimals, the form Kalshi sends (`1000` →
 * `"10.00"`, `-45` → `"-0.45"`).
 *
 * @example
 * ```ts
 * import { formatCount } from "@kalshikit/kalshi/money";
 * import assert from "node:assert/strict";
 *
 * assert.equal(formatCount(1000), "10.00");
 * assert.equal(formatCount(-45), "-0.45");
 * ```
 *
 * @param count The count in 0.01-contract units (may be negative).
 * @param options Field name for errors.
 * @returns The count string.
 * @throws {KalshiMoneyError} When the count is not a safe integer.
 */
export function formatCount(count: Count, options?: FormatCountOptions): string {
  checkUnits(count, options?.field ?? "count", true, "0.01 contract");
  return count < 0 ? `-${writeUnits(-count, 2)}` : writeUnits(count, 2);
}
