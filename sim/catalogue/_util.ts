/**
 * Small deterministic helpers of the catalogue: stable hashes (so derived values do not depend on
 * the order in which things are generated), smooth value noise for synthetic histories, calendar
 * codes used in tickers, and number formatting for titles.
 *
 * @module
 */

/** One minute in milliseconds. */
export const MINUTE = 60_000;
/** One hour in milliseconds. */
export const HOUR = 60 * MINUTE;
/** One day in milliseconds. */
export const DAY = 24 * HOUR;
/** Eastern time offset used for tickers and titles (fixed EST; good enough for a simulator). */
export const ET_OFFSET = -5 * HOUR;

const MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
const MONTH_NAMES = [
  "Jan",
  "Feb",
  "Mar",
  "Apr",
  "May",
  "Jun",
  "Jul",
  "Aug",
  "Sep",
  "Oct",
  "Nov",
  "Dec",
];

/**
 * A 32-bit FNV-1a hash of a text.
 *
 * @param text Any text.
 * @returns An unsigned 32-bit integer.
 */
export function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  // Final avalanche (murmur3 fmix32) so nearby inputs spread out.
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * A uniform number in [0, 1) derived from a text.
 *
 * @param text Any text.
 * @returns A float.
 */
export function hashUnit(text: string): number {
  return hash32(text) / 4294967296;
}

/**
 * Upper-case hex digits derived from a text.
 *
 * @param text Any text.
 * @param length Number of digits.
 * @returns The digits.
 */
export function hexOf(text: string, length: number): string {
  let out = "";
  for (let i = 0; out.length < length; i++) {
    out += hash32(`${i}|${text}`).toString(16).padStart(8, "0");
  }
  return out.slice(0, length).toUpperCase();
}

/**
 * A UUID (version 4 layout) derived from a text, stable across runs.
 *
 * @param text Any text.
 * @returns A lower-case UUID.
 */
export function uuidOf(text: string): string {
  const h = hexOf(text, 32).toLowerCase();
  const variant = (8 + (parseInt(h[16]!, 16) & 3)).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${
    h.slice(20, 32)
  }`;
}

/**
 * Smooth value noise in [-1, 1]: hashed values at knots `spacing` apart, interpolated with a
 * smoothstep. A pure function of its inputs.
 *
 * @param key Identifies the curve.
 * @param t Position (e.g. epoch ms).
 * @param spacing Distance between knots.
 * @returns The curve's value at `t`.
 */
export function valueNoise(key: string, t: number, spacing: number): number {
  const x = t / spacing;
  const i = Math.floor(x);
  const f = x - i;
  const a = hashUnit(`${key}#${i}`) * 2 - 1;
  const b = hashUnit(`${key}#${i + 1}`) * 2 - 1;
  const s = f * f * (3 - 2 * f);
  return a + (b - a) * s;
}

/**
 * Standard normal cumulative distribution (Abramowitz–Stegun 7.1.26; error below 1e-7).
 *
 * @param z A z-score.
 * @returns P(Z ≤ z).
 */
export function normalCdf(z: number): number {
  const t = 1 / (1 + 0.3275911 * Math.abs(z) / Math.SQRT2);
  const y = 1 -
    (((((1.061405429 * t - 1.453152027) * t) + 1.421413741) * t - 0.284496736) * t +
        0.254829592) * t * Math.exp(-(z * z) / 2);
  return z >= 0 ? (1 + y) / 2 : (1 - y) / 2;
}

/**
 * The inverse of {@linkcode normalCdf} (Acklam's rational approximation).
 *
 * @param p A probability in (0, 1).
 * @returns The z-score.
 */
