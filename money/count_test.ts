import assert from "node:assert/strict";
import fc from "fast-check";
import { KalshiMoneyError } from "../errors.ts";
import { COUNT_SCALE, formatCount, parseCount } from "./mod.ts";

/** Asserts `fn` throws a KalshiMoneyError naming `field` and `value`, with `reason` in its message. */
function assertMoneyError(fn: () => unknown, field: string, value: unknown, reason: RegExp): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof KalshiMoneyError, `expected KalshiMoneyError, got ${err}`);
    assert.equal(err.field, field);
    const shown = typeof value === "string"
      ? JSON.stringify(value)
      : typeof value === "bigint"
      ? `${value}n`
      : String(value);
    assert.equal(err.value, shown);
    assert.match(err.message, reason);
    return true;
  });
}

Deno.test("parseCount() accepts fp strings, short forms and legacy integers", () => {
  const cases: [string | number, number][] = [
    ["10.00", 1000],
    ["1", 100],
    ["0.5", 50],
    ["7.77", 777],
    ["1596.82", 159_682],
    ["0.01", 1],
    ["0", 0],
    ["0.00", 0],
    ["3.000", 300],
    ["3.10000", 310],
    ["0010.00", 1000],
    ["90071992547409.91", 9_007_199_254_740_991],
    [10, 1000],
    [0, 0],
    [0.5, 50],
    [7.77, 777],
    [1596.82, 159_682],
  ];
  for (const [input, want] of cases) {
    assert.equal(parseCount(input), want, `parseCount(${JSON.stringify(input)})`);
  }
  assert.equal(COUNT_SCALE, 100);
});

Deno.test("parseCount() accepts negative counts only when signed", () => {
  assert.equal(parseCount("-54.00", { signed: true }), -5400);
  assert.equal(parseCount("-0.45", { signed: true }), -45);
  assert.equal(parseCount(-54, { signed: true }), -5400);
  assert.equal(parseCount(-0.5, { signed: true }), -50);
  assert.ok(Object.is(parseCount("-0.00", { signed: true }), 0));
  assert.ok(Object.is(parseCount(-0, { signed: true }), 0));
  assert.equal(parseCount("54.00", { signed: true }), 5400);
  assertMoneyError(() => parseCount("-54.00"), "count", "-54.00", /must not be negative/);
  assertMoneyError(() => parseCount(-54), "count", -54, /must not be negative/);
  assertMoneyError(
    () => parseCount("-", { signed: true, field: "position_fp" }),
    "position_fp",
    "-",
    /not a decimal number/,
  );
  assertMoneyError(
    () => parseCount("--1", { signed: true }),
    "count",
    "--1",
    /not a decimal number/,
  );
  assertMoneyError(() => parseCount("+1", { signed: true }), "count", "+1", /must not have a sign/);
});

Deno.test("parseCount() rejects more than two decimals", () => {
  assertMoneyError(() => parseCount("7.771"), "count", "7.771", /has more than 2 decimals/);
  assertMoneyError(() => parseCount("0.001"), "count", "0.001", /more than 2 decimals/);
  assertMoneyError(() => parseCount(7.771), "count", 7.771, /more than 2 decimals/);
  assertMoneyError(() => parseCount(1e-7), "count", 1e-7, /more than 2 decimals/);
});

Deno.test("parseCount() rejects malformed text, non-finite numbers and other types", () => {
  const cases: [string, RegExp][] = [
    ["", /must not be empty/],
    [" 10.00", /surrounding whitespace/],
    ["10.00\t", /surrounding whitespace/],
    ["10.", /not a decimal number/],
    [".5", /not a decimal number/],
    ["1e3", /not a decimal number/],
    ["10.0a", /not a decimal number/],
    ["ten", /not a decimal number/],
    ["1,000.00", /not a decimal number/],
    ["9".repeat(20), /is too large/],
    ["90071992547409.92", /is too large/],
  ];
  for (const [input, reason] of cases) {
    assertMoneyError(() => parseCount(input), "count", input, reason);
  }
  assertMoneyError(() => parseCount(NaN), "count", NaN, /finite number/);
  assertMoneyError(() => parseCount(Infinity), "count", Infinity, /finite number/);
  assertMoneyError(() => parseCount(1e20), "count", 1e20, /is too large/);
  assertMoneyError(
    () => parseCount(null as unknown as string),
    "count",
    null,
    /string or a number/,
  );
  assertMoneyError(() => parseCount(10n as unknown as string), "count", 10n, /string or/);
});

Deno.test("parseCount() names the field given", () => {
  assertMoneyError(
    () => parseCount("x", { field: "count_fp" }),
    "count_fp",
    "x",
    /^Invalid count_fp "x": is not a decimal number$/,
  );
});

Deno.test("formatCount() always writes two decimals", () => {
  assert.equal(formatCount(1000), "10.00");
  assert.equal(formatCount(777), "7.77");
  assert.equal(formatCount(5), "0.05");
  assert.equal(formatCount(0), "0.00");
  assert.equal(formatCount(-0), "0.00");
  assert.equal(formatCount(-45), "-0.45");
  assert.equal(formatCount(-5400), "-54.00");
  assert.equal(formatCount(Number.MAX_SAFE_INTEGER), "90071992547409.91");
  assert.equal(formatCount(-Number.MAX_SAFE_INTEGER), "-90071992547409.91");
});

Deno.test("formatCount() rejects non-integers and unsafe integers", () => {
  assertMoneyError(() => formatCount(1.5), "count", 1.5, /safe integer number of 0\.01 contract/);
  assertMoneyError(() => formatCount(NaN), "count", NaN, /safe integer/);
  assertMoneyError(() => formatCount(2 ** 53), "count", 2 ** 53, /safe integer/);
  assertMoneyError(() => formatCount(1.5, { field: "count_fp" }), "count_fp", 1.5, /safe/);
});

Deno.test("formatCount() and parseCount() round-trip", () => {
  fc.assert(
    fc.property(fc.maxSafeInteger(), (count) => {
      const text = formatCount(count);
      assert.equal(parseCount(text, { signed: true }), count + 0);
      assert.equal(formatCount(parseCount(text, { signed: true })), text);
    }),
  );
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 10_000_000 }), (count) => {
      assert.equal(parseCount(formatCount(count)), count);
    }),
  );
});
