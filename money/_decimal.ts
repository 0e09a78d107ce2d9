/**
 * The one decimal scanner behind every money parser: a char-code loop with no regex, no split,
 * no BigInt and no allocation on the success path. Reasons for failures are built only on the
 * failure path, by {@linkcode explainDecimal}.
 *
 * Grammar: `-?[0-9]+(\.[0-9]+)?` — at least one digit before and (when there is a point) after the
 * point; leading zeros allowed; digits beyond `decimals` must all be `0`; no whitespace, no `+`,
 * no exponent. A leading `-` only when `signed`.
 *
 * @module
 */

import { KalshiMoneyError } from "../errors.ts";

const MAX = Number.MAX_SAFE_INTEGER;

/**
 * Scans `text` as a fixed-point decimal scaled by `10 ** decimals`.
 *
 * @param text The decimal text.
 * @param decimals Decimal places kept (0..6).
 * @param signed Whether a leading `-` is allowed.
 * @returns The scaled safe integer, or `NaN` when the text does not fit (see the module doc).
 */
export function scanDecimal(text: string, decimals: number, signed: boolean): number {
  const len = text.length;
  let i = 0;
  let neg = false;
  if (signed && len > 1 && text.charCodeAt(0) === 45) {
    neg = true;
    i = 1;
  }
  const intStart = i;
  let v = 0;
  let d = 0;
  for (; i < len; i++) {
    d = text.charCodeAt(i) - 48;
    if (d >>> 0 > 9) break;
    v = v * 10 + d;
  }
  if (i === intStart) return NaN;
  let kept = 0;
  if (i < len) {
    if (d !== -2) return NaN; // "."
    const fracStart = ++i;
    if (i === len) return NaN;
    const keep = len < i + decimals ? len : i + decimals;
    for (; i < keep; i++) {
      d = text.charCodeAt(i) - 48;
      if (d >>> 0 > 9) return NaN;
      v = v * 10 + d;
    }
    kept = i - fracStart;
    for (; i < len; i++) if (text.charCodeAt(i) !== 48) return NaN;
  }
  for (; kept < decimals; kept++) v *= 10;
  // Float rounding is monotone, so a true value above MAX never computes to MAX or less.
  if (v > MAX) return NaN;
  return neg ? 0 - v : v;
}

// The fast paths below test digits without branching per digit: for x = charCode − 48,
// `(a | b) >= 0` says none is below "0" and `((a − 10) & (b − 10)) < 0` says none is above "9".

/**
 * Scans the canonical four-decimal price shape `D.DDDD` (what Kalshi sends) without a loop,
 * falling back to {@linkcode scanDecimal}.
 *
 * @param text The price text.
 * @returns The price in $0.0001 units (not range-checked), or `NaN`.
 */
export function scanPrice(text: string): number {
  if (text.length === 6 && text.charCodeAt(1) === 46) {
    const a = text.charCodeAt(0) - 48;
    const b = text.charCodeAt(2) - 48;
    const c = text.charCodeAt(3) - 48;
    const d = text.charCodeAt(4) - 48;
    const e = text.charCodeAt(5) - 48;
    if ((a | b | c | d | e) >= 0 && ((a - 2) & (b - 10) & (c - 10) & (d - 10) & (e - 10)) < 0) {
      return a * 10_000 + b * 1000 + c * 100 + d * 10 + e;
    }
  }
  return scanDecimal(text, 4, false);
}

/**
 * Scans the canonical two-decimal count shape `D+.DD` (what Kalshi sends), falling back to
 * {@linkcode scanDecimal} for everything else (signs, other decimals, long integers).
 *
 * @param text The count text.
 * @param signed Whether a leading `-` is allowed.
 * @returns The count in 0.01-contract units, or `NaN`.
 */
export function scanCount(text: string, signed: boolean): number {
  const p = text.length - 3;
  if (p > 0 && p < 14 && text.charCodeAt(p) === 46) {
    const b = text.charCodeAt(p + 1) - 48;
    const c = text.charCodeAt(p + 2) - 48;
    if ((b | c) >= 0 && ((b - 10) & (c - 10)) < 0) {
      let v = 0;
      let i = 0;
      for (; i < p; i++) {
        const x = text.charCodeAt(i) - 48;
        if (x >>> 0 > 9) break;
        v = v * 10 + x;
      }
      if (i === p) return v * 100 + b * 10 + c;
    }
  }
  return scanDecimal(text, 2, signed);
}

/**
 * Says why {@linkcode scanDecimal} rejected `text`.
 *
 * @param text The rejected text.
 * @param decimals Decimal places allowed.
 * @param signed Whether a leading `-` is allowed.
 * @returns The reason, or `undefined` when the text is a well-formed decimal that is merely too
 * large (the caller words the range).
 */
