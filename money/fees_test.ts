import assert from "node:assert/strict";
import fc from "fast-check";
import { KalshiMoneyError } from "../errors.ts";
import {
  FEE_TYPES,
  formatAmount,
  parseCount,
  parsePrice,
  tradingFee,
  type TradingFeeOptions,
} from "./mod.ts";

/** Asserts `fn` throws a KalshiMoneyError naming `field`, with `reason` in its message. */
function assertMoneyError(fn: () => unknown, field: string, reason: RegExp): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof KalshiMoneyError, `expected KalshiMoneyError, got ${err}`);
    assert.equal(err.field, field);
    assert.match(err.message, reason);
    return true;
  });
}

function fee(price: string, count: string, rest: Partial<TradingFeeOptions> = {}): string {
  const f = tradingFee({
    price: parsePrice(price),
    count: parseCount(count),
    role: "taker",
    ...rest,
  });
  return formatAmount(f);
}

Deno.test("tradingFee() matches the observed demo fills", () => {
  assert.equal(fee("0.52", "1"), "0.017500"); // 0.017472 rounded up to $0.0001
  assert.equal(fee("0.99", "1"), "0.000700"); // 0.000693
  assert.equal(fee("0.01", "1"), "0.000700");
  assert.equal(fee("0.50", "1"), "0.017500"); // exact, no rounding
});

Deno.test("tradingFee() rounds up to $0.000001 when asked", () => {
  assert.equal(fee("0.52", "1", { rounding: 6 }), "0.017472");
  assert.equal(fee("0.99", "1", { rounding: 6 }), "0.000693");
  assert.equal(fee("0.5555", "1", { rounding: 6 }), "0.017285"); // 0.0172843825
});

Deno.test("tradingFee() applies the fee multiplier exactly", () => {
  assert.equal(fee("0.52", "1", { multiplier: 0.5 }), "0.008800"); // 0.008736
  assert.equal(fee("0.52", "1", { multiplier: "0.5" }), "0.008800");
  assert.equal(fee("0.52", "1", { multiplier: 1 }), "0.017500");
  assert.equal(fee("0.52", "1", { multiplier: 0 }), "0.000000");
  assert.equal(fee("0.50", "100", { multiplier: 1.5 }), "2.625000");
  assert.equal(fee("0.50", "1", { multiplier: 1e-7 }), "0.000100"); // tiny, still rounded up
  assert.equal(fee("0.50", "1", { multiplier: "2.5e-1" }), "0.004400"); // 0.004375
  assert.equal(fee("0.50", "100", { multiplier: 0.1 }), "0.175000"); // 0.1 is exactly 1/10
});

Deno.test("tradingFee() charges makers only on maker-fee types", () => {
  const maker = { role: "maker" } as const;
  assert.equal(fee("0.52", "1", maker), "0.000000");
  assert.equal(fee("0.52", "1", { ...maker, feeType: "quadratic" }), "0.000000");
  const withMaker = { ...maker, feeType: "quadratic_with_maker_fees" };
  assert.equal(fee("0.52", "1", withMaker), "0.004400"); // 0.004368
  assert.equal(fee("0.50", "100", withMaker), "0.437500");
  assert.equal(fee("0.50", "100", { ...withMaker, multiplier: 0.5 }), "0.218800"); // 0.21875
  const combo = { ...maker, feeType: "quadratic_with_combo_maker_fees" };
  assert.equal(fee("0.52", "1", combo), "0.004400");
  assert.equal(fee("0.52", "1", { feeType: "quadratic_with_maker_fees" }), "0.017500");
});

Deno.test("tradingFee() handles count 100 and fractional counts", () => {
  assert.equal(fee("0.50", "100"), "1.750000");
  assert.equal(fee("0.05", "100"), "0.332500");
  assert.equal(fee("0.25", "100"), "1.312500");
  assert.equal(fee("0.50", "7.77"), "0.136000"); // 0.135975
  assert.equal(fee("0.50", "7.77", { rounding: 6 }), "0.135975");
  assert.equal(fee("0.50", "0.01"), "0.000200"); // 0.000175
  assert.equal(fee("0.50", "0"), "0.000000");
  assert.equal(fee("0", "10"), "0.000000");
  assert.equal(fee("1", "10"), "0.000000");
  assert.equal(fee("0.0001", "1", { rounding: 6 }), "0.000007"); // 0.0000069993
});

