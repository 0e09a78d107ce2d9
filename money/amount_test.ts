import assert from "node:assert/strict";
import fc from "fast-check";
import { KalshiMoneyError } from "../errors.ts";
import {
  AMOUNT_SCALE,
  amountFromCentiCents,
  amountFromCents,
  type AmountRounding,
  amountToCents,
  formatAmount,
  notional,
  parseAmount,
  parseCount,
  parsePrice,
  priceToAmount,
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

Deno.test("parseAmount() accepts 2 to 6 decimals and JSON numbers", () => {
  const cases: [string | number, number][] = [
    ["0.017500", 17_500],
    ["98.0186", 98_018_600],
    ["2.500000", 2_500_000],
    ["2.5", 2_500_000],
    ["0.000001", 1],
    ["1", 1_000_000],
    ["0.00", 0],
    ["0.0000010000", 1],
    ["9007199254.740991", Number.MAX_SAFE_INTEGER],
    [0.0175, 17_500],
    [98.0186, 98_018_600],
    [12, 12_000_000],
  ];
  for (const [input, want] of cases) {
    assert.equal(parseAmount(input), want, `parseAmount(${JSON.stringify(input)})`);
  }
  assert.equal(parseAmount("-1.25", { signed: true }), -1_250_000);
  assert.equal(parseAmount(-0.000001, { signed: true }), -1);
  assert.equal(AMOUNT_SCALE, 1_000_000);
});

Deno.test("parseAmount() rejects more than six decimals, signs and malformed text", () => {
  assertMoneyError(() => parseAmount("0.0000001"), "amount", "0.0000001", /more than 6 decimals/);
  assertMoneyError(() => parseAmount(1e-7), "amount", 1e-7, /more than 6 decimals/);
  assertMoneyError(() => parseAmount("-1.25"), "amount", "-1.25", /must not be negative/);
  assertMoneyError(() => parseAmount("+1.25"), "amount", "+1.25", /must not have a sign/);
  assertMoneyError(() => parseAmount(""), "amount", "", /must not be empty/);
  assertMoneyError(() => parseAmount("1.25 "), "amount", "1.25 ", /whitespace/);
  assertMoneyError(() => parseAmount("$1.25"), "amount", "$1.25", /not a decimal number/);
  assertMoneyError(
    () => parseAmount("9007199254.740992"),
    "amount",
    "9007199254.740992",
    /is too large/,
  );
  assertMoneyError(() => parseAmount(1e21), "amount", 1e21, /is too large/);
  assertMoneyError(() => parseAmount(NaN), "amount", NaN, /finite number/);
  assertMoneyError(
    () => parseAmount("x", { field: "fee_cost" }),
    "fee_cost",
    "x",
    /^Invalid fee_cost "x": is not a decimal number$/,
  );
});

Deno.test("amountFromCents() and amountFromCentiCents() convert integer money", () => {
  assert.equal(amountFromCents(9801), 98_010_000);
  assert.equal(amountFromCents(0), 0);
  assert.equal(amountFromCents(-250, { signed: true }), -2_500_000);
  assert.equal(amountFromCentiCents(175), 17_500);
  assert.equal(amountFromCentiCents(-1, { signed: true }), -100);
  assertMoneyError(() => amountFromCents(-250), "amount", -250, /must not be negative/);
  assertMoneyError(
    () => amountFromCents(1.5, { field: "balance" }),
    "balance",
    1.5,
    /whole number of cents/,
  );
  assertMoneyError(() => amountFromCents(2 ** 52), "amount", 2 ** 52, /is too large/);
  assertMoneyError(() => amountFromCentiCents(0.5), "amount", 0.5, /whole number of centi-cents/);
  assertMoneyError(() => amountFromCentiCents(NaN), "amount", NaN, /whole number/);
});

Deno.test("formatAmount() writes 6, 4 or 2 decimals", () => {
  assert.equal(formatAmount(17_500), "0.017500");
  assert.equal(formatAmount(98_018_600), "98.018600");
  assert.equal(formatAmount(98_018_600, { decimals: 4 }), "98.0186");
  assert.equal(formatAmount(98_010_000, { decimals: 2 }), "98.01");
  assert.equal(formatAmount(0), "0.000000");
  assert.equal(formatAmount(-0), "0.000000");
  assert.equal(formatAmount(-1), "-0.000001");
  assert.equal(formatAmount(-1_250_000, { decimals: 2 }), "-1.25");
  assert.equal(formatAmount(Number.MAX_SAFE_INTEGER), "9007199254.740991");
});

Deno.test("formatAmount() rounds only when asked", () => {
  assertMoneyError(
    () => formatAmount(17_472, { decimals: 4 }),
    "amount",
    17_472,
    /cannot be written with 4 decimals/,
  );
  assertMoneyError(() => formatAmount(17_472, { decimals: 2 }), "amount", 17_472, /whole number/);
  const cases: [number, 2 | 4, AmountRounding, string][] = [
    [17_472, 4, "ceil", "0.0175"],
    [17_472, 4, "floor", "0.0174"],
    [17_472, 4, "half-even", "0.0175"],
    [17_450, 4, "half-even", "0.0174"],
    [17_550, 4, "half-even", "0.0176"],
    [17_449, 4, "half-even", "0.0174"],
    [-17_472, 4, "ceil", "-0.0174"],
    [-17_472, 4, "floor", "-0.0175"],
    [-17_450, 4, "half-even", "-0.0174"],
    [-17_550, 4, "half-even", "-0.0176"],
    [-1, 2, "ceil", "0.00"],
    [-1, 2, "floor", "-0.01"],
    [1, 2, "ceil", "0.01"],
    [5_000, 2, "half-even", "0.00"],
    [15_000, 2, "half-even", "0.02"],
    [-5_000, 2, "half-even", "0.00"],
  ];
  for (const [amount, decimals, rounding, want] of cases) {
    assert.equal(formatAmount(amount, { decimals, rounding }), want, `${amount} ${rounding}`);
  }
});

Deno.test("formatAmount() rejects bad amounts and options", () => {
  assertMoneyError(() => formatAmount(1.5), "amount", 1.5, /safe integer number of \$0\.000001/);
  assertMoneyError(() => formatAmount(2 ** 53), "amount", 2 ** 53, /safe integer/);
  assertMoneyError(() => formatAmount(1, { decimals: 3 as 4 }), "decimals", 3, /2, 4 or 6/);
  assertMoneyError(
    () => formatAmount(100, { decimals: 4, rounding: "up" as "ceil" }),
    "rounding",
    "up",
    /"exact", "floor", "ceil" or "half-even"/,
  );
});

Deno.test("amountToCents() converts to integer cents", () => {
  assert.equal(amountToCents(98_010_000), 9801);
  assert.equal(amountToCents(-98_010_000), -9801);
  assert.equal(amountToCents(98_018_600, { rounding: "floor" }), 9801);
  assert.equal(amountToCents(98_018_600, { rounding: "ceil" }), 9802);
  assert.equal(amountToCents(98_015_000, { rounding: "half-even" }), 9802);
  assert.equal(amountToCents(98_025_000, { rounding: "half-even" }), 9802);
  assert.ok(Object.is(amountToCents(-1, { rounding: "ceil" }), 0));
  assertMoneyError(
    () => amountToCents(98_018_600, { field: "amount_cents" }),
    "amount_cents",
    98_018_600,
    /not a whole number of cents/,
  );
});

Deno.test("notional() multiplies price and count exactly", () => {
  assert.equal(notional(parsePrice("0.56"), parseCount("10")), 5_600_000);
  assert.equal(notional(5600, -1000), -5_600_000);
  assert.ok(Object.is(notional(0, -1000), 0));
  assert.equal(notional(10_000, 100), AMOUNT_SCALE);
  assertMoneyError(() => notional(10_001, 1), "price", 10_001, /between 0 and 1/);
  assertMoneyError(() => notional(5600, 1.5), "count", 1.5, /safe integer/);
  const big = Number.MAX_SAFE_INTEGER;
  assertMoneyError(() => notional(2, big), "count", big, /too large for a notional/);
});

Deno.test("notional() matches BigInt arithmetic", () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 10_000 }), fc.maxSafeInteger(), (price, count) => {
      const exact = BigInt(price) * BigInt(count);
      if (exact <= BigInt(Number.MAX_SAFE_INTEGER) && exact >= -BigInt(Number.MAX_SAFE_INTEGER)) {
        assert.equal(notional(price, count), Number(exact));
      } else {
        assert.throws(() => notional(price, count), KalshiMoneyError);
      }
    }),
  );
});

