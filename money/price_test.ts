import assert from "node:assert/strict";
import { KalshiMoneyError } from "../errors.ts";
import {
  complementPrice,
  formatPrice,
  ONE_DOLLAR,
  parsePrice,
  PRICE_SCALE,
  priceFromCents,
} from "./mod.ts";

/** Asserts `fn` throws a KalshiMoneyError naming `field` and `value`, with `reason` in its message. */
function assertMoneyError(fn: () => unknown, field: string, value: unknown, reason: RegExp): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof KalshiMoneyError, `expected KalshiMoneyError, got ${err}`);
    assert.equal(err.field, field);
    assert.equal(err.value, typeof value === "string" ? JSON.stringify(value) : String(value));
    assert.match(err.message, reason);
    return true;
  });
}

Deno.test("parsePrice() accepts every shape Kalshi sends", () => {
  const cases: [string | number, number][] = [
    ["0.5600", 5600],
    ["0.56", 5600],
    ["0.5", 5000],
    ["1", 10_000],
    ["0", 0],
    ["1.0000", 10_000],
    ["0.0000", 0],
    ["0.017500", 175],
    ["0.0001", 1],
    ["0.9999", 9999],
    ["0.123400000000", 1234],
    ["00.5600", 5600],
    ["1.000000", 10_000],
    [0.56, 5600],
    [0.5, 5000],
    [1, 10_000],
    [0, 0],
    [-0, 0],
    [0.0001, 1],
    [0.9999, 9999],
    [0.3, 3000],
  ];
  for (const [input, want] of cases) {
    assert.equal(parsePrice(input), want, `parsePrice(${JSON.stringify(input)})`);
  }
  assert.ok(Object.is(parsePrice(-0), 0));
  assert.ok(Object.is(parsePrice("0"), 0));
});

Deno.test("parsePrice() rejects more than four decimals", () => {
  assertMoneyError(() => parsePrice("0.56001"), "price", "0.56001", /has more than 4 decimals/);
  assertMoneyError(() => parsePrice("0.000010"), "price", "0.000010", /more than 4 decimals/);
  assertMoneyError(() => parsePrice(0.56001), "price", 0.56001, /more than 4 decimals/);
  assertMoneyError(() => parsePrice(0.1 + 0.2), "price", 0.1 + 0.2, /more than 4 decimals/);
  assertMoneyError(() => parsePrice(1e-7), "price", 1e-7, /more than 4 decimals/);
  assertMoneyError(() => parsePrice(5e-5), "price", 5e-5, /more than 4 decimals/);
});

Deno.test("parsePrice() rejects values above 1", () => {
  const message = 'Invalid price "1.5": must be between 0 and 1';
  assert.throws(() => parsePrice("1.5"), { name: "KalshiMoneyError", message });
  assertMoneyError(() => parsePrice("1.0001"), "price", "1.0001", /between 0 and 1/);
  assertMoneyError(() => parsePrice("2"), "price", "2", /between 0 and 1/);
  assertMoneyError(() => parsePrice("56"), "price", "56", /between 0 and 1/);
  assertMoneyError(() => parsePrice(56), "price", 56, /between 0 and 1/);
  assertMoneyError(() => parsePrice(1.5), "price", 1.5, /between 0 and 1/);
  assertMoneyError(() => parsePrice("9".repeat(40)), "price", "9".repeat(40), /between 0 and 1/);
  assertMoneyError(() => parsePrice(1e21), "price", 1e21, /between 0 and 1/);
  assertMoneyError(() => parsePrice("1.9999"), "price", "1.9999", /between 0 and 1/);
});

Deno.test("parsePrice() rejects signs, whitespace, empty and non-decimal text", () => {
  const cases: [string, RegExp][] = [
    ["", /must not be empty/],
    [" 0.56", /surrounding whitespace/],
    ["0.56 ", /surrounding whitespace/],
    ["0.56\n", /surrounding whitespace/],
    ["-0.56", /must not be negative/],
    ["-0", /must not be negative/],
    ["+0.56", /must not have a sign/],
    [".56", /not a decimal number/],
    ["0.", /not a decimal number/],
    ["1e-4", /not a decimal number/],
    ["0x10", /not a decimal number/],
    ["0,56", /not a decimal number/],
    ["0.5.6", /not a decimal number/],
    ["abc", /not a decimal number/],
    ["NaN", /not a decimal number/],
    ["Infinity", /not a decimal number/],
    ["0.5 6", /not a decimal number/],
    ["٠.٥", /not a decimal number/],
    ["$0.56", /not a decimal number/],
    ["0_5", /not a decimal number/],
  ];
  for (const [input, reason] of cases) {
    assertMoneyError(() => parsePrice(input), "price", input, reason);
  }
});

