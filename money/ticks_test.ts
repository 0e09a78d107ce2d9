import assert from "node:assert/strict";
import { KalshiMoneyError } from "../errors.ts";
import {
  assertOrderPrice,
  CENTER_DECI_EDGE_CENTI_CENT,
  DECI_CENT,
  isOnTick,
  LINEAR_CENT,
  nextTick,
  parsePriceRanges,
  PRICE_LEVEL_STRUCTURES,
  type PriceRangeWire,
  roundToTick,
  TAPERED_DECI_CENT,
  type TickBand,
} from "./mod.ts";

/** Asserts `fn` throws a KalshiMoneyError naming `field` and `value`, with `reason` in its message. */
function assertMoneyError(fn: () => unknown, field: string, value: string, reason: RegExp): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof KalshiMoneyError, `expected KalshiMoneyError, got ${err}`);
    assert.equal(err.field, field);
    assert.equal(err.value, value);
    assert.match(err.message, reason);
    return true;
  });
}

/** Every valid order price of a grid, by brute force. */
function ticksOf(bands: readonly TickBand[]): number[] {
  const set = new Set<number>();
  for (const b of bands) {
    for (let p = b.start; p <= b.end; p += b.step) if (p > 0 && p < 10_000) set.add(p);
  }
  return [...set].sort((a, b) => a - b);
}

const STRUCTURES = Object.entries(PRICE_LEVEL_STRUCTURES);

Deno.test("parsePriceRanges() parses every known structure", () => {
  assert.deepEqual(parsePriceRanges(LINEAR_CENT), [{ start: 0, end: 10_000, step: 100 }]);
  assert.deepEqual(parsePriceRanges(DECI_CENT), [{ start: 0, end: 10_000, step: 10 }]);
  assert.deepEqual(parsePriceRanges(TAPERED_DECI_CENT), [
    { start: 0, end: 1000, step: 10 },
    { start: 1000, end: 9000, step: 100 },
    { start: 9000, end: 10_000, step: 10 },
  ]);
  assert.deepEqual(parsePriceRanges(CENTER_DECI_EDGE_CENTI_CENT), [
    { start: 0, end: 100, step: 1 },
    { start: 100, end: 9900, step: 10 },
    { start: 9900, end: 10_000, step: 1 },
  ]);
  assert.deepEqual(Object.keys(PRICE_LEVEL_STRUCTURES), [
    "linear_cent",
    "tapered_deci_cent",
    "deci_cent",
    "center_deci_edge_centi_cent",
  ]);
  assert.ok(Object.isFrozen(LINEAR_CENT) && Object.isFrozen(LINEAR_CENT[0]));
});

Deno.test("parsePriceRanges() accepts short strings and sorts the bands", () => {
  const wire: PriceRangeWire[] = [
    { start: "0.9", end: "1", step: "0.001" },
    { start: "0", end: "0.1", step: "0.001" },
    { start: "0.1", end: "0.9", step: "0.01" },
  ];
  assert.deepEqual(parsePriceRanges(wire), parsePriceRanges(TAPERED_DECI_CENT));
});

Deno.test("parsePriceRanges() rejects invalid ranges", () => {
  const r = (start: string, end: string, step: string): PriceRangeWire => ({ start, end, step });
  assert.throws(() => parsePriceRanges([]), KalshiMoneyError);
  assert.throws(() => parsePriceRanges(null as unknown as PriceRangeWire[]), KalshiMoneyError);
  assertMoneyError(
    () => parsePriceRanges([r("0", "1", "0")]),
    "price_ranges[0].step",
    '"0"',
    /must be positive/,
  );
  assertMoneyError(
    () => parsePriceRanges([r("0.5", "0.5", "0.01")]),
    "price_ranges[0].end",
    '"0.5"',
    /greater than start/,
  );
  assertMoneyError(
    () => parsePriceRanges([r("0", "1.5", "0.01")], { field: "ranges" }),
    "ranges[0].end",
    '"1.5"',
    /between 0 and 1/,
  );
  assertMoneyError(
    () => parsePriceRanges([r("0", "1", "0.01"), r("0", "1", "0.00001")]),
    "price_ranges[1].step",
    '"0.00001"',
    /more than 4 decimals/,
  );
  assert.throws(
    () => parsePriceRanges([null as unknown as PriceRangeWire]),
    (e: unknown) => e instanceof KalshiMoneyError && e.field === "price_ranges[0]",
  );
});

Deno.test("parsePriceRanges() accepts a band that is not a whole number of steps", () => {
  const bands = parsePriceRanges([{ start: "0", end: "1", step: "0.03" }]);
  assert.deepEqual(bands, [{ start: 0, end: 10_000, step: 300 }]);
  assert.equal(isOnTick(9900, bands), true);
  assert.equal(isOnTick(9999, bands), false);
  assert.equal(roundToTick(9999, bands, "up"), undefined);
  assert.equal(roundToTick(9999, bands, "down"), 9900);
});

Deno.test("isOnTick() accepts each structure's boundaries and shared endpoints", () => {
  const tapered = parsePriceRanges(TAPERED_DECI_CENT);
  for (const p of [10, 990, 1000, 1100, 8900, 9000, 9010, 9990]) {
    assert.ok(isOnTick(p, tapered), `${p}`);
  }
  for (const p of [0, 5, 1010, 1050, 8950, 9005, 10_000]) assert.ok(!isOnTick(p, tapered), `${p}`);
  const center = parsePriceRanges(CENTER_DECI_EDGE_CENTI_CENT);
  for (const p of [1, 99, 100, 110, 9890, 9900, 9901, 9999]) assert.ok(isOnTick(p, center), `${p}`);
  for (const p of [0, 101, 105, 9895, 10_000]) assert.ok(!isOnTick(p, center), `${p}`);
  const linear = parsePriceRanges(LINEAR_CENT);
  for (const p of [100, 5600, 9900]) assert.ok(isOnTick(p, linear), `${p}`);
  for (const p of [0, 1, 50, 5650, 9950, 9999, 10_000, -100, 10_100, 56.5, NaN]) {
    assert.ok(!isOnTick(p, linear), `${p}`);
  }
});