export function explainDecimal(
  text: string,
  decimals: number,
  signed: boolean,
): string | undefined {
  if (text.length === 0) return "must not be empty";
  if (text.trim() !== text) return "must not have surrounding whitespace";
  const first = text.charCodeAt(0);
  if (first === 43) return "must not have a sign";
  if (first === 45 && !signed) return "must not be negative";
  const match = /^-?[0-9]+(?:\.([0-9]+))?$/.exec(text);
  if (match === null) return "is not a decimal number";
  const fraction = match[1] ?? "";
  if (/[1-9]/.test(fraction.slice(decimals))) return `has more than ${decimals} decimals`;
  return undefined;
}

/**
 * Converts a JSON number through its shortest decimal text (`String(n)`), so `0.56` is exactly
 * `0.56`. Integers take a multiplication fast path.
 *
 * @param n The number.
 * @param decimals Decimal places kept.
 * @param scale `10 ** decimals`.
 * @param signed Whether negative values are allowed.
 * @returns The scaled safe integer, or `NaN`.
 */
export function scanNumber(n: number, decimals: number, scale: number, signed: boolean): number {
  if (Number.isInteger(n)) {
    if (n < 0 && !signed) return NaN;
    const v = n * scale;
    return v > MAX || v < -MAX ? NaN : v + 0;
  }
  return Number.isFinite(n) ? scanDecimal(String(n), decimals, signed) : NaN;
}

/**
 * Says why {@linkcode scanNumber} rejected `n`.
 *
 * @param n The rejected number.
 * @param decimals Decimal places allowed.
 * @param signed Whether negative values are allowed.
 * @returns The reason, or `undefined` when the number is merely too large.
 */
export function explainNumber(n: number, decimals: number, signed: boolean): string | undefined {
  if (!Number.isFinite(n)) return "must be a finite number";
  if (n < 0 && !signed) return "must not be negative";
  const text = String(n);
  if (text.includes("e")) {
    return Math.abs(n) < 1 ? `has more than ${decimals} decimals` : undefined;
  }
  return explainDecimal(text, decimals, signed);
}

/**
 * Parses a wire value (decimal string or JSON number) into scaled integer units, throwing a
 * {@linkcode KalshiMoneyError} with the reason on failure.
 *
 * @param value The wire value.
 * @param decimals Decimal places kept.
 * @param scale `10 ** decimals`.
 * @param signed Whether negative values are allowed.
 * @param field Field name for errors.
 * @param tooLarge Reason used when the value is well-formed but out of range.
 * @returns The scaled safe integer.
 */
export function parseUnits(
  value: string | number,
  decimals: number,
  scale: number,
  signed: boolean,
  field: string,
  tooLarge: string,
): number {
  const v = typeof value === "string"
    ? scanDecimal(value, decimals, signed)
    : typeof value === "number"
    ? scanNumber(value, decimals, scale, signed)
    : NaN;
  if (v === v) return v;
  throw unitsError(value, decimals, signed, field, tooLarge);
}

/**
 * Builds the error for a value {@linkcode parseUnits} (or a caller's range check) rejected.
 *
 * @param value The rejected value.
 * @param decimals Decimal places allowed.
 * @param signed Whether negative values are allowed.
 * @param field Field name.
 * @param tooLarge Reason used when the value is well-formed but out of range.
 * @returns The error to throw.
 */
export function unitsError(
  value: unknown,
  decimals: number,
  signed: boolean,
  field: string,
  tooLarge: string,
): KalshiMoneyError {
  let reason: string | undefined;
  if (typeof value === "string") reason = explainDecimal(value, decimals, signed);
  else if (typeof value === "number") reason = explainNumber(value, decimals, signed);
  else reason = "must be a string or a number";
  return new KalshiMoneyError(field, value, reason ?? tooLarge);
}

/**
 * Throws unless `units` is a safe integer (signed or not).
 *
 * @param units The value to check.
 * @param field Field name for the error.
 * @param signed Whether negative values are allowed.
 * @param unit Unit named in the error, e.g. `"$0.000001"`.
 */
export function checkUnits(units: number, field: string, signed: boolean, unit: string): void {
  if (!Number.isSafeInteger(units)) {
    throw new KalshiMoneyError(field, units, `must be a safe integer number of ${unit}`);
  }
  if (!signed && units < 0) throw new KalshiMoneyError(field, units, "must not be negative");
}

/**
 * Writes a non-negative safe integer of units with `decimals` decimals (`1234, 2` → `"12.34"`).
 *
 * @param units Non-negative safe integer.
 * @param decimals Decimal places (0..6).
 * @returns The decimal text.
 */
export function writeUnits(units: number, decimals: number): string {
  if (decimals === 0) return String(units);
  const scale = 10 ** decimals;
  const frac = units % scale;
  return `${(units - frac) / scale}.${String(frac + scale).slice(1)}`;
}