Deno.test("parsePrice() rejects NaN, infinities and other types", () => {
  assertMoneyError(() => parsePrice(NaN), "price", NaN, /finite number/);
  assertMoneyError(() => parsePrice(Infinity), "price", Infinity, /finite number/);
  assertMoneyError(() => parsePrice(-Infinity), "price", -Infinity, /finite number/);
  assertMoneyError(() => parsePrice(-0.5), "price", -0.5, /must not be negative/);
  const bad: unknown[] = [null, undefined, true, 5600n, {}, ["0.56"]];
  for (const value of bad) {
    assert.throws(
      () => parsePrice(value as string),
      (err: unknown) =>
        err instanceof KalshiMoneyError && err.field === "price" &&
        /must be a string or a number/.test(err.message),
    );
  }
});

Deno.test("parsePrice() names the field given", () => {
  assertMoneyError(
    () => parsePrice("1.5", { field: "yes_price_dollars" }),
    "yes_price_dollars",
    "1.5",
    /^Invalid yes_price_dollars "1\.5": must be between 0 and 1$/,
  );
});

Deno.test("priceFromCents() converts legacy integer cents", () => {
  assert.equal(priceFromCents(0), 0);
  assert.equal(priceFromCents(1), 100);
  assert.equal(priceFromCents(56), 5600);
  assert.equal(priceFromCents(100), 10_000);
  assert.ok(Object.is(priceFromCents(-0), 0));
  assertMoneyError(() => priceFromCents(101), "price", 101, /between 0 and 100 cents/);
  assertMoneyError(() => priceFromCents(-1), "price", -1, /between 0 and 100 cents/);
  assertMoneyError(() => priceFromCents(5.5), "price", 5.5, /whole number of cents/);
  assertMoneyError(() => priceFromCents(NaN), "price", NaN, /whole number of cents/);
  assertMoneyError(() => priceFromCents(101, { field: "yes_price" }), "yes_price", 101, /cents/);
  assertMoneyError(() => priceFromCents("56" as unknown as number), "price", "56", /a number/);
});

Deno.test("formatPrice() writes 2, 3 or 4 decimals", () => {
  assert.equal(formatPrice(5600), "0.5600");
  assert.equal(formatPrice(5600, { decimals: 4 }), "0.5600");
  assert.equal(formatPrice(5600, { decimals: 3 }), "0.560");
  assert.equal(formatPrice(5600, { decimals: 2 }), "0.56");
  assert.equal(formatPrice(5, { decimals: 4 }), "0.0005");
  assert.equal(formatPrice(50, { decimals: 3 }), "0.005");
  assert.equal(formatPrice(0), "0.0000");
  assert.equal(formatPrice(0, { decimals: 2 }), "0.00");
  assert.equal(formatPrice(ONE_DOLLAR), "1.0000");
  assert.equal(formatPrice(ONE_DOLLAR, { decimals: 3 }), "1.000");
  assert.equal(formatPrice(ONE_DOLLAR, { decimals: 2 }), "1.00");
});

Deno.test("formatPrice() rejects prices it cannot write", () => {
  assertMoneyError(() => formatPrice(5650, { decimals: 2 }), "price", 5650, /with 2 decimals/);
  assertMoneyError(() => formatPrice(5651, { decimals: 3 }), "price", 5651, /with 3 decimals/);
  assertMoneyError(() => formatPrice(10_001), "price", 10_001, /between 0 and 1/);
  assertMoneyError(() => formatPrice(-1), "price", -1, /between 0 and 1/);
  assertMoneyError(() => formatPrice(56.5), "price", 56.5, /integer number of \$0\.0001/);
  assertMoneyError(() => formatPrice(NaN), "price", NaN, /integer number/);
  assertMoneyError(
    () => formatPrice(5600, { decimals: 5 as 4 }),
    "decimals",
    5,
    /must be 2, 3 or 4/,
  );
  assertMoneyError(() => formatPrice(-1, { field: "no_price" }), "no_price", -1, /between/);
});

Deno.test("formatPrice() and parsePrice() round-trip every price at every decimals", () => {
  for (let p = 0; p <= PRICE_SCALE; p++) {
    const text = formatPrice(p);
    assert.equal(parsePrice(text), p);
    assert.equal(formatPrice(parsePrice(text)), text);
    for (const decimals of [2, 3] as const) {
      if (p % 10 ** (4 - decimals) !== 0) continue;
      const short = formatPrice(p, { decimals });
      assert.equal(parsePrice(short), p);
      assert.equal(formatPrice(parsePrice(short), { decimals }), short);
    }
  }
});

Deno.test("complementPrice() swaps YES and NO and is an involution", () => {
  assert.equal(complementPrice(5600), 4400);
  assert.equal(complementPrice(0), 10_000);
  assert.equal(complementPrice(10_000), 0);
  for (let p = 0; p <= PRICE_SCALE; p++) assert.equal(complementPrice(complementPrice(p)), p);
  assertMoneyError(() => complementPrice(10_001), "price", 10_001, /between 0 and 1/);
  assertMoneyError(() => complementPrice(0.5), "price", 0.5, /integer/);
});