Deno.test("priceToAmount() scales a price to micro-dollars", () => {
  assert.equal(priceToAmount(5600), 560_000);
  assert.equal(priceToAmount(0), 0);
  assert.equal(priceToAmount(10_000), AMOUNT_SCALE);
  assertMoneyError(() => priceToAmount(-1), "price", -1, /between 0 and 1/);
});

Deno.test("formatAmount() and parseAmount() round-trip at every decimals", () => {
  fc.assert(
    fc.property(fc.maxSafeInteger(), (amount) => {
      const text = formatAmount(amount);
      assert.equal(parseAmount(text, { signed: true }), amount + 0);
      assert.equal(formatAmount(parseAmount(text, { signed: true })), text);
      for (const [decimals, unit] of [[4, 100], [2, 10_000]] as const) {
        const whole = amount - (amount % unit);
        const short = formatAmount(whole, { decimals });
        assert.equal(parseAmount(short, { signed: true }), whole + 0);
        assert.equal(formatAmount(parseAmount(short, { signed: true }), { decimals }), short);
        assert.equal(amountToCents(whole - (whole % 10_000)), (whole - (whole % 10_000)) / 10_000);
      }
    }),
  );
});

Deno.test("formatAmount() rounding matches BigInt arithmetic", () => {
  const modes: AmountRounding[] = ["floor", "ceil", "half-even"];
  fc.assert(
    fc.property(fc.maxSafeInteger(), fc.constantFrom(...modes), (amount, rounding) => {
      const a = BigInt(amount);
      const d = 10_000n;
      let q = a / d; // truncates toward zero
      const r = a - q * d;
      if (r !== 0n) {
        const away = r > 0n ? q + 1n : q - 1n;
        if (rounding === "floor" && r < 0n) q = away;
        if (rounding === "ceil" && r > 0n) q = away;
        const twice = 2n * (r < 0n ? -r : r);
        if (rounding === "half-even" && (twice > d || (twice === d && q % 2n !== 0n))) q = away;
      }
      assert.equal(amountToCents(amount, { rounding }), Number(q));
    }),
  );
});