Deno.test("isOnTick() agrees with a brute-force grid for every structure and price", () => {
  for (const [name, wire] of STRUCTURES) {
    const bands = parsePriceRanges(wire);
    const valid = new Set(ticksOf(bands));
    for (let p = 0; p <= 10_000; p++) {
      assert.equal(isOnTick(p, bands), valid.has(p), `${name} ${p}`);
    }
  }
});

Deno.test("assertOrderPrice() rejects 0, 1 and off-grid prices", () => {
  const bands = parsePriceRanges(LINEAR_CENT);
  assertOrderPrice(100, bands);
  assertOrderPrice(9900, bands);
  assertMoneyError(
    () => assertOrderPrice(0, bands),
    "price",
    '"0.0000"',
    /strictly between 0 and 1/,
  );
  assertMoneyError(
    () => assertOrderPrice(10_000, bands),
    "price",
    '"1.0000"',
    /strictly between 0 and 1/,
  );
  assertMoneyError(
    () => assertOrderPrice(5650, bands, { field: "yes_price_dollars" }),
    "yes_price_dollars",
    '"0.5650"',
    /^Invalid yes_price_dollars "0\.5650": is not on the market's tick grid$/,
  );
  assertMoneyError(() => assertOrderPrice(10_100, bands), "price", "10100", /between 0 and 1/);
  assertMoneyError(() => assertOrderPrice(56.5, bands), "price", "56.5", /integer/);
});

function bruteRound(
  ticks: number[],
  p: number,
  dir: "down" | "up" | "nearest",
): number | undefined {
  const down = ticks.filter((t) => t <= p).at(-1);
  const up = ticks.find((t) => t >= p);
  if (dir === "down") return down;
  if (dir === "up") return up;
  if (down === undefined || up === undefined) return down ?? up;
  return p - down < up - p ? down : up;
}

Deno.test("roundToTick() and nextTick() agree with a brute-force grid", () => {
  for (const [name, wire] of STRUCTURES) {
    const bands = parsePriceRanges(wire);
    const ticks = ticksOf(bands);
    for (let p = 0; p <= 10_000; p++) {
      for (const dir of ["down", "up", "nearest"] as const) {
        assert.equal(roundToTick(p, bands, dir), bruteRound(ticks, p, dir), `${name} ${p} ${dir}`);
      }
      assert.equal(nextTick(p, bands, "up"), ticks.find((t) => t > p), `${name} ${p} next up`);
      assert.equal(
        nextTick(p, bands, "down"),
        ticks.filter((t) => t < p).at(-1),
        `${name} ${p} next down`,
      );
    }
  }
});

Deno.test("roundToTick() and nextTick() step across band edges", () => {
  const tapered = parsePriceRanges(TAPERED_DECI_CENT);
  assert.equal(roundToTick(1050, tapered, "down"), 1000);
  assert.equal(roundToTick(1050, tapered, "up"), 1100);
  assert.equal(roundToTick(1050, tapered, "nearest"), 1100); // a tie goes up
  assert.equal(roundToTick(995, tapered, "nearest"), 1000);
  assert.equal(nextTick(990, tapered, "up"), 1000);
  assert.equal(nextTick(1000, tapered, "up"), 1100);
  assert.equal(nextTick(9000, tapered, "up"), 9010);
  assert.equal(nextTick(9000, tapered, "down"), 8900);
  assert.equal(nextTick(10, tapered, "down"), undefined);
  assert.equal(nextTick(9990, tapered, "up"), undefined);
  assert.equal(roundToTick(0, tapered, "up"), 10);
  assert.equal(roundToTick(10_000, tapered, "down"), 9990);
  assert.equal(roundToTick(0, tapered, "down"), undefined);
  assert.equal(roundToTick(10_000, tapered, "up"), undefined);
  assert.equal(nextTick(0, tapered, "down"), undefined);
  assert.equal(nextTick(10_000, tapered, "up"), undefined);
  const center = parsePriceRanges(CENTER_DECI_EDGE_CENTI_CENT);
  assert.equal(nextTick(99, center, "up"), 100);
  assert.equal(nextTick(100, center, "up"), 110);
  assert.equal(nextTick(9900, center, "up"), 9901);
  assert.equal(roundToTick(9895, center, "nearest"), 9900);
});

Deno.test("roundToTick() and nextTick() reject bad prices and directions", () => {
  const bands = parsePriceRanges(LINEAR_CENT);
  assert.throws(() => roundToTick(-1, bands, "up"), KalshiMoneyError);
  assert.throws(() => roundToTick(10_001, bands, "down"), KalshiMoneyError);
  assert.throws(() => nextTick(0.5, bands, "up"), KalshiMoneyError);
  assertMoneyError(
    () => roundToTick(5000, bands, "sideways" as "up"),
    "direction",
    '"sideways"',
    /"down", "up" or "nearest"/,
  );
  assertMoneyError(
    () => nextTick(5000, bands, "nearest" as "up"),
    "direction",
    '"nearest"',
    /"up"/,
  );
});