export function normalQuantile(p: number): number {
  const a = [
    -39.69683028665376,
    220.9460984245205,
    -275.9285104469687,
    138.357751867269,
    -30.66479806614716,
    2.506628277459239,
  ];
  const b = [
    -54.47609879822406,
    161.5858368580409,
    -155.6989798598866,
    66.80131188771972,
    -13.28068155288572,
  ];
  const c = [
    -0.007784894002430293,
    -0.3223964580411365,
    -2.400758277161838,
    -2.549732539343734,
    4.374664141464968,
    2.938163982698783,
  ];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const q0 = Math.min(Math.max(p, 1e-9), 1 - 1e-9);
  const lo = 0.02425;
  if (q0 < lo || q0 > 1 - lo) {
    const q = Math.sqrt(-2 * Math.log(q0 < lo ? q0 : 1 - q0));
    const z = (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) /
      ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
    return q0 < lo ? z : -z;
  }
  const q = q0 - 0.5;
  const r = q * q;
  return (((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q /
    (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1);
}

/**
 * The calendar fields of an instant in (fixed-offset) Eastern time.
 *
 * @param ms Epoch milliseconds.
 * @returns Year, month (0-based), day, hour, minute.
 */
export function etFields(ms: number): { y: number; m: number; d: number; h: number; min: number } {
  const t = new Date(ms + ET_OFFSET);
  return {
    y: t.getUTCFullYear(),
    m: t.getUTCMonth(),
    d: t.getUTCDate(),
    h: t.getUTCHours(),
    min: t.getUTCMinutes(),
  };
}

/**
 * Kalshi's date code, e.g. `26DEC01`.
 *
 * @param ms Epoch milliseconds.
 * @returns The code.
 */
export function dayCode(ms: number): string {
  const f = etFields(ms);
  return `${String(f.y % 100).padStart(2, "0")}${MONTHS[f.m]}${String(f.d).padStart(2, "0")}`;
}

/**
 * Kalshi's month code, e.g. `26DEC`.
 *
 * @param ms Epoch milliseconds.
 * @returns The code.
 */
export function monthCode(ms: number): string {
  const f = etFields(ms);
  return `${String(f.y % 100).padStart(2, "0")}${MONTHS[f.m]}`;
}

/**
 * A human date, e.g. `Dec 1, 2026`.
 *
 * @param ms Epoch milliseconds.
 * @returns The text.
 */
export function humanDate(ms: number): string {
  const f = etFields(ms);
  return `${MONTH_NAMES[f.m]} ${f.d}, ${f.y}`;
}

/**
 * A human time of day in ET, e.g. `5pm EST` or `5:15pm EST`.
 *
 * @param ms Epoch milliseconds.
 * @returns The text.
 */
export function humanTime(ms: number): string {
  const f = etFields(ms);
  const h12 = f.h % 12 === 0 ? 12 : f.h % 12;
  const mm = f.min === 0 ? "" : `:${String(f.min).padStart(2, "0")}`;
  return `${h12}${mm}${f.h < 12 ? "am" : "pm"} EST`;
}

/**
 * A human month, e.g. `Dec 2026`.
 *
 * @param ms Epoch milliseconds.
 * @returns The text.
 */
export function humanMonth(ms: number): string {
  const f = etFields(ms);
  return `${MONTH_NAMES[f.m]} ${f.y}`;
}

/**
 * Formats a number with thousands separators and a fixed number of decimals.
 *
 * @param value The number.
 * @param decimals Digits after the point.
 * @returns The text, e.g. `97,500` or `3.25`.
 */
export function groupNumber(value: number, decimals: number): string {
  const fixed = Math.abs(value).toFixed(decimals);
  const [int, frac] = fixed.split(".");
  const grouped = int!.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return `${value < 0 ? "-" : ""}${grouped}${frac ? `.${frac}` : ""}`;
}

/**
 * A number as it appears in a ticker, e.g. `45.5`, `97500`, `0.3`.
 *
 * @param value The number.
 * @param decimals Maximum digits after the point.
 * @returns The text, without trailing zeros; negative values start with `N` (`-` separates
 * ticker parts).
 */
export function tickerNumber(value: number, decimals: number): string {
  const fixed = value.toFixed(decimals);
  const text = decimals > 0 ? fixed.replace(/\.?0+$/, "") : fixed;
  if (text === "-0") return "0";
  return text.startsWith("-") ? `N${text.slice(1)}` : text;
}

/**
 * RFC 3339 text of an instant.
 *
 * @param ms Epoch milliseconds.
 * @returns The text.
 */
export function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/**
 * Whole seconds of an instant.
 *
 * @param ms Epoch milliseconds.
 * @returns Seconds (floored).
 */
export function secs(ms: number): number {
  return Math.floor(ms / 1000);
}

/**
 * Inserts into an array kept sorted by a string key.
 *
 * @param items The sorted array.
 * @param item The new item.
 * @param keyOf Its key.
 */
export function insertSorted<T>(items: T[], item: T, keyOf: (t: T) => string): void {
  const key = keyOf(item);
  let lo = 0, hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (keyOf(items[mid]!) < key) lo = mid + 1;
    else hi = mid;
  }
  items.splice(lo, 0, item);
}

/**
 * Compares strings by UTF-16 code units (the order cursors rely on).
 *
 * @param a A string.
 * @param b Another.
 * @returns Negative, zero or positive.
 */
export function byCode(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