Deno.test("tradingFee() refuses flat and unknown fee types", () => {
  assertMoneyError(() => fee("0.5", "1", { feeType: "flat" }), "feeType", /not supported/);
  for (const feeType of ["margin_market_maker_program_fees", "", "toString", "QUADRATIC"]) {
    assertMoneyError(() => fee("0.5", "1", { feeType }), "feeType", /not a known fee type/);
  }
});

Deno.test("tradingFee() rejects invalid inputs", () => {
  const base: TradingFeeOptions = { price: 5000, count: 100, role: "taker" };
  assertMoneyError(() => tradingFee({ ...base, price: 10_001 }), "price", /between 0 and 1/);
  assertMoneyError(() => tradingFee({ ...base, price: 0.5 }), "price", /integer/);
  assertMoneyError(() => tradingFee({ ...base, count: -100 }), "count", /must not be negative/);
  assertMoneyError(() => tradingFee({ ...base, count: 1.5 }), "count", /safe integer/);
  assertMoneyError(() => tradingFee({ ...base, role: "both" as "taker" }), "role", /"taker"/);
  assertMoneyError(() => tradingFee({ ...base, rounding: 2 as 4 }), "rounding", /4 or 6/);
  for (const multiplier of [-1, "-0.5", NaN, Infinity, "abc", "", " 1", "0x1"]) {
    assertMoneyError(() => tradingFee({ ...base, multiplier }), "multiplier", /non-negative/);
  }
  assertMoneyError(
    () => tradingFee({ ...base, count: Number.MAX_SAFE_INTEGER, multiplier: 1000 }),
    "count",
    /too large/,
  );
});

Deno.test("FEE_TYPES lists the supported rates", () => {
  assert.deepEqual(Object.keys(FEE_TYPES).sort(), [
    "quadratic",
    "quadratic_with_combo_maker_fees",
    "quadratic_with_maker_fees",
  ]);
  assert.deepEqual(FEE_TYPES.quadratic, { taker: "0.07", maker: "0" });
  assert.deepEqual(FEE_TYPES.quadratic_with_maker_fees, { taker: "0.07", maker: "0.0175" });
  assert.ok(Object.isFrozen(FEE_TYPES));
});

const price = fc.integer({ min: 0, max: 10_000 });
const count = fc.integer({ min: 0, max: 100_000_000 });
const feeType = fc.constantFrom(...Object.keys(FEE_TYPES));
const role = fc.constantFrom("taker" as const, "maker" as const);

Deno.test("tradingFee() is monotone in count", () => {
  fc.assert(
    fc.property(price, count, count, role, feeType, (p, a, b, r, t) => {
      const [lo, hi] = a <= b ? [a, b] : [b, a];
      const at = (c: number) => tradingFee({ price: p, count: c, role: r, feeType: t });
      assert.ok(at(lo) <= at(hi));
    }),
  );
});

Deno.test("tradingFee() is symmetric in P and 1 − P", () => {
  fc.assert(
    fc.property(price, count, role, feeType, fc.constantFrom(4, 6) as fc.Arbitrary<4 | 6>, (
      p,
      c,
      r,
      t,
      rounding,
    ) => {
      const at = (q: number) => tradingFee({ price: q, count: c, role: r, feeType: t, rounding });
      assert.equal(at(p), at(10_000 - p));
    }),
  );
});

Deno.test("tradingFee() matches BigInt arithmetic", () => {
  fc.assert(
    fc.property(price, count, fc.integer({ min: 0, max: 40 }), (p, c, tenths) => {
      // taker, M = tenths/10: fee in $0.000001 = 7·tenths·c·p·(1e4 − p) / (100·10·1e4)
      const num = 7n * BigInt(tenths) * BigInt(c) * BigInt(p) * BigInt(10_000 - p);
      const den = 10_000_000n;
      const exact6 = (num + den - 1n) / den;
      const exact4 = ((num + den * 100n - 1n) / (den * 100n)) * 100n;
      const m = String(tenths / 10);
      assert.equal(
        tradingFee({ price: p, count: c, role: "taker", multiplier: m, rounding: 6 }),
        Number(exact6),
      );
      assert.equal(
        tradingFee({ price: p, count: c, role: "taker", multiplier: tenths / 10 }),
        Number(exact4),
      );
    }),
  );
});
